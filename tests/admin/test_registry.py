"""The registry through the console: search, edit (the bot's status card and the reminder
plan follow), undo, add, delete, import with a preview, export, and the audit log."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date, timedelta

from bot.app.root import build_policy, build_regions
from bot.core.console import AuditFilter
from bot.core.models import OfficerRequest, OfficerStatus
from bot.core.reminders import WhatIsDue, by_region, calendar_for
from bot.core.status import agreement_card
from tests.admin.conftest import ADMIN, World

DUE = date(2027, 4, 14)  # a Wednesday, no holiday near it


def _kochi(world: World) -> int:
    found = [
        a for a in world.database.agreements.find_by_partner("Kochi") if a.region_code == "35.78"
    ]
    assert found and found[0].id is not None
    return found[0].id


def _fields(world: World, agreement_id: int) -> dict[str, str]:
    """The edit form's fields as the page fills them in."""
    page = world.client.get(f"/admin/agreements/{agreement_id}").text
    fields = dict(re.findall(r'<input id="f-[a-z_]+" name="([a-z_]+)" value="([^"]*)"', page))
    fields.update(
        re.findall(r'<textarea id="f-[a-z_]+" name="([a-z_]+)"[^>]*>([^<]*)</textarea>', page)
    )
    fields["csrf"] = re.findall(r'name="csrf" value="([^"]+)"', page)[0]
    return {
        k: v.replace("&amp;", "&").replace("&#39;", "'").replace("&#34;", '"')
        for k, v in fields.items()
    }


def planned_leads(world: World, partner: str, due: date) -> set[int]:
    """The lead days of the report reminders for ``partner`` due on ``due``, any day."""
    settings = world.settings
    regions, policy = build_regions(settings), build_policy(settings)
    agreements = world.database.agreements.all()
    leads: set[int] = set()
    for offset in range(0, 60):  # the 30-day reminder may move earlier, off holidays
        day = due - timedelta(days=offset)
        due_on = WhatIsDue(
            policy=policy, calendar=calendar_for(policy), timezone_of=regions.timezone_of
        )
        for p in due_on.on_day(
            day,
            agreements=agreements,
            subscriptions=by_region(world.database.subscriptions.active()),
        ):
            if p.partner == partner and p.kind == "report" and p.due == due:
                leads.add(p.lead_days)
    return leads


def test_search_finds_surabaya_by_name_and_by_alias(world: World) -> None:
    world.sign_in()
    for query in ("Surabaya", "surabaya", "sby"):
        page = world.client.get("/admin/agreements", params={"q": query}).text
        assert "Kochi" in page and "Kota Surabaya" in page
        assert "Bandung" not in page
    assert "Kochi" in world.client.get("/admin/agreements", params={"q": "japan"}).text
    none = world.client.get("/admin/agreements", params={"q": "zzzz-nothing"}).text
    assert "Tidak ada kerja sama yang cocok" in none


def test_filters_by_province_country_stage_and_overdue(world: World) -> None:
    world.sign_in()
    east_java = world.client.get("/admin/agreements", params={"province": "35"}).text
    assert "Kota Surabaya" in east_java and "Kota Bandung" not in east_java
    japan = world.client.get("/admin/agreements", params={"country": "japan"}).text
    assert "Kochi" in japan and "Seattle" not in japan
    active = world.client.get("/admin/agreements", params={"stage": "active"}).text
    assert "Kochi" in active and "Kitakyushu" not in active
    overdue = world.client.get("/admin/agreements", params={"q": "surabaya", "overdue": "1"}).text
    assert "Kochi" in overdue and "Kitakyushu" not in overdue  # no dates known: nothing due


def test_an_edit_reaches_the_status_card_and_the_reminder_plan_and_is_undone(world: World) -> None:
    world.sign_in()
    kochi = _kochi(world)
    assert planned_leads(world, "Kochi", DUE) == set()
    fields = _fields(world, kochi)
    fields["next_report_due"] = DUE.isoformat()
    page = world.client.post(f"/admin/agreements/{kochi}", data=fields)
    assert page.status_code == 200 and "Tersimpan" in page.text
    stored = world.database.agreements.get(kochi)
    assert stored is not None and stored.next_report_due == DUE
    # the card on the page is the bot's own card
    card, _ = agreement_card(
        stored,
        region_name="Kota Surabaya",
        policy=build_policy(world.settings),
        today=date(2026, 11, 30),
        language="id",
    )
    assert "14 April 2027" in card
    assert "14 April 2027" in page.text
    assert planned_leads(world, "Kochi", DUE) == {30, 7, 1, 0}
    # the audit log has who, what before and after
    audit = world.client.get("/admin/audit", params={"action": "update"}).text
    assert ADMIN in audit and "Kochi" in audit and DUE.isoformat() in audit
    entry = re.search(r'action="/admin/audit/(\d+)/undo"', page.text)
    assert entry
    undone = world.client.post(f"/admin/audit/{entry.group(1)}/undo", data={"csrf": fields["csrf"]})
    assert undone.status_code == 200 and "Perubahan dibatalkan" in undone.text
    restored = world.database.agreements.get(kochi)
    assert restored is not None and restored.next_report_due is None
    assert planned_leads(world, "Kochi", DUE) == set()
    assert "undo #" in world.client.get("/admin/audit", params={"action": "undo"}).text


