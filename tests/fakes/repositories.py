"""In-memory agreements, users, curator log, subscriptions and officers."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import datetime

from bot.core.models import (
    Agreement,
    ChatAddress,
    Feedback,
    KnowledgeGap,
    Language,
    OfficerRequest,
    OfficerStatus,
    Subscription,
    UpsertResult,
    UserProfile,
)


class InMemoryAgreements:
    """Agreements in a dict; (region, partner) is unique, case-insensitively."""

    def __init__(self, agreements: Sequence[Agreement] = ()) -> None:
        self._rows: dict[int, Agreement] = {}
        self._next_id = 1
        self.curated: set[int] = set()  # ids a curator wrote
        self.upsert_many(agreements, curated=False)

    def for_region(self, region_code: str) -> list[Agreement]:
        """The region's agreements, in insertion order."""
        return [a for a in self._rows.values() if a.region_code == region_code]

    def find_by_partner(self, text: str) -> list[Agreement]:
        """Agreements whose partner contains ``text``."""
        needle = text.casefold().strip()
        if not needle:
            return []
        return [a for a in self._rows.values() if needle in a.partner.casefold()]

    def get(self, agreement_id: int) -> Agreement | None:
        """One agreement."""
        return self._rows.get(agreement_id)

    def all(self) -> list[Agreement]:
        """Every agreement."""
        return list(self._rows.values())

    def upsert_many(self, agreements: Iterable[Agreement], *, curated: bool = True) -> UpsertResult:
        """Insert or update by (region, partner); identical rows are left alone."""
        inserted = updated = unchanged = 0
        for agreement in agreements:
            existing = self._find(agreement.region_code, agreement.partner)
            if existing is None:
                self._rows[self._next_id] = dataclasses.replace(agreement, id=self._next_id)
                if curated:
                    self.curated.add(self._next_id)
                self._next_id += 1
                inserted += 1
            elif self._rows[existing].same_facts(agreement):
                unchanged += 1
            else:
                self._rows[existing] = dataclasses.replace(agreement, id=existing)
                if curated:
                    self.curated.add(existing)
                updated += 1
        return UpsertResult(inserted=inserted, updated=updated, unchanged=unchanged)

    def save(self, agreement: Agreement, *, curated: bool = True) -> Agreement:
        """Replace a stored agreement."""
        if agreement.id is None or agreement.id not in self._rows:
            raise KeyError(agreement.id)
        if not self._rows[agreement.id].same_facts(agreement):
            self._rows[agreement.id] = agreement
            if curated:
                self.curated.add(agreement.id)
        return self._rows[agreement.id]

    def delete(self, agreement_id: int) -> bool:
        """Forget one agreement."""
        self.curated.discard(agreement_id)
        return self._rows.pop(agreement_id, None) is not None

    def _find(self, region_code: str, partner: str) -> int | None:
        for row_id, row in self._rows.items():
            if row.region_code == region_code and row.partner.casefold() == partner.casefold():
                return row_id
        return None


class InMemoryUsers:
    """User profiles in a dict."""

    def __init__(self) -> None:
        self.profiles: dict[tuple[str, str], UserProfile] = {}

    def get(self, channel: str, user_id: str) -> UserProfile | None:
        """The profile, if any."""
        return self.profiles.get((channel, user_id))

    def set_language(self, channel: str, user_id: str, language: Language) -> None:
        """Remember the language."""
        profile = self._profile(channel, user_id)
        self.profiles[(channel, user_id)] = dataclasses.replace(profile, language=language)

    def touch(self, channel: str, user_id: str, at: datetime) -> UserProfile:
        """Remember when the user last wrote; return the profile."""
        profile = dataclasses.replace(self._profile(channel, user_id), last_inbound_at=at)
        self.profiles[(channel, user_id)] = profile
        return profile

    def _profile(self, channel: str, user_id: str) -> UserProfile:
        existing = self.profiles.get((channel, user_id))
        return existing or UserProfile(channel=channel, user_id=user_id)  # type: ignore[arg-type]


