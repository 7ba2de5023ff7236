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

from bot.core.dates import format_day, format_partial
from bot.core.models import Agreement, AgreementKind, AgreementStage, Language, PartialDate
from bot.core.reminders import (
    ReminderPolicy,
    agreement_dprd_window,
    dprd_calendar,
    dprd_card_line,
    next_report_due,
    next_review_due,
)

DueOrigin = Literal["data", "policy"]

KIND_LABELS: Mapping[AgreementKind, Mapping[Language, str]] = {
    AgreementKind.SISTER_CITY: {"id": "sister city", "en": "sister city"},
    AgreementKind.SISTER_PROVINCE: {"id": "sister province", "en": "sister province"},
    AgreementKind.TECHNICAL: {"id": "kerja sama teknik", "en": "technical cooperation"},
    AgreementKind.OTHER: {"id": "lainnya", "en": "other"},
}
STAGE_LABELS: Mapping[AgreementStage, Mapping[Language, str]] = {
    AgreementStage.UNKNOWN: {"id": "tidak diketahui", "en": "unknown"},
    AgreementStage.PROPOSED: {"id": "diusulkan", "en": "proposed"},
    AgreementStage.EXPLORING: {"id": "penjajakan", "en": "exploring"},
    AgreementStage.LOI: {"id": "LoI (pernyataan kehendak)", "en": "letter of intent (LoI)"},
    AgreementStage.AWAITING_DPRD: {
        "id": "menunggu persetujuan DPRD",
        "en": "awaiting DPRD approval",
    },
    AgreementStage.MOU: {"id": "MoU ditandatangani", "en": "MoU signed"},
    AgreementStage.ACTIVE: {"id": "aktif", "en": "active"},
    AgreementStage.EXPIRED: {"id": "berakhir", "en": "expired"},
    AgreementStage.TERMINATED: {"id": "dihentikan", "en": "terminated"},
}
COUNTRIES_ID = {
    "japan": "Jepang",
    "south korea": "Korea Selatan",
    "china": "Tiongkok",
    "germany": "Jerman",
    "united states": "Amerika Serikat",
    "united kingdom": "Inggris",
    "saudi arabia": "Arab Saudi",
    "papua new guinea": "Papua Nugini",
    "netherlands": "Belanda",
    "france": "Prancis",
    "new zealand": "Selandia Baru",
    "cook islands": "Kepulauan Cook",
    "new caledonia": "Kaledonia Baru",
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
    "overdue": {"id": "sudah lewat", "en": "overdue"},
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


def country_name(country: str, language: Language) -> str:
    """The partner's country, in Indonesian when we know the name."""
    if language == "id":
        return COUNTRIES_ID.get(country.casefold(), country)
    return country


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

    def due(value: date | None, origin: DueOrigin | None) -> str:
        if value is None:
            return unknown
        mark = label("policy_mark", language) if origin == "policy" else ""
        overdue = f" ({label('overdue', language)})" if value < today else ""
        return format_day(value, language) + mark + overdue

    dues = due_dates(agreement, policy, today)
    lines = [
        agreement_title(agreement, region_name, language),
        f"• {label('kind', language)}: {KIND_LABELS[agreement.kind][language]}",
        f"• {label('stage', language)}: {STAGE_LABELS[agreement.stage][language]}",
    ]
    window = agreement_dprd_window(agreement, policy)
    if window is not None:
        calendar = dprd_calendar(policy)
        lines.append("• " + dprd_card_line(window, today, calendar, language))
    lines += [
        f"• {label('loi', language)}: {partial(agreement.loi_date)}"
        f" · {label('mou', language)}: {partial(agreement.mou_date)}",
        f"• {label('valid_until', language)}: {partial(agreement.valid_until)}",
        f"• {label('last_report', language)}: {partial(agreement.last_report_date)}",
        f"• {label('next_report', language)}: {due(dues.report, dues.report_origin)}",
        f"• {label('next_review', language)}: {due(dues.review, dues.review_origin)}",
    ]
    if agreement.notes:
        lines.append(f"• {label('notes', language)}: {agreement.notes}")
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
    window = agreement_dprd_window(agreement, policy)
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
        "dprd_received": agreement.dprd_received.isoformat() if agreement.dprd_received else None,
        "dprd_window_closes": window.closes.isoformat() if window else None,
        "dprd_working_days_left": (
            window.working_days_left(today, dprd_calendar(policy)) if window else None
        ),
        "notes": agreement.notes,
        "source": agreement.source,
    }
