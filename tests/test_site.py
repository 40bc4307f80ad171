"""The built site as a reader gets it: navigation by part, contract parts on every chapter, reading
time computed, phone width, dark mode, print, and search that works opened from disk."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from supportbook import siteserver
from supportbook.sphinxext.contract import REQUIRED_SECTIONS, WORDS_PER_MINUTE

ROOT = Path(__file__).resolve().parents[1]
PARTS = ["Therapeutic professionals", "Friends and family", "Support groups", "Emergency care, helplines and chat"]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def manifest(book_html: Path) -> list[dict]:
    return json.loads((book_html / "supportbook-chapters.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = siteserver.launch(pw)
        yield chromium
        chromium.close()


def test_toc_has_the_four_captioned_parts_in_order() -> None:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    captions = [part.get("caption") for part in toc["parts"]]
    assert [c for c in captions if c in PARTS] == PARTS
    assert toc["format"] == "jb-book"


def test_left_navigation_shows_every_part_caption(book_html: Path) -> None:
    nav = soup(book_html / "book" / "intro.html").select_one(".sidebar-tree")
    captions = [c.get_text(strip=True) for c in nav.select("p.caption")]
    for part in PARTS:
        assert part in captions


def test_every_chapter_shows_a_computed_reading_time_matching_its_words(book_html: Path, manifest: list[dict]) -> None:
    assert len(manifest) >= 9
    for chapter in manifest:
        assert chapter["reading_minutes"] == max(1, math.ceil(chapter["words"] / WORDS_PER_MINUTE))
        page = soup(book_html / chapter["url"].split("#")[0])
        facts = page.select_one(".supportbook-chapter-info").get_text(" ", strip=True)
        assert f"Reading time: about {chapter['reading_minutes']} minutes" in facts, chapter["id"]


def test_every_chapter_has_three_to_five_objectives_and_key_points(manifest: list[dict]) -> None:
    for chapter in manifest:
        assert 3 <= len(chapter["objectives"]) <= 5, chapter["id"]
        assert chapter["key_points"], chapter["id"]


def test_every_chapter_and_section_a_teacher_links_to_has_its_stable_anchor(
    book_html: Path, manifest: list[dict]
) -> None:
    for chapter in manifest:
        cid = chapter["id"]
        page = soup(book_html / chapter["url"].split("#")[0])
        ids = {tag["id"] for tag in page.select("[id]")}
        kind = "closing" if cid == "together" else "chapter"
        expected = {f"ch-{cid}"} | {f"ch-{cid}-{suffix}" for suffix in REQUIRED_SECTIONS[kind]}
        assert expected <= ids, f"{cid}: missing anchors {sorted(expected - ids)}"


def test_pages_fit_a_360px_screen_without_sideways_scrolling(book_html: Path, browser) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    wide = []
    with siteserver.serve(book_html) as base:
        for path in siteserver.site_pages(book_html):
            rel = path.relative_to(book_html).as_posix()
            page.goto(base + rel)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 360:
                wide.append(f"{rel}: {width}px")
    context.close()
    assert not wide, wide


def test_dark_mode_follows_the_readers_setting(book_html: Path, browser) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto((book_html / "book" / "intro.html").as_uri())
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        context.close()
    assert colours["light"] != colours["dark"]
    dark = [int(n) for n in re.findall(r"\d+", colours["dark"])[:3]]
    assert sum(dark) < 3 * 80, colours


def test_printing_drops_navigation_and_the_safety_bar_but_keeps_the_safety_box(book_html: Path, browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto((book_html / "book" / "professionals" / "therapists.html").as_uri())
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ['.sidebar-drawer', '.toc-drawer', '.announcement', '.related-pages']
             .map(s => document.querySelector(s)).filter(Boolean)
             .map(e => getComputedStyle(e).display)"""
    )
    assert hidden and all(d == "none" for d in hidden), hidden
    assert page.is_visible(".supportbook-safety-box")
    context.close()


def test_search_works_offline_from_a_page_opened_from_disk(book_html: Path, browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((book_html / "search.html").as_uri() + "?q=therapist")
    page.wait_for_selector("#search-results ul li", timeout=15000)
    results = page.inner_text("#search-results")
    context.close()
    assert "Licensed therapists" in results
    assert all(url.startswith("file://") for url in requests), [u for u in requests if not u.startswith("file://")]


def test_every_page_has_a_print_control_and_previous_next_links(book_html: Path) -> None:
    for path in siteserver.site_pages(book_html):
        page = soup(path)
        assert page.select_one("#sb-print"), path
        if path.name != "intro.html":
            assert page.select_one(".related-pages a"), path


def test_every_page_has_a_meta_description(book_html: Path) -> None:
    for path in siteserver.site_pages(book_html):
        meta = soup(path).select_one('meta[name="description"]')
        assert meta is not None and len(meta["content"]) > 50, path
