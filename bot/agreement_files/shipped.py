"""The registry shipped with a release: ``knowledge/agreements.csv``, read and checked.

The composition root hands the parsed agreements to storage
(:meth:`bot.storage.database.Database.sync_shipped_registry`); ``sisterbot kb check``
validates the same file. A bad row is one clear line naming its line and column, never a
traceback.
"""

from __future__ import annotations

import logging
from pathlib import Path

from bot.agreement_files.rows import ImportFailed, parse_agreements
from bot.config import ConfigError
from bot.core.models import Agreement
from bot.core.status import RegionIndex

log = logging.getLogger(__name__)

SHIPPED_FILE = "agreements.csv"


class ShippedRegistryError(ConfigError):
    """The shipped registry has errors; the message names the first one and the count."""


def read_shipped_registry(knowledge_dir: Path, regions: RegionIndex) -> list[Agreement]:
    """The agreements of ``knowledge_dir/agreements.csv`` (none when there is no such file).

    Raises :class:`ShippedRegistryError` when any row is invalid.
    """
    path = knowledge_dir / SHIPPED_FILE
    if not path.is_file():
        log.warning("no shipped registry at %s", path)
        return []
    try:
        return parse_agreements(path, regions)
    except ImportFailed as failed:
        first = failed.errors[0] if failed.errors else "invalid"
        more = f" (and {failed.total - 1} more)" if failed.total > 1 else ""
        raise ShippedRegistryError(
            f"{path}: {first}{more}; `sisterbot kb check` lists every problem"
        ) from None
