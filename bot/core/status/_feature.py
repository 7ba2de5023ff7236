"""Agreement status by region or partner: ``/status jatim``, "kerja sama surabaya apa saja?".

:func:`StatusFeature.lookup` is the one place a query becomes a result (used by the
dialogue and by ``sisterbot status``). Free text is claimed only when it is clearly a
status question: a status cue ("status", "kerja sama", "sister city", ...) together with
a confidently resolved region or partner, or a message that is nothing but a region or
partner name. Procedural questions ("bagaimana kerja sama sister dengan australia?")
are left to the knowledge base.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz, process

from bot.core.dialogue import ButtonHandler, CommandHandler, Turn
from bot.core.models import (
    Agreement,
    Button,
    Language,
    Region,
    RegionCandidate,
    RegionLevel,
    RegionMatch,
    Reply,
    button_rows,
)
from bot.core.numbers import whole_number
from bot.core.ports import AgreementRepository
from bot.core.reminders import ReminderPolicy
from bot.core.status._cards import (
    agreement_card,
    agreement_line,
    label,
    render_agreements,
    split_apart,
)
from bot.core.status._query_words import PROCEDURAL, query_variants, split_partner, strip_cues
from bot.core.status._regions import RegionIndex, normalise
from bot.core.status._texts import text

MAX_QUERY_CHARS = 120
PARTNER_TYPO_MIN_CHARS = 4  # shorter words match too many partners by accident
MAX_CARDS = 4  # more agreements than this: a short list and a button per agreement
MAX_BUTTONS = 8
MAX_NAME_WORDS = 6  # "a message that is just a name" is short

_CODE_PAYLOAD = re.compile(r"^\d{2}(\.\d{2})?$")
_TAGS = re.compile(r"<[^>]{0,200}>")


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusResult:
    """What a status query found.

    ``region`` is the region shown (None when ambiguous or unknown); ``agreements`` are
    its agreements, or those of the partner asked for (``by_partner``).
    """

    query: str
    match: RegionMatch
    region: Region | None
    agreements: tuple[Agreement, ...]
    by_partner: bool = False


class StatusFeature:
    """The ``/status`` command, region-choice buttons and free-text status questions."""

    def __init__(
        self,
        *,
        regions: RegionIndex,
        agreements: AgreementRepository,
        policy: ReminderPolicy,
    ) -> None:
        self._regions = regions
        self._agreements = agreements
        self._policy = policy

    # --- Feature protocol -----------------------------------------------------------

    def commands(self) -> Mapping[str, CommandHandler]:
        """``/status <region or partner>``."""
        return {"status": self.status}

    def buttons(self) -> Mapping[str, ButtonHandler]:
        """``rg:<region code>`` (a candidate picked) and ``ag:<agreement id>`` (details)."""
        return {"rg": self.pick_region, "ag": self.show_agreement}

    def claim_text(self, turn: Turn) -> Reply | None:
        """Status questions in free text; None for anything else."""
        normalised = normalise(turn.text)
        if not normalised or len(normalised) > MAX_QUERY_CHARS * 2:
            return None
        words = normalised.split()
        if words[0] == "status":
            # "status <anything>" is the command without its slash: always answered.
            result = self._interpret(strip_cues(normalised)[0])
            if result is not None:
                return self.render(turn, result)
            return self.status(turn, turn.text.split(" ", 1)[1] if " " in turn.text else "")
        if PROCEDURAL.intersection(words):
            return None
        remainder, cued = strip_cues(normalised)
        if cued:
            result = self._interpret(remainder)
            return self.render(turn, result) if result is not None else None
        if len(words) <= MAX_NAME_WORDS:
            result = self.lookup(normalised)
            if _confident(result, allow_typo_tie=False):
                return self.render(turn, result)
        return None

    def _interpret(self, remainder: str) -> StatusResult | None:
        """What a status question is about, when that is clear (else None).

        ``surabaya apa saja`` -> Kota Surabaya; ``jatim dengan osaka`` -> that agreement;
        ``dengan kyoto`` -> the partner Kyoto.
        """
        head, joiner, tail = split_partner(remainder)
        if joiner:
            return self._region_with_partner(head, tail)
        results = [self.lookup(query) for query in query_variants(remainder)]
        for result in results:  # an exact name beats a typo in a longer variant
            if result.by_partner or result.match.kind == "exact":
                return result
        for result in results:
            if _confident(result, allow_typo_tie=True):
                return result
        return None

    def _region_with_partner(self, head: str, tail: str) -> StatusResult | None:
        partners = [r for r in (self.lookup(q) for q in query_variants(tail)) if r.by_partner]
        if not partners:
            return None
        partner = partners[0]
        if not query_variants(head):
            return partner
        for query in query_variants(head):
            match = self._regions.resolve(query)
            if match.region is not None:
                hits = tuple(a for a in partner.agreements if a.region_code == match.region.code)
                if hits:
                    return StatusResult(
                        query=f"{query} – {tail}",
                        match=match,
                        region=match.region,
                        agreements=hits,
                        by_partner=True,
                    )
        return None

    # --- handlers -------------------------------------------------------------------

    def status(self, turn: Turn, args: str) -> Reply:
        """Answer ``/status`` with a region, a partner, or a question back."""
        query = _TAGS.sub(" ", args).strip()
        if not query:
            return Reply(text=text("ask_region", turn.language), language=turn.language)
        if len(query) > MAX_QUERY_CHARS:
            return Reply(text=text("too_long", turn.language), language=turn.language)
        return self.render(turn, self.lookup(query))

    def pick_region(self, turn: Turn, payload: str) -> Reply:
        """A region chosen from the candidates (the code is re-checked)."""
        region = self._regions.get(payload) if _CODE_PAYLOAD.match(payload) else None
        if region is None:
            return Reply(text=text("stale_button", turn.language), language=turn.language)
        match = RegionMatch(query=payload, kind="exact", region=region)
        result = StatusResult(
            query=payload,
            match=match,
            region=region,
            agreements=tuple(self._agreements.for_region(region.code)),
        )
        return self.render(turn, result)

    def show_agreement(self, turn: Turn, payload: str) -> Reply:
        """One agreement's full card."""
        agreement_id = whole_number(payload, 12)
        agreement = self._agreements.get(agreement_id) if agreement_id is not None else None
        if agreement is None:
            return Reply(text=text("stale_button", turn.language), language=turn.language)
        region = self._regions.get(agreement.region_code)
        name = region.display_name if region else agreement.region_code
        card, uses_policy = agreement_card(
            agreement,
            region_name=name,
            policy=self._policy,
            today=local_today(turn, region),
            language=turn.language,
        )
        note = "\n\n" + label("policy_note", turn.language) if uses_policy else ""
        return Reply(text=card + note, language=turn.language)

    # --- lookup ---------------------------------------------------------------------

    def lookup(self, query: str) -> StatusResult:
        """Resolve ``query`` as a region (code, name, alias, typo) or a partner name."""
        cleaned = _TAGS.sub(" ", query).strip()[: MAX_QUERY_CHARS * 2]
        match = self._regions.resolve(cleaned)
        if match.kind == "exact" and match.region is not None:
            agreements = tuple(self._agreements.for_region(match.region.code))
            return StatusResult(
                query=query, match=match, region=match.region, agreements=agreements
            )
        partner = self._by_partner(query, cleaned)
        if partner is None and match.kind == "none":
            partner = self._by_partner_typo(query, cleaned)
        if partner is not None:
            return partner
        if match.kind == "fuzzy" and match.region is not None:
            agreements = tuple(self._agreements.for_region(match.region.code))
            return StatusResult(
                query=query, match=match, region=match.region, agreements=agreements
            )
        return StatusResult(query=query, match=match, region=None, agreements=())

    def _by_partner(self, query: str, cleaned: str) -> StatusResult | None:
        key = normalise(cleaned)
        if len(key) < 3:
            return None
        hits = [
            a
            for a in self._agreements.find_by_partner(cleaned)
            if normalise(a.partner) == key or normalise(a.partner).startswith(key + " ")
        ]
        if not hits:
            return None
        codes = list(dict.fromkeys(a.region_code for a in hits))
        regions = [r for r in (self._regions.get(c) for c in codes) if r is not None]
        if len(regions) == 1:
            match = RegionMatch(query=query, kind="exact", region=regions[0])
            return StatusResult(
                query=query, match=match, region=regions[0], agreements=tuple(hits), by_partner=True
            )
        candidates = tuple(RegionCandidate(region=r, score=100.0) for r in regions)
        match = RegionMatch(query=query, kind="ambiguous", candidates=candidates)
        return StatusResult(
            query=query, match=match, region=None, agreements=tuple(hits), by_partner=True
        )

    def _by_partner_typo(self, query: str, cleaned: str) -> StatusResult | None:
        """ "tokio", "seul": a misspelt partner, tried only when no region matched at all."""
        key = normalise(cleaned)
        if len(key) < PARTNER_TYPO_MIN_CHARS or " " in key:
            return None
        names = {normalise(a.partner).split(" ")[0]: a.partner for a in self._agreements.all()}
        best = process.extractOne(key, list(names), scorer=fuzz.ratio, score_cutoff=80)
        if best is None:
            return None
        result = self._by_partner(query, names[best[0]])
        if result is None or result.match.kind != "exact":
            return result
        return dataclasses.replace(result, match=dataclasses.replace(result.match, kind="fuzzy"))

    # --- replies --------------------------------------------------------------------

    def render(self, turn: Turn, result: StatusResult, *, max_cards: int = MAX_CARDS) -> Reply:
        """The reply for a lookup result (a short list when over ``max_cards``)."""
        language = turn.language
        if result.region is not None:
            return self._region_reply(turn, result, max_cards)
        if result.by_partner:
            return self._partner_reply(turn, result)
        candidates = result.match.candidates
        if result.match.kind == "ambiguous":
            intro = text("ambiguous", language).format(query=_quote(result.query))
            return Reply(text=intro, buttons=_region_buttons(candidates), language=language)
        if candidates:
            names = ", ".join(c.region.display_name for c in candidates[:3])
            reply = text("not_found_closest", language).format(
                query=_quote(result.query), names=names
            )
            return Reply(text=reply, buttons=_region_buttons(candidates[:3]), language=language)
        return Reply(
            text=text("not_found", language).format(query=_quote(result.query)),
            language=language,
        )

    def _region_reply(self, turn: Turn, result: StatusResult, max_cards: int) -> Reply:
        assert result.region is not None
        region, language = result.region, turn.language
        parts: list[str] = []
        if result.match.kind == "fuzzy":
            parts.append(text("did_you_mean", language).format(name=region.display_name))
        buttons: list[Button] = []
        if result.agreements:
            main, _apart = split_apart(result.agreements)
            header_key = "region_header" if main else "region_header_none_signed"
            header_key = "partner_header" if result.by_partner else header_key
            parts.append(
                text(header_key, language).format(
                    name=region.display_name, code=region.code, count=len(main)
                )
            )
            body, buttons = render_agreements(
                result.agreements,
                region_name=region.display_name,
                policy=self._policy,
                today=local_today(turn, region),
                language=language,
                max_cards=max_cards,
            )
            parts.append(body)
        else:
            parts.append(text("no_agreements", language).format(name=region.display_name))
        if region.level is RegionLevel.PROVINSI and not result.by_partner:
            within, within_buttons = self._within_province(region, language)
            if within:
                parts.append(within)
                # Half the buttons stay for the kab/kota, so a long list cannot hide them.
                kept = min(len(within_buttons), MAX_BUTTONS // 2)
                buttons = buttons[: MAX_BUTTONS - kept] + within_buttons[:kept]
        buttons = buttons[:MAX_BUTTONS]
        rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
        return Reply(text="\n\n".join(parts), buttons=button_rows(*rows), language=language)

    def _within_province(self, province: Region, language: Language) -> tuple[str, list[Button]]:
        counts = Counter(
            a.region_code
            for a in self._agreements.all()
            if a.region_code.startswith(province.code + ".")
        )
        regions = [r for r in (self._regions.get(c) for c in sorted(counts)) if r is not None]
        if not regions:
            return "", []
        names = ", ".join(f"{r.display_name} ({counts[r.code]})" for r in regions)
        buttons = [Button(label=r.display_name[:40], data=f"rg:{r.code}") for r in regions]
        return text("within_province", language).format(names=names), buttons

    def _partner_reply(self, turn: Turn, result: StatusResult) -> Reply:
        language = turn.language
        lines = [text("partner_many", language).format(query=_quote(result.query))]
        for agreement in result.agreements:
            region = self._regions.get(agreement.region_code)
            name = region.display_name if region else agreement.region_code
            lines.append(f"• {name} – {agreement_line(agreement, language)}")
        buttons = _region_buttons(result.match.candidates)
        return Reply(text="\n".join(lines), buttons=buttons, language=language)


def local_today(turn: Turn, region: Region | None) -> date:
    """Today's date in the region's timezone (WIB when unknown)."""
    zone = ZoneInfo(region.timezone if region else "Asia/Jakarta")
    return turn.now.astimezone(zone).date()


def _confident(result: StatusResult, *, allow_typo_tie: bool) -> bool:
    match = result.match
    if result.by_partner or match.kind == "exact":
        return True
    if match.kind == "fuzzy":
        return True
    if match.kind == "ambiguous":
        exact_names = all(c.score >= 100 for c in match.candidates[:2])
        return exact_names or allow_typo_tie
    return False


def _region_buttons(candidates: tuple[RegionCandidate, ...]) -> tuple[tuple[Button, ...], ...]:
    buttons = [
        Button(label=c.region.display_name[:40], data=f"rg:{c.region.code}")
        for c in candidates[:MAX_BUTTONS]
    ]
    return button_rows(*[buttons[i : i + 2] for i in range(0, len(buttons), 2)])


def _quote(query: str) -> str:
    shown = " ".join(query.split())
    return shown if len(shown) <= 60 else shown[:57] + "..."
