"""The chapter contract: the parts a teacher relies on, declared in the page and checked on every build.

A chapter (front matter `supportbook: {kind: chapter}`) must have a stable label, the safety box first,
3-5 learning objectives, key points, and a labelled section for each part every chapter carries. Reading
time is computed from the words on the page, never typed. A missing part is a warning naming the file,
the line and the part, so the strict build (`-W`) stops on it.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from supportbook import frontmatter, model, names
from supportbook.sphinxext import links, store, tables

logger = logging.getLogger(__name__)

WORDS_PER_MINUTE = 200
OBJECTIVES_RANGE = (3, 5)
IN_SHORT_RANGE = (3, 6)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")

# Label suffixes every page of a kind must define: `ch-<id>-<suffix>`.
REQUIRED_SECTIONS: dict[str, dict[str, str]] = {
    "chapter": {
        "at-a-glance": "an 'At a glance' section",
        "families": "a 'For families' section",
        "families-do": "'What to do' under 'For families'",
        "families-words": "'Words to say' under 'For families'",
        "educators": "a 'For educators' section",
        "educators-do": "'What to do' under 'For educators'",
        "educators-words": "'Words to say' under 'For educators'",
        "world": "an 'Around the world' section",
        "more-help": "a 'When to seek more help' section",
        "scenario": "a fictional scenario section",
        "next": "a hopeful 'What you can do next' close",
        "exercises": "a 'Reflection exercises' section linking the exercises page",
        "reading": "a 'Further reading' section",
    },
    "closing": {
        "over-time": "a section on how the supports fit together over time",
        "support-map": "a section on building a support map",
        "safety-plan": "a section on making a safety plan",
        "self-care": "a section on looking after yourself",
        "next": "a hopeful 'What you can do next' close",
        "exercises": "a 'Reflection exercises' section linking the exercises page",
        "reading": "a 'Further reading' section",
    },
}
CHAPTER_KINDS = model.CHAPTER_KINDS
# The first-night start page (kind `start`): short sections a frightened reader can scan, each labelled
# `start-<suffix>`, the ladder in its own section, and a word ceiling.
START_SECTIONS: dict[str, str] = {
    "now": "'What to do now', first after the title",
    "words": "'What to say, and what not to say'",
    "emergency": "'How urgent is it?' holding the '{triage-ladder}' directive",
    "injury": "'Caring for an injury'",
    "home": "'Making home safer tonight'",
    "tomorrow": "'Tomorrow'",
    "you": "'Help for you'",
    "cards": "'A card to keep' with the '{country-cards}' directive",
}
START_MAX_WORDS = 750


class chapter_info(nodes.General, nodes.Element):
    """Placeholder for the reading time / review date / 'For teachers' block; filled when resolved."""


class assignment_table(nodes.General, nodes.Element):
    """Placeholder for the table of every chapter; filled when resolved, from chapter metadata."""


def reading_minutes(words: int) -> int:
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def minutes_text(minutes: int) -> str:
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def count_words(node: nodes.Node) -> int:
    """Words a reader reads on the page: everything but the safety box and generated blocks."""
    total = 0
    for text in node.findall(nodes.Text):
        skip = False
        parent = text.parent
        while parent is not None:
            if names.NOT_READING_TIME.intersection(parent.get("classes", [])) or isinstance(
                parent, (chapter_info, assignment_table, nodes.literal_block, nodes.comment)
            ):
                skip = True
                break
            parent = parent.parent
        if not skip:
            total += len(_WORD.findall(text.astext()))
    return total


class _ListBox(SphinxDirective):
    """An admonition whose body must hold one bullet list (objectives, key points)."""

    has_content = True
    title = ""
    css_class = ""

    def run(self) -> list[nodes.Node]:
        self.assert_has_content()
        box = nodes.admonition("", classes=["admonition", self.css_class])
        self.set_source_info(box)
        box += nodes.title(self.title, self.title)
        self.state.nested_parse(self.content, self.content_offset, box)
        return [box]


class ObjectivesDirective(_ListBox):
    """```{objectives}``` — the chapter's 3-5 learning objectives, as a bullet list."""

    title = "What you will learn"
    css_class = names.OBJECTIVES


