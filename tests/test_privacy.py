"""Privacy by construction: nothing on a built page is loaded from another host, every page carries the
Content-Security-Policy, and the site's scripts store nothing (no cookies, no web storage)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from supportbook.sphinxext.html import add_csp, disable_storage_writes

# Attributes that make the browser fetch something when the page loads (links a reader clicks are fine).
EMBEDDING = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "base": ("href",),
    "form": ("action",),
}
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.S)
_CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*['\"]?([^'\")\s;]+)")
STORAGE_WRITES = [
    re.compile(r"localStorage\s*\.\s*setItem"),
    re.compile(r"sessionStorage\s*\.\s*setItem"),
    re.compile(r"localStorage\s*\[[^\]]+\]\s*="),
    re.compile(r"document\s*\.\s*cookie\s*="),
    re.compile(r"\bindexedDB\s*\.\s*open"),
    re.compile(r"\bopenDatabase\s*\("),
    re.compile(r"\bcaches\s*\.\s*open"),
    re.compile(r"serviceWorker\s*\.\s*register"),
]


def is_off_site(url: str) -> bool:
    """True for anything fetched from another host: absolute http(s), protocol-relative, ftp..."""
    url = url.strip()
    if not url or url.startswith(("#", "data:")):
        return False
    parts = urlsplit(url)
    return bool(parts.scheme and parts.scheme not in ("data", "blob")) or url.startswith("//")


def html_pages(book_html: Path) -> list[Path]:
    pages = sorted(book_html.rglob("*.html"))
    assert pages, "no HTML was built"
    return pages


def test_the_helpers_recognise_off_site_addresses() -> None:
    assert is_off_site("https://cdn.example.org/x.js")
    assert is_off_site("//fonts.example.com/a.css")
    assert not is_off_site("../_static/quick-exit.js?v=1")
    assert not is_off_site("data:image/svg+xml;charset=utf-8,<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert not is_off_site("#svg-menu")


def test_no_page_embeds_anything_from_another_host(book_html: Path) -> None:
    problems = []
    for page in html_pages(book_html):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag_name, attributes in EMBEDDING.items():
            for tag in soup.find_all(tag_name):
                if tag_name == "link" and tag.get("rel") == ["canonical"]:
                    continue  # names the page's published address (test_links.py); browsers never fetch it
                for attribute in attributes:
                    value = tag.get(attribute)
                    if not value:
                        continue
                    urls = [value]
                    if "srcset" in attribute:
                        urls = [part.strip().split(" ")[0] for part in value.split(",")]
                    problems += [f"{page.name}: <{tag_name} {attribute}={url!r}>" for url in urls if is_off_site(url)]
        refresh = soup.find("meta", attrs={"http-equiv": re.compile("refresh", re.I)})
        if refresh is not None:
            target = refresh.get("content", "").partition("url=")[2]
            if is_off_site(target):
                problems.append(f"{page.name}: meta refresh to {target}")
        styles = " ".join(tag.get_text() for tag in soup.find_all("style"))
        styles += " ".join(tag.get("style", "") for tag in soup.find_all(style=True))
        problems += [f"{page.name}: CSS {url}" for _q, url in _CSS_URL.findall(styles) if is_off_site(url)]
        problems += [f"{page.name}: CSS @import {url}" for url in _CSS_IMPORT.findall(styles) if is_off_site(url)]
    assert not problems, "\n".join(problems)


def test_no_stylesheet_loads_fonts_or_images_from_another_host(book_html: Path) -> None:
    problems = []
    for sheet in sorted((book_html / "_static").rglob("*.css")):
        css = sheet.read_text(encoding="utf-8", errors="replace")
        problems += [f"{sheet.name}: url({url[:60]})" for _q, url in _CSS_URL.findall(css) if is_off_site(url)]
        problems += [f"{sheet.name}: @import {url}" for url in _CSS_IMPORT.findall(css) if is_off_site(url)]
    assert not problems, "\n".join(problems)


def test_every_page_has_the_csp_meta_first_in_head(book_html: Path) -> None:
    for page in html_pages(book_html):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        metas = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert len(metas) == 1, page
        policy = metas[0]["content"]
        assert "default-src 'self'" in policy, page
        assert "frame-src 'none'" in policy and "object-src 'none'" in policy, page
        assert "http" not in policy and "*" not in policy, f"{page}: the policy names another host"
        script_src = re.search(r"script-src ([^;]+)", policy).group(1)
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, page
        first_loader = (soup.head or soup).find(["script", "link", "style"])
        assert first_loader is None or metas[0].sourceline <= first_loader.sourceline, f"{page}: CSP after a resource"
        assert soup.find("meta", attrs={"name": "referrer", "content": "no-referrer"}) is not None, page


def test_inline_scripts_are_allowed_only_by_their_hash(book_html: Path) -> None:
    page = book_html / "book" / "intro.html"
    html = page.read_text(encoding="utf-8")
    policy = BeautifulSoup(html, "html.parser").find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)
    assert policy.count("'sha256-") == len(set(inline))
    assert add_csp(html).count("Content-Security-Policy") == 1  # re-running does not stack policies


def test_shipped_scripts_never_store_anything(book_html: Path) -> None:
    problems = []
    sources = [(p.name, p.read_text(encoding="utf-8", errors="replace")) for p in (book_html / "_static").rglob("*.js")]
    for page in html_pages(book_html):
        html = page.read_text(encoding="utf-8")
        sources += [(page.name, body) for body in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)]
    for name, source in sources:
        problems += [f"{name}: {pattern.pattern}" for pattern in STORAGE_WRITES if pattern.search(source)]
    assert not problems, "\n".join(sorted(set(problems)))


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('localStorage.setItem("theme",e)', '(function(){})("theme",e)'),
        ("window.sessionStorage.setItem(k, v);", "(function(){})(k, v);"),
        ('localStorage.getItem("theme")', 'localStorage.getItem("theme")'),
    ],
)
def test_storage_writes_become_no_ops(before: str, after: str) -> None:
    assert disable_storage_writes(before) == after
