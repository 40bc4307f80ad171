"""Lesson plans: the checks on a lesson-plan page, and the facts a teacher's tool reads from it.

A lesson plan (front matter `supportbook: {kind: lesson, id: ID}`) belongs to the chapter with the same
id. It carries the label `(lesson-ID)=` on the line before its title and a labelled section for each
part in `SECTIONS` (`(lesson-ID-timing)=`, ...). The timing section holds a Markdown table::

    | Time | Activity | Notes |
    |---|---|---|
    | 5 min | Welcome, ground rules and support | Show the safety box. |

whose minutes add up to a lesson of `LESSON_MINUTES` (45-60 minutes). The build adds the computed total
under the table, so nobody types it.

Every plan says who it is for in its front matter (`audience: [students, staff]`, or one of them), carries
notes for students with special educational needs or disabilities (`(lesson-ID-send)=`) and links its kit
files with the `{lesson-downloads}` directive. A plan for students also carries its adaptation for ages
11-13 (`(lesson-ID-younger)=`), so no student lesson reaches a younger class without one. A missing part
is a warning (type `supportbook`, subtype `lesson`) naming the file and the line, so the strict build
stops on it. The facts of each lesson plan are kept in
`store.record(env, docname).lesson`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from supportbook import names
from supportbook.sphinxext import contract, kitlinks, store

logger = logging.getLogger(__name__)

PAGE_KIND = "lesson"
# label suffix -> what the section is, as the warning says it
SECTIONS: dict[str, str] = {
    "objectives": "a 'Learning objectives' section",
    "timing": "a 'Timing' section holding the timing table",
    "materials": "a 'Materials' section",
    "activities": "an 'Activities' section using the chapter's exercises",
    "discussion": "a 'Discussion questions' section",
    "exit": "an 'Exit question' section",
    "follow-up": "a 'Follow-up' section",
    "send": "a section of notes for students with special educational needs or disabilities",
}
# Only in plans whose audience includes students.
STUDENT_SECTIONS: dict[str, str] = {"younger": "an 'Adapting for ages 11 to 13' section"}
AUDIENCES = ("students", "staff")
LESSON_MINUTES = (45, 60)
TIMING_HEADER = ("Time", "Activity", "Notes")
TOTAL_CLASS = "supportbook-lesson-total"
TIMING_CLASS = "supportbook-lesson-timing"
# Styles for the assignment table, the timing tables and commands to copy, added only to the pages
# that hold one of them.
STYLESHEET = "teachers.css"
STYLED_CLASSES = frozenset({TIMING_CLASS, names.ASSIGNMENT_TABLE, "supportbook-command"})
_NUMBERED = re.compile(r"^(\d{1,2})\.\s")
_MINUTES = re.compile(r"^(\d{1,3})\s*(?:min|mins|minutes?)\.?$", re.I)


def parse_minutes(text: str) -> int | None:
    """'5 min' or '10 minutes' -> the number of minutes; None if the cell does not read so."""
    match = _MINUTES.match(" ".join(text.split()))
    return int(match.group(1)) if match else None


def _warn(message: str, docname: str, line: int | None) -> None:
    logger.warning(message, location=(docname, line), type="supportbook", subtype="lesson")


def _cells(row: nodes.row) -> list[str]:
    return [" ".join(entry.astext().split()) for entry in row.children if isinstance(entry, nodes.entry)]


def _labelled_content(node: nodes.Element) -> list[nodes.Element]:
    """What a label marks: its section, or (for a label on a paragraph) what follows up to the next section."""
    if isinstance(node, nodes.section):
        return [node]
    parent = node.parent
    if parent is None:
        return [node]
    following: list[nodes.Element] = [node]
    for sibling in parent.children[parent.index(node) + 1 :]:
        if isinstance(sibling, nodes.section):
            break
        if isinstance(sibling, nodes.Element):
            following.append(sibling)
    return following


@dataclass(frozen=True)
class TimingRow:
    """One row of a timing table."""

    minutes: int | None  # None when the Time cell does not read like '5 min'
    time: str
    activity: str


@dataclass(frozen=True)
class LessonTiming:
    """A lesson plan's timing table, as plain values (no docutils nodes: it is kept with the environment)."""

    table: bool = False  # whether the timing section holds a table
    header: tuple[str, ...] = ()
    rows: tuple[TimingRow, ...] = ()
    total: int | None = None  # the rows' minutes added up; None when a row has none
    line: int | None = None