class InShortDirective(_ListBox):
    """```{in-short}``` — the chapter's opening list of what to do, right after the safety box."""

    title = "In short"
    css_class = names.IN_SHORT


class KeyPointsDirective(_ListBox):
    """```{key-points}``` — the chapter's key points, as a bullet list."""

    title = "Key points"
    css_class = names.KEY_POINTS


class ChapterInfoDirective(SphinxDirective):
    """```{chapter-info}``` — computed reading time, review date and the 'For teachers' aside."""

    def run(self) -> list[nodes.Node]:
        # The page it belongs to: a printed book resolves all chapters in one assembled document.
        node = chapter_info(docname=self.env.docname)
        self.set_source_info(node)
        return [node]


class AssignmentTableDirective(SphinxDirective):
    """```{assignment-table}``` — every chapter with part, audience, reading time, objectives, link."""

    option_spec: ClassVar[dict[str, Any]] = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        node = assignment_table()
        self.set_source_info(node)
        return [node]


def _list_items(box: nodes.Element) -> list[str]:
    lists = [child for child in box.children if isinstance(child, nodes.bullet_list)]
    if not lists:
        return []
    return [" ".join(item.astext().split()) for item in lists[0].children]


def _warn(message: str, docname: str, line: int | None, subtype: str) -> None:
    logger.warning(message, location=(docname, line), type="supportbook", subtype=subtype)


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Read the `supportbook:` front matter block and hide it from MyST."""
    record = store.record(app.env, docname)
    record.meta = None
    try:
        meta, rest = frontmatter.parse(source[0])
    except frontmatter.FrontMatterError as exc:
        _warn(f"front matter: {exc}", docname, exc.line, "frontmatter")
        return
    source[0] = rest
    record.meta = meta


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Collect the chapter's facts and check the contract."""
    env = app.env
    docname = env.docname
    record = store.record(env, docname)
    record.assignment_table = next(doctree.findall(assignment_table), None) is not None
    meta = record.meta
    if meta is None:
        return
    title_node = next(doctree.findall(nodes.title), None)
    record.title = title_node.astext() if title_node else ""
    words = count_words(doctree)
    record.words = words
    record.reading_minutes = reading_minutes(words)
    kind = meta.kind
    ids = set(doctree.ids)
    record.labels = sorted(i for i in ids if i.startswith(("ch-", "ex-", "lesson-")))
    if kind == "start":
        check_start_page(doctree, docname, words)
        return
    if kind not in CHAPTER_KINDS:
        return

    cid = meta.id
    objectives = [n for n in doctree.findall(nodes.admonition) if names.OBJECTIVES in n["classes"]]
    keypoints = [n for n in doctree.findall(nodes.admonition) if names.KEY_POINTS in n["classes"]]
    in_short = [n for n in doctree.findall(nodes.admonition) if names.IN_SHORT in n["classes"]]
    infos = list(doctree.findall(chapter_info))
    record.objectives = _list_items(objectives[0]) if objectives else []
    record.key_points = _list_items(keypoints[0]) if keypoints else []
    record.in_short = _list_items(in_short[0]) if in_short else []

    missing: list[tuple[str, int | None]] = []
    if f"ch-{cid}" not in ids:
        missing.append((f"the chapter label '(ch-{cid})=' on the line before the title", 1))
    if len(objectives) != 1:
        missing.append(("exactly one '{objectives}' directive", None))
    else:
        low, high = OBJECTIVES_RANGE
        if not low <= len(record.objectives) <= high:
            missing.append(
                (
                    f"{low}-{high} learning objectives as a bullet list in '{{objectives}}' "
                    f"(found {len(record.objectives)})",
                    objectives[0].line,
                )
            )
    if len(keypoints) != 1 or not record.key_points:
        missing.append(("one '{key-points}' directive holding a bullet list", None))
    if len(infos) != 1:
        missing.append(("one '{chapter-info}' directive (it shows the computed reading time)", None))
    if not safety_box_first(doctree):
        missing.append(("the '{safety-box}' directive as the first thing after the title", None))
    missing.extend(_in_short_problems(doctree, in_short, cid))
    for suffix, what in REQUIRED_SECTIONS[kind].items():
        if f"ch-{cid}-{suffix}" not in ids:
            missing.append((f"{what}, labelled '(ch-{cid}-{suffix})='", None))
    more_help = doctree.ids.get(f"ch-{cid}-more-help")
    if more_help is not None and not _has_ladder(more_help):
        missing.append(("the '{triage-ladder}' directive in 'When to seek more help'", more_help.line))
    for part, line in missing:
        _warn(f"chapter contract: missing {part}", docname, line, "contract")


