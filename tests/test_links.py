"""Links a teacher can paste (issue 12): one published address, full stable links with a copy button,
canonical and preview tags on every page, every anchor the assigning page promises, a valid root page,
and "How to use this book" true of every edition."""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from supportbook import siteserver
from supportbook.sphinxext import links

ROOT = Path(__file__).resolve().parents[1]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def base() -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    value = config["sphinx"]["config"]["html_baseurl"]
    assert re.fullmatch(r"https://[a-z0-9.-]+/(?:[a-z0-9-]+/)*", value), value
    return value


@pytest.fixture(scope="module")
def manifest(book_html: Path) -> list[dict]:
    return json.loads((book_html / "supportbook-chapters.json").read_text(encoding="utf-8"))


def pages(book_html: Path) -> list[Path]:
    return sorted(p for p in book_html.rglob("*.html") if "_static" not in p.parts and p.name != "index.html")


def test_the_published_address_is_written_once(base: str) -> None:
    hits = [p for p in ROOT.glob("*.yml") if base.rstrip("/") in p.read_text(encoding="utf-8")]
    code = [p for p in (ROOT / "supportbook").rglob("*.py") if "circles-of-support.github.io" in p.read_text()]
    assert [p.name for p in hits] == ["_config.yml"] and not code, (hits, code)


def test_every_page_names_its_canonical_address_and_carries_preview_tags(book_html: Path, base: str) -> None:
    problems = []
    for path in pages(book_html):
        rel = path.relative_to(book_html).as_posix()
        page = soup(path)
        canonical = page.find_all("link", rel="canonical")
        if len(canonical) != 1 or canonical[0]["href"] != base + rel:
            problems.append(f"{rel}: canonical {[c.get('href') for c in canonical]}")
        meta = {
            (m.get("property") or m.get("name")): m.get("content", "")
            for m in page.find_all("meta")
            if m.get("property") or m.get("name")
        }
        title = page.title.get_text(" ", strip=True) if page.title else ""
        expected = {
            "og:url": base + rel,
            "og:image": base + links.PREVIEW_IMAGE,
            "twitter:image": base + links.PREVIEW_IMAGE,
            "og:image:alt": links.PREVIEW_ALT,
            "twitter:image:alt": links.PREVIEW_ALT,
            "twitter:card": "summary_large_image",
            "og:site_name": "Circles of Support",
        }
        problems += [f"{rel}: {k}={meta.get(k)!r}" for k, v in expected.items() if meta.get(k) != v]
        for key in ("og:title", "twitter:title"):
            head = meta.get(key, "").split(" — ")[0]
            if not head or head not in title:
                problems.append(f"{rel}: {key}={meta.get(key)!r} is not the page title {title!r}")
        for key in ("og:description", "twitter:description"):
            if len(meta.get(key, "")) < 50 or "<" in meta.get(key, ""):
                problems.append(f"{rel}: {key}={meta.get(key)!r}")
    assert not problems, "\n".join(problems[:20])


def test_the_preview_image_is_a_small_local_png(book_html: Path) -> None:
    image = book_html / links.PREVIEW_IMAGE
    data = image.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == links.PREVIEW_SIZE
    assert len(data) < 60 * 1024, f"{len(data)} bytes"
    assert len(links.PREVIEW_ALT) > 20


def test_each_chapters_stable_link_is_its_full_address_with_a_copy_button(
    book_html: Path, manifest: list[dict], base: str
) -> None:
    assert "emergency" in {c["id"] for c in manifest}
    for chapter in manifest:
        page = soup(book_html / chapter["url"].split("#")[0])
        holder = page.select_one(".supportbook-for-teachers .supportbook-stable-link")
        assert holder is not None, chapter["id"]
        url = holder.select_one(".supportbook-stable-url").get_text()
        assert url == base + chapter["url"], (chapter["id"], url)
        assert chapter["stable_url"] == url
        button = holder.select_one("button.sb-copy-link")
        assert button is not None and button["data-url"] == url and button.get_text(strip=True) == "Copy link"
        assert holder.select_one('[role="status"]') is not None
        row = soup(book_html / "book" / "teachers" / "assigning.html").select_one(f"#assign-{chapter['id']}")
        assert row is not None and url in row.get_text(), chapter["id"]


@pytest.mark.parametrize("javascript", [True, False])
def test_the_copy_button_copies_with_javascript_and_is_hidden_without(
    book_html: Path, manifest: list[dict], javascript: bool
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    chapter = manifest[0]
    with siteserver.serve(book_html) as served, sync_api.sync_playwright() as pw:
        browser = siteserver.launch(pw)
        context = browser.new_context(java_script_enabled=javascript, viewport={"width": 375, "height": 812})
        if javascript:
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.rstrip("/"))
        page = context.new_page()
        page.goto(served + chapter["url"])
        button = page.locator(".sb-copy-link")
        url = page.locator(".supportbook-stable-url")
        assert url.is_visible()
        if javascript:
            assert button.is_visible()
            box = button.bounding_box()
            assert box and box["height"] >= 44 and box["width"] >= 44, box
            button.click()
            # A locator waits in Playwright's own world: the page's content security policy
            # forbids the eval() that wait_for_function's string predicates need.
            sync_api.expect(page.locator(".sb-copy-status")).to_have_text("Link copied.", timeout=15000)
            assert page.evaluate("navigator.clipboard.readText()") == url.inner_text()
        else:
            assert not button.is_visible()
        browser.close()


