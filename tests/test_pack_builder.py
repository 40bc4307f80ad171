"""The pack builder on the assigning page, driven in headless Chromium as a teacher uses it (issue 13).

Tick parts out of book order, make the printable page, and read what it shows: exactly the ticked parts,
in book order, with the safety resources last. The same from a web server and from a copy opened from
disk (file://, where Chromium allows no fetch). Nothing is stored and no other host is asked for
anything. Without JavaScript the controls are hidden and a sentence says what to use instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")

from supportbook import siteserver  # noqa: E402
from supportbook.sphinxext import packbuilder  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ASSIGNING = "book/teachers/assigning.html"
TICKED = ("together:lesson", "friends:chapter", "therapists:exercises", "groups:chapter")  # not in book order
BOOK_ORDER = ("therapists:exercises", "friends:chapter", "groups:chapter", "together:lesson")

pytestmark = pytest.mark.skipif(siteserver.chromium_path() is None, reason="Chromium is not installed")


@pytest.fixture(scope="module")
def site(book_html: Path) -> Iterator[str]:
    with siteserver.serve(book_html) as base:
        yield base


@pytest.fixture
def page(browser: object) -> Iterator[tuple[object, list[str]]]:
    """A page whose requests may go to the local server or disk only; anything else is blocked and kept."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    foreign: list[str] = []

    def route(request_route: object) -> None:
        url = request_route.request.url
        if url.startswith("file:") or urlsplit(url).hostname == "127.0.0.1":
            request_route.continue_()
        else:
            foreign.append(url)
            request_route.abort()

    context.route("**/*", route)
    tab = context.new_page()
    try:
        yield tab, foreign
    finally:
        context.close()


def _shown_parts(tab: object) -> list[str]:
    return tab.evaluate(
        "Array.from(document.querySelectorAll('.sb-pack-part')).filter(p => !p.hidden && p.offsetHeight > 0)"
        ".map(p => p.dataset.part)"
    )


def _make_pack(tab: object, start: str) -> None:
    tab.goto(start)
    for key in TICKED:
        tab.check(f'input[name="part"][value="{key}"]')
    tab.click("button.sb-pack-make")
    tab.wait_for_url(re.compile(r"pack-print\.html#parts="))
    # A locator, not wait_for_function: the page's content security policy forbids its eval().
    playwright_api.expect(tab.locator(".sb-pack-summary")).to_have_text(re.compile(r"\S"), timeout=15000)


def _check_print_view(tab: object) -> None:
    assert _shown_parts(tab) == [*BOOK_ORDER, packbuilder.SAFETY_PART]
    headings = tab.evaluate(
        "Array.from(document.querySelectorAll('.sb-pack-part')).filter(p => !p.hidden)"
        ".map(p => p.querySelector('h1').textContent.trim())"
    )
    assert headings[-1].startswith("Safety resources"), headings
    assert headings[0].startswith("Reflection exercises: Licensed therapists"), headings
    assert headings[3].startswith("Lesson plan: Bringing"), headings
    text = tab.inner_text("article[role=main]")
    assert "Reflection exercises: Close friends" not in text, "an unticked part shows"
    assert text.index(headings[-1]) > text.index(headings[-2]), "the safety resources are not at the end"
    tab.emulate_media(media="print")
    assert _shown_parts(tab) == [*BOOK_ORDER, packbuilder.SAFETY_PART], "printing shows other parts"
    assert not tab.is_visible(".sb-pack-print-now"), "the print button is printed"
    tab.emulate_media(media="screen")
    stored = tab.evaluate("[localStorage.length, sessionStorage.length, document.cookie]")
    assert stored == [0, 0, ""], f"the builder stored something: {stored}"


def test_the_print_view_holds_exactly_the_ticked_parts_in_book_order_from_a_server(
    page: tuple[object, list[str]], site: str
) -> None:
    tab, foreign = page
    _make_pack(tab, site + ASSIGNING)
    assert urlsplit(tab.url).query == "", "the choice must travel in the fragment, never sent to a server"
    _check_print_view(tab)
    assert foreign == []


def test_the_pack_builder_works_from_a_copy_opened_from_disk(
    page: tuple[object, list[str]], book_html: Path
) -> None:
    tab, foreign = page
    _make_pack(tab, (book_html / ASSIGNING).resolve().as_uri())
    _check_print_view(tab)
    assert foreign == []


def test_change_what_it_holds_returns_with_the_same_ticks(page: tuple[object, list[str]], site: str) -> None:
    tab, _ = page
    _make_pack(tab, site + ASSIGNING)
    tab.click(".sb-pack-print .sb-pack-actions a")
    tab.wait_for_url(re.compile(r"assigning\.html"))
    ticked = tab.evaluate("Array.from(document.querySelectorAll('input[name=part]:checked')).map(b => b.value)")
    assert sorted(ticked) == sorted(TICKED)


def test_nothing_ticked_says_so_and_makes_no_page(page: tuple[object, list[str]], site: str) -> None:
    tab, _ = page
    tab.goto(site + ASSIGNING)
    tab.click("button.sb-pack-make")
    assert "Tick at least one" in tab.inner_text(".sb-pack-status")
    assert tab.url.endswith(ASSIGNING)


def test_ready_made_packs_follow_the_guide_and_the_staff_lessons(page: tuple[object, list[str]], site: str) -> None:
    guide = (ROOT / "book/teachers/guide.md").read_text(encoding="utf-8")
    course = guide.split("**A suggested order for students.**", 1)[1].split("\n\n", 2)[1]
    student = list(dict.fromkeys(re.findall(r"\{ref\}`lesson-([a-z]+)`", course)))
    lessons = (ROOT / "book/teachers/lessons.md").read_text(encoding="utf-8")
    staff = [
        cid
        for block in re.findall(r"\nFor staff training[^\n]*:\n\n((?:- [^\n]+\n)+)", lessons)
        for cid in re.findall(r"\{ref\}`lesson-([a-z]+)`", block)
    ]
    assert student and staff
    tab, _ = page
    tab.goto(site + ASSIGNING)
    links = tab.eval_on_selector_all("a.sb-pack-ready", "links => links.map(a => a.getAttribute('href'))")
    assert len(links) == 2
    for href, ids in zip(links, (student, staff), strict=True):
        keys = href.split("#parts=", 1)[1].split(",")
        assert list(dict.fromkeys(key.split(":")[0] for key in keys)) == ids
    tab.click("a.sb-pack-ready >> nth=1")
    tab.wait_for_url(re.compile(r"pack-print\.html#parts="))
    shown = [key for key in _shown_parts(tab) if key != packbuilder.SAFETY_PART]
    assert {key.split(":")[0] for key in shown} == set(staff)
    assert _shown_parts(tab)[-1] == packbuilder.SAFETY_PART


def test_without_javascript_the_controls_are_hidden(browser: object, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(site + ASSIGNING)
        assert not tab.is_visible("#sb-pack-builder")
        assert tab.is_visible(".sb-pack-no-js")
        tab.goto(site + "book/teachers/pack-print.html")
        assert not tab.is_visible(".sb-pack-print-now")
        assert tab.is_visible(f'[data-part="{packbuilder.SAFETY_PART}"]')
        assert not tab.is_visible('[data-part="friends:chapter"]')
    finally:
        context.close()
