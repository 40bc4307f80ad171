"""Search in a worried parent's words (issue 12), on Sphinx's own search.

- **Out of the index:** the safety box and the triage ladder are the same on every page, so they are
  taken out of the copy of each page that Sphinx's indexer reads (navigation is never in it).
- **Parents' words:** `search-words.yml` (next to this file) maps what a reader types ("cutting", "A&E",
  "meds", "what do I say?") to the book's own words and to the pages that answer first. The single typed
  words are added, as hidden terms, to every page holding one of the book's words, so Sphinx's stemmed
  full-text search finds them; the whole typed phrases become search-only index entries pointing at the
  answering pages or sections, which Sphinx's searchtools.js ranks above any full-text match. Nothing
  is added to the pages themselves or to the book's general index.
- **Snippets and highlighting:** searchtools.js leaves the same boxes and navigation out of a result's
  snippet, and sphinx_highlight.js marks whole words only (never "i" inside "if").
- **A search entry in the phone header:** a plain link to the search page (hidden without JavaScript,
  like the search box, since search needs it).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.errors import SphinxError

from supportbook import names
from supportbook.sphinxext import markup, pagemeta

WORDS_FILE = Path(__file__).with_name("search-words.yml")
# Boxes that repeat on every page: never indexed, never in a snippet.
UNINDEXED_CLASSES = (names.SAFETY_BOX, names.LADDER, names.COPY_RAW)
SNIPPET_REMOVED = (
    ".headerlink", "script", "style", "nav", f".{names.SAFETY_BOX}", f".{names.LADDER}",
    ".related-pages", f".{names.CHAPTER_INFO}", ".toc-drawer", ".sb-safety-bar",
)
_SINGLE_WORD = re.compile(r"^[a-z][a-z-]+$")


class SearchWordsError(SphinxError):
    category = "Search words"


@dataclass(frozen=True)
class Target:
    docname: str
    anchor: str  # "" for the page itself


@dataclass(frozen=True)
class SearchWords:
    typed: tuple[str, ...]
    book: tuple[str, ...]
    first: tuple[Target, ...]

    @property
    def terms(self) -> tuple[str, ...]:
        """The typed single words (no phrases, no punctuation, two letters or more) for full-text search."""
        return tuple(sorted({w for w in self.typed if _SINGLE_WORD.match(w)}))


def _strings(entry: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise SearchWordsError(f"{where}: '{key}' must be a list of words")
    return tuple(" ".join(v.lower().split()) for v in value)


def load_words(path: Path = WORDS_FILE) -> list[SearchWords]:
    """The entries of the search-words file, checked; one clear line if it is malformed."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SearchWordsError(f"{path}: cannot read it ({' '.join(str(exc).split())[:120]})") from None
    if not isinstance(data, list):
        raise SearchWordsError(f"{path}: must be a list of entries with typed, book and first")
    entries = []
    for number, entry in enumerate(data, 1):
        where = f"{path.name} entry {number}"
        if not isinstance(entry, dict) or set(entry) != {"typed", "book", "first"}:
            raise SearchWordsError(f"{where}: needs exactly 'typed', 'book' and 'first'")
        first = tuple(Target(*[*t.split("#", 1), ""][:2]) for t in _strings(entry, "first", where))
        entries.append(SearchWords(_strings(entry, "typed", where), _strings(entry, "book", where), first))
    return entries


def words_digest(path: Path = WORDS_FILE) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _flat(text: str) -> str:
    return " ".join(text.lower().split())


def searchable(doctree: nodes.document, docname: str, words: list[SearchWords]) -> nodes.document:
    """The copy of a page that the indexer reads: without the repeated boxes, with the parents' words."""
    copy = doctree.deepcopy()
    for node in list(copy.findall(nodes.Element)):
        if any(css in node.get("classes", []) for css in UNINDEXED_CLASSES) and node.parent is not None:
            node.parent.remove(node)
    text = _flat(copy.astext())
    ids = {i for node in doctree.findall(nodes.Element) for i in node.get("ids", [])}
    extra: list[str] = []
    entries: list[tuple[str, str, str, str, None]] = []
    for entry in words:
        if any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text) for w in entry.book):
            extra += entry.terms
        for target in entry.first:
            if target.docname != docname:
                continue
            if target.anchor and target.anchor not in ids:
                raise SearchWordsError(
                    f"{WORDS_FILE.name}: {docname} has no section '{target.anchor}' (named in 'first')"
                )
            entries += [("single", typed, target.anchor, "main", None) for typed in entry.typed]
    if extra:
        copy += nodes.paragraph("", " ".join(sorted(set(extra))))
    if entries:
        copy += addnodes.index(entries=entries)
    return copy


