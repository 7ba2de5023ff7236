"""What the curators read: unanswered questions and feedback, summarised.

Pure functions over the records the bot keeps (``knowledge_gaps`` and ``feedback``), so
the command line and any later admin view show the same figures.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.models import Feedback, KnowledgeGap

MAX_QUERIES_SHOWN = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class GapRow:
    """One unanswered question (as first written), how often it was asked, the closest entry."""

    query: str
    count: int
    best_entry_id: str | None

    def to_json(self) -> dict[str, object]:
        """The row as JSON."""
        return {"query": self.query, "count": self.count, "best_entry_id": self.best_entry_id}


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedbackRow:
    """Thumbs up and down for one entry, with the questions that got a thumbs down."""

    entry_id: str
    helpful: int
    not_helpful: int
    unhelpful_queries: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        """The row as JSON."""
        return {
            "entry_id": self.entry_id,
            "helpful": self.helpful,
            "not_helpful": self.not_helpful,
            "unhelpful_queries": list(self.unhelpful_queries),
        }


def _key(query: str) -> str:
    return " ".join(query.casefold().split())


def gap_report(gaps: Iterable[KnowledgeGap], *, limit: int | None) -> list[GapRow]:
    """Questions grouped by their text (case and spacing ignored), most asked first.

    ``limit`` None: every question.
    """
    counts: Counter[str] = Counter()
    first: dict[str, KnowledgeGap] = {}
    for gap in gaps:
        key = _key(gap.query)
        if not key:
            continue
        counts[key] += 1
        first.setdefault(key, gap)
    return [
        GapRow(query=first[key].query, count=count, best_entry_id=first[key].best_entry_id)
        for key, count in counts.most_common(limit)
    ]


def feedback_report(feedback: Iterable[Feedback]) -> list[FeedbackRow]:
    """Per entry, the least helpful first (most thumbs down, then fewest thumbs up)."""
    up: Counter[str] = Counter()
    down: Counter[str] = Counter()
    queries: defaultdict[str, list[str]] = defaultdict(list)
    for item in feedback:
        if item.helpful:
            up[item.entry_id] += 1
        else:
            down[item.entry_id] += 1
            if item.query and item.query not in queries[item.entry_id]:
                queries[item.entry_id].append(item.query)
    entries = sorted(set(up) | set(down), key=lambda e: (-down[e], up[e], e))
    return [
        FeedbackRow(
            entry_id=entry,
            helpful=up[entry],
            not_helpful=down[entry],
            unhelpful_queries=tuple(queries[entry][:MAX_QUERIES_SHOWN]),
        )
        for entry in entries
    ]
