"""Undo disguises before matching, keeping a map back to the file so positions stay true.

Wording can hide from a pattern without changing what a reader sees: an HTML entity (`&#99;utting`), a
soft hyphen or zero-width space inside a word, a full-width or ligature letter (NFKC folds these), an
accent added to a letter, or a Cyrillic or Greek letter that looks Latin (`сutting` with Cyrillic `с`).
`normalize(text)` returns the text as a reader reads it, plus a `Normalized.source_start/source_end`
map from each of its offsets back to the original, so a finding's line:column is the place in the file.

Only characters outside ASCII and `&...;` entities are touched; plain ASCII text maps one to one, fast.
Control characters (the prose extractor's sentinels) are kept.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Characters that look like Latin letters (Cyrillic, Greek, and a few others used to disguise words).
HOMOGLYPHS = str.maketrans(
    {
        # Cyrillic lower case
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
        "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w",
        "һ": "h", "ɡ": "g", "ү": "y", "ո": "n", "ս": "u",
        # Cyrillic upper case
        "А": "A", "В": "B", "Е": "E", "Ё": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
        "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ї": "I", "Ј": "J", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W",
        "Һ": "H",
        # Greek
        "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
        "χ": "x", "γ": "y", "ω": "w", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K",
        "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
        # Latin look-alikes outside ASCII that NFKC keeps
        "ı": "i", "ȷ": "j", "ℓ": "l",
    }
)  # fmt: skip
# Invisible in running text: format characters (soft hyphen, zero-width space and joiners, bidi
# controls, BOM), combining marks (accents stacked on a letter), variation selectors.
_DROP_CATEGORIES = frozenset({"Cf", "Mn", "Me"})
_SPECIAL = re.compile(r"[^\x00-\x7f]+|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


@lru_cache(maxsize=4096)
def _fold(chars: str) -> str:
    """What a run of characters (or one entity's text) reads as, in plain letters."""
    out = []
    for char in chars:
        if unicodedata.category(char) in _DROP_CATEGORIES:
            continue
        folded = unicodedata.normalize("NFKC", char).translate(HOMOGLYPHS)
        if not folded.isascii():  # an accented letter: keep the letter, drop the accent
            folded = "".join(
                c for c in unicodedata.normalize("NFKD", folded) if unicodedata.category(c) not in _DROP_CATEGORIES
            ).translate(HOMOGLYPHS)
        if folded.isascii() and not folded.isprintable() and char not in "\n\t":
            folded = " " * len(folded)  # never let a character become a control sentinel
        out.append(folded)
    return "".join(out)


def _entity(found: str) -> str:
    """`&#99;`, `&shy;`, `&eacute;` as the letters they show (an unknown name stays as written)."""
    decoded = html.unescape(found)
    return found if decoded == found else _fold(decoded)


@dataclass(frozen=True)
class Normalized:
    """The normalised text and, for each changed stretch, where it came from in the original."""

    text: str
    # Parallel lists, one item per stretch of the normalised text, in order: where the stretch starts
    # in `text`, where it starts and ends in the source, and whether it was rewritten.
    starts: tuple[int, ...] = ()
    source_starts: tuple[int, ...] = ()
    source_ends: tuple[int, ...] = ()
    rewritten: tuple[bool, ...] = ()
    source_length: int = 0

    def _stretch(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def source_start(self, offset: int) -> int:
        """Where the character at `offset` of the normalised text starts in the source."""
        if not self.starts or offset >= len(self.text):
            return self.source_length if self.starts else offset
        index = self._stretch(offset)
        if self.rewritten[index]:
            return self.source_starts[index]
        return self.source_starts[index] + offset - self.starts[index]

    def source_end(self, end: int) -> int:
        """Where a span of the normalised text ending (exclusive) at `end` ends in the source."""
        if not self.starts or end <= 0:
            return end if not self.starts else 0
        index = self._stretch(end - 1)
        if self.rewritten[index]:
            return self.source_ends[index]
        return self.source_starts[index] + end - self.starts[index]

    def from_source(self, offset: int) -> int:
        """The normalised offset of a source offset (the next kept character, if it was dropped)."""
        if not self.starts:
            return offset
        index = bisect.bisect_right(self.source_starts, offset) - 1
        if index < 0:
            return 0
        if offset >= self.source_ends[index]:
            return self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        if self.rewritten[index]:
            return self.starts[index]
        return self.starts[index] + offset - self.source_starts[index]


def normalize(text: str) -> Normalized:
    """The text as a reader reads it (see the module docstring), with its map back to `text`."""
    if text.isascii() and "&" not in text:
        return Normalized(text, source_length=len(text))
    pieces: list[str] = []
    starts: list[int] = []
    source_starts: list[int] = []
    source_ends: list[int] = []
    rewritten: list[bool] = []
    out = 0

    def add(piece: str, source_start: int, source_end: int, changed: bool) -> None:
        nonlocal out
        if not piece:
            return  # a dropped character: the next stretch carries on from the source
        pieces.append(piece)
        starts.append(out)
        source_starts.append(source_start)
        source_ends.append(source_end)
        rewritten.append(changed)
        out += len(piece)

    position = 0
    for match in _SPECIAL.finditer(text):
        add(text[position:match.start()], position, match.start(), False)
        if match.group(0).startswith("&"):
            add(_entity(match.group(0)), match.start(), match.end(), True)
        else:  # one stretch per character, so each maps to its own place
            for index, char in enumerate(match.group(0), match.start()):
                folded = _fold(char)
                add(folded, index, index + 1, folded != char or len(folded) != 1)
        position = match.end()
    add(text[position:], position, len(text), False)
    return Normalized(
        "".join(pieces), tuple(starts), tuple(source_starts), tuple(source_ends), tuple(rewritten), len(text)
    )
