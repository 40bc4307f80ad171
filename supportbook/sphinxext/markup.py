"""Checked changes to HTML that the project does not write itself (the theme's page skeleton, docutils' output).

Where a template block or a context value cannot reach the markup (furo's `page.html` has no block around
its sidebars; docutils writes the citation roles), a change is a `Fix`: a pattern, what replaces it, and
what it is for. `apply` makes each change and reports every fix that matched nothing, so the caller turns
that into a build warning (the strict build stops) instead of a page that silently lost the change when
furo, Sphinx or docutils changed their markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Fix:
    what: str  # what the change is for, as a warning names it
    pattern: re.Pattern[str]
    replacement: str
    count: int = 0  # how many matches to change (0: all)


def apply(html: str, fixes: Iterable[Fix]) -> tuple[str, list[Fix]]:
    """The changed markup, and the fixes whose pattern matched nothing."""
    missed = []
    for fix in fixes:
        html, found = fix.pattern.subn(fix.replacement, html, count=fix.count)
        if not found:
            missed.append(fix)
    return html, missed


def missed_message(fixes: Iterable[Fix], source: str, module: str) -> str:
    """One line naming what no longer matches, whose markup it was, and which module to update."""
    whats = "; ".join(f"{fix.what} (pattern {fix.pattern.pattern!r})" for fix in fixes)
    return f"{source}'s markup changed, so this page would lose {whats}: update the pattern in {module}"
