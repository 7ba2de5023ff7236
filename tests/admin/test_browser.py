"""The curator's walkthrough in a real browser: Playwright driving Debian's Chromium.

Sign in with a one-time link, find Surabaya, change a report due date and see the bot's
status (``sisterbot status``) and ``sisterbot reminders plan`` follow, undo it, preview
and apply an import, approve an officer, and read it all in the audit log. A screenshot
of each page is kept under the test's temporary directory (and copied to
``SISTERBOT_SCREENSHOTS`` when that is set, for the README).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from bot.app.cli import main
from bot.core.models import OfficerRequest, OfficerStatus
from tests.admin.conftest import World
from tests.admin.test_registry import DUE

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and os.environ.get("SISTERBOT_REQUIRE_BROWSER") != "1",
    reason="Debian's chromium is not installed (.ci/run installs it)",
)


def bot_says(
    world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> object:
    """Run a ``sisterbot`` command on the console's database; its JSON output."""
    monkeypatch.setenv("SISTERBOT_DATABASE_URL", world.settings.database_url)
    capsys.readouterr()
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def kochi_status(
    world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> dict[str, object]:
    result = bot_says(world, monkeypatch, capsys, "status", "--json", "surabaya")
    assert isinstance(result, dict)
    [kochi] = [a for a in result["agreements"] if a["partner"] == "Kochi"]
    return dict(kochi)


def kochi_planned(
    world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> list[object]:
    plan = bot_says(
        world, monkeypatch, capsys, "reminders", "plan", "--date", DUE.isoformat(), "--json"
    )
    assert isinstance(plan, list)
    return [p for p in plan if p["partner"] == "Kochi" and p["kind"] == "report"]


async def test_a_curator_walks_through_the_console(
    world: World,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from playwright.async_api import async_playwright

    shots = tmp_path / "screenshots"
    shots.mkdir()
    officer = world.database.officers.request(
        OfficerRequest(
            channel="whatsapp", user_id="628123450001", chat_id="628123450001",
            region_code="35.78", display_name="Bu Sari",
        )
    )  # fmt: skip
    import_file = tmp_path / "tambahan.csv"
    import_file.write_text(
        "region,partner,country,kind,stage,mou_date,source\n"
        "Kota Surabaya,Marseille,France,sister_city,mou,2005-12,surabaya.go.id\n",
        encoding="utf-8",
    )
    before = kochi_status(world, monkeypatch, capsys)
    assert before["next_report_due_from"] == "policy"  # an estimate from its 1997 MoU
    assert kochi_planned(world, monkeypatch, capsys) == []
    base = str(world.client.base_url)
    errors: list[str] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = await (
                await browser.new_context(viewport={"width": 1280, "height": 900})
            ).new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))

            async def shot(name: str) -> None:
                await page.screenshot(path=str(shots / f"{name}.png"), full_page=True)

            # 1. sign in with the link the bot sends on /masuk
            link = world.link().replace("http://127.0.0.1:8080", base)
            await page.goto(link)
            await shot("01-sign-in")
            await page.get_by_role("button", name="Masuk").click()
            await page.wait_for_url(f"{base}/admin/")
            await page.get_by_text("Jumlah kerja sama").wait_for()
            await shot("02-overview")
            # 2. find Surabaya
            await page.get_by_role("link", name="Registri").click()
            await page.get_by_placeholder("daerah, mitra atau negara").fill("Surabaya")
            await page.get_by_role("button", name="Saring").click()
            await page.get_by_role("link", name="Kochi").wait_for()
            assert "Kota Surabaya" in await page.content()
            await shot("03-search-surabaya")
            # 3. change the report due date
            await page.get_by_role("link", name="Kochi").click()
            await page.locator("#f-next_report_due").fill(DUE.isoformat())
            await page.get_by_role("button", name="Simpan").click()
            await page.get_by_text("Tersimpan.").wait_for()
            card = await page.locator("#status-card").inner_text()
            assert "Laporan berikutnya: 14 April 2027" in card
            await shot("04-report-due-changed")
            # the bot says the same, and the reminders are planned
            after = kochi_status(world, monkeypatch, capsys)
            assert after["next_report_due"] == DUE.isoformat()
            assert after["next_report_due_from"] == "data"
            planned = kochi_planned(world, monkeypatch, capsys)
            assert [(p["due"], p["lead_days"]) for p in planned] == [(DUE.isoformat(), 0)]  # type: ignore[index]
            # 4. undo it
            await page.get_by_role("button", name="Batalkan perubahan ini").first.click()
            await page.get_by_text("Perubahan dibatalkan.").wait_for()
            assert "14 April 2027" not in await page.locator("#status-card").inner_text()
            await shot("05-undone")
            assert kochi_status(world, monkeypatch, capsys) == before
            assert kochi_planned(world, monkeypatch, capsys) == []
            # 5. preview and apply an import
            count = len(world.database.agreements.all())
            await page.goto(f"{base}/admin/agreements/import")
            await page.locator("input[type=file]").set_input_files(str(import_file))
            await page.get_by_role("button", name="Pratinjau").click()
            assert await page.locator("#count-added").inner_text() == "1"
            assert count == len(world.database.agreements.all())  # nothing written yet
            await shot("06-import-preview")
            await page.get_by_role("button", name="Terapkan semua").click()
            await page.get_by_text("Impor diterapkan").wait_for()
            await shot("07-import-applied")
            assert len(world.database.agreements.all()) == count + 1
            # 6. approve an officer
            await page.get_by_role("link", name="Petugas").click()
            await page.get_by_text("Bu Sari").wait_for()
            await page.get_by_role("button", name="Setujui").click()
            await page.get_by_text("Permintaan disetujui.").wait_for()
            await shot("08-officer-approved")
            decided = world.database.officers.get(officer.id or 0)
            assert decided is not None and decided.status is OfficerStatus.APPROVED
            # 7. the audit log has it all
            await page.get_by_role("link", name="Log audit").click()
            log = await page.locator("table.audit").inner_text()
            for word in ("update", "undo", "import", "approve", "Kochi", "Marseille", "Bu Sari"):
                assert word in log, word
            await shot("09-audit-log")
            await page.get_by_role("link", name="English").click()
            await page.get_by_role("heading", name="Audit log").wait_for()
            await shot("10-english")
        finally:
            await browser.close()
    assert errors == []
    assert len(list(shots.glob("*.png"))) == 10
    keep = os.environ.get("SISTERBOT_SCREENSHOTS")
    if keep:
        shutil.copytree(shots, keep, dirs_exist_ok=True)
