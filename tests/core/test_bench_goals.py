"""``sisterbot bench`` prints each figure with its goal and verdict; --json carries them."""

from __future__ import annotations

import json
import sys
import types

import pytest

from bot.app import cli
from bot.app.bench.goals import GOALS, verdicts


def test_verdicts_judge_each_figure_with_a_goal() -> None:
    figures = {"dev_accuracy": 0.99, "lookup_p99_ms": 3.5, "dev_queries": 35}
    assert verdicts("regions", figures) == {
        "dev_accuracy": {"goal": ">= 97%", "passed": True},
        "lookup_p99_ms": {"goal": "<= 2 ms", "passed": False},
    }
    assert verdicts("whatsapp", {"lost": "failed: timeout"}) == {
        "lost": {"goal": "= 0", "passed": False}
    }
    assert not verdicts("answers", {"ask_cold_wall_s": "failed: boom"})["ask_cold_wall_s"]["passed"]


def test_the_telegram_figure_has_a_machine_independent_ratio() -> None:
    telegram = GOALS["telegram"]
    assert {"answered_per_second", "ratio_to_echo_ceiling", "metrics_match_the_bench"} <= set(
        telegram
    )


@pytest.fixture
def fake_regions(monkeypatch: pytest.MonkeyPatch) -> None:
    """The regions area replaced by one that reports fixed figures."""
    fake = types.ModuleType("bot.app.bench.regions")
    fake.run = lambda _settings: {  # type: ignore[attr-defined]
        "dev_queries": 35,
        "dev_accuracy": 1.0,
        "lookup_p99_ms": 9.0,
    }
    monkeypatch.setitem(sys.modules, "bot.app.bench.regions", fake)


@pytest.mark.usefixtures("fake_regions")
def test_the_report_shows_goals_and_the_exit_status_says_if_all_passed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["bench", "--only", "regions"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "  dev_accuracy: 1  (goal >= 97%: pass)" in out
    assert "  lookup_p99_ms: 9  (goal <= 2 ms: FAIL)" in out
    assert "  dev_queries: 35" in out
    assert out[-1] == "goals not met: regions.lookup_p99_ms"
    assert cli.main(["bench", "--only", "regions", "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["regions"]["dev_accuracy"] == 1.0
    assert result["regions"]["goals"]["lookup_p99_ms"] == {"goal": "<= 2 ms", "passed": False}


def test_the_flood_figures_of_both_channels_have_goals() -> None:
    floods = GOALS["floods"]
    for channel in ("telegram", "whatsapp"):
        assert floods[f"{channel}_ratio"].passed(3.0) and not floods[f"{channel}_ratio"].passed(3.1)
        assert not floods[f"{channel}_flood_per_second"].passed(54.0)
        assert not floods[f"{channel}_slow_down_notices"].passed(5)
