"""Reminders: what is due when, as pure rules, and the dialogue around it.

Behind this face: the policy and due dates (``_policy``), the working-day calendar
(``_working_days``), send instants (``_schedule``), what is due on a day (``_plan``), the
outbox port (``_outbox``), reminder messages (``_messages``), subscriptions, officers and
failed deliveries as dialogue features (``_subscriptions``, ``_officers``, ``_failures``).
"""

from bot.core.reminders._failures import FailureFeature, FailureLines, RegionGetter, failure_notice
from bot.core.reminders._messages import reminder_reply
from bot.core.reminders._officers import (
    OfficerDirectory,
    admin_addresses,
    decision_notice,
    request_notice,
)
from bot.core.reminders._outbox import (
    Delivery,
    DeliveryKey,
    DeliveryStatus,
    NewDelivery,
    OutboxRepository,
)
from bot.core.reminders._plan import TimezoneOf, by_region, due_deliveries, missed_before, plan_day
from bot.core.reminders._policy import (
    ReminderKind,
    ReminderPolicy,
    due_date,
    load_policy,
    next_report_due,
    next_review_due,
)
from bot.core.reminders._schedule import DEFAULT_TIMEZONE, calendar_for, zone
from bot.core.reminders._subscriptions import SubscriptionFeature
from bot.core.reminders._working_days import IndonesianCalendar, WorkingCalendar

__all__ = [
    "DEFAULT_TIMEZONE",
    "Delivery",
    "DeliveryKey",
    "DeliveryStatus",
    "FailureFeature",
    "FailureLines",
    "IndonesianCalendar",
    "NewDelivery",
    "OfficerDirectory",
    "OutboxRepository",
    "RegionGetter",
    "ReminderKind",
    "ReminderPolicy",
    "SubscriptionFeature",
    "TimezoneOf",
    "WorkingCalendar",
    "admin_addresses",
    "by_region",
    "calendar_for",
    "decision_notice",
    "due_date",
    "due_deliveries",
    "failure_notice",
    "load_policy",
    "missed_before",
    "next_report_due",
    "next_review_due",
    "plan_day",
    "reminder_reply",
    "request_notice",
    "zone",
]
