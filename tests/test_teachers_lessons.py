"""The lesson-plan checks: a good plan builds strictly; a plan missing a part stops the strict build with
a warning that names the file and the part. Tiny books are built as in test_contract.py."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from test_contract import build, chapter, make_book

from supportbook.sphinxext import exercises, lessons, store

TIMING = """\
| Time | Activity | Notes |
|---|---|---|
| 10 min | Welcome, ground rules and support | Signpost support. |
| 30 min | Main activity | The group exercise. |
| 10 min | Exit question and close | Signpost support again. |
"""


def lesson(lid: str, timing: str = TIMING, drop: str = "", audience: str = "[students, staff]") -> str:
    """A complete lesson plan for chapter `lid`, less the section whose label suffix is `drop`.

    `drop` may also be 'downloads' (the `{lesson-downloads}` directive); `audience` '' leaves it out."""
    bodies = {
        "objectives": "- Name one way to reach support.",
        "timing": timing,
        "materials": "- The chapter.",
        "activities": (
            "Run the group exercise with its facilitator notes.\n\n**1. Welcome.** Signpost support.\n\n"
            "**2. Main activity.** The group exercise.\n\n**3. Exit question and close.** Support again."
        ),
        "discussion": "1. What helps?",
        "exit": "Who could you talk to?",
        "follow-up": "- Check in with anyone who seemed upset.",
        "send": "- Prepare one to one with the student and their key adult.",
        "younger": "- Make the story's characters 12.",
    }
    sections = "".join(
        f"({'lesson-' + lid}-{suffix})=\n## {suffix.title()}\n\n{body}\n\n"
        for suffix, body in bodies.items()
        if suffix != drop
    )
    downloads = "" if drop == "downloads" else "```{lesson-downloads}\n```\n\n"
    who = f"  audience: {audience}\n" if audience else ""
    return (
        f"---\nsupportbook:\n  kind: lesson\n  id: {lid}\n{who}---\n\n"
        f"(lesson-{lid})=\n# Lesson plan: {lid}\n\n```{{safety-box}}\n```\n\n{downloads}{sections}"
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


def test_a_complete_lesson_plan_builds_strictly_shows_its_total_and_keeps_typed_facts(tmp_path: Path) -> None:
    book = _add_lessons(make_book(tmp_path, {"example": chapter()}), {"lesson-example": lesson("example")})
    result = build(book)
    assert result.returncode == 0, result.stderr[-3000:] + result.stdout[-3000:]
    html = (tmp_path / "_build" / "html" / "book" / "lesson-example.html").read_text(encoding="utf-8")
    assert "<strong>Total:</strong> 50 minutes." in html
    chapter_html = (tmp_path / "_build" / "html" / "book" / "example.html").read_text(encoding="utf-8")
    assert 'href="lesson-example.html#lesson-example"' in chapter_html, "the 'For teachers' aside must link it"
    # The pickled environment keeps the plan's and the exercises' facts as typed values, without docutils nodes.
    with (tmp_path / "_build" / ".doctrees" / "environment.pickle").open("rb") as file:
        records = store.docs(pickle.load(file))
    plan = records["book/lesson-example"].lesson
    assert isinstance(plan, lessons.LessonFacts)
    assert plan.timing.total == 50
    assert [row.minutes for row in plan.timing.rows] == [10, 30, 10]
    assert plan.activity_numbers == (1, 2, 3)
    assert plan.audience == ("students", "staff")
    assert all(plan.sections.values())
    facts = records["book/ex-example"].exercises
    assert facts and all(isinstance(one, exercises.ExerciseFacts) for one in facts)
    assert {one.kind for one in facts} == set(exercises.KINDS)


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
        # Own ids (no chapter has them, which is warned separately), so no label is defined twice.
        "lesson-nosend": lesson("nosend", drop="send", audience="[staff]"),
        "lesson-noyounger": lesson("noyounger", drop="younger"),
        "lesson-staffonly": lesson("staffonly", drop="younger", audience="[staff]"),
        "lesson-noaudience": lesson("noaudience", audience=""),
        "lesson-nodownloads": lesson("nodownloads", drop="downloads"),
        "lesson-misnumbered": lesson("misnumbered").replace("**2. Main activity.**", "**Main activity.**"),
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


def test_a_lesson_plan_without_send_notes_fails_the_build(broken_build: str) -> None:
    expected = (
        r"lesson-nosend\.md:\d+: WARNING: lesson plan: missing a section of notes for students with special "
        r"educational needs or disabilities, labelled '\(lesson-nosend-send\)='"
    )
    assert re.search(expected, broken_build), broken_build[-3000:]


def test_a_student_lesson_without_its_adaptation_for_ages_11_to_13_fails_the_build(broken_build: str) -> None:
    expected = (
        r"lesson-noyounger\.md:\d+: WARNING: lesson plan: missing an 'Adapting for ages 11 to 13' section, "
        r"labelled '\(lesson-noyounger-younger\)='"
    )
    assert re.search(expected, broken_build), broken_build[-3000:]


def test_a_staff_only_lesson_needs_no_adaptation_for_younger_students(broken_build: str) -> None:
    lines = [line for line in broken_build.splitlines() if "lesson-staffonly.md" in line]
    assert lines, "the staff-only plan is in the broken book"
    assert not [line for line in lines if "younger" in line or "audience" in line], lines


def test_a_lesson_plan_that_does_not_say_who_it_is_for_fails(broken_build: str) -> None:
    expected = r"lesson-noaudience\.md:1: WARNING: lesson plan: front matter 'audience:' must list who the plan is for"
    assert re.search(expected, broken_build), broken_build[-3000:]


def test_a_lesson_plan_without_links_to_its_kit_files_fails(broken_build: str) -> None:
    expected = r"lesson-nodownloads\.md:\d+: WARNING: lesson plan: missing the '\{lesson-downloads\}' directive"
    assert re.search(expected, broken_build), broken_build[-3000:]


def test_activities_that_do_not_match_the_timing_rows_fail_the_build(broken_build: str) -> None:
    expected = (
        r"lesson-misnumbered\.md:\d+: WARNING: lesson plan: the Activities section needs one paragraph for each "
        r"of the 3 timing rows, in order, each starting '\*\*1\. Name\.\*\*' \(found numbers: 1, 3\)"
    )
    assert re.search(expected, broken_build), broken_build[-3000:]


def test_every_student_plan_in_the_book_has_its_adaptation_and_every_plan_its_send_notes(root: Path) -> None:
    from supportbook.frontmatter import parse

    for path in sorted((root / "book" / "teachers").glob("lesson-*.md")):
        text = path.read_text(encoding="utf-8")
        meta, _ = parse(text)
        assert meta is not None and set(meta.audience) <= {"students", "staff"} and meta.audience, path.name
        assert f"(lesson-{meta.id}-send)=" in text, path.name
        assert (f"(lesson-{meta.id}-younger)=" in text) == ("students" in meta.audience), path.name


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
    facts = lessons.LessonFacts(
        id="demo",
        line=7,
        has_label=False,
        safety_box_first=False,
        sections=dict.fromkeys(lessons.SECTIONS, False),
        timing=lessons.LessonTiming(),
    )
    problems = [message for message, _ in lessons.check_lesson(facts)]
    assert "missing the label '(lesson-demo)=' on the line before the title" in problems
    assert any("safety-box" in message for message in problems)
    for suffix in lessons.SECTIONS:
        assert any(f"'(lesson-demo-{suffix})='" in message for message in problems), suffix
    assert any("audience" in message for message in problems)
