"""The ten chapters as readers get them: in their parts, complete, the right length, plain enough."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from supportbook import readability

CHAPTERS = {
    "therapists": "Therapeutic professionals",
    "psychiatrists": "Therapeutic professionals",
    "friends": "Friends and family",
    "family": "Friends and family",
    "groups": "Support groups",
    "online": "Support groups",
    "emergency": "Emergency care, helplines and chat",
    "hotlines": "Emergency care, helplines and chat",
    "text": "Emergency care, helplines and chat",
    "together": "Bringing it together",
}
SUPPORT_CHAPTERS = [cid for cid in CHAPTERS if cid != "together"]
AT_A_GLANCE_ROWS = ("What it is", "Who provides it", "How to reach it", "Cost", "Confidentiality")
MAX_GRADE = 8.0
WORDS = (1800, 2600)  # second edition: about 9-13 minutes of reading


def section(soup: BeautifulSoup, label: str):
    """The section a stable label names (MyST puts the label on the section or just inside it)."""
    found = soup.find(id=label)
    assert found is not None, f"no element with id {label}"
    return found if found.name == "section" else found.find_parent("section")


@pytest.fixture(scope="module")
def chapters(book_html: Path) -> dict[str, dict]:
    manifest = json.loads((book_html / "supportbook-chapters.json").read_text(encoding="utf-8"))
    result = {}
    for entry in manifest:
        html = (book_html / entry["url"].split("#")[0]).read_text(encoding="utf-8")
        result[entry["id"]] = {**entry, "html": html, "soup": BeautifulSoup(html, "html.parser")}
    return result


def test_all_ten_chapters_are_in_the_book_in_their_parts_and_in_order(chapters: dict[str, dict]) -> None:
    assert list(chapters) == list(CHAPTERS)
    assert {cid: c["part"] for cid, c in chapters.items()} == CHAPTERS


def test_chapter_titles_name_the_support_not_the_behaviour(chapters: dict[str, dict]) -> None:
    for cid, chapter in chapters.items():
        assert "harm" not in chapter["title"].lower(), cid


def test_every_support_chapter_has_an_at_a_glance_table_with_the_five_facts(chapters: dict[str, dict]) -> None:
    for cid in SUPPORT_CHAPTERS:
        found = section(chapters[cid]["soup"], f"ch-{cid}-at-a-glance")
        rows = [" ".join(th.get_text(" ", strip=True).split()) for th in found.select("table th")]
        for row in AT_A_GLANCE_ROWS:
            assert any(row.lower() in r.lower() for r in rows), f"{cid}: no '{row}' row in At a glance"


def test_every_chapter_cites_its_sources_and_shows_when_it_was_reviewed(chapters: dict[str, dict]) -> None:
    for cid, chapter in chapters.items():
        soup = chapter["soup"]
        reading = section(soup, f"ch-{cid}-reading")
        assert reading.select("a[href*='references']"), f"{cid}: further reading cites nothing"
        assert len(soup.select("a[href*='references.html#id']")) >= 5, f"{cid}: fewer than five citations"
        assert "Last reviewed:" in soup.select_one(".supportbook-chapter-info").get_text()


def test_every_chapter_is_1800_to_2600_words_of_prose(chapters: dict[str, dict]) -> None:
    counts = {cid: readability.word_count(readability.chapter_prose(c["html"])) for cid, c in chapters.items()}
    print("\nWords of prose:", counts)
    low, high = WORDS
    assert all(low <= n <= high for n in counts.values()), counts


def test_family_facing_prose_reads_at_grade_eight_or_below(chapters: dict[str, dict]) -> None:
    grades = {cid: round(readability.grade(readability.chapter_prose(c["html"])), 1) for cid, c in chapters.items()}
    print("\nFlesch-Kincaid grade:", grades)
    assert all(grade <= MAX_GRADE for grade in grades.values()), grades


def test_every_chapter_ends_with_a_hopeful_next_step_section_and_key_points(chapters: dict[str, dict]) -> None:
    for cid, chapter in chapters.items():
        soup = chapter["soup"]
        assert section(soup, f"ch-{cid}-next").select_one("p"), cid
        assert soup.select_one(".supportbook-key-points li"), cid


def test_citations_are_numbered_superscripts_that_link_to_the_references(chapters: dict[str, dict]) -> None:
    for cid, chapter in chapters.items():
        soup = chapter["soup"]
        marks = soup.select(".bibtex-citation sup a[href*='references.html#']")
        assert len(marks) >= 5, f"{cid}: {len(marks)} numbered citations"
        assert all(mark.get_text(strip=True).isdigit() and mark.get("title") for mark in marks), cid
        prose = readability.chapter_prose(chapter["html"])
        assert not re.search(r"\[[A-Z][^\]]{2,60}, (?:19|20)\d\d[a-z]?\]", prose), f"{cid}: an author-year citation"
