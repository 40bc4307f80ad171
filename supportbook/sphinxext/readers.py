"""Two readers, one chapter: "For families" and "For educators" as tabs on the web site, both in print.

A chapter's `(ch-ID-families)=` and `(ch-ID-educators)=` sections stay ordinary sections in the source,
the PDF, the EPUB and the handouts, so every edition prints both. On the web site a post-transform marks
the pair (when the educators' section follows the families' one) and static/reader-tabs.js turns them
into two tabs, so a parent does not wade through the school's part and a teacher does not wade through
the family's. Without JavaScript, and when printed, both sections show one after the other.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

SCRIPT = "reader-tabs.js"
FAMILIES_CLASS = "supportbook-reader-families"
EDUCATORS_CLASS = "supportbook-reader-educators"
_FAMILIES = re.compile(r"^ch-[a-z0-9-]+-families$")


def reader_pairs(document: nodes.document) -> list[tuple[nodes.section, nodes.section]]:
    """Each `ch-ID-families` section directly followed (as a sibling section) by its `ch-ID-educators` one."""
    pairs = []
    for section in document.findall(nodes.section):
        label = next((i for i in section.get("ids", []) if _FAMILIES.match(i)), None)
        if label is None or section.parent is None:
            continue
        siblings = [child for child in section.parent.children if isinstance(child, nodes.section)]
        following = siblings[siblings.index(section) + 1 :][:1]
        if following and label.removesuffix("families") + "educators" in following[0].get("ids", []):
            pairs.append((section, following[0]))
    return pairs


class ReaderTabs(SphinxPostTransform):
    """Web site only: mark the families/educators pair for static/reader-tabs.js."""

    default_priority = 395
    builders = ("html", "dirhtml", "singlehtml")  # not "epub", whose format is "html" too

    def run(self, **kwargs: Any) -> None:
        for families, educators in reader_pairs(self.document):
            families["classes"].append(FAMILIES_CLASS)
            educators["classes"].append(EDUCATORS_CLASS)


def _page_script(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Load the tabs script only on the pages that have the pair."""
    if doctree is not None and any(FAMILIES_CLASS in n.get("classes", []) for n in doctree.findall(nodes.section)):
        app.add_js_file(SCRIPT, loading_method="defer")


def setup(app: Sphinx) -> None:
    app.add_post_transform(ReaderTabs)
    # Before pagemeta's handler (priority 500), which copies the page's list of scripts and stylesheets.
    app.connect("html-page-context", _page_script, priority=400)
