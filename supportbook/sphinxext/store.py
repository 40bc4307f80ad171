"""Per-document facts the extension collects while reading, kept on the build environment.

Everything lives in `env.supportbook_docs[docname]`, one `PageRecord` per document (a dataclass of plain
values, so it pickles with the environment and travels between parallel readers), and is purged and merged
the way Sphinx expects of a parallel-safe extension: a parallel reader's records replace ours for exactly the
documents it read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from supportbook.frontmatter import PageMeta, WithMeta

if TYPE_CHECKING:  # the modules that make these facts write them here, so they import this one
    from supportbook.sphinxext.exercises import ExerciseFacts
    from supportbook.sphinxext.lessons import LessonFacts


@dataclass
class PageRecord(WithMeta):
    """What the extension knows of one document. Each field is written by one module while reading."""

    meta: PageMeta | None = None  # the `supportbook:` front matter (contract.on_source_read)
    title: str = ""  # the rest by contract.on_doctree_read, for pages with front matter
    words: int = 0
    reading_minutes: int = 0
    labels: list[str] = field(default_factory=list)  # the page's ch-/ex-/lesson- labels
    objectives: list[str] = field(default_factory=list)  # chapters only
    key_points: list[str] = field(default_factory=list)
    in_short: list[str] = field(default_factory=list)
    assignment_table: bool = False  # the page shows every chapter's facts (re-read when any page changes)
    exercises: list[ExerciseFacts] | None = None  # exercises.on_doctree_read: each exercise's facts
    lesson: LessonFacts | None = None  # lessons.on_doctree_read: a lesson plan's facts
    lint_findings: int = 0  # lintcheck: how many prose findings the page had



def docs(env: BuildEnvironment) -> dict[str, PageRecord]:
    if not hasattr(env, "supportbook_docs"):
        env.supportbook_docs = {}
    return env.supportbook_docs


def record(env: BuildEnvironment, docname: str) -> PageRecord:
    """The mutable record of one document (created empty on first use)."""
    return docs(env).setdefault(docname, PageRecord())


def get(env: BuildEnvironment, docname: str | None) -> PageRecord:
    """The record of one document, or an empty one (not stored) when nothing is known of it."""
    found = docs(env).get(docname) if docname is not None else None
    return found if found is not None else PageRecord()


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    docs(env).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    theirs = docs(other)
    mine = docs(env)
    for name in docnames:
        if name in theirs:
            mine[name] = theirs[name]


def setup(app: Sphinx) -> None:
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
