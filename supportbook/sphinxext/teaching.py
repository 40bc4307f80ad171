"""The teaching safety steps in the book, rendered from `supportbook/data/teaching.yml`.

```{before-you-teach}``` (options :for: students or staff, :story:, and :who: to override whom to warn)
is the lesson plan's "Before you teach" box. ```{send-steps}``` (:for:, :story:, :keywords:; its content
is a bullet list of the lesson's own steps) is the section for students with special educational needs:
the shared intro and steps around the lesson's own. The role {teaching}`NAME` is one shared line inside a
page's own paragraph or list ("welcome", "close", "read-slips", "exercises-use" ...).

All three build standard nodes (an admonition, paragraphs, a bullet list, inline text) marked with the
class `supportbook-teaching`, so HTML, LaTeX, EPUB and the handouts print the same words, and the text is
parsed as MyST so its roles ({ref}, {cite}) work. The data file is loaded once per build by `DataFile`
(bad data stops the build in one line naming the file and the key) and is a dependency of every page
that uses it. The teacher's kit renders the same data through `supportbook.teaching` too.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from supportbook import names
from supportbook import teaching as data
from supportbook.sphinxext.datafile import DataFile

logger = logging.getLogger(__name__)

TEACHING_CLASS = names.TEACHING


class TeachingDataError(ExtensionError):
    category = "Teaching data error"


TEACHING = DataFile(
    config_name="supportbook_teaching",
    default=data.DATA_FILE,
    load=data.load,
    data_error=data.TeachingError,
    build_error=TeachingDataError,
)


def get_teaching(env: BuildEnvironment) -> data.Teaching:
    return TEACHING.get(env)


class _Shared(SphinxDirective):
    option_spec: ClassVar[dict[str, Any]] = {
        "for": directives.unchanged_required,
        "story": directives.unchanged,
        "who": directives.unchanged,
        "keywords": directives.unchanged,
    }

    def parse(self, text: str, into: nodes.Element) -> nodes.Element:
        """Parse MyST `text` into `into` (roles and all), as if it were written where the directive is."""
        lines = StringList(text.split("\n"), source=self.get_source_info()[0] or "")
        self.state.nested_parse(lines, self.content_offset, into)
        return into

    def options_text(self) -> dict[str, str]:
        return {key: str(value) for key, value in self.options.items()}


class BeforeYouTeachDirective(_Shared):
    """```{before-you-teach}``` — the lesson plan's safety steps: prepare, warn ahead, ground rules ..."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        try:
            title, steps = data.box_markdown(get_teaching(self.env), self.options_text())
        except data.OptionError as exc:
            raise self.error(f"before-you-teach: {exc}") from None
        box = nodes.admonition("", classes=["admonition", "tip", TEACHING_CLASS])
        self.set_source_info(box)
        box += nodes.title(title, title)
        self.parse(steps, box)
        return [box]


class SendStepsDirective(_Shared):
    """```{send-steps}``` — the shared steps for students with special educational needs, around the
    lesson's own steps (the directive's content, a bullet list)."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        teaching = get_teaching(self.env)
        options = self.options_text()
        try:
            intro, steps = data.send_markdown(teaching, options, "\n".join(self.content))
            part = teaching.send[data.setting_of(options)]
        except data.OptionError as exc:
            raise self.error(f"send-steps: {exc}") from None
        parsed = self.parse(f"{intro}\n\n{steps}", nodes.container())
        lists = [child for child in parsed.children if isinstance(child, nodes.bullet_list)]
        if len(lists) != 1:
            raise self.error("send-steps: the content must be one bullet list, of the lesson's own steps")
        for para in (child for child in parsed.children if isinstance(child, nodes.paragraph)):
            para["classes"].append(TEACHING_CLASS)
        items = lists[0].children
        shared = [*items[: len(part.first)], *(items[len(items) - len(part.last) :] if part.last else [])]
        for item in shared:
            item["classes"].append(TEACHING_CLASS)
        return list(parsed.children)


class TeachingRole(SphinxRole):
    """{teaching}`NAME` — one shared line from the data file, inside a page's own paragraph or list."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        teaching = get_teaching(self.env)
        try:
            text = data.line(teaching, self.text)
        except data.OptionError as exc:
            logger.warning(f"{{teaching}}: {exc}", location=self.get_location(), type="supportbook",
                           subtype="teaching")
            return [nodes.inline(self.rawtext, self.text)], []
        span = nodes.inline("", "", classes=[TEACHING_CLASS, f"{TEACHING_CLASS}-{self.text.strip()}"])
        memo = vars(self.inliner).get("memo")  # docutils' inliner has one; MyST's stand-in needs none
        children, messages = self.inliner.parse(text, self.lineno, memo, span)
        span.extend(children)
        return [span], messages


def setup(app: Sphinx) -> None:
    TEACHING.setup(app)
    app.add_directive("before-you-teach", BeforeYouTeachDirective)
    app.add_directive("send-steps", SendStepsDirective)
    app.add_role("teaching", TeachingRole())
