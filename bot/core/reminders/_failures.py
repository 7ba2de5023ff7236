"""Failed reminder deliveries, for the admins: /gagal | /failures and the failure notices.

A delivery fails when the channel refuses it for good (the user blocked the bot), after
too many attempts, or when the provider reports a failure after accepting the message
(WhatsApp's re-engagement error 131047 arriving on its webhook). Its outcome is
*unknown* when the request may have reached the platform (a timeout after sending, an
answer the client could not parse, a process that died mid-send): it is not resent, and
is listed and told to the admins with the failures, marked as such. None is dropped
silently: admins list the recent ones with /gagal, and the delivery side pushes a notice
to them for every failure (:mod:`bot.delivery.failure_notices`), using the lines built
here. On WhatsApp a chat id is the officer's phone number, so chat ids, and any long run
of digits in a provider's error text, are shown with their last four digits only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Protocol

from bot.core.dates import format_day
from bot.core.dialogue import ButtonHandler, CommandHandler, Turn
from bot.core.models import Language, Region, Reply
from bot.core.numbers import whole_number
from bot.core.ports import AgreementRepository
from bot.core.reminders._messages import kind_label
from bot.core.reminders._outbox import Delivery, OutboxRepository
from bot.core.reminders._schedule import DEFAULT_TIMEZONE, zone
from bot.core.texts import Text

DEFAULT_LISTED = 10
MAX_LISTED = 20
MAX_TEXT_CHARS = 3500  # under Telegram's and WhatsApp's 4,096 with room for the footer
MAX_ERROR_CHARS = 160
MAX_PARTNER_CHARS = 40
_ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
# a phone number, written plainly or with spaces and dashes (7 digits or more)
_LONG_NUMBER = re.compile(r"\+?\d(?:[\s-]?\d){6,}")


OUTCOMES: Mapping[str, Text] = {
    "failed": Text(id="gagal", en="failed"),
    "unknown": Text(
        id="status tidak pasti (mungkin terkirim; tidak dikirim ulang)",
        en="outcome unknown (may have been delivered; not resent)",
    ),
}
TEXTS: Mapping[str, Text] = {
    "line": Text(
        id="#{number} {region} – {partner}: {kind} jatuh tempo {due}; {where}; {outcome} "
        "{when}: {error}",
        en="#{number} {region} – {partner}: {kind} due {due}; {where}; {outcome} {when}: {error}",
    ),
    "more": Text(id="… +{rest} lainnya", en="… +{rest} more"),
    # English counts its reminders (one reminder, two reminders); Indonesian does not.
    "notice_one": Text(
        id="⚠️ {count} pengingat gagal terkirim:", en="⚠️ {count} reminder could not be delivered:"
    ),
    "notice_many": Text(
        id="⚠️ {count} pengingat gagal terkirim:",
        en="⚠️ {count} reminders could not be delivered:",
    ),
    "notice_unsure": Text(
        id="⚠️ {count} pengingat tidak pasti terkirim ({unsure} mungkin terkirim):",
        en="⚠️ {count} reminder(s) not confirmed delivered ({unsure} may have been):",
    ),
    "notice_footer": Text(id="Daftar kegagalan terbaru: /gagal", en="Recent failures: /failures"),
    "admins_only": Text(
        id="Maaf, daftar kegagalan pengiriman hanya untuk admin sisterbot.",
        en="Sorry, only sisterbot admins can see delivery failures.",
    ),
    "none": Text(
        id="Tidak ada pengingat yang gagal terkirim.",
        en="No reminder has failed to be delivered.",
    ),
    "header": Text(
        id="Pengingat yang gagal terkirim, terbaru dulu ({count}):",
        en="Failed reminder deliveries, newest first ({count}):",
    ),
}


class RegionGetter(Protocol):
    """What failure lines need of the region index."""

    def get(self, code: str) -> Region | None:
        """The region with that code."""
        ...


def mask_chat_id(chat_id: str) -> str:
    """All but the last four characters hidden: ``•••7890``."""
    return "•••" + chat_id[-4:]


def mask_numbers(text: str) -> str:
    """Every run of seven or more digits (a phone number) masked like a chat id."""
    return _LONG_NUMBER.sub(lambda m: mask_chat_id(re.sub(r"\D", "", m.group())), text)


def _clip(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class FailureLines:
    """Describes failed deliveries in a few words each, without full phone numbers."""

    def __init__(self, *, agreements: AgreementRepository, regions: RegionGetter) -> None:
        self._agreements = agreements
        self._regions = regions

    def line(self, delivery: Delivery, language: Language) -> str:
        """Region, partner, kind, due date, channel and masked chat, error, when."""
        region = self._regions.get(delivery.region_code)
        region_name = region.display_name if region else delivery.region_code
        agreement = self._agreements.get(delivery.agreement_id)
        partner = _clip(agreement.partner, MAX_PARTNER_CHARS) if agreement else "?"
        due = format_day(delivery.due, language)
        error = _clip(mask_numbers(delivery.last_error or "?"), MAX_ERROR_CHARS)
        when = "?"
        if delivery.failed_at is not None:
            timezone = region.timezone if region else DEFAULT_TIMEZONE
            local = delivery.failed_at.astimezone(zone(timezone))
            when = f"{local:%Y-%m-%d %H:%M} {_ZONE_NAMES.get(timezone, timezone)}"
        where = f"{delivery.channel} {mask_chat_id(delivery.chat_id)}"
        kind = kind_label(delivery.kind, language)
        outcome = OUTCOMES["unknown" if delivery.status == "unknown" else "failed"](language)
        return TEXTS["line"](
            language,
            number=delivery.id,
            region=region_name,
            partner=partner,
            kind=kind,
            due=due,
            where=where,
            outcome=outcome,
            when=when,
            error=error,
        )

    def listing(
        self, deliveries: Sequence[Delivery], language: Language, header: str, footer: str
    ) -> str:
        """The header, one line per delivery while they fit, and the footer."""
        lines = [header]
        used = len(header) + len(footer) + 2
        shown = 0
        for delivery in deliveries:
            line = self.line(delivery, language)
            if used + len(line) + 1 > MAX_TEXT_CHARS:
                break
            lines.append(line)
            used += len(line) + 1
            shown += 1
        if shown < len(deliveries):
            rest = len(deliveries) - shown
            lines.append(TEXTS["more"](language, rest=rest))
        if footer:
            lines.append(footer)
        return "\n".join(lines)


def failure_notice(lines: FailureLines, failed: Sequence[Delivery], language: Language) -> Reply:
    """The message pushed to admins when reminders failed for good."""
    count = len(failed)
    unsure = sum(d.status == "unknown" for d in failed)
    if unsure:
        header = TEXTS["notice_unsure"](language, count=count, unsure=unsure)
    else:
        header = TEXTS["notice_one" if count == 1 else "notice_many"](language, count=count)
    footer = TEXTS["notice_footer"](language)
    text = lines.listing(failed, language, header, footer)
    return Reply(text=text, language=language, template_params=(text,))


class FailureFeature:
    """``/gagal`` | ``/failures [n]``: the latest failed reminder deliveries (admins only)."""

    def __init__(
        self, *, outbox: OutboxRepository, agreements: AgreementRepository, regions: RegionGetter
    ) -> None:
        self._outbox = outbox
        self._lines = FailureLines(agreements=agreements, regions=regions)

    def commands(self) -> Mapping[str, CommandHandler]:
        """Indonesian and English names."""
        return {"gagal": self.list_failures, "failures": self.list_failures}

    def buttons(self) -> Mapping[str, ButtonHandler]:
        """None."""
        return {}

    def claim_text(self, turn: Turn) -> Reply | None:
        """Free text is not this feature's business."""
        return None

    def list_failures(self, turn: Turn, args: str) -> Reply:
        """The latest failures, newest first; a polite refusal for non-admins."""
        language = turn.language
        if not turn.is_admin:
            return Reply(text=TEXTS["admins_only"](language), language=language)
        word = args.split()[0] if args.split() else ""
        count = whole_number(word, 3)
        if count is None:
            count = DEFAULT_LISTED
        failed = self._outbox.recent_failures(max(1, min(count, MAX_LISTED)))
        if not failed:
            return Reply(text=TEXTS["none"](language), language=language)
        header = TEXTS["header"](language, count=len(failed))
        return Reply(text=self._lines.listing(failed, language, header, ""), language=language)
