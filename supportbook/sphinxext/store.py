"""Per-document facts the extension collects while reading, kept on the build environment.

Everything lives in `env.supportbook_docs[docname]` (a plain dict, so it pickles and merges between
parallel readers) and is purged and merged the way Sphinx expects of a parallel-safe extension.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def docs(env: BuildEnvironment) -> dict[str, dict[str, Any]]:
    if not hasattr(env, "supportbook_docs"):
        env.supportbook_docs = {}
    return env.supportbook_docs


def record(env: BuildEnvironment, docname: str) -> dict[str, Any]:
    """The mutable record of one document."""
    return docs(env).setdefault(docname, {})


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
