"""Read MyST Markdown the way a reader does: keep the prose, blank out everything else.

The page is parsed with myst-parser's own markdown-it configuration (the extensions `_config.yml`
enables: colon fences and definition lists, plus front matter, targets, comments, roles, footnotes).
`extract(text)` returns a `Prose` whose `text` has exactly the length of the source, so an offset in it
is an offset in the file (line and column are computed from the original). Characters that are not
prose (front matter, code, URLs, link targets, labels, directive options, role targets, HTML) become
spaces. Two sentinels mark structure without changing length:

* `SENTENCE_BREAK` ("\\x00") where a list item, definition, footnote or table cell starts: a sentence
  never crosses it;
* `PARAGRAPH_BREAK` ("\\x01") around headings, fences, labels, comments and HTML blocks.

markdown-it does not parse a directive's body; the body of a prose directive (an admonition, an
exercise part, key points) is Markdown to a reader, so after its fence and options are blanked it is
parsed as a page of its own (a `_Region` of the file's lines), and so on for directives inside it.
Code-like directives are blanked whole.
Inline tokens carry no positions, so each inline rule is wrapped to record the span it consumed, and
each inline token's content is found again in its source lines. Typographic quotes and non-breaking
hyphens are normalised so rules can be written with plain ASCII.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from linkify_it import LinkifyIt
from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkLabel
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

SENTENCE_BREAK = "\x00"
PARAGRAPH_BREAK = "\x01"

# The MyST extensions the book enables (`_config.yml`, parse.myst_enable_extensions).
MYST_EXTENSIONS = frozenset({"colon_fence", "deflist"})
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
# Inline rules whose whole span is not prose.
_HIDDEN_INLINE = frozenset({"backticks", "autolink", "footnote_ref", "html_inline", "math_inline", "dollarmath"})
# Inline rules whose span is prose as written (entities are decoded later, by `normalize`).
_PROSE_INLINE = frozenset({"text", "newline", "entity"})
# Inline rules whose span is markup around prose: emphasis and strikethrough delimiters.
_DELIMITERS = frozenset({"emphasis", "strikethrough"})
# Tokens that open a unit whose first words start a sentence.
_ITEM_OPEN = frozenset({"list_item_open", "dd_open", "footnote_reference_open", "th_open", "td_open"})
# Block tokens that stand between paragraphs.
_BLOCK_BREAKS = frozenset({"myst_target", "myst_line_comment", "myst_block_break", "hr", "html_block"})
_HTML_HIDDEN_TAGS = frozenset({"script", "style"})
_FENCES = frozenset({"fence", "colon_fence"})
_TYPOGRAPHY = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2011": "-", "\u00a0": " "})
_SPANS = "supportbook_lint_spans"
_SOURCE = "supportbook_lint_source"
_MAX_DEPTH = 32  # directive nesting levels read before giving up (anything deeper stays blank)

# (rule name, start, end, end of a link's label or -1), offsets into an inline token's content
Span = tuple[str, int, int, int]


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


# ------------------------------------------------------------------------------------------ parsers
def _recording(name: str, rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """The inline rule `rule`, also noting the span it consumed in the token being parsed."""

    def record(state: StateInline, silent: bool) -> bool:
        start = state.pos
        label = -1
        if not silent and name == "link" and state.src.startswith("[", start):
            label = parseLinkLabel(state, start, True)
        elif not silent and name == "image" and state.src.startswith("![", start):
            label = parseLinkLabel(state, start + 1, False)
        found = rule(state, silent)
        spans = state.env.get(_SPANS)
        if found and not silent and spans is not None and state.src is state.env.get(_SOURCE):
            spans.append((name, start, state.pos, label))
        return found

    return record


def _inline_with_spans(state: StateCore) -> None:
    """The core `inline` rule, keeping each inline token's recorded spans in its `meta`."""
    for token in state.tokens:
        if token.type != "inline":
            continue
        token.children = []
        spans: list[Span] = []
        state.env[_SPANS] = spans
        state.env[_SOURCE] = token.content
        state.md.inline.parse(token.content, state.md, state.env, token.children)
        token.meta[_SPANS] = spans
    state.env.pop(_SPANS, None)
    state.env.pop(_SOURCE, None)


def _myst_parser() -> MarkdownIt:
    return create_md_parser(MdParserConfig(enable_extensions=set(MYST_EXTENSIONS)), RendererHTML)


@functools.lru_cache(maxsize=1)
def full_parser() -> MarkdownIt:
    """MyST's parser, recording where each inline construct starts and ends."""
    md = _myst_parser()
    md.disable([name for name in md.get_active_rules()["core"] if name not in ("normalize", "block", "inline")])
    ruler = md.inline.ruler
    for name, rule in zip(ruler.get_active_rules(), ruler.getRules(""), strict=True):
        if name not in _PROSE_INLINE:  # plain text needs no record (and is most of the calls)
            ruler.at(name, _recording(name, rule))
    md.core.ruler.at("inline", _inline_with_spans)
    return md


