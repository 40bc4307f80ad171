"""The EPUB edition (`make epub`): EPUBCheck-clean, with the safety box in every chapter and the appendix.

Built once per session, strictly. EPUBCheck needs Java: without it the check skips locally, fails in CI.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from editions_support import require_java

from supportbook import model
from supportbook.packs import editions, jb

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def book() -> model.Book:
    return model.read_book(ROOT)


@pytest.fixture(scope="session")
def epub_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    try:
        return editions.epub(ROOT, tmp_path_factory.mktemp("epub"))
    except jb.BuildError as exc:
        pytest.fail(f"the EPUB did not build:\n{exc}")


@pytest.fixture(scope="session")
def members(epub_file: Path) -> dict[str, str]:
    with zipfile.ZipFile(epub_file) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith((".xhtml", ".opf", ".ncx"))
        }


def test_epubcheck_finds_no_errors_and_no_warnings(epub_file: Path) -> None:
    require_java()
    check = editions.epubcheck(epub_file)
    assert check.clean, check.output


def test_every_chapter_and_exercises_page_opens_with_the_safety_box(
    book: model.Book, members: dict[str, str]
) -> None:
    for chapter in book.chapters:
        for docname in (chapter.docname, chapter.exercises):
            soup = BeautifulSoup(members[f"{docname}.xhtml"], "html.parser")
            box = soup.select_one(".supportbook-safety-box")
            assert box is not None, f"{docname}: no safety box"
            assert "If you need help now" in box.get_text() and "911" in box.get_text()


def test_the_safety_resources_appendix_is_in_the_reading_order(book: model.Book, members: dict[str, str]) -> None:
    opf = members["content.opf"]
    manifest = dict(re.findall(r'<item id="([^"]+)" href="([^"]+)"', opf))
    spine = [manifest[idref] for idref in re.findall(r'<itemref idref="([^"]+)"', opf)]
    order = [f"{page.docname}.xhtml" for page in book.pages]
    assert [name for name in spine if name in order] == order, "the reading order is not the book's"
    appendix = BeautifulSoup(members["book/back/safety-resources.xhtml"], "html.parser").get_text()
    assert "988 Suicide & Crisis Lifeline" in appendix and "Samaritans" in appendix


def test_no_page_carries_a_script(members: dict[str, str]) -> None:
    assert not [name for name, text in members.items() if "<script" in text]


def test_the_metadata_names_the_book_and_its_version(members: dict[str, str]) -> None:
    opf = members["content.opf"]
    assert "<dc:title>Circles of Support</dc:title>" in opf
    assert re.search(r'<meta property="ibooks:version">[^<]+</meta>', opf)


def test_every_chapter_carries_the_same_triage_ladder_as_the_web(book: model.Book, members: dict[str, str]) -> None:
    copies = set()
    for chapter in book.chapters:
        soup = BeautifulSoup(members[f"{chapter.docname}.xhtml"], "html.parser")
        box = soup.select_one(".supportbook-ladder")
        assert box is not None, f"{chapter.docname}: no triage ladder"
        copies.add(" ".join(box.get_text(" ").split()))
    assert len(copies) == 1
    assert "Right now — emergency." in copies.pop()


def test_kit_file_links_are_plain_text_naming_the_file_on_the_web_site(members: dict[str, str]) -> None:
    """A relative link to slides or a Word file leads nowhere in an e-book: it names the file instead."""
    plan = next(text for name, text in members.items() if name.endswith("lesson-hotlines.xhtml"))
    assert "Slides for this lesson (PowerPoint): slides/lesson-hotlines.pptx on the book's web site" in plan
    assert "The worksheet to edit (Word): docs/ex-hotlines.docx on the book's web site" in plan
    for name, text in members.items():
        assert not re.search(r'href="[^"]*\.(pptx|docx)"', text), name
