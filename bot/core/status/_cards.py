"""How an agreement is shown: a card of plain text in Indonesian or English, or JSON.

Due dates that the curators did not set are computed by the reminder policy
(:mod:`bot.core.reminders._policy`); the card marks them as policy defaults, never as legal
deadlines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.core.countries import country_name
from bot.core.dates import format_day, format_partial
from bot.core.models import Agreement, AgreementKind, AgreementStage, Language, PartialDate
from bot.core.reminders import ReminderPolicy, next_report_due, next_review_due
from bot.core.status._notes import note_text

DueOrigin = Literal["data", "policy"]

KIND_LABELS: Mapping[AgreementKind, Mapping[Language, str]] = {
    AgreementKind.SISTER_CITY: {"id": "sister city", "en": "sister city"},
    AgreementKind.SISTER_PROVINCE: {"id": "sister province", "en": "sister province"},
    AgreementKind.TECHNICAL: {"id": "kerja sama teknik", "en": "technical cooperation"},
    AgreementKind.OTHER: {"id": "lainnya", "en": "other"},
}
STAGE_LABELS: Mapping[AgreementStage, Mapping[Language, str]] = {
    AgreementStage.EXPLORING: {"id": "penjajakan", "en": "exploring"},
    AgreementStage.LOI: {"id": "LoI (pernyataan kehendak)", "en": "letter of intent (LoI)"},
    AgreementStage.MOU: {"id": "MoU ditandatangani", "en": "MoU signed"},
    AgreementStage.ACTIVE: {"id": "aktif", "en": "active"},
    AgreementStage.EXPIRED: {"id": "berakhir", "en": "expired"},
    AgreementStage.TERMINATED: {"id": "dihentikan", "en": "terminated"},
}
LABELS: Mapping[str, Mapping[Language, str]] = {
    "kind": {"id": "Jenis", "en": "Kind"},
    "stage": {"id": "Tahap", "en": "Stage"},
    "loi": {"id": "LoI", "en": "LoI"},
    "mou": {"id": "MoU", "en": "MoU"},
    "valid_until": {"id": "Berlaku hingga", "en": "Valid until"},
    "last_report": {"id": "Laporan terakhir", "en": "Last report"},
    "next_report": {"id": "Laporan berikutnya", "en": "Next report due"},
    "next_review": {"id": "Tinjauan revitalisasi berikutnya", "en": "Next review due"},
    "notes": {"id": "Catatan", "en": "Notes"},
    "source": {"id": "Sumber", "en": "Source"},
    "unknown": {"id": "tidak tercatat", "en": "not recorded"},
    "policy_mark": {"id": "*", "en": "*"},
    "next_report_overdue": {"id": "Laporan terlambat sejak", "en": "Report overdue since"},
    "next_review_overdue": {
        "id": "Tinjauan revitalisasi terlambat sejak",
        "en": "Review overdue since",
    },
    "policy_note": {
        "id": "* dihitung dari kebijakan pengingat bawaan sisterbot (dapat diubah), "
        "bukan tenggat menurut peraturan; bila data hanya mencatat tahun atau bulan, "
        "dihitung dari hari pertamanya. Tanggal pasti dapat dicatat oleh kurator.",
        "en": "* computed from sisterbot's default reminder policy (configurable), "
        "not a legal deadline; where the data gives only a year or a month, from its first "
        "day. Curators can record the exact date.",
    },
}


def label(key: str, language: Language) -> str:
    """A label of the card in ``language``."""
    return LABELS[key][language]


@dataclass(frozen=True, slots=True, kw_only=True)
class DueDates:
    """The next report and review dates and where each came from."""

    report: date | None
    report_origin: DueOrigin | None
    review: date | None
    review_origin: DueOrigin | None

    @property
    def uses_policy(self) -> bool:
        """Whether either date is a policy default."""
        return "policy" in (self.report_origin, self.review_origin)


def due_dates(agreement: Agreement, policy: ReminderPolicy, today: date) -> DueDates:
    """Explicit due dates, else what the reminder policy computes."""
    report = next_report_due(agreement, policy, today)
    review = next_review_due(agreement, policy, today)

    def origin(value: date | None, explicit: date | None) -> DueOrigin | None:
        if value is None:
            return None
        return "data" if explicit is not None else "policy"

    return DueDates(
        report=report,
        report_origin=origin(report, agreement.next_report_due),
        review=review,
        review_origin=origin(review, agreement.next_review_due),
    )


def agreement_title(agreement: Agreement, region_name: str, language: Language) -> str:
    """``Kota Surabaya – Kochi (Jepang)``."""
    country = country_name(agreement.country, language)
    return f"{region_name} – {agreement.partner} ({country})"


def agreement_card(
    agreement: Agreement,
    *,
    region_name: str,
    policy: ReminderPolicy,
    today: date,
    language: Language,
) -> tuple[str, bool]:
    """The card's text, and whether it shows a policy-computed date (needs the note)."""
    unknown = label("unknown", language)

    def partial(value: PartialDate | None) -> str:
        return format_partial(value, language) if value else unknown

    def due(key: str, value: date | None, origin: DueOrigin | None) -> str:
        if value is None:
            return f"• {label(key, language)}: {unknown}"
        mark = label("policy_mark", language) if origin == "policy" else ""
        if value < today:
            # A past date is not "next": it is overdue, and has been since that day.
            return f"• {label(key + '_overdue', language)} {format_day(value, language)}{mark}"
        return f"• {label(key, language)}: {format_day(value, language)}{mark}"

    dues = due_dates(agreement, policy, today)
    lines = [
        agreement_title(agreement, region_name, language),
        f"• {label('kind', language)}: {KIND_LABELS[agreement.kind][language]}",
        f"• {label('stage', language)}: {STAGE_LABELS[agreement.stage][language]}",
        f"• {label('loi', language)}: {partial(agreement.loi_date)}"
        f" · {label('mou', language)}: {partial(agreement.mou_date)}",
        f"• {label('valid_until', language)}: {partial(agreement.valid_until)}",
        f"• {label('last_report', language)}: {partial(agreement.last_report_date)}",
        due("next_report", dues.report, dues.report_origin),
        due("next_review", dues.review, dues.review_origin),
    ]
    if agreement.notes:
        lines.append(f"• {label('notes', language)}: {note_text(agreement.notes, language)}")
    lines.append(f"• {label('source', language)}: {agreement.source or unknown}")
    return "\n".join(lines), dues.uses_policy


