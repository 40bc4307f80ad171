"""Quick exit in a real browser (headless Chromium through Playwright), against the built site served on
127.0.0.1. No network is used: every request to another host is intercepted, and the neutral site is a
local stub that is only ever fetched after the reader asks to leave."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")

from supportbook import siteserver  # noqa: E402
from supportbook.sphinxext.html import NEUTRAL_SITE  # noqa: E402

CHAPTER = "book/professionals/therapists.html"
NEUTRAL_HOST = urlsplit(NEUTRAL_SITE).hostname
STUB = "<!doctype html><title>Neutral</title><p>A neutral page.</p>"

pytestmark = pytest.mark.skipif(siteserver.chromium_path() is None, reason="Chromium is not installed")


class Guard:
    """Routes every request: local ones go through; the neutral site is a stub, allowed only once the
    test says the reader has asked to leave; anything else is recorded and blocked."""

    def __init__(self) -> None:
        self.leaving = False
        self.blocked: list[str] = []
        self.neutral_hits = 0

    def __call__(self, route: object) -> None:
        url = route.request.url
        host = urlsplit(url).hostname
        if host == "127.0.0.1":
            if urlsplit(url).path == "/__before__":
                route.fulfill(status=200, content_type="text/html", body="<title>Before</title><p>before</p>")
                return
            route.continue_()
        elif host == NEUTRAL_HOST and self.leaving:
            self.neutral_hits += 1
            route.fulfill(status=200, content_type="text/html", body=STUB)
        else:
            self.blocked.append(url)
            route.abort()


@pytest.fixture
def guarded(browser: object) -> Iterator[tuple[object, Guard, list[str]]]:
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    guard = Guard()
    context.route("**/*", guard)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    try:
        yield page, guard, console
    finally:
        context.close()


def _history_length(page: object) -> int:
    return int(page.evaluate("history.length"))


def test_clicking_replaces_the_page_so_back_does_not_return(
    guarded: tuple[object, Guard, list[str]], site: str
) -> None:
    page, guard, console = guarded
    page.goto(f"{site}/__before__")
    page.goto(f"{site}/{CHAPTER}")
    page.wait_for_load_state("networkidle")
    assert guard.blocked == [], f"requests to other hosts before any click: {guard.blocked}"
    assert guard.neutral_hits == 0
    assert not [m for m in console if "Content Security Policy" in m], console
    before = _history_length(page)
    guard.leaving = True
    with page.expect_navigation(url=NEUTRAL_SITE):
        page.click("#sb-quick-exit")
    assert page.title() == "Neutral"
    assert _history_length(page) == before, "location.replace must not add a history entry"
    page.go_back()
    assert page.url == f"{site}/__before__", f"Back returned to {page.url}"
    assert CHAPTER not in page.url


def _count(page: object) -> str:
    return " ".join(page.inner_text("#sb-shift-count").split())


def _stays(page: object, url: str) -> None:
    page.wait_for_timeout(300)
    assert page.url == url, f"left for {page.url}"
    assert page.evaluate("document.body.hidden") is False


def test_shift_three_times_leaves_with_a_visible_count(guarded: tuple[object, Guard, list[str]], site: str) -> None:
    page, guard, _console = guarded
    page.goto(f"{site}/{CHAPTER}")
    count = page.locator("#sb-shift-count")
    assert not count.is_visible(), "the count shows only once Shift is pressed"
    page.keyboard.press("Shift")
    assert count.is_visible() and _count(page).startswith("Shift 1 of 3"), _count(page)
    page.keyboard.press("Shift")
    assert _count(page).startswith("Shift 2 of 3"), _count(page)
    assert page.eval_on_selector("#sb-shift-count", "e => e.getAttribute('role')") == "status"
    assert "Shift, press 1 more time to leave this site" in _count(page), "what a screen reader hears"
    assert not page.locator(".sb-key-hint").is_visible(), "the count takes the hint's place"
    guard.leaving = True
    with page.expect_navigation(url=NEUTRAL_SITE):
        page.keyboard.press("Shift")
    assert page.title() == "Neutral"


def test_slow_or_interrupted_shift_presses_do_not_leave(guarded: tuple[object, Guard, list[str]], site: str) -> None:
    page, _guard, _console = guarded
    url = f"{site}/{CHAPTER}"
    page.goto(url)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("a")  # another key starts the count again
    page.keyboard.press("Shift")
    _stays(page, url)
    assert _count(page).startswith("Shift 1 of 3")
    page.keyboard.press("Shift+A")  # Shift held for a capital letter is not a press
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    _stays(page, url)
    page.wait_for_timeout(5300)  # the count lapses after five seconds
    assert _count(page) == ""
    page.keyboard.press("Shift")
    _stays(page, url)


@pytest.mark.parametrize(
    "field",
    [
        "input.sidebar-search",
        "textarea#sb-test-field",
        "div#sb-test-field[contenteditable]",
    ],
)
def test_shift_never_fires_while_typing_in_a_field(
    guarded: tuple[object, Guard, list[str]], site: str, field: str
) -> None:
    page, _guard, _console = guarded
    url = f"{site}/{CHAPTER}"
    page.goto(url)
    if "sb-test-field" in field:
        tag = field.split("#")[0]
        page.evaluate(
            """tag => { const e = document.createElement(tag); e.id = 'sb-test-field';
                 if (tag === 'div') { e.contentEditable = 'true'; e.textContent = 'x'; }
                 document.querySelector('article').prepend(e); }""",
            tag,
        )
    page.focus(field)
    for _ in range(4):
        page.keyboard.press("Shift")
    page.keyboard.type("Hurting Themselves")
    _stays(page, url)
    assert _count(page) == ""


def test_escape_no_longer_leaves(guarded: tuple[object, Guard, list[str]], site: str) -> None:
    page, _guard, _console = guarded
    url = f"{site}/{CHAPTER}"
    page.goto(url)
    for _ in range(3):
        page.keyboard.press("Escape")
    _stays(page, url)


@pytest.mark.parametrize("how", ["click", "shift"])
def test_the_page_is_blanked_at_once(guarded: tuple[object, Guard, list[str]], site: str, how: str) -> None:
    """Straight after the quick exit's own handler has run (a listener added later runs next), before
    the neutral site has even been asked for, the page is hidden and untitled."""
    page, guard, console = guarded
    page.goto(f"{site}/{CHAPTER}")
    page.evaluate(
        """how => {
             const report = () => console.log('sb-state ' + JSON.stringify(
               [document.body.hidden, document.title, getComputedStyle(document.body).display]));
             if (how === 'click') { document.getElementById('sb-quick-exit').addEventListener('click', report); }
             else { document.addEventListener('keyup', report); }
           }""",
        how,
    )
    guard.leaving = True
    with page.expect_navigation(url=NEUTRAL_SITE):
        if how == "click":
            page.click("#sb-quick-exit")
        else:
            for _ in range(3):
                page.keyboard.press("Shift")
    states = [m for m in console if m.startswith("sb-state")]
    assert states[-1] == 'sb-state [true,"","none"]', states
    assert guard.neutral_hits == 1


def test_the_control_is_reachable_by_keyboard(guarded: tuple[object, Guard, list[str]], site: str) -> None:
    page, guard, _console = guarded
    page.goto(f"{site}/{CHAPTER}")
    presses = 0
    while page.evaluate("document.activeElement && document.activeElement.id") != "sb-quick-exit":
        page.keyboard.press("Tab")
        presses += 1
        assert presses <= 2, "the quick exit comes first, after the skip link"
    assert page.evaluate("document.activeElement.textContent.trim()") == "Leave this site"
    guard.leaving = True
    with page.expect_navigation(url=NEUTRAL_SITE):
        page.keyboard.press("Enter")


def test_the_bar_and_its_shortcut_are_readable_at_360px(browser: object, site: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    guard = Guard()
    context.route("**/*", guard)
    page = context.new_page()
    try:
        page.goto(f"{site}/{CHAPTER}")
        for selector, words in (
            (".sb-start-link", "Just found out? Start here"),
            (".sb-help-link", "Safety resources"),
            ("#sb-quick-exit", "Leave this site"),
            (".sb-key-hint", "or press Shift 3 times"),
        ):
            element = page.locator(selector)
            assert element.is_visible(), selector
            assert " ".join(element.inner_text().split()) == words
            box = element.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, (selector, box)
            size = float(page.eval_on_selector(selector, "e => parseFloat(getComputedStyle(e).fontSize)"))
            assert size >= 13, (selector, size)
        bar_overflow = page.eval_on_selector(".announcement", "e => e.scrollWidth - e.clientWidth")
        assert bar_overflow <= 0, "the safety bar must wrap, not scroll sideways"
        assert guard.blocked == []
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (375, 812)])
def test_the_control_comes_before_the_content_and_stays_at_the_top(
    browser: object, site: str, width: int, height: int
) -> None:
    """Sticky on desktop; on a phone at the top of the screen, never in the bottom corner a thumb rests on."""
    phone = width < 600
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=phone, is_mobile=phone)
    guard = Guard()
    context.route("**/*", guard)
    page = context.new_page()
    try:
        page.goto(f"{site}/{CHAPTER}")
        exit_box = page.locator("#sb-quick-exit").bounding_box()
        title_box = page.locator("article h1").bounding_box()
        assert exit_box is not None and title_box is not None
        assert exit_box["y"] + exit_box["height"] <= title_box["y"], "the quick exit comes before the content"
        for fraction in (0.3, 0.7, 1.0):
            page.evaluate("f => window.scrollTo(0, document.documentElement.scrollHeight * f)", fraction)
            page.wait_for_timeout(100)
            box = page.locator("#sb-quick-exit").bounding_box()
            assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 100, (fraction, box)
            assert box["width"] >= 44 and box["height"] >= 44, box
            on_top = page.evaluate(
                "([x, y]) => document.elementFromPoint(x, y).closest('#sb-quick-exit') !== null",
                [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
            )
            assert on_top, f"something covers the quick exit at {fraction:.0%} of the page"
        assert guard.blocked == []
    finally:
        context.close()


def test_without_javascript_it_is_a_plain_link(browser: object, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    guard = Guard()
    context.route("**/*", guard)
    page = context.new_page()
    try:
        page.goto(f"{site}/{CHAPTER}")
        link = page.locator("#sb-quick-exit")
        assert link.evaluate("e => e.tagName") == "A" and link.get_attribute("href") == NEUTRAL_SITE
        guard.leaving = True
        with page.expect_navigation(url=NEUTRAL_SITE):
            link.click()
        assert page.title() == "Neutral"
    finally:
        context.close()


def test_reading_and_using_the_site_stores_nothing(guarded: tuple[object, Guard, list[str]], site: str) -> None:
    page, guard, console = guarded
    for path in ("book/intro.html", CHAPTER, "book/back/safety-resources.html", "search.html"):
        page.goto(f"{site}/{path}")
        page.wait_for_load_state("networkidle")
    toggle = page.locator(".theme-toggle").first
    if toggle.is_visible():
        toggle.click()
    stored = page.evaluate("[localStorage.length, sessionStorage.length, document.cookie]")
    assert stored == [0, 0, ""], stored
    assert page.context.cookies() == []
    assert guard.blocked == [], guard.blocked
    assert not [m for m in console if "Content Security Policy" in m], console


def test_one_short_page_says_what_the_quick_exit_does_and_does_not_hide(book_html: Path) -> None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((book_html / "book/leave-this-site.html").read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one("article")
    for box in body.select(".supportbook-safety-box"):
        box.decompose()
    words = " ".join(body.get_text(" ").split())
    for needle in ("Shift", "three times", "never fires while you type", "Back", "History already made",
                   "private window", "without JavaScript"):  # fmt: skip
        assert needle in words, needle
    assert len(words.split()) < 500, f"one short page ({len(words.split())} words)"
    for page in ("book/how-to-use.html", "book/back/safety-resources.html"):
        html = (book_html / page).read_text(encoding="utf-8")
        assert "leave-this-site.html" in html, f"{page} does not link the explanation"


@pytest.mark.parametrize("width", [360, 375])
def test_on_phones_print_shares_the_row_of_the_quick_exit(browser: object, site: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 740}, has_touch=True, is_mobile=True)
    guard = Guard()
    context.route("**/*", guard)
    page = context.new_page()
    try:
        page.goto(f"{site}/{CHAPTER}")
        printing = page.locator("#sb-print").bounding_box()
        leaving = page.locator("#sb-quick-exit").bounding_box()
        assert printing is not None and leaving is not None
        assert abs(printing["y"] - leaving["y"]) < 4, (printing, leaving)
        assert printing["width"] < width / 3, printing
        assert printing["height"] >= 44 and printing["width"] >= 44, printing
    finally:
        context.close()


def test_on_a_wide_screen_the_bar_stays_above_the_sidebar_when_the_page_scrolls(browser: object, site: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    guard = Guard()
    context.route("**/*", guard)
    page = context.new_page()
    try:
        page.goto(f"{site}/{CHAPTER}")
        page.evaluate("window.scrollTo(0, 3000)")
        page.wait_for_timeout(600)  # furo scrolls smoothly
        for selector in (".sb-start-link", ".sb-help-link", "#sb-quick-exit"):
            box = page.locator(selector).bounding_box()
            assert box is not None, selector
            on_top = page.evaluate(
                "([x, y, s]) => { const e = document.elementFromPoint(x, y); return !!(e && e.closest(s)); }",
                [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, selector],
            )
            assert on_top, f"{selector} is covered after scrolling"
        assert guard.blocked == []
    finally:
        context.close()
