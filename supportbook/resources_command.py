"""`python -m supportbook resources check [--max-age DAYS] [--data FILE]`.

Validates the crisis-resources data and lists every entry whose check date is older than DAYS (default
365). Exit status: 0 when all entries are valid and recent enough, 1 when any are stale, 2 when the data
is invalid. Run it before every release, and re-check the listed entries on the operators' own sites.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

from supportbook import resources
from supportbook.resources_text import human_date

DEFAULT_MAX_AGE = 365


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if value < 0:
        raise argparse.ArgumentTypeError("the number of days cannot be negative")
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-27") from None


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "resources",
        help="check the crisis-resources data",
        description="Tools for supportbook/data/resources.yml, the one source of crisis-service facts.",
    )
    commands = parser.add_subparsers(dest="resources_command", metavar="SUBCOMMAND")
    parser.set_defaults(func=_usage(parser))
    check = commands.add_parser(
        "check",
        help="validate the data and list entries checked more than --max-age days ago",
        description=(
            "Validate the data file and list every entry whose check date is older than DAYS. "
            "Exits 1 when any entry is stale, 2 when the data is invalid."
        ),
    )
    check.add_argument(
        "--max-age",
        type=_days,
        default=DEFAULT_MAX_AGE,
        metavar="DAYS",
        help=f"the oldest acceptable check, in days (default {DEFAULT_MAX_AGE})",
    )
    check.add_argument(
        "--data", type=Path, default=resources.DATA_FILE, metavar="FILE", help="the data file to check"
    )
    check.add_argument("--today", type=_date, default=None, help=argparse.SUPPRESS)  # for tests
    check.set_defaults(func=run)


def _usage(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    def show(args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return 2

    return show


def run(args: argparse.Namespace) -> int:
    today = args.today or dt.date.today()
    try:
        data = resources.load(args.data, today=today)
    except resources.ResourceError as exc:
        print(exc, file=sys.stderr)
        return 2
    old = resources.stale(data, args.max_age, today)
    count = len(data.services)
    if not old:
        oldest = min(s.checked for s in data.services)
        print(
            f"{args.data}: all {count} entries were checked within {args.max_age} days "
            f"(oldest check: {human_date(oldest)})."
        )
        return 0
    print(
        f"{args.data}: {len(old)} of {count} entries were last checked more than {args.max_age} days ago. "
        "Re-check each on the operator's own site, then update 'checked' and 'checked_how':"
    )
    width = max(len(service.id) for service, _ in old)
    for service, age in old:
        print(f"  {service.id:<{width}}  checked {service.checked.isoformat()} ({age} days ago)  {service.source}")
    return 1
