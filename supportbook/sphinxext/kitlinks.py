"""Links to the teacher's kit files made by `make slides` and `make docs`: `{lesson-downloads}` and `{kit-file}`.

```{lesson-downloads}``` on a lesson plan lists its slide deck (`slides/lesson-ID.pptx`), the plan as a
Word file (`docs/lesson-ID.docx`) and its worksheet (`docs/ex-ID.docx`), ID being the page's name.
{kit-file}`Letter to parents and carers <docs/letter-to-families.docx>` links one file. On the web site the
links are relative to the page; in print and e-books, where a relative file link leads nowhere, they
become plain text naming the file on the book's web site (see `KitLinksOffline`).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective, SphinxRole

from supportbook import names

KIT_CLASS = names.KIT_LINKS
INTRO = "Files for this lesson, made from this page:"
SLIDES_DIR, DOCS_DIR = "slides", "docs"
_EXPLICIT = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.S)
_SAFE_PATH = re.compile(r"^(slides|docs)/[a-z0-9-]+\.(pptx|docx)$")
HTML_BUILDERS = ("html", "dirhtml", "singlehtml")


def kit_files(page_name: str) -> list[tuple[str, str]]:
    """(link text, path in the site) for a lesson plan named `lesson-ID`."""
    lesson_id = page_name.removeprefix("lesson-")
    return [
        ("Slides for this lesson (PowerPoint)", f"{SLIDES_DIR}/lesson-{lesson_id}.pptx"),
        ("This lesson plan to edit (Word)", f"{DOCS_DIR}/lesson-{lesson_id}.docx"),
        ("The worksheet to edit (Word)", f"{DOCS_DIR}/ex-{lesson_id}.docx"),
    ]


def _link(text: str, path: str, prefix: str) -> nodes.reference:
    return nodes.reference(text, text, refuri=f"{prefix}{path}", classes=[KIT_CLASS])


class LessonDownloadsDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        prefix = "../" * self.env.docname.count("/")
        lead = nodes.paragraph("", INTRO, classes=[KIT_CLASS])
        items = nodes.bullet_list(classes=[KIT_CLASS])
        for text, path in kit_files(PurePosixPath(self.env.docname).name):
            items += nodes.list_item("", nodes.paragraph("", "", _link(text, path, prefix)))
        self.set_source_info(lead)
        self.set_source_info(items)
        return [lead, items]


class KitFileRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        match = _EXPLICIT.match(self.text.strip())
        if not match or not _SAFE_PATH.match(match.group(2).strip()):
            message = self.inliner.reporter.error(
                f"{{kit-file}} needs 'Text <slides/NAME.pptx>' or 'Text <docs/NAME.docx>' (got {self.text!r})",
                line=self.lineno,
            )
            return [self.inliner.problematic(self.rawtext, self.rawtext, message)], [message]
        prefix = "../" * self.env.docname.count("/")
        return [_link(match.group(1), match.group(2).strip(), prefix)], []


class KitLinksOffline(SphinxPostTransform):
    """Print and e-book editions: kit links become plain text naming the file on the web site."""

    default_priority = 380

    def run(self, **kwargs: Any) -> None:
        if self.app.builder.name in HTML_BUILDERS:
            return
        for ref_node in list(self.document.findall(nodes.reference)):
            if KIT_CLASS in ref_node.get("classes", []):
                path = ref_node["refuri"].lstrip("./")
                text = f"{ref_node.astext()}: {path} on the book's web site"
                ref_node.replace_self(nodes.inline(text, text, classes=[KIT_CLASS]))


def has_downloads(doctree: nodes.document) -> bool:
    return any(KIT_CLASS in n.get("classes", []) for n in doctree.findall(nodes.bullet_list))


def setup(app: Sphinx) -> None:
    app.add_directive("lesson-downloads", LessonDownloadsDirective)
    app.add_role("kit-file", KitFileRole())
    app.add_post_transform(KitLinksOffline)
