"""Match the rules against a document's prose and apply inline suppressions.

A suppression is an HTML comment on the same line as the finding, naming one rule and giving a reason:

    Avoid "committed suicide". <!-- lint-ignore LANG-COMMITTED: the language guide quotes it -->

It excuses that rule on that line only. A marker with no reason or an unknown rule id is itself a
finding (LINT-MARKER), and so is a marker that excuses nothing (LINT-UNUSED). Neither can be suppressed.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass
from typing import Any

from supportbook.lint import markdown, normalize, prefilter, scorer, sentences
from supportbook.lint.files import UsageError
from supportbook.lint.rules import ASCII_LOWER, CLAUSE_MARK, MATCH_MARK, Rule, RuleSet

MARKER_RE = re.compile(r"^\s*lint-ignore\b(?P<rest>.*)$", re.I | re.S)
_MARKER_BODY = re.compile(r"^\s+(?P<rule>[A-Za-z0-9-]+)\s*(?::(?P<reason>.*))?$", re.S)
LINT_SOURCE = "Circles of Support linter"
# A book page is tens of thousands of characters; anything near this is not a page.
MAX_CHARACTERS = 5_000_000


def too_large(path: str, size: int, unit: str) -> str:
    return (
        f"{path}: {size / 1_000_000:.1f} million {unit} is more than the linter's limit of "
        f"{MAX_CHARACTERS / 1_000_000:g} million per file; split it into pages (a chapter is under 0.1 million)"
    )


class TooLargeError(UsageError):
    """A document too large to lint in reasonable time and memory (the command exits 2)."""


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    col: int
    rule_id: str
    message: str
    suggestion: str
    source: str
    family: str = ""
    text: str = ""
    end_line: int = 0
    end_col: int = 0

    @property
    def rule(self) -> str:
        return self.rule_id

    def format(self) -> str:
        """`file:line:col: RULE-ID message — suggestion (source)`"""
        return f"{self.path}:{self.line}:{self.col}: {self.rule_id} {self.message} — {self.suggestion} ({self.source})"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Suppression:
    """A marker that excused a finding."""

    path: str
    line: int
    col: int
    rule_id: str
    reason: str
    text: str = ""

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.rule_id} ({self.reason})"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class DocumentResult:
    findings: list[Finding]
    suppressions: list[Suppression]


@dataclass
class _Marker:
    line: int
    col: int
    rule_id: str
    reason: str
    used: bool = False


class _Lines:
    """Offset -> (line, column), both 1-based, in the original text."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1


def _blank_span(text: str, start: int, end: int, cut_start: int, cut_end: int) -> str:
    """text[start:end] with the match [cut_start, cut_end) replaced by MATCH_MARK (so it never excuses itself)."""
    return text[start:cut_start] + MATCH_MARK * (cut_end - cut_start) + text[cut_end:end]


_CLAUSE_BREAK = re.compile(
    r"[,;]|\s(?:but|so|although|though|while|whereas|because|yet)\s|\s[-\u2013\u2014]+\s|[\u2013\u2014]"
)
_WORD = re.compile(r"[\w']+")


def clause_span(text: str, sstart: int, send: int, start: int, end: int) -> tuple[int, int]:
    """The clause holding text[start:end], within the sentence [sstart, send).

    A one-word clause just before it ("Never, ever promise...") and a clause of up to three words
    just after it ("..., don't.") belong to it.
    """
    cuts = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(text, sstart, send)]
    before = [c for c in cuts if c[1] <= start]
    after = [c for c in cuts if c[0] >= end]
    cstart = before[-1][1] if before else sstart
    cend = after[0][0] if after else send
    if before:
        prev_start = before[-2][1] if len(before) > 1 else sstart
        if len(_WORD.findall(text[prev_start:before[-1][0]])) <= 1:
            cstart = prev_start
    if after:
        next_end = after[1][0] if len(after) > 1 else send
        if len(_WORD.findall(text[after[0][1]:next_end])) <= 3:
            cend = next_end
    return cstart, cend


def _sections(prose: markdown.Prose, offset: int) -> list[str]:
    """Titles the offset sits under: its section, the sections above, and its table column's header."""
    stack: list[markdown.Heading] = []
    for heading in prose.headings:
        if heading.start > offset:
            break
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        stack.append(heading)
    titles = [h.text for h in stack]
    titles.extend(cell.header for cell in prose.cells if cell.start <= offset < cell.end)
    return [title.translate(ASCII_LOWER) for title in titles]


