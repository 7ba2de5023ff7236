"""Each benchmark figure's goal (the quality bars of README: Benchmarks), and the verdict.

A figure without a goal here is a detail (counts, seconds spent) and is printed as it is.
Machine-dependent figures come with a ratio to a baseline measured in the same run (the
Telegram figure against the echo ceiling of the same stack), whose goal holds on any machine.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Goal:
    """``figure <op> threshold``, as the text a reader sees (``>= 95%``)."""

    text: str
    check: Callable[[object], bool]

    def passed(self, value: object) -> bool:
        """Whether ``value`` meets the goal (a failed measurement never does)."""
        try:
            return bool(self.check(value))
        except (TypeError, ValueError):
            return False


def at_least(threshold: float, text: str) -> Goal:
    """A goal of ``value >= threshold``."""
    return Goal(text=f">= {text}", check=lambda v: operator.ge(float(v), threshold))  # type: ignore[arg-type]


def at_most(threshold: float, text: str) -> Goal:
    """A goal of ``value <= threshold``."""
    return Goal(text=f"<= {text}", check=lambda v: operator.le(float(v), threshold))  # type: ignore[arg-type]


def equal_to(expected: object, text: str) -> Goal:
    """A goal of ``value == expected``."""
    return Goal(text=f"= {text}", check=lambda v: v == expected)


GOALS: Mapping[str, Mapping[str, Goal]] = {
    "answers": {
        "dev_in_scope_top1": at_least(0.95, "95%"),
        "dev_abstention": at_least(0.95, "95%"),
        "heldout_in_scope_top1": at_least(0.95, "95%"),
        "heldout_abstention": at_least(0.95, "95%"),
        "latency_p99_ms": at_most(5.0, "5 ms"),
        "synthetic_latency_p99_ms": at_most(20.0, "20 ms"),
        "ask_cold_wall_s": at_most(1.5, "1.5 s"),
        "chat_to_prompt_wall_s": at_most(1.5, "1.5 s"),
    },
    "regions": {
        "dev_accuracy": at_least(0.97, "97%"),
        "lookup_p99_ms": at_most(2.0, "2 ms"),
    },
    "telegram": {
        "answered_per_second": at_least(150.0, "150/s on two cores (machine-dependent)"),
        "ratio_to_echo_ceiling": at_least(0.5, "0.5 of the echo ceiling (any machine)"),
        "extra_messages_sent": equal_to(0, "0"),
        "metrics_match_the_bench": equal_to(True, "true"),
    },
    "reminders": {
        "plan_compute_seconds": at_most(2.0, "2 s"),
        "fanout_rate_ratio": at_least(0.95, "95% of the configured rate"),
        "fanout_lost": equal_to(0, "0"),
        "fanout_duplicated": equal_to(0, "0"),
        "fanout_second_run_sent": equal_to(0, "0"),
        "digest_rate_ratio": at_least(0.95, "95% of the configured rate"),
        "digest_lost": equal_to(0, "0"),
        "digest_duplicated": equal_to(0, "0"),
        "wa_digest_rate_ratio": at_least(0.95, "95% of the configured rate"),
        "wa_digest_lost": equal_to(0, "0"),
        "wa_digest_duplicated": equal_to(0, "0"),
        "wa_digest_messages_rejected": equal_to(0, "0"),
    },
    "floods": {
        **{
            f"{channel}_{name}": goal
            for channel in ("telegram", "whatsapp")
            for name, goal in {
                "flood_per_second": at_least(900.0, "900/s (1,000/s sent for; machine-dependent)"),
                "ratio": at_most(3.0, "3x the quiet p99"),
                "slow_down_notices": equal_to(1, "1 per flood"),
                "flood_posts_accounted": equal_to(True, "true (answered or counted as dropped)"),
                "unanswered_questions": equal_to(0, "0"),
            }.items()
        },
    },
    "whatsapp": {
        "lost": equal_to(0, "0"),
        "doubled": equal_to(0, "0"),
        "all_posts_200": equal_to(True, "true"),
    },
}


def verdicts(area: str, figures: Mapping[str, object]) -> dict[str, dict[str, object]]:
    """For each figure of ``area`` with a goal: ``{"goal": text, "passed": bool}``."""
    return {
        name: {"goal": goal.text, "passed": goal.passed(figures[name])}
        for name, goal in GOALS.get(area, {}).items()
        if name in figures
    }
