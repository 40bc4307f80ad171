"""The teacher's kit files as a teacher gets them: slide decks and Word files, read back with python-pptx and
python-docx, made by the same commands `make slides` and `make docs` run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation

from supportbook import resources as resource_data
from supportbook.teachkit import documents, plan, slides, source
from supportbook.teachkit.safety import safety_text

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "supportbook", *args], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A stand-in site folder with the slides and Word files added by the commands `make` runs."""
    out = tmp_path_factory.mktemp("site")
    for command in ("slides", "docs"):
        result = _run(command, "--site", str(out))
        assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def plans() -> list[plan.LessonPlan]:
    context = source.default_context(ROOT)
    return [plan.load(path, context) for path in plan.plan_paths(ROOT)]


def _texts(slide: object) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_every_lesson_plan_is_read(plans: list[plan.LessonPlan]) -> None:
    assert len(plans) == len(list((ROOT / "book" / "teachers").glob("lesson-*.md"))) >= 10
    for lesson in plans:
        assert lesson.activities and 45 <= lesson.minutes <= 60, lesson.id
        assert lesson.ground_rules and lesson.exit_question and lesson.objectives, lesson.id


def test_every_plan_has_a_deck_whose_slides_and_notes_match_its_activities(
    site: Path, plans: list[plan.LessonPlan]
) -> None:
    for lesson in plans:
        deck = Presentation(str(site / slides.SLIDES_DIR / f"lesson-{lesson.id}.pptx"))
        shown = list(deck.slides)
        assert len(shown) == slides.FIXED_SLIDES + len(lesson.activities), lesson.id
        assert lesson.short_title in _texts(shown[0])
        assert "ground rules" in _texts(shown[1]).lower()
        for rule in lesson.ground_rules:
            assert rule in _texts(shown[1]), (lesson.id, rule)
        for slide, activity in zip(shown[3:-1], lesson.activities, strict=True):
            notes = slide.notes_slide.notes_text_frame.text
            assert f"{activity.number}. {activity.name}" in _texts(slide), (lesson.id, activity.name)
            assert activity.time in _texts(slide), (lesson.id, activity.name)
            assert notes.startswith(f"{activity.time}: {activity.name}"), (lesson.id, notes[:80])
            assert activity.notes in notes.split("\n")[0], (lesson.id, activity.name)
            assert activity.steps in notes, (lesson.id, activity.name)
        exit_slide = shown[-2]
        assert lesson.exit_question in _texts(exit_slide), lesson.id


def test_the_safety_slide_comes_first_and_last_with_each_countrys_numbers_from_the_data(
    site: Path, plans: list[plan.LessonPlan]
) -> None:
    resources = resource_data.load(resource_data.DATA_FILE)
    wanted = safety_text(resources)
    for lesson in plans:
        shown = list(Presentation(str(site / slides.SLIDES_DIR / f"lesson-{lesson.id}.pptx")).slides)
        for slide in (shown[2], shown[-1]):
            text = _texts(slide)
            assert wanted.title in text and wanted.lead in text
            for country in resources.countries:
                emergency = resources.emergency(country.code)
                line = resources.safety_line(country.code)
                for service in (emergency, line):
                    if service is not None and service.call:
                        assert service.call[0].number in text, (lesson.id, country.code)


def test_every_plan_and_worksheet_has_a_word_file_with_its_title_and_parts(
    site: Path, plans: list[plan.LessonPlan]
) -> None:
    for lesson in plans:
        document = Document(str(site / documents.DOCS_DIR / f"lesson-{lesson.id}.docx"))
        paragraphs = [p.text for p in document.paragraphs]
        assert paragraphs[0] == lesson.title
        cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
        for activity in lesson.activities:
            assert activity.name in cells, (lesson.id, activity.name)
        assert any(activity.steps[:40] in text for text in paragraphs for activity in lesson.activities)
    context = source.default_context(ROOT)
    for path in sorted((ROOT / "exercises").glob("ex-*.md")):
        page = source.read(path, context)
        document = Document(str(site / documents.DOCS_DIR / f"{path.stem}.docx"))
        text = [p.text for p in document.paragraphs]
        assert text[0] == page.title
        titles = [b.argument for b in page.blocks if isinstance(b, source.Directive) and b.name == "exercise"]
        assert titles and all(title in text for title in titles), path.name


def test_the_letter_to_families_opens_with_the_safety_box_and_its_references(site: Path) -> None:
    document = Document(str(site / documents.DOCS_DIR / documents.LETTER_NAME))
    text = [p.text for p in document.paragraphs]
    assert text[0] == "A letter to parents and carers"
    wanted = safety_text(resource_data.load(resource_data.DATA_FILE))
    assert all(line in text for line in wanted.lines)
    assert "References" in text and not any("{cite" in t or "{ref" in t for t in text)


def test_the_letter_passes_the_safe_messaging_linter() -> None:
    result = _run("lint", str(ROOT / documents.LETTER_SOURCE))
    assert result.returncode == 0, result.stdout + result.stderr


def test_editing_a_plan_changes_its_slides(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    for folder in ("book", "exercises"):
        shutil.copytree(ROOT / folder, root / folder)
    for name in ("_toc.yml", "_config.yml"):
        shutil.copy(ROOT / name, root / name)
    page = root / "book" / "teachers" / "lesson-hotlines.md"
    text = page.read_text(encoding="utf-8")
    assert "| 5 min | Find your line | From the safety resources page. |" in text
    page.write_text(text.replace("From the safety resources page.", "Use the class poster."), encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    result = _run("slides", "--site", str(site), "--root", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    deck = Presentation(str(site / "slides" / "lesson-hotlines.pptx"))
    notes = [s.notes_slide.notes_text_frame.text for s in deck.slides]
    assert any(n.startswith("5 min: Find your line. Use the class poster.") for n in notes)
    assert not any("From the safety resources page." in n for n in notes)


def test_a_plan_whose_table_and_activities_disagree_is_refused_in_one_line(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    for folder in ("book", "exercises"):
        shutil.copytree(ROOT / folder, root / folder)
    for name in ("_toc.yml", "_config.yml"):
        shutil.copy(ROOT / name, root / name)
    page = root / "book" / "teachers" / "lesson-hotlines.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("**5. Find your line.**", "**Find your line.**"), encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    result = _run("slides", "--site", str(site), "--root", str(root))
    assert result.returncode == 2
    assert len(result.stdout.strip().splitlines()) == 1, result.stdout
    assert "lesson-hotlines.md" in result.stdout and "Find your line" in result.stdout
    assert not (site / "slides").exists(), "nothing is published when one deck fails"


def test_a_missing_site_folder_is_one_line(tmp_path: Path) -> None:
    result = _run("docs", "--site", str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "make book" in result.stdout and len(result.stdout.splitlines()) == 1


def test_every_lesson_plan_page_links_its_slides_and_word_files(book_html: Path) -> None:
    from bs4 import BeautifulSoup

    from supportbook.sphinxext import kitlinks

    for path in plan.plan_paths(ROOT):
        page = book_html / "book" / "teachers" / f"{path.stem}.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = {a.get_text(strip=True): a["href"] for a in soup.select(f"a.{kitlinks.KIT_CLASS}")}
        for text, target in kitlinks.kit_files(path.stem):
            assert links.get(text) == f"../../{target}", (path.stem, text, links)
    guide = (book_html / "book" / "teachers" / "guide.html").read_text(encoding="utf-8")
    assert 'href="../../docs/letter-to-families.docx"' in guide
