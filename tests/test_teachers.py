"""The teacher's kit as a teacher meets it in the built book: lesson plans, the assignment table,
the "For teachers" aside on every chapter, the teacher's guide and the glossary."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from supportbook import frontmatter
from supportbook.sphinxext import contract, lessons

ROOT = Path(__file__).resolve().parents[1]
GUIDE_PAGES = ("guide", "teaching-safely", "disclosure", "assigning", "lessons")
GUIDE_LABELS = {
    "guide": "teachers-guide",
    "teaching-safely": "teaching-safely",
    "disclosure": "disclosure",
    "assigning": "assigning",
    "lessons": "lesson-plans",
}
GLOSSARY_TERMS = (
    "self-harm", "self-injury", "safeguarding", "designated safeguarding lead", "CAMHS", "CBT", "DBT-A",
    "family therapy", "psychiatrist", "therapist", "school counselor", "safety plan", "support map",
    "crisis line", "text line", "short code", "keyword", "confidentiality", "anonymity", "Gillick competence",
    "peer support", "moderation", "contagion", "#chatsafe", "content note", "trigger warning", "GP",
    "pediatrician", "NICE",
)  # fmt: skip
_MINUTES = re.compile(r"Reading time:\s*about (\d+) minutes?")


def _toc_chapter_ids() -> list[str]:
    """The id of every chapter in _toc.yml, in book order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    ids = []
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            meta, _ = frontmatter.parse((ROOT / f"{chapter['file']}.md").read_text(encoding="utf-8"))
            if meta is not None and meta.kind in contract.CHAPTER_KINDS:
                ids.append(meta.id)
    return ids


IDS = _toc_chapter_ids()


def _soup(path: Path) -> BeautifulSoup:
    assert path.exists(), f"{path} was not built"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _follow(page: Path, href: str) -> tuple[Path, str]:
    """The file and fragment a relative link on `page` points to."""
    parts = urlsplit(href)
    target = (page.parent / parts.path).resolve() if parts.path else page
    return target, parts.fragment


@pytest.fixture(scope="module")
def manifest(book_html: Path) -> list[dict[str, Any]]:
    path = book_html / contract.MANIFEST
    assert path.exists(), f"the build wrote no {contract.MANIFEST}"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def assign_page(book_html: Path) -> Path:
    return book_html / "book" / "teachers" / "assigning.html"


def _chapter(manifest: list[dict[str, Any]], cid: str) -> dict[str, Any]:
    found = [chapter for chapter in manifest if chapter["id"] == cid]
    assert found, f"chapter '{cid}' is in _toc.yml but not in {contract.MANIFEST}"
    return found[0]


def _lesson_page(book_html: Path, manifest: list[dict[str, Any]], cid: str) -> tuple[Path, BeautifulSoup]:
    """The lesson plan, reached from the chapter's "For teachers" aside."""
    chapter = _chapter(manifest, cid)
    page = book_html / f"{chapter['docname']}.html"
    aside = _soup(page).select_one(".supportbook-for-teachers")
    assert aside is not None, f"{chapter['docname']}: no 'For teachers' aside"
    link = next((a for a in aside.find_all("a") if a.get_text(strip=True) == "Lesson plan"), None)
    assert link is not None, f"{chapter['docname']}: the 'For teachers' aside does not link a lesson plan"
    target, fragment = _follow(page, link["href"])
    assert fragment == f"lesson-{cid}"
    return target, _soup(target)


def _timing_minutes(soup: BeautifulSoup, cid: str) -> list[int]:
    section = soup.find(id=f"lesson-{cid}-timing")
    assert section is not None
    table = soup.select_one(f"table.{lessons.TIMING_CLASS}")
    assert table is not None, f"lesson-{cid}: no timing table"
    header = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    assert tuple(header) == lessons.TIMING_HEADER
    minutes = []
    for row in table.select("tbody tr"):
        value = lessons.parse_minutes(row.find("td").get_text(" ", strip=True))
        assert value is not None, row.get_text(" ", strip=True)
        minutes.append(value)
    return minutes


# --- lesson plans -------------------------------------------------------------------------------------


def test_manifest_lists_every_chapter_in_the_toc(manifest: list[dict[str, Any]]) -> None:
    assert [chapter["id"] for chapter in manifest] == IDS
    assert len(IDS) >= 9


