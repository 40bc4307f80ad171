"""The result of a lint run and its text and JSON forms."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from supportbook.lint.engine import Finding, Suppression


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    files: int = 0

    @property
    def clean(self) -> bool:
        return not self.findings

    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(f.rule_id for f in self.findings).items()))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary(report: Report) -> str:
    head = (
        f"{_plural(len(report.findings), 'finding')} in {_plural(report.files, 'file')}; "
        f"{_plural(len(report.suppressions), 'suppression')} used"
    )
    lines = [head]
    if report.findings:
        lines.append("by rule: " + ", ".join(f"{rule} {n}" for rule, n in report.counts().items()))
    if report.suppressions:
        lines.append("suppressions:")
        lines.extend(f"  {s.format()}" for s in report.suppressions)
    return "\n".join(lines)


def as_text(report: Report) -> str:
    lines = [finding.format() for finding in report.findings]
    if lines:
        lines.append("")
    lines.append(summary(report))
    return "\n".join(lines)


def as_json(report: Report) -> str:
    data = {
        "findings": [f.as_dict() for f in report.findings],
        "suppressions": [s.as_dict() for s in report.suppressions],
        "summary": {
            "files": report.files,
            "findings": len(report.findings),
            "suppressions": len(report.suppressions),
            "by_rule": report.counts(),
        },
    }
    return json.dumps(data, indent=2, ensure_ascii=False)