def _in_short_problems(
    doctree: nodes.document, boxes: list[nodes.Element], cid: str
) -> list[tuple[str, int | None]]:
    """The 'In short' list: one, labelled, 3-6 items, straight after the safety box."""
    label = f"ch-{cid}-in-short"
    if len(boxes) != 1:
        return [(f"one '{{in-short}}' directive right after the safety box, labelled '({label})='", None)]
    box = boxes[0]
    problems: list[tuple[str, int | None]] = []
    low, high = IN_SHORT_RANGE
    items = _list_items(box)
    if not low <= len(items) <= high:
        problems.append((f"{low}-{high} items as a bullet list in '{{in-short}}' (found {len(items)})", box.line))
    if label not in box.get("ids", []):
        problems.append((f"the label '({label})=' on the line before '{{in-short}}'", box.line))
    body = _body_elements(doctree)
    if len(body) < 2 or body[1] is not box:
        problems.append(("'{in-short}' straight after the safety box, before any other text", box.line))
    return problems


def _has_ladder(node: nodes.Element) -> bool:
    return any(names.LADDER in child.get("classes", []) for child in node.findall(nodes.Element))


def check_start_page(doctree: nodes.document, docname: str, words: int) -> None:
    """The start page's sections, its ladder and its length: a missing part stops the strict build."""
    problems: list[tuple[str, int | None]] = []
    for suffix, what in START_SECTIONS.items():
        section = doctree.ids.get(f"start-{suffix}")
        if section is None:
            problems.append((f"start page: missing {what}, labelled '(start-{suffix})='", None))
        elif suffix == "emergency" and not _has_ladder(section):
            problems.append(
                ("start page: 'How urgent is it?' must hold the '{triage-ladder}' directive", section.line)
            )
    first = _first_body_element(doctree)
    if first is None or "start-now" not in first.get("ids", []):
        problems.append(("start page: 'What to do now' (start-now) must come first, before anything else", None))
    if words > START_MAX_WORDS:
        problems.append((f"start page: {words} words; keep it under {START_MAX_WORDS} for a reader in a hurry", None))
    for message, line in problems:
        _warn(message, docname, line, "start")


def safety_box_first(doctree: nodes.document) -> bool:
    """Whether the page's first element after its title is the safety box (every page kind checks this)."""
    first = _first_body_element(doctree)
    return first is not None and names.SAFETY_BOX in first.get("classes", [])


def _first_body_element(doctree: nodes.document) -> nodes.Element | None:
    body = _body_elements(doctree)
    return body[0] if body else None


def _body_elements(doctree: nodes.document) -> list[nodes.Element]:
    """The page's first section's elements after its title, skipping labels and comments."""
    section = next(doctree.findall(nodes.section), None)
    if section is None:
        return []
    skip = (nodes.title, nodes.target, nodes.comment, nodes.substitution_definition)
    return [child for child in section.children if isinstance(child, nodes.Element) and not isinstance(child, skip)]


