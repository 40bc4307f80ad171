"""HTML page metadata and theme fixes that readers and their tools rely on.

- a meta description on every page (search engines and link previews show it);
- the sidebar's part captions carry `role="heading"` from Sphinx but no level, which screen readers
  need (WCAG 1.3.1, axe `aria-required-attr`): they are given `aria-level="2"`;
- landmarks are unique and named: the safety bar is a labelled <nav>, so furo's announcement wrapper
  becomes a plain <div>, and the two sidebars are labelled (axe `landmark-unique`);
- bibliography entries are list items of the citation list (docutils marks them with the deprecated
  `doc-biblioentry` role inside a `role="list"`, axe `aria-required-children`).
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

SITE_DESCRIPTION = (
    "A free, open guide for families and educators to the circle of support around a young person "
    "who self-harms: professionals, friends and family, support groups, and helplines."
)
_FIXES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r'<p class="caption" role="heading">'), '<p class="caption" role="heading" aria-level="2">'),
    (
        re.compile(r'<aside class="announcement-content">(.*?)</aside>', re.S),
        r'<div class="announcement-content">\1</div>',
    ),
    (re.compile(r'<aside class="sidebar-drawer">'), '<aside class="sidebar-drawer" aria-label="Book contents">'),
    (re.compile(r'<aside class="toc-drawer">'), '<aside class="toc-drawer" aria-label="On this page">'),
    (re.compile(r'role="doc-biblioentry"'), 'role="listitem"'),
)


def describe(title: str | None) -> str:
    """Plain text (the template escapes it once): the page title arrives as HTML, tags and entities."""
    clean = " ".join(html.unescape(re.sub(r"<[^>]+>", "", title or "")).split())
    if not clean or clean == "Circles of Support":
        return SITE_DESCRIPTION
    return f"{clean}: a chapter of Circles of Support. {SITE_DESCRIPTION}"


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    context["supportbook_description"] = describe(context.get("title"))
    # The book has no code cells: the syntax-highlighting and notebook styles are dead weight.
    context["css_files"] = [
        css for css in context.get("css_files", []) if not re.search(r"(pygments|mystnb)[^/]*\.css", str(css))
    ]


def fix_landmarks(html: str) -> str:
    for pattern, replacement in _FIXES:
        html = pattern.sub(replacement, html)
    return html


def _finish(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = fix_landmarks(text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", _page_context)
    # Run before the CSP pass (priority 500) so the policy sees the final page.
    app.connect("build-finished", _finish, priority=400)
