"""`python -m supportbook build`: the strict HTML build behind `make book`, ending in one clear line.

It runs Jupyter Book's own `build` command in this process (`-W -n --keep-going`: any warning fails).
Sphinx prints what is wrong (the file, the line, what to fix); Jupyter Book then raises a RuntimeError
whose traceback says nothing more, so here it becomes one line and exit status 1.
"""

from __future__ import annotations

import argparse

STRICT = ("-W", "-n", "--keep-going")


def run(args: argparse.Namespace) -> int:
    import click
    from jupyter_book.cli.main import main as jupyter_book

    argv = ["build", args.path, *STRICT, *(["--all"] if args.all else [])]
    argv += ["--builder", args.builder] if args.builder else []
    try:
        jupyter_book.main(argv, standalone_mode=False)
    except RuntimeError:
        print("book: the build failed; the messages above name each file and what to fix")
        return 1
    except click.ClickException as exc:
        print(f"book: {exc.format_message()}")
        return 2
    except KeyboardInterrupt:
        print("book: stopped; the next build reads every page again")
        return 130
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("build", help="build the HTML book strictly (what `make book` runs)")
    parser.add_argument("path", nargs="?", default=".", help="the book's folder (default: here)")
    parser.add_argument("--all", action="store_true", help="read every page again, not only those that changed")
    parser.add_argument("--builder", default="", help=argparse.SUPPRESS)
    parser.set_defaults(func=run)
