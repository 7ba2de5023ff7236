"""The ``--json`` / ``--jsonl`` modes shared by ``ask`` and ``status``: options, stdin."""

from __future__ import annotations

import argparse
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


def add_json_modes(parser: argparse.ArgumentParser, item: str) -> None:
    """``--json`` (one object) or ``--jsonl`` (one ``item`` per stdin line), not both."""
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print one JSON object")
    output.add_argument(
        "--jsonl", action="store_true", help=f"one {item} per stdin line, one JSON line each"
    )