def book_order(app: Sphinx) -> list[tuple[str, str]]:
    """(docname, part caption) for every document, in the order of the table of contents (the book model's walk)."""
    site_map = getattr(app.env, "external_site_map", None)
    return model.toc_order(site_map) if site_map is not None else []


@dataclass(frozen=True)
class BookChapter:
    """A chapter (or the closing chapter) as the build knows it: where it is, and its record."""

    docname: str
    part: str  # the table of contents caption it sits under
    record: store.PageRecord

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def meta(self) -> frontmatter.PageMeta:
        assert self.record.meta is not None  # a chapter is known by its front matter
        return self.record.meta


def chapters(app: Sphinx) -> list[BookChapter]:
    """Every chapter's record in book order, with its part caption and docname."""
    result = []
    for docname, part in book_order(app):
        record = store.get(app.env, docname)
        if record.kind in CHAPTER_KINDS:
            result.append(BookChapter(docname, part, record))
    return result


def _ref(app: Sphinx, fromdocname: str, label: str, text: str | None = None) -> nodes.Node | None:
    std = app.env.get_domain("std")
    target = std.labels.get(label)
    if target is None:
        return None
    docname, labelid, sectname = target
    return std.build_reference_node(fromdocname, app.builder, docname, labelid, text or sectname, "ref")


def _human_date(iso: str) -> str:
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


def _page_path(app: Sphinx, docname: str) -> str:
    return app.builder.get_target_uri(docname) if app.builder.format == "html" else f"{docname}.html"


def render_info(app: Sphinx, fromdocname: str, record: store.PageRecord) -> nodes.Node:
    """The reading time, audience, review date and 'For teachers' aside of one chapter."""
    meta = record.meta
    assert meta is not None  # only chapters show their info
    cid = meta.id
    box = nodes.container(classes=[names.CHAPTER_INFO])
    facts = nodes.paragraph(classes=["supportbook-facts"])
    facts += nodes.strong("Reading time:", "Reading time:")
    facts += nodes.Text(f" about {minutes_text(record.reading_minutes)}. ")
    facts += nodes.strong("For:", "For:")
    facts += nodes.Text(f" {', '.join(meta.audience)}. ")
    facts += nodes.strong("Last reviewed:", "Last reviewed:")
    facts += nodes.Text(f" {_human_date(meta.last_reviewed)}.")
    box += facts

    aside = nodes.admonition(classes=["admonition", names.FOR_TEACHERS])
    aside += nodes.title("For teachers", "For teachers")
    items = nodes.bullet_list()
    # A page address and a download mean something on the web site only, not on paper or in an e-book.
    web = app.builder.name in ("html", "dirhtml")
    if web:
        # The full published address (html_baseurl), as selectable text, with a copy button where JS runs.
        url = links.stable_url(app, _page_path(app, fromdocname), f"ch-{cid}")
        link = nodes.paragraph(classes=[names.STABLE_LINK])
        link += nodes.Text("Stable link to share: ")
        link += nodes.inline(url, url, classes=[names.STABLE_URL])
        link += nodes.raw("", links.copy_button(url), format="html", classes=[links.COPY_RAW_CLASS])
        items += nodes.list_item("", link)
    for label, text in ((f"lesson-{cid}", "Lesson plan"), (f"ex-{cid}", "Reflection exercises")):
        ref = _ref(app, fromdocname, label, text)
        if ref is not None:
            para = nodes.paragraph()
            para += ref
            items += nodes.list_item("", para)
    handouts = getattr(app.config, names.HANDOUTS_SETTING, "")  # built by `make handouts` (latex.py)
    if web and handouts:
        from sphinx.util.osutil import relative_uri

        uri = relative_uri(app.builder.get_target_uri(fromdocname), f"{handouts}/{cid}.pdf")
        text = "Download this chapter as PDF"
        para = nodes.paragraph()
        para += nodes.reference(text, text, refuri=uri, classes=[names.HANDOUT_LINK])
        items += nodes.list_item("", para)
    aside += items
    box += aside
    return box


