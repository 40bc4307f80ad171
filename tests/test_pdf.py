"""The book PDF (`make pdf`), read as a reader gets it: text, fonts, metadata, bookmarks, the safety box.

The PDF is built once per session with Jupyter Book's LaTeX route, strictly (set SUPPORTBOOK_PDF to an
already built PDF to reuse it). Without TeX these tests skip locally and fail in CI.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from editions_support import (
    catalog_and_outline,
    chapter_openings,
    count_colour,
    flat,
    fonts,
    info,
    pages,
    ppm_pixels,
    require_tex,
)

from supportbook import model
from supportbook.packs import editions, texlog, toolchain

ROOT = Path(__file__).resolve().parents[1]
SAFETY_TITLE = "If you need help now"
SAFETY_COLOUR = (0x1F, 0x6F, 0x5C)  # the safety box's frame and title bar (sphinxsetup in _config.yml)


@pytest.fixture(scope="session")
def book() -> model.Book:
    return model.read_book(ROOT)


@pytest.fixture(scope="session")
def book_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    prebuilt = os.environ.get("SUPPORTBOOK_PDF")
    if prebuilt:
        assert Path(prebuilt).exists(), f"SUPPORTBOOK_PDF={prebuilt} does not exist"
        return Path(prebuilt)
    require_tex()
    out = tmp_path_factory.mktemp("pdf")
    try:
        return editions.book_pdf(ROOT, out)
    except Exception as exc:  # the message names the log and the TeX error
        pytest.fail(f"the book PDF did not build:\n{exc}")


@pytest.fixture(scope="session")
def texts(book_pdf: Path) -> list[str]:
    return pages(book_pdf)


@pytest.fixture(scope="session")
def openings(texts: list[str]) -> list[tuple[int, str]]:
    return chapter_openings(texts)


def _segment(texts: list[str], openings: list[tuple[int, str]], heading: str) -> str:
    """The text from a chapter's opening page to the next chapter or appendix."""
    starts = [index for index, _ in openings]
    for number, (index, found) in enumerate(openings):
        if found == heading:
            end = starts[number + 1] if number + 1 < len(starts) else len(texts)
            return "\n".join(texts[index:end])
    raise AssertionError(f"no opening page for {heading!r}; openings: {[h for _, h in openings]}")


def test_every_chapter_has_a_numbered_opening_page_in_book_order(
    book: model.Book, openings: list[tuple[int, str]]
) -> None:
    found = [heading for _, heading in openings if heading.startswith("CHAPTER")]
    expected = [f"CHAPTER {chapter.title.upper()}" for chapter in book.chapters]
    assert [heading for heading in found if heading in expected] == expected


def test_the_contents_list_every_chapter_title(book: model.Book, texts: list[str]) -> None:
    contents = flat("\n".join(text for text in texts[:12] if "CONTENTS" in text or ". . ." in text))
    for chapter in book.chapters:
        assert chapter.title in contents, f"{chapter.title!r} is not in the table of contents"


def test_the_parts_are_there(book: model.Book, texts: list[str]) -> None:
    part_pages = [flat(text) for text in texts if text.strip().startswith("Part ")]
    for part in dict.fromkeys(chapter.part for chapter in book.chapters):
        assert any(part in page for page in part_pages), f"no part page for {part!r}"


def test_the_safety_box_opens_every_chapter_and_exercises_page(
    book: model.Book, texts: list[str], openings: list[tuple[int, str]]
) -> None:
    for chapter in book.chapters:
        segment = _segment(texts, openings, f"CHAPTER {chapter.title.upper()}")
        first_page = flat(texts[next(i for i, h in openings if h == f"CHAPTER {chapter.title.upper()}")])
        assert SAFETY_TITLE in first_page, f"{chapter.id}: the safety box is not on the chapter's first page"
        assert "United States: emergency 911" in first_page, f"{chapter.id}: the safety box lost its numbers"
        assert "call your emergency number" in flat(segment)
        assert flat(segment).count(SAFETY_TITLE) >= 2, f"{chapter.id}: its exercises page lacks the safety box"


