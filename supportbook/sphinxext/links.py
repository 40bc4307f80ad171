"""Links a teacher can paste (issue 12): full stable addresses, link previews and a valid root page.

- `html_baseurl` (one value in `_config.yml`) is where the book is published. Each chapter's stable link
  is the full address built from it, and every page names its own address as canonical.
- Every page carries Open Graph and Twitter card tags (title, description, address, a small preview image
  with its alt text), so a learning platform or chat app shows the chapter when its link is pasted. The
  tags only name addresses; nothing is loaded from anywhere.
- The root `index.html` (a redirect to the first page, written by sphinx-external-toc) becomes a whole
  HTML document: doctype, language, title and a link for browsers that do not follow the redirect.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from docutils import nodes
from markupsafe import escape
from sphinx.application import Sphinx
from sphinx.errors import SphinxError

from supportbook import names
from supportbook.sphinxext.pagemeta import SITE_DESCRIPTION, describe

SITE_NAME = "Circles of Support"
PREVIEW_IMAGE = "_static/preview.png"  # book/_static/preview.png, 1200×630
PREVIEW_SIZE = (1200, 630)
PREVIEW_ALT = "Circles of Support: a free guide for families and educators, with three linked circles."
COPY_RAW_CLASS = names.COPY_RAW
_REDIRECT = re.compile(r'<meta http-equiv="Refresh" content="0; url=([^"]+)"\s*/?>', re.I)


def base_url(app: Sphinx) -> str:
    """The published address of the site, ending in '/', or '' when none is configured."""
    base = (getattr(app.config, "html_baseurl", "") or "").strip()
    return base.rstrip("/") + "/" if base else ""


def stable_url(app: Sphinx, page_path: str, anchor: str) -> str:
    """The full address of `page_path#anchor` on the published site (the relative path without a base)."""
    return f"{base_url(app)}{page_path}#{anchor}"


def copy_button(url: str) -> str:
    """The "Copy link" button (shown where JavaScript runs, copy-link.js) and its spoken status."""
    return (
        f'<button type="button" class="sb-copy-link" data-url="{escape(url)}">Copy link</button>'
        '<span class="sb-copy-status" role="status"></span>'
    )


def _plain_title(title: Any) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", str(title or "")).split())


def preview_tags(title: str, description: str, page_url: str, image_url: str, kind: str) -> str:
    """Open Graph and Twitter card <meta> tags, every value escaped once."""
    tags = [
        ("property", "og:site_name", SITE_NAME),
        ("property", "og:type", kind),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:locale", "en_US"),
    ]
    if page_url:
        tags.append(("property", "og:url", page_url))
    if image_url:
        tags += [
            ("property", "og:image", image_url),
            ("property", "og:image:type", "image/png"),
            ("property", "og:image:width", str(PREVIEW_SIZE[0])),
            ("property", "og:image:height", str(PREVIEW_SIZE[1])),
            ("property", "og:image:alt", PREVIEW_ALT),
        ]
    tags += [
        ("name", "twitter:card", "summary_large_image" if image_url else "summary"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
    ]
    if image_url:
        tags += [("name", "twitter:image", image_url), ("name", "twitter:image:alt", PREVIEW_ALT)]
    return "".join(f'<meta {attr}="{name}" content="{escape(value)}">\n' for attr, name, value in tags)


def site_url_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, options: Any = None, content: Any = None
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """{site-url}`PATH` — a page's published address (html_baseurl + PATH) as a link, for the print and
    e-book editions."""
    base = (inliner.document.settings.env.config.html_baseurl or "").strip()
    if not base:
        return [nodes.Text("the address where your copy was published")], []
    url = base.rstrip("/") + "/" + text.strip().lstrip("/")
    return [nodes.reference(url, url, refuri=url)], []


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if app.builder.name != "html":
        return
    title = _plain_title(context.get("title"))
    full_title = SITE_NAME if not title or title == SITE_NAME else f"{title} — {SITE_NAME}"
    description = describe(context.get("title")) if title else SITE_DESCRIPTION
    base = base_url(app)
    image = f"{base}{PREVIEW_IMAGE}" if base else ""
    kind = "article" if doctree is not None and pagename != app.config.root_doc else "website"
    tags = preview_tags(full_title, description, context.get("pageurl") or "", image, kind)
    context["metatags"] = (context.get("metatags") or "") + tags


def root_page(html: str, base: str) -> str:
    """The bare redirect page as a whole document; anything else is returned as it is."""
    found = _REDIRECT.search(html)
    if found is None or "<html" in html.lower():
        return html
    target = escape(found.group(1))
    canonical = f'<link rel="canonical" href="{escape(base)}{target}">\n' if base else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{SITE_NAME}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="description" content="{escape(SITE_DESCRIPTION)}">\n'
        f'<meta http-equiv="Refresh" content="0; url={target}">\n{canonical}'
        "</head>\n<body>\n"
        f'<main><p><a href="{target}">Open {SITE_NAME}</a></p></main>\n'
        "</body>\n</html>\n"
    )


class RootPageError(SphinxError):
    category = "Root page"


def whole_root_page(html: str, base: str) -> str:
    """`root_page`, failing in one line when index.html is neither a whole page nor a redirect it knows."""
    fixed = root_page(html, base)
    if fixed == html and "<html" not in html.lower():
        raise RootPageError(
            "index.html is not a whole HTML page and holds no redirect this project recognises "
            "(sphinx-external-toc changed how it writes it?): update _REDIRECT in supportbook/sphinxext/links.py"
        )
    return fixed


PREVIEW_TITLE_TAGS = (("property", "og:title"), ("name", "twitter:title"))


def own_address(soup: BeautifulSoup, url: str) -> list[str]:
    """A page written from another page's HTML (the course pack's print page) names its own address and
    title in its canonical link and preview tags. Returns the tags it could not find (none, normally)."""
    missing = []
    canonical = soup.find("link", rel="canonical")
    if canonical is None:
        missing.append('<link rel="canonical">')
    else:
        canonical["href"] = url
    og_url = soup.find("meta", attrs={"property": "og:url"})
    if og_url is None:
        missing.append('<meta property="og:url">')
    else:
        og_url["content"] = url
    title = soup.head.find("title") if soup.head is not None else None
    text = " ".join(title.get_text().split()) if title is not None else ""
    for attr, name in PREVIEW_TITLE_TAGS:
        tag = soup.find("meta", attrs={attr: name})
        if tag is None:
            missing.append(f'<meta {attr}="{name}">')
        elif text:
            tag["content"] = text
    return missing


def _finish(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    index = Path(app.outdir) / "index.html"
    if index.exists():
        text = index.read_text(encoding="utf-8")
        fixed = whole_root_page(text, base_url(app))
        if fixed != text:
            index.write_text(fixed, encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.add_js_file("copy-link.js", loading_method="defer")
    app.add_role("site-url", site_url_role)
    app.connect("html-page-context", _page_context)
    # After sphinx-external-toc writes the redirect (500), before the CSP pass (html.py, 900).
    app.connect("build-finished", _finish, priority=850)