# The assignment table's columns; teachers.css labels each cell by its column's class on narrow screens.
ASSIGNMENT_COLUMNS = (
    tables.Column("Part", 12, "sb-col-part"),
    tables.Column("Chapter", 16, "sb-col-chapter"),
    tables.Column("For", 12, "sb-col-for"),
    tables.Column("Reading time", 10, "sb-col-reading-time"),
    tables.Column("Objectives", 34, "sb-col-objectives"),
    tables.Column("Stable link", 16, "sb-col-stable-link"),
)


def _render_table(app: Sphinx, fromdocname: str) -> nodes.Node:
    rows = []
    for chapter in chapters(app):
        cid = chapter.id
        title = chapter.record.title
        title_para = nodes.paragraph()
        title_para += _ref(app, fromdocname, f"ch-{cid}", title) or nodes.Text(title)
        objectives = nodes.bullet_list()
        for objective in chapter.record.objectives:
            objectives += nodes.list_item("", nodes.paragraph(text=objective))
        cells: list[nodes.Node] = [
            nodes.paragraph(text=chapter.part),
            title_para,
            nodes.paragraph(text=", ".join(chapter.meta.audience)),
            nodes.paragraph(text=f"{chapter.record.reading_minutes} min", classes=["supportbook-minutes"]),
            objectives,
            nodes.paragraph(
                "", "", nodes.inline(text=links.stable_url(app, _page_path(app, chapter.docname), f"ch-{cid}"),
                                     classes=[names.STABLE_URL])
            ),
        ]
        rows.append(tables.Row([[cell] for cell in cells], ids=[f"assign-{cid}"]))
    return tables.table(ASSIGNMENT_COLUMNS, rows, classes=[names.ASSIGNMENT_TABLE])


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(chapter_info)):
        owner = node.get("docname", docname)
        record = store.get(app.env, owner)
        if record.kind in CHAPTER_KINDS:
            node.replace_self(render_info(app, owner, record))
        else:
            node.replace_self([])
    for node in list(doctree.findall(assignment_table)):
        node.replace_self(_render_table(app, docname))


def pages_with_the_assignment_table(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """`env-get-outdated`: when any page changes, the pages that list every chapter's reading time and
    objectives are read and written again, so an incremental build never shows a stale table."""
    if not (added or changed or removed):
        return []
    return [name for name, record in store.docs(env).items() if record.assignment_table]


MANIFEST = "supportbook-chapters.json"


def manifest(app: Sphinx) -> list[dict[str, Any]]:
    """What a teacher's tool needs to know of each chapter, in book order."""
    return [
        {
            "id": chapter.id,
            "title": chapter.record.title,
            "part": chapter.part,
            "docname": chapter.docname,
            "url": f"{_page_path(app, chapter.docname)}#ch-{chapter.id}",
            "stable_url": links.stable_url(app, _page_path(app, chapter.docname), f"ch-{chapter.id}"),
            "audience": list(chapter.meta.audience),
            "last_reviewed": chapter.meta.last_reviewed,
            "words": chapter.record.words,
            "reading_minutes": chapter.record.reading_minutes,
            "objectives": chapter.record.objectives,
            "key_points": chapter.record.key_points,
        }
        for chapter in chapters(app)
    ]


def _write_manifest(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    path = Path(app.outdir) / MANIFEST
    path.write_text(json.dumps(manifest(app), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("build-finished", _write_manifest)
    app.add_node(chapter_info)
    app.add_node(assignment_table)
    app.add_directive("objectives", ObjectivesDirective)
    app.add_directive("key-points", KeyPointsDirective)
    app.add_directive("in-short", InShortDirective)
    app.add_directive("chapter-info", ChapterInfoDirective)
    app.add_directive("assignment-table", AssignmentTableDirective)
    app.connect("source-read", on_source_read)
    app.connect("doctree-read", on_doctree_read)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("env-get-outdated", pages_with_the_assignment_table)
