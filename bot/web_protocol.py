"""uvicorn's httptools protocol, with the request head bounded.

httptools (llhttp) parses a webhook post some twenty times faster than h11, which matters
when one sender posts a thousand a second; but unlike h11's ``max_incomplete_event_size``
it puts no limit on a request's head: the URL and each header value are buffered however
long they grow, and headers are kept as they arrive, however many. Unauthenticated traffic
must cost bounded memory (a connection that never finishes its head holds it until it
closes), so :class:`BoundedHttpToolsProtocol` answers 431 and closes the connection when a
head passes ``MAX_HEAD_BYTES`` or ``MAX_HEADERS``, before it is complete.

Two counts, each checked as the parser goes: the URL and the headers read so far (names
and values, as httptools hands them over), and, for a head that a read leaves incomplete
(the piece httptools is still buffering is not handed over yet), the bytes of every read
since the head began. That second count takes the read in which the head began whole (on
a pipelined connection it may also hold the end of the previous request), so it is an
upper bound: no head is held past the limit by more than one read.
"""

from __future__ import annotations

from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

MAX_HEAD_BYTES = 64 * 1024
MAX_HEADERS = 100  # Apache's LimitRequestFields; Meta and Telegram send about a dozen

_REASON = b"Request Header Fields Too Large"
_REFUSAL = (
    b"HTTP/1.1 431 " + _REASON + b"\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"content-length: " + str(len(_REASON)).encode() + b"\r\nconnection: close\r\n\r\n" + _REASON
)


class _HeadTooLargeError(Exception):
    """Raised from a parser callback to stop parsing a head over the limit."""


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol; a request head over the bounds gets 431, then close."""

    max_head_bytes = MAX_HEAD_BYTES
    max_headers = MAX_HEADERS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_open = False  # between a message's first byte and its headers' end
        self._head_began = False  # ... and it began in the read being parsed
        self._head_bytes = 0  # read while the head is open (an upper bound)
        self._head_parsed = 0  # URL and headers handed over so far (exact)
        self._head_refused = False

    def data_received(self, data: bytes) -> None:
        """Parse a read; refuse the head it leaves incomplete if it is over the bound."""
        self._head_began = False
        super().data_received(data)
        if self._head_refused or not self._head_open or self.transport.is_closing():
            return
        self._head_bytes = len(data) if self._head_began else self._head_bytes + len(data)
        if self._head_bytes > self.max_head_bytes:
            self._refuse_head()

    def on_message_begin(self) -> None:
        """A request starts: its head is open."""
        super().on_message_begin()
        self._head_open = self._head_began = True
        self._head_bytes = self._head_parsed = 0

    def on_url(self, url: bytes) -> None:
        """A piece of the URL."""
        self._count(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        """One header; past ``max_headers`` or ``max_head_bytes`` parsing stops (then 431)."""
        if len(self.headers) >= self.max_headers:
            self._stop()
        self._count(len(name) + len(value) + 4)  # ": " and CRLF
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        """The head is complete: the rest of the request is body, bounded elsewhere."""
        self._head_open = False
        super().on_headers_complete()

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to a parse error; a head stopped for its size gets 431 instead."""
        if self._head_refused:
            self._refuse_head()
        else:
            super().send_400_response(msg)

    def _count(self, size: int) -> None:
        self._head_parsed += size
        if self._head_parsed > self.max_head_bytes:
            self._stop()

    def _stop(self) -> None:
        """Stop the parser from a callback: uvicorn then calls send_400_response."""
        self._head_refused = True
        raise _HeadTooLargeError

    def _refuse_head(self) -> None:
        self._head_refused = True
        self._head_open = False
        if not self.transport.is_closing():
            self.transport.write(_REFUSAL)
            self.transport.close()


__all__ = ["MAX_HEADERS", "MAX_HEAD_BYTES", "BoundedHttpToolsProtocol"]