def test_a_bad_edit_is_explained_by_column_and_changes_nothing(world: World) -> None:
    world.sign_in()
    kochi = _kochi(world)
    before = world.database.agreements.get(kochi)
    fields = _fields(world, kochi)
    fields["next_report_due"] = "2027-02-30"
    fields["stage"] = "signed"
    page = world.client.post(f"/admin/agreements/{kochi}", data=fields)
    assert page.status_code == 400
    assert "next_report_due" in page.text and "stage" in page.text
    assert "2027-02-30" in page.text  # what was typed is kept for correcting
    assert world.database.agreements.get(kochi) == before
    assert world.console.audit.count(AuditFilter()) == 0


def test_add_refuses_a_duplicate_and_delete_asks_first_and_can_be_undone(world: World) -> None:
    world.sign_in()
    csrf = world.csrf("/admin/agreements/new")
    row = {
        "region": "kota surabaya",
        "partner": "Kochi",
        "country": "Japan",
        "kind": "sister_city",
        "stage": "mou",
    }
    duplicate = world.client.post("/admin/agreements/new", data={**row, "csrf": csrf})
    assert duplicate.status_code == 400 and f"#{_kochi(world)}" in duplicate.text
    added = world.client.post(
        "/admin/agreements/new",
        data={**row, "partner": "Marseille", "country": "France", "csrf": csrf},
    )
    assert added.status_code == 200
    link = re.search(r"/admin/agreements/(\d+)/delete", added.text)
    assert link is not None
    new_id = int(link.group(1))
    confirm = world.client.get(f"/admin/agreements/{new_id}/delete")
    assert "Hapus kerja sama ini?" in confirm.text
    assert world.database.agreements.get(new_id) is not None  # asking deletes nothing
    gone = world.client.post(f"/admin/agreements/{new_id}/delete", data={"csrf": csrf})
    assert gone.status_code == 200 and world.database.agreements.get(new_id) is None
    audit = world.client.get("/admin/audit", params={"action": "delete"}).text
    entry = re.search(r'action="/admin/audit/(\d+)/undo"', audit)
    assert entry
    back = world.client.post(f"/admin/audit/{entry.group(1)}/undo", data={"csrf": csrf})
    assert back.status_code == 200 and "Marseille" in back.text


def _upload(world: World, content: str, name: str = "update.csv") -> str:
    csrf = world.csrf("/admin/agreements/import")
    response = world.client.post(
        "/admin/agreements/import",
        data={"csrf": csrf},
        files={"file": (name, content.encode(), "text/csv")},
    )
    return response.text


def test_an_import_is_previewed_then_applied_all_at_once(world: World) -> None:
    world.sign_in()
    exported = world.client.get(
        "/admin/agreements/export", params={"q": "surabaya", "format": "csv"}
    )
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert {r["partner"] for r in rows} >= {"Kochi", "Busan"} and all(
        r["region"] == "35.78" for r in rows
    )
    for row in rows:
        if row["partner"] == "Busan":
            row["next_report_due"] = "2027-01-15"
    rows.append({**rows[0], "partner": "Marseille", "country": "France", "notes": "new"})
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    before = len(world.database.agreements.all())
    preview = _upload(world, buffer.getvalue())
    assert re.search(r'id="count-added">1<', preview)
    assert re.search(r'id="count-changed">1<', preview)
    assert re.search(rf'id="count-unchanged">{len(rows) - 2}<', preview)
    assert "next_report_due" in preview  # the changed column is named
    assert len(world.database.agreements.all()) == before  # nothing written yet
    payload = re.search(r'name="payload" value="([^"]*)"', preview, re.S)
    csrf = re.search(r'name="csrf" value="([^"]+)"', preview)
    assert payload and csrf
    done = world.client.post(
        "/admin/agreements/import/apply",
        data={"csrf": csrf.group(1), "payload": html.unescape(payload.group(1))},
    )
    assert "1 ditambah, 1 diubah" in done.text
    assert len(world.database.agreements.all()) == before + 1
    busan = [
        a for a in world.database.agreements.find_by_partner("Busan") if a.region_code == "35.78"
    ]
    assert busan[0].next_report_due == date(2027, 1, 15)
    assert (
        world.client.get("/admin/audit", params={"action": "import"}).text.count("Marseille") >= 1
    )
    # the same file again changes nothing
    again = _upload(world, buffer.getvalue())
    assert re.search(r'id="count-added">0<', again) and re.search(r'id="count-changed">0<', again)


