"""Stub: the safety box and appendix directives (replaced by the data-driven version)."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


class SafetyBoxDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        box = nodes.admonition(classes=["admonition", "supportbook-safety-box"])
        box += nodes.title("If you need help now", "If you need help now")
        box += nodes.paragraph(text="See the safety resources.")
        return [box]


def setup(app: Sphinx) -> None:
    app.add_directive("safety-box", SafetyBoxDirective)
