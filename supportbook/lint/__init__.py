"""The safe-messaging linter: finds wording that can harm a vulnerable reader and suggests better words.

Public API::

    from supportbook.lint import lint_text, lint_paths
    for finding in lint_paths(["book/"]):
        print(finding.format())   # file:line:col: RULE-ID message — suggestion (source)

The rules live in `rules.yml` (see `supportbook.lint.rules` for the pattern language); the command line
is `python -m supportbook lint [PATH ...]`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from supportbook.lint.engine import (
    MAX_CHARACTERS,
    DocumentResult,
    Finding,
    Suppression,
    TooLargeError,
    lint_document,
    too_large,
)
from supportbook.lint.files import collect, default_paths, display
from supportbook.lint.report import Report
from supportbook.lint.rules import RuleSet, load_rules

__all__ = [
    "Finding", "Report", "Suppression", "bench", "lint_file", "lint_paths", "lint_report", "lint_text", "load_rules",
]  # fmt: skip


def lint_text(text: str, path: str = "<text>", rules: RuleSet | None = None) -> list[Finding]:
    """Findings in one Markdown/MyST text (after its inline suppressions)."""
    return lint_document(text, path, rules or load_rules()).findings


def lint_file(path: str | Path, rules: RuleSet | None = None, name: str | None = None) -> DocumentResult:
    """Findings and used suppressions of one file; `name` is the path shown in findings."""
    file = Path(path)
    size = file.stat().st_size
    if size > MAX_CHARACTERS:  # refuse before reading: a UTF-8 file has at least one byte a character
        raise TooLargeError(too_large(name or display(file), size, "bytes"))
    text = file.read_text(encoding="utf-8")
    return lint_document(text, name or display(file), rules or load_rules())


def lint_report(paths: Iterable[str | Path] | None = None, rules: RuleSet | None = None) -> Report:
    """Lint files and folders (default: the book's `book/` and `exercises/`) into one report."""
    ruleset = rules or load_rules()
    files = collect(default_paths() if paths is None else paths)
    report = Report(files=len(files))
    for file in files:
        result = lint_file(file, ruleset)
        report.findings.extend(result.findings)
        report.suppressions.extend(result.suppressions)
    return report


def lint_paths(paths: Iterable[str | Path] | None = None, rules: RuleSet | None = None) -> list[Finding]:
    """Findings in files and folders (default: the book's `book/` and `exercises/`)."""
    return lint_report(paths, rules).findings


def bench(root: str | Path | None = None, repeat: int = 5) -> dict[str, float | int]:
    """Time the linter on the whole book (see `supportbook.lint.timing`)."""
    from supportbook.lint.timing import bench as _bench

    return _bench(root, repeat)
