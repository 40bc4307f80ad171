"""The lesson-plan checks: a good plan builds strictly; a plan missing a part stops the strict build with
a warning that names the file and the part. Tiny books are built as in test_contract.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_contract import build, chapter, make_book

from supportbook.sphinxext import lessons

TIMING = """\
| Time | Activity | Notes |
|---|---|---|
| 10 min | Welcome, ground rules and support | Signpost support. |
| 30 min | Main activity | The group exercise. |
| 10 min | Exit question and close | Signpost support again. |
"""


def lesson(lid: str, timing: str = TIMING, drop: str = "") -> str:
    """A complete lesson plan for chapter `lid`, less the section whose label suffix is `drop`."""
    bodies = {
        "objectives": "- Name one way to reach support.",
        "timing": timing,
        "materials": "- The chapter.",
        "activities": "Run the group exercise with its facilitator notes.",
        "discussion": "1. What helps?",
        "exit": "Who could you talk to?",
        "follow-up": "- Check in with anyone who seemed upset.",
    }
    sections = "".join(
        f"({'lesson-' + lid}-{suffix})=\n## {suffix.title()}\n\n{body}\n\n"
        for suffix, body in bodies.items()
        if suffix != drop
    )
    return (
        f"---\nsupportbook:\n  kind: lesson\n  id: {lid}\n---\n\n"
        f"(lesson-{lid})=\n# Lesson plan: {lid}\n\n```{{safety-box}}\n```\n\n{sections}"
    )


def _add_lessons(book: Path, pages: dict[str, str]) -> Path:
    toc = book / "_toc.yml"
    toc.write_text(
        toc.read_text(encoding="utf-8") + "".join(f"      - file: book/{name}\n" for name in pages),
        encoding="utf-8",
    )
    for name, text in pages.items():
        (book / "book" / f"{name}.md").write_text(text, encoding="utf-8")
    return book


def test_a_complete_lesson_plan_builds_strictly_and_shows_its_total(tmp_path: Path) -> None:
    book = _add_lessons(make_book(tmp_path, {"example": chapter()}), {"lesson-example": lesson("example")})
    result = build(book)
    assert result.returncode == 0, result.stderr[-3000:] + result.stdout[-3000:]
    html = (tmp_path / "_build" / "html" / "book" / "lesson-example.html").read_text(encoding="utf-8")
    assert "<strong>Total:</strong> 50 minutes." in html
    chapter_html = (tmp_path / "_build" / "html" / "book" / "example.html").read_text(encoding="utf-8")
    assert 'href="lesson-example.html#lesson-example"' in chapter_html, "the 'For teachers' aside must link it"


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One strict build of a book with several broken lesson plans; returns everything it printed."""
    tmp = tmp_path_factory.mktemp("lessons")
    pages = {
        "lesson-nodiscussion": lesson("example", drop="discussion"),
        "lesson-nosuch": lesson("nosuch"),
        "lesson-short": lesson("short", timing=TIMING.replace("| 30 min |", "| 20 min |")),
        "lesson-badcell": lesson("badcell", timing=TIMING.replace("| 30 min |", "| a while |")),
        "lesson-notable": lesson("notable", timing="Ten minutes to start, then the exercise."),
    }
    result = build(_add_lessons(make_book(tmp, {"example": chapter()}), pages))
    assert result.returncode != 0, "a broken lesson plan must fail the strict build"
    return result.stdout + result.stderr


def test_a_lesson_plan_missing_a_section_fails_naming_the_file_and_the_label(broken_build: str) -> None:
    expected = (
        r"lesson-nodiscussion\.md:\d+: WARNING: lesson plan: missing a 'Discussion questions' section, "
        r"labelled '\(lesson-example-discussion\)='"
    )
    assert re.search(expected, broken_build), broken_build[-3000:]


def test_a_lesson_plan_for_no_chapter_fails_naming_the_id(broken_build: str) -> None:
    assert re.search(r"lesson-nosuch\.md:1: WARNING: lesson plan: no chapter has the id 'nosuch'", broken_build)


def test_a_timing_table_outside_45_to_60_minutes_fails_with_the_sum(broken_build: str) -> None:
    expected = (
        r"lesson-short\.md:\d+: WARNING: lesson plan: "
        r"the timing table must add up to 45-60 minutes \(it adds up to 40\)"
    )
    assert re.search(expected, broken_build)


def test_a_time_cell_that_is_not_minutes_fails_quoting_it(broken_build: str) -> None:
    assert re.search(
        r"lesson-badcell\.md:\d+: WARNING: lesson plan: the timing table's Time cell .*'a while'", broken_build
    )


def test_a_timing_section_without_a_table_fails(broken_build: str) -> None:
    assert re.search(r"lesson-notable\.md:\d+: WARNING: lesson plan: the timing section needs a table", broken_build)


def test_the_complete_lesson_in_the_broken_book_names_no_other_part(broken_build: str) -> None:
    lines = [line for line in broken_build.splitlines() if "lesson-nodiscussion.md" in line]
    assert len(lines) == 1, lines


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("5 min", 5),
        ("10 minutes", 10),
        ("1 minute", 1),
        ("15 mins", 15),
        ("5\u00a0min", 5),
        ("about 5", None),
        ("", None),
    ],
)
def test_parse_minutes(text: str, minutes: int | None) -> None:
    assert lessons.parse_minutes(text) == minutes


def test_check_lesson_reports_every_missing_part() -> None:
    facts = {
        "id": "demo",
        "line": 7,
        "has_label": False,
        "safety_box_first": False,
        "sections": dict.fromkeys(lessons.SECTIONS, False),
        "timing": {"table": False, "header": [], "rows": [], "total": None, "line": None},
    }
    problems = [message for message, _ in lessons.check_lesson(facts)]
    assert "missing the label '(lesson-demo)=' on the line before the title" in problems
    assert any("safety-box" in message for message in problems)
    for suffix in lessons.SECTIONS:
        assert any(f"'(lesson-demo-{suffix})='" in message for message in problems), suffix
