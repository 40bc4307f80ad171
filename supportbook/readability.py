"""Prose metrics for a built chapter page: words of prose and Flesch–Kincaid grade.

"Prose" is what a reader reads as running text: paragraphs and list items in the page's article,
without the safety box and the triage ladder, the generated chapter facts, tables, code and the bibliography.
Run `supportbook readability PAGE.html ...` to print the figures.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from supportbook import names

SKIP = (
    *names.selectors(names.NOT_PROSE),  # the safety box, the chapter facts, the ladder (see names.py)
    "table",
    "pre",
    ".bibliography",
    ".citation",
    "#ch-{id}-reading",
)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")


def chapter_prose(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article[role=main]") or soup
    for selector in SKIP:
        if "{id}" in selector:
            for section in article.select("section[id$='-reading']"):
                section.decompose()
            continue
        for node in article.select(selector):
            node.decompose()
    for heading in article.select("h1, h2, h3, h4, h5, h6"):
        heading.decompose()
    parts = []
    for block in article.select("p"):
        text = " ".join(block.get_text(" ").split())
        if text:
            parts.append(text if text[-1] in ".!?:;" else text + ".")
    return "\n".join(parts)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def grade(text: str) -> float:
    import textstat

    return float(textstat.flesch_kincaid_grade(text))


def run(args: argparse.Namespace) -> int:
    for name in args.pages:
        try:
            prose = chapter_prose(Path(name).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            print(f"readability: cannot read {name}: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
            return 2
        print(f"{name}: {word_count(prose)} words, Flesch-Kincaid grade {grade(prose):.1f}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("readability", help="words of prose and Flesch-Kincaid grade of built chapter pages")
    parser.add_argument("pages", nargs="+", metavar="PAGE.html", help="built chapter pages (in _build/html/book/)")
    parser.set_defaults(func=run)