class InMemoryCuratorLog:
    """Feedback and knowledge gaps in lists."""

    def __init__(self) -> None:
        self.feedback: list[Feedback] = []
        self.gaps: list[KnowledgeGap] = []

    def record_feedback(self, feedback: Feedback) -> None:
        """Keep it."""
        self.feedback.append(feedback)

    def record_gap(self, gap: KnowledgeGap) -> None:
        """Keep it."""
        self.gaps.append(gap)


class InMemorySubscriptions:
    """Subscriptions keyed by (chat, region)."""

    def __init__(self) -> None:
        self._rows: dict[tuple[ChatAddress, str], Subscription] = {}
        self._next_id = 1

    def subscribe(
        self,
        address: ChatAddress,
        region_code: str,
        user_id: str | None,
        since: datetime | None = None,
    ) -> bool:
        """Subscribe or un-pause; False when already active."""
        key = (address, region_code)
        existing = self._rows.get(key)
        if existing is not None and not existing.paused:
            return False
        row_id = existing.id if existing else self._next_id
        if existing is None:
            self._next_id += 1
        self._rows[key] = Subscription(
            id=row_id, address=address, region_code=region_code, user_id=user_id, since=since
        )
        return True

    def unsubscribe(self, address: ChatAddress, region_code: str | None = None) -> int:
        """Remove one or all of a chat's subscriptions."""
        keys = [k for k in self._rows if k[0] == address and region_code in (None, k[1])]
        for key in keys:
            del self._rows[key]
        return len(keys)

    def for_chat(self, address: ChatAddress) -> list[Subscription]:
        """The chat's subscriptions."""
        return [s for (a, _), s in self._rows.items() if a == address]

    def for_region(self, region_code: str) -> list[Subscription]:
        """Active subscriptions of the region."""
        return [s for s in self._rows.values() if s.region_code == region_code and not s.paused]

    def active(self) -> list[Subscription]:
        """Every active subscription."""
        return [s for s in self._rows.values() if not s.paused]

    def pause(self, address: ChatAddress, reason: str) -> None:
        """Pause the chat's subscriptions."""
        for key, sub in self._rows.items():
            if key[0] == address:
                self._rows[key] = dataclasses.replace(sub, paused=True, paused_reason=reason)


class InMemoryOfficers:
    """Officer verification requests."""

    def __init__(self) -> None:
        self._rows: dict[int, OfficerRequest] = {}
        self._next_id = 1
        self._announced: dict[int, OfficerStatus] = {}

    def request(self, request: OfficerRequest) -> OfficerRequest:
        """Store a pending request, or return the open one for the same user and region."""
        for row in self._rows.values():
            if (row.channel, row.user_id, row.region_code) == (
                request.channel,
                request.user_id,
                request.region_code,
            ) and row.status is not OfficerStatus.REJECTED:
                return row
        stored = dataclasses.replace(request, id=self._next_id, status=OfficerStatus.PENDING)
        self._rows[self._next_id] = stored
        self._next_id += 1
        return stored

    def get(self, request_id: int) -> OfficerRequest | None:
        """One request."""
        return self._rows.get(request_id)

    def decide(self, request_id: int, status: OfficerStatus) -> OfficerRequest | None:
        """Approve or reject a pending request; None when there is none pending."""
        row = self._rows.get(request_id)
        if row is None or row.status is not OfficerStatus.PENDING:
            return None
        decided = dataclasses.replace(row, status=status)
        self._rows[request_id] = decided
        return decided

    def is_officer(self, channel: str, user_id: str, region_code: str) -> bool:
        """Whether an approved request exists."""
        return any(
            (r.channel, r.user_id, r.region_code, r.status)
            == (channel, user_id, region_code, OfficerStatus.APPROVED)
            for r in self._rows.values()
        )

    def pending(self) -> list[OfficerRequest]:
        """Requests waiting for an admin."""
        return [r for r in self._rows.values() if r.status is OfficerStatus.PENDING]

    def unannounced(self) -> list[OfficerRequest]:
        """Requests whose current status nobody was told about yet."""
        return [
            r
            for r in self._rows.values()
            if r.id is None or self._announced.get(r.id) is not r.status
        ]

    def mark_announced(self, request_id: int, status: OfficerStatus) -> bool:
        """Remember that ``status`` was announced, if it is still the current one."""
        row = self._rows.get(request_id)
        if row is None or row.status is not status:
            return False
        self._announced[request_id] = status
        return True
