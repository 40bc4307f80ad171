"""`python -m supportbook pack`: a course pack of chosen chapters, as a PDF or a small web site.

    python -m supportbook pack --list
    python -m supportbook pack --chapters family,friends --title "Week 3: friends and family" \\
        --output week3.pdf [--format pdf|html]

Chapters come in book order, whatever order they are given in, each with its reflection exercises, after
a cover with the title and the chapter list; the safety resources and the references always close the
pack. The pack is built strictly: a warning or a safe-messaging finding fails it.

It never replaces a file or folder it did not make (`--force` does); see `supportbook.packs.pack`.

Exit status: 0 built; 1 the build failed (nothing new at the output path, the log kept beside it as
OUTPUT.log); 2 bad usage, an unknown chapter id (the valid ids are listed), a book that cannot be read,
or an output that may not or cannot be written; 130 stopped by Ctrl-C, 143 by SIGTERM (the build and
everything it started are stopped, nothing is left behind).
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

import yaml

from supportbook import model

PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def default_book() -> Path:
    """The book being worked on: the current folder if it has a `_toc.yml`, else this checkout."""
    return Path.cwd() if (Path.cwd() / "_toc.yml").exists() else PACKAGE_ROOT


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "pack",
        help="build a course pack of chosen chapters (PDF or HTML)",
        description=(
            "Build a course pack: the chosen chapters in book order, each with its reflection exercises, "
            "a cover with your title and the chapter list, and the safety resources and references at "
            "the end. Use --list to see the chapter ids."
        ),
    )
    parser.add_argument("--list", action="store_true", help="list the chapter ids and titles, then stop")
    parser.add_argument("--chapters", metavar="ID[,ID...]", help="chapter ids, comma-separated (see --list)")
    parser.add_argument("--title", help="the title on the cover (default: the chapter's title, or a generic one)")
    parser.add_argument("--format", choices=("pdf", "html"), default="pdf", help="pdf (default) or html")
    parser.add_argument("--output", type=Path, metavar="PATH", help="the PDF file, or the folder for html")
    parser.add_argument(
        "--force", action="store_true", help="replace the output even if this command did not make it"
    )
    parser.add_argument("--book", type=Path, default=None, help=argparse.SUPPRESS)
    parser.set_defaults(func=run)


def _ids(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


class Stopped(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C, so the build is stopped and temporary files are removed."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Stopped(signum)


class BookError(ValueError):
    """The book cannot be read (no `_toc.yml`, a file that is not UTF-8 text...)."""


def read_book(root: Path) -> model.Book:
    """The book at `root`, or `BookError` with one line saying what is wrong and what to do."""
    toc = root / "_toc.yml"
    if not toc.is_file():
        raise BookError(f"{root} is not a book: it has no _toc.yml; give the book's folder (or run from it)")
    try:
        return model.read_book(root)
    except UnicodeDecodeError as exc:
        raise BookError(f"a file of the book at {root} is not UTF-8 text ({exc.reason}); save it as UTF-8") from None
    except OSError as exc:
        raise BookError(f"cannot read {exc.filename or root}: {exc.strerror or exc}") from None
    except (yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise BookError(f"{toc} is not a valid table of contents ({exc}); fix it, as for `make book`") from None


def run(args: argparse.Namespace) -> int:
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _run(args)
    except KeyboardInterrupt:
        return _stopped(args, "Ctrl-C", 130)
    except Stopped:
        return _stopped(args, "SIGTERM", 143)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stopped(args: argparse.Namespace, what: str, code: int) -> int:
    from supportbook.packs import jb

    jb.stop_all()
    where = f"nothing was written to {args.output}" if args.output else "nothing was written"
    print(f"pack: stopped by {what}; the build was ended and {where}", file=sys.stderr)
    return code


def _run(args: argparse.Namespace) -> int:
    root = (args.book or default_book()).resolve()
    try:
        book = read_book(root)
    except BookError as exc:
        print(f"pack: {exc}", file=sys.stderr)
        return 2
    if args.list:
        for chapter in book.chapters:
            print(f"{chapter.id:<16} {chapter.title}")
        return 0
    if not args.chapters or not args.output:
        print("pack: give --chapters ID[,ID...] and --output PATH (or --list to see the ids)", file=sys.stderr)
        return 2
    try:
        chapters = book.select(_ids(args.chapters))
    except model.UnknownChapters as exc:
        print(f"pack: {exc}", file=sys.stderr)
        return 2

    from supportbook.packs import jb, pack, toolchain

    try:
        pack.check_output(args.output, args.format, force=args.force)
    except pack.OutputError as exc:
        print(f"pack: {exc}", file=sys.stderr)
        return 2
    if args.format == "pdf":
        missing = toolchain.missing_tex()
        if missing:
            print(f"pack: {toolchain.tex_message(missing)}(or use --format html)", file=sys.stderr)
            return 1
    print(f"Building a {args.format.upper()} pack of {len(chapters)} chapter(s): {', '.join(c.id for c in chapters)}")
    try:
        result = pack.build(book, chapters, args.output, fmt=args.format, title=args.title, force=args.force)
    except pack.OutputError as exc:
        print(f"pack: {exc}", file=sys.stderr)
        return 2
    except jb.BuildError as exc:
        print(f"pack: the build failed and {args.output} was left as it was; {exc}", file=sys.stderr)
        return 1
    where = result.path / "index.html" if args.format == "html" else result.path
    print(f"Done in {result.seconds:.0f} s: {where}")
    return 0
