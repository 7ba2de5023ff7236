"""Subscriptions, officer verification and the reminder buttons, as a dialogue feature.

Commands: /langganan | /subscribe <region>, /berhenti | /unsubscribe [region],
/pengingat | /reminders (what is coming for my regions), /daftar | /verify <region> (ask to
be verified as an officer), /verifikasi | /requests (admins: pending requests).

Buttons (data is untrusted; everything it implies is re-checked here):
``rm:d:<delivery>`` mark done (verified officers of the delivery's region and admins),
``rm:s:<delivery>`` remind tomorrow (the chat the reminder went to), ``rm:i:<agreement>``
details, ``rm:v:<delivery>`` one digest item with those three buttons (WhatsApp's list),
``of:a:<request>`` / ``of:r:<request>`` approve / reject (admins only),
``sb:<code>``, ``ub:<code>``, ``dr:<code>`` a region chosen among ambiguous candidates,
``pk:<code>`` the region's estimated due dates (the welcome's button).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Protocol

from bot.core.dates import format_long_day as long_date
from bot.core.dialogue import ButtonHandler, CommandHandler, Turn
from bot.core.models import (
    Agreement,
    Button,
    ChatAddress,
    OfficerRequest,
    OfficerStatus,
    Region,
    RegionMatch,
    Reply,
    button_rows,
)
from bot.core.numbers import whole_number
from bot.core.ports import AgreementRepository, SubscriptionRepository
from bot.core.reminders._messages import agreement_detail, kind_label, reminder_reply
from bot.core.reminders._officers import OfficerDirectory
from bot.core.reminders._outbox import NewDelivery, OutboxRepository
from bot.core.reminders._plan import WhatIsDue
from bot.core.reminders._policy import (
    ReminderKind,
    ReminderPolicy,
    due_date,
    next_report_due,
    next_review_due,
    record_report,
    record_review,
)
from bot.core.reminders._schedule import DEFAULT_TIMEZONE, calendar_for, send_instant, zone
from bot.core.reminders._subscription_texts import texts_for
from bot.core.reminders._summaries import TEXTS as SUMMARY
from bot.core.reminders._summaries import estimates_reply, region_lines, welcome_reply
from bot.core.reminders._working_days import WorkingCalendar

MAX_ID_DIGITS = 12


class RegionLookup(Protocol):
    """What the feature needs of the region index."""

    def resolve(self, text: str) -> RegionMatch:
        """Resolve a region name, code or alias."""
        ...

    def get(self, code: str) -> Region | None:
        """The region with that code."""
        ...


class SubscriptionFeature:
    """Subscriptions, officers and reminder buttons (see the module docstring)."""

    def __init__(
        self,
        *,
        regions: RegionLookup,
        agreements: AgreementRepository,
        subscriptions: SubscriptionRepository,
        officers: OfficerDirectory,
        policy: ReminderPolicy,
        admins: frozenset[str],
        outbox: OutboxRepository,
        calendar: WorkingCalendar | None = None,
        due: WhatIsDue | None = None,
    ) -> None:
        self._regions = regions
        self._agreements = agreements
        self._subscriptions = subscriptions
        self._officers = officers
        self._policy = policy
        self._admins = admins
        self._outbox = outbox
        self._calendar = calendar or calendar_for(policy)
        self._due = due or WhatIsDue(
            policy=policy,
            calendar=self._calendar,
            timezone_of=lambda code: r.timezone if (r := regions.get(code)) else None,
        )

    # --- the Feature protocol ---------------------------------------------------------

    def commands(self) -> Mapping[str, CommandHandler]:
        """Indonesian and English names of each command."""
        return {
            "langganan": self.subscribe,
            "subscribe": self.subscribe,
            "berhenti": self.unsubscribe,
            "unsubscribe": self.unsubscribe,
            "pengingat": self.upcoming,
            "reminders": self.upcoming,
            "daftar": self.register,
            "verify": self.register,
            "verifikasi": self.pending_requests,
            "requests": self.pending_requests,
        }

    def buttons(self) -> Mapping[str, ButtonHandler]:
        """Reminder, officer and region-choice buttons."""
        return {
            "rm": self.reminder_button,
            "of": self.officer_button,
            "sb": lambda turn, code: self._with_code(turn, code, self._subscribe_region),
            "ub": lambda turn, code: self._with_code(turn, code, self._unsubscribe_region),
            "dr": lambda turn, code: self._with_code(turn, code, self._register_region),
            "pk": lambda turn, code: self._with_code(turn, code, self._estimates),
        }

    def claim_text(self, turn: Turn) -> Reply | None:
        """``langganan surabaya``, ``berhenti langganan``, ``pengingat saya`` in free text."""
        words = turn.text.casefold().split()
        if not words or len(words) > 6:
            return None
        head, rest = words[0], " ".join(turn.text.split()[1:])
        if head in ("langganan", "subscribe") and rest:
            return self.subscribe(turn, rest)
        if words[:2] in (["berhenti", "langganan"], ["stop", "langganan"]):
            return self.unsubscribe(turn, " ".join(turn.text.split()[2:]))
        if words in (["pengingat"], ["pengingat", "saya"], ["my", "reminders"]):
            return self.upcoming(turn, "")
        return None

    # --- commands -----------------------------------------------------------------------

    def subscribe(self, turn: Turn, args: str) -> Reply:
        """/langganan <region>."""
        return self._resolve_then(turn, args, "sb", self._subscribe_region)

    def unsubscribe(self, turn: Turn, args: str) -> Reply:
        """/berhenti [region]: one region, or all of the chat's."""
        t = texts_for(turn.language)
        if not args.strip():
            removed = self._subscriptions.unsubscribe(self._address(turn))
            return Reply(text=t.unsubscribed_all(removed), language=turn.language)
        return self._resolve_then(turn, args, "ub", self._unsubscribe_region)

    def register(self, turn: Turn, args: str) -> Reply:
        """/daftar <region>: ask to be verified as that region's officer."""
        return self._resolve_then(turn, args, "dr", self._register_region)

    def upcoming(self, turn: Turn, args: str) -> Reply:
        """/pengingat: the next report and review dates for the chat's regions."""
        t = texts_for(turn.language)
        subs = self._subscriptions.for_chat(self._address(turn))
        if not subs:
            return Reply(text=t.no_subscriptions, language=turn.language)
        lines: list[str] = []
        for sub in sorted(subs, key=lambda s: s.region_code):
            region = self._regions.get(sub.region_code)
            name = region.display_name if region else sub.region_code
            today = self._today(turn, sub.region_code)
            agreements = self._agreements.for_region(sub.region_code)
            items = [i for a in agreements for i in self._due.items(a, today)]
            lines.extend(
                region_lines(name, items, paused=sub.paused, today=today, language=turn.language)
            )
        lines.append(SUMMARY["estimate_note"](turn.language))
        return Reply(text="\n".join(lines), language=turn.language)

    def pending_requests(self, turn: Turn, args: str) -> Reply:
        """/verifikasi (admins): pending officer requests with their buttons."""
        t = texts_for(turn.language)
        if not turn.is_admin:
            return Reply(text=t.admins_only, language=turn.language)
        pending = self._officers.pending()[:10]
        if not pending:
            return Reply(text=t.no_pending, language=turn.language)
        rows = []
        lines = [t.pending_header]
        for request in pending:
            assert request.id is not None
            lines.append(f"#{request.id} {self._describe(request)}")
            rows.append(
                [
                    Button(label=f"✓ #{request.id}", data=f"of:a:{request.id}"),
                    Button(label=f"✗ #{request.id}", data=f"of:r:{request.id}"),
                ]
            )
        return Reply(text="\n".join(lines), buttons=button_rows(*rows), language=turn.language)

    # --- buttons ------------------------------------------------------------------------

    def reminder_button(self, turn: Turn, payload: str) -> Reply:
        """``d:<delivery>``, ``s:<delivery>``, ``v:<delivery>``, ``i:<agreement>``."""
        action, _, raw_id = payload.partition(":")
        item_id = whole_number(raw_id, MAX_ID_DIGITS)
        t = texts_for(turn.language)
        if item_id is None or action not in ("d", "s", "i", "v"):
            return Reply(text=t.stale_button, language=turn.language, notice=t.stale_button)
        if action == "i":
            return self._detail(turn, item_id)
        delivery = self._outbox.get(item_id)
        agreement = self._agreements.get(delivery.agreement_id) if delivery else None
        if delivery is None or agreement is None:
            return Reply(text=t.stale_button, language=turn.language, notice=t.stale_button)
        if action == "s":
            return self._snooze(turn, delivery.id, agreement)
        if delivery.kind == "dprd":  # the DPRD's answer is recorded as a stage, not here
            return Reply(text=t.stale_button, language=turn.language, notice=t.stale_button)
        if action == "v":
            return reminder_reply(
                delivery_id=delivery.id,
                agreement=agreement,
                region_name=self._region_name(agreement.region_code),
                kind=delivery.kind,
                due=delivery.due,
                today=self._today(turn, agreement.region_code),
                language=turn.language,
            )
        return self._mark_done(turn, delivery.kind, delivery.due, agreement)

    def officer_button(self, turn: Turn, payload: str) -> Reply:
        """``a:<request>`` approve, ``r:<request>`` reject: admins only."""
        t = texts_for(turn.language)
        action, _, raw_id = payload.partition(":")
        request_id = whole_number(raw_id, MAX_ID_DIGITS)
        if request_id is None or action not in ("a", "r"):
            return Reply(text=t.stale_button, language=turn.language, notice=t.stale_button)
        if not turn.is_admin:
            return Reply(text=t.admins_only, language=turn.language, notice=t.admins_only)
        status = OfficerStatus.APPROVED if action == "a" else OfficerStatus.REJECTED
        decided = self._officers.decide(request_id, status)
        if decided is None:
            existing = self._officers.get(request_id)
            text = t.already_decided(existing.status.value) if existing else t.stale_button
            return Reply(text=text, language=turn.language, notice=text)
        text = t.decided(decided.status is OfficerStatus.APPROVED, self._describe(decided))
        return Reply(text=text, language=turn.language, notice=text)

    # --- actions ------------------------------------------------------------------------

    def _subscribe_region(self, turn: Turn, region: Region) -> Reply:
        t = texts_for(turn.language)
        # no reminder whose time came before now: the welcome covers those, once
        added = self._subscriptions.subscribe(
            self._address(turn), region.code, turn.incoming.user_id, since=turn.now
        )
        name = region.display_name
        if not added:
            return Reply(text=f"{t.already(name)}\n{t.policy_note}", language=turn.language)
        today = self._today(turn, region.code)
        agreements = self._agreements.for_region(region.code)
        return welcome_reply(
            name=name,
            region_code=region.code,
            agreements=agreements,
            items=[i for a in agreements for i in self._due.items(a, today)],
            send_time=self._policy.send_time,
            today=today,
            language=turn.language,
        )

    def _estimates(self, turn: Turn, region: Region) -> Reply:
        today = self._today(turn, region.code)
        agreements = self._agreements.for_region(region.code)
        items = [i for a in agreements for i in self._due.items(a, today)]
        return estimates_reply(region.display_name, items, today=today, language=turn.language)

    def _unsubscribe_region(self, turn: Turn, region: Region) -> Reply:
        t = texts_for(turn.language)
        removed = self._subscriptions.unsubscribe(self._address(turn), region.code)
        return Reply(text=t.unsubscribed(region.display_name, removed), language=turn.language)

    def _register_region(self, turn: Turn, region: Region) -> Reply:
        t = texts_for(turn.language)
        incoming = turn.incoming
        if self._officers.is_officer(incoming.channel, incoming.user_id, region.code):
            return Reply(text=t.already_officer(region.display_name), language=turn.language)
        stored = self._officers.request(
            OfficerRequest(
                channel=incoming.channel,
                user_id=incoming.user_id,
                chat_id=incoming.chat_id,
                region_code=region.code,
                display_name=(incoming.display_name or "")[:100] or None,
            )
        )
        no_admins = not self._admins
        return Reply(
            text=t.request_sent(region.display_name, stored.id or 0, no_admins),
            language=turn.language,
        )

    def _mark_done(self, turn: Turn, kind: ReminderKind, due: date, agreement: Agreement) -> Reply:
        t = texts_for(turn.language)
        assert agreement.id is not None
        incoming = turn.incoming
        region_name = self._region_name(agreement.region_code)
        # The region comes from the stored agreement, never from the button data.
        allowed = turn.is_admin or self._officers.is_officer(
            incoming.channel, incoming.user_id, agreement.region_code
        )
        if not allowed:
            return Reply(
                text=t.not_officer(region_name, agreement.region_code),
                language=turn.language,
                notice=t.not_allowed,
            )
        today = self._today(turn, agreement.region_code)
        if due_date(agreement, kind, self._policy, today) != due:
            return Reply(text=t.already_recorded, language=turn.language, notice=t.already_recorded)
        if kind == "report":
            updated = record_report(agreement, self._policy, today)
            following = next_report_due(updated, self._policy, today)
        else:
            updated = record_review(agreement, self._policy, today)
            following = next_review_due(updated, self._policy, today)
        self._agreements.save(updated)
        self._outbox.cancel_due(agreement.id, kind, due, "done")
        text = t.recorded(
            kind_label(kind, turn.language),
            f"{region_name} - {agreement.partner}",
            long_date(following, turn.language) if following else "-",
        )
        return Reply(text=text, language=turn.language, notice=t.saved)

    def _snooze(self, turn: Turn, delivery_id: int, agreement: Agreement) -> Reply:
        t = texts_for(turn.language)
        delivery = self._outbox.get(delivery_id)
        assert delivery is not None and agreement.id is not None
        if delivery.address != self._address(turn):
            return Reply(text=t.not_your_reminder, language=turn.language, notice=t.not_allowed)
        timezone = self._timezone(agreement.region_code)
        tomorrow = turn.now.astimezone(zone(timezone)).date() + timedelta(days=1)
        self._outbox.add_many(
            [
                NewDelivery(
                    agreement_id=agreement.id,
                    region_code=agreement.region_code,
                    kind=delivery.kind,
                    due=delivery.due,
                    lead_days=(delivery.due - tomorrow).days,
                    channel=delivery.channel,
                    chat_id=delivery.chat_id,
                    user_id=turn.incoming.user_id,
                    send_at=send_instant(tomorrow, self._policy, timezone),
                )
            ]
        )
        text = t.snoozed(long_date(tomorrow, turn.language), self._policy.send_time)
        return Reply(text=text, language=turn.language, notice=text)

    def _detail(self, turn: Turn, agreement_id: int) -> Reply:
        t = texts_for(turn.language)
        agreement = self._agreements.get(agreement_id)
        if agreement is None:
            return Reply(text=t.stale_button, language=turn.language, notice=t.stale_button)
        today = self._today(turn, agreement.region_code)
        text = agreement_detail(
            agreement,
            self._region_name(agreement.region_code),
            report_due=next_report_due(agreement, self._policy, today),
            review_due=next_review_due(agreement, self._policy, today),
            language=turn.language,
        )
        return Reply(text=text, language=turn.language)

    # --- helpers ------------------------------------------------------------------------

    def _resolve_then(
        self, turn: Turn, args: str, prefix: str, action: Callable[[Turn, Region], Reply]
    ) -> Reply:
        t = texts_for(turn.language)
        query = args.strip()
        if not query:
            return Reply(text=t.name_a_region(prefix), language=turn.language)
        match = self._regions.resolve(query[:200])
        if match.kind in ("exact", "fuzzy") and match.region is not None:
            return action(turn, match.region)
        candidates = [c.region for c in match.candidates[:6]]
        if not candidates:
            return Reply(text=t.region_unknown(query[:60]), language=turn.language)
        buttons = [
            [Button(label=r.display_name[:60], data=f"{prefix}:{r.code}")] for r in candidates
        ]
        return Reply(
            text=t.choose_region(query[:60]), buttons=button_rows(*buttons), language=turn.language
        )

    def _with_code(self, turn: Turn, code: str, action: Callable[[Turn, Region], Reply]) -> Reply:
        region = self._regions.get(code) if len(code) <= 16 else None
        if region is None:
            t = texts_for(turn.language)
            return Reply(text=t.stale_button, language=turn.language, notice=t.stale_button)
        return action(turn, region)

    def _address(self, turn: Turn) -> ChatAddress:
        return ChatAddress(channel=turn.incoming.channel, chat_id=turn.incoming.chat_id)

    def _timezone(self, region_code: str) -> str:
        region = self._regions.get(region_code)
        return region.timezone if region else DEFAULT_TIMEZONE

    def _today(self, turn: Turn, region_code: str) -> date:
        return turn.now.astimezone(zone(self._timezone(region_code))).date()

    def _region_name(self, region_code: str) -> str:
        region = self._regions.get(region_code)
        return region.display_name if region else region_code

    def _describe(self, request: OfficerRequest) -> str:
        who = request.display_name or "?"
        region = self._region_name(request.region_code)
        return f"{who} ({request.channel}:{request.user_id}) - {region}"
