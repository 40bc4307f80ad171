"""Find where a rule can match without scanning every character with every rule.

Scanning a page with each of ~60 regular expressions costs a regex attempt at every position. Instead,
each rule's pattern is analysed once: the set of short literal prefixes its matches can start with
("com", "cut", "i"...). A page is then walked word by word, and a rule is tried (with `match`) only
where a word starts with one of its prefixes. The result is the same as `finditer`: matches are
non-overlapping, leftmost first. A rule whose matches may start with anything, or with a character
that does not start a word (an emoji, a quote), is scanned the ordinary way.

The analysis reads the pattern's source with a small parser of the regular-expression syntax the rules
use (literals, escapes, classes, groups, lookarounds, alternation, quantifiers); anything else (a
backreference, inline flags, a conditional) makes the rule fall back to a full scan, so the result
never changes. No private part of `re` is used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

PREFIX_LENGTH = 3
MAX_PREFIXES = 4000
MAX_CLASS = 40
_WORD_START = re.compile(r"(?<![\w])\w")
_WORD_CHAR = re.compile(r"\w")
_DIGITS = "0123456789"
# Group openings after "(": (text, zero-width?). "(?P<name>" is handled apart; others are too complex.
_GROUP_OPENINGS = (("?:", False), ("?=", True), ("?!", True), ("?<=", True), ("?<!", True), ("?>", False))
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}

Prefixes = set[tuple[str, bool]]  # (literal text, complete?) — complete: later items may extend it

# The parsed pattern: ("lit", char), ("set", chars or None), ("any",), ("zero",),
# ("alt", [sequence, ...]), ("repeat", low, high or None, sequence); a sequence is a list of nodes.
Node = tuple[object, ...]


class _TooComplex(Exception):
    pass


class _Reader:
    """A recursive-descent reader of a regular expression's source (the subset rules are written in)."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0

    def peek(self, text: str) -> bool:
        return self.src.startswith(text, self.pos)

    def alternation(self) -> Node:
        branches = [self.sequence()]
        while self.peek("|"):
            self.pos += 1
            branches.append(self.sequence())
        return ("alt", branches)

    def sequence(self) -> list[Node]:
        items: list[Node] = []
        while self.pos < len(self.src) and not self.peek("|") and not self.peek(")"):
            atom = self.atom()
            items.append(self.quantified(atom))
        return items

    def quantified(self, atom: Node) -> Node:
        low, high = 1, 1
        if self.peek("*"):
            low, high, self.pos = 0, None, self.pos + 1
        elif self.peek("+"):
            low, high, self.pos = 1, None, self.pos + 1
        elif self.peek("?"):
            low, high, self.pos = 0, 1, self.pos + 1
        elif self.peek("{"):
            close = self.src.find("}", self.pos)
            body = self.src[self.pos + 1 : close] if close > 0 else ""
            low_text, comma, high_text = body.partition(",")
            if not low_text.isdigit() or (high_text and not high_text.isdigit()):
                return atom  # a literal brace
            low = int(low_text)
            high = (int(high_text) if high_text else None) if comma else low
            self.pos = close + 1
        else:
            return atom
        if self.peek("?") or self.peek("+"):  # lazy or possessive: the same possible prefixes
            self.pos += 1
        if atom[0] == "zero":
            return atom
        return ("repeat", low, high, [atom])

    def atom(self) -> Node:
        char = self.src[self.pos]
        self.pos += 1
        if char == "(":
            return self.group()
        if char == "[":
            return ("set", self.char_class())
        if char == "\\":
            return self.escape(in_class=False)
        if char in "^$":
            return ("zero",)
        if char == ".":
            return ("any",)
        return ("lit", char)

    def group(self) -> Node:
        zero = False
        if self.peek("?"):
            for opening, is_zero in _GROUP_OPENINGS:
                if self.peek(opening):
                    self.pos += len(opening)
                    zero = is_zero
                    break
            else:
                if not self.peek("?P<"):
                    raise _TooComplex  # inline flags, a backreference, a conditional, a comment
                self.pos = self.src.index(">", self.pos) + 1
        inner = self.alternation()
        if not self.peek(")"):
            raise _TooComplex
        self.pos += 1
        return ("zero",) if zero else inner

    def escape(self, in_class: bool) -> Node:
        char = self.src[self.pos]
        self.pos += 1
        if char in "wWsSD" or (char in "bBAZ" and in_class):
            return ("set", None)
        if char == "d":
            return ("set", list(_DIGITS))
        if char in "bBAZ":
            return ("zero",)
        if char in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[char]
            code = self.src[self.pos : self.pos + width]
            self.pos += width
            return ("lit", chr(int(code, 16)))
        if char == "N":
            raise _TooComplex
        if char.isdigit():
            raise _TooComplex  # a backreference or an octal escape
        return ("lit", _SIMPLE_ESCAPES.get(char, char))

    def char_class(self) -> list[str] | None:
        chars: list[str] = []
        known = True
        if self.peek("^"):
            known = False
            self.pos += 1
        first = True
        while self.pos < len(self.src) and (first or not self.peek("]")):
            first = False
            char = self.src[self.pos]
            self.pos += 1
            if char == "\\":
                node = self.escape(in_class=True)
                if node[0] == "set":
                    known = known and node[1] is not None
                    chars.extend(node[1] or [])
                    continue
                char = str(node[1])
            if self.peek("-") and not self.src.startswith("-]", self.pos):
                self.pos += 1
                high = self.src[self.pos]
                self.pos += 1
                if high == "\\":
                    high = str(self.escape(in_class=True)[1])
                if ord(high) - ord(char) > MAX_CLASS:
                    known = False
                    continue
                chars.extend(chr(code) for code in range(ord(char), ord(high) + 1))
                continue
            chars.append(char)
        self.pos += 1  # the closing bracket
        return chars if known and len(chars) <= MAX_CLASS else None


