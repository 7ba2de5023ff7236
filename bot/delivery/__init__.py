"""Reminder delivery: the outbox planner, the dispatcher and its rate limiter.

The database is the source of truth; the scheduler (:mod:`bot.delivery.scheduler`) only calls
:meth:`OutboxPlanner.plan` and :meth:`Dispatcher.dispatch_due` now and then.
"""

from bot.delivery.dispatcher import Dispatcher, DispatchStats
from bot.delivery.planner import OutboxPlanner, PlanStats
from bot.delivery.ratelimit import RateLimiter

__all__ = ["DispatchStats", "Dispatcher", "OutboxPlanner", "PlanStats", "RateLimiter"]
