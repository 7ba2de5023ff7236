"""The ``sisterbot`` command (also ``python -m bot``).

Each subcommand lives in its own module under :mod:`bot.app.commands` and registers itself
through ``register(subparsers)``; this module only assembles them, keeps secrets out of
the output (:mod:`bot.redaction`) and turns every failure into one clear line: a
:class:`~bot.config.ConfigError` or an unusable database with exit status 2, anything
else with 1 (``-v`` logs its traceback, secrets redacted).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from bot import redaction
from bot.app.commands import (
    admin,
    agreement_files,
    announce,
    ask,
    bench,
    chat,
    db,
    delete,
    doctor,
    kb,
    reminders,
    run,
    status,
    subscribe,
    web,
)
from bot.config import ConfigError, log_format_from_env, secret_values, shown_database_url
from bot.logs import configure_logging

# Each module imports only light modules at its top (telegram, sqlalchemy and the
# composition root inside its ``run``), so that `sisterbot ask` starts fast.
LONG_RUNNING = frozenset({"run", "web"})
COMMAND_MODULES = (
    chat,
    ask,
    status,
    run,
    web,
    admin,
    db,
    agreement_files,
    delete,
    subscribe,
    reminders,
    announce,
    kb,
    bench,
    doctor,
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
    # Before anything can log or fail: no secret reaches stderr from here on.
    redaction.install(secret_values())
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
        print(redaction.redact(f"sisterbot: configuration error: {error}"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `sisterbot reminders plan --json | head`: the reader left; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as error:  # every failure ends as one line, never a traceback
        return _report_failure(error, verbose=args.verbose)
    return status


def _report_failure(error: Exception, *, verbose: bool) -> int:
    """Print ``error`` as one line (a database failure names the setting); 1, or 2 for
    a database that cannot be used. With ``-v`` the traceback is logged first."""
    if verbose:
        logging.getLogger("sisterbot").error("the command failed", exc_info=error)
    database_error = _database_failure(error)
    if database_error is not None:
        print(redaction.redact(f"sisterbot: {database_error}"), file=sys.stderr)
        return 2
    hint = "" if verbose else " (sisterbot -v shows where)"
    text = " ".join(str(error).split()) or "no details"
    print(redaction.redact(f"sisterbot: {type(error).__name__}: {text}{hint}"), file=sys.stderr)
    return 1


def _database_failure(error: Exception) -> str | None:
    """One line naming SISTERBOT_DATABASE_URL and the cause, when ``error`` is the
    database's (SQLAlchemy is only looked at when it was loaded, i.e. used)."""
    exceptions = sys.modules.get("sqlalchemy.exc")
    if exceptions is None or not isinstance(error, exceptions.SQLAlchemyError):
        return None
    cause = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    reason = lines[0] if lines else type(cause).__name__
    return f"cannot use the database at SISTERBOT_DATABASE_URL ({shown_database_url()}): {reason}"
