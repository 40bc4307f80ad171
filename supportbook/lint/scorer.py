"""A learned second opinion for the linter: a small logistic-regression scorer over a sentence's words.

The phrase rules in `rules.yml` catch the wordings they were written from; a fresh writer's wording
slips past them (recall on unseen batches stayed at 53–70%, see benchmarks/README.md). The scorer reads
the words and word pairs of each sentence no rule flagged and gives the chance that it breaks the
safe-messaging guidance; at or above the threshold the linter reports it as `LEARNED-UNSAFE`, naming
the words that weighed most, so an editor sees why.

Its weights are data (`scorer.json`, next to the rules), made by `supportbook lint-train` from
sentences people labelled: the rule corpus (`tests/lint_corpus/flag.txt`, `pass.txt`), the training
batches (`tests/lint_corpus/training/`) and every sentence of the book as a safe example. Training is
deterministic, and a test checks that the committed weights are what training makes. The unseen
batches (`tests/lint_corpus/unseen/`) are never trained on: they measure it.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RULE_ID = "LEARNED-UNSAFE"
FAMILY = "learned"
MESSAGE = "this sentence reads like unsafe messaging (score {score}; words that weighed most: {words})"
SUGGESTION = (
    "check it against safe-messaging.md; if it is safe, add it to tests/lint_corpus/pass.txt and run "
    "`supportbook lint-train`, or mark it `<!-- lint-ignore LEARNED-UNSAFE: why -->`"
)
SOURCE = "learned from the labelled sentences in tests/lint_corpus (supportbook/lint/scorer.py)"

# Words (apostrophes and hyphens kept inside: "don't", "self-harm") and the punctuation that ends a clause.
_PIECES = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*|[.,;:!?()]")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
BIAS = "bias"


class ScorerError(ValueError):
    """A weights file that cannot be used; the message names the file and the problem."""


# After one of these, until the clause ends, words also count as negated (`n:word`): "Never promise to keep
# it secret" and "is a myth: they grow out of it" read differently from the same words said as advice.
NEGATIONS = frozenset({
    "not", "no", "never", "nor", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "won't",
    "can't", "cannot", "shouldn't", "wouldn't", "mustn't", "avoid", "myth", "myths",
})  # fmt: skip


def features(sentence: str) -> set[str]:
    """Each word (`w:word`), each pair of neighbouring words (`b:first_second`), each word after a negation
    in its clause (`n:word`), and the bias."""
    pieces = _PIECES.findall(sentence.lower().translate(_QUOTES))
    words = [piece for piece in pieces if piece[0].isalnum()]
    found = {BIAS}
    for index, word in enumerate(words):
        found.add(f"w:{word}")
        if index:
            found.add(f"b:{words[index - 1]}_{word}")
    negated = False
    for piece in pieces:
        if not piece[0].isalnum():
            negated = False
        elif negated:
            found.add(f"n:{piece}")
        if piece in NEGATIONS:
            negated = True
    return found


def _sigmoid(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, value))))


def _shown(feature: str) -> str:
    return feature[2:].replace("_", " ")


@dataclass(frozen=True)
class Scorer:
    """Weights per feature and the score at which a sentence is reported."""

    weights: dict[str, float]
    threshold: float
    path: str = ""
    # Headings under which the scorer stays silent ("Myths and facts"), compiled by the rules file: an
    # object with `.search(title)` (supportbook.lint.rules.AnyOf), or None.
    unless_section: Any = None

    def score(self, sentence: str) -> float:
        return _sigmoid(sum(self.weights.get(feature, 0.0) for feature in features(sentence)))

    def reasons(self, sentence: str, count: int = 3) -> list[str]:
        """The words or word pairs that pushed the score up most, strongest first."""
        weighed = sorted((self.weights.get(f, 0.0), f) for f in features(sentence) if f != BIAS)
        weighed.sort(key=lambda item: -item[0])  # stable: ties stay in name order
        return [f"'{_shown(feature)}'" for weight, feature in weighed[:count] if weight > 0]

    def flags(self, sentence: str) -> float | None:
        """The score when it reaches the threshold, else None."""
        value = self.score(sentence)
        return value if value >= self.threshold else None

    def as_json(self) -> str:
        data = {
            "about": "The linter's learned scorer (supportbook/lint/scorer.py); made by `supportbook lint-train`.",
            "threshold": self.threshold,
            "weights": dict(sorted(self.weights.items())),
        }
        return json.dumps(data, indent=0, sort_keys=False, ensure_ascii=False) + "\n"


def load(path: Path) -> Scorer:
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScorerError(f"{path}: the scorer's weights are missing; run `supportbook lint-train`") from None
    except json.JSONDecodeError as exc:
        raise ScorerError(f"{path}: the weights do not parse as JSON ({exc}); run `supportbook lint-train`") from None
    weights = data.get("weights") if isinstance(data, dict) else None
    threshold = data.get("threshold") if isinstance(data, dict) else None
    if not isinstance(weights, dict) or not all(isinstance(v, (int, float)) for v in weights.values()):
        raise ScorerError(f"{path}: 'weights' must map features to numbers; run `supportbook lint-train`")
    if not isinstance(threshold, (int, float)) or not 0.0 < threshold < 1.0:
        raise ScorerError(f"{path}: 'threshold' must be a number between 0 and 1")
    return Scorer({str(k): float(v) for k, v in weights.items()}, float(threshold), str(path))
