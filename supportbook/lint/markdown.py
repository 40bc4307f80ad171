"""Read MyST Markdown the way a reader does: keep the prose, blank out everything else.

`extract(text)` returns a `Prose` whose `text` has exactly the length of the source, so an offset in it
is an offset in the file (line and column are computed from the original). Characters that are not
prose (front matter, code, URLs, link targets, labels, directive options, role targets, HTML) become
spaces. Two sentinels mark structure without changing length:

* `SENTENCE_BREAK` ("\\x00") where a list item or a table cell starts: a sentence never crosses it;
* `PARAGRAPH_BREAK` ("\\x01") around headings, fences, labels and comments.

Directive and admonition bodies are prose (they are parsed as Markdown); the bodies of code-like
directives are not. Typographic quotes and non-breaking hyphens are normalised so rules can be written
with plain ASCII.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

SENTENCE_BREAK = "\x00"
PARAGRAPH_BREAK = "\x01"

# Directives whose body is code or data, never prose.
CODE_DIRECTIVES = frozenset(
    {
        "code", "code-block", "code-cell", "sourcecode", "literalinclude", "math", "raw", "mermaid",
        "graphviz", "toctree", "bibliography", "include", "tableofcontents", "eval-rst", "parsed-literal",
        "jupyter-execute", "ipython", "service-table", "assignment-table", "chapter-info", "safety-box",
    }
)  # fmt: skip
# Directives whose argument (text after `{name}` on the fence line) is a title a reader sees.
TITLE_DIRECTIVES = frozenset(
    {
        "admonition", "dropdown", "topic", "sidebar", "margin", "card", "tab-item", "table", "list-table",
        "csv-table", "rubric", "epigraph", "glossary", "note", "tip", "warning", "important", "hint",
        "attention", "caution", "danger", "error", "seealso", "objectives", "key-points",
    }
)  # fmt: skip
# Directive options whose value a reader sees (alt text, captions); other options are not prose.
PROSE_OPTIONS = frozenset({"alt", "caption"})
# Roles whose content is displayed text rather than a target.
PROSE_ROLES = frozenset(
    {"term", "abbr", "sub", "sup", "dfn", "emphasis", "strong", "guilabel", "menuselection", "title-reference"}
)

_FENCE = re.compile(r"^(?P<lead>[ \t>]*)(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>[^\n]*?)[ \t]*$")
_DIRECTIVE_INFO = re.compile(r"^\{(?P<name>[A-Za-z0-9_:.+-]+)\}[ \t]*(?P<arg>.*)$")
_OPTION = re.compile(r"^[ \t>]*:(?P<key>[A-Za-z0-9_-]+):(?:[ \t]+(?P<value>.*))?$")
_HEADING = re.compile(r"^(?P<lead>[ \t>]{0,3})(?P<hashes>#{1,6})(?=[ \t]|$)")
_LABEL = re.compile(r"^[ \t]*\([^()\s]+\)=[ \t]*$")
_COMMENT = re.compile(r"^[ \t]*%")
_BLOCK_BREAK = re.compile(r"^[ \t]*(?:\+\+\+.*|(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_TABLE_ROW = re.compile(r"^[ \t>]*\|")
_TABLE_RULE = re.compile(r"^[ \t>]*\|?[ \t:|-]*-[ \t:|-]*\|?[ \t]*$")
_LIST_ITEM = re.compile(r"^(?P<lead>[ \t>]*)(?P<mark>[-*+]|\d{1,9}[.)])(?=[ \t]|$)")
_DEF_ITEM = re.compile(r"^(?P<lead>[ \t]*):(?=[ \t])")
_QUOTE = re.compile(r"^[ \t]*>")
_LINK_DEF = re.compile(r"^[ \t]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*\S.*$")
_FOOTNOTE_DEF = re.compile(r"^(?P<label>[ \t]{0,3}\[\^[^\]\n]+\]:)")

_ROLE = re.compile(r"\{(?P<name>[A-Za-z0-9_:.+-]+)\}(?P<ticks>`+)(?P<body>[^\n]*?[^`\n]|[^`\n])(?P=ticks)(?!`)")
_ROLE_TEXT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>\s*$", re.S)
_CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?P<body>[^\n]*?[^`\n]|[^`\n])(?P=ticks)(?!`)")
_HTML_COMMENT = re.compile(r"<!--(?P<body>.*?)-->", re.S)
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:|www\.)[^<>\s]*>")
_URL = re.compile(r"(?:\b[A-Za-z][A-Za-z0-9+.-]*://|\bwww\.)[^\s<>()\[\]]*(?:\([^\s()]*\)[^\s<>()\[\]]*)*[^\s<>()\[\].,;:!?'\"]")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>")
_LINK = re.compile(
    r"(?P<open>!?\[)(?P<text>[^\[\]\n]*)(?P<close>\](?:\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)|\[[^\]\n]*\]))"
)
_SUBSTITUTION = re.compile(r"\{\{[^{}\n]*\}\}")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\n]+\]")
_EMPHASIS = re.compile(r"(?<![\w\\])(?:[*_]{1,3}|~~)|(?:[*_]{1,3}|~~)(?!\w)")
_ESCAPE = re.compile(r"\\(?=[^\w\s])")
_TYPOGRAPHY = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2011": "-", "\u00a0": " "})


@dataclass(frozen=True)
class Comment:
    """An HTML comment in prose (where suppression markers live); offsets into the source."""

    start: int
    end: int
    body: str


@dataclass(frozen=True)
class Heading:
    start: int
    end: int
    level: int
    text: str


@dataclass(frozen=True)
class Cell:
    """A table body cell and the header of its column (a context like a heading: "Myth", "Avoid")."""

    start: int
    end: int
    header: str


@dataclass
class Prose:
    """The prose of a document, offset-for-offset with the source."""

    text: str
    headings: list[Heading] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)


@dataclass
class _Frame:
    fence: str  # the fence characters, e.g. "```" or ":::"
    prose: bool  # is the body prose?
    options: bool = True  # still at the start of the body, where `:key: value` options live
    yaml_options: bool = False  # inside a `---` options block


def _blank(s: str) -> str:
    return re.sub(r"[^\n]", " ", s)


def _front_matter_end(lines: list[str]) -> int:
    """Number of lines taken by a YAML front matter block at the top (0 if none)."""
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        return 0
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n").rstrip() in ("---", "..."):
            return index + 1
    return 0


def _closes(frame: _Frame, fence: str, info: str) -> bool:
    return not info.strip() and fence[0] == frame.fence[0] and len(fence) >= len(frame.fence)


def _mask_fence_line(line: str, body: str, match: re.Match[str], prose_arg: bool) -> str:
    """A fence line: a paragraph break, plus the directive's title if a reader sees it."""
    masked = PARAGRAPH_BREAK + " " * (len(body) - 1) if body else ""
    if prose_arg:
        info = match.group("info")
        arg_match = _DIRECTIVE_INFO.match(info.strip())
        if arg_match and arg_match.group("arg"):
            arg = arg_match.group("arg")
            start = match.start("info") + info.index(arg)
            masked = masked[:start] + arg + masked[start + len(arg):]
    return masked + line[len(body):]


