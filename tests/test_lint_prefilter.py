"""The prefix index finds exactly what a full scan finds, only faster."""

from __future__ import annotations

import re
from pathlib import Path

from supportbook.lint import load_rules, markdown, sentences
from supportbook.lint.engine import mark_sentence_starts
from supportbook.lint.prefilter import Index, matches, prefixes
from supportbook.lint.rules import ASCII_LOWER

ROOT = Path(__file__).resolve().parents[1]


def prepared(text: str) -> str:
    prose = markdown.extract(text)
    return mark_sentence_starts(prose.text, sentences.segment(prose.text)).translate(ASCII_LOWER)


def test_prefixes_of_simple_patterns() -> None:
    assert prefixes(re.compile(r"(?<![\w])(?:commit|cutters?)")) == frozenset({"com", "cut"})
    assert prefixes(re.compile(r"(?:a|an)?\s*cut")) is None  # may start with a space
    assert prefixes(re.compile(r"\w+ing")) is None  # may start with anything
    assert prefixes(re.compile(r"\d+ mg")) == frozenset("0123456789")


def test_prefixes_of_the_syntax_rules_use() -> None:
    assert prefixes(re.compile(r"(?<![\w])(?:(?P<x>hid|hide)s?|sec(?=r))")) == frozenset({"hid", "sec"})
    assert prefixes(re.compile(r"[a-c]{2}x|\u0063ut")) == frozenset({"a", "b", "c", "cut"})  # repeats: first item
    assert prefixes(re.compile(r"no(?:t|\s)")) == frozenset({"not", "no"})
    assert prefixes(re.compile(r"(a)\1")) is None  # a backreference: scanned in full
    assert prefixes(re.compile(r"(?i)cut")) is None  # inline flags: scanned in full
    assert prefixes(re.compile(r"[^x]ut")) is None  # a negated class may start anywhere


def test_no_private_part_of_re_is_used() -> None:
    source = (ROOT / "supportbook/lint/prefilter.py").read_text(encoding="utf-8")
    assert "_parser" not in source and "_constants" not in source and "sre_" not in source


def test_indexed_matching_equals_finditer_on_the_corpus_and_book() -> None:
    ruleset = load_rules()
    patterns = [rule.regex for rule in ruleset.rules]
    index = Index.build(patterns)
    texts = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("book/**/*.md"))[:20]]
    texts += [(ROOT / "tests/lint_corpus" / name).read_text(encoding="utf-8") for name in ("flag.txt", "pass.txt")]
    for text in texts:
        prose = prepared(text)
        candidates = index.candidates(prose, len(patterns))
        for number, pattern in enumerate(patterns):
            positions = None if number in index.full_scan else candidates[number]
            assert [m.span() for m in matches(pattern, prose, positions)] == [m.span() for m in pattern.finditer(prose)]
