"""In the built book, every place that shows how to reach a service words it the same way: the safety box,
the appendix (its "Open 24/7" line and each entry's contact lines), the service tables in the chapters,
`{service}` references, and the printed cards."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from supportbook import cards, contact, ladder, model, resources

APPENDIX = Path("book/back/safety-resources.html")
# How a route starts in a table cell, and the class of the appendix entry's line for that channel.
TABLE_VERBS = {"Call ": "supportbook-call", "Text ": "supportbook-text", "Chat: ": "supportbook-chat"}


def words(node: Tag) -> str:
    return " ".join(node.get_text().split())


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def data() -> resources.Resources:
    return resources.load()


@pytest.fixture(scope="module")
def appendix(book_html: Path) -> BeautifulSoup:
    return soup_of(book_html / APPENDIX)


@pytest.fixture(scope="module")
def chapters(book_html: Path, root: Path) -> list[BeautifulSoup]:
    return [soup_of(book_html / f"{page.docname}.html") for page in model.read_book(root).pages
            if page.kind == "chapter"]  # fmt: skip


def test_the_box_the_appendix_and_the_card_word_each_countrys_24_7_line_the_same_way(
    chapters: list[BeautifulSoup], appendix: BeautifulSoup, data: resources.Resources
) -> None:
    box = words(chapters[0].select_one(".supportbook-safety-box"))
    the_ladder = ladder.load()
    for country in data.countries:
        line = data.safety_line(country.code)
        assert line is not None, country.code
        said = contact.plain(contact.summary(line))
        assert f"{line.name} — {said}." in box, (country.code, said)
        if not line.is_directory:  # a directory is listed, not a line open 24/7
            section = appendix.find(id=f"resources-{country.code.lower()}")
            open_lines = words(section.select_one(".supportbook-open-lines"))
            assert f"{line.name} ({said})" in open_lines, (country.code, open_lines)
        if country.paper:
            card = cards.card_text(data, the_ladder, country.code)
            assert card.lines[0] == f"{line.name}: {said}", (country.code, card.lines)


def test_each_table_route_is_worded_as_in_the_services_appendix_entry(
    chapters: list[BeautifulSoup], appendix: BeautifulSoup
) -> None:
    checked = 0
    for page in chapters:
        for row in page.select("table.supportbook-service-table tbody tr"):
            sid = next(c for c in row["class"] if c.startswith("supportbook-service-")).removeprefix(
                "supportbook-service-"
            )
            entry = appendix.find(id=f"service-{sid}")
            assert entry is not None, sid
            for para in row.select("td.sb-col-reach p"):
                said = words(para)
                verb = next((v for v in TABLE_VERBS if said.startswith(v)), None)
                if verb is None:  # no route of its own: the website
                    assert f"Website: {said}." in words(entry.select_one(".supportbook-website")), sid
                    continue
                line = words(entry.select_one(f".{TABLE_VERBS[verb]}"))
                routes = line.split(": ", 1)[1].removesuffix(".").split("; or ")
                assert said.removeprefix(verb) in routes, (sid, said, line)
                checked += 1
    assert checked >= 10, "expected the chapters' service tables to list routes"


def test_every_service_reference_says_the_services_summary(
    chapters: list[BeautifulSoup], appendix: BeautifulSoup, data: resources.Resources
) -> None:
    seen = 0
    for page in [*chapters, appendix]:
        for mark in page.select("span.supportbook-service"):
            sid = next(c for c in mark["class"] if c.startswith("supportbook-service-")).removeprefix(
                "supportbook-service-"
            )
            service = data.get(sid)
            assert service is not None, sid
            if service.is_emergency:
                assert words(mark).startswith(contact.plain(contact.emergency(service))), (sid, words(mark))
            else:
                assert words(mark) == f"{service.name} ({contact.plain(contact.summary(service))})", sid
            seen += 1
    assert seen >= 10
