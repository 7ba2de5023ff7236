"""The console refuses everyone who is not a signed-in admin, and every forged form."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.admin import SessionCodec, console_links
from bot.admin._auth import SESSION_COOKIE
from bot.app.root import build_regions, open_database
from bot.config import ConfigError, Settings
from tests.admin.conftest import ADMIN, NOW, World, make_settings

PAGES = [
    "/admin/",
    "/admin/agreements",
    "/admin/agreements?q=surabaya",
    "/admin/agreements/1",
    "/admin/agreements/1/delete",
    "/admin/agreements/new",
    "/admin/agreements/import",
    "/admin/agreements/export?format=csv",
    "/admin/agreements/export?format=xlsx",
    "/admin/officers",
    "/admin/deliveries",
    "/admin/knowledge",
    "/admin/audit",
    "/admin/audit/export",
]
ACTIONS = [
    "/admin/agreements/1",
    "/admin/agreements/1/delete",
    "/admin/agreements/new",
    "/admin/agreements/import",
    "/admin/agreements/import/apply",
    "/admin/officers/1/approve",
    "/admin/officers/1/reject",
    "/admin/audit/1/undo",
    "/admin/keluar",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_without_a_session_is_refused(world: World, path: str) -> None:
    response = world.client.get(path)
    assert response.status_code == 401
    assert "/masuk" in response.text  # it says how to sign in
    assert "Surabaya" not in response.text and "partner" not in response.text


@pytest.mark.parametrize("path", ACTIONS)
def test_every_action_without_a_session_is_refused_and_changes_nothing(
    world: World, path: str
) -> None:
    before = world.database.agreements.get(1)
    response = world.client.post(path, data={"partner": "X", "csrf": "x", "payload": "x"})
    assert response.status_code == 401
    assert world.database.agreements.get(1) == before


def test_a_link_signs_in_once(world: World) -> None:
    token = world.link().split("t=", 1)[1]
    first = world.client.post("/admin/masuk", data={"t": token}, follow_redirects=False)
    assert first.status_code == 303
    cookie = first.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/admin" in cookie
    assert world.client.get("/admin/").status_code == 200
    world.client.cookies.clear()
    again = world.client.post("/admin/masuk", data={"t": token}, follow_redirects=False)
    assert again.status_code == 403
    assert world.client.get("/admin/").status_code == 401


def test_an_expired_link_is_refused(world: World) -> None:
    token = world.link().split("t=", 1)[1]
    world.clock.advance(timedelta(minutes=10, seconds=1))
    response = world.client.post("/admin/masuk", data={"t": token}, follow_redirects=False)
    assert response.status_code == 403
    assert "SESSION_COOKIE" not in response.headers.get("set-cookie", "")


def test_a_link_still_valid_at_nine_minutes(world: World) -> None:
    token = world.link().split("t=", 1)[1]
    world.clock.advance(timedelta(minutes=9))
    response = world.client.post("/admin/masuk", data={"t": token}, follow_redirects=False)
    assert response.status_code == 303


def test_a_wrong_token_is_refused(world: World) -> None:
    response = world.client.post("/admin/masuk", data={"t": "guess"}, follow_redirects=False)
    assert response.status_code == 403


def test_opening_the_link_does_not_use_it(world: World) -> None:
    """Chat apps fetch links for previews: only the button's POST signs in."""
    link = world.link()
    page = world.client.get(link.replace("http://127.0.0.1:8080", str(world.client.base_url)))
    assert page.status_code == 200 and 'method="post"' in page.text
    token = link.split("t=", 1)[1]
    assert world.client.post("/admin/masuk", data={"t": token}).status_code == 200


def test_tokens_are_stored_hashed(world: World) -> None:
    token = world.link().split("t=", 1)[1]
    with world.database.engine.connect() as connection:
        stored = connection.execute(text("SELECT token_hash FROM console_sign_in_tokens")).scalars()
        assert token not in list(stored)


def test_sign_in_attempts_are_rate_limited(world: World) -> None:
    codes = [
        world.client.post("/admin/masuk", data={"t": f"guess{n}"}).status_code for n in range(12)
    ]
    assert codes[:10] == [403] * 10
    assert codes[10:] == [429, 429]
    # even a good link waits out the window
    token = world.link().split("t=", 1)[1]
    assert world.client.post("/admin/masuk", data={"t": token}).status_code == 429