@pytest.mark.parametrize("cid", IDS)
def test_every_chapter_has_a_lesson_plan_with_every_section(
    book_html: Path, manifest: list[dict[str, Any]], cid: str
) -> None:
    _, soup = _lesson_page(book_html, manifest, cid)
    for label in [f"lesson-{cid}", *(f"lesson-{cid}-{suffix}" for suffix in lessons.SECTIONS)]:
        assert soup.find(id=label) is not None, f"the lesson plan for '{cid}' has no '{label}'"
    assert soup.select_one(".supportbook-safety-box") is not None


@pytest.mark.parametrize("cid", IDS)
def test_timing_table_adds_up_to_a_45_to_60_minute_lesson(
    book_html: Path, manifest: list[dict[str, Any]], cid: str
) -> None:
    _, soup = _lesson_page(book_html, manifest, cid)
    minutes = _timing_minutes(soup, cid)
    low, high = lessons.LESSON_MINUTES
    assert low <= sum(minutes) <= high, f"lesson-{cid}: {minutes} adds up to {sum(minutes)}"
    total = soup.select_one(f".{lessons.TOTAL_CLASS}")
    assert total is not None and f"{sum(minutes)} minutes" in total.get_text(" ", strip=True)


@pytest.mark.parametrize("cid", IDS)
def test_lesson_plan_uses_the_exercises_and_keeps_everyone_safe(
    book_html: Path, manifest: list[dict[str, Any]], cid: str
) -> None:
    page, soup = _lesson_page(book_html, manifest, cid)
    label = soup.find(id=f"lesson-{cid}-activities")
    activities = label.find_parent("section") if label.name == "span" else label
    hrefs = [_follow(page, a["href"]) for a in activities.find_all("a", href=True)]
    assert any(target.name == f"ex-{cid}.html" for target, _ in hrefs), "activities must link the exercises"
    text = " ".join(soup.get_text(" ").split()).lower()
    for phrase in ("ground rules", "opt out", "signpost support at the start and the end", "one to one"):
        assert phrase in text, f"lesson-{cid} never mentions '{phrase}'"
    assert "never promise secrecy" in text
    assert any(target.name == "safety-resources.html" for target, _ in hrefs) or soup.select_one(
        'a[href*="safety-resources.html"]'
    ), "the plan must link the safety resources"


# --- the assignment table and the two clicks to a lesson --------------------------------------------------


def _rows(assign_page: Path) -> dict[str, Tag]:
    table = _soup(assign_page).select_one("table.supportbook-assignment-table")
    assert table is not None, "the assigning page has no assignment table"
    return {row["id"].removeprefix("assign-"): row for row in table.select("tbody tr[id]")}


def test_assignment_table_lists_every_chapter_in_book_order(assign_page: Path) -> None:
    assert list(_rows(assign_page)) == IDS


@pytest.mark.parametrize("cid", IDS)
def test_assignment_table_reading_time_and_link_match_the_chapter_page(
    book_html: Path, manifest: list[dict[str, Any]], assign_page: Path, cid: str
) -> None:
    chapter = _chapter(manifest, cid)
    cells = _rows(assign_page)[cid].find_all("td")
    assert cells[0].get_text(strip=True) == chapter["part"]
    table_minutes = int(cells[3].get_text(strip=True).split()[0])

    link = cells[1].find("a")
    assert link is not None, "the chapter title must link to the chapter"
    page, fragment = _follow(assign_page, link["href"])
    assert page == (book_html / f"{chapter['docname']}.html").resolve() and fragment == f"ch-{cid}"
    info = _soup(page).select_one(".supportbook-chapter-info")
    assert info is not None
    shown = _MINUTES.search(" ".join(info.get_text(" ").split()))
    assert shown, "the chapter page does not show 'Reading time: about N minutes'"
    assert int(shown.group(1)) == table_minutes == chapter["reading_minutes"]
    assert cells[5].get_text(strip=True) == chapter["stable_url"]  # the full address (test_links.py)
    assert [li.get_text(" ", strip=True) for li in cells[4].find_all("li")] == chapter["objectives"]


