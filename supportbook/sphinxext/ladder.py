"""The triage ladder in the book: ```{triage-ladder}```, rendered from `supportbook/data/ladder.yml`.

One source, the same words on every page and in every format: the directive builds standard nodes (an
admonition holding a numbered list), so HTML, LaTeX and EPUB print it alike; HTML looks come from CSS
classes. The ladder is loaded and validated once per build, when the builder starts; bad data stops the
build there with the file, the step and what to fix.

A second check keeps it said once: a page that carries a step heading ("Right now — emergency") outside
the directive gets a warning naming the file and line, so the strict build stops on a hand-typed copy.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from supportbook import ladder as data
from supportbook import names
from supportbook.sphinxext.datafile import DataFile
from supportbook.sphinxext.safety_nodes import ref

logger = logging.getLogger(__name__)

LADDER_CLASS = names.LADDER


class LadderDataError(ExtensionError):
    category = "Triage ladder data error"


LADDER = DataFile(
    config_name="supportbook_ladder",
    default=data.DATA_FILE,
    load=data.load,
    data_error=data.LadderError,
    build_error=LadderDataError,
)


def get_ladder(env: BuildEnvironment) -> data.Ladder:
    return LADDER.get(env)


def inline(text: str) -> list[nodes.Node]:
    """Text with `[[label|words]]` turned into cross-references."""
    result: list[nodes.Node] = []
    position = 0
    for match in data.LINK.finditer(text):
        if match.start() > position:
            result.append(nodes.Text(text[position : match.start()]))
        result.append(ref(match.group(1), text=match.group(2)))
        position = match.end()
    if position < len(text):
        result.append(nodes.Text(text[position:]))
    return result


def _bullets(texts: tuple[str, ...] | list[str], css: str) -> nodes.bullet_list:
    items = nodes.bullet_list(classes=[css])
    for text in texts:
        items += nodes.list_item("", nodes.paragraph("", "", *inline(text)))
    return items


def step_node(step: data.Step) -> nodes.list_item:
    item = nodes.list_item(classes=["supportbook-ladder-step", f"supportbook-ladder-{step.id}"])
    head = nodes.paragraph(classes=["supportbook-ladder-heading"])
    head += nodes.strong(f"{step.heading}.", f"{step.heading}.")
    if step.signs_intro and step.signs:
        head += nodes.Text(f" {step.signs_intro}")
    elif len(step.signs) == 1:
        head += nodes.Text(" ")
        head += inline(step.signs[0])
    item += head
    if step.signs_intro and step.signs:
        item += _bullets(step.signs, "supportbook-ladder-signs")
    todo = nodes.paragraph(classes=["supportbook-ladder-todo"])
    todo += nodes.strong("What to do:", "What to do:")
    item += todo
    actions = _bullets(step.actions, "supportbook-ladder-actions")
    for reader in step.readers:
        para = nodes.paragraph("", "", nodes.strong(f"{reader.reader}:", f"{reader.reader}:"), nodes.Text(" "))
        para += inline(reader.action)
        actions += nodes.list_item("", para, classes=["supportbook-ladder-reader"])
    item += actions
    return item


def ladder_node(ladder: data.Ladder) -> nodes.admonition:
    """The whole ladder: the same nodes on every page."""
    box = nodes.admonition("", classes=["admonition", LADDER_CLASS])
    box += nodes.title(ladder.title, ladder.title)
    box += nodes.paragraph("", "", *inline(ladder.lead))
    steps = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".", classes=["supportbook-ladder-steps"])
    for step in ladder.steps:
        steps += step_node(step)
    box += steps
    return box


class TriageLadderDirective(SphinxDirective):
    """```{triage-ladder}``` — the one triage ladder: right now, today, this week, ongoing."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        box = ladder_node(get_ladder(self.env))
        self.set_source_info(box)
        return [box]


class WordsToSayDirective(SphinxDirective):
    """```{words-to-say}``` — the first-conversation words from the ladder file (the cards print the same)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        items = _bullets([f"“{text}”" for text in get_ladder(self.env).words], names.LADDER_WORDS)
        self.set_source_info(items)
        return [items]


def _inside_ladder(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if LADDER_CLASS in parent.get("classes", []):
            return True
        parent = parent.parent
    return False


def check_hand_typed(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: warn where a page types a ladder step heading instead of using the directive."""
    ladder = get_ladder(app.env)
    headings = [step.heading.lower() for step in ladder.steps]
    for para in doctree.findall(nodes.paragraph):
        if _inside_ladder(para):
            continue
        words = " ".join(para.astext().split()).lower().replace(" - ", " — ").replace(" – ", " — ")
        for heading in headings:
            if heading in words:
                logger.warning(
                    f"a triage-ladder step ('{heading}') is typed by hand: the ladder is said once, in "
                    f"{ladder.path.name}; replace this text with the ```{{triage-ladder}}``` directive",
                    location=para,
                    type="supportbook",
                    subtype="ladder",
                )
                break


def setup(app: Sphinx) -> None:
    LADDER.setup(app)
    app.connect("doctree-read", check_hand_typed)
    app.add_directive("triage-ladder", TriageLadderDirective)
    app.add_directive("words-to-say", WordsToSayDirective)
