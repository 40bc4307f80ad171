"""Run the safe-messaging linter on every page while Sphinx reads it.

Each finding becomes a warning with its file and line (`type="supportbook", subtype="lint"`), so the
strict build (`-W`) fails on it. The handler reads the raw source at `source-read`, before the contract
handler hides the `supportbook:` front matter, so lines and columns are those of the file.

A page with findings is marked outdated on the next build (`env-get-outdated`), so an incremental build
reads it again and repeats the warnings until the page is clean; otherwise a rebuild with nothing
changed would pass. The count lives in the per-document store (`supportbook.sphinxext.store`, set up by
the `supportbook` extension), which is merged between parallel readers and purged with the document.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from supportbook.lint.engine import Finding, lint_document
from supportbook.lint.rules import RuleSet, load_rules
from supportbook.sphinxext import store

logger = logging.getLogger(__name__)

# Lower runs first: see the page before other `source-read` handlers (default 500) change it.
SOURCE_READ_PRIORITY = 100
LINTED_SUFFIXES = (".md", ".markdown", ".myst")


def warning_text(finding: Finding) -> str:
    """`RULE-ID message — suggestion (source) [col N]`: the CLI's text without the file and line."""
    return f"{finding.rule_id} {finding.message} — {finding.suggestion} ({finding.source}) [col {finding.col}]"


class LintCheck:
    """The `source-read` handler; it loads the rules on first use, once per process."""

    def __init__(self) -> None:
        self._rules: RuleSet | None = None

    def rules(self) -> RuleSet:
        if self._rules is None:
            self._rules = load_rules()
        return self._rules

    def __call__(self, app: Sphinx, docname: str, source: list[str]) -> None:
        path = app.env.doc2path(docname)
        if not str(path).endswith(LINTED_SUFFIXES):
            return
        result = lint_document(source[0], str(path), self.rules())
        store.record(app.env, docname).lint_findings = len(result.findings)
        for finding in result.findings:
            logger.warning(
                warning_text(finding), location=(docname, finding.line), type="supportbook", subtype="lint"
            )


def pages_with_findings(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """`env-get-outdated`: read pages that had findings again, so their warnings are repeated."""
    return sorted(
        name for name, record in store.docs(env).items() if record.lint_findings and name in env.found_docs
    )


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("source-read", LintCheck(), priority=SOURCE_READ_PRIORITY)
    app.connect("env-get-outdated", pages_with_findings)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
