"""Changes to markup the project does not write (furo's skeleton, docutils' citations, the root redirect, theme
scripts, EPUB pages) are checked: when the pattern no longer finds what it changes, the build says so and stops."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from supportbook.sphinxext import epub, html, links, markup, pagemeta, search

ROOT = Path(__file__).resolve().parents[1]
SKELETON = (
    '<div class="announcement"><aside class="announcement-content"><nav class="sb-safety-bar"></nav></aside></div>'
    '<div class="page"><aside class="sidebar-drawer"></aside><div class="main"></div>'
    '<aside class="toc-drawer no-toc"></aside></div>'
)


def _doctree_with_a_citation() -> nodes.document:
    doc = new_document("<test>", get_default_settings(Parser))
    doc += nodes.citation("", nodes.label(text="1"), nodes.paragraph(text="A source."))
    return doc


def test_furos_skeleton_gets_named_landmarks_even_on_a_page_that_hides_its_contents() -> None:
    fixed, missed = pagemeta.fix_skeleton(SKELETON)
    assert missed == []
    soup = BeautifulSoup(fixed, "html.parser")
    assert soup.select_one("div.announcement-content nav.sb-safety-bar") is not None
    assert soup.select_one("aside.announcement-content") is None
    assert soup.select_one("aside.sidebar-drawer")["aria-label"] == "Book contents"
    assert soup.select_one("aside.toc-drawer.no-toc")["aria-label"] == "On this page"


def test_a_furo_that_renamed_its_sidebar_is_reported_naming_the_fix_and_the_module() -> None:
    renamed = SKELETON.replace("sidebar-drawer", "sidebar-panel")
    _, missed = pagemeta.fix_skeleton(renamed)
    assert [fix.what for fix in missed] == ["the book contents sidebar's label"]
    message = markup.missed_message(missed, "furo's page.html", pagemeta.MODULE)
    assert "furo's page.html's markup changed" in message
    assert "supportbook/sphinxext/pagemeta.py" in message and "\n" not in message


def test_without_an_announcement_the_safety_bar_wrapper_is_not_expected() -> None:
    no_bar = SKELETON.split("</div>", 1)[1]
    assert pagemeta.fix_skeleton(no_bar, announcement=False)[1] == []
    assert [fix.what for fix in pagemeta.fix_skeleton(no_bar)[1]] == [pagemeta.ANNOUNCEMENT_FIX.what]


def test_the_phone_header_gets_a_search_link_and_a_furo_without_its_header_group_is_reported() -> None:
    header = '<header class="mobile-header"><div class="header-right"><button></button></div></header>'
    fix = search.header_search_fix("../search.html")
    fixed, missed = pagemeta.fix_skeleton(SKELETON + header, extra=(fix,))
    assert missed == []
    link = BeautifulSoup(fixed, "html.parser").select_one(".mobile-header .header-right > a.sb-header-search")
    assert link["href"] == "../search.html" and link.get_text() == "Search"
    _, missed = pagemeta.fix_skeleton(SKELETON + header.replace("header-right", "header-end"), extra=(fix,))
    assert [m.what for m in missed] == ["the search link in the phone header"]


def test_part_captions_get_a_heading_level_and_a_changed_caption_is_reported() -> None:
    tree = '<p class="caption" role="heading"><span class="caption-text">Professionals</span></p><ul></ul>'
    fixed, missed = pagemeta.fix_navigation(tree)
    assert 'aria-level="2"' in fixed and missed == []
    assert pagemeta.fix_navigation("<ul><li>no parts</li></ul>") == ("<ul><li>no parts</li></ul>", [])
    _, missed = pagemeta.fix_navigation('<div class="caption" role="heading">Professionals</div>')
    assert missed == [pagemeta.CAPTION_FIX]


def test_citations_become_list_items_and_a_changed_citation_role_is_reported() -> None:
    doctree = _doctree_with_a_citation()
    body = '<div role="list" class="citation-list"><div class="citation" role="doc-biblioentry">x</div></div>'
    fixed, missed = pagemeta.fix_citations(body, doctree)
    assert 'role="listitem"' in fixed and "doc-biblioentry" not in fixed and missed == []
    _, missed = pagemeta.fix_citations(body.replace("doc-biblioentry", "doc-endnote"), doctree)
    assert missed == [pagemeta.CITATION_FIX]
    assert pagemeta.fix_citations("<p>no sources</p>", new_document("<t>", get_default_settings(Parser)))[1] == []


def test_a_script_that_stores_data_another_way_stops_the_build(tmp_path: Path) -> None:
    (tmp_path / "ok.js").write_text(html.disable_storage_writes('localStorage.setItem("theme", t);'), "utf-8")
    html.check_scripts(tmp_path)
    (tmp_path / "theme.js").write_text('localStorage["theme"] = mode;', encoding="utf-8")
    with pytest.raises(html.StorageWriteError, match=r"theme\.js: could still store data"):
        html.check_scripts(tmp_path)


def test_the_security_policy_goes_in_once_and_a_page_without_a_findable_head_stops_the_build() -> None:
    page = "<!doctype html>\n<html><head>\n<meta charset=\"utf-8\"></head><body></body></html>"
    once = html.add_csp(page)
    assert html.add_csp(once) == once
    with pytest.raises(html.PolicyPlaceError, match=r"page\.html: a whole HTML page"):
        html.add_csp("<html><body>no head</body></html>", "page.html")
    assert html.add_csp('<meta http-equiv="Refresh" content="0; url=a.html">').startswith("<meta http-equiv=\"Content")


def test_a_root_page_that_is_neither_whole_nor_a_known_redirect_stops_the_build() -> None:
    bare = '<meta http-equiv="Refresh" content="0; url=book/intro.html">'
    assert "<!DOCTYPE html>" in links.whole_root_page(bare, "")
    with pytest.raises(links.RootPageError, match=r"index\.html is not a whole HTML page"):
        links.whole_root_page('<script>location = "book/intro.html"</script>', "")


def test_the_print_page_names_its_own_address_and_reports_tags_it_lacks() -> None:
    soup = BeautifulSoup(
        '<html><head><title>Your pack</title><link rel="canonical" href="https://x/assigning.html">'
        '<meta property="og:url" content="https://x/assigning.html"><meta property="og:title" content="Assigning">'
        '<meta name="twitter:title" content="Assigning"></head><body></body></html>',
        "html.parser",
    )
    assert links.own_address(soup, "https://x/pack-print.html") == []
    assert soup.find("link", rel="canonical")["href"] == "https://x/pack-print.html"
    assert soup.find("meta", property="og:url")["content"] == "https://x/pack-print.html"
    assert soup.find("meta", attrs={"name": "twitter:title"})["content"] == "Your pack"
    bare = BeautifulSoup("<html><head><title>Your pack</title></head></html>", "html.parser")
    assert links.own_address(bare, "https://x/p.html")[:2] == ['<link rel="canonical">', '<meta property="og:url">']


def test_an_epub_page_is_closed_into_xhtml_and_one_that_still_is_not_xml_stops_the_build() -> None:
    page = (
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><meta name="description" content="x"></head>'
        "<body><br></body></html>"
    )
    assert epub.xhtml(page) == page.replace('content="x">', 'content="x" />').replace("<br>", "<br />")
    with pytest.raises(epub.NotXhtmlError, match=r"book/ch\.xhtml, line 1, column \d+: not well-formed"):
        epub.xhtml("<html><body><embed src='x'></body></html>", "book/ch.xhtml")


CONF = """\
import sys
sys.path.insert(0, {root!r})
project = "Mini"
extensions = ["myst_parser", "supportbook"]
exclude_patterns = ["_build"]
html_theme = "furo"
html_theme_options = {{"announcement": "safety"}}
templates_path = ["renamed", {templates!r}]
"""
SKELETON_CALL = "{{ supportbook_page_skeleton(super()) }}"


def test_a_furo_without_the_sidebar_markup_fails_the_strict_build_naming_the_page(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text(
        CONF.format(root=str(ROOT), templates=str(ROOT / "book" / "_templates")), encoding="utf-8"
    )
    (tmp_path / "index.md").write_text("# Mini\n\nA page.\n", encoding="utf-8")
    (tmp_path / "renamed").mkdir()
    # The book's page.html, given a furo whose page skeleton no longer has `sidebar-drawer`.
    page = (ROOT / "book" / "_templates" / "page.html").read_text(encoding="utf-8")
    assert page.count(SKELETON_CALL) == 1
    renamed = page.replace(SKELETON_CALL, '{{ supportbook_page_skeleton(super()|replace("sidebar-drawer", "x")) }}')
    (tmp_path / "renamed" / "page.html").write_text(renamed, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-q", str(tmp_path), str(tmp_path / "_build")],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert done.returncode != 0
    assert "index" in done.stderr and "the book contents sidebar's label" in done.stderr, done.stderr
