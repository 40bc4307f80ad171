"""The safety spine in the built book: the safety box on every chapter and exercise page, the appendix,
and the facts that must be right."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from supportbook import model, resources

BOX_KINDS = ("chapter", "closing", "exercises")
APPENDIX = Path("book/back/safety-resources.html")


def box_pages(root: Path) -> list[str]:
    """Docnames of every chapter and exercises page in the table of contents (from the book model)."""
    return [page.docname for page in model.read_book(root).pages if page.kind in BOX_KINDS]


def soup_of(book_html: Path, relative: str | Path) -> BeautifulSoup:
    return BeautifulSoup((book_html / relative).read_text(encoding="utf-8"), "html.parser")


def article(soup: BeautifulSoup) -> Tag:
    found = soup.find("article") or soup.body
    assert isinstance(found, Tag)
    return found


def normalised(box: Tag, page: str) -> str:
    """The box's HTML with every relative link resolved from its page, so copies compare equal."""
    base = posixpath.dirname(page)

    def site_path(match: re.Match[str]) -> str:
        href = match.group(1)
        if re.match(r"^[a-z][a-z0-9+.-]*:", href) or href.startswith(("#", "/")):
            return match.group(0)
        return f'href="/{posixpath.normpath(posixpath.join(base, href))}"'

    html = re.sub(r'href="([^"]*)"', site_path, str(box))
    return re.sub(r"\s+", " ", html).strip()


def text_of(node: Tag) -> str:
    return " ".join(node.get_text(" ").split())


def labelled(soup: BeautifulSoup, label: str) -> Tag:
    """The element a label names: MyST puts `(label)=` on an empty span at the top of the section."""
    node = soup.find(id=label)
    assert node is not None, label
    if node.name == "span" and not node.get_text(strip=True):
        node = node.find_parent("section")
    return node


@pytest.fixture(scope="module")
def pages(root: Path) -> list[str]:
    found = box_pages(root)
    assert len(found) >= 2, "expected chapters and exercises pages in _toc.yml"
    return found


@pytest.fixture(scope="module")
def appendix(book_html: Path) -> BeautifulSoup:
    return soup_of(book_html, APPENDIX)


@pytest.fixture(scope="module")
def data() -> resources.Resources:
    return resources.load()


# --------------------------------------------------------------------------------------- safety box


def test_every_chapter_and_exercise_page_has_one_box_first_after_the_title(book_html: Path, pages: list[str]) -> None:
    for docname in pages:
        page = book_html / f"{docname}.html"
        assert page.exists(), f"{docname} is in _toc.yml but was not built"
        body = article(soup_of(book_html, page.relative_to(book_html)))
        boxes = body.select(".supportbook-safety-box")
        assert len(boxes) == 1, f"{docname}: {len(boxes)} safety boxes"
        title = body.find("h1")
        assert title is not None, docname
        following = title.find_next_sibling()
        assert following is boxes[0], f"{docname}: the safety box is not the first thing after the title"


def test_every_copy_of_the_box_is_identical(book_html: Path, pages: list[str]) -> None:
    copies = {}
    for docname in pages:
        box = article(soup_of(book_html, f"{docname}.html")).select_one(".supportbook-safety-box")
        copies[docname] = normalised(box, f"{docname}.html")
    distinct = set(copies.values())
    assert len(distinct) == 1, f"{len(distinct)} different safety boxes: {sorted(copies)}"


def test_the_box_is_calm_open_and_complete(book_html: Path, pages: list[str], data: resources.Resources) -> None:
    box = article(soup_of(book_html, f"{pages[0]}.html")).select_one(".supportbook-safety-box")
    assert box.name == "div" and "admonition" in box["class"]
    assert box.find("details") is None and "dropdown" not in " ".join(box["class"])  # never collapsible
    assert box.select_one(".admonition-title").get_text(strip=True) == "If you need help now"
    words = text_of(box)
    for country in data.countries:
        line = data.safety_line(country.code)
        assert line is not None and line.name in words, country.code
        emergency = data.emergency(country.code)
        if emergency is not None:
            assert f"{country.name}: emergency {emergency.call[0].number}" in words
    assert box.find("a", href=re.compile(r"safety-resources\.html#safety-resources$")) is not None


# ---------------------------------------------------------------------------------------- appendix