_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def _cells(line: str, start: int) -> list[tuple[int, int, str]]:
    """(start, end, text) of each cell of a table row (offsets into the document)."""
    body = line.rstrip("\r\n")
    bars = [m.start() for m in _CELL_SPLIT.finditer(body)]
    cells = []
    for left, right in itertools.pairwise(bars):
        cells.append((start + left + 1, start + right, body[left + 1 : right].strip()))
    if bars and body[bars[-1] + 1 :].strip():  # a row without a closing bar
        cells.append((start + bars[-1] + 1, start + len(body), body[bars[-1] + 1 :].strip()))
    return cells


def _table_cells(lines: list[str], masked: list[str]) -> list[Cell]:
    """Body cells of pipe tables found in the masked lines, with their column headers."""
    found: list[Cell] = []
    offset = 0
    header: list[str] | None = None
    previous = ""
    for line, out in zip(lines, masked, strict=True):
        if _TABLE_ROW.match(line) and _TABLE_RULE.match(line) and _TABLE_ROW.match(previous):
            header = [text for _, _, text in _cells(previous, 0)]
        elif header is not None and _TABLE_ROW.match(line) and SENTENCE_BREAK in out:
            for column, (cstart, cend, _) in enumerate(_cells(line, offset)):
                found.append(Cell(cstart, cend, header[column] if column < len(header) else ""))
        elif not _TABLE_ROW.match(line):
            header = None
        previous = line
        offset += len(line)
    return found