def test_an_import_with_errors_lists_line_and_column_and_writes_nothing(world: World) -> None:
    world.sign_in()
    content = (
        "region,partner,country,kind,stage,mou_date\n"
        "35.78,Okay,Japan,sister_city,mou,2001\n"
        "nowhere-land,Bad,Japan,sister_city,mou,2001\n"
        "35.78,Worse,Japan,friends,mou,20x1\n"
    )
    before = world.database.agreements.all()
    page = _upload(world, content)
    assert "tidak ada yang ditulis" in page
    assert re.search(r"<td>3</td><td>region</td>", page)
    assert re.search(r"<td>4</td><td>kind</td>", page)
    assert re.search(r"<td>4</td><td>mou_date</td>", page)
    assert world.database.agreements.all() == before
    xlsx = world.client.post(
        "/admin/agreements/import",
        data={"csrf": world.csrf("/admin/agreements/import")},
        files={"file": ("bad.xlsx", b"not a zip", "application/octet-stream")},
    )
    assert xlsx.status_code == 400 and "XLSX" in xlsx.text


def test_export_xlsx_of_the_filter(world: World) -> None:
    world.sign_in()
    response = world.client.get(
        "/admin/agreements/export", params={"q": "surabaya", "format": "xlsx"}
    )
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_an_officer_is_approved_as_with_verifikasi(world: World) -> None:
    request = world.database.officers.request(
        OfficerRequest(
            channel="telegram",
            user_id="777",
            chat_id="777",
            region_code="35.78",
            display_name="Bu Sari",
        )
    )
    world.sign_in()
    page = world.client.get("/admin/officers").text
    assert "Bu Sari" in page and "Kota Surabaya" in page
    csrf = world.csrf("/admin/officers")
    approved = world.client.post(f"/admin/officers/{request.id}/approve", data={"csrf": csrf})
    assert approved.status_code == 200 and "Permintaan disetujui" in approved.text
    assert world.database.officers.is_officer("telegram", "777", "35.78")
    # the delivery side will tell the officer, as after a /verifikasi button
    assert any(
        r.id == request.id and r.status is OfficerStatus.APPROVED
        for r in world.database.officers.unannounced()
    )
    again = world.client.post(f"/admin/officers/{request.id}/reject", data={"csrf": csrf})
    assert again.status_code == 409
    audit = world.client.get("/admin/audit", params={"entity": "officer_request"}).text
    assert "approve" in audit and "Bu Sari" in audit


def test_the_overview_counts_and_draws(world: World) -> None:
    world.sign_in()
    page = world.client.get("/admin/").text
    total = len(world.database.agreements.all())
    assert f'<span class="n">{total}</span>' in page
    assert "<svg" in page and "Jawa Timur" in page
    assert "<td>aktif</td>" in page
    # a change shows on the next view (the overview is recomputed when the registry changes)
    fields = _fields(world, _kochi(world))
    fields["next_report_due"] = (world.console.today() + timedelta(days=10)).isoformat()
    world.client.post(f"/admin/agreements/{_kochi(world)}", data=fields)
    world.client.post(
        "/admin/agreements/new",
        data={**fields, "partner": "Marseille", "country": "France"},
    )
    page = world.client.get("/admin/").text
    assert f'<span class="n">{total + 1}</span>' in page
    soon = page.split("Jatuh tempo dalam 30 hari", 1)[1]
    assert "Kochi" in soon and "Marseille" in soon


def test_pages_in_english(world: World) -> None:
    world.sign_in()
    world.client.get("/admin/bahasa/en")
    for path, words in (
        ("/admin/", "Overview"),
        ("/admin/agreements", "Registry"),
        ("/admin/officers", "Officer verification requests"),
        ("/admin/deliveries", "Reminders that failed"),
        ("/admin/knowledge", "Questions the bot could not answer"),
        ("/admin/audit", "Audit log"),
    ):
        assert words in world.client.get(path).text


def test_the_audit_log_is_exported_as_csv(world: World) -> None:
    world.sign_in()
    kochi = _kochi(world)
    fields = _fields(world, kochi)
    fields["notes"] = "checked by phone"
    world.client.post(f"/admin/agreements/{kochi}", data=fields)
    exported = world.client.get("/admin/audit/export", params={"q": "checked by phone"})
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == 1 and rows[0]["actor"] == ADMIN and rows[0]["action"] == "update"
    assert "checked by phone" in rows[0]["after"] and "checked by phone" not in rows[0]["before"]


def test_an_edit_onto_another_agreements_partner_is_refused(world: World) -> None:
    world.sign_in()
    kochi = _kochi(world)
    fields = _fields(world, kochi)
    fields["partner"] = "busan"  # Surabaya's Busan exists already
    page = world.client.post(f"/admin/agreements/{kochi}", data=fields)
    assert page.status_code == 409 and "same region and partner as #" in page.text
    stored = world.database.agreements.get(kochi)
    assert stored is not None and stored.partner == "Kochi"