@pytest.mark.parametrize("cid", IDS)
def test_lesson_plan_and_exercises_are_two_clicks_from_the_assignment_table(
    book_html: Path, assign_page: Path, cid: str
) -> None:
    link = _rows(assign_page)[cid].find_all("td")[1].find("a")
    chapter_page, _ = _follow(assign_page, link["href"])  # click 1
    aside = _soup(chapter_page).select_one(".supportbook-for-teachers")
    assert aside is not None
    links = {a.get_text(strip=True): a["href"] for a in aside.find_all("a", href=True)}
    for text, label in (("Lesson plan", f"lesson-{cid}"), ("Reflection exercises", f"ex-{cid}")):
        assert text in links, f"the 'For teachers' aside of '{cid}' has no '{text}' link"
        target, fragment = _follow(chapter_page, links[text])  # click 2
        assert fragment == label and _soup(target).find(id=label) is not None


# --- the teacher's guide and the glossary ------------------------------------------------------------------


def test_for_teachers_part_sits_before_the_back_matter() -> None:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    captions = [part.get("caption") for part in toc["parts"]]
    assert captions.index("For teachers") == captions.index("Back matter") - 1
    teachers = toc["parts"][captions.index("For teachers")]["chapters"]
    files = [teachers[0]["file"], *(section["file"] for section in teachers[0]["sections"])]
    sections = ("guide", "teaching-safely", "disclosure", "assigning", "curriculum-map")
    assert files == [f"book/teachers/{name}" for name in sections]
    back = [chapter["file"] for chapter in toc["parts"][-1]["chapters"]]
    assert back.index("book/back/glossary") == back.index("book/back/references") - 1


@pytest.mark.parametrize("name", GUIDE_PAGES)
def test_guide_pages_have_their_label_and_the_safety_box_first(book_html: Path, name: str) -> None:
    soup = _soup(book_html / "book" / "teachers" / f"{name}.html")
    assert soup.find(id=GUIDE_LABELS[name]) is not None
    heading = soup.select_one("article h1")
    following = heading.find_next(lambda tag: tag.name in ("div", "p", "section", "table", "ul", "ol"))
    assert following is not None and "supportbook-safety-box" in following.get("class", [])


def test_teaching_safely_and_disclosure_cite_their_sources(book_html: Path) -> None:
    expected = {
        "teaching-safely": ("PSHE Association", "Knightsmith", "Hasking"),
        "disclosure": ("National Institute for Health and Care Excellence", "Mental Health First Aid", "Hasking"),
    }
    for name, authors in expected.items():
        soup = _soup(book_html / "book" / "teachers" / f"{name}.html")
        # A citation is a numbered superscript whose link names the source (its title attribute).
        cited = " ".join(link.get("title", "") for link in soup.select(".bibtex-citation a[title]"))
        text = soup.get_text(" ") + " " + cited
        for author in authors:
            assert author in text, f"{name}: no citation of {author}"


def test_glossary_defines_the_book_terms(book_html: Path) -> None:
    soup = _soup(book_html / "book" / "back" / "glossary.html")
    assert soup.find(id="glossary") is not None
    assert soup.select_one(".supportbook-safety-box") is not None
    terms = {" ".join(dt.get_text(" ", strip=True).replace("¶", "").split()) for dt in soup.select("dl.glossary dt")}
    missing = [term for term in GLOSSARY_TERMS if term not in terms]
    assert not missing, f"the glossary lacks {missing}"


@pytest.mark.parametrize("cid", IDS)
def test_chapter_links_terms_to_the_glossary(book_html: Path, manifest: list[dict[str, Any]], cid: str) -> None:
    page = book_html / f"{_chapter(manifest, cid)['docname']}.html"
    glossary = book_html / "book" / "back" / "glossary.html"
    ids = {tag["id"] for tag in _soup(glossary).find_all(id=True)}
    links = []
    for a in _soup(page).select("article a[href]"):
        target, fragment = _follow(page, a["href"])
        if target == glossary.resolve() and fragment.startswith("term-"):
            links.append(fragment)
    assert links, f"chapter '{cid}' links no term to the glossary"
    assert set(links) <= ids, f"broken glossary links: {set(links) - ids}"


def test_linter_passes_on_the_teachers_kit_and_the_back_matter() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "supportbook", "lint", "book/teachers", "book/back"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
