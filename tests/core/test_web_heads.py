"""The bot's HTTP server bounds a request's head (httptools sets no limit of its own).

Raw HTTP/1.1 over asyncio streams against a real :class:`bot.web.HttpServer`: a head over
``MAX_HEAD_BYTES`` (whole, or trickled and never finished) or with more than
``MAX_HEADERS`` headers gets 431 and the connection is closed; heads within the bounds,
one after another on a keep-alive connection, and large bodies behind a small head are
served as before.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot.web import HttpServer, build_web_app
from bot.web_protocol import MAX_HEAD_BYTES, MAX_HEADERS

WITHIN = 10.0  # seconds: a bound on waiting, never a measure
Streams = tuple[asyncio.StreamReader, asyncio.StreamWriter]


async def echo_length(request: Request) -> Response:
    return PlainTextResponse(str(len(await request.body())))


@pytest.fixture
async def server() -> AsyncIterator[HttpServer]:
    app = build_web_app([Route("/echo", echo_length, methods=["GET", "POST"])])
    async with HttpServer(app, "127.0.0.1", 0) as running:
        yield running


async def connect(server: HttpServer) -> Streams:
    return await asyncio.open_connection(server.host, server.port)


async def response(reader: asyncio.StreamReader) -> tuple[int, bytes, dict[bytes, bytes]]:
    """Status, body and headers (lower-case names) of one response."""
    status_line = await asyncio.wait_for(reader.readline(), WITHIN)
    assert status_line, "the connection closed without an answer"
    headers: dict[bytes, bytes] = {}
    while (line := await asyncio.wait_for(reader.readline(), WITHIN)) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip()
    body = await reader.readexactly(int(headers.get(b"content-length", b"0")))
    return int(status_line.split()[1]), body, headers


async def closed(reader: asyncio.StreamReader) -> bool:
    """Whether the server closed the connection (end of stream, or reset)."""
    try:
        return await asyncio.wait_for(reader.read(1), WITHIN) == b""
    except ConnectionResetError:
        return True


def head(*extra: str, body: bytes = b"") -> bytes:
    lines = ["POST /echo HTTP/1.1", "Host: 127.0.0.1", *extra, f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def test_a_whole_head_over_the_bound_is_refused_with_431(server: HttpServer) -> None:
    reader, writer = await connect(server)
    writer.write(head("X-Pad: " + "a" * (MAX_HEAD_BYTES + 100)))
    await writer.drain()
    status, body, headers = await response(reader)
    assert (status, body) == (431, b"Request Header Fields Too Large")
    assert headers[b"connection"] == b"close"
    assert await closed(reader)
    writer.close()


async def test_a_trickled_head_is_refused_before_it_ends(server: HttpServer) -> None:
    """A head that never finishes is not buffered past the bound: 431 while it still grows."""
    reader, writer = await connect(server)
    writer.write(b"POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: ")
    sent = 0
    answer = asyncio.ensure_future(response(reader))
    while sent <= MAX_HEAD_BYTES + 8192 and not answer.done():
        writer.write(b"a" * 4096)
        sent += 4096
        await writer.drain()
        await asyncio.sleep(0.005)  # separate reads, as a slow sender's are
    status, _body, _headers = await asyncio.wait_for(answer, WITHIN)
    assert status == 431
    assert await closed(reader)
    writer.close()


async def test_a_url_over_the_bound_is_refused(server: HttpServer) -> None:
    reader, writer = await connect(server)
    writer.write(f"GET /echo?{'q' * (MAX_HEAD_BYTES + 1)} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    await writer.drain()
    assert (await response(reader))[0] == 431
    writer.close()


@pytest.mark.parametrize("count", [MAX_HEADERS, MAX_HEADERS + 1])
async def test_at_most_max_headers_are_read(server: HttpServer, count: int) -> None:
    reader, writer = await connect(server)
    extra = [f"X-H{n}: v" for n in range(count - 2)]  # Host and Content-Length count too
    writer.write(head(*extra))
    await writer.drain()
    status, _body, _headers = await response(reader)
    assert status == (200 if count <= MAX_HEADERS else 431)
    writer.close()


async def test_heads_within_the_bound_are_served_one_after_another(server: HttpServer) -> None:
    """Each request's head is counted afresh on a keep-alive connection, trickled or not."""
    reader, writer = await connect(server)
    pad = "X-Pad: " + "a" * (MAX_HEAD_BYTES - 1000)
    for trickled in (False, True, True, False):
        request = head(pad, body=b"hello")
        if trickled:
            for start in range(0, len(request), 4096):
                writer.write(request[start : start + 4096])
                await writer.drain()
                await asyncio.sleep(0.002)
        else:
            writer.write(request)
            await writer.drain()
        assert (await response(reader))[:2] == (200, b"5")
    writer.close()


async def test_a_large_body_behind_a_small_head_is_not_counted_as_head(server: HttpServer) -> None:
    reader, writer = await connect(server)
    body = b"x" * (4 * MAX_HEAD_BYTES)
    for _ in range(2):  # and the next request on the connection too
        writer.write(head(body=body))
        await writer.drain()
        assert (await response(reader))[:2] == (200, str(len(body)).encode())
    writer.close()


async def test_a_request_that_is_not_http_is_still_a_400(server: HttpServer) -> None:
    reader, writer = await connect(server)
    writer.write(b"\x16\x03\x01 not http at all\r\n\r\n")
    await writer.drain()
    assert (await response(reader))[0] == 400
    writer.close()
