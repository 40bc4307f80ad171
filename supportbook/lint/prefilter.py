"""Find where a rule can match without scanning every character with every rule.

Scanning a page with each of ~50 regular expressions costs a regex attempt at every position. Instead,
each rule's compiled pattern is analysed once: the set of short literal prefixes its matches can start
with ("com", "cut", "i"...). A page is then walked word by word, and a rule is tried (with `match`)
only where a word starts with one of its prefixes. The result is the same as `finditer`: matches are
non-overlapping, leftmost first. A rule whose matches may start with anything, or with a character
that does not start a word (an emoji, a quote), is scanned the ordinary way.

The analysis reads Python's own regex parse tree (`re._parser`); if that is unavailable or the pattern
is too complex, the rule simply falls back to a full scan, so the result never changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

try:  # Python's regex parser: private, but stable in 3.11-3.13; without it every rule is scanned
    from re import _constants as sre_c  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    sre_c = sre_parse = None

PREFIX_LENGTH = 3
MAX_PREFIXES = 4000
MAX_CLASS = 40
_WORD_START = re.compile(r"(?<![\w])\w")
_WORD_CHAR = re.compile(r"\w")

Prefixes = set[tuple[str, bool]]  # (literal text, complete?) — complete: later items may extend it


class _TooComplex(Exception):
    pass


def _class_chars(items: list[tuple[object, object]]) -> list[str] | None:
    chars: list[str] = []
    for op, av in items:
        if op is sre_c.LITERAL:
            chars.append(chr(av))  # type: ignore[arg-type]
        elif op is sre_c.RANGE:
            low, high = av  # type: ignore[misc]
            if high - low > MAX_CLASS:
                return None
            chars.extend(chr(c) for c in range(low, high + 1))
        elif op is sre_c.CATEGORY and av is sre_c.CATEGORY_DIGIT:
            chars.extend("0123456789")
        else:  # NEGATE, other categories (\w, \s...)
            return None
    return chars if len(chars) <= MAX_CLASS else None


def _item(op: object, av: object, room: int) -> Prefixes:
    """Prefixes of one parsed item, at most `room` characters long."""
    unknown: Prefixes = {("", False)}
    if op is sre_c.LITERAL:
        return {(chr(av), True)}  # type: ignore[arg-type]
    if op is sre_c.IN:
        chars = _class_chars(av)  # type: ignore[arg-type]
        return unknown if chars is None else {(c, True) for c in chars}
    if op is sre_c.BRANCH:
        result: Prefixes = set()
        for alternative in av[1]:  # type: ignore[index]
            result |= _sequence(alternative.data, room)
        return result
    if op is sre_c.SUBPATTERN:
        return _sequence(av[3].data, room)  # type: ignore[index]
    if op is getattr(sre_c, "ATOMIC_GROUP", None):
        return _sequence(av.data, room)  # type: ignore[attr-defined]
    if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)):
        low, high, sub = av  # type: ignore[misc]
        inner = _sequence(sub.data, room)
        result = {("", True)} if low == 0 else set()
        for text, complete in inner:
            result.add((text, complete and high == 1))
        return result
    if op is sre_c.CATEGORY and av is sre_c.CATEGORY_DIGIT:
        return {(c, True) for c in "0123456789"}
    if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
        return {("", True)}  # zero-width: it only narrows where a match can start
    return unknown  # ANY, NOT_LITERAL, CATEGORY, GROUPREF...


def _sequence(items: list[tuple[object, object]], room: int) -> Prefixes:
    found: Prefixes = {("", True)}
    for op, av in items:
        if not any(complete and len(text) < room for text, complete in found):
            break
        extended: Prefixes = set()
        for text, complete in found:
            if not complete or len(text) >= room:
                extended.add((text, False))
                continue
            for more, more_complete in _item(op, av, room - len(text)):
                joined = text + more
                extended.add((joined[:room], more_complete and len(joined) < room))
        if len(extended) > MAX_PREFIXES:
            raise _TooComplex
        found = extended
    return found


def prefixes(pattern: re.Pattern[str], length: int = PREFIX_LENGTH) -> frozenset[str] | None:
    """Literal prefixes (up to `length` characters) that every match of `pattern` starts with.

    None when a match may start with anything, or with a character that cannot start a word.
    """
    if sre_parse is None:  # pragma: no cover
        return None
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        found = _sequence(parsed.data, length)
    except (_TooComplex, RecursionError, re.error):
        return None
    texts = {text for text, _ in found}
    if not texts or "" in texts or any(not _WORD_CHAR.match(text[0]) for text in texts):
        return None
    return frozenset(texts)


@dataclass
class Index:
    """Which patterns to try at a word, by the word's first 1, 2 or 3 characters."""

    by_prefix: list[dict[str, list[int]]] = field(default_factory=lambda: [{} for _ in range(PREFIX_LENGTH + 1)])
    full_scan: set[int] = field(default_factory=set)

    @classmethod
    def build(cls, patterns: list[re.Pattern[str]]) -> Index:
        index = cls()
        for number, pattern in enumerate(patterns):
            found = prefixes(pattern)
            if found is None:
                index.full_scan.add(number)
                continue
            for text in found:
                index.by_prefix[len(text)].setdefault(text, []).append(number)
        return index

    def candidates(self, text: str, count: int) -> list[list[int]]:
        """For each pattern, the word starts in `text` where it may match (ascending)."""
        positions: list[list[int]] = [[] for _ in range(count)]
        tables = [(length, table) for length, table in enumerate(self.by_prefix) if table]
        for match in _WORD_START.finditer(text):
            start = match.start()
            head = text[start : start + PREFIX_LENGTH]
            for length, table in tables:
                numbers = table.get(head[:length])
                if numbers:
                    for number in numbers:
                        positions[number].append(start)
        return positions


def matches(pattern: re.Pattern[str], text: str, positions: list[int] | None) -> Iterator[re.Match[str]]:
    """Like `pattern.finditer(text)`, trying only `positions` (None: scan everything)."""
    if positions is None:
        yield from pattern.finditer(text)
        return
    free = 0
    last = -1
    for start in positions:
        if start < free or start == last:
            continue
        last = start
        found = pattern.match(text, start)
        if found:
            free = max(found.end(), start + 1)
            yield found