def test_the_safety_box_is_printed_as_a_coloured_box(
    book_pdf: Path, book: model.Book, openings: list[tuple[int, str]]
) -> None:
    chapter = book.chapters[0]
    page = next(index for index, heading in openings if heading == f"CHAPTER {chapter.title.upper()}") + 1
    _, _, pixels = ppm_pixels(book_pdf, page)
    assert count_colour(pixels, SAFETY_COLOUR) > 150, "no safety-box frame and title bar on the chapter's first page"


def test_the_safety_resources_appendix_is_in_it_from_the_same_data(
    texts: list[str], openings: list[tuple[int, str]]
) -> None:
    headings = [heading for _, heading in openings]
    assert "APPENDIX SAFETY RESOURCES" in headings
    appendix = flat(_segment(texts, openings, "APPENDIX SAFETY RESOURCES"))
    for phrase in ("If someone is in immediate danger", "988 Suicide & Crisis Lifeline", "Samaritans", "Checked:"):
        assert phrase in appendix
    assert "APPENDIX REFERENCES" in headings, "the references are not an appendix"


def test_exercises_are_worksheets_each_exercise_on_a_new_page(
    book: model.Book, texts: list[str]
) -> None:
    chapter = book.chapters[0]
    source = (ROOT / f"{chapter.exercises}.md").read_text(encoding="utf-8")
    titles = [line.split("}", 1)[1].strip() for line in source.splitlines() if line.startswith("::::{exercise}")]
    assert len(titles) >= 4
    for title in titles[1:]:
        tops = [flat("\n".join(text.splitlines()[:4])) for text in texts]
        assert any(title in top for top in tops), f"exercise {title!r} does not start a new page"


def test_web_links_print_their_address(texts: list[str]) -> None:
    whole = "\n".join(texts)
    assert "https://doi.org/" in whole, "link URLs are not printed (latex_show_urls = footnote)"


def test_every_cross_reference_resolves_to_a_page(book_pdf: Path, texts: list[str]) -> None:
    """References print their page ("Safety resources (page 260)"); none may print "page ??"."""
    assert "??" not in "\n".join(texts)
    log = book_pdf.with_suffix(".log")
    if log.exists():
        assert "undefined on input line" not in log.read_text(encoding="utf-8", errors="replace")


def test_every_font_is_embedded(book_pdf: Path) -> None:
    rows = fonts(book_pdf)
    assert rows, "pdffonts lists no fonts"
    assert all(row["emb"] == "yes" for row in rows), [row["name"] for row in rows if row["emb"] != "yes"]


def test_title_author_and_language_are_in_the_metadata(book_pdf: Path) -> None:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    meta = info(book_pdf)
    assert meta.get("Title") == config["title"]
    assert meta.get("Author") == config["author"]
    blob, _ = catalog_and_outline(book_pdf)
    assert b"/Lang(en-US)" in blob.replace(b" ", b""), "no /Lang en-US in the PDF catalog"


def test_bookmarks_name_every_chapter_and_the_appendix(book_pdf: Path, book: model.Book) -> None:
    blob, titles = catalog_and_outline(book_pdf)
    assert b"/Outlines" in blob
    for chapter in book.chapters:
        assert any(chapter.title in title for title in titles), f"no bookmark for {chapter.title!r}"
    assert any("Safety resources" in title for title in titles)


def test_the_title_page_says_where_to_get_help(texts: list[str]) -> None:
    cover = flat(texts[0])
    assert "Circles of Support" in cover
    assert "Need help now?" in cover and "call your local emergency number" in cover


def test_no_glyph_was_dropped(book_pdf: Path) -> None:
    log = book_pdf.with_suffix(".log")
    if not log.exists():
        pytest.skip("no LaTeX log next to a prebuilt PDF")
    assert texlog.check(log) == []


