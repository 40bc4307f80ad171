"""Recall and false positives on unseen batches (tests/lint_corpus/unseen/, issue 14 item 6).

Batches are written by someone who has seen neither the rules nor the scorer's training sentences. A batch
written after the last change to the rules or the scorer measures how the linter generalises; only such a
batch gets a floor here, and only once it met the issue's targets (recall >= 90%, false positives <= 5%).
Every batch's figures, met or not, are recorded in benchmarks/README.md. The sentences are never copied
into flag.txt, pass.txt or training/ while they are here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from supportbook.lint.corpus_score import UNSEEN, score_all, score_batch, sentences

TARGET_RECALL = 0.90
TARGET_FALSE_POSITIVES = 0.05
# Batches written after the last rule or scorer change that met the targets: name -> (recall floor,
# false-positive ceiling), the figures reached when they were first measured (7ca6f95, 2026-12-05).
# A batch that missed a target is not listed.
FLOORS: dict[str, tuple[float, float]] = {
    "batch-9": (0.937, 0.019),  # 149/159 flagged, 2/110 false positives
    "batch-10": (0.931, 0.046),  # 135/145 flagged, 5/110 false positives
}


def test_a_batch_is_scored_sentence_by_sentence(tmp_path: Path) -> None:
    (tmp_path / "batch-9-flag.txt").write_text(
        "# a note, skipped\nHer uncle committed suicide.\n\nThe weather was lovely.\n", encoding="utf-8"
    )
    (tmp_path / "batch-9-pass.txt").write_text("Cutters hide it.\nWe met at the park.\n", encoding="utf-8")
    assert sentences(tmp_path / "batch-9-flag.txt") == ["Her uncle committed suicide.", "The weather was lovely."]
    score = score_batch(tmp_path / "batch-9-flag.txt")
    assert (score.name, score.flagged, score.flag_total, score.false_positives, score.pass_total) == (
        "batch-9", 1, 2, 1, 2
    )
    assert score.missed == ("The weather was lovely.",)
    assert score.false_alarms == ("Cutters hide it.",)
    assert score.format() == "batch-9: recall 50.0% (1/2), false positives 50.0% (1/2)"
    assert [s.name for s in score_all(tmp_path)] == ["batch-9"]
    assert score_all(tmp_path / "missing") == []


def test_floors_are_only_for_batches_that_met_the_targets() -> None:
    for name, (recall, false_positives) in FLOORS.items():
        assert recall >= TARGET_RECALL and false_positives <= TARGET_FALSE_POSITIVES, name


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_unseen_batch_keeps_its_floor(name: str) -> None:
    flag_file = UNSEEN / f"{name}-flag.txt"
    assert flag_file.is_file(), f"{flag_file} is missing"
    score = score_batch(flag_file)
    print(f"\n{score.format()}")
    recall, false_positives = FLOORS[name]
    assert score.recall >= recall, f"{score.format()}; missed: {score.missed}"
    assert score.false_positive_rate <= false_positives, f"{score.format()}; flagged: {score.false_alarms}"
