"""Short handouts (`make handouts`, `PAPER=a4`, `COUNTRY=UK`), read as a teacher gets them (issue 13, item 1).

Built once per session from the strict HTML build: every chapter's summary and worksheet and every
lesson plan on US Letter and on A4, and the summaries for one country. Without TeX these tests skip
locally and fail in CI.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from editions_support import flat, info, pages, require_tex

from supportbook import cards, ladder, model, resources
from supportbook.packs import project, summaries

ROOT = Path(__file__).resolve().parents[1]
COUNTRY = "UK"


@pytest.fixture(scope="session")
def book() -> model.Book:
    return model.read_book(ROOT)


def _build(book_html: Path, book: model.Book, out: Path, paper: str, country: str = "") -> dict[str, Path]:
    require_tex()
    try:
        made = summaries.build(book_html, book, book.chapters, out, paper=paper, country=country)
    except summaries.HandoutError as exc:
        pytest.fail(f"the short handouts did not build: {exc}")
    return {item.path.name: item.path for item in made}


@pytest.fixture(scope="session")
def letter(book_html: Path, book: model.Book, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _build(book_html, book, tmp_path_factory.mktemp("letter"), "letter")


@pytest.fixture(scope="session")
def a4(book_html: Path, book: model.Book, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _build(book_html, book, tmp_path_factory.mktemp("a4"), "a4")


@pytest.fixture(scope="session")
def country(book_html: Path, book: model.Book, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _build(book_html, book, tmp_path_factory.mktemp("uk"), "a4", COUNTRY)


def _size(pdf: Path) -> tuple[int, int]:
    match = re.match(r"([\d.]+) x ([\d.]+) pts", info(pdf)["Page size"])
    assert match, info(pdf)
    return round(float(match.group(1))), round(float(match.group(2)))


def _text(pdf: Path) -> str:
    return flat("\n".join(pages(pdf)))


def test_every_chapter_has_a_summary_a_worksheet_and_every_lesson_plan_a_pdf(
    book: model.Book, letter: dict[str, Path], a4: dict[str, Path]
) -> None:
    lessons = [lid for lid, _ in summaries.lesson_docnames(book)]
    expected = {f"{c.id}-summary.pdf" for c in book.chapters} | {f"{c.id}-worksheet.pdf" for c in book.chapters}
    expected |= {f"lesson-{lid}.pdf" for lid in lessons}
    assert len(lessons) == len(book.chapters)
    assert set(letter) == expected
    assert set(a4) == expected


def test_every_summary_is_one_or_two_pages(letter: dict[str, Path], a4: dict[str, Path]) -> None:
    for made in (letter, a4):
        for name, pdf in made.items():
            if name.endswith("-summary.pdf"):
                assert 1 <= int(info(pdf)["Pages"]) <= summaries.MAX_SUMMARY_PAGES, f"{pdf}: {info(pdf)['Pages']}"


def test_a4_pages_measure_595_by_842_and_letter_612_by_792(letter: dict[str, Path], a4: dict[str, Path]) -> None:
    for pdf in a4.values():
        assert _size(pdf) == (595, 842), pdf
    for pdf in letter.values():
        assert _size(pdf) == (612, 792), pdf


def test_a_summary_holds_the_key_points_the_words_to_say_and_the_ladder(
    book_html: Path, book: model.Book, letter: dict[str, Path]
) -> None:
    records = {entry["id"]: entry for entry in json.loads((book_html / "supportbook-chapters.json").read_text())}
    steps = ladder.load().steps
    for chapter in book.chapters:
        text = _text(letter[f"{chapter.id}-summary.pdf"])
        assert text.startswith(f"{chapter.title}: in short"), text[:80]
        assert "If you need help now" in text
        for point in records[chapter.id]["key_points"]:
            assert flat(point) in text, (chapter.id, point)
        for step in steps:
            assert f"{step.heading}." in text, (chapter.id, step.id)
        assert "Words to say" in text
    source = (ROOT / "book/professionals/therapists.md").read_text(encoding="utf-8")
    words = source.split("(ch-therapists-families-words)=", 1)[1].split("\n(ch-", 1)[0]
    quotes = re.findall(r'^- "(.+?)"', words, re.M)
    assert quotes
    therapists = _text(letter["therapists-summary.pdf"])
    for quote in quotes:
        assert flat(quote).split(".")[0] in therapists, quote


def test_a_countrys_summary_holds_its_services_and_not_the_others(book: model.Book, country: dict[str, Path]) -> None:
    data = resources.load()
    card = cards.card_text(data, ladder.load(), COUNTRY)
    assert set(country) == {f"{c.id}-summary.pdf" for c in book.chapters}, "a country's run makes summaries only"
    others = [c for c in data.countries if c.code not in (COUNTRY, "INTL")]
    for pdf in country.values():
        text = _text(pdf)
        assert _size(pdf) == (595, 842), "the UK's summaries are on its paper, A4"
        assert f"{data.country_name(COUNTRY)}: emergency {card.emergency}" in text
        for line in (*card.lines, *card.adults):
            assert flat(line) in text, line
        for other in others:
            line = data.safety_line(other.code)
            assert f"{other.name}:" not in text, f"{pdf.name} lists {other.name}"
            assert line is None or line.name not in text, f"{pdf.name} lists {line.name}"


def test_a_worksheet_holds_only_the_exercises_each_on_a_new_page(letter: dict[str, Path]) -> None:
    source = (ROOT / "exercises/ex-therapists.md").read_text(encoding="utf-8")
    titles = [line.split("}", 1)[1].strip() for line in source.splitlines() if line.startswith("::::{exercise}")]
    texts = pages(letter["therapists-worksheet.pdf"])
    assert flat(texts[0]).startswith("Reflection exercises: Licensed therapists")
    assert "At a glance" not in flat("\n".join(texts)), "the chapter's text is in the worksheet"
    for title in titles[1:]:
        assert any(flat(page).startswith(title) for page in texts), f"{title!r} does not start a page"


def test_a_lesson_plan_pdf_holds_the_plan_and_its_total(book: model.Book, letter: dict[str, Path]) -> None:
    for lesson_id, docname in summaries.lesson_docnames(book):
        source = (ROOT / f"{docname}.md").read_text(encoding="utf-8")
        title = re.search(r"^# (.+)$", source, re.M).group(1)
        text = _text(letter[f"lesson-{lesson_id}.pdf"])
        assert text.startswith(title), (lesson_id, text[:80])
        assert "Total:" in text and "Exit question" in text, lesson_id


def test_an_unknown_country_or_paper_is_one_line_and_exit_2(tmp_path: Path) -> None:
    for option in (["--country", "XX"], ["--paper", "a5"]):
        proc = subprocess.run(
            [sys.executable, "-m", "supportbook", "handouts", "--site", str(tmp_path), *option],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert proc.returncode == 2, proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
        assert "unknown" in proc.stderr
    assert not list(tmp_path.iterdir())


def test_an_a4_pack_sets_the_paper_and_the_geometry() -> None:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    book = model.read_book(ROOT)
    kwargs = {"title": "T", "subtitle": "S", "chapters": book.chapters[:1], "book_root": ROOT, "latex_title": "T"}
    letter = project.pack_config(config, **kwargs)["sphinx"]["config"]["latex_elements"]
    a4 = project.pack_config(config, paper="a4", **kwargs)["sphinx"]["config"]["latex_elements"]
    assert "letterpaper" in letter["geometry"] and "a4paper" not in letter["geometry"]
    assert a4["papersize"] == "a4paper" and "a4paper" in a4["geometry"] and "letterpaper" not in a4["geometry"]


def test_the_assigning_page_links_every_short_handout_where_make_handouts_puts_it(
    book_html: Path, book: model.Book, letter: dict[str, Path], a4: dict[str, Path], country: dict[str, Path]
) -> None:
    from bs4 import BeautifulSoup

    page = book_html / "book" / "teachers" / "assigning.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in soup.select(".sb-handout-table a")]
    site_handouts = (book_html / "handouts").resolve()
    found: dict[str, set[str]] = {}
    for href in hrefs:
        target = (page.parent / href).resolve().relative_to(site_handouts)
        found.setdefault(target.parent.as_posix(), set()).add(target.name)
    assert found["."] == set(letter)
    assert found["a4"] == set(a4)
    assert found[f"a4/{COUNTRY.lower()}"] == set(country)
    codes = {c.code.lower() for c in resources.load().countries if c.paper}
    assert {folder.rsplit("/", 1)[-1] for folder in found if folder not in (".", "a4")} == codes


@pytest.fixture(scope="session")
def country_handout(book: model.Book, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full handout of one chapter for one country (`make handouts COUNTRY=UK`), on its paper."""
    require_tex()
    from supportbook.packs import jb, pack

    chapter = next(c for c in book.chapters if c.id == "family")
    out = tmp_path_factory.mktemp("uk-full") / "family.pdf"
    try:
        return pack.build_handout(book, chapter, out, paper="a4", country=COUNTRY).path
    except jb.BuildError as exc:
        pytest.fail(f"the UK handout did not build: {exc}")


def test_a_countrys_full_handout_has_its_safety_page_only(country_handout: Path) -> None:
    data = resources.load()
    texts = pages(country_handout)
    appendix = flat("\n".join(texts[next(i for i, t in enumerate(texts) if t.lstrip().startswith("APPENDIX")) :]))
    assert _size(country_handout) == (595, 842)
    assert re.search(rf"A\.\d+ {data.country_name(COUNTRY)}", appendix), appendix[:400]
    for other in data.countries:
        if other.code in (COUNTRY, "INTL"):
            continue
        assert f"{other.name}: call" not in appendix, f"{other.name}'s emergency number is in the UK's appendix"
        assert not re.search(rf"A\.\d+ {other.name}\b", appendix), f"{other.name} has a section"
        for service in data.services:
            if service.country == other.code and not service.is_emergency:
                assert f"Run by: {service.operator}." not in appendix, f"{service.name} ({other.name}) is listed"
    assert "??" not in flat("\n".join(texts)), "a reference to another country's service lost its target"
