"""The linter's learned scorer: what it flags, where it stays silent, and that its weights are reproducible."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from supportbook.cli import main
from supportbook.lint import lint_text, load_rules
from supportbook.lint.rules import RulesError, parse_rules
from supportbook.lint.scorer import RULE_ID, Scorer, features, load
from supportbook.lint.train import SNAPSHOT_HEADER, WEIGHTS, Example, TrainError, train, write_book_snapshot

# Unsafe, and worded so that no phrase rule matches it (a threat used as a punishment).
UNSAFE = "Docking a pound of pocket money for every new mark worked wonders for us."


def test_features_are_words_word_pairs_and_negated_words() -> None:
    assert features("She’s OK, really.") == {"bias", "w:she's", "w:ok", "w:really", "b:she's_ok", "b:ok_really"}
    negated = {f for f in features("Never promise secrecy, but listen.") if f.startswith("n:")}
    assert negated == {"n:promise", "n:secrecy"}


def test_the_scorer_flags_unsafe_wording_no_rule_knows_and_names_its_words() -> None:
    rules = load_rules()
    assert lint_text(UNSAFE, rules=replace(rules, scorer=None)) == []
    [finding] = lint_text(f"Some text.\n\n{UNSAFE}\n", rules=rules)
    assert (finding.rule_id, finding.line, finding.col, finding.end_line) == (RULE_ID, 3, 1, 3)
    assert finding.text == UNSAFE
    assert "words that weighed most: '" in finding.message


def test_the_scorer_leaves_a_sentence_a_rule_already_flagged() -> None:
    findings = lint_text("Her uncle committed suicide when she was twelve.\n")
    assert [f.rule_id for f in findings] == ["LANG-COMMITTED"]


def test_the_scorer_is_silent_under_a_myths_heading_and_obeys_lint_ignore() -> None:
    assert lint_text(f"## Myths and facts\n\n{UNSAFE}\n") == []
    assert lint_text(f"{UNSAFE} <!-- lint-ignore {RULE_ID}: quoted as an example of what not to do -->\n") == []


def test_everyday_sentences_pass() -> None:
    for sentence in ("We met at the park after school.", "Talk to your child calmly and listen.",
                     "Call 988 if you are worried about someone."):  # fmt: skip
        assert lint_text(sentence + "\n") == [], sentence


def test_training_learns_from_labelled_examples() -> None:
    data = [Example(tuple(sorted(features(s))), label, 1.0) for s, label in [
        ("a bad thing here", 1), ("another bad thing", 1), ("a good thing here", 0), ("another good thing", 0),
    ] * 5]  # fmt: skip
    learned = train(data, threshold=0.5)
    assert learned.weights["w:bad"] > 0 > learned.weights["w:good"]
    assert learned.flags("bad bad") is not None and learned.flags("good good") is None


def test_the_committed_weights_are_what_training_makes() -> None:
    assert main(["lint-train", "--check"]) == 0


def test_missing_or_broken_weights_fail_in_one_line(tmp_path: Path) -> None:
    missing = "scorer.json: the scorer's weights are missing; run `supportbook lint-train`"
    with pytest.raises(RulesError, match=re.escape(missing)):
        parse_rules({"rules": [], "scorer": {"weights": "scorer.json"}}, "rules.yml", tmp_path)
    (tmp_path / "scorer.json").write_text(json.dumps({"threshold": 2, "weights": {}}), encoding="utf-8")
    with pytest.raises(RulesError, match="'threshold' must be a number between 0 and 1"):
        parse_rules({"rules": [], "scorer": {"weights": "scorer.json"}}, "rules.yml", tmp_path)
    with pytest.raises(RulesError, match=re.escape("'weights' names a .json file next to the rules file")):
        parse_rules({"rules": [], "scorer": {"weights": "../elsewhere/scorer.json"}}, "rules.yml", tmp_path)


def test_the_weights_file_loads_and_round_trips() -> None:
    scorer = load(WEIGHTS)
    assert 0 < scorer.threshold < 1 and len(scorer.weights) > 1000
    again = Scorer(scorer.weights, scorer.threshold)
    assert json.loads(again.as_json())["weights"] == json.loads(WEIGHTS.read_text(encoding="utf-8"))["weights"]


def test_the_book_snapshot_is_written_but_never_over_a_file_lint_train_did_not_make(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "book").mkdir(parents=True)
    (root / "_toc.yml").write_text("format: jb-book\nroot: book/intro\n", encoding="utf-8")
    page = "# Intro\n\nWe listen to young people and their families.\n"
    (root / "book" / "intro.md").write_text(page, encoding="utf-8")
    snapshot = tmp_path / "book-pass.txt"
    assert write_book_snapshot(root, snapshot) == 1  # sentences of four words or more: the title is left out
    lines = snapshot.read_text(encoding="utf-8").splitlines()
    assert lines == [SNAPSHOT_HEADER, "We listen to young people and their families."]
    assert write_book_snapshot(root, snapshot) == 1  # its own file: written again
    mine = tmp_path / "notes.txt"
    mine.write_text("my own notes\n", encoding="utf-8")
    with pytest.raises(TrainError, match="was not made by lint-train"):
        write_book_snapshot(root, mine)
    assert mine.read_text(encoding="utf-8") == "my own notes\n"
