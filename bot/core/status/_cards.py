"""How an agreement is shown: a card of plain text in Indonesian or English, or JSON.

Due dates that the curators did not set are computed by the reminder policy
(:mod:`bot.core.reminders._policy`); the card marks them as policy defaults, never as legal
deadlines.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.core.countries import country_name
from bot.core.dates import format_day, format_partial
from bot.core.models import (
    NOT_SIGNED_STAGES,
    Agreement,
    AgreementKind,
    AgreementStage,
    Button,
    Language,
    PartialDate,
)
from bot.core.reminders import (
    ReminderPolicy,
    agreement_dprd_window,
    dprd_calendar,
    dprd_card_line,
    next_report_due,
    next_review_due,
)
from bot.core.status._notes import note_text
from bot.core.status._provenance import evidence_date, formality, provenance_line
from bot.core.status._provenance import text as provenance_text
from bot.core.texts import Text

DueOrigin = Literal["data", "policy"]

APART_HEADING = Text(
    id="Belum ditandatangani, atau bukan KSDPL formal ({count}):",
    en="Not signed yet, or not a formal KSDPL ({count}):",
)
PICK_AGREEMENT = Text(
    id="Pilih kerja sama untuk melihat rinciannya:",
    en="Choose an agreement to see its details:",
)

KIND_LABELS: Mapping[AgreementKind, Text] = {
    AgreementKind.SISTER_CITY: Text(id="sister city", en="sister city"),
    AgreementKind.SISTER_PROVINCE: Text(id="sister province", en="sister province"),
    AgreementKind.TECHNICAL: Text(id="kerja sama teknik", en="technical cooperation"),
    AgreementKind.OTHER: Text(id="lainnya", en="other"),
}
STAGE_LABELS: Mapping[AgreementStage, Text] = {
    AgreementStage.UNKNOWN: Text(
        id="tidak diketahui (sumber tidak menyebut statusnya kini)",
        en="unknown (the sources do not say how it stands now)",
    ),
    AgreementStage.PROPOSED: Text(
        id="usulan (belum ada yang ditandatangani)",
        en="proposed (nothing signed)",
    ),
    AgreementStage.EXPLORING: Text(id="penjajakan", en="exploring"),
    AgreementStage.LOI: Text(id="LoI (pernyataan kehendak)", en="letter of intent (LoI)"),
    AgreementStage.AWAITING_DPRD: Text(
        id="menunggu persetujuan DPRD",
        en="awaiting the DPRD's approval",
    ),
    AgreementStage.MOU: Text(id="MoU ditandatangani", en="MoU signed"),
    AgreementStage.ACTIVE: Text(id="aktif", en="active"),
    AgreementStage.EXPIRED: Text(id="berakhir", en="expired"),
    AgreementStage.TERMINATED: Text(id="dihentikan", en="terminated"),
}
# In a one-line list the long explanations would crowd out the partner's name.
SHORT_STAGE_LABELS: Mapping[AgreementStage, Text] = {
    AgreementStage.UNKNOWN: Text(id="status kini tidak diketahui", en="current status unknown"),
    AgreementStage.PROPOSED: Text(id="usulan", en="proposed"),
}
LABELS: Mapping[str, Text] = {
    "kind": Text(id="Jenis", en="Kind"),
    "stage": Text(id="Tahap", en="Stage"),
    "loi": Text(id="LoI", en="LoI"),
    "mou": Text(id="MoU", en="MoU"),
    "valid_until": Text(id="Berlaku hingga", en="Valid until"),
    "last_report": Text(id="Laporan terakhir", en="Last report"),
    "next_report": Text(id="Laporan berikutnya", en="Next report due"),
    "next_review": Text(id="Tinjauan revitalisasi berikutnya", en="Next review due"),
    "notes": Text(id="Catatan", en="Notes"),
    "source": Text(id="Sumber", en="Source"),
    "dprd_received": Text(id="Permohonan diterima DPRD", en="Request received by the DPRD"),
    "certainty": Text(id="Perhatian", en="Note"),
    "unknown": Text(id="tidak tercatat", en="not recorded"),
    "policy_mark": Text(id="*", en="*"),
    "next_report_overdue": Text(id="Laporan terlambat sejak", en="Report overdue since"),
    "next_review_overdue": Text(
        id="Tinjauan revitalisasi terlambat sejak",
        en="Review overdue since",
    ),
    "policy_note": Text(
        id="* dihitung dari kebijakan pengingat bawaan sisterbot (dapat diubah), "
        "bukan tenggat menurut peraturan; bila data hanya mencatat tahun atau bulan, "
        "dihitung dari hari pertamanya. Tanggal pasti dapat dicatat oleh kurator.",
        en="* computed from sisterbot's default reminder policy (configurable), "
        "not a legal deadline; where the data gives only a year or a month, from its first "
        "day. Curators can record the exact date.",
    ),
}


def label(key: str, language: Language) -> str:
    """A label of the card in ``language``."""
    return LABELS[key](language)


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
    lines = [agreement_title(agreement, region_name, language)]
    informal = formality(agreement, language)
    if informal:
        lines.append(f"• {label('certainty', language)}: {informal}")
    if not agreement.verified:
        lines.append(f"• {label('certainty', language)}: {provenance_text('unverified', language)}")
    lines += [
        f"• {label('kind', language)}: {KIND_LABELS[agreement.kind](language)}",
        f"• {label('stage', language)}: {STAGE_LABELS[agreement.stage](language)}",
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
        due("next_report", dues.report, dues.report_origin),
        due("next_review", dues.review, dues.review_origin),
    ]
    if agreement.dprd_received and window is None:  # the window's line names it already
        received = format_day(agreement.dprd_received, language)
        lines.append(f"• {label('dprd_received', language)}: {received}")
    if agreement.notes:
        lines.append(f"• {label('notes', language)}: {note_text(agreement.notes, language)}")
    source = agreement.source or unknown
    lines.append(f"• {label('source', language)}: {source} ({evidence_date(agreement, language)})")
    return "\n".join(lines), dues.uses_policy


def agreement_line(agreement: Agreement, language: Language) -> str:
    """One short line for a long list: partner, country, stage, MoU date, and where from.

    ``Kaohsiung (Taiwan) – status kini tidak diketahui (per Februari 2026, daftar
    Wikipedia, belum terverifikasi, bukan KSDPL formal)``
    """
    country = country_name(agreement.country, language)
    stage = SHORT_STAGE_LABELS.get(agreement.stage, STAGE_LABELS[agreement.stage])(language)
    signed = f", MoU {format_partial(agreement.mou_date, language)}" if agreement.mou_date else ""
    where = provenance_line(agreement, language)
    return f"{agreement.partner} ({country}) – {stage}{signed} ({where})"


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
        "dprd_window_closes": window.closes.isoformat() if window else None,
        "dprd_working_days_left": (
            window.working_days_left(today, dprd_calendar(policy)) if window else None
        ),
        "notes": agreement.notes,
        "source": agreement.source,
        "as_of": partial(agreement.as_of),
        "verified": agreement.verified,
        "formal": agreement.formal,
        "dprd_received": agreement.dprd_received.isoformat() if agreement.dprd_received else None,
    }


def kept_apart(agreement: Agreement) -> bool:
    """Proposals, explorations and pairs that cannot be a formal KSDPL: listed separately."""
    return agreement.stage in NOT_SIGNED_STAGES or not agreement.formal


def split_apart(
    agreements: Sequence[Agreement],
) -> tuple[tuple[Agreement, ...], tuple[Agreement, ...]]:
    """(agreements, those kept apart), each in the given order."""
    main = tuple(a for a in agreements if not kept_apart(a))
    apart = tuple(a for a in agreements if kept_apart(a))
    return main, apart


def render_agreements(
    agreements: Sequence[Agreement],
    *,
    region_name: str,
    policy: ReminderPolicy,
    today: date,
    language: Language,
    max_cards: int,
) -> tuple[str, list[Button]]:
    """Cards (or, past ``max_cards``, numbered lines and a button each), proposals apart."""
    main, apart = split_apart(agreements)
    heading = APART_HEADING(language, count=len(apart))
    if len(agreements) > max_cards:
        ordered = (*main, *apart)
        lines = [f"{n}. {agreement_line(a, language)}" for n, a in enumerate(main, 1)]
        if apart:
            lines += ["", heading]
            lines += [
                f"{n}. {agreement_line(a, language)}" for n, a in enumerate(apart, len(main) + 1)
            ]
        buttons = [
            Button(label=a.partner[:40], data=f"ag:{a.id}") for a in ordered if a.id is not None
        ]
        return "\n".join(lines) + "\n\n" + PICK_AGREEMENT(language), buttons
    cards: list[str] = []
    uses_policy = False
    for number, agreement in enumerate((*main, *apart)):
        if apart and number == len(main):
            cards.append(heading)
        card, policy_used = agreement_card(
            agreement, region_name=region_name, policy=policy, today=today, language=language
        )
        cards.append(card)
        uses_policy = uses_policy or policy_used
    if uses_policy:
        cards.append(label("policy_note", language))
    return "\n\n".join(cards), []
