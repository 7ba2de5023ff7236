"""The admins' weekly recap: the counts (shared with the console's overview), the chart, the CLI."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from PIL import Image

from bot.app.cli import main
from bot.core.models import Agreement
from bot.core.reminders import ReminderPolicy, overview_counts, recap_text
from bot.delivery.recap_chart import CHART_SIZE, COLOURS, NUMBERS_KEY, recap_png
from bot.storage.database import Database

from .conftest import BADUNG, JAYAPURA, SURABAYA, agreement

TODAY = date(2026, 11, 30)  # a Monday


def registry() -> list[Agreement]:
    return [
        # Jawa Timur (35): one report overdue, one review overdue, one report in 30 days
        agreement(SURABAYA, "Kochi", report_due=TODAY - timedelta(days=3)),
        agreement(SURABAYA, "Busan", review_due=TODAY - timedelta(days=1)),
        agreement(SURABAYA, "Seattle", report_due=TODAY + timedelta(days=30)),
        # Bali (51): one review today (upcoming), one report beyond the horizon (not counted)
        agreement(BADUNG, "Bonn", review_due=TODAY),
        agreement(BADUNG, "Lyon", report_due=TODAY + timedelta(days=31)),
        # Papua (91): two reports overdue
        agreement(JAYAPURA, "Vanimo", report_due=TODAY - timedelta(days=40)),
        agreement(JAYAPURA, "Wewak", report_due=TODAY - timedelta(days=400)),
    ]


def test_counts_by_province_overdue_and_upcoming() -> None:
    counts = overview_counts(registry(), policy=ReminderPolicy(), today=TODAY)
    rows = {p.province: p.as_row() for p in counts.provinces}
    assert rows == {"35": (1, 1, 1, 0), "91": (2, 0, 0, 0), "51": (0, 0, 0, 1)}
    assert [p.province for p in counts.provinces] == ["35", "91", "51"]  # busiest first
    assert counts.totals.as_row() == (3, 1, 1, 1)
    text = recap_text(counts, province_name=lambda c: f"P{c}", language="id", day="30 Nov")
    assert "Terlambat: 3 laporan, 1 tinjauan" in text
    assert "• P35: 1/1 · 1/0" in text
    assert "perkiraan" in text  # estimates are called estimates
    empty = overview_counts([], policy=ReminderPolicy(), today=TODAY)
    assert empty.provinces == () and empty.totals.total == 0
    assert "No report or review" in recap_text(
        empty, province_name=str, language="en", day="30 Nov"
    )


def test_the_chart_opens_has_its_size_and_carries_the_counts(tmp_path: Path) -> None:
    counts = overview_counts(registry(), policy=ReminderPolicy(), today=TODAY)
    data = recap_png(counts, province_name=lambda c: f"Provinsi {c}", language="id", day="x")
    path = tmp_path / "recap.png"
    path.write_bytes(data)
    with Image.open(path) as image:
        image.load()
        assert image.format == "PNG"
        assert image.size == CHART_SIZE
        assert json.loads(image.info[NUMBERS_KEY]) == counts.to_json()
        pixels = image.convert("RGB")
        # the first bar (Jawa Timur: 1, 1, 1, 0) and the second (Papua: 2 overdue reports)
        # are equally long: the busiest rows set the scale
        first = [pixels.getpixel((x, 100)) for x in range(CHART_SIZE[0])]
        second = [pixels.getpixel((x, 136)) for x in range(CHART_SIZE[0])]
    widths = [first.count(colour) for colour in COLOURS[:3]]
    assert widths[0] > 100 and max(widths) - min(widths) <= 1  # rounded to whole pixels
    assert second.count(COLOURS[0]) == pytest.approx(2 * first.count(COLOURS[0]), abs=2)
    assert COLOURS[3] not in first


def test_reminders_recap_prints_the_numbers_and_writes_the_png(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'recap.db'}"
    monkeypatch.setenv("SISTERBOT_DATABASE_URL", url)
    png = tmp_path / "recap.png"
    assert main(["reminders", "recap", "--date", "2026-11-30", "--json", "--png", str(png)]) == 0
    printed = json.loads(capsys.readouterr().out)
    database = Database.connect(url)
    try:
        expected = overview_counts(
            database.agreements.all(), policy=ReminderPolicy(), today=TODAY
        ).to_json()
    finally:
        database.dispose()
    assert printed == expected and printed["totals"][0] > 0  # the shipped registry has some
    with Image.open(png) as image:
        assert image.size == CHART_SIZE
        assert json.loads(image.info[NUMBERS_KEY]) == expected
    assert main(["reminders", "recap", "--date", "2026-11-30"]) == 0
    assert "Rekap mingguan pengingat, 30 November 2026" in capsys.readouterr().out
    assert main(["reminders", "recap", "--png", str(tmp_path / "no" / "dir" / "x.png")]) == 1
    assert capsys.readouterr().err.startswith("cannot write")


# --- the Monday job ----------------------------------------------------------------------


def test_the_recap_week_starts_monday_at_eight_wib() -> None:
    from datetime import UTC, datetime

    from bot.delivery.recap_job import recap_week

    monday = date(2026, 11, 30)
    assert recap_week(datetime(2026, 11, 30, 0, 59, tzinfo=UTC)) is None  # 07:59 WIB
    assert recap_week(datetime(2026, 11, 30, 1, 0, tzinfo=UTC)) == monday  # 08:00 WIB
    assert recap_week(datetime(2026, 12, 6, 16, 59, tzinfo=UTC)) == monday  # Sunday 23:59
    assert recap_week(datetime(2026, 12, 6, 17, 0, tzinfo=UTC)) is None  # next Monday 00:00


async def test_each_admin_gets_the_recap_with_its_chart_once_a_week(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from bot.app.commands.reminders import telegram_notifier
    from bot.core.clock import FakeClock
    from bot.core.status import RegionIndex
    from bot.delivery.recap_job import WeeklyRecap
    from bot.stand_ins.telegram_bot_api import TelegramBotApiStandIn

    from .conftest import KNOWLEDGE

    database = Database.connect(f"sqlite:///{tmp_path / 'recap.db'}")
    database.upgrade()
    database.agreements.upsert_many(registry())
    regions = RegionIndex.load(KNOWLEDGE / "regions.csv")
    clock = FakeClock(datetime(2026, 11, 30, 0, 59, tzinfo=UTC))  # Monday 07:59 WIB
    admins = frozenset({"telegram:555", "telegram:556"})
    async with (
        TelegramBotApiStandIn() as api,
        telegram_notifier(api.token, api.base_url) as notifier,
    ):

        def job() -> WeeklyRecap:  # one per process: a restart or a replica is another
            return WeeklyRecap(
                agreements=database.agreements,
                regions=regions,
                policy=ReminderPolicy(),
                admins=admins,
                notifiers={"telegram": notifier},
                log=database.recaps,
                clock=clock,
            )

        assert await job().send_due() == {}
        clock.set(datetime(2026, 11, 30, 1, 0, tzinfo=UTC))
        assert await job().send_due() == {"sent": 2}
        assert await job().send_due() == {}  # a second run, or another replica
        clock.set(datetime(2026, 12, 3, 5, tzinfo=UTC))
        assert await job().send_due() == {}  # later that week: still once
        texts = [m.text for m in api.sent(chat_id=555)]
        photos = [p for p in api.photos if p.chat_id == 555]
        clock.set(datetime(2026, 12, 7, 1, 0, tzinfo=UTC))  # the next Monday
        assert await job().send_due() == {"sent": 2}
    assert len(texts) == 2 and len(photos) == 1  # the text, then the chart
    assert texts[0].startswith("Rekap mingguan pengingat, 30 November 2026")
    assert "Terlambat: 3 laporan, 1 tinjauan" in texts[0]
    assert photos[0].caption == "Rekap mingguan pengingat, 30 November 2026"
    expected = overview_counts(
        database.agreements.all(), policy=ReminderPolicy(), today=TODAY
    ).to_json()
    path = tmp_path / "sent.png"
    path.write_bytes(photos[0].data)
    with Image.open(path) as image:
        assert image.size == CHART_SIZE
        assert json.loads(image.info[NUMBERS_KEY]) == expected
    assert database.recaps.statuses(TODAY) == {"telegram:555": "sent", "telegram:556": "sent"}
    database.dispose()
