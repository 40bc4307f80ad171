"""No script injection: the site runs only the scripts it ships.

The Content-Security-Policy allows the project's own two inline scripts by a hash computed from their
source (never whatever a page holds); a build fails if a page holds any other inline script, an
event-handler attribute or a `javascript:` address; titles are escaped; search results are text.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from jinja2 import Environment

from supportbook.sphinxext import html as sb_html

INJECTIONS = [
    "<script>alert(1)</script>",
    '<SCRIPT type="module">alert(1)</SCRIPT>',
    "<script>\n" + sb_html.THEME_SCRIPT + "\nalert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<svg><a href=" javascript:alert(1)"><text>x</text></a></svg>',
    '<a href="java&#x0A;script:alert(1)">x</a>',
    '<body onload="alert(1)">',
    "<script>alert(1)",
]


@pytest.mark.parametrize("html", INJECTIONS)
def test_anything_that_could_run_is_found(html: str) -> None:
    assert sb_html.foreign_scripts(f"<html><head></head><body>{html}</body></html>"), html


def test_the_projects_own_scripts_and_script_files_are_not_flagged() -> None:
    page = (
        f"<html><head><script>{sb_html.JS_ON_SCRIPT}</script><script src='_static/x.js'></script></head>"
        f"<body><script>{sb_html.THEME_SCRIPT}</script><p>Text about onload= and javascript: is fine.</p>"
        "<a href='https://example.org/javascript:'>x</a></body></html>"
    )
    assert sb_html.foreign_scripts(page) == []


def test_the_policy_allows_only_the_shipped_scripts_whatever_the_page_holds() -> None:
    page = f"<html><head></head><body><script>alert(1)</script><script>{sb_html.THEME_SCRIPT}</script></body></html>"
    policy = sb_html.csp_for(page)
    assert sb_html.script_hash("alert(1)") not in policy
    assert re.findall(r"'sha256-[^']+'", policy) == [sb_html.script_hash(sb_html.THEME_SCRIPT)]
    assert re.findall(r"'sha256-[^']+'", sb_html.csp_for("<p>no scripts</p>")) == []


def test_a_page_with_a_foreign_script_fails_the_check_naming_the_page(tmp_path: Path) -> None:
    (tmp_path / "good.html").write_text(f"<body><script>{sb_html.THEME_SCRIPT}</script></body>", "utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "bad.html").write_text("<body><h1>T<script>alert(1)</script></h1></body>", "utf-8")
    with pytest.raises(sb_html.ForeignScriptError) as caught:
        sb_html.check_pages(tmp_path)
    message = str(caught.value)
    assert message.startswith("sub/bad.html: an inline script the project does not ship ('alert(1)')"), message
    assert "\n" not in message


@pytest.mark.parametrize(
    "template",
    ["{{ docstitle }}", "{{ docstitle|e }}", "{{ docstitle|striptags|e }}", "{{ docstitle or project }}"],
)
def test_titles_are_escaped_once_wherever_the_theme_prints_them(template: str) -> None:
    context = {"docstitle": "Week 3 <script>alert(1)</script> & more", "project": "<b>p</b>"}
    sb_html.escape_titles(context)
    rendered = Environment(autoescape=False).from_string(template).render(**context)
    assert rendered == "Week 3 &lt;script&gt;alert(1)&lt;/script&gt; &amp; more"


def test_search_results_are_written_as_text(book_html: Path) -> None:
    script = (book_html / "_static" / "searchtools.js").read_text(encoding="utf-8")
    assert "linkEl.textContent = title;" in script
    assert not re.search(r"\.innerHTML\s*=|insertAdjacentHTML", script)
    with pytest.raises(sb_html.ForeignScriptError, match=r"^searchtools\.js: still writes search results as HTML"):
        sb_html.search_results_as_text("el.innerHTML = other;")


def test_every_built_page_holds_only_the_shipped_scripts(book_html: Path) -> None:
    problems = [
        f"{page.relative_to(book_html)}: {what}"
        for page in sorted(book_html.rglob("*.html"))
        for what in sb_html.foreign_scripts(page.read_text(encoding="utf-8"))
    ]
    assert problems == []
    intro = (book_html / "book" / "intro.html").read_text(encoding="utf-8")
    for body in (sb_html.JS_ON_SCRIPT, sb_html.THEME_SCRIPT):
        assert f"<script>{body}</script>" in intro
    assert sb_html.SPHINX_SEARCHBOX_SCRIPT not in intro


def test_a_build_with_a_foreign_inline_script_fails(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["supportbook.sphinxext.html"]\n', encoding="utf-8")
    (source / "index.rst").write_text(
        "Title\n=====\n\n.. raw:: html\n\n   <script>alert(1)</script>\n", encoding="utf-8"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(source), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert proc.returncode != 0, proc.stdout + proc.stderr
    assert "index.html: an inline script the project does not ship ('alert(1)')" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_the_sidebar_title_of_a_page_is_text(book_html: Path) -> None:
    soup = BeautifulSoup((book_html / "book" / "intro.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one(".sidebar-brand-text").get_text(strip=True) == "Circles of Support"


def test_the_meta_description_is_plain_text_escaped_once() -> None:
    from supportbook.sphinxext.pagemeta import describe

    assert describe("&lt;b&gt; Tom &amp; Jerry <em>now</em>").startswith("<b> Tom & Jerry now: a chapter of")


HOSTILE_TITLE = "Week 3 <script>alert(1)</script> & <img src=x onerror=alert(2)>"


def test_a_hostile_pack_title_is_text_on_every_page(tmp_path: Path) -> None:
    output = tmp_path / "pack"
    proc = subprocess.run(
        [sys.executable, "-m", "supportbook", "pack", "--chapters", "family", "--format", "html",
         "--title", HOSTILE_TITLE, "--output", str(output)],
        capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1],
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    pages = sorted(output.rglob("*.html"))
    themed = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert sb_html.foreign_scripts(html) == [], page
        soup = BeautifulSoup(html, "html.parser")
        assert not soup.find("img", src="x"), page
        if soup.select_one(".sidebar-brand-text") is None:  # the bare redirect page
            continue
        themed += 1
        for selector in (".sidebar-brand-text", ".mobile-header .brand"):
            assert soup.select_one(selector).get_text() == HOSTILE_TITLE, (page, selector)
    assert themed >= 5, pages
    cover = BeautifulSoup((output / "cover.html").read_text(encoding="utf-8"), "html.parser")
    assert cover.title.get_text() == HOSTILE_TITLE
    assert cover.h1.get_text().startswith(HOSTILE_TITLE)
    assert cover.find("meta", attrs={"name": "description"})["content"].startswith(HOSTILE_TITLE + ":")
