"""Said once: sentences of 12 words or more that the built book repeats on three or more pages.

A stressed reader skims; the same paragraph on every page hides the few things that matter. Text that a
shared directive renders from data (the safety box, the triage ladder, the words to say, service tables,
the chapter facts) is the same everywhere by design and is left out; everything an author typed counts.

    supportbook said-once _build/html     # prints each repeated sentence and its pages
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from pathlib import Path

from bs4 import BeautifulSoup

from supportbook import names

MIN_WORDS = 12
MAX_PAGES = 2  # a sentence may appear on two pages (a chapter and its lesson plan); three is a refrain
# Rendered from one source by a directive or from data: identical wherever it appears, on purpose.
# (names.FROM_DATA), and what is no one's prose: citations, navigation, scripts.
GENERATED = (
    *names.selectors(names.FROM_DATA),
    ".bibliography",
    ".citation",
    "sup",
    "nav",
    "script",
    "style",
)
# Pages that gather other pages (the print-a-pack page holds every chapter) or are no one's prose.
SKIP_PAGES = ("search.html", "genindex.html", "book/teachers/pack-print.html")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[A-Z“\"(])")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
_BLOCKS = "p, li, dd, dt, td, th, blockquote"


def sentences(html: str) -> set[str]:
    """The page's own long sentences, normalised (lower case, single spaces, no trailing stop)."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article[role=main]") or soup
    for selector in GENERATED:
        for node in article.select(selector):
            node.decompose()
    found: set[str] = set()
    for block in article.select(_BLOCKS):
        if block.find(["p", "li", "dd", "td", "ul", "ol"]):
            continue  # the innermost blocks carry the text; a list item holding a paragraph is read once
        text = " ".join(block.get_text(" ", strip=True).split())
        for sentence in _SENTENCE_END.split(text):
            words = _WORD.findall(sentence)
            if len(words) >= MIN_WORDS:
                found.add(" ".join(word.lower().replace("’", "'") for word in words))
    return found


def pages(site: Path) -> list[Path]:
    return sorted(
        page
        for page in site.rglob("*.html")
        if "_static" not in page.parts and page.relative_to(site).as_posix() not in SKIP_PAGES
    )


def repeats(site: Path, max_pages: int = MAX_PAGES) -> dict[str, list[str]]:
    """Each sentence found on more than `max_pages` pages, with those pages (relative to the site)."""
    where: dict[str, list[str]] = defaultdict(list)
    for page in pages(site):
        for sentence in sentences(page.read_text(encoding="utf-8")):
            where[sentence].append(page.relative_to(site).as_posix())
    return {sentence: found for sentence, found in sorted(where.items()) if len(found) > max_pages}


def run(args: argparse.Namespace) -> int:
    site = Path(args.site)
    if not (site / "index.html").is_file():
        print(f"said-once: {site} has no index.html; run `make book` first")
        return 2
    found = repeats(site)
    for sentence, where in found.items():
        print(f"{len(where)} pages: {sentence}\n    " + "\n    ".join(where))
    print(f"said-once: {len(found)} sentence(s) of {MIN_WORDS}+ words on more than {MAX_PAGES} pages")
    return 1 if found else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "said-once", help=f"sentences of {MIN_WORDS}+ words the built book repeats on more than {MAX_PAGES} pages"
    )
    parser.add_argument("site", nargs="?", default="_build/html", help="the built HTML folder (default: _build/html)")
    parser.set_defaults(func=run)