def _mask_blocks(text: str, headings: list[Heading], cells: list[Cell]) -> str:
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    stack: list[_Frame] = []
    skip = _front_matter_end(lines)
    offset = 0
    for index, line in enumerate(lines):
        body = line.rstrip("\r\n")
        eol = line[len(body):]
        start = offset
        offset += len(line)
        if index < skip:
            out.append(_blank(line))
            continue
        top = stack[-1] if stack else None
        fence = _FENCE.match(body)
        if top is not None and not top.prose:
            if fence and _closes(top, fence.group("fence"), fence.group("info")):
                stack.pop()
                out.append(PARAGRAPH_BREAK + _blank(line)[1:] if body else line)
            else:
                out.append(_blank(line))
            continue
        if top is not None and top.options:
            stripped = body.strip()
            if top.yaml_options:
                if stripped == "---":
                    top.yaml_options = False
                    top.options = False
                out.append(_blank(line))
                continue
            if stripped == "---":
                top.yaml_options = True
                out.append(_blank(line))
                continue
            option = _OPTION.match(body)
            if option:
                masked = _blank(line)
                value = option.group("value")
                if option.group("key") in PROSE_OPTIONS and value:
                    vstart = option.start("value")
                    masked = PARAGRAPH_BREAK + masked[1:vstart] + value + masked[vstart + len(value):]
                out.append(masked)
                continue
            top.options = False
        if fence:
            mark = fence.group("fence")
            info = fence.group("info").strip()
            if top is not None and _closes(top, mark, info):
                stack.pop()
                out.append(_mask_fence_line(line, body, fence, False))
                continue
            directive = _DIRECTIVE_INFO.match(info)
            if mark[0] == ":" and not directive:
                out.append(line)  # a line of colons that is not a directive fence: leave it
                continue
            if directive:
                name = directive.group("name").lower()
                stack.append(_Frame(mark, prose=name not in CODE_DIRECTIVES))
                out.append(_mask_fence_line(line, body, fence, name in TITLE_DIRECTIVES))
            else:
                stack.append(_Frame(mark, prose=False))
                out.append(_mask_fence_line(line, body, fence, False))
            continue
        out.append(_mask_line(line, body, eol, start, headings))
    cells.extend(_table_cells(lines, out))
    return "".join(out)


