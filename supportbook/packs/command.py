"""`python -m supportbook pack`: a course pack of chosen chapters, as a PDF or a small web site.

    python -m supportbook pack --list
    python -m supportbook pack --chapters family,friends --title "Week 3: friends and family" \\
        --output week3.pdf [--format pdf|html]

Chapters come in book order, whatever order they are given in, each with its reflection exercises, after
a cover with the title and the chapter list; the safety resources and the references always close the
pack. Exit status: 0 built, 1 the build failed (nothing is left at the output path), 2 bad usage or an
unknown chapter id (the valid ids are listed).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from supportbook.packs import catalog

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
    parser.add_argument("--book", type=Path, default=None, help=argparse.SUPPRESS)
    parser.set_defaults(func=run)


def _ids(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def run(args: argparse.Namespace) -> int:
    root = (args.book or default_book()).resolve()
    book = catalog.read_book(root)
    if args.list:
        for chapter in book.chapters:
            print(f"{chapter.id:<16} {chapter.title}")
        return 0
    if not args.chapters or not args.output:
        print("pack: give --chapters ID[,ID...] and --output PATH (or --list to see the ids)", file=sys.stderr)
        return 2
    try:
        chapters = book.select(_ids(args.chapters))
    except catalog.UnknownChapters as exc:
        print(f"pack: {exc}", file=sys.stderr)
        return 2

    from supportbook.packs import jb, pack, toolchain

    try:
        pack.check_output(args.output, args.format)
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
        result = pack.build(book, chapters, args.output, fmt=args.format, title=args.title)
    except jb.BuildError as exc:
        print(f"pack: the build failed; nothing was written to {args.output}.\n{exc}", file=sys.stderr)
        return 1
    where = result.path / "index.html" if args.format == "html" else result.path
    print(f"Done in {result.seconds:.0f} s: {where}")
    return 0
