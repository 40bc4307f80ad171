"""The linter against its corpus: recall on sentences that must be flagged, false positives on those that must not.

Each corpus line is `family | sentence`; a flag sentence counts as caught only when a rule of its family
flags it. The figures are printed (run pytest with -s to see them) and must meet the issue's bar.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from supportbook.lint import lint_text, load_rules

CORPUS = Path(__file__).parent / "lint_corpus"
MIN_RECALL = 0.95
MAX_FALSE_POSITIVE_RATE = 0.05
MIN_SENTENCES = 100


@dataclass(frozen=True)
class Sample:
    family: str
    text: str
    line: int


def read_corpus(name: str) -> list[Sample]:
    samples = []
    for number, raw in enumerate((CORPUS / name).read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        family, sep, text = raw.partition(" | ")
        assert sep, f"{name}:{number}: expected 'family | sentence'"
        samples.append(Sample(family.strip(), text.strip(), number))
    return samples


def families_flagged(text: str) -> set[str]:
    return {finding.family for finding in lint_text(text + "\n")}


@pytest.fixture(scope="module")
def flag_samples() -> list[Sample]:
    return read_corpus("flag.txt")


@pytest.fixture(scope="module")
def pass_samples() -> list[Sample]:
    return read_corpus("pass.txt")


def test_corpus_size_and_coverage(flag_samples: list[Sample], pass_samples: list[Sample]) -> None:
    assert len(flag_samples) >= MIN_SENTENCES
    assert len(pass_samples) >= MIN_SENTENCES
    families = load_rules().families
    assert {s.family for s in flag_samples} == set(families), "every rule family needs must-flag sentences"
    assert set(families) <= {s.family for s in pass_samples}, "every rule family needs near misses"


def test_recall_and_false_positive_rate(flag_samples: list[Sample], pass_samples: list[Sample]) -> None:
    missed = [s for s in flag_samples if s.family not in families_flagged(s.text)]
    false_alarms = [(s, lint_text(s.text + "\n")) for s in pass_samples]
    false_alarms = [(s, found) for s, found in false_alarms if found]
    recall = 1 - len(missed) / len(flag_samples)
    fp_rate = len(false_alarms) / len(pass_samples)
    print(
        f"\nlint corpus: {len(flag_samples)} must-flag, {len(pass_samples)} must-pass sentences; "
        f"recall {recall:.1%} ({len(flag_samples) - len(missed)}/{len(flag_samples)}), "
        f"false positives {fp_rate:.1%} ({len(false_alarms)}/{len(pass_samples)})"
    )
    for family in sorted({s.family for s in flag_samples}):
        total = sum(s.family == family for s in flag_samples)
        caught = total - sum(s.family == family for s in missed)
        print(f"  {family:<12} {caught}/{total}")
    for sample in missed:
        print(f"  missed   flag.txt:{sample.line} [{sample.family}] {sample.text}")
    for sample, found in false_alarms:
        rules = ", ".join(f"{f.rule_id} '{f.text}'" for f in found)
        print(f"  flagged  pass.txt:{sample.line} [{rules}] {sample.text}")
    assert recall >= MIN_RECALL, f"recall {recall:.1%} is below {MIN_RECALL:.0%}"
    assert fp_rate <= MAX_FALSE_POSITIVE_RATE, f"false positives {fp_rate:.1%} exceed {MAX_FALSE_POSITIVE_RATE:.0%}"


def test_every_rule_flags_its_example() -> None:
    for rule in load_rules().rules:
        if rule.example:
            assert rule.id in {f.rule_id for f in lint_text(rule.example + "\n")}, f"{rule.id}: {rule.example}"
