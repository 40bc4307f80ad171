"""Reflection exercises: the `{exercise}` directive, its parts, and the checks on an exercises page.

An exercises page (front matter `supportbook: {kind: exercises, id: ID}`) belongs to the chapter with
the same id. It carries the label `(ex-ID)=`, the title "Reflection exercises: <chapter title>", the
safety box first, and at least four exercises covering every kind below. Written in MyST::

    ::::{exercise} Noticing your own reactions
    :kind: self
    :audience: Any reader
    :time: 15 minutes

    :::{purpose}
    Why the exercise matters, in a sentence or two.
    :::

    :::{prompts}
    1. A question to write about.
    :::

    :::{notice}
    Things to notice. Reflections have no answer key.
    :::
    ::::

A group exercise also holds `{facilitator-notes}` that cover every point in `FACILITATOR_POINTS`.
Everything renders as standard docutils nodes (container, rubric, admonition, enumerated_list) with CSS
classes, so HTML, LaTeX and EPUB all show it; the print stylesheet gives each prompt room to write.
Each exercise gets a stable label `ex-ID-KIND` (`ex-ID-KIND-2` for a second one of a kind). A missing
part is a warning (type `supportbook`, subtype `exercises`) naming the file and line, so the strict
build stops on it. The facts of every exercise are kept in `store.record(env, docname).exercises`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from supportbook import model, names
from supportbook.sphinxext import contract, store

logger = logging.getLogger(__name__)

PAGE_KIND = "exercises"
TITLE_PREFIX = "Reflection exercises: "
MIN_EXERCISES = 4
# kind -> the words a reader sees
KINDS: dict[str, str] = {
    "self": "On your own",
    "family": "For families",
    "group": "For a group",
    "apply": "Apply it",
}
EXERCISE_CLASS = names.EXERCISE
PART_CLASS = "supportbook-exercise-part"
# part name -> (directive, CSS class)
PARTS: dict[str, tuple[str, str]] = {
    "purpose": ("purpose", "supportbook-exercise-purpose"),
    "prompts": ("prompts", "supportbook-exercise-prompts"),
    "notice": ("notice", names.EXERCISE_NOTICE),
    "facilitator_notes": ("facilitator-notes", names.FACILITATOR_NOTES),
}
PROMPT_LIST_CLASS = names.PROMPTS
# The parts every exercise needs (ExerciseFacts.has_part says whether one is there).
REQUIRED_PARTS = ("purpose", "prompts", "notice")
# What a group exercise's facilitator notes must cover: point -> patterns that must all appear.
FACILITATOR_POINTS: dict[str, tuple[str, ...]] = {
    "ground rules": (r"ground rules?",),
    "warning ahead": (r"\bahead\b|\bin advance\b|\bbeforehand\b",),
    "the right to opt out": (r"\bopt(?:ting)? out\b",),
    "no personal disclosures in the group": (r"\bpersonal\b", r"disclos"),
    "talking one to one after a disclosure": (r"\bone[ -]to[ -]one\b",),
    "telling the designated safeguarding lead": (r"safeguarding lead",),
    "never promising secrecy": (r"\bsecre(?:cy|t|ts)\b",),
    "signposting support at the start and the end": (r"signpost", r"\b(?:start|beginning)\b", r"\bend\b"),
}
_TIME = re.compile(r"^(?:(\d+)\s*(?:-|–|to)\s*)?(\d+)\s+minutes?$")
# node attributes that carry an exercise's options from the directive to the checks
_ATTR_KIND = "supportbook_kind"
_ATTR_AUDIENCE = "supportbook_audience"
_ATTR_TIME = "supportbook_time"
_ATTR_LABEL = "supportbook_label"


def parse_minutes(text: str) -> int | None:
    """'15 minutes' -> 15, '10-15 minutes' -> 15 (the most it takes); None if it does not read so."""
    match = _TIME.match(" ".join(text.split()))
    return int(match.group(2)) if match else None


def _warn(message: str, docname: str, line: int | None) -> None:
    logger.warning(message, location=(docname, line), type="supportbook", subtype="exercises")


def _rubric(text: str, level: int, classes: list[str]) -> nodes.rubric:
    rubric = nodes.rubric(text, text, classes=classes)
    # MyST's HTML writer shows a rubric with a `level` as that heading (h2, h3): screen readers can
    # jump between exercises. LaTeX ignores it and keeps an unnumbered heading out of the contents.
    rubric["level"] = level
    return rubric


class ExerciseDirective(SphinxDirective):
    """`::::{exercise} Title` with `:kind:`, `:audience:`, `:time:` and the parts in its body."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], str]]] = {
        "kind": lambda arg: (arg or "").strip(),
        "audience": lambda arg: (arg or "").strip(),
        "time": lambda arg: (arg or "").strip(),
    }

    def run(self) -> list[nodes.Node]:
        title = " ".join(self.arguments[0].split())
        kind = self.options.get("kind", "")
        audience = self.options.get("audience", "")
        time = self.options.get("time", "")
        classes = [EXERCISE_CLASS]
        if kind in KINDS:
            classes.append(f"{EXERCISE_CLASS}-{kind}")
        box = nodes.container(classes=classes)
        self.set_source_info(box)
        box[_ATTR_KIND] = kind
        box[_ATTR_TIME] = time

        heading = _rubric(title, 2, ["supportbook-exercise-title"])
        label = self._label(kind)
        if label:
            heading["ids"].append(label)
            heading["names"].append(label)
            self.state.document.note_explicit_target(heading, heading)
            box[_ATTR_LABEL] = label
        box += heading
        # The audience is inline MyST, so a shared wording can be a role ({teaching}`NAME`, from teaching.yml).
        audience_nodes, messages = self.state.inline_text(audience.rstrip("."), self.lineno) if audience else ([], [])
        box[_ATTR_AUDIENCE] = "".join(node.astext() for node in audience_nodes)
        box += self._meta_line(kind, audience_nodes, time)
        box += messages
        self.state.nested_parse(self.content, self.content_offset, box)
        return [box]

    def _label(self, kind: str) -> str:
        page_id = store.get(self.env, self.env.docname).id
        if not page_id or kind not in KINDS:
            return ""
        return model.exercise_label(page_id, kind, self.state.document.ids)

    @staticmethod
    def _meta_line(kind: str, audience: list[nodes.Node], time: str) -> nodes.paragraph:
        line = nodes.paragraph(classes=["supportbook-exercise-meta"])
        kind_text = [nodes.Text(KINDS.get(kind, kind).rstrip("."))] if kind else []
        time_text = [nodes.Text(time.rstrip("."))] if time else []
        for name, value in (("Type:", kind_text), ("For:", audience), ("Time:", time_text)):
            if not value:
                continue
            if len(line):
                line += nodes.Text(" ")
            line += nodes.strong(name, name)
            line += nodes.Text(" ")
            line.extend(value)
            line += nodes.Text(".")
        return line