def _item(node: Node, room: int) -> Prefixes:
    """Prefixes of one parsed item, at most `room` characters long."""
    kind = node[0]
    if kind == "lit":
        return {(str(node[1]), True)}
    if kind == "set":
        chars = node[1]
        return {("", False)} if chars is None else {(c, True) for c in chars}  # type: ignore[union-attr]
    if kind == "zero":
        return {("", True)}  # zero-width: it only narrows where a match can start
    if kind == "alt":
        result: Prefixes = set()
        for branch in node[1]:  # type: ignore[union-attr]
            result |= _sequence(branch, room)
        return result
    if kind == "repeat":
        low, high, sub = node[1], node[2], node[3]
        inner = _sequence(sub, room)  # type: ignore[arg-type]
        result = {("", True)} if low == 0 else set()
        for text, complete in inner:
            result.add((text, complete and high == 1))
        return result
    return {("", False)}  # any character


def _sequence(items: list[Node], room: int) -> Prefixes:
    found: Prefixes = {("", True)}
    for node in items:
        if not any(complete and len(text) < room for text, complete in found):
            break
        extended: Prefixes = set()
        for text, complete in found:
            if not complete or len(text) >= room:
                extended.add((text, False))
                continue
            for more, more_complete in _item(node, room - len(text)):
                joined = text + more
                extended.add((joined[:room], more_complete and len(joined) < room))
        if len(extended) > MAX_PREFIXES:
            raise _TooComplex
        found = extended
    return found


def parse(source: str) -> Node:
    """The pattern's structure, as far as prefixes need it (raises _TooComplex for other syntax)."""
    reader = _Reader(source)
    try:
        tree = reader.alternation()
    except (IndexError, ValueError) as exc:
        raise _TooComplex from exc
    if reader.pos != len(source):
        raise _TooComplex
    return tree


def prefixes(pattern: re.Pattern[str], length: int = PREFIX_LENGTH) -> frozenset[str] | None:
    """Literal prefixes (up to `length` characters) that every match of `pattern` starts with.

    None when a match may start with anything, or with a character that cannot start a word.
    """
    if pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None  # case folding or comments would change what a literal means
    try:
        found = _sequence([parse(pattern.pattern)], length)
    except (_TooComplex, RecursionError):
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
