"""Every chapter's reflection exercises, as a reader (and a printer) sees them in the built book."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from supportbook import frontmatter, model
from supportbook.sphinxext import exercises

ROOT = Path(__file__).resolve().parents[1]


def _toc_chapters() -> list[dict[str, Any]]:
    """Every chapter in _toc.yml (from the book model): its file, id, and the files of its sections."""
    return [
        {"file": page.docname, "id": page.id, "sections": list(page.sections)}
        for page in model.read_book(ROOT).pages
        if page.kind in model.CHAPTER_KINDS
    ]


CHAPTERS = _toc_chapters()
IDS = [chapter["id"] for chapter in CHAPTERS]


def _soup(path: Path) -> BeautifulSoup:
    assert path.exists(), f"{path} was not built"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _exercises(book_html: Path, cid: str) -> tuple[BeautifulSoup, list[Tag]]:
    soup = _soup(book_html / "exercises" / f"ex-{cid}.html")
    return soup, soup.select(f"div.{exercises.EXERCISE_CLASS}")


def _kind(exercise: Tag) -> str:
    for kind in exercises.KINDS:
        if f"{exercises.EXERCISE_CLASS}-{kind}" in exercise.get("class", []):
            return kind
    return ""


def _title(exercise: Tag) -> str:
    heading = exercise.select_one(".supportbook-exercise-title")
    return heading.get_text(" ", strip=True) if heading else "(untitled)"


def test_toc_lists_chapters() -> None:
    assert len(CHAPTERS) >= 9, IDS


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_chapter_has_exercises_page_in_toc(chapter: dict[str, Any]) -> None:
    expected = f"exercises/ex-{chapter['id']}"
    assert expected in chapter["sections"], f"{chapter['file']}: add '{expected}' as a section in _toc.yml"
    meta, _ = frontmatter.parse((ROOT / f"{expected}.md").read_text(encoding="utf-8"))
    assert meta is not None and meta.kind == "exercises" and meta.id == chapter["id"]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_page_has_all_four_kinds(book_html: Path, chapter: dict[str, Any]) -> None:
    soup, found = _exercises(book_html, chapter["id"])
    assert len(found) >= exercises.MIN_EXERCISES
    assert {_kind(exercise) for exercise in found} >= set(exercises.KINDS)
    assert soup.find(id=f"ex-{chapter['id']}") is not None, "the page's stable label is missing"
    for kind in exercises.KINDS:
        assert soup.find(id=f"ex-{chapter['id']}-{kind}") is not None, f"no anchor for the {kind} exercise"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_page_title_and_safety_box_first(book_html: Path, chapter: dict[str, Any]) -> None:
    soup, _ = _exercises(book_html, chapter["id"])
    h1 = soup.select_one("article h1") or soup.find("h1")
    assert h1 is not None and h1.get_text(strip=True).startswith("Reflection exercises:")
    first = h1.find_next_sibling(lambda tag: isinstance(tag, Tag) and tag.name != "span")
    assert first is not None and "supportbook-safety-box" in first.get("class", []), "safety box is not first"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_every_exercise_is_complete(book_html: Path, chapter: dict[str, Any]) -> None:
    _, found = _exercises(book_html, chapter["id"])
    for exercise in found:
        name = f"ex-{chapter['id']}: {_title(exercise)}"
        meta = exercise.select_one(".supportbook-exercise-meta")
        assert meta is not None, f"{name}: no audience/time line"
        text = meta.get_text(" ", strip=True)
        assert re.search(r"Type: \S", text) and re.search(r"For: \S", text), f"{name}: {text!r}"
        assert re.search(r"Time: \d+(?:\s*[-–]\s*\d+)? minutes?", text), f"{name}: {text!r}"
        purpose = exercise.select_one(".supportbook-exercise-purpose")
        assert purpose is not None and len(purpose.get_text(" ", strip=True).split()) > 5, f"{name}: purpose"
        prompts = exercise.select(".supportbook-exercise-prompts ol.supportbook-prompts > li")
        assert len(prompts) >= 3, f"{name}: needs at least 3 numbered prompts"
        notice = exercise.select_one(".supportbook-exercise-notice")
        assert notice is not None, f"{name}: no 'Things to notice'"
        assert "Things to notice" in notice.get_text(" ", strip=True)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_group_exercises_have_full_facilitator_notes(book_html: Path, chapter: dict[str, Any]) -> None:
    _, found = _exercises(book_html, chapter["id"])
    groups = [exercise for exercise in found if _kind(exercise) == "group"]
    assert groups
    for exercise in groups:
        notes = exercise.select_one(".supportbook-facilitator-notes")
        assert notes is not None, f"{_title(exercise)}: no facilitator notes"
        missing = exercises.missing_facilitator_points(notes.get_text(" ", strip=True))
        assert missing == [], f"{_title(exercise)}: facilitator notes do not cover {missing}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_chapter_links_its_exercises(book_html: Path, chapter: dict[str, Any]) -> None:
    soup = _soup(book_html / f"{chapter['file']}.html")
    section = soup.find(id=f"ch-{chapter['id']}-exercises")
    assert section is not None, "the chapter has no 'Reflection exercises' section"
    scope = section if section.name == "section" else section.find_parent("section") or soup
    links = [a.get("href", "") for a in scope.find_all("a")]
    assert any(f"ex-{chapter['id']}.html" in href for href in links), "the section does not link the exercises"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_no_typed_phone_numbers(chapter: dict[str, Any]) -> None:
    """Services are shown with the {service} role, never typed: no digit runs that look like numbers."""
    text = (ROOT / "exercises" / f"ex-{chapter['id']}.md").read_text(encoding="utf-8")
    assert not re.search(r"\b\d{3,}\b", re.sub(r"\{service\}`[^`]*`", "", text))


def test_print_stylesheet_gives_room_to_write(book_html: Path) -> None:
    css = (book_html / "_static" / "supportbook.css").read_text(encoding="utf-8")
    prints = re.findall(r"@media print\s*\{(.*?)\n\}", css, re.S)
    assert any(".supportbook-prompts > li::after" in block and "height" in block for block in prints)
    assert any("break-before: page" in block and ".supportbook-exercise" in block for block in prints)
