"""The adapter's pure parts: splitting and escaping, the throttle, who is addressed."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.channels.tg import TokenBucketThrottle, Verdict, render_reply, split_text
from bot.core.models import Button, Reply, button_rows
from bot.stand_ins.telegram_bot_api import plain_text_of, utf16_length


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=["Cs"]), max_size=12_000))
def test_split_text_parses_fits_and_keeps_every_visible_character(text: str) -> None:
    parts = split_text(text, limit=1000)
    for part in parts:
        assert utf16_length(part) <= 1000
        plain_text_of(part)  # Telegram would parse it: no stray markup
    shown = "".join(html.unescape(p) for p in parts)
    assert "".join(shown.split()) == "".join(text.split()) or (not text.strip() and parts == ["…"])


def test_split_prefers_paragraph_breaks() -> None:
    text = "\n\n".join(("a" * 600, "b" * 600, "c" * 600))
    assert [html.unescape(p)[0] for p in split_text(text, limit=1300)] == ["a", "c"]


def test_buttons_with_oversized_data_are_dropped_not_sent() -> None:
    reply = Reply(
        text="x",
        buttons=button_rows(
            [Button(label="ok", data="a:1"), Button(label="too long", data="a:" + "9" * 70)]
        ),
    )
    [part] = render_reply(reply)
    assert part.markup is not None
    assert [b.callback_data for row in part.markup.inline_keyboard for b in row] == ["a:1"]


def test_throttle_tells_once_per_flood_and_refills() -> None:
    now = [0.0]
    throttle = TokenBucketThrottle(burst=3, per_second=1.0, clock=lambda: now[0])
    verdicts = [throttle.check("u") for _ in range(6)]
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.NOTIFY, Verdict.DROP, Verdict.DROP]
    assert throttle.check("other") is Verdict.ALLOW
    now[0] = 1.0
    assert throttle.check("u") is Verdict.ALLOW  # the trickle through a flood...
    assert throttle.check("u") is Verdict.DROP  # ...does not make a new one
    now[0] = 4.0  # quiet until the bucket is full again: that flood is over
    assert [throttle.check("u") for _ in range(4)] == [Verdict.ALLOW] * 3 + [Verdict.NOTIFY]


def test_a_flood_of_1000_per_second_for_35_seconds_is_told_to_slow_down_once() -> None:
    now = [0.0]
    throttle = TokenBucketThrottle(burst=12, per_second=0.5, clock=lambda: now[0])
    verdicts = []
    for n in range(35_000):
        now[0] = n / 1000
        verdicts.append(throttle.check("u"))
    assert verdicts.count(Verdict.NOTIFY) == 1
    assert verdicts.count(Verdict.ALLOW) == 12 + 17  # the burst, then one every 2 s


def test_throttle_forgets_idle_users() -> None:
    now = [0.0]
    throttle = TokenBucketThrottle(burst=2, per_second=1.0, clock=lambda: now[0], max_keys=10)
    for n in range(10):
        throttle.check(str(n))
    now[0] = 5.0
    throttle.check("new")
    assert len(throttle._buckets) == 1