def test_appendix_has_every_section_in_order(appendix: BeautifulSoup, data: resources.Resources) -> None:
    ids = [section.get("id") for section in article(appendix).select("section[id]")]
    wanted = ["resources-emergency"] + [f"resources-{c.code.lower()}" for c in data.countries]
    positions = [ids.index(label) for label in wanted]
    assert positions == sorted(positions), "emergency first, then countries in order, then directories"
    headings = [text_of(h).rstrip("¶ ").strip() for h in article(appendix).find_all("h2")]
    assert headings[0] == "If someone is in immediate danger"
    assert headings[-2:] == ["What happens when you reach out", "Browsing privately"]


def test_appendix_has_every_service_with_its_checked_date(appendix: BeautifulSoup, data: resources.Resources) -> None:
    for service in data.services:
        node = appendix.find(id=f"service-{service.id}")
        assert node is not None, service.id
        checked = node.select_one(".supportbook-checked")
        assert checked is not None, service.id
        day = service.checked
        assert f"Checked: {day.day} {day:%B %Y}" in text_of(checked), service.id
        assert checked.find("a", href=service.source) is not None, service.id


def test_appendix_opens_with_a_link_to_each_country(appendix: BeautifulSoup, data: resources.Resources) -> None:
    links = article(appendix).select_one("ul.supportbook-country-links")
    assert links is not None
    assert [a["href"] for a in links.select("a")] == [f"#resources-{c.code.lower()}" for c in data.countries]
    assert [text_of(a) for a in links.select("a")] == [c.name for c in data.countries]
    page = str(article(appendix))
    assert page.index("supportbook-country-links") < page.index('id="resources-emergency"')


def test_each_country_opens_with_its_numbers_then_worried_adults_then_the_rest(
    appendix: BeautifulSoup, data: resources.Resources
) -> None:
    for country in data.countries:
        code = country.code
        section = appendix.find(id=f"resources-{code.lower()}")
        own = [s for s in data.in_country(code) if s.country == code]
        open_lines = [s for s in own if s.open_24_7 and not s.is_directory]
        adults = data.adult_lines(code)
        paras = [c for c in section.find_all(recursive=False) if c.name == "p"]
        expected = []
        if data.emergency(code) is not None:
            expected.append("In an emergency, call")
        if open_lines:
            expected.append("Open 24/7:")
        if adults:
            expected.append("For worried adults:")
        starts = [text_of(p) for p in paras[: len(expected)]]
        assert len(starts) == len(expected), code
        assert all(text.startswith(e) for text, e in zip(starts, expected, strict=True)), (code, starts)
        if open_lines:
            shown = text_of(section.select_one("p.supportbook-open-lines"))
            assert all(s.name in shown for s in open_lines), code
        entries = [c["id"] for c in section.find_all("section", recursive=False)]
        assert sorted(entries) == sorted(f"service-{s.id}" for s in own), code
        rank = {f"service-{s.id}": 0 if s in open_lines else 1 if s in adults else 2 for s in own}
        ranks = [rank[e] for e in entries]
        assert ranks == sorted(ranks), f"{code}: 24/7 lines, then worried adults' lines, then the rest: {entries}"
        line = data.safety_line(code)
        if line is not None:
            assert entries[0] == f"service-{line.id}", code


def test_checking_details_are_behind_a_disclosure(appendix: BeautifulSoup, data: resources.Resources) -> None:
    for service in data.services:
        checked = appendix.find(id=f"service-{service.id}").select_one(".supportbook-checked")
        details = checked.find_parent("details")
        assert details is not None and "supportbook-details" in details["class"], service.id
        assert not details.has_attr("open"), service.id
        day = service.checked
        assert text_of(details.summary) == f"Checked {day.day} {day:%B %Y}: source and confidence", service.id
        assert "Confidence:" in text_of(checked) and "Source:" in text_of(checked)


def test_appendix_separates_call_text_and_chat(appendix: BeautifulSoup) -> None:
    entry = appendix.find(id="service-us-988")
    labels = [text_of(li.strong) for li in entry.select(".supportbook-contact > li")]
    assert labels == ["Call:", "Text:", "Chat:"]
    assert "Hours:" in text_of(entry) and "Who it is for:" in text_of(entry)


def test_appendix_explains_privacy_and_the_quick_exit_shortcut(appendix: BeautifulSoup) -> None:
    reaching_out = text_of(labelled(appendix, "safety-reaching-out"))
    assert "Confidential is not the same as anonymous" in reaching_out
    assert "Emergency services are involved only rarely" in reaching_out
    browsing = text_of(labelled(appendix, "safety-browsing"))
    for needle in ("Leave this site", "Shift", "three times", "history", "Shared devices", "private"):
        assert needle in browsing, needle