def _mask_line(line: str, body: str, eol: str, start: int, headings: list[Heading]) -> str:
    if _LABEL.match(body) or _COMMENT.match(body) or _LINK_DEF.match(body) or _BLOCK_BREAK.match(body):
        return PARAGRAPH_BREAK + _blank(line)[1:] if body else line
    heading = _HEADING.match(body)
    if heading:
        hashes = heading.group("hashes")
        text = body[heading.end():].strip().rstrip("#").strip()
        headings.append(Heading(start, start + len(body), len(hashes), text))
        pos = heading.start("hashes")
        masked = " " * pos + PARAGRAPH_BREAK + " " * (len(hashes) - 1) + body[heading.end():]
        masked = re.sub(r"(?<=\s)#+\s*$", lambda m: " " * len(m.group()), masked)
        return masked + (PARAGRAPH_BREAK + eol[1:] if eol else "")
    masked = body
    if _QUOTE.match(masked):
        masked = re.sub(r"^(?:[ \t]*>)+", lambda m: " " * len(m.group()), masked)
    if _TABLE_ROW.match(masked):
        if _TABLE_RULE.match(masked):
            return PARAGRAPH_BREAK + _blank(line)[1:]
        return re.sub(r"(?<!\\)\|", SENTENCE_BREAK, masked) + eol
    footnote = _FOOTNOTE_DEF.match(masked)
    if footnote:
        masked = SENTENCE_BREAK + " " * (footnote.end() - 1) + masked[footnote.end():]
    item = _LIST_ITEM.match(masked)
    if item:
        mstart, mend = item.span("mark")
        masked = masked[:mstart] + SENTENCE_BREAK + " " * (mend - mstart - 1) + masked[mend:]
    definition = _DEF_ITEM.match(masked)
    if definition:
        pos = definition.end("lead")
        masked = masked[:pos] + SENTENCE_BREAK + masked[pos + 1:]
    return masked + eol


def _sub_keep(pattern: re.Pattern[str], text: str, keep: str | None) -> str:
    """Blank each match, keeping the named group `keep` (if any) in place."""

    def repl(match: re.Match[str]) -> str:
        whole = match.group()
        if keep is None or match.group(keep) is None:
            return _blank(whole)
        start, end = match.span(keep)
        start -= match.start()
        end -= match.start()
        return _blank(whole[:start]) + whole[start:end] + _blank(whole[end:])

    return pattern.sub(repl, text)


def _mask_role(match: re.Match[str]) -> str:
    whole = match.group()
    name = match.group("name").split(":")[-1].lower()
    body = match.group("body")
    body_start = match.start("body") - match.start()
    shown = _ROLE_TEXT.match(body)
    if shown and shown.group("text").strip():
        keep_start = body_start + shown.start("text")
        keep_end = body_start + shown.end("text")
    elif name in PROSE_ROLES:
        keep_start, keep_end = body_start, body_start + len(body)
    else:
        return _blank(whole)
    return _blank(whole[:keep_start]) + whole[keep_start:keep_end] + _blank(whole[keep_end:])


def _mask_inline(text: str, comments: list[Comment]) -> str:
    text = _ROLE.sub(_mask_role, text)
    text = _CODE_SPAN.sub(lambda m: _blank(m.group()), text)
    for match in _HTML_COMMENT.finditer(text):
        comments.append(Comment(match.start(), match.end(), match.group("body")))
    text = _HTML_COMMENT.sub(lambda m: _blank(m.group()), text)
    text = _AUTOLINK.sub(lambda m: _blank(m.group()), text)
    text = _URL.sub(lambda m: _blank(m.group()), text)
    text = _EMAIL.sub(lambda m: _blank(m.group()), text)
    text = _HTML_TAG.sub(lambda m: _blank(m.group()), text)
    text = _SUBSTITUTION.sub(lambda m: _blank(m.group()), text)
    text = _FOOTNOTE_REF.sub(lambda m: _blank(m.group()), text)
    text = _sub_keep(_LINK, text, "text")
    text = _EMPHASIS.sub(lambda m: " " * len(m.group()), text)
    return _ESCAPE.sub(" ", text)


def extract(text: str) -> Prose:
    """The prose of a MyST Markdown document, offset-for-offset with `text`."""
    headings: list[Heading] = []
    comments: list[Comment] = []
    cells: list[Cell] = []
    masked = _mask_blocks(text.translate(_TYPOGRAPHY), headings, cells)
    masked = _mask_inline(masked, comments)
    assert len(masked) == len(text), "prose extraction must keep every offset"
    return Prose(masked, headings, comments, cells)