def agreement_line(agreement: Agreement, language: Language) -> str:
    """One short line for a long list: partner, country, stage, MoU date."""
    country = country_name(agreement.country, language)
    stage = STAGE_LABELS[agreement.stage][language]
    signed = f", {format_partial(agreement.mou_date, language)}" if agreement.mou_date else ""
    return f"{agreement.partner} ({country}) – {stage}{signed}"


def agreement_json(agreement: Agreement, policy: ReminderPolicy, today: date) -> dict[str, object]:
    """The agreement as the JSON object of ``sisterbot status --json``."""

    def partial(value: PartialDate | None) -> str | None:
        return value.isoformat() if value else None

    dues = due_dates(agreement, policy, today)
    return {
        "id": agreement.id,
        "region": agreement.region_code,
        "partner": agreement.partner,
        "country": agreement.country,
        "kind": agreement.kind.value,
        "stage": agreement.stage.value,
        "loi_date": partial(agreement.loi_date),
        "mou_date": partial(agreement.mou_date),
        "valid_until": partial(agreement.valid_until),
        "last_report_date": partial(agreement.last_report_date),
        "next_report_due": dues.report.isoformat() if dues.report else None,
        "next_report_due_from": dues.report_origin,
        "next_review_due": dues.review.isoformat() if dues.review else None,
        "next_review_due_from": dues.review_origin,
        "notes": agreement.notes,
        "source": agreement.source,
    }
