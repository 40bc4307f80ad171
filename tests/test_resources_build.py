"""The resources in a real Sphinx build of a tiny project: roles, tables, the box in every format, and bad
data stopping the build before anything is written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from supportbook import resources

ROOT = Path(__file__).resolve().parents[1]

CONF = """\
import sys
sys.path.insert(0, {root!r})
project = "Mini"
author = "Circles of Support"
copyright = "2026"
version = release = "1"
extensions = ["myst_parser", "supportbook"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
supportbook_resources = {data!r}
"""

PAGES = {
    "index.md": "# Mini book\n\n```{toctree}\nchapter\nsafety\n```\n",
    "chapter.md": """\
(ch-mini)=
# A chapter

```{safety-box}
```

Call {service}`us-988` or {service}`uk-nhs-111`. In New Zealand, in an emergency, call {service}`nz-emergency`.

```{service-table}
:countries: US, UK
:channel: text
```

```{service-table}
:services: au-lifeline, nz-1737
```

```{service-table}
:countries: CA
:channel: call
```
""",
    "safety.md": "(safety-resources)=\n# Safety resources\n\n```{safety-resources}\n```\n",
}


def make_project(where: Path, data: Path | str = "") -> Path:
    where.mkdir(parents=True, exist_ok=True)
    (where / "conf.py").write_text(CONF.format(root=str(ROOT), data=str(data)), encoding="utf-8")
    for name, text in PAGES.items():
        (where / name).write_text(text, encoding="utf-8")
    return where


def sphinx_build(src: Path, builder: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", builder, "-q", *extra, str(src), str(src / "_build" / builder)],
        capture_output=True,
        text=True,
        cwd=src,
    )


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = make_project(tmp_path_factory.mktemp("mini"))
    result = sphinx_build(src, "html", "-W", "--keep-going")
    assert result.returncode == 0, result.stderr
    return src / "_build" / "html"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_service_role_shows_name_and_main_contact_linked_to_the_appendix(mini: Path) -> None:
    soup = _soup(mini / "chapter.html")
    links = {a["href"]: " ".join(a.get_text().split()) for a in soup.select("span.supportbook-service > a")}
    assert soup.select_one("span.supportbook-service-us-988 > a[href='safety.html#service-us-988']") is not None
    assert links["safety.html#service-us-988"] == "988 Suicide & Crisis Lifeline (call or text 988)"
    assert links["safety.html#service-uk-nhs-111"] == (
        "NHS 111 mental health option (England) (call 111, then choose the mental health option)"
    )
    assert links["safety.html#service-nz-emergency"] == "111 (emergency services, New Zealand)"


def _table_ids(table: BeautifulSoup) -> list[str]:
    ids = []
    for row in table.select("tbody tr"):
        marks = [c for c in row.get("class", []) if c.startswith("supportbook-service-")]
        ids += [c.removeprefix("supportbook-service-") for c in marks]
    return ids


def test_service_table_filters_by_country_channel_and_ids(mini: Path) -> None:
    tables = _soup(mini / "chapter.html").select("table.supportbook-service-table")
    assert len(tables) == 3
    text_us_uk, by_id, call_ca = tables
    assert _table_ids(text_us_uk) == [
        "us-988", "us-veterans", "us-trevor", "us-crisis-text-line", "us-nami-helpline", "uk-shout",
    ]
    assert _table_ids(by_id) == ["au-lifeline", "nz-1737"]
    assert _table_ids(call_ca) == ["us-trans-lifeline", "ca-988", "ca-kids-help-phone", "ca-hope-for-wellness"]
    headers = [" ".join(th.get_text().split()) for th in text_us_uk.select("thead th")]
    assert headers == ["Service", "How to reach it", "Hours", "Who it is for", "Checked"]
    first = text_us_uk.select("tbody tr")[0]
    assert first.select_one("a")["href"] == "safety.html#service-us-988"
    assert "27 November 2026" in first.get_text()


def test_the_checked_column_says_when_details_come_from_secondary_sources(mini: Path) -> None:
    data = {service.id: service for service in resources.load().services}
    rows = _soup(mini / "chapter.html").select("table.supportbook-service-table tbody tr")
    assert rows
    for row in rows:
        sid = next(c for c in row.get("class", []) if c.startswith("supportbook-service-")).removeprefix(
            "supportbook-service-"
        )
        cell = " ".join(row.select_one("td.sb-col-checked").get_text().split())
        unconfirmed = "(from secondary sources)" in cell
        assert unconfirmed == (data[sid].confidence != "verified"), (sid, cell)


def test_appendix_has_stable_ids_for_every_country_and_service(mini: Path) -> None:
    soup = _soup(mini / "safety.html")
    data = resources.load()
    for country in data.countries:
        assert soup.find(id=f"resources-{country.code.lower()}") is not None, country.code
    assert soup.find(id="resources-emergency") is not None
    for service in data.services:
        assert soup.find(id=f"service-{service.id}") is not None, service.id


def _box_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    box = soup.select_one(".supportbook-safety-box")
    assert box is not None
    return " ".join(box.get_text(" ").split())


def test_the_box_has_the_same_words_in_html_epub_and_latex(mini: Path) -> None:
    src = mini.parents[1]
    html_text = _box_text((mini / "chapter.html").read_text(encoding="utf-8"))
    epub = sphinx_build(src, "epub")
    assert epub.returncode == 0, epub.stderr
    epub_text = _box_text((src / "_build" / "epub" / "chapter.xhtml").read_text(encoding="utf-8"))
    assert re.sub(r" \[https?://[^\]]+\]", "", epub_text) == html_text  # EPUB prints link targets
    latex = sphinx_build(src, "latex")
    assert latex.returncode == 0, latex.stderr
    tex = next((src / "_build" / "latex").glob("*.tex")).read_text(encoding="utf-8")
    box = tex[tex.index("If you need help now") :][:4000].replace(r"\sphinxhyphen{}", "-")
    numbers = ("911", "988", "9-8-8", "999", "112", "116 123", "000", "13 11 14", "111", "1737", "findahelpline.com")
    for needle in numbers:
        assert needle in box, needle


def test_an_unknown_service_id_fails_the_strict_build(tmp_path: Path) -> None:
    src = make_project(tmp_path / "unknown")
    (src / "chapter.md").write_text("# A chapter\n\nCall {service}`us-999`.\n", encoding="utf-8")
    result = sphinx_build(src, "html", "-W")
    assert result.returncode != 0
    assert "unknown service id 'us-999'" in result.stderr


def test_a_bad_service_table_option_fails_with_a_clear_message(tmp_path: Path) -> None:
    src = make_project(tmp_path / "table")
    (src / "chapter.md").write_text("# A chapter\n\n```{service-table}\n:countries: US, FR\n```\n", encoding="utf-8")
    result = sphinx_build(src, "html", "-W")
    assert result.returncode != 0
    assert "unknown country code(s) FR" in result.stderr


def test_bad_data_stops_the_build_before_anything_is_written(tmp_path: Path) -> None:
    raw = yaml.safe_load(resources.DATA_FILE.read_text(encoding="utf-8"))
    nz = next(s for s in raw["services"] if s["id"] == "nz-youthline")
    nz["call"][0]["number"] = "0800 376 63"
    bad = tmp_path / "bad-resources.yml"
    bad.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")
    src = make_project(tmp_path / "bad", data=bad)
    result = sphinx_build(src, "html", "-W", "--keep-going")
    assert result.returncode != 0
    err = result.stderr
    assert "Crisis-resources data error" in err
    assert str(bad) in err
    assert re.search(r"entry 'nz-youthline', field 'call\[0\]\.number': '0800 376 63' is not in a recognised", err)
    assert "Traceback" not in err  # the message is the explanation, not a stack trace
    out = src / "_build" / "html"
    assert not list(out.rglob("*.html")), "nothing may be half-rendered"


def test_bad_data_raises_the_extension_error_in_process(tmp_path: Path) -> None:
    from sphinx.application import Sphinx

    from supportbook.sphinxext.safety import ResourceDataError

    raw = yaml.safe_load(resources.DATA_FILE.read_text(encoding="utf-8"))
    raw["services"][0]["source"] = "http://example.org"
    bad = tmp_path / "bad.yml"
    bad.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")
    src = make_project(tmp_path / "inproc", data=bad)
    with pytest.raises(ResourceDataError, match=r"entry 'us-emergency', field 'source': 'http://example.org'"):
        Sphinx(str(src), str(src), str(src / "_build" / "html"), str(src / "_build" / "doctrees"), "html", status=None)
