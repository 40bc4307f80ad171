"""Split extracted prose into paragraphs and sentences, as offset spans.

A paragraph ends at a blank line or a paragraph break sentinel; a sentence ends at `.`, `!` or `?`
followed by a space and a capital letter (or a quote, digit or bracket), and at a sentence break
sentinel (a list item or table cell). Line breaks inside a paragraph do not end a sentence.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from supportbook.lint.markdown import PARAGRAPH_BREAK, SENTENCE_BREAK

_PARAGRAPH_END = re.compile(rf"\n[ \t]*(?:\n[ \t]*)+|{PARAGRAPH_BREAK}+")
_SENTENCE_END = re.compile(
    rf"{SENTENCE_BREAK}+|(?<=[.!?])[\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9])|(?<=[.!?])[\"')\]]*(?=\s*{SENTENCE_BREAK})"
)


@dataclass(frozen=True)
class Segments:
    """Sentence and paragraph spans of one document, sorted by start offset."""

    sentence_starts: list[int]
    sentence_ends: list[int]
    paragraph_starts: list[int]
    paragraph_ends: list[int]

    def sentence(self, offset: int) -> tuple[int, int]:
        index = max(0, bisect.bisect_right(self.sentence_starts, offset) - 1)
        return self.sentence_starts[index], self.sentence_ends[index]

    def paragraph(self, offset: int) -> tuple[int, int]:
        index = max(0, bisect.bisect_right(self.paragraph_starts, offset) - 1)
        return self.paragraph_starts[index], self.paragraph_ends[index]


def _spans(text: str, breaks: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    pos = start
    for match in breaks.finditer(text, start, end):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, end))
    return spans


def segment(text: str) -> Segments:
    """Paragraphs and sentences of prose produced by `markdown.extract`."""
    sentence_starts: list[int] = []
    sentence_ends: list[int] = []
    paragraph_starts: list[int] = []
    paragraph_ends: list[int] = []
    for pstart, pend in _spans(text, _PARAGRAPH_END, 0, len(text)):
        paragraph_starts.append(pstart)
        paragraph_ends.append(pend)
        for sstart, send in _spans(text, _SENTENCE_END, pstart, pend):
            sentence_starts.append(sstart)
            sentence_ends.append(send)
    if not sentence_starts:
        sentence_starts, sentence_ends = [0], [len(text)]
    if not paragraph_starts:
        paragraph_starts, paragraph_ends = [0], [len(text)]
    return Segments(sentence_starts, sentence_ends, paragraph_starts, paragraph_ends)
