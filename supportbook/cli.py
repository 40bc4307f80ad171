"""Command line: `python -m supportbook COMMAND ...`.

Each command lives in its own module, which exposes `register(subparsers)`; the parser it adds sets
`func`, a callable taking the parsed arguments and returning the exit status.

Exit status, for every command: 0 done, 1 a build or check failed, 2 bad usage or data (the message says
which file and what to do), 130 stopped by Ctrl-C, 143 by SIGTERM. An error is one line, never a
traceback; an unexpected one says so and asks for a report (`SUPPORTBOOK_DEBUG=1` shows the traceback).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

# command name -> module that registers it
COMMANDS = {
    "lint": "supportbook.lint.command",
    "resources": "supportbook.resources_command",
    "pack": "supportbook.packs.command",
    "cards": "supportbook.cards",
    "slides": "supportbook.teachkit.command",  # registers `slides` and `docs`
    "build": "supportbook.build_command",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m supportbook",
        description="Tools for the Circles of Support book: lint pages, check resources, build course packs.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMANDS.values():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue  # command not available in this checkout
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print(f"{parser.prog} {args.command}: stopped by Ctrl-C", file=sys.stderr)
        return 130
    except Exception as exc:  # the last resort: one line, never a traceback (SUPPORTBOOK_DEBUG=1 shows it)
        if os.environ.get("SUPPORTBOOK_DEBUG"):
            raise
        print(
            f"{parser.prog} {args.command}: unexpected {type(exc).__name__}: {exc}. This is a bug: please report it "
            "with the command you ran (SUPPORTBOOK_DEBUG=1 shows the details)",
            file=sys.stderr,
        )
        return 1
