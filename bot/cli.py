"""The ``sisterbot`` command (also ``python -m bot``).

Each subcommand lives in its own module under :mod:`bot.commands` and registers itself
through ``register(subparsers)``; this module only assembles them and turns a
:class:`~bot.config.ConfigError` into one clear line and exit status 2.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from bot.commands import (
    agreement_files,
    ask,
    bench,
    chat,
    db,
    doctor,
    kb,
    reminders,
    run,
    status,
    subscribe,
)
from bot.config import ConfigError, log_format_from_env
from bot.logs import configure_logging

# Each module imports only light modules at its top (telegram, sqlalchemy and the
# composition root inside its ``run``), so that `sisterbot ask` starts fast.
LONG_RUNNING = frozenset({"run"})
COMMAND_MODULES = (
    chat, ask, status, run, db, agreement_files, subscribe, reminders, kb, bench, doctor
)  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="sisterbot",
        description="Assistant for sister city / sister province cooperation.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log at DEBUG level")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        # A server logs one INFO line per update; a one-shot command only what went wrong.
        quiet = logging.INFO if args.command in LONG_RUNNING else logging.WARNING
        configure_logging(
            level=logging.DEBUG if args.verbose else quiet, format_name=log_format_from_env()
        )
        status: int = args.func(args)
    except ConfigError as error:
        print(f"sisterbot: configuration error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `sisterbot reminders plan --json | head`: the reader left; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return status