def _in_title(prose: markdown.Prose, start: int, end: int) -> bool:
    return any(h.level == 1 and h.start <= start and end <= h.end for h in prose.headings)


def mark_sentence_starts(text: str, segs: sentences.Segments) -> str:
    """Put CLAUSE_MARK on the space before each sentence's first word, so `^` in a pattern can see it."""
    pieces = []
    pos = 0
    for start, end in zip(segs.sentence_starts, segs.sentence_ends, strict=True):
        first = start + (len(text[start:end]) - len(text[start:end].lstrip()))
        if first > 0 and first > pos and first < end and text[first - 1].isspace():
            pieces.append(text[pos:first - 1])
            pieces.append(CLAUSE_MARK)
            pos = first
    pieces.append(text[pos:])
    return "".join(pieces)


def _match_rule(
    rule: Rule, text: str, prose: markdown.Prose, segs: sentences.Segments, positions: list[int] | None
) -> list[tuple[int, int]]:
    spans = []
    for match in prefilter.matches(rule.regex, text, positions):
        start, end = match.span()
        sstart, send = segs.sentence(start)
        if end > send or start < sstart:
            continue  # never across a sentence or block boundary
        if rule.only_in == "title" and not _in_title(prose, start, end):
            continue
        if rule.not_before is not None and rule.not_before.search(text, max(sstart, start - 60), start):
            continue
        if rule.not_after is not None and rule.not_after.match(text[end:min(send, end + 60)]):
            continue
        if rule.near is not None:
            cstart, cend = (sstart, send) if rule.near_scope == "sentence" else segs.paragraph(start)
            if not rule.near.search(text, cstart, cend):
                continue
        if rule.unless is not None and rule.unless.search(_blank_span(text, sstart, send, start, end)):
            continue
        if rule.unless_clause is not None:
            cstart, cend = clause_span(text, sstart, send, start, end)
            # Only what comes before the match, and the match, can excuse it: "Do not ask them to sign a
            # no-harm contract" is advice against; "...a no-harm contract saying they won't" is not.
            if rule.unless_clause.search(_blank_span(text, cstart, end, start, end)):
                continue
        if rule.unless_section is not None and any(
            rule.unless_section.search(title) for title in _sections(prose, start)
        ):
            continue
        spans.append((start, end))
    return spans


def _markers(prose: markdown.Prose, lines: _Lines) -> list[_Marker | tuple[int, int, str]]:
    """Parsed suppression markers; a malformed one is returned as (line, col, problem)."""
    found: list[_Marker | tuple[int, int, str]] = []
    for comment in prose.comments:
        head = MARKER_RE.match(comment.body)
        if not head:
            continue
        line, col = lines.position(comment.start)
        body = _MARKER_BODY.match(head.group("rest").rstrip())
        if not body:
            found.append((line, col, "a lint-ignore marker must name one rule: <!-- lint-ignore RULE-ID: reason -->"))
            continue
        reason = " ".join((body.group("reason") or "").split())
        found.append(_Marker(line, col, body.group("rule").upper(), reason))
    return found


def _meta(path: str, line: int, col: int, rule_id: str, message: str, suggestion: str) -> Finding:
    return Finding(path, line, col, rule_id, message, suggestion, LINT_SOURCE, "lint", "", line, col)


def _normalized(prose: markdown.Prose) -> tuple[markdown.Prose, normalize.Normalized]:
    """The prose as a reader reads it (entities, invisible characters, look-alike letters undone), with
    headings and table cells moved to its offsets; comments keep the file's offsets (they give lines)."""
    norm = normalize.normalize(prose.text)
    if not norm.starts:
        return prose, norm
    headings = [
        markdown.Heading(norm.from_source(h.start), norm.from_source(h.end), h.level, normalize.normalize(h.text).text)
        for h in prose.headings
    ]
    cells = [
        markdown.Cell(norm.from_source(c.start), norm.from_source(c.end), normalize.normalize(c.header).text)
        for c in prose.cells
    ]
    return markdown.Prose(norm.text, headings, prose.comments, cells), norm


