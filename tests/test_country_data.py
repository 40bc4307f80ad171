"""A country is data: one block under `countries:` in resources.yml (its id prefix, number formats, paper,
time zones and language regions) plus its services. A made-up country, Testland, added to a copy of a
small book shows in the appendix, the safety box (with what the compact line guesses from), its printed
card and its one-country handout; its number formats are the only ones its entries may use."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from editions_support import flat, pages, require_tex

from supportbook import cards, ladder, resources, siteserver

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 12, 31)

# Testland's id prefix is not its code in lower case, so nothing may derive one from the other.
TESTLAND = """\
  - code: ZZ
    name: Testland
    paper: a4
    id_prefix: tl
    call_formats:
      - pattern: '555'
        description: '555'
      - pattern: '0700 \\d{3} \\d{3}'
        description: a helpline number written 0700 XXX XXX
    text_formats:
      - pattern: '\\d{4}'
        description: a 4-digit short code
    time_zones: [Antarctica/Troll]
    language_regions: [ZZ]
"""
TESTLAND_SERVICES = """
  - id: tl-emergency
    name: Emergency services
    operator: Testland emergency services
    country: ZZ
    kind: emergency
    call:
      - number: "555"
    hours: 24 hours a day, 7 days a week
    open_24_7: true
    serves: Anyone whose life is in danger right now.
    source: https://example.org/testland/emergency
    checked: 2026-11-27
    evidence_date: example page (undated)
    confidence: verified
    safety_box: true

  - id: tl-listening-line
    name: Testland Listening Line
    operator: Testland Listening Trust
    country: ZZ
    kind: crisis-line
    call:
      - number: 0700 123 456
    text:
      - number: "4321"
    hours: 24 hours a day, 7 days a week
    open_24_7: true
    serves: Anyone in Testland.
    cost: Free
    source: https://example.org/testland/line
    checked: 2026-11-27
    evidence_date: example page (undated)
    confidence: verified
    safety_box: true
