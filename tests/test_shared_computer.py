"""Private on a shared computer, in a real browser (Debian's Chromium through Playwright, the site served on
127.0.0.1, every request to another host blocked and recorded):

- the search words leave the address bar and the tab's history entry once the search has run;
- search results are written as text, so a page title holding markup cannot add an element or a script;
- controls that need JavaScript (Print, the Shift hint, the colour-theme toggle, the search box) are hidden
  without it, while "Leave this site" still works as a plain link;
- where the book explains the quick exit, it says what stays in the history and how to use a private
  window or clear the history.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")

from browser_support import Offsite  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402

CHAPTER = "book/friends-family/family-members.html"
POISON = "<img src=x id=sb-pwned onerror='window.sbPwned=1'>"


def _context(browser: object, *, javascript: bool = True) -> tuple[object, Offsite]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=javascript)
    guard = Offsite()
    context.route("**/*", guard)
    return context, guard


def _wait_for_results(page: object, *, cleaned: bool = True) -> None:
    page.wait_for_selector("#search-results ul.search li a", timeout=15000)
    if cleaned:
        # A Python predicate on the address: the site's content security policy forbids the eval()
        # that a JavaScript string predicate needs.
        page.wait_for_url(lambda address: urlsplit(address).query == "", timeout=5000)


def test_the_search_words_leave_the_address_bar_and_the_history_entry(browser: object, site: str) -> None:
    context, guard = _context(browser)
    page = context.new_page()
    try:
        page.goto(f"{site}/{CHAPTER}")
        before = int(page.evaluate("history.length"))
        page.fill("input.sidebar-search", "cutting worried")
        page.press("input.sidebar-search", "Enter")
        page.wait_for_url(f"{site}/search.html**")
        _wait_for_results(page)
        assert page.url == f"{site}/search.html", page.url
        assert "cutting" not in page.url and "worried" not in page.url
        assert int(page.evaluate("history.length")) == before + 1, "the search must not add a second entry"
        assert page.locator("#search-results ul.search li").count() > 0, "the results stay on the page"
        # Leave through a result and come back: the history entry holds no search words.
        page.locator("#search-results ul.search li a").first.click()
        page.wait_for_load_state("load")
        page.go_back()
        assert page.url == f"{site}/search.html", f"Back returned to {page.url}"
        assert guard.blocked == [], guard.blocked
    finally:
        context.close()


def test_a_search_link_with_words_is_cleaned_too(browser: object, site: str) -> None:
    context, _guard = _context(browser)
    page = context.new_page()
    try:
        page.goto(f"{site}/search.html?q=friends&check_keywords=yes&area=default#top")
        _wait_for_results(page)
        assert page.url == f"{site}/search.html#top", page.url
    finally:
        context.close()


def test_search_results_show_a_title_with_markup_as_text(browser: object, site: str, book_html: Path) -> None:
    index = (book_html / "searchindex.js").read_text(encoding="utf-8")
    assert '"Family members"' in index, "the test needs the Family members page in the search index"
    poisoned = index.replace('"Family members"', '"' + POISON.replace("'", "\\u0027") + ' Family members"')
    context, _guard = _context(browser)
    context.route(
        "**/searchindex.js",
        lambda route: route.fulfill(status=200, content_type="application/javascript", body=poisoned),
    )
    page = context.new_page()
    try:
        page.goto(f"{site}/search.html?q=family")
        _wait_for_results(page, cleaned=False)
        page.wait_for_timeout(300)
        links = page.locator("#search-results ul.search li > a").all_inner_texts()
        assert any(POISON in text for text in links), links
        assert page.locator("#sb-pwned").count() == 0, "a title's markup became an element"
        assert page.evaluate("window.sbPwned") is None
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [False, True])
def test_controls_that_need_javascript_show_only_with_it(browser: object, site: str, javascript: bool) -> None:
    context, guard = _context(browser, javascript=javascript)
    page = context.new_page()
    try:
        page.goto(f"{site}/{CHAPTER}")
        page.wait_for_load_state("load")
        for selector in ("#sb-print", ".sb-key-hint", ".theme-toggle", ".sidebar-search"):
            shown = page.eval_on_selector_all(selector, "all => all.some(e => e.getClientRects().length > 0)")
            assert shown == javascript, (selector, javascript)
        assert page.locator("#sb-quick-exit").is_visible(), "Leave this site works as a plain link"
        classes = (page.locator("html").get_attribute("class") or "").split()
        assert ("no-js" in classes) is not javascript, classes
        assert guard.blocked == [], guard.blocked
    finally:
        context.close()


@pytest.mark.parametrize(
    ("page", "section"),
    [
        ("book/how-to-use.html", "how-to-use-quick-exit"),
        ("book/back/safety-resources.html", "safety-browsing"),
        ("book/leave-this-site.html", "leave-this-site"),
    ],
)
def test_the_quick_exit_explanation_says_what_stays_and_what_to_do(book_html: Path, page: str, section: str) -> None:
    soup = BeautifulSoup((book_html / page).read_text(encoding="utf-8"), "html.parser")
    label = soup.find(id=section)
    words = " ".join((label if label.name == "section" else label.find_parent("section")).get_text(" ").split())
    for needle in (
        "Leave this site",
        "history",  # what remains
        "Back may still",
        "your words leave the address bar",  # searches
        "may still list the search",
        "private",  # how to read without history
        "Ctrl+Shift+N",
        "Ctrl+Shift+P",
        "Command+Shift+N",
        "Ctrl+Shift+Delete",  # how to clear it
        "Clear History",
    ):
        assert needle in words, f"{page}#{section} does not say {needle!r}"
