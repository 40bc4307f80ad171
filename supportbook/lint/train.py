"""Train the linter's learned scorer: `supportbook lint-train [--check | --cross-validate]`.

Labelled sentences, one a line (blank lines and `#` lines skipped), all in `tests/lint_corpus/`:
- unsafe: `flag.txt` and `training/*-flag.txt`;
- safe: `pass.txt` and `training/*-pass.txt`, among them `training/book-pass.txt`: every sentence of the
  book's pages (`book/`, `exercises/`) as the linter reads them, which `lint-train` writes afresh first.

Logistic regression by stochastic gradient descent with a fixed seed and sorted features, so the same
sentences always give the same weights; a feature must occur in two sentences to get a weight, and
weights are rounded. `--check` trains from the committed files (the book is not read again) and compares
with the committed `scorer.json` instead of writing anything (exit 1 when they differ), as the tests do.
Never train on `tests/lint_corpus/unseen/`: those batches measure the linter.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from supportbook.lint import markdown, sentences
from supportbook.lint.corpus_score import score_batch
from supportbook.lint.files import collect, default_paths
from supportbook.lint.rules import load_rules
from supportbook.lint.scorer import BIAS, Scorer, features

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "lint_corpus"
TRAINING = CORPUS / "training"
WEIGHTS = Path(__file__).with_name("scorer.json")
BOOK_SNAPSHOT = TRAINING / "book-pass.txt"
SNAPSHOT_HEADER = "# Made by `supportbook lint-train` from book/ and exercises/: safe sentences. Do not edit by hand."
THRESHOLD = 0.5
EPOCHS = 30
RATE = 0.2
DECAY = 1e-4
MIN_COUNT = 2
DIGITS = 3
SEED = 1


@dataclass(frozen=True)
class Example:
    features: tuple[str, ...]
    label: int
    weight: float


def labelled_lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def corpus_lines(path: Path) -> list[str]:
    """The sentences of `flag.txt` / `pass.txt`, whose lines read `family | sentence` (`# ` marks a title)."""
    found = []
    for line in labelled_lines(path):
        _, _, text = line.partition(" | ")
        found.append(text.strip().removeprefix("# "))
    return found


def book_sentences(root: Path = ROOT) -> list[str]:
    """Every sentence of four words or more in the book's pages, as the linter segments them."""
    found = []
    for path in collect(default_paths(root)):
        prose = markdown.extract(path.read_text(encoding="utf-8"))
        segs = sentences.segment(prose.text)
        for start, end in zip(segs.sentence_starts, segs.sentence_ends, strict=True):
            text = " ".join(prose.text[start:end].split())
            if len(text.split()) >= 4:
                found.append(text)
    return found


def training_batches(corpus: Path = CORPUS) -> list[Path]:
    """The training batches that have both halves (`NAME-flag.txt`, `NAME-pass.txt`), by their flag file."""
    training = corpus / "training"
    found = sorted(training.glob("*-flag.txt")) if training.is_dir() else []
    return [path for path in found if path.with_name(path.name.replace("-flag.txt", "-pass.txt")).is_file()]


def examples(corpus: Path = CORPUS, *, leave_out: Path | None = None) -> list[Example]:
    """Every labelled sentence; `leave_out` (a batch's flag file) drops that batch, both halves."""
    unsafe = corpus_lines(corpus / "flag.txt")
    safe = corpus_lines(corpus / "pass.txt")
    training = corpus / "training"
    skipped = {leave_out, leave_out.with_name(leave_out.name.replace("-flag.txt", "-pass.txt"))} if leave_out else set()
    for path in sorted(training.glob("*.txt")) if training.is_dir() else []:
        if path in skipped:
            continue
        if path.name.endswith("-flag.txt"):
            unsafe += labelled_lines(path)
        elif path.name.endswith("-pass.txt"):
            safe += labelled_lines(path)
    return (
        [Example(tuple(sorted(features(s))), 1, 1.0) for s in unsafe]
        + [Example(tuple(sorted(features(s))), 0, 1.0) for s in safe]
    )


