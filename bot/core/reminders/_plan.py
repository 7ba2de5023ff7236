"""What is due when: one API, built once from the policy, the calendar and the timezones.

:class:`WhatIsDue` answers every form of the question the bot asks:

* :meth:`WhatIsDue.items` -- what is due for one agreement as of a local day, each due
  date marked as an estimate when the policy computed it (``/pengingat``, the welcome);
* :meth:`WhatIsDue.on_day` -- what would be sent on one local day (``reminders plan``);
* :meth:`WhatIsDue.as_of` -- what the outbox should hold as of an instant: for each due
  date and recipient, the latest reminder whose send time has come (the planner,
  ``reminders send --dry-run``, the bench); and :meth:`WhatIsDue.missed_before`, the
  older ones of the same due date that were never sent (recorded as superseded, so a bot
  that was down sends one reminder, not a pile);
* :meth:`WhatIsDue.still_due` -- whether a stored delivery is still wanted (the dispatcher).

An estimated due date repeats its overdue reminder at most once per
``estimate_overdue_repeat_days`` (a monthly nudge, on its day only: a missed one is not
caught up), an explicit one at the policy's weekly repeat. A subscription gets no
reminder whose send time came before it was made: its welcome summary covers those, so
subscribing never brings a backlog.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.core.models import Agreement, ChatAddress, Subscription
from bot.core.reminders._dprd import dprd_slots_between, latest_dprd_slot
from bot.core.reminders._messages import is_explicit
from bot.core.reminders._outbox import Delivery, NewDelivery
from bot.core.reminders._policy import KINDS, ReminderKind, ReminderPolicy, due_date
from bot.core.reminders._schedule import (
    DEFAULT_TIMEZONE,
    Slot,
    last_send_day,
    latest_slot,
    send_instant,
    slots_between,
    slots_on,
    zone,
)
from bot.core.reminders._working_days import MAX_SHIFT_DAYS, WorkingCalendar

TimezoneOf = Callable[[str], str | None]
# The policy's kinds and the DPRD window (sent on working-day leads, never repeated).
PLANNED_KINDS: tuple[ReminderKind, ...] = (*KINDS, "dprd")


@dataclass(frozen=True, slots=True, kw_only=True)
class DueItem:
    """One thing due for an agreement: what, when, and whether the date is an estimate."""

    agreement: Agreement
    kind: ReminderKind
    due: date
    estimate: bool
    next_reminder: date | None = None  # the next local day a reminder of it goes out


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedReminder:
    """One reminder on a day, to one recipient (or to nobody: no subscriber yet)."""

    agreement_id: int
    region_code: str
    partner: str
    kind: ReminderKind
    due: date
    lead_days: int
    send_at: datetime  # aware, in the region's timezone
    address: ChatAddress | None
    estimate: bool = False

    def to_json(self) -> dict[str, object]:
        """The ``reminders plan --json`` object (DESIGN.md)."""
        return {
            "region": self.region_code,
            "partner": self.partner,
            "kind": self.kind,
            "due": self.due.isoformat(),
            "lead_days": self.lead_days,
            "send_at": self.send_at.isoformat(),
            "channel": self.address.channel if self.address else None,
            "chat_id": self.address.chat_id if self.address else None,
        }


def by_region(subscriptions: Iterable[Subscription]) -> dict[str, list[Subscription]]:
    """Active subscriptions grouped by region code."""
    grouped: dict[str, list[Subscription]] = {}
    for sub in subscriptions:
        if not sub.paused:
            grouped.setdefault(sub.region_code, []).append(sub)
    return grouped


class WhatIsDue:
    """The one answer to "what is due, when, for whom" (see the module docstring)."""

    def __init__(
        self, *, policy: ReminderPolicy, calendar: WorkingCalendar, timezone_of: TimezoneOf
    ) -> None:
        self.policy = policy
        self.calendar = calendar
        self._timezone_of = timezone_of
        self._estimates = policy.for_estimates()

    def timezone(self, region_code: str) -> str:
        """The region's IANA timezone (Asia/Jakarta when unknown)."""
        return self._timezone_of(region_code) or DEFAULT_TIMEZONE

    def today(self, region_code: str, now: datetime) -> date:
        """The local date in the region at ``now``."""
        return now.astimezone(zone(self.timezone(region_code))).date()

    def policy_for(self, agreement: Agreement, kind: ReminderKind) -> ReminderPolicy:
        """The schedule of one due date: estimates repeat less often once overdue."""
        return self.policy if is_explicit(agreement, kind) else self._estimates

    def item(self, agreement: Agreement, kind: ReminderKind, today: date) -> DueItem | None:
        """What is due of ``kind`` for the agreement as of local ``today``, or None."""
        due = due_date(agreement, kind, self.policy, today)
        if due is None:
            return None
        policy = self.policy_for(agreement, kind)
        end = max(due, today) + timedelta(days=policy.overdue_repeat_days + MAX_SHIFT_DAYS)
        upcoming = slots_between(due, today, end, policy, self.calendar)
        return DueItem(
            agreement=agreement,
            kind=kind,
            due=due,
            estimate=not is_explicit(agreement, kind),
            next_reminder=upcoming[0].send_date if upcoming else None,
        )

    def items(self, agreement: Agreement, today: date) -> list[DueItem]:
        """Everything due for one agreement (report, review), as of local ``today``."""
        found = (self.item(agreement, kind, today) for kind in KINDS)
        return [i for i in found if i is not None]

    def still_due(self, row: Delivery, agreement: Agreement, now: datetime) -> bool:
        """Whether the agreement still has the row's due date (not met, not changed)."""
        today = self.today(row.region_code, now)
        return due_date(agreement, row.kind, self.policy, today) == row.due

    def on_day(
        self,
        day: date,
        *,
        agreements: Sequence[Agreement],
        subscriptions: Mapping[str, Sequence[Subscription]],
    ) -> list[PlannedReminder]:
        """Every reminder whose send day (local to its region) is ``day``, in send order."""
        planned: list[PlannedReminder] = []
        for agreement in agreements:
            if agreement.id is None:
                continue
            timezone = self.timezone(agreement.region_code)
            for kind in PLANNED_KINDS:
                due = due_date(agreement, kind, self.policy, day)
                if due is None:
                    continue
                policy = self.policy_for(agreement, kind)
                for slot in _slots_on(kind, due, day, policy, self.calendar):
                    send_at = send_instant(slot.send_date, policy, timezone)
                    recipients = [
                        s
                        for s in subscriptions.get(agreement.region_code) or ()
                        if _subscribed_by(s, send_at)
                    ]
                    addresses: list[ChatAddress | None] = [s.address for s in recipients] or [None]
                    planned.extend(
                        PlannedReminder(
                            agreement_id=agreement.id,
                            region_code=agreement.region_code,
                            partner=agreement.partner,
                            kind=kind,
                            due=due,
                            lead_days=slot.lead_days,
                            send_at=send_at,
                            address=address,
                            estimate=not is_explicit(agreement, kind),
                        )
                        for address in addresses
                    )
        planned.sort(key=lambda p: (p.send_at, p.region_code, p.partner, p.kind))
        return planned

    def as_of(
        self,
        now: datetime,
        *,
        agreements: Sequence[Agreement],
        subscriptions: Mapping[str, Sequence[Subscription]],
    ) -> tuple[list[NewDelivery], dict[tuple[int, str], date]]:
        """The deliveries due as of ``now`` (pending), and each agreement's current due dates.

        Per due date and recipient: the latest reminder whose send time has come (and
        came after the recipient subscribed). Adding them with ON CONFLICT DO NOTHING
        leaves rows already there untouched; for the ones that are new,
        :meth:`missed_before` gives the older reminders to record as superseded.
        """
        deliveries: list[NewDelivery] = []
        current: dict[tuple[int, str], date] = {}
        for agreement in agreements:
            if agreement.id is None:
                continue
            recipients = subscriptions.get(agreement.region_code) or ()
            timezone = self.timezone(agreement.region_code)
            day = last_send_day(now, self.policy, timezone)
            for kind in PLANNED_KINDS:
                due = due_date(agreement, kind, self.policy, day)
                if due is None:
                    continue
                current[(agreement.id, kind)] = due
                if not recipients:
                    continue
                policy = self.policy_for(agreement, kind)
                latest = _latest_slot(kind, due, day, policy, self.calendar)
                if latest is None:
                    continue
                if policy.overdue_chained and latest.lead_days < 0 and latest.send_date < day:
                    # a missed monthly mention of an overdue estimate is not caught up
                    # later: that would bring it closer than a month to the next one
                    continue
                send_at = send_instant(latest.send_date, policy, timezone)
                deliveries.extend(
                    NewDelivery(
                        agreement_id=agreement.id,
                        region_code=agreement.region_code,
                        kind=kind,
                        due=due,
                        lead_days=latest.lead_days,
                        channel=sub.address.channel,
                        chat_id=sub.address.chat_id,
                        user_id=sub.user_id,
                        send_at=send_at,
                        estimate=policy.overdue_chained,
                    )
                    for sub in recipients
                    if _subscribed_by(sub, send_at)
                )
        return deliveries, current

    def missed_before(self, latest: NewDelivery) -> list[NewDelivery]:
        """The reminders of the same due date and recipient that came due before ``latest``
        (within ``superseded_record_days``), as superseded records: never sent, but on file.
        """
        policy = self._estimates if latest.estimate else self.policy
        day = latest.send_at.date()  # send_at is in the region's timezone
        earlier: Sequence[Slot]
        if latest.kind == "dprd":
            start = day - timedelta(days=policy.superseded_record_days)
            earlier = [
                s
                for s in dprd_slots_between(latest.due, start, day, self.calendar)
                if s.send_date < day
            ]
        else:
            earlier = _earlier_slots(latest.due, day, policy, self.calendar)
        tz = latest.send_at.tzinfo
        return [
            dataclasses.replace(
                latest,
                lead_days=slot.lead_days,
                send_at=datetime.combine(slot.send_date, policy.send_time, tzinfo=tz),
                status="superseded",
            )
            for slot in earlier
        ]


def _subscribed_by(subscription: Subscription, send_at: datetime) -> bool:
    """Whether the chat had subscribed when the reminder went out (no backlog on joining)."""
    return subscription.since is None or subscription.since <= send_at


@functools.lru_cache(maxsize=4096)
def _earlier_slots(
    due: date, day: date, policy: ReminderPolicy, calendar: WorkingCalendar
) -> tuple[Slot, ...]:
    # Cached: a planning pass asks this for thousands of recipients sharing a few due dates.
    start = day - timedelta(days=policy.superseded_record_days)
    return tuple(s for s in slots_between(due, start, day, policy, calendar) if s.send_date < day)


def _slots_on(
    kind: ReminderKind, due: date, day: date, policy: ReminderPolicy, calendar: WorkingCalendar
) -> list[Slot]:
    if kind == "dprd":
        return dprd_slots_between(due, day, day, calendar)
    return slots_on(due, day, policy, calendar)


def _latest_slot(
    kind: ReminderKind, due: date, day: date, policy: ReminderPolicy, calendar: WorkingCalendar
) -> Slot | None:
    if kind == "dprd":
        return latest_dprd_slot(due, day, calendar)
    return latest_slot(due, day, policy, calendar)
