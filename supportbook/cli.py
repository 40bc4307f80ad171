"""Command line: `supportbook COMMAND ...` (the console script), or `python -m supportbook COMMAND ...`.

One command tree. Each command lives in its own module, which exposes `register(subparsers)`; the parser it
adds sets `func`, a callable taking the parsed arguments and returning the exit status. Only the module of
the command asked for is imported, so `python3 -m supportbook toolchain tex` runs on the system Python
before the virtual environment exists (`make pdf` checks for TeX first); `--help` imports them all.

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

# command name -> module that registers it (a module may register several: see its `register`)
COMMANDS = {
    "build": "supportbook.build_command",
    "lint": "supportbook.lint.command",
    "lint-score": "supportbook.lint.corpus_score",
    "lint-train": "supportbook.lint.train",
    "lint-bench": "supportbook.lint.timing",
    "resources": "supportbook.resources_command",
    "pack": "supportbook.packs.command",
    "pdf": "supportbook.packs.editions",  # registers `pdf`, `handouts` and `epub`
    "handouts": "supportbook.packs.editions",
    "epub": "supportbook.packs.editions",
    "cards": "supportbook.cards",
    "slides": "supportbook.teachkit.command",  # registers `slides` and `docs`
    "docs": "supportbook.teachkit.command",
    "toolchain": "supportbook.packs.toolchain",
    "texlog": "supportbook.packs.texlog",
    "readability": "supportbook.readability",
    "said-once": "supportbook.saidonce",
}
PROG = "supportbook"
INSTALL = "run `make book` (it sets up .venv), or `pip install -e .` in the repository"


class MissingPackage(Exception):
    """A command's module needs a Python package that is not installed here."""


def build_parser(command: str | None = None, prog: str = PROG) -> argparse.ArgumentParser:
    """The parser for `command` only (its module alone is imported), or for every command."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Tools for the Circles of Support book: build, lint, check resources, make the print editions.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    names = [command] if command in COMMANDS else list(COMMANDS)
    for module_name in dict.fromkeys(COMMANDS[name] for name in names):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if not exc.name or exc.name.split(".")[0] == "supportbook":
                if exc.name and module_name.startswith(exc.name):
                    continue  # command not available in this checkout
                raise
            if command in COMMANDS:
                lacking = f"needs the Python package '{exc.name}', which is not installed: {INSTALL}"
                raise MissingPackage(lacking) from None
            for name, owner in COMMANDS.items():  # listed in --help, with what it lacks
                if owner == module_name:
                    subparsers.add_parser(name, help=f"(not installed here: needs '{exc.name}')")
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None, prog: str = PROG) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    command = args_in[0] if args_in and args_in[0] in COMMANDS else None
    try:
        parser = build_parser(command, prog)
    except MissingPackage as exc:
        print(f"{prog} {command}: {exc}", file=sys.stderr)
        return 2
    try:
        args = parser.parse_args(args_in)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print(f"{prog} {args.command}: stopped by Ctrl-C", file=sys.stderr)
        return 130
    except Exception as exc:  # the last resort: one line, never a traceback (SUPPORTBOOK_DEBUG=1 shows it)
        if os.environ.get("SUPPORTBOOK_DEBUG"):
            raise
        print(
            f"{prog} {args.command}: unexpected {type(exc).__name__}: {exc}. This is a bug: please report it "
            "with the command you ran (SUPPORTBOOK_DEBUG=1 shows the details)",
            file=sys.stderr,
        )
        return 1