def test_a_post_without_the_csrf_token_is_refused(world: World) -> None:
    world.sign_in()
    before = world.database.agreements.get(1)
    assert before is not None
    fields = {"region": before.region_code, "partner": "Changed", "country": "X"}
    for data in (fields, {**fields, "csrf": "wrong"}):
        response = world.client.post("/admin/agreements/1", data=data)
        assert response.status_code == 403
    assert world.database.agreements.get(1) == before


def test_a_forged_or_non_admin_session_is_refused(world: World) -> None:
    world.sign_in()
    cookie = world.client.cookies[SESSION_COOKIE]
    # someone else's session, signed with the right key: not an admin any more
    outsider = world.console.sessions.new("telegram:999", world.clock.now())
    world.client.cookies.set(SESSION_COOKIE, world.console.sessions.encode(outsider), path="/admin")
    assert world.client.get("/admin/agreements").status_code == 403
    response = world.client.post(
        "/admin/officers/1/approve", data={"csrf": outsider.csrf}, follow_redirects=False
    )
    assert response.status_code == 403
    # a cookie signed with another key
    forged = SessionCodec("another key, not the console's").new(ADMIN, world.clock.now())
    world.client.cookies.set(
        SESSION_COOKIE, SessionCodec("another key, not the console's").encode(forged), path="/admin"
    )
    assert world.client.get("/admin/agreements").status_code == 401
    world.client.cookies.set(SESSION_COOKIE, cookie[:-2] + "00", path="/admin")
    assert world.client.get("/admin/agreements").status_code == 401


def test_a_session_expires(world: World) -> None:
    world.sign_in()
    world.clock.advance(timedelta(hours=8, seconds=1))
    assert world.client.get("/admin/").status_code == 401


def test_sign_out_forgets_the_session(world: World) -> None:
    world.sign_in()
    response = world.client.post("/admin/keluar", data={"csrf": world.csrf()})
    assert response.status_code == 200
    assert world.client.get("/admin/").status_code == 401


def test_html_in_agreement_fields_is_escaped(world: World) -> None:
    world.sign_in()
    script = "<script>alert('x')</script>"
    response = world.client.post(
        "/admin/agreements/new",
        data={
            "csrf": world.csrf(),
            "region": "35.78",
            "partner": f"Evil {script}",
            "country": "Japan",
            "kind": "sister_city",
            "stage": "mou",
            "notes": f"<b>bold</b> {script}",
        },
    )
    assert response.status_code == 200
    for page in (response.text, world.client.get("/admin/agreements?q=evil").text):
        assert script not in page and "<b>bold</b>" not in page
        assert "&lt;script&gt;" in page
    audit = world.client.get("/admin/audit").text
    assert script not in audit


def test_the_language_switch_only_redirects_within_the_console(world: World) -> None:
    for target in ("https://evil.example/", "//evil.example/admin"):
        response = world.client.get(
            "/admin/bahasa/en", params={"next": target}, follow_redirects=False
        )
        assert response.headers["location"] == "/admin/"
    world.sign_in()
    world.client.get("/admin/bahasa/en?next=/admin/agreements")
    assert "Registry" in world.client.get("/admin/agreements").text
    assert re.search(r"<h1>Registry</h1>", world.client.get("/admin/agreements").text)


def test_the_session_cookie_is_secure_behind_https(world: World) -> None:
    world.console.secure_cookies = True  # as when SISTERBOT_PUBLIC_URL is https://...
    token = world.link().split("t=", 1)[1]
    response = world.client.post("/admin/masuk", data={"t": token}, follow_redirects=False)
    assert "Secure" in response.headers["set-cookie"]


def test_links_point_at_the_public_url(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "SISTERBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'l.db'}",
            "SISTERBOT_PUBLIC_URL": "https://sisterbot.example.go.id/",
        }
    )
    assert settings.console_url == "https://sisterbot.example.go.id"
    assert make_settings(tmp_path).console_url == "http://127.0.0.1:8080"
    database = open_database(settings, build_regions(settings))
    try:
        link = console_links(settings, database).issue(ADMIN, NOW)
    finally:
        database.dispose()
    assert link.startswith("https://sisterbot.example.go.id/admin/masuk?t=")


def test_a_short_secret_key_or_a_bad_public_url_stops_the_program() -> None:
    with pytest.raises(ConfigError, match="SISTERBOT_SECRET_KEY"):
        Settings.from_env({"SISTERBOT_SECRET_KEY": "short"})
    with pytest.raises(ConfigError, match="SISTERBOT_PUBLIC_URL"):
        Settings.from_env({"SISTERBOT_PUBLIC_URL": "sisterbot.example.go.id"})
