"""The console's words, Indonesian first, English too (``t(key)`` in the templates)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.models import Language

TEXTS: Mapping[str, tuple[str, str]] = {
    "title": ("Konsol kurator sisterbot", "sisterbot curators' console"),
    "nav_overview": ("Ikhtisar", "Overview"),
    "nav_agreements": ("Registri", "Registry"),
    "nav_officers": ("Petugas", "Officers"),
    "nav_deliveries": ("Pengiriman", "Deliveries"),
    "nav_knowledge": ("Pengetahuan", "Knowledge"),
    "nav_audit": ("Log audit", "Audit log"),
    "sign_out": ("Keluar", "Sign out"),
    "signed_in_as": ("Masuk sebagai", "Signed in as"),
    "sign_in": ("Masuk", "Sign in"),
    "sign_in_help": (
        "Untuk masuk, kirim /masuk kepada bot sisterbot (Telegram, WhatsApp atau konsol) "
        "dari akun admin; bot membalas dengan tautan sekali pakai yang berlaku 10 menit.",
        "To sign in, send /masuk (or /signin) to the sisterbot bot (Telegram, WhatsApp or "
        "the console) from an admin account; it replies with a single-use link valid for "
        "10 minutes.",
    ),
    "sign_in_confirm": (
        "Tekan tombol di bawah untuk masuk ke konsol kurator.",
        "Press the button below to sign in to the curators' console.",
    ),
    "link_refused": (
        "Tautan ini tidak berlaku: sudah dipakai, kedaluwarsa, atau salah. Minta tautan baru "
        "dengan /masuk.",
        "This link is not valid: used already, expired, or wrong. Ask for a new one with /masuk.",
    ),
    "too_many": (
        "Terlalu banyak percobaan masuk. Coba lagi beberapa menit lagi.",
        "Too many sign-in attempts. Try again in a few minutes.",
    ),
    "not_admin": (
        "Akun ini bukan admin sisterbot (SISTERBOT_ADMINS).",
        "This account is not a sisterbot admin (SISTERBOT_ADMINS).",
    ),
    "csrf": (
        "Formulir ini kedaluwarsa atau tidak sah. Muat ulang halaman dan coba lagi.",
        "This form has expired or is not valid. Reload the page and try again.",
    ),
    "not_found": ("Tidak ditemukan.", "Not found."),
    "signed_out": ("Anda sudah keluar.", "You are signed out."),
    # registry
    "search": ("Cari", "Search"),
    "search_hint": ("daerah, mitra atau negara", "region, partner or country"),
    "province": ("Provinsi", "Province"),
    "country": ("Negara", "Country"),
    "stage": ("Tahap", "Stage"),
    "overdue_only": ("Hanya yang lewat tenggat", "Overdue only"),
    "all": ("semua", "all"),
    "filter": ("Saring", "Filter"),
    "region": ("Daerah", "Region"),
    "partner": ("Mitra", "Partner"),
    "kind": ("Jenis", "Kind"),
    "next_report": ("Laporan berikutnya", "Next report"),
    "next_review": ("Tinjauan berikutnya", "Next review"),
    "found": ("{count} kerja sama", "{count} agreements"),
    "page": ("Halaman {page} dari {pages}", "Page {page} of {pages}"),
    "previous": ("Sebelumnya", "Previous"),
    "next": ("Berikutnya", "Next"),
    "add": ("Tambah kerja sama", "Add an agreement"),
    "import": ("Impor CSV/XLSX", "Import CSV/XLSX"),
    "export_csv": ("Ekspor CSV", "Export CSV"),
    "export_xlsx": ("Ekspor XLSX", "Export XLSX"),
    "estimate_note": (
        "* perkiraan dari kebijakan pengingat (bukan tenggat menurut peraturan)",
        "* estimated from the reminder policy (not a legal deadline)",
    ),
    "overdue": ("lewat", "overdue"),
    "none_found": ("Tidak ada kerja sama yang cocok.", "No agreement matches."),
    "save": ("Simpan", "Save"),
    "edit": ("Ubah", "Edit"),
    "delete": ("Hapus", "Delete"),
    "delete_confirm": (
        "Hapus kerja sama ini? Tindakan ini tercatat di log audit.",
        "Delete this agreement? The deletion is recorded in the audit log.",
    ),
    "cancel": ("Batal", "Cancel"),
    "saved": ("Tersimpan.", "Saved."),
    "deleted": ("Kerja sama dihapus.", "Agreement deleted."),
    "fix_errors": ("Perbaiki isian berikut:", "Please fix the following:"),
    "exists": (
        "Kerja sama daerah ini dengan mitra ini sudah ada (#{id}).",
        "This region already has an agreement with this partner (#{id}).",
    ),
    "status_card": ("Kartu status (seperti dijawab bot)", "Status card (as the bot answers)"),
    "history": ("Riwayat perubahan", "Change history"),
    "undo": ("Batalkan perubahan ini", "Undo this change"),
    "undone": ("Perubahan dibatalkan.", "Change undone."),
    "cannot_undo": ("Perubahan ini tidak dapat dibatalkan.", "This change cannot be undone."),
    "field_help": (
        "Tanggal: YYYY, YYYY-MM atau YYYY-MM-DD (tenggat: YYYY-MM-DD). Kosong = tidak "
        "diketahui. Nama isian sama dengan kolom impor CSV.",
        "Dates: YYYY, YYYY-MM or YYYY-MM-DD (due dates: YYYY-MM-DD). Empty = unknown. Field "
        "names are the CSV import columns.",
    ),
    # import
    "import_file": ("Berkas CSV atau XLSX", "CSV or XLSX file"),
    "preview": ("Pratinjau", "Preview"),
    "apply": ("Terapkan semua", "Apply all"),
    "added": ("ditambah", "added"),
    "changed": ("diubah", "changed"),
    "unchanged": ("tetap", "unchanged"),
    "errors": ("kesalahan", "errors"),
    "import_errors": (
        "Berkas berisi kesalahan; tidak ada yang ditulis.",
        "The file has errors; nothing was written.",
    ),
    "import_preview": (
        "Belum ada yang ditulis. Periksa perubahan, lalu terapkan semuanya sekaligus.",
        "Nothing is written yet. Check the changes, then apply them all at once.",
    ),
    "imported": (
        "Impor diterapkan: {added} ditambah, {changed} diubah, {unchanged} tetap.",
        "Import applied: {added} added, {changed} changed, {unchanged} unchanged.",
    ),
    "line": ("Baris", "Line"),
    "column": ("Kolom", "Column"),
    "message": ("Pesan", "Message"),
    "no_file": ("Pilih berkas terlebih dahulu.", "Choose a file first."),
    # overview
    "total": ("Jumlah kerja sama", "Agreements"),
    "by_province": ("Per provinsi", "By province"),
    "by_stage": ("Per tahap", "By stage"),
    "reports_overdue": ("Laporan lewat tenggat", "Reports overdue"),
    "reviews_overdue": ("Tinjauan lewat tenggat", "Reviews overdue"),
    "reports_soon": ("Laporan dalam 30 hari", "Reports due in 30 days"),
    "reviews_soon": ("Tinjauan dalam 30 hari", "Reviews due in 30 days"),
    "due": ("Tenggat", "Due"),
    "what": ("Apa", "What"),
    "report": ("laporan", "report"),
    "review": ("tinjauan", "review"),
    "overdue_list": ("Lewat tenggat", "Overdue"),
    "soon_list": ("Jatuh tempo dalam 30 hari", "Due in the next 30 days"),
    "more": ("dan {count} lainnya", "and {count} more"),
    # officers
    "pending_requests": ("Permintaan verifikasi petugas", "Officer verification requests"),
    "no_pending": ("Tidak ada permintaan yang menunggu.", "No request is waiting."),
    "approve": ("Setujui", "Approve"),
    "reject": ("Tolak", "Reject"),
    "approved": ("Permintaan disetujui.", "Request approved."),
    "rejected": ("Permintaan ditolak.", "Request rejected."),
    "already_decided": ("Permintaan ini sudah diputuskan.", "This request was already decided."),
    "subscriptions": ("Langganan per daerah", "Subscriptions per region"),
    "chats": ("Obrolan", "Chats"),
    "no_subscriptions": ("Belum ada langganan.", "No subscriptions yet."),
    "who": ("Siapa", "Who"),
    # deliveries, knowledge
    "failed_deliveries": (
        "Pengingat gagal terkirim (terbaru dulu)",
        "Reminders that failed (newest first)",
    ),
    "no_failures": ("Tidak ada pengingat yang gagal.", "No reminder has failed."),
    "gaps": ("Pertanyaan yang belum terjawab", "Questions the bot could not answer"),
    "feedback": ("Umpan balik per entri", "Feedback per entry"),
    "question": ("Pertanyaan", "Question"),
    "count": ("Jumlah", "Count"),
    "closest": ("Entri terdekat", "Closest entry"),
    "entry": ("Entri", "Entry"),
    "helpful": ("Membantu", "Helpful"),
    "not_helpful": ("Tidak membantu", "Not helpful"),
    "none": ("Belum ada.", "None yet."),
    # audit
    "when": ("Waktu (UTC)", "When (UTC)"),
    "actor": ("Oleh", "By"),
    "action": ("Tindakan", "Action"),
    "entity": ("Objek", "Object"),
    "summary": ("Ringkasan", "Summary"),
    "before": ("Sebelum", "Before"),
    "after": ("Sesudah", "After"),
    "no_audit": ("Belum ada perubahan tercatat.", "No change recorded yet."),
}


def text(key: str, language: Language) -> str:
    """The console's text for ``key`` in ``language``."""
    indonesian, english = TEXTS[key]
    return english if language == "en" else indonesian
