"""``sisterbot reminders recap [--png FILE]``: the admins' weekly recap, printed and drawn.

Not a command of its own: ``sisterbot reminders`` registers it (see :mod:`.reminders`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def run_recap(args: argparse.Namespace) -> int:
    """Print the recap's numbers; with ``--png``, write its chart."""
    from datetime import datetime

    from bot.app.root import build_policy, build_regions, opened_database
    from bot.config import Settings
    from bot.core.dates import format_day
    from bot.core.reminders import DEFAULT_TIMEZONE, overview_counts, recap_text, zone
    from bot.delivery.recap_chart import recap_png

    settings = Settings.from_env()
    regions = build_regions(settings)
    policy = build_policy(settings)
    today = args.date or datetime.now(zone(DEFAULT_TIMEZONE)).date()
    with opened_database(settings, regions) as database:
        counts = overview_counts(database.agreements.all(), policy=policy, today=today)

    def province_name(code: str) -> str:
        region = regions.get(code)
        return region.display_name if region is not None else code

    day = format_day(today, args.lang)
    if args.png:
        path = Path(args.png)
        try:
            path.write_bytes(
                recap_png(counts, province_name=province_name, language=args.lang, day=day)
            )
        except OSError as error:
            print(f"cannot write {path}: {error.strerror or error}", file=sys.stderr)
            return 1
    if args.json:
        json.dump(counts.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(recap_text(counts, province_name=province_name, language=args.lang, day=day))
    if args.png:
        print(f"chart written to {args.png}", file=sys.stderr)
    return 0
