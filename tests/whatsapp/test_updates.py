"""Recorded webhook payloads -> messages and statuses (table-driven), and hostile JSON."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.channels.wa.updates import parse_webhook

from .conftest import DATA, load

MESSAGES: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    # payload file: [(wa_id, kind, text, button_data)]
    "text_message": [
        ("6281234567801", "text", "Apakah kerja sama sister city perlu persetujuan DPRD?", None)
    ],
    "button_reply": [("6281234567801", "button", "", "lang:en")],
    "list_reply": [("6281234567802", "button", "", "help:")],
    "template_quick_reply": [("6281234567803", "button", "", "help:")],
    "image_message": [("6281234567801", "unsupported", "", None)],
    "unsupported_message": [("6281234567801", "unsupported", "", None)],
    "reaction": [("6281234567801", "ignored", "", None)],
    "two_users_one_post": [
        ("6281234567801", "text", "halo", None),
        ("6281234567802", "text", "terima kasih", None),
    ],
    "status_sent": [],
    "status_delivered": [],
    "status_read": [],
    "status_failed": [],
    "account_update_field": [],
    "malformed_message_without_sender": [],
    "malformed_entry_not_a_list": [],
    "malformed_text_without_body": [],
}
STATUSES = {
    "status_sent": ("sent", None),
    "status_delivered": ("delivered", None),
    "status_read": ("read", None),
    "status_failed": ("failed", 131047),
}
SKIPPED = {
    "malformed_message_without_sender": 1,
    "malformed_entry_not_a_list": 1,
    "malformed_text_without_body": 1,
}


def test_every_recorded_payload_is_in_the_table() -> None:
    assert {p.stem for p in DATA.glob("*.json")} == set(MESSAGES)


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_recorded_payloads(name: str) -> None:
    batch = parse_webhook(load(name))
    got = [(m.wa_id, m.kind, m.text, m.button_data) for m in batch.messages]
    assert got == MESSAGES[name]
    assert [(s.status, s.error_code) for s in batch.statuses] == (
        [STATUSES[name]] if name in STATUSES else []
    )
    assert batch.skipped == SKIPPED.get(name, 0)


def test_message_details() -> None:
    (message,) = parse_webhook(load("text_message")).messages
    assert message.message_id.startswith("wamid.")
    assert message.display_name == "Budi Santoso"
    assert message.sent_at == datetime(2025, 11, 28, 6, 0, tzinfo=UTC)
    assert message.phone_number_id == "100200300400"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "entry",
                    "changes",
                    "value",
                    "messages",
                    "statuses",
                    "from",
                    "id",
                    "type",
                    "text",
                    "body",
                    "interactive",
                    "button_reply",
                    "list_reply",
                    "errors",
                    "field",
                    "contacts",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=30,
)


@given(JSON)
def test_any_json_parses_without_raising(payload: Any) -> None:
    batch = parse_webhook(payload)
    for message in batch.messages:
        assert message.message_id and message.wa_id
        assert (message.kind == "button") == (message.button_data is not None)
