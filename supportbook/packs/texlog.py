"""Find the glyphs xelatex dropped: "Missing character" lines in a LaTeX log, with the page they were on.

XeTeX prints nothing where a font lacks a character; with `\\tracinglostchars=2` (set by
`supportbook.sphinxext.latex`) it writes one log line per lost character. Pages are counted from the
`[N]` marks TeX writes as it ships each page out, so the page named is the PDF page being filled when the
character was lost (TeX may finish that paragraph on the next page).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

_MISSING = re.compile(r"Missing character: There is no (.+?) \(U\+([0-9A-Fa-f]{4,6})\) in font (.+?)!")
# A page shipped out: "[12" then a space, a closing bracket, a newline, "<" (an image) or "{" (a map file).
_SHIPOUT = re.compile(r"(?:^|(?<=[\s\])]))\[(\d+)(?=[\s\]<{])")
_TEX_LINE = 79  # TeX wraps log lines at max_print_line characters (79 unless raised)


@dataclass(frozen=True, order=True)
class MissingGlyph:
    page: int  # the PDF page (1 = the first page of the file)
    codepoint: str  # "U+1F600"
    char: str
    font: str


def _unwrap(text: str) -> str:
    """Join the lines TeX broke at exactly 79 characters, so a message reads as one line."""
    out: list[str] = []
    for line in text.splitlines():
        out.append(line)
        out.append("" if len(line) == _TEX_LINE else "\n")
    return "".join(out)


def _font_name(spec: str) -> str:
    """'[texgyrepagella-regular.otf]/OT:script=latn;...' -> 'texgyrepagella-regular.otf'."""
    name = re.sub(r"/(?:OT|AAT|ICU|GR)$", "", spec.split(":")[0].strip())
    return name.strip("[]\"")


def missing_glyphs(log_text: str) -> list[MissingGlyph]:
    text = _unwrap(log_text)
    events: list[tuple[int, str, re.Match[str]]] = [(m.start(), "page", m) for m in _SHIPOUT.finditer(text)]
    events += [(m.start(), "glyph", m) for m in _MISSING.finditer(text)]
    shipped = 0
    found: list[MissingGlyph] = []
    for _, kind, match in sorted(events, key=lambda e: e[0]):
        if kind == "page":
            shipped += 1
            continue
        char, code, font = match.groups()
        found.append(MissingGlyph(shipped + 1, f"U+{code.upper()}", char, _font_name(font)))
    return found


def report(glyphs: Sequence[MissingGlyph], source: str = "the LaTeX log") -> str:
    counts = Counter(glyphs)
    lines = [f"{len(glyphs)} character(s) are missing from the PDF's fonts ({source}):"]
    for glyph, count in sorted(counts.items()):
        times = f" ({count} times)" if count > 1 else ""
        lines.append(f"  {glyph.codepoint} {glyph.char!r} in font {glyph.font}, on PDF page {glyph.page}{times}")
    lines.append(
        "Replace the character in the page source, or choose a font that has it in _config.yml "
        "(sphinx.config.latex_elements.fontpkg)."
    )
    return "\n".join(lines)


def check(log: Path) -> list[MissingGlyph]:
    return missing_glyphs(log.read_text(encoding="utf-8", errors="replace"))


def run(args: argparse.Namespace) -> int:
    try:
        glyphs = check(Path(args.log))
    except OSError as exc:
        print(f"texlog: cannot read {args.log}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    if glyphs:
        print(report(glyphs, args.log), file=sys.stderr)
        return 1
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("texlog", help="list the glyphs xelatex dropped, from a LaTeX log (exit 1 if any)")
    parser.add_argument("log", metavar="FILE.log", help="the LaTeX log")
    parser.set_defaults(func=run)
