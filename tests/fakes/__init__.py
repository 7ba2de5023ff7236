"""In-memory implementations of the core's ports, for tests and for trying things out.

They behave like the SQLAlchemy repositories (same uniqueness rules, same ordering),
so a test written against a fake says something true about the real thing.
"""

from tests.fakes.notifier import RecordingNotifier
from tests.fakes.outbox import InMemoryOutbox, ListedOutbox
from tests.fakes.repositories import (
    InMemoryAgreements,
    InMemoryCuratorLog,
    InMemoryOfficers,
    InMemorySubscriptions,
    InMemoryUsers,
)

__all__ = [
    "InMemoryAgreements",
    "InMemoryCuratorLog",
    "InMemoryOfficers",
    "InMemoryOutbox",
    "InMemorySubscriptions",
    "InMemoryUsers",
    "ListedOutbox",
    "RecordingNotifier",
]
