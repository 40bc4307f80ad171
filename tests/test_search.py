"""Search in a worried parent's words (issue 12): real queries typed into the real search page
(Sphinx's searchtools.js, in Debian's Chromium), the pages that must come in the top three, snippets
without the safety box or the ladder, whole-word highlighting, and a search entry in the phone header."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from supportbook import siteserver
from supportbook.sphinxext import search

START = "book/start"
EMERGENCY = "book/helplines/emergency-care"
THERAPISTS = "book/professionals/therapists"
PSYCHIATRISTS = "book/professionals/psychiatrists"
FAMILY = "book/friends-family/family-members"
APPENDIX = "book/back/safety-resources"

# (what a parent types, pages that must all be among the first three results)
QUERIES = [
    ("cutting", [START, FAMILY]),
    ("cuts", [START, FAMILY]),
    ("my daughter is cutting", []),  # found at all: checked below, not ranked
    ("hurting themselves", [START, FAMILY]),
    ("self harm", [START, FAMILY]),
    ("hospital", [EMERGENCY, START]),
    ("A&E", [EMERGENCY, START]),
    ("ER", [EMERGENCY, START]),
    ("emergency room", [EMERGENCY, START]),
    ("counselling", [THERAPISTS]),
    ("counseling", [THERAPISTS]),
    ("therapist", [THERAPISTS]),
    ("meds", [PSYCHIATRISTS]),
    ("medication", [PSYCHIATRISTS]),
    ("what do I say", [START, FAMILY]),
    ("What do I say?", [START, FAMILY]),
]
# Pages that answer none of these and must not crowd them out (the appendix notes a line that "cut" its hours).
NEVER_TOP = {"cutting": APPENDIX, "cuts": APPENDIX, "hospital": APPENDIX}

RUN_SEARCH = """async (query) => {
  const out = document.getElementById('search-results');
  return await new Promise((resolve) => {
    const done = () => {
      const status = out.querySelector('.search-summary');
      return status && status.innerText.trim() !== '';
    };
    const collect = () => Array.from(out.querySelectorAll('ul.search > li')).map((li) => ({
      href: li.querySelector('a').getAttribute('href'),
      snippet: (li.querySelector('p.context') || {innerText: ''}).innerText,
      marks: Array.from(li.querySelectorAll('.highlighted')).map((m) => {
        const before = m.previousSibling ? m.previousSibling.textContent.slice(-1) : '';
        const after = m.nextSibling ? m.nextSibling.textContent.slice(0, 1) : '';
        return before + '[' + m.textContent + ']' + after;
      }),
    }));
    const wait = () => {
      const items = out.querySelectorAll('ul.search > li');
      const snippets = out.querySelectorAll('ul.search > li p.context');
      if (done() && snippets.length >= Math.min(items.length, 3)) resolve(collect());
      else setTimeout(wait, 50);
    };
    wait();
  });
}"""


def page_of(href: str) -> str:
    return href.split("#")[0].split("?")[0].removesuffix(".html")


@pytest.fixture(scope="module")
def results(book_html: Path) -> Iterator[dict[str, list[dict[str, Any]]]]:
    sync_api = pytest.importorskip("playwright.sync_api")
    found: dict[str, list[dict[str, Any]]] = {}
    with siteserver.serve(book_html) as base, sync_api.sync_playwright() as pw:
        browser = siteserver.launch(pw)
        page = browser.new_context().new_page()
        for query, _pages in QUERIES:
            page.goto(base + "search.html?q=" + query.replace("&", "%26").replace("?", "%3F"))
            found[query] = page.evaluate(RUN_SEARCH, query)
        browser.close()
    yield found


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_parents_words_find_the_pages_that_answer_them_in_the_top_three(
    results: dict[str, list[dict[str, Any]]], query: str, expected: list[str]
) -> None:
    pages = [page_of(r["href"]) for r in results[query]]
    assert pages, f"{query!r}: no results"
    top = pages[:3]
    assert set(expected) <= set(top), f"{query!r}: top three are {top}, expected {expected}"
    if query in NEVER_TOP:
        assert NEVER_TOP[query] not in top, f"{query!r}: {NEVER_TOP[query]} in the top three {top}"


BOX_PHRASES = (
    "If you need help now",  # the safety box
    "If someone’s life is in danger",
    "Is this an emergency?",  # the triage ladder
    "Start at the top and act on the first step",
    "Leave this site",  # the safety bar and navigation
    "Skip to content",
)


def test_snippets_never_show_the_safety_box_or_the_ladder(results: dict[str, list[dict[str, Any]]]) -> None:
    # The appendix's own text starts with what to do when a life is in danger: that is the page, not the box.
    snippets = [(q, item) for q, items in results.items() for item in items[:5] if page_of(item["href"]) != APPENDIX]
    assert sum(1 for _q, item in snippets if item["snippet"]) >= len(QUERIES), "snippets did not load"
    problems = [
        f"{query!r} → {item['href']}: snippet shows {phrase!r}"
        for query, item in snippets
        for phrase in BOX_PHRASES
        if phrase.lower() in item["snippet"].lower()
    ]
    assert not problems, "\n".join(problems)


def test_highlighting_marks_whole_words_only(results: dict[str, list[dict[str, Any]]]) -> None:
    marks = [(q, m) for q, items in results.items() for item in items for m in item["marks"]]
    assert any(q == "therapist" for q, _ in marks), "nothing was highlighted at all"
    inside = [(q, m) for q, m in marks if m[0].isalnum() or m[-1].isalnum()]
    assert not inside, f"highlights inside a word: {inside[:10]}"
    single = [(q, m) for q, m in marks if len(m.split("[")[1].split("]")[0]) < 2]
    assert not single, f"one-letter highlights: {single[:10]}"


def test_the_repeated_boxes_are_not_in_the_search_index(book_html: Path) -> None:
    text = (book_html / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    titles = [t.lower() for t in index["alltitles"]]
    boxed = [t for t in titles if t in ("if you need help now", "is this an emergency?")]
    assert not boxed, boxed
    # findahelpline.com is in the safety box on every page; in the index, only pages that name it themselves
    pages = index["terms"].get("findahelplin") or index["terms"].get("findahelpline") or []
    pages = [pages] if isinstance(pages, int) else pages
    assert len(pages) < len(index["docnames"]) / 4, [index["docnames"][i] for i in pages]


def test_every_answer_the_search_words_name_is_in_the_book_and_its_index(book_html: Path) -> None:
    text = (book_html / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    docnames = index["docnames"]
    missing = []
    for entry in search.load_words():
        for target in entry.first:
            if target.docname not in docnames:
                missing.append(f"{target.docname} (not in the book)")
                continue
            file = docnames.index(target.docname)
            for typed in entry.typed:
                if [file, target.anchor, True] not in index["indexentries"].get(typed, []):
                    missing.append(f"{typed!r} → {target.docname}#{target.anchor}")
    assert not missing, missing[:20]


def test_the_phone_header_has_a_search_entry(book_html: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with siteserver.serve(book_html) as base, sync_api.sync_playwright() as pw:
        browser = siteserver.launch(pw)
        page = browser.new_context(viewport={"width": 375, "height": 812}).new_page()
        page.goto(base + "book/professionals/therapists.html")
        link = page.locator(".mobile-header .sb-header-search")
        assert link.is_visible()
        box = link.bounding_box()
        assert box and box["width"] >= 44 and box["height"] >= 44, box
        assert link.get_attribute("href") == "../../search.html"
        link.click()
        page.wait_for_url("**/search.html")
        assert page.locator("input[name=q]").first.is_visible() or page.locator("#search-results").count()
        browser.close()


def test_a_malformed_words_file_is_one_clear_line(tmp_path: Path) -> None:
    bad = tmp_path / "words.yml"
    bad.write_text("- typed: [cutting]\n  book: [self-harm]\n", encoding="utf-8")
    with pytest.raises(search.SearchWordsError) as error:
        search.load_words(bad)
    assert "\n" not in str(error.value) and "entry 1" in str(error.value)
