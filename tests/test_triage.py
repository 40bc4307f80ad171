"""The first night: one triage ladder said the same way everywhere, the start page, lines for worried adults,
and the country cards. Read as a reader gets them (built HTML, card PDFs), plus the bad input that must stop
the build.
"""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from editions_support import flat, info, pages, require_tex
from test_contract import build, chapter, make_book

from supportbook import cards, ladder, resources

ROOT = Path(__file__).resolve().parents[1]
LADDER = ladder.load()
DATA = resources.load()


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def words(element: object) -> str:
    return " ".join(element.get_text(" ").split())  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def html_pages(book_html: Path) -> dict[str, BeautifulSoup]:
    return {
        str(path.relative_to(book_html)): soup(path)
        for path in sorted(book_html.rglob("*.html"))
        if not path.name.startswith(("genindex", "search")) and path != book_html / "index.html"  # a redirect
    }


@pytest.fixture(scope="module")
def chapter_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    found = []
    for part in toc["parts"]:
        for entry in part["chapters"]:
            text = (ROOT / f"{entry['file']}.md").read_text(encoding="utf-8")
            if re.search(r"^  kind: (chapter|closing)$", text, re.M):
                found.append(f"{entry['file']}.html")
    return found


# ------------------------------------------------------------------------------------------ the ladder


def test_every_page_that_shows_the_ladder_shows_the_same_words(html_pages: dict[str, BeautifulSoup]) -> None:
    copies = {name: [words(box) for box in page.select("div.supportbook-ladder")] for name, page in html_pages.items()}
    shown = {name: boxes for name, boxes in copies.items() if boxes}
    texts = {text for boxes in shown.values() for text in boxes}
    assert len(texts) == 1, f"the ladder differs between pages: {sorted(shown)}"
    for step in LADDER.steps:
        assert f"{step.heading}." in next(iter(texts))
    assert len(shown) >= 13, sorted(shown)


def test_the_start_page_chapters_appendix_and_disclosure_page_carry_the_ladder(
    html_pages: dict[str, BeautifulSoup], chapter_files: list[str]
) -> None:
    expected = [*chapter_files, "book/start.html", "book/back/safety-resources.html", "book/teachers/disclosure.html"]
    for name in expected:
        assert html_pages[name].select("div.supportbook-ladder"), f"{name} has no triage ladder"
    assert len(chapter_files) == 10, chapter_files  # nine first-edition chapters and emergency care


def test_no_page_types_a_ladder_step_outside_the_directive(html_pages: dict[str, BeautifulSoup]) -> None:
    headings = [step.heading.lower() for step in LADDER.steps]
    for name, page in html_pages.items():
        main = copy.copy(page.select_one("article") or page)  # the module's pages stay whole
        for box in main.select("div.supportbook-ladder"):
            box.decompose()
        text = words(main).lower().replace(" - ", " — ").replace(" – ", " — ")
        typed = [heading for heading in headings if heading in text]
        assert not typed, f"{name} types {typed} by hand"


def test_each_chapter_answers_when_to_seek_more_help_with_the_ladder(
    html_pages: dict[str, BeautifulSoup], chapter_files: list[str]
) -> None:
    for name in chapter_files:
        page = html_pages[name]
        label = page.find(id=re.compile(r"^ch-[a-z]+-more-help$"))
        assert label is not None, name
        section = label.find_parent("section")
        assert section.select_one("div.supportbook-ladder"), f"{name}: 'When to seek more help' has no ladder"


def test_the_overdose_rule_and_the_school_split_are_in_the_ladder(html_pages: dict[str, BeautifulSoup]) -> None:
    box = words(html_pages["book/start.html"].select_one("div.supportbook-ladder"))
    assert "even if they seem well" in box and "harm can be delayed" in box
    assert "School staff: Tell your designated safeguarding lead at once" in box
    assert "Parents and carers: You may choose to tell the school" in box


# ------------------------------------------------------------------------------------------ start page


def test_the_start_page_is_the_first_entry_after_the_landing_page() -> None:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    assert toc["root"] == "book/intro"
    assert toc["parts"][0]["chapters"][0]["file"] == "book/start"