class _PartDirective(SphinxDirective):
    """One part of an exercise: a titled block with the author's content."""

    has_content = True
    part = ""
    title = ""

    def run(self) -> list[nodes.Node]:
        self.assert_has_content()
        _, css = PARTS[self.part]
        box = self.make_box(css)
        self.set_source_info(box)
        self.state.nested_parse(self.content, self.content_offset, box)
        self.finish(box)
        return [box]

    def make_box(self, css: str) -> nodes.Element:
        box = nodes.container(classes=[PART_CLASS, css])
        box += _rubric(self.title, 3, ["supportbook-exercise-part-title"])
        return box

    def finish(self, box: nodes.Element) -> None:
        """Hook for parts that shape their content."""


class PurposeDirective(_PartDirective):
    """`:::{purpose}` — why the exercise is worth doing."""

    part = "purpose"
    title = "Purpose"


class PromptsDirective(_PartDirective):
    """`:::{prompts}` — a numbered list of prompts; printed with room to write under each."""

    part = "prompts"
    title = "Prompts"

    def finish(self, box: nodes.Element) -> None:
        for item in box.children:
            if isinstance(item, nodes.enumerated_list):
                item["classes"].append(PROMPT_LIST_CLASS)


class _AdmonitionPart(_PartDirective):
    def make_box(self, css: str) -> nodes.Element:
        box = nodes.admonition(classes=["admonition", PART_CLASS, css])
        box += nodes.title(self.title, self.title)
        return box