"""


def with_testland(text: str, services: str = TESTLAND_SERVICES) -> str:
    """The data file's text with Testland's block before "Other countries" and its services at the end."""
    assert "  - code: INTL\n" in text, "the data file no longer has an INTL block: update this test"
    return text.replace("  - code: INTL\n", TESTLAND + "  - code: INTL\n", 1).rstrip("\n") + "\n" + services


def write_testland(where: Path, services: str = TESTLAND_SERVICES) -> Path:
    path = where / "resources.yml"
    path.write_text(with_testland(resources.DATA_FILE.read_text(encoding="utf-8"), services), encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(resources.ResourceError) as caught:
        resources.load(path, today=TODAY)
    return str(caught.value).splitlines()[1:]


# ------------------------------------------------------------------------------------------ the data


def test_a_made_up_country_is_one_block_of_data_plus_its_services(tmp_path: Path) -> None:
    data = resources.load(write_testland(tmp_path), today=TODAY)
    testland = next(c for c in data.countries if c.code == "ZZ")
    assert (testland.name, testland.id_prefix, testland.paper) == ("Testland", "tl", "a4")
    assert testland.time_zones == ("Antarctica/Troll",) and testland.language_regions == ("ZZ",)
    assert [c.code for c in data.countries][-2:] == ["ZZ", "INTL"]
    assert data.emergency("ZZ").id == "tl-emergency"
    assert data.safety_line("ZZ").id == "tl-listening-line"


def test_every_country_declares_its_prefix_and_the_number_formats_of_its_entries() -> None:
    data = resources.load()
    for country in data.countries:
        assert country.id_prefix, country.code
        for service in data.services:
            if service.country == country.code:
                assert service.id.startswith(f"{country.id_prefix}-"), service.id
        if country.code != "INTL":
            assert country.call_formats and country.text_formats and country.paper, country.code
            assert country.time_zones and country.language_regions, country.code


@pytest.mark.parametrize(
    ("field", "number", "channel"), [("call[0].number", "0700 1234 56", "call"), ("text[0].number", "43210", "text")]
)
def test_a_number_outside_its_countrys_declared_formats_fails_in_one_line_naming_the_entry(
    tmp_path: Path, field: str, number: str, channel: str
) -> None:
    good = {"call": "0700 123 456", "text": '"4321"'}[channel]
    path = write_testland(tmp_path, TESTLAND_SERVICES.replace(f"number: {good}", f'number: "{number}"', 1))
    found = problems(path)
    assert len(found) == 1, found
    expected = "a helpline number written 0700 XXX XXX" if channel == "call" else "a 4-digit short code"
    assert found[0].startswith(f"  - entry 'tl-listening-line', field '{field}': {number!r} is not in a recognised "
                               f"format for a number to {channel} in Testland"), found
    assert expected in found[0]


def test_a_country_without_formats_for_a_channel_refuses_its_numbers(tmp_path: Path) -> None:
    path = write_testland(tmp_path)
    path.write_text(re.sub(r"    text_formats:\n      - pattern: '\\d\{4\}'\n.*\n", "", path.read_text(), count=1))
    found = problems(path)
    assert found == ["  - entry 'tl-listening-line', field 'text[0].number': '4321': Testland entries cannot have "
                     "a number to text"]


def test_a_service_id_must_start_with_its_countrys_prefix(tmp_path: Path) -> None:
    path = write_testland(tmp_path, TESTLAND_SERVICES.replace("id: tl-listening-line", "id: zz-listening-line"))
    assert problems(path) == ["  - entry 'zz-listening-line', field 'id': the prefix 'zz'- does not match the "
                              "country 'ZZ'"]


def test_two_countries_cannot_share_a_prefix_and_a_format_must_be_a_regular_expression(tmp_path: Path) -> None:
    path = write_testland(tmp_path)
    text = path.read_text().replace("    id_prefix: tl\n", "    id_prefix: uk\n", 1)
    path.write_text(text.replace("- pattern: '555'", "- pattern: '5(55'", 1))
    found = problems(path)
    assert found[0] == "  - entry '(ZZ)', field 'id_prefix': 'uk' is already the prefix of 'UK'; each country needs " \
        "its own"
    assert found[1].startswith("  - entry '(ZZ)', field 'call_formats[0].pattern': '5(55' is not a regular expression")
    assert len(found) == 2, found


def test_a_time_zone_or_language_region_points_to_one_country_only(tmp_path: Path) -> None:
    path = write_testland(tmp_path)
    path.write_text(path.read_text().replace("[Antarctica/Troll]", "[Antarctica/Troll, Europe/Dublin]", 1))
    assert problems(path) == ["  - entry '(ZZ)', field 'time_zones': 'Europe/Dublin' already points to 'IE'; a "
                              "reader's time zone or language can point to one country only"]


def test_a_service_in_an_undeclared_country_is_refused_naming_the_countries(tmp_path: Path) -> None:
    path = write_testland(tmp_path, TESTLAND_SERVICES.replace("country: ZZ", "country: YY"))
    found = [line for line in problems(path) if "field 'country'" in line]
    assert found and all("is not one of: US, CA, UK, IE, AU, NZ, ZZ, INTL" in line for line in found), found


def test_no_country_is_written_in_the_code() -> None:
    """The formats, prefixes, time zones and regions live in resources.yml only."""
    script = (ROOT / "supportbook" / "sphinxext" / "static" / "safety-line.js").read_text(encoding="utf-8")
    for zone in ("Europe/London", "America/", "Australia/", "Pacific/Auckland", '"GB"', "GB:"):
        assert zone not in script
    code = (ROOT / "supportbook" / "resources.py").read_text(encoding="utf-8")
    for constant in ("ID_PREFIX", "CALL_FORMATS", "TEXT_FORMATS", "_NANP", "08(00|08)", "1[38]00"):
        assert constant not in code
    schema = (ROOT / "supportbook" / "data" / "resources.schema.json").read_text(encoding="utf-8")
    assert '"NZ"' not in schema and "nz|" not in schema


# ------------------------------------------------------------------------- a copy of a small book


def _testland_book(where: Path) -> Path:
    """The one-chapter book of test_contract.py, with its own copy of the package and Testland in its data."""
    from test_contract import chapter, make_book

    book = make_book(where, {"example": chapter()})
    (book / "supportbook").unlink()
    shutil.copytree(ROOT / "supportbook", book / "supportbook", ignore=shutil.ignore_patterns("__pycache__"))
    data = book / "supportbook" / "data" / "resources.yml"
    data.write_text(with_testland(data.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copytree(ROOT / "book" / "_latex", book / "book" / "_latex")  # for the handout
    (book / "book" / "back").mkdir()  # the appendix where the book keeps it (a one-country handout trims it)
    (book / "book" / "help.md").rename(book / "book" / "back" / "safety-resources.md")
    toc = book / "_toc.yml"
    toc.write_text(toc.read_text(encoding="utf-8").replace("book/help\n", "book/back/safety-resources\n"), "utf-8")
    intro = book / "book" / "intro.md"  # the landing page, whose box is always whole
    intro.write_text(intro.read_text(encoding="utf-8") + "\n```{safety-box}\n```\n", encoding="utf-8")
    return book


@pytest.fixture(scope="module")
def testland_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    book = _testland_book(tmp_path_factory.mktemp("testland"))
    jb = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run(
        [str(jb), "build", str(book), "-W", "-n", "--keep-going"], capture_output=True, text=True, cwd=book
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return book / "_build" / "html"


def _page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / "book" / name).read_text(encoding="utf-8"), "html.parser")


def test_a_made_up_country_is_in_the_appendix_with_its_numbers(testland_site: Path) -> None:
    page = _page(testland_site, "back/safety-resources.html")
    section = page.select_one("section#resources-zz")
    assert section is not None and section.h2.get_text(strip=True).startswith("Testland")
    entry = section.select_one("#service-tl-listening-line")
    assert entry is not None and "Testland Listening Line" in entry.get_text()
    assert entry.select_one("a[href='tel:0700123456']") is not None
    assert "4321" in entry.select_one(".supportbook-text").get_text()
    emergency = page.select_one("#service-tl-emergency")
    assert "Testland: call 555." in " ".join(emergency.get_text().split())
    assert page.select_one(".supportbook-country-links a[href='#resources-zz']") is not None


def test_a_made_up_country_has_its_line_in_the_safety_box_with_what_the_compact_line_guesses_from(
    testland_site: Path,
) -> None:
    page = _page(testland_site, "example.html")
    line = page.select_one(".supportbook-safety-compact .supportbook-safety-list > li.supportbook-safety-zz")
    assert line is not None
    words = " ".join(line.get_text().split())
    assert words == "Testland: emergency 555. Testland Listening Line — call 0700 123 456 or text 4321.", words
    name = line.select_one("strong")  # the country's name opens the line and carries what points to it
    assert (name["data-zones"], name["data-regions"]) == ("Antarctica/Troll", "ZZ")
    uk = page.select_one(".supportbook-safety-list > li.supportbook-safety-uk strong")
    assert uk["data-zones"].split() == [
        "Europe/London", "Europe/Belfast", "Europe/Guernsey", "Europe/Isle_of_Man", "Europe/Jersey", "GB", "GB-Eire"
    ]
    assert uk["data-regions"] == "GB UK"
    anywhere = page.select_one(".supportbook-safety-list > li.supportbook-safety-intl strong")
    assert anywhere.get_text() == "Anywhere else:"
    assert not anywhere.has_attr("data-zones") and not anywhere.has_attr("data-regions")


@pytest.mark.parametrize(
    ("locale", "zone", "first"),
    [("en-GB", "Antarctica/Troll", "zz"), ("en-ZZ", "UTC", "zz"), ("en-ZZ", "Europe/Dublin", "ie")],
)
def test_a_reader_in_a_made_up_countrys_time_zone_or_region_sees_its_line_first(
    browser: object, testland_site: Path, locale: str, zone: str, first: str
) -> None:
    """The compact line's guess comes from the page's data: Testland's zone and region are nowhere in the code."""
    with siteserver.serve(testland_site) as base:
        context = browser.new_context(locale=locale, timezone_id=zone, viewport={"width": 375, "height": 812})
        try:
            page = context.new_page()
            page.goto(f"{base.rstrip('/')}/book/example.html")
            page.wait_for_load_state("load")
            shown = page.eval_on_selector_all(
                ".supportbook-safety-box .supportbook-safety-list > li",
                "all => all.filter(e => e.getClientRects().length > 0).map(e => e.className)",
            )
        finally:
            context.close()
    assert shown == [f"supportbook-safety-{first} sb-mine"], shown