@dataclass(frozen=True)
class LessonFacts:
    """What one lesson plan holds, as plain values (kept in `store.record(env, docname).lesson`)."""

    id: str
    line: int
    has_label: bool
    safety_box_first: bool
    sections: dict[str, bool]  # label suffix -> whether the plan has that labelled section
    timing: LessonTiming
    title: str = ""
    audience: tuple[str, ...] = ()
    downloads: bool = True  # whether it holds the `{lesson-downloads}` directive
    activity_numbers: tuple[int, ...] | None = None  # the Activities' '**N.**' numbers; None skips that check


def _timing_table(doctree: nodes.document, label: str) -> tuple[nodes.Element | None, nodes.table | None]:
    """The target of `label` and the first table in what it marks (either None when missing)."""
    target = doctree.ids.get(label)
    if target is None:
        return None, None
    return target, next((t for part in _labelled_content(target) for t in part.findall(nodes.table)), None)


def timing_facts(doctree: nodes.document, label: str) -> LessonTiming:
    """The timing table under `label`: its header, its rows (minutes or None, time, activity), the total."""
    target, table = _timing_table(doctree, label)
    if target is None:
        return LessonTiming()
    if table is None:
        return LessonTiming(line=target.line)
    head = next(table.findall(nodes.thead), None)
    first = next(head.findall(nodes.row), None) if head is not None else None
    header = _cells(first) if first is not None else []
    body = next(table.findall(nodes.tbody), None)
    rows = []
    for row in body.findall(nodes.row) if body is not None else []:
        cells = _cells(row)
        time = cells[0] if cells else ""
        rows.append(TimingRow(parse_minutes(time), time, cells[1] if len(cells) > 1 else ""))
    minutes = [row.minutes for row in rows]
    total = sum(m for m in minutes if m is not None) if rows and None not in minutes else None
    return LessonTiming(table=True, header=tuple(header), rows=tuple(rows), total=total, line=table.line or target.line)


def activity_numbers(doctree: nodes.document, label: str) -> list[int]:
    """The numbers of the paragraphs under `label` that open in bold with 'N.' ('**1. Welcome.** ...')."""
    target = doctree.ids.get(label)
    numbers = []
    for part in _labelled_content(target) if target is not None else []:
        for para in part.findall(nodes.paragraph):
            first = next((c for c in para.children if not isinstance(c, nodes.Text) or c.strip()), None)
            match = _NUMBERED.match(first.astext()) if isinstance(first, nodes.strong) else None
            if match:
                numbers.append(int(match.group(1)))
    return numbers


def lesson_facts(doctree: nodes.document, lesson_id: str, audience: list[str] | None = None) -> LessonFacts:
    """What one lesson plan holds, as plain data (for the checks, the tests and a teacher's tool)."""
    title = next(doctree.findall(nodes.title), None)
    audience = list(audience or [])
    wanted = {**SECTIONS, **(STUDENT_SECTIONS if "students" in audience else {})}
    labels = {suffix: f"lesson-{lesson_id}-{suffix}" for suffix in wanted}
    return LessonFacts(
        id=lesson_id,
        title=title.astext() if title else "",
        line=(title.line if title is not None else None) or 1,
        has_label=f"lesson-{lesson_id}" in doctree.ids,
        sections={suffix: label in doctree.ids for suffix, label in labels.items()},
        safety_box_first=contract.safety_box_first(doctree),
        timing=timing_facts(doctree, labels["timing"]),
        audience=tuple(audience),
        downloads=kitlinks.has_downloads(doctree),
        activity_numbers=tuple(activity_numbers(doctree, labels["activities"])),
    )