def _learned(
    ruleset: RuleSet, prose: markdown.Prose, segs: sentences.Segments, rule_starts: list[int], lines: _Lines,
    norm: normalize.Normalized, path: str,
) -> list[Finding]:
    """The scorer's findings: whole sentences that no rule flagged and that score at or above its threshold."""
    if ruleset.scorer is None:
        return []
    starts = sorted(rule_starts)
    found = []
    for start, end in zip(segs.sentence_starts, segs.sentence_ends, strict=True):
        after = bisect.bisect_left(starts, start)
        if after < len(starts) and starts[after] < end:
            continue  # a rule already speaks for this sentence
        text = " ".join(prose.text[start:end].split())
        if not text or len(text.split()) < 3:
            continue
        sections = ruleset.scorer.unless_section
        if sections is not None and any(sections.search(title) for title in _sections(prose, start)):
            continue
        value = ruleset.scorer.flags(text)
        if value is None:
            continue
        span = prose.text[start:end]
        first, last = start + len(span) - len(span.lstrip()), start + len(span.rstrip())
        line, col = lines.position(norm.source_start(first))
        end_line, end_col = lines.position(norm.source_end(last))
        message = scorer.MESSAGE.format(score=f"{value:.2f}", words=", ".join(ruleset.scorer.reasons(text)))
        found.append(
            Finding(path, line, col, scorer.RULE_ID, message, scorer.SUGGESTION, scorer.SOURCE, scorer.FAMILY,
                    text, end_line, end_col)
        )  # fmt: skip
    return found


def lint_document(text: str, path: str, ruleset: RuleSet) -> DocumentResult:
    """All findings in one Markdown/MyST document, after suppressions, sorted by position.

    Matching runs on the normalised prose (see `normalize`); every position is mapped back to the file.
    """
    if len(text) > MAX_CHARACTERS:
        raise TooLargeError(too_large(path, len(text), "characters"))
    prose, norm = _normalized(markdown.extract(text))
    segs = sentences.segment(prose.text)
    lines = _Lines(text)
    marked = mark_sentence_starts(prose.text, segs).translate(ASCII_LOWER)
    raw: list[Finding] = []
    rule_starts: list[int] = []
    candidates = ruleset.index.candidates(marked, len(ruleset.rules))
    for number, rule in enumerate(ruleset.rules):
        positions = None if number in ruleset.index.full_scan else candidates[number]
        for start, end in _match_rule(rule, marked, prose, segs, positions):
            rule_starts.append(start)
            line, col = lines.position(norm.source_start(start))
            end_line, end_col = lines.position(norm.source_end(end))
            matched = " ".join(prose.text[start:end].split())
            raw.append(
                Finding(
                    path, line, col, rule.id, rule.message.replace("{match}", matched), rule.suggestion,
                    rule.source, rule.family, matched, end_line, end_col,
                )
            )  # fmt: skip

    raw += _learned(ruleset, prose, segs, rule_starts, lines, norm, path)

    findings: list[Finding] = []
    markers: list[_Marker] = []
    for item in _markers(prose, lines):
        if isinstance(item, tuple):
            findings.append(_meta(path, item[0], item[1], "LINT-MARKER", item[2], "fix the marker or remove it"))
        elif item.rule_id not in ruleset.ids:
            findings.append(
                _meta(path, item.line, item.col, "LINT-MARKER", f"lint-ignore names an unknown rule '{item.rule_id}'",
                      "use a rule id from the linter's output (python -m supportbook lint --list-rules)")
            )  # fmt: skip
        elif not item.reason:
            findings.append(
                _meta(path, item.line, item.col, "LINT-MARKER", f"lint-ignore {item.rule_id} gives no reason",
                      f"say why, e.g. <!-- lint-ignore {item.rule_id}: the language guide quotes this phrase -->")
            )  # fmt: skip
        else:
            markers.append(item)

    suppressions: list[Suppression] = []
    for finding in raw:
        marker = next(
            (m for m in markers if m.rule_id == finding.rule_id and finding.line <= m.line <= finding.end_line), None
        )
        if marker is None:
            findings.append(finding)
            continue
        marker.used = True
        suppressions.append(Suppression(path, finding.line, finding.col, finding.rule_id, marker.reason, finding.text))
    for marker in markers:
        if not marker.used:
            findings.append(
                _meta(path, marker.line, marker.col, "LINT-UNUSED",
                      f"lint-ignore {marker.rule_id} excuses nothing on this line",
                      "remove the marker (the phrase is gone or was reworded)")
            )  # fmt: skip
    findings.sort(key=lambda f: (f.line, f.col, f.rule_id))
    suppressions.sort(key=lambda s: (s.line, s.col))
    return DocumentResult(findings, suppressions)
