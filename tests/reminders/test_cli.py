"""``sisterbot subscribe`` and ``sisterbot reminders plan|send``."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.app.cli import build_parser, main
from bot.core.reminders import IndonesianCalendar, ReminderPolicy, next_report_due
from bot.core.reminders._schedule import slots_on
from bot.storage.database import Database


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("SISTERBOT_DATABASE_URL", url)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    return url


def _report_send_day(url: str, region: str) -> tuple[str, date, date]:
    """A day on which one of the region's seeded agreements has a report reminder."""
    database = Database.connect(url)
    try:
        for a in database.agreements.for_region(region):
            due = next_report_due(a, ReminderPolicy(), date(2026, 12, 1))
            if due is None:
                continue
            day = date(2026, 12, 1)
            for offset in range(60):
                candidate = date.fromordinal(day.toordinal() + offset)
                due = next_report_due(a, ReminderPolicy(), candidate)
                if due and slots_on(due, candidate, ReminderPolicy(), IndonesianCalendar()):
                    return a.partner, due, candidate
    finally:
        database.dispose()
    raise AssertionError("no seeded report reminder for the region")


def test_subscribe_then_plan_json(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["subscribe", "--channel", "telegram", "--chat-id", "42", "--region", "surabaya"]) == 0
    )
    assert "subscribed: telegram:42 to 35.78 Kota Surabaya" in capsys.readouterr().out
    assert main(["subscribe", "--channel", "telegram", "--chat-id", "42", "--region", "35.78"]) == 0
    assert "already subscribed" in capsys.readouterr().out
    partner, due, day = _report_send_day(db_url, "35.78")
    assert main(["reminders", "plan", "--date", day.isoformat(), "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    mine = [p for p in plan if p["region"] == "35.78" and p["partner"] == partner]
    assert mine and mine[0]["kind"] in ("report", "review")
    report = next(p for p in mine if p["kind"] == "report")
    assert report["due"] == due.isoformat()
    assert report["send_at"] == f"{day.isoformat()}T08:00:00+07:00"
    assert (report["channel"], report["chat_id"]) == ("telegram", "42")
    assert set(report) == {
        "region", "partner", "kind", "due", "lead_days", "send_at", "channel", "chat_id"
    }  # fmt: skip
    # regions without subscribers are listed with no chat
    assert all(p["chat_id"] is None for p in plan if p["region"] != "35.78")


def test_subscribe_refuses_an_ambiguous_region(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["subscribe", "--channel", "telegram", "--chat-id", "1", "--region", "bandung"]) == 2
    )
    assert "32.73" in capsys.readouterr().err


def test_send_is_idempotent_and_says_what_it_cannot_send(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["subscribe", "--channel", "console", "--chat-id", "me", "--region", "surabaya"])
    main(["subscribe", "--channel", "telegram", "--chat-id", "42", "--region", "surabaya"])
    capsys.readouterr()
    now = datetime(2026, 12, 2, 3, tzinfo=UTC).isoformat()  # overdue estimates: monthly
    assert main(["reminders", "send", "--now", now, "--dry-run"]) == 0
    dry = capsys.readouterr().out
    count = int(dry.strip().splitlines()[-1].split()[0])
    assert count > 0 and dry.count("telegram:42") == dry.count("console:me") == count // 2
    # the dry run names the partners, never "agreement 10"
    assert "Kochi" in dry and "agreement " not in dry
    assert main(["reminders", "send", "--now", now]) == 1  # telegram rows need a token
    first = capsys.readouterr()
    # one digest for the console chat, holding every item due for it
    assert first.out.count("--- to console:me") == 1
    assert first.out.count("kerja sama dengan") == count // 2
    assert f"sent {count // 2} (1 digest message(s))" in first.out
    assert "TELEGRAM_BOT_TOKEN" in first.err
    assert main(["reminders", "send", "--now", now]) == 1
    second = capsys.readouterr()
    assert "--- to console:me" not in second.out and "sent 0" in second.out


def test_bad_arguments_are_refused(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["reminders", "plan", "--date", "2026-13-01"])
    with pytest.raises(SystemExit):
        main(["reminders", "send", "--now", "yesterday"])
    assert "not a date" in capsys.readouterr().err


HELP = [["reminders", "--help"], ["reminders", "plan", "--help"], ["reminders", "send", "--help"]]


@pytest.mark.parametrize("argv", [*HELP, ["subscribe", "--help"]])
def test_help_text(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(argv)
    assert exit_info.value.code == 0
    assert len(capsys.readouterr().out) > 200


async def test_send_through_telegram(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    from bot.stand_ins.telegram_bot_api import TelegramBotApiStandIn

    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    await asyncio.to_thread(
        main, ["subscribe", "--channel", "telegram", "--chat-id", "4242", "--region", "surabaya"]
    )
    now = datetime(2026, 12, 2, 3, tzinfo=UTC).isoformat()  # overdue estimates: monthly
    async with TelegramBotApiStandIn() as api:
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", api.token)
        monkeypatch.setenv("TELEGRAM_API_BASE_URL", api.base_url)
        assert await asyncio.to_thread(main, ["reminders", "send", "--now", now]) == 0
        first = api.sent(chat_id=4242)
        assert first and all("Pengingat" in m.text for m in first)
        assert all(m.button_data()[0].startswith("rm:d:") for m in first)
        assert await asyncio.to_thread(main, ["reminders", "send", "--now", now]) == 0
        assert len(api.sent(chat_id=4242)) == len(first)  # nothing twice


async def test_send_through_whatsapp(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The officer never wrote to the bot: outside the 24-hour window, so the template."""
    import asyncio

    from bot.stand_ins.whatsapp_graph_api import WhatsAppGraphApiStandIn

    await asyncio.to_thread(
        main,
        ["subscribe", "--channel", "whatsapp", "--chat-id", "6281200001111", "--region", "sby"],
    )
    now = datetime(2026, 12, 2, 3, tzinfo=UTC).isoformat()  # overdue estimates: monthly
    async with WhatsAppGraphApiStandIn() as graph:
        monkeypatch.setenv("WHATSAPP_PHONE_ID", graph.phone_id)
        monkeypatch.setenv("WHATSAPP_TOKEN", graph.token)
        monkeypatch.setenv("WHATSAPP_API_BASE_URL", graph.base_url)
        assert await asyncio.to_thread(main, ["reminders", "send", "--now", now]) == 0
        first = graph.sent_to("6281200001111")
        assert first and all(m.type == "template" for m in first)
        assert await asyncio.to_thread(main, ["reminders", "send", "--now", now]) == 0
        assert len(graph.sent_to("6281200001111")) == len(first)  # nothing twice


@pytest.mark.parametrize("chat_id", ["abc", "12a", "@someone", "1.5"])
def test_a_telegram_chat_id_must_be_a_number(
    db_url: str, capsys: pytest.CaptureFixture[str], chat_id: str
) -> None:
    argv = ["subscribe", "--channel", "telegram", "--chat-id", chat_id, "--region", "jatim"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a Telegram chat id" in err


def test_a_whatsapp_chat_id_must_be_a_phone_number(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["subscribe", "--channel", "whatsapp", "--chat-id", "budi", "--region", "jatim"]
    assert main(argv) == 2
    assert "not a WhatsApp number" in capsys.readouterr().err


def test_an_ambiguous_region_lists_every_candidate(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["subscribe", "--channel", "telegram", "--chat-id", "-1001", "--region", "bandung"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "could mean several regions" in err
    assert "32.73 (Kota Bandung)" in err and "32.04 (Kabupaten Bandung)" in err
    assert "not unambiguous" not in err


@pytest.mark.parametrize("argv", HELP)
def test_help_points_at_no_missing_design_file(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(argv)
    assert "DESIGN.md" not in capsys.readouterr().out
