"""``sisterbot kb gaps`` for curators, ``ask`` and the gaps report, help without DESIGN.md."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from bot.app import cli


@pytest.fixture(autouse=True)
def fresh_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SISTERBOT_DATABASE_URL", f"sqlite:///{tmp_path}/gaps.db")


def chat(monkeypatch: pytest.MonkeyPatch, *lines: str) -> None:
    """Ask in the console chat, as an officer would (the chat records its gaps)."""
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))
    assert cli.main(["chat"]) == 0


def test_gaps_print_a_header_and_honour_the_limit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    chat(
        monkeypatch,
        "berapa harga tiket pesawat ke osaka",
        "resep rendang padang",
        "resep rendang padang",
    )
    capsys.readouterr()
    assert cli.main(["kb", "gaps"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("2 distinct unanswered question(s), 3 asked in all; showing 2")
    assert lines[1].split() == ["asked", "question", "(closest", "entry)"]
    assert lines[2].split()[:3] == ["2", "resep", "rendang"]
    assert cli.main(["kb", "gaps", "--limit", "0"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and "showing 0" in lines[0]
    assert cli.main(["kb", "gaps", "--limit", "0", "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"


def test_a_negative_limit_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["kb", "gaps", "--limit", "-1"])
    assert "0 or more" in capsys.readouterr().err


def test_ask_says_it_records_no_gap(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["ask", "resep rendang padang"]) == 0
    assert "not recorded as a knowledge gap" in capsys.readouterr().err
    assert cli.main(["kb", "gaps"]) == 0
    assert capsys.readouterr().out.strip() == "no unanswered questions recorded"


def help_texts() -> dict[str, str]:
    parser = cli.build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    texts: dict[str, str] = {}
    for name, sub in action.choices.items():
        texts[name] = sub.format_help()
        for inner in sub._actions:
            if isinstance(inner, argparse._SubParsersAction):
                for inner_name, leaf in inner.choices.items():
                    texts[f"{name} {inner_name}"] = leaf.format_help()
    return texts


@pytest.mark.parametrize("command", sorted(help_texts()))
def test_no_help_refers_to_a_file_the_project_does_not_ship(command: str) -> None:
    assert "DESIGN.md" not in help_texts()[command]