# ------------------------------------------------------------------------------- facts that must be right


def all_pages(book_html: Path) -> list[Path]:
    return sorted(p for p in book_html.rglob("*.html") if "_static" not in p.parts)


def page_text(path: Path) -> str:
    return text_of(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"))


def test_no_page_offers_988_press_3_or_text_pride(book_html: Path, appendix: BeautifulSoup) -> None:
    """The LGBTQ+ option ended on 17 July 2025. A page may say that it ended; nothing may offer it."""
    ended = re.compile(r"\bended\b|\bno longer\b|\bhas closed\b|\bstopped\b", re.I)
    for path in all_pages(book_html):
        text = page_text(path)
        for match in re.finditer(r"press\s*[“\"']?\s*(3|three)\b|\bPRIDE\b", text, re.I):
            if match.group(0).lower() == "pride" and match.group(0) != "PRIDE":
                continue  # the word "pride", not the keyword
            around = text[max(0, match.start() - 150) : match.end() + 200]
            assert ended.search(around), f"{path}: offers the ended option: ...{around}..."
    ours = text_of(article(appendix))
    assert not re.search(r"press\s*(3|three)\b", ours, re.I) and not re.search(r"\bPRIDE\b", ours)
    entry = text_of(appendix.find(id="service-us-988"))
    assert "press 1" in entry and "press 2" in entry


def test_trans_lifeline_is_never_shown_as_24_7(book_html: Path, appendix: BeautifulSoup) -> None:
    entry = text_of(appendix.find(id="service-us-trans-lifeline"))
    assert "Not open 24/7" in entry
    assert "24 hours a day" not in entry
    for path in all_pages(book_html):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for node in soup.select(".supportbook-service-us-trans-lifeline"):
            shown = text_of(node).replace("Not open 24/7", "")
            assert "24/7" not in shown and "24 hours" not in shown, path


def test_741741_appears_only_for_the_us_crisis_text_line(book_html: Path, appendix: BeautifulSoup) -> None:
    for path in all_pages(book_html):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for text in soup.find_all(string=re.compile(r"741\s?741")):
            owner = text.find_parent(
                lambda tag: "supportbook-service-us-crisis-text-line" in (tag.get("class") or [])
                or tag.get("id") == "service-us-crisis-text-line"
            )
            assert owner is not None, f"{path}: 741741 outside the US Crisis Text Line: {text.strip()[:80]!r}"
    for code, number in (("ca", "686868"), ("uk", "85258"), ("ie", "50808")):
        section = text_of(appendix.find(id=f"resources-{code}"))
        assert number in section, code
        assert "741741" not in section, code


def test_canada_988_has_run_since_30_november_2023(appendix: BeautifulSoup) -> None:
    assert "Running since 30 November 2023" in text_of(appendix.find(id="service-ca-988"))


def test_new_zealand_emergency_number_is_111(book_html: Path, appendix: BeautifulSoup, pages: list[str]) -> None:
    item = text_of(appendix.find(id="service-nz-emergency"))
    assert item.startswith("New Zealand: call 111")
    assert "In New Zealand, 111 is the emergency number." in item
    assert "In an emergency, call 111" in text_of(appendix.find(id="resources-nz"))
    box = text_of(article(soup_of(book_html, f"{pages[0]}.html")).select_one(".supportbook-safety-box"))
    assert "New Zealand: emergency 111" in box


def test_nhs_111_mental_health_option_is_englands(book_html: Path, appendix: BeautifulSoup) -> None:
    entry = appendix.find(id="service-uk-nhs-111")
    assert "England" in text_of(entry.find("h3"))
    assert "This mental health option is for England." in text_of(entry)
    assert "NHS 111 is not an emergency number" in text_of(entry)
    for path in all_pages(book_html):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for node in soup.select(".supportbook-service-uk-nhs-111"):
            assert "England" in text_of(node), path


@pytest.mark.parametrize(
    "absent",
    ["88247", "07860 039967", "51444", "839863", "0808 802 5544", "0808 800 8088", "0300 123 3393",
     "1-833-456-4566", "1-866-585-0445", "443-SUPPORT"],
)  # fmt: skip
def test_unconfirmed_numbers_are_never_printed(book_html: Path, absent: str) -> None:
    for path in all_pages(book_html):
        assert absent not in page_text(path), path