def test_a_dropped_glyph_is_found_with_its_page(tmp_path: Path) -> None:
    """A real xelatex run with the book's font and an emoji on page 2: texlog names it and the page."""
    if toolchain.missing_tex():
        require_tex()
    (tmp_path / "g.tex").write_text(
        "\\documentclass{article}\\usepackage{fontspec}\n"
        "\\setmainfont{texgyrepagella}[Extension=.otf, UprightFont=*-regular]\n"
        "\\tracinglostchars=2\n\\begin{document}First page.\\newpage A smile \U0001f600 here.\\end{document}\n",
        encoding="utf-8",
    )
    subprocess.run(
        ["xelatex", "-interaction=nonstopmode", "g.tex"], cwd=tmp_path, capture_output=True, check=False, timeout=120
    )
    glyphs = texlog.check(tmp_path / "g.log")
    assert [(g.codepoint, g.page) for g in glyphs] == [("U+1F600", 2)]
    assert "U+1F600" in texlog.report(glyphs) and "page 2" in texlog.report(glyphs)


def test_the_landing_page_links_the_book_pdf_and_epub(book_html: Path) -> None:
    soup = BeautifulSoup((book_html / "book" / "intro.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = {a.get("href") for a in soup.find_all("a")}
    # intro.html is in book/, the editions are published at the site's root (supportbook.packs.editions)
    assert f"../{editions.PDF_NAME}" in hrefs
    assert f"../{editions.EPUB_NAME}" in hrefs


def test_make_pdf_without_tex_prints_the_install_command(tmp_path: Path) -> None:
    """The check `make pdf` runs first, with a PATH that has Python but no TeX."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(Path(os.path.realpath(sys.executable)))
    proc = subprocess.run(
        [str(bin_dir / "python3"), "-m", "supportbook", "toolchain", "tex"],
        cwd=ROOT,
        env={"PATH": str(bin_dir)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert toolchain.TEX_INSTALL in proc.stderr
    assert "apt-get install" in proc.stderr


def test_every_chapter_prints_the_one_triage_ladder_word_for_word(
    book: model.Book, texts: list[str], openings: list[tuple[int, str]]
) -> None:
    from supportbook import ladder

    steps = ladder.load().steps
    for chapter in book.chapters:
        raw = _segment(texts, openings, f"CHAPTER {chapter.title.upper()}")
        # A page break may fall inside the ladder: drop the running foot (section, page number) and head.
        raw = re.sub(r"\n\d+\.\d+\. [^\n]*\n\n\d+\n", "\n", raw)
        raw = re.sub(r"Circles of Support, Version [\d.]+\n", "", raw)
        # On paper a cross-reference adds the page it points to: "safety resources (page 312)".
        segment = re.sub(r" \(page \d+\)", "", flat(raw))
        for step in steps:
            assert f"{step.heading}." in segment, (chapter.id, step.id)
            for action in step.actions:
                assert flat(ladder.plain(action)) in segment, (chapter.id, action)


def test_the_assignment_table_prints_aligned_ragged_rows(book: model.Book, book_pdf: Path) -> None:
    """Issue 13, item 7: each chapter's row starts its title, reading time and first objective on one line
    (no list spacing pushing the bullets down), and no narrow justified column breaks a part's name."""
    layout = subprocess.run(["pdftotext", "-layout", str(book_pdf), "-"], capture_output=True, text=True, check=True)
    table_pages = [page for page in layout.stdout.split("\f") if "Objectives" in page and "Reading" in page]
    assert table_pages, "no assignment table in the PDF"
    rows = [line for page in table_pages for line in page.splitlines() if re.search(r"\b\d+ min\b", line)]
    assert len(rows) == len(book.chapters), rows
    for line in rows:
        assert "•" in line, f"the first objective does not start on its row's first line: {line.strip()!r}"
    text = "\n".join(table_pages)
    for part in {chapter.part for chapter in book.chapters}:
        for word in part.split():
            # A word of the part name split by a hyphen at a line end (not "understand-" holding "and").
            assert not re.search(rf"\b{re.escape(word[:4])}\S*-\n", text), f"{part!r} is broken across lines"