def promises() -> tuple[set[str], dict[str, set[str]]]:
    """What the assigning page tells teachers: the section names to add to any chapter's link
    (`#ch-ID-...`), and the anchors it names for one chapter (`#ch-together-...`); a chapter it says
    "is built differently" has only the anchors named for it."""
    text = (ROOT / "book" / "teachers" / "assigning.md").read_text(encoding="utf-8")
    assert "#ch-ID" in text
    generic = set(re.findall(r"#ch-ID-([a-z][a-z-]*)", text))
    named: dict[str, set[str]] = {}
    different: set[str] = set()
    for paragraph in text.split("\n\n"):
        for cid, suffix in re.findall(r"#ch-([a-z]+)-([a-z][a-z-]*)", paragraph):
            if cid != "ID":
                named.setdefault(cid, set()).add(suffix)
                if "built differently" in paragraph:
                    different.add(cid)
    assert len(generic) >= 3, generic
    return generic, {cid: suffixes | (set() if cid in different else generic) for cid, suffixes in named.items()}


def test_every_anchor_the_assigning_page_promises_exists_on_every_chapter(
    book_html: Path, manifest: list[dict]
) -> None:
    generic, named = promises()
    ids_of = {c["id"] for c in manifest}
    assert set(named) <= ids_of, f"the assigning page names chapters the book does not have: {set(named) - ids_of}"
    missing = []
    for chapter in manifest:
        cid = chapter["id"]
        ids = {tag["id"] for tag in soup(book_html / chapter["url"].split("#")[0]).select("[id]")}
        wanted = {f"ch-{cid}"} | {f"ch-{cid}-{s}" for s in named.get(cid, generic)}
        missing += [f"{cid}: #{a}" for a in sorted(wanted - ids)]
    assert not missing, missing


def test_every_chapter_has_what_the_assigning_page_says_the_for_teachers_box_holds(
    book_html: Path, manifest: list[dict]
) -> None:
    text = (ROOT / "book" / "teachers" / "assigning.md").read_text(encoding="utf-8")
    assert "Download this chapter as PDF" in text and "lesson plan" in text
    for chapter in manifest:
        box = soup(book_html / chapter["url"].split("#")[0]).select_one(".supportbook-for-teachers")
        words = box.get_text(" ", strip=True)
        assert "Download this chapter as PDF" in words and "Lesson plan" in words, chapter["id"]
        assert "Reflection exercises" in words, chapter["id"]


def test_the_root_page_is_a_whole_document(book_html: Path, base: str) -> None:
    text = (book_html / "index.html").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    page = BeautifulSoup(text, "html.parser")
    assert page.html["lang"] == "en" and page.title.get_text() == "Circles of Support"
    target = page.select_one("main a")["href"]
    assert (book_html / target).exists()
    assert page.find("link", rel="canonical")["href"] == base + target


def test_root_page_is_left_alone_when_already_whole() -> None:
    whole = '<!DOCTYPE html><html lang="en"><meta http-equiv="Refresh" content="0; url=a.html"></html>'
    assert links.root_page(whole, "https://example.org/") == whole
    bare = '<meta http-equiv="Refresh" content="0; url=book/intro.html" />\n'
    assert "<title>Circles of Support</title>" in links.root_page(bare, "")


WEB_ONLY = re.compile(r"\b(button|buttons|click|tap|the bar at the top|press (?:it|the|esc|shift))\b", re.I)


def test_how_to_use_says_only_what_is_true_of_each_edition() -> None:
    """Buttons and keys exist on the web site only: such sentences sit in `{only} builder_html` blocks,
    and the print and e-book editions say what they are instead."""
    text = (ROOT / "book" / "how-to-use.md").read_text(encoding="utf-8")
    web = re.findall(r"^(`{3,}|:{3,})\{only\} builder_html\n(.*?)^\1$", text, re.M | re.S)
    others = re.findall(r"^(`{3,}|:{3,})\{only\} not builder_html\n(.*?)^\1$", text, re.M | re.S)
    assert web and others, "no web-only or print/e-book-only blocks"
    everywhere = re.sub(r"^(`{3,}|:{3,})\{only\} [^\n]*\n.*?^\1$", "", text, flags=re.M | re.S)
    found = [m.group(0) for m in WEB_ONLY.finditer(everywhere)]
    assert not found, f"said in every edition but true on the web only: {found}"
    assert any(WEB_ONLY.search(body) for _f, body in web)
    assert not [m.group(0) for _f, body in others for m in WEB_ONLY.finditer(body)]