@functools.lru_cache(maxsize=1)
def _linkify() -> LinkifyIt:
    return LinkifyIt()


# ------------------------------------------------------------------------------------------ helpers
def _role_text(content: str, start: int, end: int) -> tuple[int, int]:
    """The displayed part of a role `{name}`body``: `text` of `text <target>`, or a prose role's body."""
    name_end = content.index("}", start)
    body_start = name_end + 1
    while body_start < end and content[body_start] == "`":
        body_start += 1
    body_end = end - (body_start - name_end - 1)
    body = content[body_start:body_end]
    if body.rstrip().endswith(">") and "<" in body:
        shown = body[: body.rindex("<")].rstrip()
        if shown.strip():
            return body_start, body_start + len(shown)
    if content[start + 1 : name_end].split(":")[-1].lower() in PROSE_ROLES:
        return body_start, body_end
    return start, start


def _mask(content: str, spans: list[Span]) -> tuple[list[str], list[tuple[int, int]]]:
    """The content's characters with non-prose blanked, and the spans of its HTML comments."""
    chars = list(content)
    comments: list[tuple[int, int]] = []

    def blank(start: int, end: int) -> None:
        for index in range(start, end):
            if chars[index] != "\n":
                chars[index] = " "

    for name, start, end, label in spans:
        if name in _HIDDEN_INLINE:
            blank(start, end)
            if name == "html_inline" and content.startswith("<!--", start):
                comments.append((start, end))
        elif name == "myst_role":
            keep_start, keep_end = _role_text(content, start, end)
            blank(start, keep_start)
            blank(keep_end, end)
        elif name in ("link", "image"):
            label_start = start + (1 if name == "link" else 2)
            blank(start, label_start)
            blank(label if label >= label_start else label_start, end)
        elif name in _DELIMITERS:
            blank(start, end)
        elif name == "escape":
            blank(start, start + 1)
    if "://" in content or "www." in content or "@" in content:  # linkify is slow: only where a link may be
        for match in _linkify().match(content) or ():
            blank(match.index, match.last_index)
    return chars, comments


