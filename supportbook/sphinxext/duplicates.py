"""Say "duplicate" when two pages claim one id, naming both files, before any page is read.

A chapter's id makes its labels (`ch-ID`, `ch-ID-families`...), an exercises page's `ex-ID`, a lesson
plan's `lesson-ID`. Two chapters with one id would otherwise show up only as a score of "missing label"
warnings on the second page. The check reads the front matter of every page in the book (a few
milliseconds) at the start of every build, incremental or not, so it is repeated until it is fixed.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from supportbook import frontmatter

logger = logging.getLogger(__name__)

# Kinds whose ids share one label namespace, and what the message calls them.
NAMESPACES = {"chapter": "chapter", "closing": "chapter", "exercises": "exercises", "lesson": "lesson"}


def page_ids(paths: dict[str, Path]) -> dict[tuple[str, str], list[str]]:
    """(namespace, id) -> the docnames that claim it, in docname order. Unreadable pages are skipped
    (the contract check reports their front matter)."""
    claims: dict[tuple[str, str], list[str]] = {}
    for docname in sorted(paths):
        try:
            meta, _ = frontmatter.parse(paths[docname].read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        if meta is None or meta.kind not in NAMESPACES or not meta.id:
            continue
        claims.setdefault((NAMESPACES[meta.kind], meta.id), []).append(docname)
    return claims


def duplicates(paths: dict[str, Path]) -> list[tuple[str, str, list[str]]]:
    """(namespace, id, docnames) for every id claimed by more than one page."""
    return [(space, pid, names) for (space, pid), names in page_ids(paths).items() if len(names) > 1]


def _check(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """`env-before-read-docs`: every page in the project, not only those about to be read."""
    srcdir = Path(app.srcdir)
    paths = {docname: Path(env.doc2path(docname)) for docname in env.found_docs}
    for space, pid, names in duplicates(paths):
        files = [str(paths[name].relative_to(srcdir)) for name in names]
        say = "both say" if len(files) == 2 else "all say"
        logger.warning(
            f"duplicate {space} id '{pid}': {' and '.join(files)} {say} 'id: {pid}' in their front matter; "
            f"give each {space} page its own id (its labels are made from it)",
            type="supportbook",
            subtype="duplicate-id",
            location=(names[-1], 1),
        )


def setup(app: Sphinx) -> None:
    app.connect("env-before-read-docs", _check)
