"""The console's words, one :class:`~bot.core.texts.Text` each (``t(key)`` in the templates)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.models import Language
from bot.core.texts import Text

TEXTS: Mapping[str, Text] = {
    "title": Text(id="Konsol kurator sisterbot", en="sisterbot curators' console"),
    "nav_overview": Text(id="Ikhtisar", en="Overview"),
    "nav_agreements": Text(id="Registri", en="Registry"),
    "nav_officers": Text(id="Petugas", en="Officers"),
    "nav_deliveries": Text(id="Pengiriman", en="Deliveries"),
    "nav_knowledge": Text(id="Pengetahuan", en="Knowledge"),
    "nav_audit": Text(id="Log audit", en="Audit log"),
    "sign_out": Text(id="Keluar", en="Sign out"),
    "signed_in_as": Text(id="Masuk sebagai", en="Signed in as"),
    "sign_in": Text(id="Masuk", en="Sign in"),
    "sign_in_help": Text(
        id="Untuk masuk, kirim /masuk kepada bot sisterbot (Telegram, WhatsApp atau konsol) "
        "dari akun admin; bot membalas dengan tautan sekali pakai yang berlaku 10 menit.",
        en="To sign in, send /masuk (or /signin) to the sisterbot bot (Telegram, WhatsApp or "
        "the console) from an admin account; it replies with a single-use link valid for "
        "10 minutes.",
    ),
    "sign_in_confirm": Text(
        id="Tekan tombol di bawah untuk masuk ke konsol kurator.",
        en="Press the button below to sign in to the curators' console.",
    ),
    "link_refused": Text(
        id="Tautan ini tidak berlaku: sudah dipakai, kedaluwarsa, atau salah. Minta tautan baru "
        "dengan /masuk.",
        en="This link is not valid: used already, expired, or wrong. Ask for a new one with "
        "/masuk.",
    ),
    "too_many": Text(
        id="Terlalu banyak percobaan masuk. Coba lagi beberapa menit lagi.",
        en="Too many sign-in attempts. Try again in a few minutes.",
    ),
    "not_admin": Text(
        id="Akun ini bukan admin sisterbot (SISTERBOT_ADMINS).",
        en="This account is not a sisterbot admin (SISTERBOT_ADMINS).",
    ),
    "csrf": Text(
        id="Formulir ini kedaluwarsa atau tidak sah. Muat ulang halaman dan coba lagi.",
        en="This form has expired or is not valid. Reload the page and try again.",
    ),
    "not_found": Text(id="Tidak ditemukan.", en="Not found."),
    "signed_out": Text(id="Anda sudah keluar.", en="You are signed out."),
    # registry
    "search": Text(id="Cari", en="Search"),
    "search_hint": Text(id="daerah, mitra atau negara", en="region, partner or country"),
    "province": Text(id="Provinsi", en="Province"),
    "country": Text(id="Negara", en="Country"),
    "stage": Text(id="Tahap", en="Stage"),
    "overdue_only": Text(id="Hanya yang lewat tenggat", en="Overdue only"),
    "all": Text(id="semua", en="all"),
    "filter": Text(id="Saring", en="Filter"),
    "region": Text(id="Daerah", en="Region"),
    "partner": Text(id="Mitra", en="Partner"),
    "kind": Text(id="Jenis", en="Kind"),
    "next_report": Text(id="Laporan berikutnya", en="Next report"),
    "next_review": Text(id="Tinjauan berikutnya", en="Next review"),
    "found": Text(id="{count} kerja sama", en="{count} agreements"),
    "page": Text(id="Halaman {page} dari {pages}", en="Page {page} of {pages}"),
    "previous": Text(id="Sebelumnya", en="Previous"),
    "next": Text(id="Berikutnya", en="Next"),
    "add": Text(id="Tambah kerja sama", en="Add an agreement"),
    "import": Text(id="Impor CSV/XLSX", en="Import CSV/XLSX"),
    "export_csv": Text(id="Ekspor CSV", en="Export CSV"),
    "export_xlsx": Text(id="Ekspor XLSX", en="Export XLSX"),
    "estimate_note": Text(
        id="* perkiraan dari kebijakan pengingat (bukan tenggat menurut peraturan)",
        en="* estimated from the reminder policy (not a legal deadline)",
    ),
    "overdue": Text(id="lewat", en="overdue"),
    "none_found": Text(id="Tidak ada kerja sama yang cocok.", en="No agreement matches."),
    "save": Text(id="Simpan", en="Save"),
    "edit": Text(id="Ubah", en="Edit"),
    "delete": Text(id="Hapus", en="Delete"),
    "delete_confirm": Text(
        id="Hapus kerja sama ini? Tindakan ini tercatat di log audit.",
        en="Delete this agreement? The deletion is recorded in the audit log.",
    ),
    "cancel": Text(id="Batal", en="Cancel"),
    "saved": Text(id="Tersimpan.", en="Saved."),
    "deleted": Text(id="Kerja sama dihapus.", en="Agreement deleted."),
    "fix_errors": Text(id="Perbaiki isian berikut:", en="Please fix the following:"),
    "exists": Text(
        id="Kerja sama daerah ini dengan mitra ini sudah ada (#{id}).",
        en="This region already has an agreement with this partner (#{id}).",
    ),
    "status_card": Text(
        id="Kartu status (seperti dijawab bot)", en="Status card (as the bot answers)"
    ),
    "history": Text(id="Riwayat perubahan", en="Change history"),
    "undo": Text(id="Batalkan perubahan ini", en="Undo this change"),
    "undone": Text(id="Perubahan dibatalkan.", en="Change undone."),
    "cannot_undo": Text(
        id="Perubahan ini tidak dapat dibatalkan.", en="This change cannot be undone."
    ),
    "field_help": Text(
        id="Tanggal: YYYY, YYYY-MM atau YYYY-MM-DD (tenggat: YYYY-MM-DD). Kosong = tidak "
        "diketahui. Nama isian sama dengan kolom impor CSV.",
        en="Dates: YYYY, YYYY-MM or YYYY-MM-DD (due dates: YYYY-MM-DD). Empty = unknown. Field "
        "names are the CSV import columns.",
    ),
    # import
    "import_file": Text(id="Berkas CSV atau XLSX", en="CSV or XLSX file"),
    "preview": Text(id="Pratinjau", en="Preview"),
    "apply": Text(id="Terapkan semua", en="Apply all"),
    "added": Text(id="ditambah", en="added"),
    "changed": Text(id="diubah", en="changed"),
    "unchanged": Text(id="tetap", en="unchanged"),
    "errors": Text(id="kesalahan", en="errors"),
    "import_errors": Text(
        id="Berkas berisi kesalahan; tidak ada yang ditulis.",
        en="The file has errors; nothing was written.",
    ),
    "import_preview": Text(
        id="Belum ada yang ditulis. Periksa perubahan, lalu terapkan semuanya sekaligus.",
        en="Nothing is written yet. Check the changes, then apply them all at once.",
    ),
    "imported": Text(
        id="Impor diterapkan: {added} ditambah, {changed} diubah, {unchanged} tetap.",
        en="Import applied: {added} added, {changed} changed, {unchanged} unchanged.",
    ),
    "line": Text(id="Baris", en="Line"),
    "column": Text(id="Kolom", en="Column"),
    "message": Text(id="Pesan", en="Message"),
    "no_file": Text(id="Pilih berkas terlebih dahulu.", en="Choose a file first."),
    # overview
    "total": Text(id="Jumlah kerja sama", en="Agreements"),
    "by_province": Text(id="Per provinsi", en="By province"),
    "by_stage": Text(id="Per tahap", en="By stage"),
    "reports_overdue": Text(id="Laporan lewat tenggat", en="Reports overdue"),
    "reviews_overdue": Text(id="Tinjauan lewat tenggat", en="Reviews overdue"),
    "reports_soon": Text(id="Laporan dalam 30 hari", en="Reports due in 30 days"),
    "reviews_soon": Text(id="Tinjauan dalam 30 hari", en="Reviews due in 30 days"),
    "due": Text(id="Tenggat", en="Due"),
    "what": Text(id="Apa", en="What"),
    "report": Text(id="laporan", en="report"),
    "review": Text(id="tinjauan", en="review"),
    "overdue_list": Text(id="Lewat tenggat", en="Overdue"),
    "soon_list": Text(id="Jatuh tempo dalam 30 hari", en="Due in the next 30 days"),
    "more": Text(id="dan {count} lainnya", en="and {count} more"),
    # officers
    "pending_requests": Text(
        id="Permintaan verifikasi petugas", en="Officer verification requests"
    ),
    "no_pending": Text(id="Tidak ada permintaan yang menunggu.", en="No request is waiting."),
    "approve": Text(id="Setujui", en="Approve"),
    "reject": Text(id="Tolak", en="Reject"),
    "approved": Text(id="Permintaan disetujui.", en="Request approved."),
    "rejected": Text(id="Permintaan ditolak.", en="Request rejected."),
    "already_decided": Text(
        id="Permintaan ini sudah diputuskan.", en="This request was already decided."
    ),
    "subscriptions": Text(id="Langganan per daerah", en="Subscriptions per region"),
    "chats": Text(id="Obrolan", en="Chats"),
    "no_subscriptions": Text(id="Belum ada langganan.", en="No subscriptions yet."),
    "who": Text(id="Siapa", en="Who"),
    # deliveries, knowledge
    "failed_deliveries": Text(
        id="Pengingat gagal terkirim (terbaru dulu)",
        en="Reminders that failed (newest first)",
    ),
    "no_failures": Text(id="Tidak ada pengingat yang gagal.", en="No reminder has failed."),
    "gaps": Text(id="Pertanyaan yang belum terjawab", en="Questions the bot could not answer"),
    "feedback": Text(id="Umpan balik per entri", en="Feedback per entry"),
    "question": Text(id="Pertanyaan", en="Question"),
    "count": Text(id="Jumlah", en="Count"),
    "closest": Text(id="Entri terdekat", en="Closest entry"),
    "entry": Text(id="Entri", en="Entry"),
    "helpful": Text(id="Membantu", en="Helpful"),
    "not_helpful": Text(id="Tidak membantu", en="Not helpful"),
    "none": Text(id="Belum ada.", en="None yet."),
    # audit
    "when": Text(id="Waktu (UTC)", en="When (UTC)"),
    "actor": Text(id="Oleh", en="By"),
    "action": Text(id="Tindakan", en="Action"),
    "entity": Text(id="Objek", en="Object"),
    "summary": Text(id="Ringkasan", en="Summary"),
    "before": Text(id="Sebelum", en="Before"),
    "after": Text(id="Sesudah", en="After"),
    "no_audit": Text(id="Belum ada perubahan tercatat.", en="No change recorded yet."),
}


def text(key: str, language: Language, **values: object) -> str:
    """The console's text for ``key`` in ``language``, its ``{placeholders}`` filled."""
    return TEXTS[key](language, **values)
