"""Agreement status by region, partner or country: ``/status jatim``, "kerja sama jatim?".

What a query or a question asks about is worked out by
:class:`~bot.core.status._lookup.StatusLookup` (shared with ``sisterbot status``); this
module answers it: cards for a region, lists for a partner or a country, a question back
for an ambiguous name. Free text is claimed only when it is clearly a status question
("kerjasama jatim dg osaka msh aktif ga", "jepang", "tokio"); procedural questions
("bagaimana kerja sama sister dengan australia?") are left to the knowledge base.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from datetime import date
from zoneinfo import ZoneInfo

from bot.core.countries import country_name
from bot.core.dialogue import ButtonHandler, CommandHandler, Turn
from bot.core.models import (
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
    APART_HEADING,
    PICK_AGREEMENT,
    agreement_card,
    agreement_line,
    label,
    render_agreements,
    split_apart,
)
from bot.core.status._lookup import MAX_QUERY_CHARS, TAGS, StatusLookup, StatusResult
from bot.core.status._regions import RegionIndex, normalise
from bot.core.status._texts import text

MAX_CARDS = 4  # more agreements than this: a short list and a button per agreement
_BLANK_QUERY_CHARS = " \t\"'“”‘’`"  # what is left of an empty, quoted name
PLAUSIBLE_SUGGESTION_SCORE = 70.0  # below: a name that shares only a few letters
MAX_BUTTONS = 8

_CODE_PAYLOAD = re.compile(r"^\d{2}(\.\d{2})?$")


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
        self._lookup = StatusLookup(regions=regions, agreements=agreements)

    def lookup(self, query: str) -> StatusResult:
        """Resolve ``query`` as a region, a partner (exonyms too) or a country."""
        return self._lookup.lookup(query)

    def understand(self, text: str) -> StatusResult | None:
        """What a free-text status question asks about, or None when it is no such question."""
        return self._lookup.understand(text)

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
        if normalised.split()[0] == "status":
            # "status <anything>" is the command without its slash: always answered.
            result = self.understand(turn.text)
            if result is not None:
                return self.render(turn, result)
            return self.status(turn, turn.text.split(" ", 1)[1] if " " in turn.text else "")
        result = self.understand(turn.text)
        return self.render(turn, result) if result is not None else None

    def status(self, turn: Turn, args: str) -> Reply:
        """Answer ``/status`` with a region, a partner, or a question back."""
        query = TAGS.sub(" ", args).strip()
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

    def render(self, turn: Turn, result: StatusResult, *, max_cards: int = MAX_CARDS) -> Reply:
        """The reply for a lookup result (a short list when over ``max_cards``)."""
        language = turn.language
        if result.region is not None:
            return self._region_reply(turn, result, max_cards)
        if result.by_partner:
            return self._partner_reply(turn, result)
        if not result.query.strip(_BLANK_QUERY_CHARS):
            # `status ""`: nothing to look up, so ask for a name rather than "not found".
            return Reply(text=text("ask_region", language), language=language)
        if result.country is not None and result.match.kind == "exact":
            return self._country_reply(turn, result)
        candidates = result.match.candidates
        if result.match.kind == "ambiguous":
            intro = text("ambiguous", language).format(query=_quote(result.query))
            return Reply(text=intro, buttons=_region_buttons(candidates), language=language)
        # Only names close enough to be what was meant: "new york" is like no region at
        # all, and offering Depok for it would only puzzle the reader.
        candidates = tuple(c for c in candidates if c.score >= PLAUSIBLE_SUGGESTION_SCORE)
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
            # A misspelt partner ("tokyio") is asked back by the partner's name, not its region.
            meant = result.agreements[0].partner if result.by_partner else region.display_name
            parts.append(text("did_you_mean", language).format(name=meant))
        buttons: list[Button] = []
        country = country_name(result.country, language) if result.country else ""
        if result.agreements:
            main, _apart = split_apart(result.agreements)
            header_key = "region_header" if main else "region_header_none_signed"
            if result.country:
                header_key = "region_country_header"
            header_key = "partner_header" if result.by_partner else header_key
            count = len(result.agreements) if result.country else len(main)
            parts.append(
                text(header_key, language).format(
                    name=region.display_name, code=region.code, count=count, country=country
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
        elif result.country:
            parts.append(
                text("no_agreements_in_country", language).format(
                    name=region.display_name, country=country
                )
            )
        else:
            parts.append(text("no_agreements", language).format(name=region.display_name))
        if region.level is RegionLevel.PROVINSI and not result.by_partner and not result.country:
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

    def _country_reply(self, turn: Turn, result: StatusResult) -> Reply:
        """Every recorded agreement with partners in one country, one line each."""
        language = turn.language
        country = country_name(result.country or "", language)
        if not result.agreements:
            return Reply(
                text=text("country_none", language).format(country=country), language=language
            )
        main, apart = split_apart(result.agreements)
        lines = [text("country_header", language).format(country=country, count=len(main))]
        buttons: list[Button] = []
        for number, agreement in enumerate((*main, *apart)):
            if apart and number == len(main):
                lines += ["", APART_HEADING(language, count=len(apart))]
            region = self._regions.get(agreement.region_code)
            name = region.display_name if region else agreement.region_code
            lines.append(f"• {name} – {agreement_line(agreement, language)}")
            if agreement.id is not None:
                buttons.append(Button(label=agreement.partner[:40], data=f"ag:{agreement.id}"))
        lines += ["", PICK_AGREEMENT(language)]
        rows = [buttons[i : i + 2] for i in range(0, min(len(buttons), MAX_BUTTONS), 2)]
        return Reply(text="\n".join(lines), buttons=button_rows(*rows), language=language)

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


def _region_buttons(candidates: tuple[RegionCandidate, ...]) -> tuple[tuple[Button, ...], ...]:
    buttons = [
        Button(label=c.region.display_name[:40], data=f"rg:{c.region.code}")
        for c in candidates[:MAX_BUTTONS]
    ]
    return button_rows(*[buttons[i : i + 2] for i in range(0, len(buttons), 2)])


def _quote(query: str) -> str:
    shown = " ".join(query.split())
    return shown if len(shown) <= 60 else shown[:57] + "..."