class NoticeDirective(_AdmonitionPart):
    """`:::{notice}` — "Things to notice": what to reflect on afterwards (there is no answer key)."""

    part = "notice"
    title = "Things to notice"


class FacilitatorNotesDirective(_AdmonitionPart):
    """`:::{facilitator-notes}` — how to run a group exercise safely."""

    part = "facilitator_notes"
    title = "Facilitator notes"


def _part_name(node: nodes.Element) -> str | None:
    classes = node.get("classes", [])
    if PART_CLASS not in classes:
        return None
    for name, (_, css) in PARTS.items():
        if css in classes:
            return name
    return None


def _is_exercise(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and EXERCISE_CLASS in node.get("classes", [])


def missing_facilitator_points(text: str) -> list[str]:
    """The points from FACILITATOR_POINTS that the notes' text does not cover."""
    flat = " ".join(text.split()).lower()
    return [
        point
        for point, patterns in FACILITATOR_POINTS.items()
        if not all(re.search(pattern, flat) for pattern in patterns)
    ]


@dataclass(frozen=True)
class ExerciseFacts:
    """What one exercise holds, as plain values (it is kept with the pickled environment)."""

    title: str
    label: str
    kind: str
    audience: str
    time: str
    minutes: int | None  # parsed from `time`; None when it does not read like '15 minutes'
    line: int | None
    purpose: bool
    has_prompts: bool
    prompts: tuple[str, ...]  # the numbered prompts' text
    notice: bool
    facilitator_notes: bool
    facilitator_missing: tuple[str, ...]  # the FACILITATOR_POINTS its notes do not cover

    def has_part(self, part: str) -> bool:
        """Whether the exercise holds the part named in PARTS."""
        present = {
            "purpose": self.purpose,
            "prompts": self.has_prompts,
            "notice": self.notice,
            "facilitator_notes": self.facilitator_notes,
        }
        return present[part]


def exercise_facts(node: nodes.Element) -> ExerciseFacts:
    """What one exercise holds, as plain data (for the checks, the tests and the teacher's kit)."""
    parts: dict[str, list[nodes.Element]] = {name: [] for name in PARTS}
    for child in node.findall(nodes.Element):
        name = _part_name(child)
        if name:
            parts[name].append(child)
    prompts: list[str] = []
    for box in parts["prompts"]:
        for lst in box.findall(nodes.enumerated_list):
            prompts.extend(" ".join(item.astext().split()) for item in lst.children)
    title = next(node.findall(nodes.rubric), None)
    notes_text = " ".join(box.astext() for box in parts["facilitator_notes"])
    time = node.get(_ATTR_TIME, "")
    return ExerciseFacts(
        title=title.astext() if title else "",
        label=node.get(_ATTR_LABEL, ""),
        kind=node.get(_ATTR_KIND, ""),
        audience=node.get(_ATTR_AUDIENCE, ""),
        time=time,
        minutes=parse_minutes(time),
        line=node.line,
        purpose=bool(parts["purpose"]),
        has_prompts=bool(parts["prompts"]),
        prompts=tuple(prompts),
        notice=bool(parts["notice"]),
        facilitator_notes=bool(parts["facilitator_notes"]),
        facilitator_missing=tuple(missing_facilitator_points(notes_text)) if parts["facilitator_notes"] else (),
    )


def _check_exercise(facts: ExerciseFacts) -> list[tuple[str, int | None]]:
    problems: list[str] = []
    name = f"exercise '{facts.title}'"
    if facts.kind not in KINDS:
        problems.append(f"':kind:' must be one of {', '.join(KINDS)} (got {facts.kind!r})")
    if not facts.audience:
        problems.append("missing ':audience:' (who it is for)")
    if not facts.time:
        problems.append("missing ':time:' (e.g. '15 minutes')")
    elif facts.minutes is None:
        problems.append(f"':time:' must read like '15 minutes' or '10-15 minutes' (got {facts.time!r})")
    for part in REQUIRED_PARTS:
        if not facts.has_part(part):
            problems.append(f"missing its '{{{PARTS[part][0]}}}' part")
    if facts.has_prompts and not facts.prompts:
        problems.append("its '{prompts}' must hold a numbered list (1. 2. 3.)")
    if facts.kind == "group":
        if not facts.facilitator_notes:
            problems.append("a group exercise needs '{facilitator-notes}'")
        elif facts.facilitator_missing:
            problems.append("its facilitator notes do not cover: " + "; ".join(facts.facilitator_missing))
    return [(f"{name}: {problem}", facts.line) for problem in problems]


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    record = store.record(env, docname)
    record.exercises = None
    exercises = list(doctree.findall(_is_exercise))
    facts_list = [exercise_facts(node) for node in exercises]
    problems: list[tuple[str, int | None]] = []
    for node in doctree.findall(nodes.Element):
        name = _part_name(node)
        if name and not any(_is_exercise(parent) for parent in _ancestors(node)):
            problems.append((f"'{{{PARTS[name][0]}}}' must be inside an '{{exercise}}'", node.line))
    for node in exercises:
        if any(_is_exercise(parent) for parent in _ancestors(node)):
            problems.append(("an '{exercise}' cannot hold another '{exercise}'", node.line))

    if record.kind == PAGE_KIND:
        problems.extend(_check_page(doctree, record.id, facts_list))
        for facts in facts_list:
            problems.extend(_check_exercise(facts))
    if facts_list or record.kind == PAGE_KIND:
        record.exercises = facts_list
    for message, line in problems:
        _warn(message, docname, line)


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    result = []
    parent = node.parent
    while parent is not None:
        result.append(parent)
        parent = parent.parent
    return result


def _check_page(doctree: nodes.document, page_id: str, facts_list: list[ExerciseFacts]) -> list[tuple[str, int | None]]:
    title_node = next(doctree.findall(nodes.title), None)
    title = title_node.astext() if title_node else ""
    line = (title_node.line if title_node else None) or 1
    problems: list[str] = []
    if f"ex-{page_id}" not in doctree.ids:
        problems.append(f"missing the label '(ex-{page_id})=' on the line before the title")
    if not title.startswith(TITLE_PREFIX):
        problems.append(f"the title must start with '{TITLE_PREFIX.strip()}' (got {title!r})")
    if not contract.safety_box_first(doctree):
        problems.append("missing the '{safety-box}' directive as the first thing after the title")
    if len(facts_list) < MIN_EXERCISES:
        problems.append(f"needs at least {MIN_EXERCISES} exercises (found {len(facts_list)})")
    kinds = {facts.kind for facts in facts_list}
    lacking = [kind for kind in KINDS if kind not in kinds]
    if lacking:
        problems.append("needs an exercise of each kind; missing " + ", ".join(f"':kind: {k}'" for k in lacking))
    return [(f"exercises page: {problem}", line) for problem in problems]


def exercise_pages(env: BuildEnvironment) -> dict[str, tuple[str, store.PageRecord]]:
    """Chapter id -> (docname, record) of its exercises page."""
    pages = {}
    for docname, record in store.docs(env).items():
        if record.kind == PAGE_KIND and record.id:
            pages[record.id] = (docname, record)
    return pages


def on_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    """Every chapter has an exercises page, and every exercises page belongs to a chapter by its title."""
    chapters = {}
    for docname, record in store.docs(env).items():
        if record.kind in contract.CHAPTER_KINDS and record.id:
            chapters[record.id] = (docname, record)
    pages = exercise_pages(env)
    for cid, (docname, _) in sorted(chapters.items()):
        if cid not in pages:
            _warn(
                f"chapter '{cid}' has no exercises page (a page with 'supportbook: kind: exercises, id: {cid}')",
                docname,
                1,
            )
    for pid, (docname, record) in sorted(pages.items()):
        if pid not in chapters:
            _warn(f"exercises page: no chapter has the id '{pid}'", docname, 1)
            continue
        expected = TITLE_PREFIX + chapters[pid][1].title
        title = record.title
        if title.startswith(TITLE_PREFIX) and title != expected:
            _warn(f"exercises page: the title should be {expected!r} (got {title!r})", docname, None)


def setup(app: Sphinx) -> None:
    app.add_directive("exercise", ExerciseDirective)
    app.add_directive("purpose", PurposeDirective)
    app.add_directive("prompts", PromptsDirective)
    app.add_directive("notice", NoticeDirective)
    app.add_directive("facilitator-notes", FacilitatorNotesDirective)
    app.connect("doctree-read", on_doctree_read)
    app.connect("env-check-consistency", on_check_consistency)