def _wrap_indexer(app: Sphinx) -> None:
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder) or builder.name != "html":
        return
    words = load_words()
    original = builder.index_page

    def index_page(pagename: str, doctree: nodes.document, title: str) -> None:
        original(pagename, searchable(doctree, pagename, words), title)

    builder.index_page = index_page  # type: ignore[method-assign]


def _outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Index every page again when the search words changed since the last build."""
    digest = words_digest()
    if getattr(env, "supportbook_search_words", None) == digest:
        return []
    env.supportbook_search_words = digest  # type: ignore[attr-defined]
    return sorted(env.found_docs)


# Patches to Sphinx's search scripts: (file, exact text in Sphinx 7.4, replacement).
_SEARCHTOOLS_REMOVE = 'for (const removalQuery of [".headerlink", "script", "style"]) {'
# A stable label is an empty <span id> inside its section: the snippet is the section's text.
_ANCHOR_TEXT = "if (anchorContent) return anchorContent.textContent;"
_ANCHOR_SECTION = (
    "if (anchorContent) return ((anchorContent.textContent.trim() ? anchorContent : "
    'anchorContent.closest("section, dl")) || anchorContent).textContent;'
)
_SUMMARY_START = "const startWithContext = Math.max(actualStartPosition - 120, 0);"
_HIGHLIGHT_FIND = "const pos = val.toLowerCase().indexOf(text);"
# Whole words only: the match may not touch a letter, digit or apostrophe on either side; one-letter
# words are never marked.
_WHOLE_WORD = (
    "const pos = text.length < 2 ? -1 : val.toLowerCase().search(new RegExp("
    "\"(?<![\\\\p{L}\\\\p{N}_'’])\" + text.replace(/[.*+?^${}()|[\\]\\\\]/g, \"\\\\$&\") + "
    "\"(?![\\\\p{L}\\\\p{N}_'’])\", \"u\"));"
)


def _patches() -> dict[str, tuple[tuple[str, str], ...]]:
    removal = "[" + ", ".join(f'"{q}"' for q in SNIPPET_REMOVED) + "]"
    return {
        "searchtools.js": (
            (_SEARCHTOOLS_REMOVE, f"for (const removalQuery of {removal}) {{"),
            (_ANCHOR_TEXT, _ANCHOR_SECTION),
            (_SUMMARY_START, "const startWithContext = Math.max((actualStartPosition || 0) - 120, 0);"),
        ),
        "sphinx_highlight.js": ((_HIGHLIGHT_FIND, _WHOLE_WORD),),
    }


def patch_script(name: str, script: str) -> str:
    for before, after in _patches()[name]:
        if after in script:
            continue
        if before not in script:
            raise SearchWordsError(
                f"{name}: '{before[:50]}' not found (the Sphinx version changed?); update the patches in "
                "supportbook/sphinxext/search.py"
            )
        script = script.replace(before, after)
    return script


SEARCH_ICON = (
    '<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="22" height="22">'
    '<circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" stroke-width="2.2"/>'
    '<path d="M15.5 15.5 21 21" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/></svg>'
)
_HEADER_RIGHT = '<div class="header-right">'


def header_search_fix(search_href: str) -> markup.Fix:
    """A search link first in the phone header's right-hand group (furo has none there), made in furo's
    page skeleton as the page is written (pagemeta); a furo without that group fails the strict build."""
    link = f'<a class="sb-header-search" href="{search_href}">{SEARCH_ICON}<span>Search</span></a>'
    replacement = (_HEADER_RIGHT + "\n      " + link).replace("\\", "\\\\")
    return markup.Fix("the search link in the phone header", re.compile(re.escape(_HEADER_RIGHT)), replacement, 1)


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if app.builder.name != "html":
        return
    search_href = "../" * pagename.count("/") + "search.html"
    context.setdefault(pagemeta.SKELETON_FIXES, []).append(header_search_fix(search_href))


def _finish(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    outdir = Path(app.outdir)
    for name in _patches():
        script = outdir / "_static" / name
        if script.exists():
            text = script.read_text(encoding="utf-8")
            patched = patch_script(name, text)
            if patched != text:
                script.write_text(patched, encoding="utf-8")


def setup(app: Sphinx) -> None:
    load_words()  # a malformed file stops the build at once, with one line
    app.add_css_file("reader-tools.css")
    app.connect("builder-inited", _wrap_indexer)
    app.connect("env-get-outdated", _outdated)
    app.connect("html-page-context", _page_context)  # before pagemeta's (600), which makes the skeleton fixes
    # Before the CSP pass (html.py, priority 900), which reads the final pages and scripts.
    app.connect("build-finished", _finish, priority=800)
