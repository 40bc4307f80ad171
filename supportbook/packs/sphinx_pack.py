"""Sphinx extension for course-pack and handout builds only (added to the generated project's config).

A pack holds some chapters, their exercises and the back matter. A cross-reference to a page that is
not in the pack ("see Family members") cannot link anywhere, so it is printed as the title of its
target, as plain text, instead of a warning and a bare label. Titles come from the whole book's sources
(`supportbook_pack_book`, the book's folder), read once when the builder starts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from supportbook.packs import labels

ENV_ATTR = "supportbook_pack_titles"
OUTSIDE_CLASS = "supportbook-not-in-pack"
REFTYPES = ("ref", "doc", "term", "numref", "keyword")


def _load(app: Sphinx) -> None:
    book = app.config.supportbook_pack_book
    setattr(app.env, ENV_ATTR, labels.book_labels(Path(book)) if book else {})


def outside_the_pack(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.Node | None:
    """A reference to a page outside the pack: its words, unlinked."""
    if node.get("refdomain") != "std" or node.get("reftype") not in REFTYPES:
        return None
    if node.get("refexplicit") or node.get("reftype") == "term":
        text = contnode.astext()
    else:
        titles: dict[str, Any] = getattr(env, ENV_ATTR, {})
        target = str(node.get("reftarget", ""))
        text = titles.get(target) or titles.get(target.lower()) or contnode.astext()
    return nodes.inline(text, text, classes=[OUTSIDE_CLASS])


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("supportbook_pack_book", "", "env", types=[str])
    app.connect("builder-inited", _load)
    app.connect("missing-reference", outside_the_pack)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
