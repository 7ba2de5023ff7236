"""Every subcommand has help text, and a configuration error is one clear line."""

from __future__ import annotations

import argparse

import pytest

from bot import cli


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
