"""Every subcommand has help text, and a configuration error is one clear line."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pytest

from bot.app import cli


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_command_has_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main([name, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert f"sisterbot {name}" in out
    assert len(out.splitlines()) >= 3


def test_the_design_commands_are_all_there() -> None:
    names = set(subcommands())
    assert names >= {
        "chat",
        "ask",
        "status",
        "run",
        "db",
        "import",
        "export",
        "subscribe",
        "reminders",
        "kb",
        "bench",
    }


def test_a_configuration_error_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SISTERBOT_HTTP_PORT", "not-a-port")
    assert cli.main(["bench", "--only", "answers"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "SISTERBOT_HTTP_PORT" in err[0]


def test_a_reader_that_leaves_early_is_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``sisterbot kb check | head -0``: the pipe is closed before the command writes."""
    monkeypatch.setenv("SISTERBOT_DATABASE_URL", f"sqlite:///{tmp_path}/p.db")
    read_end, write_end = os.pipe()
    os.close(read_end)
    closed_pipe = os.fdopen(write_end, "w", buffering=1)
    monkeypatch.setattr(sys, "stdout", closed_pipe)
    try:
        assert cli.main(["kb", "check"]) == 0
    finally:
        monkeypatch.undo()
        closed_pipe.close()
