"""The compact safety line in a real browser (headless Chromium through Playwright, the site served on
127.0.0.1, every request to another host blocked and recorded): on a chapter, exercise or teacher page,
one line for the reader's country (guessed from the browser's time zone and language), at most 120 px
tall on a 375 px phone, its numbers as 44x44 tap targets, "Other countries" opening the whole box. Without
JavaScript and in print the whole box shows; the landing and start pages always show it whole."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")

from browser_support import Offsite  # noqa: E402

from supportbook import resources, siteserver  # noqa: E402

CHAPTER = "book/professionals/therapists.html"
BOX = ".supportbook-safety-box"
# (locale, time zone, the country line that must come first)
READERS = [
    ("en-US", "America/Chicago", "us"),
    ("fr-CA", "America/Montreal", "ca"),
    ("en-GB", "Europe/London", "uk"),
    ("en-IE", "Europe/Dublin", "ie"),
    ("en-AU", "Australia/Perth", "au"),
    ("en-NZ", "Pacific/Auckland", "nz"),
    ("en-GB", "UTC", "uk"),  # a zone that names no country: the language decides
    ("en-US", "Europe/London", "uk"),  # the zone says where the reader is
    ("fr-FR", "Europe/Paris", "intl"),
]

pytestmark = pytest.mark.skipif(siteserver.chromium_path() is None, reason="Chromium is not installed")


def _open(browser: object, site: str, path: str = CHAPTER, **options: object) -> tuple[object, object, Offsite]:
    settings = {"viewport": {"width": 375, "height": 812}, "has_touch": True, "is_mobile": True}
    settings.update(options)
    context = browser.new_context(**settings)
    guard = Offsite()
    context.route("**/*", guard)
    page = context.new_page()
    page.goto(f"{site}/{path}")
    page.wait_for_load_state("load")
    return context, page, guard


def _shown_lines(page: object) -> list[str]:
    """The classes naming the country of each line a reader can see, in order."""
    return page.eval_on_selector_all(
        f"{BOX} .supportbook-safety-list > li",
        """all => all.filter(e => e.getClientRects().length > 0)
               .map(e => [...e.classList].find(c => c.startsWith('supportbook-safety-')).slice(19))""",
    )


def _all_codes() -> list[str]:
    return [country.code.lower() for country in resources.load().countries]


@pytest.mark.parametrize(("locale", "zone", "first"), READERS)
def test_the_readers_country_comes_first_in_one_short_line(
    browser: object, site: str, locale: str, zone: str, first: str
) -> None:
    context, page, guard = _open(browser, site, locale=locale, timezone_id=zone)
    try:
        assert _shown_lines(page) == [first]
        height = page.eval_on_selector(BOX, "e => e.getBoundingClientRect().height")
        assert height <= 120, f"{height:.0f} px tall at 375 px"
        targets = page.eval_on_selector_all(
            f"{BOX} li.sb-mine a",
            "all => all.map(a => { const r = a.getBoundingClientRect(); return [r.width, r.height]; })",
        )
        assert targets, "no tap target"
        if first != "intl":
            assert len(targets) >= 2, "the emergency number and one 24/7 line"
            assert page.eval_on_selector_all(f"{BOX} li.sb-mine a[href^='tel:']", "all => all.length") >= 2
        for width, tall in targets:
            assert width >= 44 and tall >= 44, (width, tall)
        assert guard.blocked == []
    finally:
        context.close()


def test_other_countries_opens_the_whole_box_with_the_readers_country_first(browser: object, site: str) -> None:
    context, page, _guard = _open(browser, site, locale="en-GB", timezone_id="Europe/London")
    try:
        button = page.get_by_role("button", name="Other countries")
        assert button.get_attribute("aria-expanded") == "false"
        box = button.bounding_box()
        assert box is not None and box["width"] >= 24 and box["height"] >= 24
        button.click()
        assert button.get_attribute("aria-expanded") == "true"
        shown = _shown_lines(page)
        assert shown[0] == "uk" and sorted(shown) == sorted(_all_codes())
        assert page.locator(f"{BOX} p", has_text="taken an overdose").is_visible()
        button.click()
        assert _shown_lines(page) == ["uk"]
    finally:
        context.close()


def test_without_javascript_the_whole_box_shows(browser: object, site: str) -> None:
    context, page, _guard = _open(browser, site, java_script_enabled=False, locale="en-GB", timezone_id="Europe/London")
    try:
        assert _shown_lines(page) == _all_codes()
        assert page.locator(f"{BOX} p", has_text="taken an overdose").is_visible()
        assert page.locator(".sb-safety-more").count() == 0
    finally:
        context.close()


def test_in_print_the_whole_box_shows(browser: object, site: str) -> None:
    context, page, _guard = _open(browser, site, locale="en-GB", timezone_id="Europe/London")
    try:
        assert _shown_lines(page) == ["uk"]
        page.emulate_media(media="print")
        assert sorted(_shown_lines(page)) == sorted(_all_codes())
        assert page.locator(f"{BOX} p", has_text="taken an overdose").is_visible()
        assert not page.locator(".sb-safety-more").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["book/intro.html", "book/start.html"])
def test_the_landing_and_start_pages_keep_the_whole_box(browser: object, site: str, path: str) -> None:
    context, page, _guard = _open(browser, site, path, locale="en-GB", timezone_id="Europe/London")
    try:
        assert _shown_lines(page) == _all_codes()
    finally:
        context.close()


@pytest.mark.parametrize("path", [CHAPTER, "exercises/ex-family.html", "book/teachers/lesson-family.html"])
def test_chapter_exercise_and_teacher_pages_are_compact(browser: object, site: str, path: str) -> None:
    context, page, _guard = _open(browser, site, path, locale="en-AU", timezone_id="Australia/Sydney")
    try:
        assert _shown_lines(page) == ["au"]
    finally:
        context.close()


def test_the_line_stores_nothing_and_asks_no_other_host(browser: object, site: str) -> None:
    context, page, guard = _open(browser, site, locale="en-NZ", timezone_id="Pacific/Auckland")
    try:
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.get_by_role("button", name="Other countries").click()
        page.reload()
        page.wait_for_load_state("networkidle")
        assert page.evaluate("[localStorage.length, sessionStorage.length, document.cookie]") == [0, 0, ""]
        assert context.cookies() == []
        assert guard.blocked == [] and all(urlsplit(url).hostname == "127.0.0.1" for url in requests), requests
        assert _shown_lines(page) == ["nz"], "nothing remembered: the line is compact again after a reload"
    finally:
        context.close()


def test_the_appendix_prints_the_checking_details_it_folds_away(browser: object, site: str) -> None:
    context, page, _guard = _open(browser, site, "book/back/safety-resources.html")
    try:
        checked = page.locator("#service-uk-samaritans .supportbook-checked")
        assert not checked.is_visible(), "folded away on screen"
        page.locator("#service-uk-samaritans details > summary").click()
        assert checked.is_visible(), "the summary opens it"
        page.locator("#service-uk-samaritans details > summary").click()
        page.emulate_media(media="print")
        assert checked.is_visible(), "print shows it"
        page.emulate_media(media="screen")
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        assert page.eval_on_selector_all("details.supportbook-details", "all => all.every(d => d.open)")
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
        assert page.eval_on_selector_all("details.supportbook-details", "all => all.every(d => !d.open)")
    finally:
        context.close()


def test_the_script_runs_right_after_the_box_so_nothing_moves(book_html: Path) -> None:
    """Loaded after the box (not deferred to the end), it folds the box before the text below is drawn."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((book_html / CHAPTER).read_text(encoding="utf-8"), "html.parser")
    box = soup.select_one(".supportbook-safety-compact")
    following = box.find_next_sibling()
    assert following.name == "script" and following["src"] == "../../_static/safety-line.js", following
    assert len(soup.select('script[src*="safety-line.js"]')) == 1, "loaded once"
    intro = BeautifulSoup((book_html / "book/intro.html").read_text(encoding="utf-8"), "html.parser")
    assert not intro.select('script[src*="safety-line.js"]'), "not on pages that keep the whole box"
