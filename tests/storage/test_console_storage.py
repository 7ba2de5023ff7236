"""The console's storage on SQLite and PostgreSQL: one-time tokens, the signing key, the
audit log, and the registry's filtered, paginated queries."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from bot.core.console import AuditEntry, AuditFilter
from bot.core.models import Agreement, AgreementKind, AgreementStage
from bot.storage.console_repos import (
    RegistryFilter,
    SqlAuditLog,
    SqlRegistryQueries,
    SqlSignInTokens,
    console_secret_key,
)
from bot.storage.database import Database

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


def test_a_token_is_consumed_once_and_not_after_it_expires(database: Database) -> None:
    tokens = SqlSignInTokens(database.sessions)
    tokens.store("a" * 64, "telegram:42", created_at=NOW, expires_at=NOW + timedelta(minutes=10))
    tokens.store("b" * 64, "telegram:42", created_at=NOW, expires_at=NOW + timedelta(minutes=10))
    assert tokens.consume("c" * 64, NOW) is None
    assert tokens.consume("a" * 64, NOW + timedelta(minutes=9)) == "telegram:42"
    assert tokens.consume("a" * 64, NOW + timedelta(minutes=9)) is None
    assert tokens.consume("b" * 64, NOW + timedelta(minutes=10)) is None


def test_racing_requests_with_one_token_sign_in_once(database: Database) -> None:
    tokens = SqlSignInTokens(database.sessions)
    tokens.store("r" * 64, "telegram:42", created_at=NOW, expires_at=NOW + timedelta(minutes=10))
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: tokens.consume("r" * 64, NOW), range(8)))
    assert results.count("telegram:42") == 1


def test_expired_tokens_are_swept_when_a_new_one_is_stored(database: Database) -> None:
    tokens = SqlSignInTokens(database.sessions)
    tokens.store("o" * 64, "telegram:42", created_at=NOW, expires_at=NOW + timedelta(minutes=10))
    later = NOW + timedelta(hours=1)
    tokens.store(
        "n" * 64, "telegram:42", created_at=later, expires_at=later + timedelta(minutes=10)
    )
    from sqlalchemy import text

    with database.engine.connect() as connection:
        left = connection.execute(text("SELECT token_hash FROM console_sign_in_tokens")).scalars()
        assert list(left) == ["n" * 64]


def test_the_signing_key_is_made_once_and_kept(database: Database) -> None:
    first = console_secret_key(database.sessions)
    assert len(first) >= 32
    assert console_secret_key(database.sessions) == first


def test_the_audit_log_filters_counts_and_pages(database: Database) -> None:
    audit = SqlAuditLog(database.sessions)
    for n in range(5):
        audit.record(
            AuditEntry(
                at=NOW + timedelta(minutes=n),
                actor="telegram:42" if n % 2 else "whatsapp:628",
                action="update" if n < 4 else "delete",
                entity="agreement",
                entity_id=str(n),
                summary=f"35.78 Partner {n}",
                before='{"notes": "old"}',
                after=None if n == 4 else '{"notes": "New <b>text</b>"}',
            )
        )
    assert audit.count(AuditFilter()) == 5
    newest = audit.entries(AuditFilter(), limit=2)
    assert [e.entity_id for e in newest] == ["4", "3"]
    assert newest[0].at == NOW + timedelta(minutes=4)
    assert [e.entity_id for e in audit.entries(AuditFilter(), limit=2, offset=2)] == ["2", "1"]
    assert audit.count(AuditFilter(actor="telegram:42")) == 2
    assert audit.count(AuditFilter(action="delete")) == 1
    assert audit.count(AuditFilter(text="new <b>")) == 4
    assert audit.count(AuditFilter(entity_id="3", entity="agreement")) == 1
    entry = audit.entries(AuditFilter(action="delete"), limit=1)[0]
    assert entry.id is not None and audit.get(entry.id) == entry
    assert audit.get(10_000) is None


def _agreement(code: str, partner: str, country: str, stage: AgreementStage) -> Agreement:
    return Agreement(
        region_code=code,
        partner=partner,
        country=country,
        kind=AgreementKind.SISTER_CITY,
        stage=stage,
    )


def test_registry_queries_filter_page_and_count(database: Database) -> None:
    database.agreements.upsert_many(
        [
            _agreement("35.78", "Kochi", "Japan", AgreementStage.MOU),
            _agreement("35.78", "Busan", "South Korea", AgreementStage.MOU),
            _agreement("35.15", "Kyoto 100%_x", "Japan", AgreementStage.LOI),
            _agreement("32.73", "Braunschweig", "Germany", AgreementStage.ACTIVE),
        ]
    )
    registry = SqlRegistryQueries(database.sessions)
    before = registry.fingerprint()

    def partners(where: RegistryFilter, **page: int) -> list[str]:
        found, _ = registry.search(where, limit=page.get("limit"), offset=page.get("offset", 0))
        return [a.partner for a in found]

    assert partners(RegistryFilter()) == ["Braunschweig", "Kyoto 100%_x", "Busan", "Kochi"]
    assert partners(RegistryFilter(text="japan")) == ["Kyoto 100%_x", "Kochi"]
    assert partners(RegistryFilter(text="surabaya", text_regions=("35.78",))) == ["Busan", "Kochi"]
    assert partners(RegistryFilter(text="100%_")) == ["Kyoto 100%_x"]  # no LIKE wildcards
    assert partners(RegistryFilter(text="100%x")) == []
    assert partners(RegistryFilter(regions=("35", "35.78", "35.15"))) == [
        "Kyoto 100%_x",
        "Busan",
        "Kochi",
    ]
    assert partners(RegistryFilter(country="JAPAN", stage="mou")) == ["Kochi"]
    found, total = registry.search(RegistryFilter(), limit=2, offset=2)
    assert total == 4 and [a.partner for a in found] == ["Busan", "Kochi"]
    assert registry.countries() == ["Germany", "Japan", "South Korea"]
    stored = registry.by_keys([("35.78", "kochi"), ("11", "nowhere")])
    assert list(stored) == [("35.78", "kochi")]
    kochi = stored[("35.78", "kochi")]
    assert registry.fingerprint() == before
    database.agreements.save(
        Agreement(
            id=kochi.id,
            region_code="35.78",
            partner="Kochi",
            country="Japan",
            kind=AgreementKind.SISTER_CITY,
            stage=AgreementStage.ACTIVE,
        )
    )
    assert registry.fingerprint() != before
