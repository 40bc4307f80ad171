"""HTML page metadata and theme fixes that readers and their tools rely on, made as each page is written.

- a meta description on every page (search engines and link previews show it; book/_templates/page.html);
- the sidebar's part captions carry `role="heading"` from Sphinx but no level, which screen readers
  need (WCAG 1.3.1, axe `aria-required-attr`): they are given `aria-level="2"` in furo's navigation tree
  (a context value);
- landmarks are unique and named: the safety bar is a labelled <nav>, so furo's announcement wrapper
  becomes a plain <div>, and the two sidebars are labelled (axe `landmark-unique`). furo's `page.html` has
  no template block around these elements, so book/_templates/page.html passes furo's body through
  `supportbook_page_skeleton`, which changes them (and makes the fixes other modules add for the page
  under `SKELETON_FIXES`: search.py's link in the phone header);
- bibliography entries are list items of the citation list (docutils marks them with the deprecated
  `doc-biblioentry` role inside a `role="list"`, axe `aria-required-children`; EPUBCheck RSC-017): the
  page body (a context value) is changed, for the web site and the EPUB alike.

Each change is a checked `markup.Fix`: when furo, Sphinx or docutils no longer write what it changes, the
page's build warning says so and the strict build stops.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.util import logging

from supportbook.sphinxext import markup

logger = logging.getLogger(__name__)

SITE_DESCRIPTION = (
    "A free, open guide for families and educators to the circle of support around a young person "
    "who self-harms: professionals, friends and family, support groups, and helplines."
)
MODULE = "supportbook/sphinxext/pagemeta.py"
FURO = "furo"  # the theme whose page skeleton SIDEBAR_FIXES change
# A context key: more fixes to furo's page skeleton, added by other modules' html-page-context handlers
# (which run before this module's) for the page being written (search.py's phone-header link).
SKELETON_FIXES = "supportbook_skeleton_fixes"
# furo's page skeleton (its page.html body block): each once on every page written from it; the
# announcement (where the safety bar sits) when the theme option `announcement` is set.
ANNOUNCEMENT_FIX = markup.Fix(
    "the safety bar's wrapper as a plain <div> (one named landmark, not two)",
    re.compile(r'<aside class="announcement-content">(.*?)</aside>', re.S),
    r'<div class="announcement-content">\1</div>',
    count=1,
)
SIDEBAR_FIXES: tuple[markup.Fix, ...] = (
    markup.Fix(
        "the book contents sidebar's label",
        re.compile(r'<aside class="sidebar-drawer">'),
        '<aside class="sidebar-drawer" aria-label="Book contents">',
        count=1,
    ),
    markup.Fix(
        "the 'On this page' sidebar's label",
        re.compile(r'<aside class="toc-drawer( no-toc)?">'),
        r'<aside class="toc-drawer\1" aria-label="On this page">',
        count=1,
    ),
)
# Sphinx's part captions in furo's navigation tree: on every page whose tree has a caption.
CAPTION_FIX = markup.Fix(
    "the part captions' heading level",
    re.compile(r'<p class="caption" role="heading">'),
    '<p class="caption" role="heading" aria-level="2">',
)
# docutils' citations, in the body of a page that holds one.
CITATION_FIX = markup.Fix(
    "the bibliography entries' list-item role",
    re.compile(r'role="doc-biblioentry"'),
    'role="listitem"',
)


def describe(title: str | None) -> str:
    """Plain text (the template escapes it once): the page title arrives as HTML, tags and entities."""
    clean = " ".join(html.unescape(re.sub(r"<[^>]+>", "", title or "")).split())
    if not clean or clean == "Circles of Support":
        return SITE_DESCRIPTION
    return f"{clean}: a chapter of Circles of Support. {SITE_DESCRIPTION}"


def _warn(pagename: str, missed: list[markup.Fix], source: str) -> None:
    logger.warning(
        markup.missed_message(missed, source, MODULE), location=pagename, type="supportbook", subtype="markup"
    )


def fix_skeleton(
    body: str, announcement: bool = True, extra: tuple[markup.Fix, ...] = ()
) -> tuple[str, list[markup.Fix]]:
    """furo's page skeleton with its landmarks named (and any `extra` fixes), and the fixes that found nothing."""
    fixes = (ANNOUNCEMENT_FIX, *SIDEBAR_FIXES) if announcement else SIDEBAR_FIXES
    return markup.apply(body, (*fixes, *extra))


def fix_navigation(tree: str) -> tuple[str, list[markup.Fix]]:
    """furo's navigation tree with a heading level on each part caption (a tree without captions has none)."""
    if 'class="caption"' not in tree:
        return tree, []
    return markup.apply(tree, (CAPTION_FIX,))


def fix_citations(body: str, doctree: nodes.document | None) -> tuple[str, list[markup.Fix]]:
    """The page body with each bibliography entry as a list item (only a page with citations has any)."""
    if doctree is None or next(doctree.findall(nodes.citation), None) is None:
        return body, []
    return markup.apply(body, (CITATION_FIX,))


def _skeleton_function(
    pagename: str, furo: bool, announcement: bool, extra: tuple[markup.Fix, ...]
) -> Callable[[str], Markup]:
    """What page.html passes its body block through: the landmark fixes on a furo page; else nothing (the
    EPUB's theme writes page.html's body without furo's skeleton)."""

    def fixed(body: str) -> Markup:
        if not furo:
            return Markup(body)
        html, missed = fix_skeleton(str(body), announcement, extra)
        if missed:
            _warn(pagename, missed, "furo's page.html")
        return Markup(html)

    return fixed


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    context["supportbook_description"] = describe(context.get("title"))
    # The book has no code cells: the syntax-highlighting and notebook styles are dead weight.
    context["css_files"] = [
        css for css in context.get("css_files", []) if not re.search(r"(pygments|mystnb)[^/]*\.css", str(css))
    ]
    theme = getattr(getattr(app.builder, "theme", None), "name", "")
    context["supportbook_page_skeleton"] = _skeleton_function(
        pagename, theme == FURO, bool(context.get("theme_announcement")), tuple(context.get(SKELETON_FIXES, ()))
    )
    if isinstance(context.get("body"), str):
        context["body"], missed = fix_citations(context["body"], doctree)
        if missed:
            _warn(pagename, missed, "docutils' citation")
    if isinstance(context.get("furo_navigation_tree"), str):
        context["furo_navigation_tree"], missed = fix_navigation(context["furo_navigation_tree"])
        if missed:
            _warn(pagename, missed, "Sphinx's toctree caption")


def setup(app: Sphinx) -> None:
    # After furo's own handler (500), which makes the navigation tree.
    app.connect("html-page-context", _page_context, priority=600)