def check_lesson(facts: LessonFacts) -> list[tuple[str, int | None]]:
    """Everything a teacher would find missing in this lesson plan, with the line to look at."""
    lid, line = facts.id, facts.line
    problems: list[tuple[str, int | None]] = []
    if not facts.has_label:
        problems.append((f"missing the label '(lesson-{lid})=' on the line before the title", line))
    if not facts.safety_box_first:
        problems.append(("missing the '{safety-box}' directive as the first thing after the title", line))
    audience = facts.audience
    if not audience or any(who not in AUDIENCES for who in audience):
        problems.append((
            f"front matter 'audience:' must list who the plan is for, from {', '.join(AUDIENCES)} "
            f"(got {', '.join(audience) or 'nothing'})", 1,
        ))
    if not facts.downloads:
        problems.append(("missing the '{lesson-downloads}' directive (links to its slides and Word files)", line))
    for suffix, present in facts.sections.items():
        if not present:
            what = {**SECTIONS, **STUDENT_SECTIONS}[suffix]
            problems.append((f"missing {what}, labelled '(lesson-{lid}-{suffix})='", line))
    timing = facts.timing
    if not facts.sections["timing"]:
        return problems
    where = timing.line or line
    if not timing.table:
        header = " | ".join(TIMING_HEADER)
        problems.append((f"the timing section needs a table '{header}' (found no table)", where))
        return problems
    if timing.header[: len(TIMING_HEADER)] != TIMING_HEADER:
        wanted, got = " | ".join(TIMING_HEADER), " | ".join(timing.header)
        problems.append((f"the timing table's header must be {wanted} (got {got})", where))
    if not timing.rows:
        problems.append(("the timing table has no rows", where))
    for row in timing.rows:
        if row.minutes is None:
            problems.append(
                (f"the timing table's Time cell must read like '5 min' or '10 minutes' (got {row.time!r})", where)
            )
    numbers = facts.activity_numbers
    if numbers is not None and timing.rows and numbers != tuple(range(1, len(timing.rows) + 1)):
        found = ", ".join(str(n) for n in numbers) or "none"
        problems.append((
            f"the Activities section needs one paragraph for each of the {len(timing.rows)} timing rows, "
            f"in order, each starting '**1. Name.**' (found numbers: {found})", where,
        ))
    low, high = LESSON_MINUTES
    total = timing.total
    if total is not None and not low <= total <= high:
        problems.append((f"the timing table must add up to {low}-{high} minutes (it adds up to {total})", where))
    return problems


def _keep_times_whole(table: nodes.table) -> None:
    """'5 min' never breaks across two lines in a narrow column (a phone screen)."""
    table["classes"].append(TIMING_CLASS)
    body = next(table.findall(nodes.tbody), None)
    for row in body.findall(nodes.row) if body is not None else []:
        first = next((entry for entry in row.children if isinstance(entry, nodes.entry)), None)
        for text in list(first.findall(nodes.Text)) if first is not None else []:
            text.parent.replace(text, nodes.Text(str(text).replace(" ", "\u00a0")))


def _show_total(table: nodes.table, total: int) -> None:
    """Put the computed total under the timing table."""
    para = nodes.paragraph(classes=[TOTAL_CLASS])
    para += nodes.strong("Total:", "Total:")
    para += nodes.Text(f" {contract.minutes_text(total)}.")
    table.parent.insert(table.parent.index(table) + 1, para)


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    record = store.record(env, docname)
    record.lesson = None
    if record.meta is None or record.kind != PAGE_KIND:
        return
    facts = lesson_facts(doctree, record.meta.id, list(record.meta.audience))
    for message, line in check_lesson(facts):
        _warn(f"lesson plan: {message}", docname, line)
    _, table = _timing_table(doctree, f"lesson-{facts.id}-timing")
    if table is not None:
        _keep_times_whole(table)
        if facts.timing.total is not None:
            _show_total(table, facts.timing.total)
    record.lesson = facts


def lesson_pages(env: BuildEnvironment) -> dict[str, list[str]]:
    """Chapter id -> the docnames of its lesson plans."""
    pages: dict[str, list[str]] = {}
    for docname, record in sorted(store.docs(env).items()):
        if record.kind == PAGE_KIND and record.id:
            pages.setdefault(record.id, []).append(docname)
    return pages


def on_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    """Every lesson plan names a chapter by its id."""
    chapter_ids = {record.id for record in store.docs(env).values() if record.kind in contract.CHAPTER_KINDS}
    for lid, docnames in sorted(lesson_pages(env).items()):
        if lid in chapter_ids:
            continue
        known = ", ".join(sorted(i for i in chapter_ids if i)) or "none"
        for docname in docnames:
            _warn(f"lesson plan: no chapter has the id '{lid}' (chapter ids: {known})", docname, 1)


def _page_css(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Add the teacher's-kit styles to a page that shows the assignment table, a timing table or a command."""
    if doctree is None:
        return
    if any(STYLED_CLASSES.intersection(node.get("classes", [])) for node in doctree.findall(nodes.Element)):
        app.add_css_file(STYLESHEET)


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", on_doctree_read)
    app.connect("env-check-consistency", on_check_consistency)
    # Before pagemeta's handler (priority 500), which copies the page's list of stylesheets.
    app.connect("html-page-context", _page_css, priority=400)
