"""`python -m supportbook lint [PATH ...]`: lint Markdown/MyST files for safe messaging.

Exit status: 0 clean, 1 findings, 2 bad usage (a missing file, a non-Markdown file, a broken rules file).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from supportbook.lint import lint_report, scorer
from supportbook.lint.files import UsageError, default_paths
from supportbook.lint.report import as_json, as_text
from supportbook.lint.rules import RulesError, RuleSet, load_rules

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "lint",
        help="check pages against the safe-messaging rules",
        description=(
            "Check Markdown/MyST pages against the book's safe-messaging rules. Each finding prints "
            "'file:line:col: RULE-ID message — suggestion (source)'. To excuse one rule on one line (for a "
            "language guide that quotes a phrase), add <!-- lint-ignore RULE-ID: reason --> to that line."
        ),
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: book/ and exercises/)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument("--rules", metavar="FILE", help="a rules file to use instead of the book's rules.yml")
    parser.add_argument("--list-rules", action="store_true", help="print every rule and exit")
    parser.set_defaults(func=run)


def _list_rules(ruleset: RuleSet) -> str:
    lines = []
    for rule in ruleset.rules:
        lines.append(f"{rule.id} [{rule.family}] {rule.message.replace('{match}', '…')}")
        lines.append(f"    suggestion: {rule.suggestion}")
        lines.append(f"    source: {rule.source}")
    if ruleset.scorer is not None:
        lines.append(f"{scorer.RULE_ID} [{scorer.FAMILY}] {scorer.MESSAGE.format(score='…', words='…')}")
        lines.append(f"    threshold: {ruleset.scorer.threshold}; weights: {ruleset.scorer.path}")
        lines.append(f"    suggestion: {scorer.SUGGESTION}")
        lines.append(f"    source: {scorer.SOURCE}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    try:
        ruleset = load_rules(args.rules)
    except (OSError, RulesError) as exc:
        print(f"lint: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.list_rules:
        print(_list_rules(ruleset))
        return EXIT_CLEAN
    paths = args.paths or default_paths()
    if not paths:
        print("lint: no paths given and no book/ or exercises/ folder found", file=sys.stderr)
        return EXIT_USAGE
    try:
        report = lint_report(paths, ruleset)
    except UsageError as exc:
        print(f"lint: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (OSError, UnicodeDecodeError) as exc:
        print(f"lint: cannot read a file: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(as_json(report) if args.format == "json" else as_text(report))
    return EXIT_CLEAN if report.clean else EXIT_FINDINGS
