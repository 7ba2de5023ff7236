"""Reading questions and queries from standard input for the ``--jsonl`` modes."""

from __future__ import annotations

import sys
from collections.abc import Iterator


def printable(text: str) -> str:
    """Lone surrogates (undecodable bytes in argv) become "?", so printing never fails."""
    return text.encode("utf-8", "replace").decode("utf-8", "replace")


def stdin_lines() -> Iterator[str]:
    """Standard input line by line, undecodable bytes replaced rather than fatal."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:
        yield from sys.stdin
        return
    for raw in buffer:
        yield raw.decode("utf-8", "replace")
