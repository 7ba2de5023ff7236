"""Each message of a post judged on its own: whatever one holds, the others are answered.

A signed post is Meta's: a 5xx makes Meta deliver it again and again, so a message that
can never be stored or read must not turn its whole post into a 5xx.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channels.throttle import TokenBucketThrottle
from bot.channels.wa.inbox import StoredInbox
from bot.stand_ins.whatsapp_webhooks import text_payload
from bot.storage.database import Database

VALID_USER = "6281234500000"
HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["\ud800", "a\udfffb", "\x00", "\ud83d", "x" * 5000]),
    st.lists(st.sampled_from(["\ud800", "\x00", "é", "a", "\U0001f44b"]), max_size=8).map("".join),
)
HOSTILE_NUMBER = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from(["999999999999", "-1", "1e309", "", "¹²"]),
    HOSTILE_TEXT,
)
HOSTILE_ID = st.one_of(HOSTILE_TEXT, HOSTILE_NUMBER, st.text(min_size=129, max_size=300))


@st.composite
def hostile_message(draw: st.DrawFn) -> dict[str, Any]:
    """A message part with some of its fields replaced by something hostile."""
    body = draw(HOSTILE_TEXT)
    message: dict[str, Any] = {
        "from": draw(st.one_of(st.just("6281234599999"), HOSTILE_ID)),
        "id": draw(HOSTILE_ID),
        "timestamp": draw(HOSTILE_NUMBER),
        "type": draw(st.sampled_from(["text", "image", "interactive", "button", "\ud800"])),
        "text": {"body": body},
    }
    return message


def post_with(valid_text: str, hostile: list[dict[str, Any]], names: list[str]) -> dict[str, Any]:
    payload = text_payload(VALID_USER, valid_text)
    value = payload["entry"][0]["changes"][0]["value"]
    value["messages"] = [*hostile, *value["messages"]]
    value["contacts"] += [{"profile": {"name": n}, "wa_id": "6281234599999"} for n in names]
    return payload


async def test_a_poisoned_message_does_not_keep_its_neighbours_from_an_answer(
    start_bot: Any, database: Database
) -> None:
    poisoned = [
        {"from": "6281234599999", "id": "wamid.s\ud800", "timestamp": "1", "type": "text",
         "text": {"body": "lone \udc00 surrogate"}},
        {"from": "6281234599998", "id": "wamid.t", "timestamp": "999999999999", "type": "text",
         "text": {"body": "far future"}},
        {"from": "6281234599997", "id": "x" * 500, "timestamp": "1", "type": "text",
         "text": {"body": "absurd id"}},
    ]  # fmt: skip
    async with start_bot(inbox=StoredInbox(database.whatsapp_inbox)) as bot:
        response = await bot.post(post_with("pesan sah", poisoned, ["nama \ud800"]))
        await bot.settle()
    assert response.status_code == 200
    assert [m.text for m in bot.graph.sent_to(VALID_USER)] == ["echo: pesan sah"]
    assert [m.text for m in bot.graph.sent_to("6281234599999")] == ["echo: lone \ufffd surrogate"]
    assert [m.text for m in bot.graph.sent_to("6281234599998")] == ["echo: far future"]
    assert bot.graph.sent_to("6281234599997") == []


async def test_json_too_deep_to_read_is_a_400(start_bot: Any) -> None:
    async with start_bot() as bot:
        response = await bot.post(b"[" * 100_000 + b"]" * 100_000)
    assert response.status_code == 400


async def test_hostile_signed_posts_never_get_a_5xx_and_valid_messages_are_answered_once(
    start_bot: Any, database: Database
) -> None:
    posts: list[tuple[list[dict[str, Any]], list[str]]] = []

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(hostile_message(), min_size=1, max_size=3), st.lists(HOSTILE_TEXT, max_size=2))
    def collect(hostile: list[dict[str, Any]], names: list[str]) -> None:
        posts.append((hostile, names))

    collect()
    async with start_bot(inbox=StoredInbox(database.whatsapp_inbox)) as bot:
        for n, (hostile, names) in enumerate(posts):
            payload = post_with(f"pesan {n}", hostile, names)
            response = await bot.post(json.dumps(payload).encode())
            assert response.status_code < 500, (response.status_code, payload)
        await bot.settle()
    answers = [m.text for m in bot.graph.sent_to(VALID_USER)]
    assert sorted(answers) == sorted(f"echo: pesan {n}" for n in range(len(posts)))


async def test_a_flooding_sender_is_slowed_down_once_and_others_are_not(start_bot: Any) -> None:
    now = [0.0]
    throttle = TokenBucketThrottle(burst=12, per_second=0.5, clock=lambda: now[0])
    async with start_bot(throttle=throttle) as bot:
        for n in range(200):  # 1,000 a second for 10 s, in steps of the throttle's clock
            now[0] = n * 0.05
            await bot.post(text_payload(VALID_USER, f"banjir {n}"))
        await bot.post(text_payload("6281234577777", "saya juga"))
        await bot.settle()
    flood = [m.text for m in bot.graph.sent_to(VALID_USER)]
    notices = [t for t in flood if t.startswith("Mohon pelan-pelan")]
    assert len(notices) == 1
    assert len(flood) - 1 == 12 + 4  # the burst, then one every 2 s of the 10
    assert [m.text for m in bot.graph.sent_to("6281234577777")] == ["echo: saya juga"]
    assert bot.channel.webhook.counters.throttled == 200 - 16
