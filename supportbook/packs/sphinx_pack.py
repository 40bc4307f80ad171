"""Sphinx extension for course-pack and handout builds only (added to the generated project's config).

A pack holds some chapters, their exercises and the back matter. A cross-reference to a page that is
not in the pack ("see Family members") cannot link anywhere, so it is printed as the title of its
target, as plain text, instead of a warning and a bare label. Titles come from the whole book's sources
(`supportbook_pack_book`, the book's folder), read once when the builder starts.

A handout for one country (`supportbook_pack_country`, `make handouts COUNTRY=UK`) keeps that country's
part of the safety-resources appendix (and the international directories): the other countries'
sections and emergency numbers are taken out before labels are collected, so a reference to one of
their services prints as its name, like any page outside the pack.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform

from supportbook import model, names
from supportbook.sphinxext.html import APPENDIX_DOC
from supportbook.sphinxext.safety import get_resources
from supportbook.sphinxext.safety_nodes import country_label, service_label

ENV_ATTR = "supportbook_pack_titles"
OUTSIDE_CLASS = "supportbook-not-in-pack"
REFTYPES = ("ref", "doc", "term", "numref", "keyword")


def _load(app: Sphinx) -> None:
    book = app.config.supportbook_pack_book
    setattr(app.env, ENV_ATTR, model.read_book(Path(book)).labels() if book else {})


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


COUNTRY_SECTION_CLASS = names.COUNTRY
EMERGENCY_ITEM_CLASS = names.EMERGENCY
COUNTRY_LINKS_CLASS = names.COUNTRY_LINKS
INTERNATIONAL = "INTL"


class OneCountry(SphinxTransform):
    """In a one-country handout, the appendix keeps that country's services only (before labels, 850)."""

    default_priority = 800

    def apply(self, **kwargs: Any) -> None:
        code = str(self.config.supportbook_pack_country or "").upper()
        if not code or self.env.docname != APPENDIX_DOC:
            return
        keep = {country_label(code), country_label(INTERNATIONAL)}
        emergency = get_resources(self.env).emergency(code)
        emergency_label = service_label(emergency.id) if emergency is not None else ""
        for section in list(self.document.findall(nodes.section)):
            if COUNTRY_SECTION_CLASS in section.get("classes", []) and not keep & set(section["ids"]):
                self._drop(section)
        for item in list(self.document.findall(nodes.list_item)):
            if EMERGENCY_ITEM_CLASS in item.get("classes", []) and emergency_label not in item["ids"]:
                self._drop(item)
        for links in list(self.document.findall(nodes.bullet_list)):
            if COUNTRY_LINKS_CLASS not in links.get("classes", []):
                continue
            for item in list(links.children):
                targets = {str(ref.get("reftarget", "")) for ref in item.findall(addnodes.pending_xref)}
                if targets and not targets & keep:
                    self._drop(item)

    def _drop(self, node: nodes.Element) -> None:
        """Remove a node and forget its labels, so references to them are references outside the pack."""
        document = self.document
        for element in node.findall(nodes.Element):
            for ident in element.get("ids", []):
                document.ids.pop(ident, None)
            for name in element.get("names", []):
                document.nameids.pop(name, None)
                document.nametypes.pop(name, None)
        node.parent.remove(node)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("supportbook_pack_book", "", "env", types=[str])
    app.add_config_value("supportbook_pack_country", "", "env", types=[str])
    app.add_transform(OneCountry)
    app.connect("builder-inited", _load)
    app.connect("missing-reference", outside_the_pack)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
