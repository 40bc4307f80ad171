"""The safety box as plain text, for slides and Word files: the very words of the web page's box.

The box is built by `safety_nodes.safety_box` from `resources.yml` and read back as text, so the numbers
and lines are never typed here and always match the site.
"""

from __future__ import annotations

from dataclasses import dataclass

from docutils import nodes

from supportbook.resources import Resources
from supportbook.sphinxext.safety_nodes import safety_box


@dataclass(frozen=True)
class SafetyText:
    title: str
    lead: str
    lines: tuple[str, ...]  # one a country: 'United States: emergency 911. 988 Suicide & Crisis Lifeline — ...'
    closing: str


def safety_text(resources: Resources) -> SafetyText:
    box = safety_box(resources)
    title = next(iter(box.findall(nodes.title))).astext()
    paras = [child for child in box.children if isinstance(child, nodes.paragraph)]
    items = next(iter(box.findall(nodes.bullet_list)))
    lines = tuple(" ".join(item.astext().split()) for item in items.children)
    return SafetyText(title, " ".join(paras[0].astext().split()), lines, " ".join(paras[-1].astext().split()))
