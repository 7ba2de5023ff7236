"""The words of reminders: the reminder itself, its buttons, and the agreement detail.

Plain text in Indonesian or English. Dates the policy computes are always called policy
("kebijakan pengingat"), never a legal deadline; a date the curators set on the agreement
is called that. ``template_params`` carry the same facts, in order, for WhatsApp's
template fallback: kind, agreement, due date, days left or overdue.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from bot.core.countries import country_name
from bot.core.dates import format_long_day as long_date
from bot.core.dates import format_partial
from bot.core.models import Agreement, Button, Language, PartialDate, Reply, button_rows
from bot.core.reminders._dprd_texts import dprd_reminder_reply
from bot.core.reminders._policy import ReminderKind
from bot.core.texts import Text

MAX_BUTTON_BYTES = 64

KIND_LABELS: Mapping[ReminderKind, Text] = {
    "dprd": Text(id="persetujuan DPRD", en="DPRD approval"),
    "report": Text(id="laporan", en="report"),
    "review": Text(id="tinjauan (revitalisasi)", en="revitalisation review"),
}
# English counts its days (one day, two days); Indonesian does not.
DAYS: Mapping[str, Text] = {
    "today": Text(id="hari ini", en="today"),
    "in_one": Text(id="{days} hari lagi", en="in {days} day"),
    "in_many": Text(id="{days} hari lagi", en="in {days} days"),
    "overdue_one": Text(id="terlambat {days} hari", en="overdue by {days} day"),
    "overdue_many": Text(id="terlambat {days} hari", en="overdue by {days} days"),
}
TEXTS: Mapping[str, Text] = {
    "basis_explicit": Text(
        id="Tanggal ini ditetapkan dalam data perjanjian oleh kurator.",
        en="This date was set in the agreement data by the curators.",
    ),
    "basis_policy": Text(
        id="Tanggal ini mengikuti kebijakan pengingat sisterbot (bawaan yang dapat diatur), "
        "bukan tenggat menurut peraturan.",
        en="This date follows sisterbot's reminder policy (a configurable default), "
        "not a legal deadline.",
    ),
    "done_report": Text(id="Sudah dilaporkan", en="Report submitted"),
    "done_review": Text(id="Sudah ditinjau", en="Review done"),
    "snooze": Text(id="Ingatkan besok", en="Remind me tomorrow"),
    "detail": Text(id="Detail", en="Details"),
    "reminder": Text(
        id="Pengingat: {what} kerja sama {title} jatuh tempo {when} ({left}).",
        en="Reminder: the {what} for {title} is due {when} ({left}).",
    ),
    "reminder_action": Text(
        id="Tekan tombol di bawah bila sudah selesai, atau untuk diingatkan besok.",
        en="Press a button below when it is done, or to be reminded tomorrow.",
    ),
}
# The agreement detail: a short card, its own words (the status card has others).
DETAIL: Mapping[str, Text] = {
    "unknown": Text(id="tidak diketahui", en="unknown"),
    "stage": Text(id="Tahap: {value}", en="Stage: {value}"),
    "mou": Text(id="MoU: {value}", en="Signed (MoU): {value}"),
    "valid_until": Text(id="Berlaku sampai: {value}", en="Valid until: {value}"),
    "last_report": Text(id="Laporan terakhir: {value}", en="Last report: {value}"),
    "next_report": Text(id="Laporan berikut: {value}", en="Next report: {value}"),
    "next_review": Text(id="Tinjauan berikut: {value}", en="Next review: {value}"),
    "source": Text(id="Sumber: {value}", en="Source: {value}"),
}


def kind_label(kind: ReminderKind, language: Language) -> str:
    """What is due, as a noun phrase."""
    return KIND_LABELS[kind](language)


def days_phrase(days_left: int, language: Language) -> str:
    """``7 hari lagi`` / ``hari ini`` / ``terlambat 3 hari``."""
    if days_left == 0:
        return DAYS["today"](language)
    days = abs(days_left)
    key = ("in_" if days_left > 0 else "overdue_") + ("one" if days == 1 else "many")
    return DAYS[key](language, days=days)


def agreement_title(agreement: Agreement, region_name: str, language: Language) -> str:
    """``Kota Surabaya - Kochi (Jepang)``: the country named as status cards name it."""
    country = f" ({country_name(agreement.country, language)})" if agreement.country else ""
    return f"{region_name} - {agreement.partner}{country}"


def basis_note(explicit: bool, language: Language) -> str:
    """Where the date comes from: the curators' data, or the policy (never the law)."""
    return TEXTS["basis_explicit" if explicit else "basis_policy"](language)


def is_explicit(agreement: Agreement, kind: ReminderKind) -> bool:
    """Whether the curators set the due date (rather than the policy computing it)."""
    if kind == "report":
        return agreement.next_report_due is not None
    return agreement.next_review_due is not None


def reminder_buttons(
    delivery_id: int, agreement_id: int, kind: ReminderKind, language: Language
) -> tuple[tuple[Button, ...], ...]:
    """ "Sudah dilaporkan", "Ingatkan besok", "Detail"."""
    done = TEXTS["done_report" if kind == "report" else "done_review"](language)
    snooze, detail = TEXTS["snooze"](language), TEXTS["detail"](language)
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
    head = TEXTS["reminder"](language, what=what, title=title, when=when, left=left)
    action = TEXTS["reminder_action"](language)
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
    unknown = DETAIL["unknown"](language)

    def partial(value: PartialDate | None) -> str:
        return format_partial(value, language) if value is not None else unknown

    def line(key: str, value: str) -> str:
        return DETAIL[key](language, value=value)

    report = long_date(report_due, language) if report_due else unknown
    review = long_date(review_due, language) if review_due else unknown
    lines = [
        agreement_title(agreement, region_name, language),
        line("stage", agreement.stage.value),
        line("mou", partial(agreement.mou_date)),
        line("valid_until", partial(agreement.valid_until)),
        line("last_report", partial(agreement.last_report_date)),
        line("next_report", report) + ("" if is_explicit(agreement, "report") else " *"),
        line("next_review", review) + ("" if is_explicit(agreement, "review") else " *"),
        "* " + basis_note(False, language),
    ]
    if agreement.source:
        lines.append(line("source", agreement.source))
    return "\n".join(lines)
