"""The teaching safety steps said once: every lesson plan and exercises page renders them from
`supportbook/data/teaching.yml` (built HTML and the teacher's kit), no page types them by hand, and a broken
data file stops the build in one line naming the file and the key.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from test_contract import chapter, make_book

from supportbook import teaching
from supportbook.teachkit import plan, source

ROOT = Path(__file__).resolve().parents[1]
DATA = teaching.load()
LESSONS = sorted((ROOT / "book" / "teachers").glob("lesson-*.md"))
EXERCISES = sorted((ROOT / "exercises").glob("ex-*.md"))
_OPTION = re.compile(r"^:([a-z]+):\s*(.*)$", re.M)


def fold(text: str) -> str:
    quotes = {"\u201c": '"', "\u201d": '"', "\u2019": "'"}
    return " ".join(text.translate(str.maketrans(quotes)).split())


def shared_texts() -> list[str]:
    """Every text in the data file, in every setting's version (not the steps' bold leads: a page's own
    facilitator notes may use the same headings)."""
    texts = list(DATA.lines.values())
    for step in (*DATA.steps, *(s for part in DATA.send.values() for s in (*part.first, *part.last))):
        texts += step.text.values()
    texts += [part.intro for part in DATA.send.values()]
    return texts


def box_options(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    block = re.search(r"```\{before-you-teach\}\n(.*?)```", text, re.S)
    assert block, f"{path.name} has no {{before-you-teach}} directive"
    return dict(_OPTION.findall(block.group(1)))


def html(book_html: Path, path: Path) -> BeautifulSoup:
    page = book_html / path.relative_to(ROOT).with_suffix(".html")
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


# ------------------------------------------------------------------------------------------ the pages


def test_every_lesson_plan_shows_the_same_before_you_teach_steps_rendered_from_the_data(book_html: Path) -> None:
    assert len(LESSONS) >= 10
    for path in LESSONS:
        options = box_options(path)
        setting = options["for"]
        boxes = html(book_html, path).select("div.admonition.supportbook-teaching")
        assert len(boxes) == 1, path.name
        box = boxes[0]
        assert fold(box.select_one(".admonition-title").get_text()) == DATA.title
        items = [fold(item.get_text(" ")) for item in box.select("li")]
        assert len(items) == len(DATA.steps), path.name
        for item, step in zip(items, DATA.steps, strict=True):
            assert item.startswith(step.lead), (path.name, item[:60])
            for piece in teaching.fragments(step.text[setting]):
                assert fold(piece) in item, (path.name, step.lead, piece)
        rules = items[[s.lead for s in DATA.steps].index("Ground rules.")]
        assert f"we talk about {options['story']}, not about ourselves" in rules, path.name


def test_shared_lines_render_from_the_data_inside_their_marked_span(book_html: Path) -> None:
    for path in [*LESSONS, *EXERCISES]:
        names = re.findall(r"\{teaching\}`([a-z-]+)`", path.read_text(encoding="utf-8"))
        assert names, f"{path.name} uses no shared line"
        page = html(book_html, path)
        for name in names:
            spans = page.select(f"span.supportbook-teaching-{name}")
            assert spans, (path.name, name)
            for piece in teaching.fragments(DATA.lines[name]):
                assert all(fold(piece) in fold(span.get_text(" ")) for span in spans), (path.name, name, piece)


def test_the_send_section_puts_the_lessons_own_steps_between_the_shared_ones(book_html: Path) -> None:
    for path in LESSONS:
        setting = box_options(path)["for"]
        part = DATA.send[setting]
        label = html(book_html, path).select_one(f"#{path.stem}-send")
        assert label is not None, path.name
        section = label.find_parent("section")
        items = section.select("ul > li")
        marked = [("supportbook-teaching" in (item.get("class") or [])) for item in items]
        own = len(items) - len(part.first) - len(part.last)
        assert own >= 1, path.name
        assert marked == [True] * len(part.first) + [False] * own + [True] * len(part.last), path.name
        assert fold(part.intro) in fold(section.get_text(" ")), path.name


def test_no_lesson_or_exercises_page_types_a_shared_line_by_hand() -> None:
    pieces = {fold(piece) for text in shared_texts() for piece in teaching.fragments(text, min_words=7)}
    assert len(pieces) > 20
    typed = []
    for path in [*LESSONS, *EXERCISES]:
        words = fold(path.read_text(encoding="utf-8"))
        typed += [f"{path.relative_to(ROOT)}: {piece!r}" for piece in sorted(pieces) if piece in words]
    assert not typed, "shared teaching text typed by hand; use the directive or {teaching} role:\n" + "\n".join(typed)


def test_no_built_lesson_or_exercises_page_shows_a_shared_line_outside_the_rendered_text(book_html: Path) -> None:
    pieces = {fold(piece) for text in shared_texts() for piece in teaching.fragments(text, min_words=7)}
    found = []
    for path in [*LESSONS, *EXERCISES]:
        article = html(book_html, path).select_one("article[role=main]")
        for node in article.select(".supportbook-teaching"):
            node.decompose()
        words = fold(article.get_text(" "))
        found += [f"{path.name}: {piece!r}" for piece in sorted(pieces) if piece in words]
    assert not found, "\n".join(found)


# ------------------------------------------------------------------------------------------ the teacher's kit


@pytest.fixture(scope="module")
def plans() -> list[plan.LessonPlan]:
    context = source.default_context(ROOT)
    return [plan.load(path, context) for path in plan.plan_paths(ROOT)]


def test_the_kit_reads_before_you_teach_and_the_welcome_from_the_same_data(plans: list[plan.LessonPlan]) -> None:
    assert len(plans) == len(LESSONS)
    for lesson in plans:
        setting = box_options(lesson.path)["for"]
        assert len(lesson.before_you_teach) == len(DATA.steps), lesson.id
        for item, step in zip(lesson.before_you_teach, DATA.steps, strict=True):
            assert item.startswith(step.lead), (lesson.id, item)
            for piece in teaching.fragments(step.text[setting]):
                assert fold(piece) in fold(item), (lesson.id, piece)
        assert "No details of self-harm" in lesson.ground_rules, lesson.id
        welcome = lesson.activities[0].steps
        for piece in teaching.fragments(DATA.lines["welcome"]):
            assert fold(piece) in fold(welcome), (lesson.id, piece)
        assert "ground rules (see ground rules)" not in welcome  # the {ref} became its words, once


def test_the_kit_reads_the_send_steps_and_the_younger_opening_with_its_citation(tmp_path: Path) -> None:
    context = source.default_context(ROOT)
    page = source.read(ROOT / "book" / "teachers" / "lesson-therapists.md", context)
    words = " ".join(
        source.plain(block.runs) for block in source.walk(page.blocks) if isinstance(block, source.Para)
    )
    assert fold(DATA.send["students"].intro) in words
    assert "Check key words first: therapist, counselor, confidential." in words
    assert "Offer roles in the role-play." in words
    assert "pshe2015preparing" in page.citations


def test_a_directive_missing_its_option_is_one_line_naming_the_page(tmp_path: Path) -> None:
    page = tmp_path / "lesson-x.md"
    page.write_text("# Lesson\n\n```{before-you-teach}\n:for: students\n```\n", encoding="utf-8")
    with pytest.raises(source.SourceError) as caught:
        source.read(page, source.default_context(ROOT))
    message = str(caught.value)
    assert str(page) in message and ":story:" in message and "\n" not in message


# ------------------------------------------------------------------------------------------ bad data


def test_a_broken_teaching_file_is_one_line_naming_the_file_and_the_key(tmp_path: Path) -> None:
    text = teaching.DATA_FILE.read_text(encoding="utf-8")
    broken = tmp_path / "teaching.yml"
    broken.write_text(text.replace("  check-in: >-\n", "  check-in: 12\n  unused: >-\n"), encoding="utf-8")
    with pytest.raises(teaching.TeachingError) as caught:
        teaching.load(broken)
    message = str(caught.value)
    assert message.startswith(f"{broken}: lines.check-in: expected text") and "\n" not in message
    placeholder = tmp_path / "placeholder.yml"
    placeholder.write_text(text.replace("we talk about {story}", "we talk about {stroy}"), encoding="utf-8")
    with pytest.raises(teaching.TeachingError, match=r"before_you_teach\.steps\[3\]\.text: unknown placeholder"):
        teaching.load(placeholder)


@pytest.fixture(scope="module")
def bad_teaching_build(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp("badteaching")
    book = make_book(tmp, {"example": chapter()})
    data = teaching.DATA_FILE.read_text(encoding="utf-8")
    kept = "  check-in: >-\n    Check in the same day with anyone who stepped out or seemed upset.\n"
    assert kept in data
    (tmp / "teaching.yml").write_text(data.replace(kept, '  check-in: ""\n'), encoding="utf-8")
    config = (tmp / "_config.yml").read_text(encoding="utf-8")
    (tmp / "_config.yml").write_text(
        config.replace("  config:\n", "  config:\n    supportbook_teaching: teaching.yml\n", 1), encoding="utf-8"
    )
    result = subprocess.run(  # what `make book` runs
        [sys.executable, "-m", "supportbook", "build", str(book)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert result.returncode == 1
    return result.stdout + result.stderr


def test_a_broken_teaching_file_fails_the_build_with_one_line_naming_the_file(bad_teaching_build: str) -> None:
    assert "teaching.yml: lines.check-in: the text is empty" in bad_teaching_build
    assert "Traceback" not in bad_teaching_build
