"""Which reminders go to whom: agreements x subscriptions x policy, for a day or an instant.

Two questions, both pure:

* :func:`plan_day` -- what would be sent on one local day (``sisterbot reminders plan``);
* :func:`due_deliveries` -- what the outbox should hold as of an instant: for each due
  date and recipient, the latest reminder whose send time has come; and
  :func:`missed_before`, the older ones of the same due date that were never sent
  (recorded as superseded, so a bot that was down sends one reminder, not a pile).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.core.models import Agreement, ChatAddress, Subscription
from bot.core.reminders._dprd import dprd_slots_between, latest_dprd_slot
from bot.core.reminders._outbox import NewDelivery
from bot.core.reminders._policy import KINDS, ReminderKind, ReminderPolicy, due_date
from bot.core.reminders._schedule import (
    DEFAULT_TIMEZONE,
    Slot,
    last_send_day,
    latest_slot,
    send_instant,
    slots_between,
    slots_on,
)
from bot.core.reminders._working_days import WorkingCalendar

TimezoneOf = Callable[[str], str | None]
# The policy's kinds and the DPRD window (sent on working-day leads, never repeated).
PLANNED_KINDS: tuple[ReminderKind, ...] = (*KINDS, "dprd")


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


def plan_day(
    day: date,
    *,
    agreements: Sequence[Agreement],
    subscriptions: Mapping[str, Sequence[Subscription]],
    timezone_of: TimezoneOf,
    policy: ReminderPolicy,
    calendar: WorkingCalendar,
) -> list[PlannedReminder]:
    """Every reminder whose send day (local to its region) is ``day``, in send order."""
    planned: list[PlannedReminder] = []
    for agreement in agreements:
        if agreement.id is None:
            continue
        timezone = timezone_of(agreement.region_code) or DEFAULT_TIMEZONE
        for kind in PLANNED_KINDS:
            due = due_date(agreement, kind, policy, day)
            if due is None:
                continue
            for slot in _slots_on(kind, due, day, policy, calendar):
                send_at = send_instant(slot.send_date, policy, timezone)
                recipients = subscriptions.get(agreement.region_code) or ()
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
                    )
                    for address in addresses
                )
    planned.sort(key=lambda p: (p.send_at, p.region_code, p.partner, p.kind))
    return planned


def due_deliveries(
    now: datetime,
    *,
    agreements: Sequence[Agreement],
    subscriptions: Mapping[str, Sequence[Subscription]],
    timezone_of: TimezoneOf,
    policy: ReminderPolicy,
    calendar: WorkingCalendar,
) -> tuple[list[NewDelivery], dict[tuple[int, str], date]]:
    """The deliveries due as of ``now`` (pending), and each agreement's current due dates.

    Per due date and recipient: the latest reminder whose send time has come. Adding
    them with ON CONFLICT DO NOTHING leaves rows already there untouched; for the ones
    that are new, :func:`missed_before` gives the older reminders to record as superseded.
    """
    deliveries: list[NewDelivery] = []
    current: dict[tuple[int, str], date] = {}
    for agreement in agreements:
        if agreement.id is None:
            continue
        recipients = subscriptions.get(agreement.region_code) or ()
        timezone = timezone_of(agreement.region_code) or DEFAULT_TIMEZONE
        day = last_send_day(now, policy, timezone)
        for kind in PLANNED_KINDS:
            due = due_date(agreement, kind, policy, day)
            if due is None:
                continue
            current[(agreement.id, kind)] = due
            if not recipients:
                continue
            latest = _latest_slot(kind, due, day, policy, calendar)
            if latest is None:
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
                )
                for sub in recipients
            )
    return deliveries, current


def missed_before(
    latest: NewDelivery, policy: ReminderPolicy, calendar: WorkingCalendar
) -> list[NewDelivery]:
    """The reminders of the same due date and recipient that came due before ``latest``
    (within ``superseded_record_days``), as superseded records: never sent, but on file.
    """
    day = latest.send_at.date()  # send_at is in the region's timezone
    if latest.kind == "dprd":
        start = day - timedelta(days=policy.superseded_record_days)
        earlier: Sequence[Slot] = [
            s for s in dprd_slots_between(latest.due, start, day, calendar) if s.send_date < day
        ]
    else:
        earlier = _earlier_slots(latest.due, day, policy, calendar)
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