def test_the_landing_page_links_to_the_start_page_before_the_safety_box(html_pages: dict[str, BeautifulSoup]) -> None:
    article = html_pages["book/intro.html"].select_one("article")
    link = article.select_one("div.supportbook-start-callout a[href]")
    assert link is not None and link["href"].endswith("start.html#start")
    box = article.select_one("div.supportbook-safety-box")
    assert link.sourceline < box.sourceline


def test_every_page_links_to_the_start_page_from_the_safety_bar(html_pages: dict[str, BeautifulSoup]) -> None:
    for name, page in html_pages.items():
        link = page.select_one(".sb-safety-bar a.sb-start-link")
        assert link is not None, name
        target = "#" if name == "book/start.html" else r"(\.\./)*(book/)?start\.html"
        assert re.fullmatch(target, link["href"]), (name, link["href"])


def test_the_start_page_opens_with_what_to_do_now_and_stays_short(html_pages: dict[str, BeautifulSoup]) -> None:
    article = copy.copy(html_pages["book/start.html"].select_one("article"))
    first = article.select_one("section > section")
    assert first is not None and first.get("id") == "what-to-do-now", "'What to do now' must come first"
    assert first.find(id="start-now") is not None
    headings = [words(h).rstrip("#¶ ") for h in article.select("h2")]
    for wanted in ("What to do now", "What to say", "How urgent is it?", "Caring for an injury",
                   "Making home safer tonight", "Tomorrow", "Help for you", "A card to keep"):
        assert any(h.startswith(wanted) for h in headings), (wanted, headings)
    assert headings[0] == "What to do now"
    generated_from_data = (
        "div.supportbook-ladder, div.supportbook-safety-box, .supportbook-adult-list, .supportbook-words"
    )
    for generated in article.select(generated_from_data):
        generated.decompose()
    assert len(words(article).split()) <= 750


def test_the_start_page_names_guns_and_medicines_for_a_safer_home(html_pages: dict[str, BeautifulSoup]) -> None:
    section = html_pages["book/start.html"].find(id="start-home").find_parent("section")
    text = words(section)
    assert "Lock away all medicines" in text
    assert "outside the home" in text and "locked and unloaded" in text and "ammunition locked up" in text


# --------------------------------------------------------------------------------- lines for the adults


def test_the_adults_lines_show_on_the_start_page_and_near_the_top_of_each_country(
    html_pages: dict[str, BeautifulSoup],
) -> None:
    start = words(html_pages["book/start.html"].select_one(".supportbook-adult-list"))
    for sid in ("uk-nspcc-helpline", "us-nami-helpline", "uk-ni-lifeline", "ca-988"):
        assert DATA.get(sid).name in start, sid
    appendix = html_pages["book/back/safety-resources.html"]
    for code in ("US", "CA", "UK", "AU", "NZ"):
        section = appendix.find(id=f"resources-{code.lower()}")
        adults = section.select_one(".supportbook-adult-lines")
        assert adults is not None, code
        first_service = section.select_one("section.supportbook-service")
        assert adults.sourceline < first_service.sourceline, f"{code}: the adults' line is not near the top"


def test_a_child_protection_line_says_it_may_share_information(html_pages: dict[str, BeautifulSoup]) -> None:
    entry = html_pages["book/back/safety-resources.html"].find(id="service-uk-nspcc-helpline")
    text = words(entry).replace("\u2019", "'")
    assert "child-protection line" in text and "children's services or the police" in text


# ------------------------------------------------------------------------------------------ bad input


