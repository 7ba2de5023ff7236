"""Reminders: what is due when, as pure rules, and the dialogue around it.

Behind this face: the policy and due dates (``_policy``), the working-day calendar
(``_working_days``), send instants (``_schedule``), the one "what is due" API
(``_plan``: :class:`WhatIsDue`), the morning digest (``_digest``), the
outbox port (``_outbox``), reminder messages (``_messages``), subscriptions, officers and
failed deliveries as dialogue features (``_subscriptions``, ``_officers``, ``_failures``).
"""

from bot.core.reminders._digest import DigestItem, DigestPart, digest_parts
from bot.core.reminders._failures import FailureFeature, FailureLines, RegionGetter, failure_notice
from bot.core.reminders._messages import is_explicit, reminder_reply
from bot.core.reminders._officers import (
    OfficerDirectory,
    admin_addresses,
    decision_notice,
    request_notice,
)
from bot.core.reminders._outbox import (
    CHAT_WINDOW,
    REPORTED_STATUSES,
    Delivery,
    DeliveryKey,
    DeliveryStatus,
    NewDelivery,
    OutboxRepository,
)
from bot.core.reminders._plan import (
    DueItem,
    PlannedReminder,
    TimezoneOf,
    WhatIsDue,
    by_region,
)
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
    "CHAT_WINDOW",
    "DEFAULT_TIMEZONE",
    "REPORTED_STATUSES",
    "Delivery",
    "DeliveryKey",
    "DeliveryStatus",
    "DigestItem",
    "DigestPart",
    "DueItem",
    "FailureFeature",
    "FailureLines",
    "IndonesianCalendar",
    "NewDelivery",
    "OfficerDirectory",
    "OutboxRepository",
    "PlannedReminder",
    "RegionGetter",
    "ReminderKind",
    "ReminderPolicy",
    "SubscriptionFeature",
    "TimezoneOf",
    "WhatIsDue",
    "WorkingCalendar",
    "admin_addresses",
    "by_region",
    "calendar_for",
    "decision_notice",
    "digest_parts",
    "due_date",
    "failure_notice",
    "is_explicit",
    "load_policy",
    "next_report_due",
    "next_review_due",
    "reminder_reply",
    "request_notice",
    "zone",
]