def train(data: list[Example], threshold: float = THRESHOLD) -> Scorer:
    counts = Counter(feature for example in data for feature in example.features)

    def common(names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(f for f in names if counts[f] >= MIN_COUNT or f == BIAS)

    kept = [Example(common(example.features), example.label, example.weight) for example in data]
    weights: dict[str, float] = {}
    order = list(range(len(kept)))
    shuffle = random.Random(SEED).shuffle
    for _ in range(EPOCHS):
        shuffle(order)
        for index in order:
            example = kept[index]
            total = math.fsum(weights.get(f, 0.0) for f in example.features)
            chance = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))
            step = (chance - example.label) * example.weight
            for feature in example.features:
                old = weights.get(feature, 0.0)
                weights[feature] = old - RATE * (step + DECAY * old)
    rounded = {f: round(w, DIGITS) for f, w in weights.items()}
    return Scorer({f: w for f, w in rounded.items() if w}, threshold)


def cross_validate(thresholds: tuple[float, ...] = tuple(sorted({0.3, 0.4, THRESHOLD, 0.5, 0.6}))) -> list[str]:
    """Each training batch scored by rules plus a scorer trained without it: how the scorer generalises."""
    rules = load_rules()
    lines = []
    for path in training_batches():
        held_out = train(examples(leave_out=path))
        for threshold in thresholds:
            ruleset = replace(rules, scorer=replace(held_out, threshold=threshold))
            score = score_batch(path, ruleset)
            lines.append(f"threshold {threshold:.2f}  {score.format()}")
    return lines


class TrainError(Exception):
    """A file lint-train would overwrite but did not make."""


def _ours(path: Path, marker: str) -> None:
    if path.is_file() and marker not in path.read_text(encoding="utf-8")[:400]:
        raise TrainError(f"lint-train: {path} was not made by lint-train; move it away, then run lint-train again")


def write_book_snapshot(root: Path = ROOT, path: Path = BOOK_SNAPSHOT) -> int:
    """The book's sentences, deduplicated in order of appearance; returns how many."""
    _ours(path, SNAPSHOT_HEADER)
    found = list(dict.fromkeys(book_sentences(root)))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([SNAPSHOT_HEADER, *found]) + "\n", encoding="utf-8")
    return len(found)


def run(args: argparse.Namespace) -> int:
    if args.cross_validate:
        print("\n".join(cross_validate()))
        return 0
    if not args.check:
        try:
            _ours(WEIGHTS, '"about": "The linter\'s learned scorer')
            count = write_book_snapshot()
        except TrainError as exc:
            print(exc, file=sys.stderr)
            return 2
        print(f"lint-train: wrote {BOOK_SNAPSHOT} ({count} sentences of the book)")
    scorer = train(examples())
    made = scorer.as_json()
    if args.check:
        if WEIGHTS.is_file() and WEIGHTS.read_text(encoding="utf-8") == made:
            print(f"lint-train: {WEIGHTS.name} is what training makes ({len(scorer.weights)} weights)")
            return 0
        print(f"lint-train: {WEIGHTS} is not what training makes now: run `supportbook lint-train` and commit it",
              file=sys.stderr)
        return 1
    WEIGHTS.write_text(made, encoding="utf-8")
    print(f"lint-train: wrote {WEIGHTS} ({len(scorer.weights)} weights, threshold {scorer.threshold})")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "lint-train", help="train the linter's learned scorer from the labelled sentences", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("--check", action="store_true", help="fail when scorer.json is not what training makes")
    parser.add_argument(
        "--cross-validate", action="store_true",
        help="score each training batch with a scorer trained without it (rules plus scorer), at a few thresholds",
    )  # fmt: skip
    parser.set_defaults(func=run)
