"""``sisterbot delete agreement REGION PARTNER``: remove one agreement from the registry."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``delete`` subcommand."""
    parser = subparsers.add_parser(
        "delete",
        help="delete one agreement (by region and partner)",
        description="Delete the agreement of REGION (a code such as 35.78, or a name that "
        "resolves without doubt) with PARTNER (case-insensitive). Its pending reminders go "
        "with it. A later release of the shipped registry does not bring it back; "
        "`sisterbot db upgrade` lists it if the release changes it.",
    )
    parser.add_argument("what", choices=("agreement",), help="what to delete")
    parser.add_argument("region", help="region code or name, e.g. 35.78 or 'kota surabaya'")
    parser.add_argument("partner", help="the partner's name as stored, e.g. Kochi")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Find the agreement and delete it."""
    from bot.app.root import build_regions, opened_database
    from bot.config import Settings
    from bot.core.models import partner_key

    settings = Settings.from_env()
    regions = build_regions(settings)
    match = regions.resolve(args.region)
    if match.kind != "exact" or match.region is None:
        named = ", ".join(f"{c.region.code} {c.region.display_name}" for c in match.candidates[:3])
        hint = f" (closest: {named}); use the code" if named else ""
        print(f"sisterbot delete: {args.region!r} is not one region{hint}", file=sys.stderr)
        return 2
    region = match.region
    with opened_database(settings, regions) as database:
        stored = database.agreements.for_region(region.code)
        found = [a for a in stored if partner_key(a.partner) == partner_key(args.partner)]
        if not found or found[0].id is None:
            partners = ", ".join(a.partner for a in stored) or "none"
            print(
                f"sisterbot delete: {region.display_name} has no agreement with "
                f"{args.partner!r} (its partners: {partners})",
                file=sys.stderr,
            )
            return 1
        database.agreements.delete(found[0].id)
    print(f"deleted: {region.code} {region.display_name} – {found[0].partner}")
    return 0