def test_the_whole_safety_box_of_the_landing_page_carries_no_guessing_data(testland_site: Path) -> None:
    page = _page(testland_site, "intro.html")
    assert page.select_one(".supportbook-safety-box") is not None
    assert page.select_one(".supportbook-safety-compact") is None
    assert page.select_one(".supportbook-safety-list [data-zones], .supportbook-safety-list [data-regions]") is None
    assert page.select_one(".supportbook-safety-list > li.supportbook-safety-zz") is not None


def _pdf_text(pdf: Path) -> str:
    return flat("\n".join(pages(pdf)))


def test_a_made_up_country_has_its_printed_card(testland_site: Path, tmp_path: Path) -> None:
    require_tex()
    data = testland_site.parents[1] / "supportbook" / "data" / "resources.yml"
    written = cards.build(tmp_path, data, ladder.DATA_FILE, ["ZZ"])
    assert [pdf.name for pdf in written] == ["zz.pdf"]
    text = _pdf_text(written[0])
    assert "Testland" in text and "555" in text
    assert "Testland Listening Line" in text and "0700 123 456" in text


def test_a_made_up_country_has_its_one_country_handout(testland_site: Path, tmp_path: Path) -> None:
    """The chapter's full handout for Testland (`make handouts COUNTRY=ZZ` makes it too): its safety page
    holds Testland's services and no other country's."""
    require_tex()
    from supportbook import model
    from supportbook.packs import jb, pack

    book = model.read_book(testland_site.parents[1])
    chapter = next(c for c in book.chapters if c.id == "example")
    try:
        handout = pack.build_handout(book, chapter, tmp_path / "example.pdf", paper="a4", country="ZZ").path
    except jb.BuildError as exc:
        pytest.fail(f"the Testland handout did not build: {exc}")
    texts = pages(handout)
    start = next(i for i, t in enumerate(texts) if t.lstrip().startswith("APPENDIX"))
    chapter_pages, appendix = flat("\n".join(texts[:start])), flat("\n".join(texts[start:]))
    assert "Testland: emergency 555. Testland Listening Line" in chapter_pages, chapter_pages[:1500]
    assert re.search(r"A\.\d+ Testland", appendix), appendix[:400]
    assert "Testland: call 555." in appendix and "Run by: Testland Listening Trust." in appendix
    assert "0700 123 456" in appendix and "4321" in appendix
    assert "United Kingdom: call" not in appendix, "a one-country handout keeps that country's services only"
    assert "Run by: Samaritans" not in appendix