@pytest.fixture(scope="module")
def bad_ladder_build(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp("badladder")
    book = make_book(tmp, {"example": chapter()})
    data = (ROOT / "supportbook" / "data" / "ladder.yml").read_text(encoding="utf-8")
    kept = "      - Keep in touch with the people who are helping, and tell them quickly when things change."
    assert kept in data
    broken = data.replace(kept, '      - ""')
    (tmp / "ladder.yml").write_text(broken, encoding="utf-8")
    config = (tmp / "_config.yml").read_text(encoding="utf-8")
    (tmp / "_config.yml").write_text(
        config.replace("  config:\n", "  config:\n    supportbook_ladder: ladder.yml\n", 1), encoding="utf-8"
    )
    result = subprocess.run(  # what `make book` runs
        [sys.executable, "-m", "supportbook", "build", str(book)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert result.returncode == 1
    return result.stdout + result.stderr


def test_a_ladder_step_with_no_text_stops_the_build_naming_the_file_and_step(bad_ladder_build: str) -> None:
    assert "ladder.yml: 1 problem in the triage ladder" in bad_ladder_build
    assert "step 'ongoing'.actions[1]: the text is empty" in bad_ladder_build
    assert "Traceback" not in bad_ladder_build
    assert "book: the build failed; the messages above name each file and what to fix" in bad_ladder_build


@pytest.fixture(scope="module")
def typed_build(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp("typed")
    typed = chapter().replace(
        "```{triage-ladder}\n```\n",
        "1. **Right now — emergency:** call the emergency number.\n2. **Today — urgent:** call the doctor.\n",
    ).replace("example", "typed")
    start = (ROOT / "book" / "start.md").read_text(encoding="utf-8")
    start = re.sub(r"\(start-tomorrow\)=\n## Tomorrow\n.*?(?=\(start-you\)=)", "", start, flags=re.S)
    start = re.sub(r"\{ref\}`[^`]*`", "the chapter", start)
    result = build(make_book(tmp, {"typed": typed, "start": start}))
    assert result.returncode != 0
    return result.stdout + result.stderr


def test_a_hand_typed_ladder_stops_the_build(typed_build: str) -> None:
    assert re.search(r"typed\.md:\d+: WARNING: a triage-ladder step \('right now — emergency'\) is typed by hand",
                     typed_build)
    assert re.search(r"typed\.md.*chapter contract: missing the '\{triage-ladder\}' directive", typed_build)


def test_a_start_page_missing_a_section_stops_the_build(typed_build: str) -> None:
    assert re.search(r"start\.md.*start page: missing 'Tomorrow', labelled '\(start-tomorrow\)='", typed_build)


def test_a_card_for_a_country_without_an_emergency_entry_says_what_to_fix(tmp_path: Path) -> None:
    text = resources.DATA_FILE.read_text(encoding="utf-8")
    start = text.index("  - id: nz-emergency\n")
    end = text.index("\n\n", start) + 2
    broken = tmp_path / "resources.yml"
    broken.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises((cards.CardError, resources.ResourceError)) as caught:
        cards.build(tmp_path, broken, ladder.DATA_FILE, ["NZ"])
    assert str(broken) in str(caught.value) and "emergency" in str(caught.value)


def test_the_cards_command_fails_in_one_line_for_an_unknown_country(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "supportbook", "cards", "--site", str(tmp_path), "--countries", "XX"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert result.returncode == 2
    assert result.stdout.startswith("cards: ") and "no card for 'XX'" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


# ------------------------------------------------------------------------------------------ the cards


@pytest.fixture(scope="module")
def card_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    require_tex()
    site = tmp_path_factory.mktemp("site")
    written = cards.build(site, resources.DATA_FILE, ladder.DATA_FILE)
    return {path.stem.upper(): path for path in written}


def test_there_is_one_card_per_country_on_its_own_paper(card_pdfs: dict[str, Path]) -> None:
    assert sorted(card_pdfs) == sorted(c.code for c in DATA.countries if c.paper)
    for code, pdf in card_pdfs.items():
        facts = info(pdf)
        assert facts["Pages"] == "1", (code, facts["Pages"])
        size = "595.28 x 841.89" if next(c for c in DATA.countries if c.code == code).paper == "a4" else "612 x 792"
        assert facts["Page size"].startswith(size), (code, facts["Page size"])


def test_each_card_has_the_ladder_the_numbers_the_adults_line_and_three_things_to_say(
    card_pdfs: dict[str, Path],
) -> None:
    for code, pdf in card_pdfs.items():
        text = flat(pages(pdf)[0])
        card = cards.card_text(DATA, LADDER, code)
        assert f"call {card.emergency}" in text, code
        for line in card.lines + card.adults:
            assert flat(line) in text, (code, line)
        for step in LADDER.steps:
            assert f"{step.heading}." in text, (code, step.id)
            for action in step.actions:
                assert flat(ladder.plain(action)) in text, (code, action)
        for said in LADDER.words[:3]:
            assert flat(said) in text, (code, said)
        assert "For you, the adult" in text
