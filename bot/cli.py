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
    announce,
    ask,
    bench,
    chat,
    db,
    delete,
    kb,
    reminders,
    run,
    status,
    subscribe,
)
from bot.config import ConfigError

# Each module imports only light modules at its top (telegram, sqlalchemy and the
# composition root inside its ``run``), so that `sisterbot ask` starts fast.
COMMAND_MODULES = (
    chat,
    ask,
    status,
    run,
    db,
    agreement_files,
    delete,
    subscribe,
    reminders,
    announce,
    kb,
    bench,
)


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
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
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
