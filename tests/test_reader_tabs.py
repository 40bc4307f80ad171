"""Two readers, one chapter: on the web site "For families" and "For educators" are two tabs, so neither
reader wades through the other's part; a link into either opens it; without JavaScript and in print both
show. Checked in headless Chromium on a 375 px phone, every request to another host blocked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")

from browser_support import Offsite  # noqa: E402

CHAPTER = "book/professionals/therapists.html"
TABS = ".sb-reader-tabs [role=tab]"


def _open(browser: object, site: str, path: str = CHAPTER, **options: object) -> tuple[object, object, Offsite]:
    context = browser.new_context(viewport={"width": 375, "height": 812}, **options)
    guard = Offsite()
    context.route("**/*", guard)
    page = context.new_page()
    page.goto(f"{site}/{path}")
    return context, page, guard


def _visible(page: object, label: str) -> bool:
    """Whether the section a label names shows (MyST puts the label on an empty span inside it)."""
    found = page.locator(f"[id='{label}']").first
    if found.evaluate("node => node.tagName") == "SPAN":
        found = found.locator("xpath=..")
    return found.is_visible()


def test_every_chapter_page_has_the_two_reader_sections_as_a_pair(book_html: Path) -> None:
    chapters = json.loads((book_html / "supportbook-chapters.json").read_text(encoding="utf-8"))
    assert len(chapters) >= 10
    for chapter in chapters:
        html = (book_html / chapter["url"].split("#")[0]).read_text(encoding="utf-8")
        assert html.count("supportbook-reader-families") == 1, chapter["url"]
        assert html.count("supportbook-reader-educators") == 1, chapter["url"]


def test_families_show_first_and_the_educators_tab_swaps_them(browser: object, site: str) -> None:
    context, page, guard = _open(browser, site)
    try:
        tabs = page.locator(TABS)
        assert tabs.all_inner_texts() == ["For families", "For educators"]
        assert tabs.nth(0).get_attribute("aria-selected") == "true"
        assert _visible(page, "ch-therapists-families-do") and not _visible(page, "ch-therapists-educators-do")
        box = tabs.nth(1).bounding_box()
        assert box and box["height"] >= 44, box
        tabs.nth(1).click()
        assert tabs.nth(1).get_attribute("aria-selected") == "true"
        assert _visible(page, "ch-therapists-educators-do") and not _visible(page, "ch-therapists-families-do")
        tabs.nth(1).press("ArrowLeft")  # WAI-ARIA tabs: the arrow keys move between them
        assert tabs.nth(0).get_attribute("aria-selected") == "true"
        assert page.evaluate("document.activeElement.textContent") == "For families"
        assert guard.blocked == []
    finally:
        context.close()


def test_a_link_into_the_educators_part_opens_that_tab(browser: object, site: str) -> None:
    context, page, _guard = _open(browser, site, f"{CHAPTER}#ch-therapists-educators-words")
    try:
        assert page.locator(TABS).nth(1).get_attribute("aria-selected") == "true"
        assert _visible(page, "ch-therapists-educators-words")
        page.evaluate("window.location.hash = 'ch-therapists-families-words'")
        playwright_api.expect(page.locator(TABS).nth(0)).to_have_attribute("aria-selected", "true")
    finally:
        context.close()


def test_without_javascript_both_parts_show_one_after_the_other(browser: object, site: str) -> None:
    context, page, _guard = _open(browser, site, java_script_enabled=False)
    try:
        assert page.locator(".sb-reader-tabs").count() == 0
        assert _visible(page, "ch-therapists-families-do") and _visible(page, "ch-therapists-educators-do")
    finally:
        context.close()


def test_in_print_both_parts_show_and_the_tabs_do_not(browser: object, site: str) -> None:
    context, page, _guard = _open(browser, site)
    try:
        page.emulate_media(media="print")
        assert not page.locator(".sb-reader-tabs").is_visible()
        assert _visible(page, "ch-therapists-families-do") and _visible(page, "ch-therapists-educators-do")
    finally:
        context.close()