class _HtmlText(HTMLParser):
    """Text and comments of an HTML block, with their (line, column) positions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.text: list[tuple[tuple[int, int], int]] = []
        self.comments: list[tuple[tuple[int, int], str]] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in _HTML_HIDDEN_TAGS

    def handle_endtag(self, tag: str) -> None:
        if tag in _HTML_HIDDEN_TAGS and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.text.append((self.getpos(), len(data)))

    def handle_entityref(self, name: str) -> None:
        self.text.append((self.getpos(), len(name) + 2))

    def handle_charref(self, name: str) -> None:
        self.text.append((self.getpos(), len(name) + 3))

    def handle_comment(self, data: str) -> None:
        self.comments.append((self.getpos(), data))


# ------------------------------------------------------------------------------------------ the page
@dataclass(frozen=True)
class _Region:
    """Lines of the file parsed as one document: their numbers and how many leading characters each drops."""

    lines: tuple[int, ...]
    shifts: tuple[int, ...]


class _Page:
    """The source, a working copy with fences and options blanked, and the prose being written."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.work = source.replace("\r", " ").split("\n")  # markdown-it would count a lone CR as a line end
        self.starts: list[int] = []
        offset = 0
        for line in self.work:
            self.starts.append(offset)
            offset += len(line) + 1
        self.out = ["\n" if char == "\n" else " " for char in source]
        self.marks: dict[int, str] = {}
        self.cursor: dict[int, int] = {}
        self.headings: list[Heading] = []
        self.comments: list[Comment] = []
        self.cells: list[Cell] = []

    def whole(self) -> _Region:
        return _Region(tuple(range(len(self.work))), (0,) * len(self.work))

    def text_of(self, region: _Region) -> str:
        return "\n".join(self.work[line][shift:] for line, shift in zip(region.lines, region.shifts, strict=True))

    # --- writing
    def keep(self, start: int, end: int) -> None:
        """The source's characters [start, end) are prose."""
        for index in range(start, end):
            if self.source[index] != "\n":
                self.out[index] = self.source[index]

    def mark(self, offset: int, sentinel: str) -> None:
        if 0 <= offset < len(self.source):
            self.marks.setdefault(offset, sentinel)

    def mark_line(self, line: int, sentinel: str, column: int | None = None) -> None:
        text = self.work[line]
        col = column if column is not None else len(text) - len(text.lstrip())
        if col < len(text):
            self.mark(self.starts[line] + col, sentinel)

    def mark_before(self, offset: int, sentinel: str) -> None:
        """Mark the character before `offset` when it is on the same line."""
        if offset > 0 and self.source[offset - 1] != "\n":
            self.mark(offset - 1, sentinel)

    def mark_after(self, offset: int, sentinel: str) -> None:
        if offset < len(self.source) and self.source[offset] != "\n":
            self.mark(offset, sentinel)

    def blank_line(self, line: int, column: int = 0) -> None:
        text = self.work[line]
        self.work[line] = text[:column] + " " * (len(text) - column)

    def text(self) -> str:
        for offset, sentinel in self.marks.items():
            if self.out[offset] in " \n":
                self.out[offset] = sentinel
        return "".join(self.out)

    # --- directives
    def peel(self, token: Token, region: _Region) -> _Region | None:
        """Blank a fence: all of it when it holds code; for a prose directive its fence and options, and
        return its body."""
        first, end = token.map or (0, 0)
        end = min(end, len(region.lines))
        lines = region.lines
        top = lines[first]
        column = max(region.shifts[first], self.work[top].find(token.markup, region.shifts[first]))
        last = end - 1
        closing = self.work[lines[last]][region.shifts[last] :].lstrip(" \t>").rstrip() if last > first else ""
        closed = bool(closing) and set(closing) == {token.markup[0]} and len(closing) >= len(token.markup)
        info = token.info.strip()
        name, arg = None, ""
        if info.startswith("{") and "}" in info:
            name, arg = info[1 : info.index("}")].lower(), info[info.index("}") + 1 :].strip()
        self.mark_line(top, PARAGRAPH_BREAK, column)
        if closed:
            self.mark_line(lines[last], PARAGRAPH_BREAK)
        is_prose = name not in CODE_DIRECTIVES if name is not None else token.type == "colon_fence"
        if not is_prose:
            for index in range(first, end):
                self.blank_line(lines[index], column if index == first else region.shifts[index])
            return None
        if name in TITLE_DIRECTIVES and arg:
            at = self.work[top].find(arg, column + len(token.markup))
            if at >= 0:
                self.keep(self.starts[top] + at, self.starts[top] + at + len(arg))
        self.blank_line(top, column)
        body_end = last if closed else end
        if closed:
            self.blank_line(lines[last], region.shifts[last])
        indent = column - region.shifts[first]
        body, shifts = [], []
        for index in range(self.peel_options(region, first + 1, body_end), body_end):
            line, shift = lines[index], region.shifts[index]
            rest = self.work[line][shift:]
            body.append(line)
            shifts.append(shift + min(indent, len(rest) - len(rest.lstrip(" \t>"))))
        return _Region(tuple(body), tuple(shifts))

    def peel_options(self, region: _Region, index: int, end: int) -> int:
        """Blank a directive's options (`:key: value` lines or a `---` block), keeping alt text and
        captions; returns where the body starts."""
        lines = region.lines
        if index < end and self.work[lines[index]].strip() == "---":
            closing = next((i for i in range(index + 1, end) if self.work[lines[i]].strip() == "---"), end - 1)
            for i in range(index, closing + 1):
                self.blank_line(lines[i])
            return closing + 1
        while index < end:
            line = lines[index]
            text = self.work[line]
            body = text.lstrip(" \t>")
            key_end = body.find(":", 1)
            key = body[1:key_end] if body.startswith(":") and key_end > 1 else ""
            if not key or not key.replace("-", "").replace("_", "").isalnum():
                return index
            value = body[key_end + 1 :].strip()
            if key in PROSE_OPTIONS and value:
                at = text.find(value, len(text) - len(body) + key_end + 1)
                self.mark_line(line, PARAGRAPH_BREAK)
                self.keep(self.starts[line] + at, self.starts[line] + at + len(value))
            self.blank_line(line)
            index += 1
        return index

    # --- inline content
    def locate(self, token: Token, region: _Region) -> list[int | None]:
        """The source offset of each character of an inline token's content (None: not in the source)."""
        positions: list[int | None] = []
        first = token.map[0] if token.map else 0
        for number, piece in enumerate(token.content.split("\n")):
            if first + number >= len(region.lines):
                positions.extend([None] * (len(piece) + 1))
                continue
            line = region.lines[first + number]
            text, base = self.work[line], self.starts[line]
            start = max(region.shifts[first + number], self.cursor.get(line, 0))
            column = text.find(piece, start) if piece else -1
            if column >= 0:
                positions.extend(range(base + column, base + column + len(piece)))
                self.cursor[line] = column + len(piece)
            else:  # an escape or a tab changed the text: align it character by character
                pos = start
                for index, char in enumerate(piece):
                    found = text.find(char, pos) if index == 0 else text.find(char, pos, pos + 3)
                    positions.append(base + found if found >= 0 else None)
                    pos = found + 1 if found >= 0 else pos
                self.cursor[line] = pos
            positions.append(None)
        return positions[: len(token.content)]

    def inline(self, token: Token, region: _Region, item_start: bool) -> tuple[int, int] | None:
        """Write an inline token's prose; returns its source span (None when empty)."""
        chars, comments = _mask(token.content, token.meta.get(_SPANS, []))
        positions = self.locate(token, region)
        for char, position in zip(chars, positions, strict=True):
            if position is not None and char != "\n":
                self.out[position] = char
        for start, end in comments:
            where = [p for p in positions[start:end] if p is not None]
            if where:
                self.comments.append(Comment(where[0], where[-1] + 1, token.content[start + 4 : end - 3]))
        placed = [p for p in positions if p is not None]
        if not placed:
            return None
        span = (placed[0], placed[-1] + 1)
        if item_start:
            self.mark_before(span[0], SENTENCE_BREAK)
        return span

    def html(self, token: Token, region: _Region) -> None:
        """The text and comments of an HTML block."""
        first, end = token.map or (0, 0)
        lines, shifts = region.lines[first:end], region.shifts[first:end]
        reader = _HtmlText()
        reader.feed("\n".join(self.work[line][shift:] for line, shift in zip(lines, shifts, strict=True)))
        reader.close()

        def offset(line: int, column: int) -> int:
            return self.starts[lines[line - 1]] + shifts[line - 1] + column

        for (line, column), length in reader.text:
            start = offset(line, column)
            self.keep(start, min(start + length, len(self.source)))
        for (line, column), body in reader.comments:
            start = offset(line, column)
            self.comments.append(Comment(start, start + len(body) + 7, body))

    def heading(self, token: Token, region: _Region, level: int, span: tuple[int, int] | None) -> None:
        first, end = token.map or (0, 0)
        setext = end - first > 1  # the underline is not part of the text
        top, bottom = region.lines[first], region.lines[end - 2 if setext else first]
        stop = self.starts[bottom] + len(self.work[bottom])
        self.headings.append(Heading(self.starts[top], stop, level, token.content))
        if span is not None:
            self.mark_before(span[0], PARAGRAPH_BREAK)
        if setext:
            self.mark_line(region.lines[end - 1], PARAGRAPH_BREAK)
        if stop < len(self.source):
            self.marks[stop] = PARAGRAPH_BREAK  # the line's end: a heading is a paragraph of its own

    # --- a region
    def read(self, region: _Region, depth: int = 0) -> None:
        """Parse a region and write its prose; directive bodies are read as regions of their own."""
        tokens = full_parser().parse(self.text_of(region))
        item_start = False
        level = 0
        in_head = False
        header: list[str] = []
        column = 0
        for index, token in enumerate(tokens):
            kind = token.type
            if kind in _ITEM_OPEN:
                item_start = True
            if kind in _BLOCK_BREAKS and token.map:
                self.mark_line(region.lines[token.map[0]], PARAGRAPH_BREAK)
            if kind in _FENCES and token.map:
                body = self.peel(token, region)
                if body is not None and body.lines and depth < _MAX_DEPTH:
                    self.read(body, depth + 1)
            elif kind == "html_block":
                self.html(token, region)
            elif kind == "heading_open":
                level = int(token.tag[1:])
            elif kind == "heading_close":
                level = 0
            elif kind == "table_open" and token.map and token.map[0] + 1 < len(region.lines):
                self.mark_line(region.lines[token.map[0] + 1], PARAGRAPH_BREAK)  # the delimiter row
            elif kind == "thead_open":
                in_head, header = True, []
            elif kind == "thead_close":
                in_head = False
            elif kind == "tr_open":
                column = 0
            elif kind == "inline":
                span = self.inline(token, region, item_start)
                item_start = False
                cell = tokens[index - 1].type if index else ""
                if level:
                    self.heading(token, region, level, span)
                elif cell in ("th_open", "td_open"):
                    if span is not None:
                        self.mark_after(span[1], SENTENCE_BREAK)
                    if in_head:
                        header.append(token.content.strip())
                    elif span is not None:
                        self.cells.append(Cell(span[0], span[1], header[column] if column < len(header) else ""))
                    column += 1


def extract(text: str) -> Prose:
    """The prose of a MyST Markdown document, offset-for-offset with `text`."""
    page = _Page(text.translate(_TYPOGRAPHY))
    page.read(page.whole())
    prose = page.text()
    assert len(prose) == len(text), "prose extraction must keep every offset"
    page.comments.sort(key=lambda comment: comment.start)
    page.headings.sort(key=lambda heading: heading.start)
    page.cells.sort(key=lambda cell: cell.start)
    return Prose(prose, page.headings, page.comments, page.cells)
