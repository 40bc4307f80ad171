"""Recall and false positives on unseen batches: `supportbook lint-score [FOLDER]`.

A batch is a pair of files in `tests/lint_corpus/unseen/` written by someone who has not seen the rules:
`batch-N-flag.txt` (one sentence a line, each must be flagged by some rule) and `batch-N-pass.txt` (each
must not be flagged at all). Blank lines and lines starting with `#` are skipped. These sentences are
for measuring only: never copy them into `flag.txt`, `pass.txt` or `training/`, or the figures stop
meaning anything.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

from supportbook.lint.engine import lint_document
from supportbook.lint.rules import RuleSet, load_rules

UNSEEN = Path(__file__).resolve().parents[2] / "tests" / "lint_corpus" / "unseen"
_BATCH = re.compile(r"^(?P<name>.+)-flag\.txt$")


@dataclass(frozen=True)
class BatchScore:
    """One batch's figures; `missed` and `false_alarms` are the sentences, for a reviewer to read."""

    name: str
    flag_total: int
    flagged: int
    pass_total: int
    false_positives: int
    missed: tuple[str, ...] = ()
    false_alarms: tuple[str, ...] = ()

    @property
    def recall(self) -> float:
        return self.flagged / self.flag_total if self.flag_total else 0.0

    @property
    def false_positive_rate(self) -> float:
        return self.false_positives / self.pass_total if self.pass_total else 0.0

    def format(self) -> str:
        return (
            f"{self.name}: recall {self.recall:.1%} ({self.flagged}/{self.flag_total}), "
            f"false positives {self.false_positive_rate:.1%} ({self.false_positives}/{self.pass_total})"
        )


def sentences(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def flagged(sentence: str, rules: RuleSet) -> bool:
    return bool(lint_document(sentence + "\n", "<unseen>", rules).findings)


def score_batch(flag_file: Path, rules: RuleSet | None = None) -> BatchScore:
    """Score `NAME-flag.txt` and its `NAME-pass.txt` (which may be missing: no false positives counted)."""
    ruleset = rules or load_rules()
    name = _BATCH.match(flag_file.name).group("name") if _BATCH.match(flag_file.name) else flag_file.stem
    pass_file = flag_file.with_name(f"{name}-pass.txt")
    must_flag = sentences(flag_file)
    must_pass = sentences(pass_file) if pass_file.is_file() else []
    missed = tuple(s for s in must_flag if not flagged(s, ruleset))
    alarms = tuple(s for s in must_pass if flagged(s, ruleset))
    return BatchScore(name, len(must_flag), len(must_flag) - len(missed), len(must_pass), len(alarms), missed, alarms)


def score_all(folder: Path = UNSEEN, rules: RuleSet | None = None) -> list[BatchScore]:
    """Every batch under `folder`, in name order (none when the folder is missing)."""
    if not folder.is_dir():
        return []
    ruleset = rules or load_rules()
    return [score_batch(path, ruleset) for path in sorted(folder.glob("*-flag.txt"))]


def run(args: argparse.Namespace) -> int:
    scores = score_all(args.folder)
    if not scores:
        print(f"no batches (*-flag.txt) in {args.folder}")
        return 0
    for score in scores:
        print(score.format())
        if args.show:
            print("\n".join(f"  missed:  {s}" for s in score.missed))
            print("\n".join(f"  flagged: {s}" for s in score.false_alarms))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "lint-score", help="the linter's recall and false positives on the unseen batches", description=__doc__
    )
    parser.add_argument("folder", nargs="?", type=Path, default=UNSEEN, help="folder of batches (default: %(default)s)")
    parser.add_argument("--show", action="store_true", help="also print the missed and wrongly flagged sentences")
    parser.set_defaults(func=run)
