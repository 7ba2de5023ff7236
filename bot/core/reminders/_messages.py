"""The words of reminders: the reminder itself, its buttons, and the agreement detail.

Plain text in Indonesian or English. Dates the policy computes are always called policy
("kebijakan pengingat"), never a legal deadline; a date the curators set on the agreement
is called that. ``template_params`` carry the same facts, in order, for WhatsApp's
template fallback: kind, agreement, due date, days left or overdue.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from bot.core.countries import country_name
from bot.core.dates import format_day, format_partial
from bot.core.models import Agreement, Button, Language, PartialDate, Reply, button_rows
from bot.core.reminders._dprd_texts import dprd_reminder_reply
from bot.core.reminders._policy import ReminderKind

MAX_BUTTON_BYTES = 64
_LOCALES: dict[Language, str] = {"id": "id_ID", "en": "en_GB"}


def long_date(day: date, language: Language) -> str:
    """``Selasa, 15 Desember 2026`` / ``Tuesday, 15 December 2026``."""
    return f"{format_date(day, 'EEEE', locale=_LOCALES[language])}, {format_day(day, language)}"


def kind_label(kind: ReminderKind, language: Language) -> str:
    """What is due, as a noun phrase."""
    if kind == "dprd":
        return "DPRD approval" if language == "en" else "persetujuan DPRD"
    if language == "en":
        return "report" if kind == "report" else "revitalisation review"
    return "laporan" if kind == "report" else "tinjauan (revitalisasi)"


def days_phrase(days_left: int, language: Language) -> str:
    """``7 hari lagi`` / ``hari ini`` / ``terlambat 3 hari``."""
    if language == "en":
        if days_left == 0:
            return "today"
        if days_left > 0:
            return f"in {days_left} day{'s' if days_left != 1 else ''}"
        late = -days_left
        return f"overdue by {late} day{'s' if late != 1 else ''}"
    if days_left == 0:
        return "hari ini"
    if days_left > 0:
        return f"{days_left} hari lagi"
    return f"terlambat {-days_left} hari"


def agreement_title(agreement: Agreement, region_name: str, language: Language) -> str:
    """``Kota Surabaya - Kochi (Jepang)``: the country named as status cards name it."""
    country = f" ({country_name(agreement.country, language)})" if agreement.country else ""
    return f"{region_name} - {agreement.partner}{country}"


def basis_note(explicit: bool, language: Language) -> str:
    """Where the date comes from: the curators' data, or the policy (never the law)."""
    if language == "en":
        if explicit:
            return "This date was set in the agreement data by the curators."
        return (
            "This date follows sisterbot's reminder policy (a configurable default), "
            "not a legal deadline."
        )
    if explicit:
        return "Tanggal ini ditetapkan dalam data perjanjian oleh kurator."
    return (
        "Tanggal ini mengikuti kebijakan pengingat sisterbot (bawaan yang dapat diatur), "
        "bukan tenggat menurut peraturan."
    )


def is_explicit(agreement: Agreement, kind: ReminderKind) -> bool:
    """Whether the curators set the due date (rather than the policy computing it)."""
    if kind == "report":
        return agreement.next_report_due is not None
    return agreement.next_review_due is not None


def reminder_buttons(
    delivery_id: int, agreement_id: int, kind: ReminderKind, language: Language
) -> tuple[tuple[Button, ...], ...]:
    """ "Sudah dilaporkan", "Ingatkan besok", "Detail"."""
    if language == "en":
        done = "Report submitted" if kind == "report" else "Review done"
        snooze, detail = "Remind me tomorrow", "Details"
    else:
        done = "Sudah dilaporkan" if kind == "report" else "Sudah ditinjau"
        snooze, detail = "Ingatkan besok", "Detail"
    return button_rows(
        [
            Button(label=done, data=f"rm:d:{delivery_id}"),
            Button(label=snooze, data=f"rm:s:{delivery_id}"),
        ],
        [Button(label=detail, data=f"rm:i:{agreement_id}")],
    )


def reminder_reply(
    *,
    delivery_id: int,
    agreement: Agreement,
    region_name: str,
    kind: ReminderKind,
    due: date,
    today: date,
    language: Language,
) -> Reply:
    """The reminder message for one delivery."""
    assert agreement.id is not None
    title = agreement_title(agreement, region_name, language)
    if kind == "dprd":
        return dprd_reminder_reply(
            delivery_id=delivery_id,
            agreement=agreement,
            title=title,
            closes=due,
            today=today,
            language=language,
        )
    when = long_date(due, language)
    left = days_phrase((due - today).days, language)
    what = kind_label(kind, language)
    if language == "en":
        head = f"Reminder: the {what} for {title} is due {when} ({left})."
        action = "Press a button below when it is done, or to be reminded tomorrow."
    else:
        head = f"Pengingat: {what} kerja sama {title} jatuh tempo {when} ({left})."
        action = "Tekan tombol di bawah bila sudah selesai, atau untuk diingatkan besok."
    text = "\n".join([head, basis_note(is_explicit(agreement, kind), language), action])
    return Reply(
        text=text,
        buttons=reminder_buttons(delivery_id, agreement.id, kind, language),
        language=language,
        template_params=(what, title, when, left),
    )


def agreement_detail(
    agreement: Agreement,
    region_name: str,
    *,
    report_due: date | None,
    review_due: date | None,
    language: Language,
) -> str:
    """A short card of the agreement with its next report and review dates."""
    en = language == "en"
    unknown = "unknown" if en else "tidak diketahui"

    def partial(value: PartialDate | None) -> str:
        return format_partial(value, language) if value is not None else unknown

    labels = (
        ("Stage", "Signed (MoU)", "Valid until", "Last report", "Next report", "Next review")
        if en
        else ("Tahap", "MoU", "Berlaku sampai", "Laporan terakhir", "Laporan berikut",
              "Tinjauan berikut")
    )  # fmt: skip
    report = long_date(report_due, language) if report_due else unknown
    review = long_date(review_due, language) if review_due else unknown
    lines = [
        agreement_title(agreement, region_name, language),
        f"{labels[0]}: {agreement.stage.value}",
        f"{labels[1]}: {partial(agreement.mou_date)}",
        f"{labels[2]}: {partial(agreement.valid_until)}",
        f"{labels[3]}: {partial(agreement.last_report_date)}",
        f"{labels[4]}: {report}" + ("" if is_explicit(agreement, "report") else " *"),
        f"{labels[5]}: {review}" + ("" if is_explicit(agreement, "review") else " *"),
        "* " + basis_note(False, language),
    ]
    if agreement.source:
        lines.append(("Source: " if en else "Sumber: ") + agreement.source)
    return "\n".join(lines)
