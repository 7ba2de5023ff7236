"""A recommendation named by its number ("rekomendasi 7", "recommendation no 3")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.core.models import Entry

# "rekomendasi 7", "rekom no 3", "recommendation number 10"; "poin ke 2 rekomendasi" is
# not matched: only a recommendation word directly before its number names an entry.
_NUMBERED = re.compile(
    r"\b(?:rekomendasi|rekom|recommendations?|rec)\s+"
    r"(?:(?:nomor|no|number|ke|poin|point)\s+)?(\d{1,2})\b"
)


def numbered_recommendation(normalised: str, entries: Iterable[Entry]) -> Entry | None:
    """The recommendation entry a normalised question names by number, if any."""
    found = _NUMBERED.search(normalised)
    if found is None:
        return None
    wanted = f"rec-{int(found.group(1))}"
    return next((entry for entry in entries if entry.id == wanted), None)
