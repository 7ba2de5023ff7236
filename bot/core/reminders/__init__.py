"""Reminders: what is due when, as pure rules, and the dialogue around it.

Behind this face: the policy and due dates (``_policy``), the working-day calendar
(``_working_days``), send instants (``_schedule``), the one "what is due" API
(``_plan``: :class:`WhatIsDue`), the morning digest (``_digest``), the
outbox port (``_outbox``), reminder messages (``_messages``), subscriptions, officers and
failed deliveries as dialogue features (``_subscriptions``, ``_officers``, ``_failures``),
the DPRD's 45-working-day window (``_dprd``, ``_dprd_texts``), the counts of the admins'
weekly recap and the console's overview (``_overview``), admins' announcements
(``_announcements``).
"""

from bot.core.reminders._announce_feature import AnnouncementFeature
from bot.core.reminders._announcements import (
    MAX_ANNOUNCEMENT_CHARS,
    Announcement,
    AnnouncementDelivery,
    AnnouncementStore,
    Audience,
    announcement_reply,
    audience_label,
    recipients,
    status_line,
)
from bot.core.reminders._digest import DigestItem, DigestPart, digest_parts
from bot.core.reminders._dprd import (
    DPRD_ARTICLE,
    DPRD_LEADS,
    DPRD_WORKING_DAYS,
    DprdWindow,
    add_working_days,
    agreement_dprd_window,
    dprd_calendar,
    dprd_window,
    working_days_between,
)
from bot.core.reminders._dprd_texts import dprd_card_line
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
from bot.core.reminders._overview import (
    UPCOMING_DAYS,
    OverviewCounts,
    ProvinceCounts,
    overview_counts,
    recap_text,
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
    "DPRD_ARTICLE",
    "DPRD_LEADS",
    "DPRD_WORKING_DAYS",
    "MAX_ANNOUNCEMENT_CHARS",
    "REPORTED_STATUSES",
    "UPCOMING_DAYS",
    "Announcement",
    "AnnouncementDelivery",
    "AnnouncementFeature",
    "AnnouncementStore",
    "Audience",
    "Delivery",
    "DeliveryKey",
    "DeliveryStatus",
    "DigestItem",
    "DigestPart",
    "DprdWindow",
    "DueItem",
    "FailureFeature",
    "FailureLines",
    "IndonesianCalendar",
    "NewDelivery",
    "OfficerDirectory",
    "OutboxRepository",
    "OverviewCounts",
    "PlannedReminder",
    "ProvinceCounts",
    "RegionGetter",
    "ReminderKind",
    "ReminderPolicy",
    "SubscriptionFeature",
    "TimezoneOf",
    "WhatIsDue",
    "WorkingCalendar",
    "add_working_days",
    "admin_addresses",
    "agreement_dprd_window",
    "announcement_reply",
    "audience_label",
    "by_region",
    "calendar_for",
    "decision_notice",
    "digest_parts",
    "dprd_calendar",
    "dprd_card_line",
    "dprd_window",
    "due_date",
    "failure_notice",
    "is_explicit",
    "load_policy",
    "next_report_due",
    "next_review_due",
    "overview_counts",
    "recap_text",
    "recipients",
    "reminder_reply",
    "request_notice",
    "status_line",
    "working_days_between",
    "zone",
]
