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


@pytest.fixture(scope="module")
def site(book_html: Path) -> Iterator[str]:
    with siteserver.serve(book_html) as base:
        yield base.rstrip("/")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        chromium = siteserver.launch(p)
        yield chromium
        chromium.close()


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


def test_escape_twice_leaves_but_once_or_slowly_does_not(guarded: tuple[object, Guard, list[str]], site: str) -> None:
    page, guard, _console = guarded
    page.goto(f"{site}/{CHAPTER}")
    page.keyboard.press("Escape")
    page.wait_for_timeout(1700)
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.url == f"{site}/{CHAPTER}", "two presses far apart must not leave"
    guard.leaving = True
    with page.expect_navigation(url=NEUTRAL_SITE):
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
    assert page.title() == "Neutral"


def test_the_control_is_reachable_by_keyboard(guarded: tuple[object, Guard, list[str]], site: str) -> None:
    page, guard, _console = guarded
    page.goto(f"{site}/{CHAPTER}")
    presses = 0
    while page.evaluate("document.activeElement && document.activeElement.id") != "sb-quick-exit":
        page.keyboard.press("Tab")
        presses += 1
        assert presses <= 6, "the quick exit should be among the first things Tab reaches"
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
            (".sb-key-hint", "or press Esc twice"),
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
