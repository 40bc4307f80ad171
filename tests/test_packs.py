"""Chapter handouts and course packs (`make handouts`, `python -m supportbook pack`), read as a reader does.

Built once per session: two handouts (not all nine) and one two-chapter pack through the real command
line, plus a small HTML pack. Without TeX the PDF tests skip locally and fail in CI.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from editions_support import chapter_openings, flat, pages, require_tex

from supportbook import model
from supportbook.packs import editions, jb, pack

ROOT = Path(__file__).resolve().parents[1]
HANDOUT_IDS = ("therapists", "together")
PACK_IDS = ("together", "family")  # given out of book order on purpose
PACK_TITLE = "Week 3: families & the circle"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "supportbook", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="session")
def book() -> model.Book:
    return model.read_book(ROOT)


@pytest.fixture(scope="session")
def handout_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    require_tex()
    out = tmp_path_factory.mktemp("handouts")
    try:
        results = editions.handouts(ROOT, out / "handouts", HANDOUT_IDS, logs=out / "logs")
    except jb.BuildError as exc:
        pytest.fail(f"the handouts did not build:\n{exc}")
    return {result.chapters[0].id: result.path for result in results}


@pytest.fixture(scope="session")
def pack_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_tex()
    output = tmp_path_factory.mktemp("pack") / "week3.pdf"
    proc = cli("pack", "--chapters", ",".join(PACK_IDS), "--title", PACK_TITLE, "--output", str(output))
    assert proc.returncode == 0, f"pack failed:\n{proc.stdout}\n{proc.stderr}"
    return output


@pytest.fixture(scope="session")
def pack_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("site") / "friends-pack"
    proc = cli("pack", "--chapters", "friends", "--format", "html", "--output", str(output))
    assert proc.returncode == 0, f"html pack failed:\n{proc.stdout}\n{proc.stderr}"
    return output


def _chapter_headings(pdf: Path) -> list[str]:
    return [heading for _, heading in chapter_openings(pages(pdf))]


def test_a_handout_holds_its_chapter_its_exercises_and_the_safety_resources_only(
    book: model.Book, handout_pdfs: dict[str, Path]
) -> None:
    chapters = {chapter.id: chapter for chapter in book.chapters}
    for cid, pdf in handout_pdfs.items():
        chapter = chapters[cid]
        headings = _chapter_headings(pdf)
        assert headings[0] == f"CHAPTER {chapter.title.upper()}", headings
        assert [h for h in headings if h.startswith("CHAPTER")] == [headings[0]], f"{cid}: other chapters: {headings}"
        assert "APPENDIX SAFETY RESOURCES" in headings
        text = flat("\n".join(pages(pdf)))
        assert f"Reflection exercises: {chapter.title}" in text
        assert "If you need help now" in text and "988 Suicide & Crisis Lifeline" in text
        others = [c.title for c in book.chapters if c.id != cid]
        contents = flat("\n".join(page for page in pages(pdf)[:4] if ". . ." in page))
        assert not [title for title in others if title in contents], f"{cid}: the contents list other chapters"


def test_a_handout_is_titled_with_its_chapter(book: model.Book, handout_pdfs: dict[str, Path]) -> None:
    for cid, pdf in handout_pdfs.items():
        title = next(chapter.title for chapter in book.chapters if chapter.id == cid)
        cover = flat(pages(pdf)[0])
        assert cover.startswith(title) and "A chapter handout from Circles of Support" in cover


def test_a_pack_holds_exactly_the_chosen_chapters_in_book_order_and_the_appendix(
    book: model.Book, pack_pdf: Path
) -> None:
    expected = [f"CHAPTER {c.title.upper()}" for c in book.chapters if c.id in PACK_IDS]
    headings = _chapter_headings(pack_pdf)
    assert [h for h in headings if h.startswith("CHAPTER")] == expected
    assert headings[-2:] == ["APPENDIX SAFETY RESOURCES", "APPENDIX REFERENCES"]
    text = flat("\n".join(pages(pack_pdf)))
    for chapter in book.chapters:
        if chapter.id in PACK_IDS:
            assert f"Reflection exercises: {chapter.title}" in text


def test_a_pack_cover_has_the_title_and_the_chapter_list(book: model.Book, pack_pdf: Path) -> None:
    cover = flat(pages(pack_pdf)[0])
    assert cover.startswith(PACK_TITLE)
    titles = [c.title for c in book.chapters if c.id in PACK_IDS]
    positions = [cover.index(title) for title in titles]
    assert positions == sorted(positions), "the cover lists the chapters out of book order"
    assert "Need help now?" in cover


def test_references_to_chapters_outside_the_pack_read_as_their_titles(pack_pdf: Path) -> None:
    text = flat("\n".join(pages(pack_pdf)))
    assert not re.findall(r"(?<![A-Za-z])(?:ch|ex|lesson)-[a-z]", text), "a bare label was printed"
    assert "??" not in text


def test_an_unknown_chapter_id_fails_with_the_valid_ids_and_leaves_no_file(book: model.Book, tmp_path: Path) -> None:
    output = tmp_path / "pack.pdf"
    proc = cli("pack", "--chapters", "family,no-such-chapter", "--output", str(output))
    assert proc.returncode == 2
    assert "no-such-chapter" in proc.stderr
    for chapter in book.chapters:
        assert chapter.id in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_list_prints_every_chapter_id_and_title_without_building(book: model.Book) -> None:
    proc = cli("pack", "--list")
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [c.id for c in book.chapters]
    for line, chapter in zip(lines, book.chapters, strict=True):
        assert line.endswith(chapter.title)


def test_a_failed_build_leaves_nothing_at_the_output(
    book: model.Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(project: Path, target: str, log: Path, **kwargs: object) -> Path:
        (project / "_build").mkdir(exist_ok=True)
        (project / "_build" / "half.pdf").write_bytes(b"%PDF-1.5 half")
        raise jb.BuildError("LaTeX stopped")

    monkeypatch.setattr(jb, "pdf", broken)
    output = tmp_path / "out" / "pack.pdf"
    with pytest.raises(jb.BuildError):
        pack.build(book, book.chapters[:1], output)
    assert not output.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_an_html_pack_will_not_replace_a_folder_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    proc = cli("pack", "--chapters", "family", "--format", "html", "--output", str(tmp_path))
    assert proc.returncode == 2 and "not a pack" in proc.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_an_html_pack_has_a_cover_the_chapter_its_exercises_and_the_appendix(
    book: model.Book, pack_site: Path
) -> None:
    chapter = next(c for c in book.chapters if c.id == "friends")
    for docname in (chapter.docname, chapter.exercises, *book.back_matter):
        assert (pack_site / f"{docname}.html").exists(), docname
    others = [c for c in book.chapters if c.id != "friends"]
    assert not [c.docname for c in others if (pack_site / f"{c.docname}.html").exists()]
    cover = BeautifulSoup((pack_site / "cover.html").read_text(encoding="utf-8"), "html.parser")
    assert cover.select(".supportbook-safety-box")
    assert chapter.title in cover.get_text()


def test_every_chapter_page_links_its_handout(book: model.Book, book_html: Path) -> None:
    for chapter in book.chapters:
        page = book_html / f"{chapter.docname}.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = [a for a in soup.find_all("a") if a.get_text(strip=True) == "Download this chapter as PDF"]
        assert len(links) == 1, f"{chapter.id}: {len(links)} handout links"
        target = (page.parent / links[0]["href"]).resolve()
        assert target == (book_html / editions.HANDOUTS / f"{chapter.id}.pdf").resolve()


def test_every_reference_in_the_book_has_a_title_for_packs() -> None:
    """A pack prints a reference to a page it lacks as that page's title: every label must have one."""
    titles = model.read_book(ROOT).labels()
    missing = []
    for path in [*ROOT.glob("book/**/*.md"), *ROOT.glob("exercises/*.md")]:
        if "_templates" in path.parts:
            continue
        for target in re.findall(r"\{ref\}`([^`<]+)`", path.read_text(encoding="utf-8")):
            if target.strip() not in titles:
                missing.append(f"{path.relative_to(ROOT)}: {target}")
    assert not missing, missing
