"""Read a MyST page of the book into plain blocks, without Sphinx.

The page is parsed with myst-parser's own Markdown parser (the one the book's build uses), so a heading,
a list, a table or a directive reads the same here as on the web. Roles become plain words: `{ref}` the
link text (or the title of the labelled heading), `{service}` the service's name and how to reach it from
the resources data, `{cite}` "(Author Year)". Directive bodies are parsed again, so nested exercises,
prompts and admonitions keep their structure. The blocks are what the slides and Word documents are made
from: one source, so editing the page changes them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from supportbook import resources as resource_data
from supportbook import teaching as teaching_data
from supportbook.sphinxext.safety_nodes import service_text

ROOT = Path(__file__).resolve().parents[2]
BIBFILE = ROOT / "book" / "references.bib"
_EXPLICIT = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.S)
_OPTION = re.compile(r"^:([\w-]+):\s*(.*)$")


class SourceError(ValueError):
    """A page cannot be read into blocks; the message names the file and what to fix."""


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


Inline = tuple[Run, ...]


def plain(runs: Inline) -> str:
    """The words of some runs, with runs of spaces folded."""
    return " ".join("".join(run.text for run in runs).split())


@dataclass(frozen=True)
class Heading:
    level: int
    runs: Inline
    label: str = ""


@dataclass(frozen=True)
class Para:
    runs: Inline


@dataclass(frozen=True)
class ListBlock:
    items: tuple[tuple[Block, ...], ...]
    ordered: bool = False


@dataclass(frozen=True)
class Table:
    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True)
class Directive:
    name: str
    argument: str
    options: dict[str, str]
    body: tuple[Block, ...]


Block = Heading | Para | ListBlock | Table | Directive


@dataclass(frozen=True)
class Page:
    path: Path
    meta: dict[str, object]
    blocks: tuple[Block, ...]
    citations: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        heading = next((b for b in self.blocks if isinstance(b, Heading) and b.level == 1), None)
        return plain(heading.runs) if heading else self.path.stem


@dataclass
class Context:
    """What roles need to become words: the book's labelled titles, the services, the references."""

    labels: dict[str, str]
    resources: resource_data.Resources
    references: dict[str, str] = field(default_factory=dict)
    cited: list[str] = field(default_factory=list)
    teaching_yml: teaching_data.Teaching | None = None  # None: the packaged teaching.yml, read when needed

    @property
    def teaching(self) -> teaching_data.Teaching:
        if self.teaching_yml is None:
            self.teaching_yml = teaching_data.load()
        return self.teaching_yml


@cache
def _parser() -> MarkdownIt:
    return create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "deflist"}), RendererHTML)


def label_titles(root: Path = ROOT) -> dict[str, str]:
    """Every label of the book, to the title a reader sees (the same index course packs use)."""
    from supportbook import model

    return model.read_book(root).labels()


def reference_keys(bibfile: Path = BIBFILE) -> dict[str, str]:
    """Bibliography key -> 'Author Year' (first author's family name; 'et al.' for three or more)."""
    from pybtex.database import parse_file

    out: dict[str, str] = {}
    for key, entry in parse_file(str(bibfile)).entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        if people:
            names = [" ".join(p.last_names) or str(p) for p in people]
            who = {1: names[0], 2: f"{names[0]} and {names[-1]}"}.get(len(names), f"{names[0]} et al.")
        else:
            who = entry.fields.get("organization") or entry.fields.get("institution") or entry.fields.get(
                "publisher", key
            )
        who = who.replace("{", "").replace("}", "")
        out[key] = f"{who} {entry.fields.get('year', 'n.d.')}"
    return out


def full_references(bibfile: Path = BIBFILE) -> dict[str, str]:
    """Bibliography key -> the whole reference as plain text (pybtex's plain style)."""
    from pybtex.database import parse_file
    from pybtex.style.formatting.plain import Style

    data = parse_file(str(bibfile))
    formatted = Style().format_bibliography(data)
    return {e.key: " ".join(e.text.render_as("text").replace("\\url ", "").split()) for e in formatted}


def default_context(root: Path = ROOT) -> Context:
    return Context(
        labels=label_titles(root),
        resources=resource_data.load(resource_data.DATA_FILE),
        references=reference_keys(root / "book" / "references.bib"),
        teaching_yml=teaching_data.load(),
    )


def _role(name: str, content: str, context: Context, where: str) -> str:
    text = " ".join(content.split())
    if name == "service":
        service = context.resources.get(text)
        if service is None:
            raise SourceError(f"{where}: {{service}} names an unknown service id {text!r}")
        return service_text(context.resources, service)
    if name in ("cite", "cite:p", "cite:t"):
        keys = [k.strip() for k in text.split(",") if k.strip()]
        unknown = [k for k in keys if k not in context.references]
        if unknown:
            raise SourceError(f"{where}: {{cite}} names an unknown reference {', '.join(unknown)} (see references.bib)")
        for key in keys:
            if key not in context.cited:
                context.cited.append(key)
        return "(" + "; ".join(context.references[k] for k in keys) + ")"
    if name == "teaching":  # a shared line from teaching.yml, its own roles made words too
        try:
            line = teaching_data.line(context.teaching, text)
        except teaching_data.OptionError as exc:
            raise SourceError(f"{where}: {{teaching}}: {exc}") from None
        return plain(_inline(_parser().parseInline(line)[0], context, where))
    explicit = _EXPLICIT.match(text)
    if explicit:
        return explicit.group(1)
    if name in ("ref", "numref", "doc"):
        return context.labels.get(text, text)
    return text


def _inline(token: Token, context: Context, where: str) -> Inline:
    runs: list[Run] = []
    bold = italic = 0
    for child in token.children or []:
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind in ("text", "code_inline", "html_inline"):
            runs.append(Run(child.content, bold > 0, italic > 0))
        elif kind in ("softbreak", "hardbreak"):
            runs.append(Run(" ", bold > 0, italic > 0))
        elif kind == "myst_role":
            runs.append(Run(_role(child.meta.get("name", ""), child.content, context, where), bold > 0, italic > 0))
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        else:
            merged.append(run)
    return tuple(merged)


def _directive(info: str, content: str, context: Context, where: str) -> tuple[Block, ...]:
    name, _, argument = info.strip().partition(" ")
    name = name.strip("{}")
    lines = content.split("\n")
    options: dict[str, str] = {}
    while lines and (match := _OPTION.match(lines[0])):
        options[match.group(1)] = match.group(2).strip()
        lines.pop(0)
    if name in TEACHING_DIRECTIVES:
        return _teaching(name, options, "\n".join(lines), context, where)
    body = _blocks(_parser().parse("\n".join(lines)), context, where)
    return (Directive(name, argument.strip(), options, body),)


# The directives that render teaching.yml (supportbook.sphinxext.teaching): read as the blocks they print.
TEACHING_DIRECTIVES = ("before-you-teach", "send-steps")


def _teaching(name: str, options: dict[str, str], content: str, context: Context, where: str) -> tuple[Block, ...]:
    try:
        if name == "before-you-teach":
            title, steps = teaching_data.box_markdown(context.teaching, options)
            body = _blocks(_parser().parse(steps), context, where)
            return (Directive("admonition", title, {"class": "tip"}, body),)
        intro, steps = teaching_data.send_markdown(context.teaching, options, content)
    except teaching_data.OptionError as exc:
        raise SourceError(f"{where}: {{{name}}}: {exc}") from None
    return _blocks(_parser().parse(f"{intro}\n\n{steps}"), context, where)


def _close(tokens: list[Token], start: int) -> int:
    """Index of the token that closes the one at `start` (same nesting level)."""
    level = tokens[start].level
    close = tokens[start].type.replace("_open", "_close")
    for index in range(start + 1, len(tokens)):
        if tokens[index].type == close and tokens[index].level == level:
            return index
    return len(tokens) - 1


def _table(tokens: list[Token], context: Context, where: str) -> Table:
    header: list[Inline] = []
    rows: list[tuple[Inline, ...]] = []
    current: list[Inline] = []
    in_head = False
    for token in tokens:
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            current = []
        elif token.type == "inline":
            current.append(_inline(token, context, where))
        elif token.type == "tr_close":
            if in_head:
                header = current
            else:
                rows.append(tuple(current))
    return Table(tuple(header), tuple(rows))


def _blocks(tokens: list[Token], context: Context, where: str) -> tuple[Block, ...]:
    blocks: list[Block] = []
    label = ""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == "myst_target":
            label = token.content
        elif kind == "heading_open":
            blocks.append(Heading(int(token.tag[1:]), _inline(tokens[index + 1], context, where), label))
            label = ""
            index = _close(tokens, index)
        elif kind == "paragraph_open":
            blocks.append(Para(_inline(tokens[index + 1], context, where)))
            index = _close(tokens, index)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            end = _close(tokens, index)
            items: list[tuple[Block, ...]] = []
            position = index + 1
            while position < end:
                item_end = _close(tokens, position)
                items.append(_blocks(tokens[position + 1 : item_end], context, where))
                position = item_end + 1
            blocks.append(ListBlock(tuple(items), ordered=kind == "ordered_list_open"))
            index = end
        elif kind == "table_open":
            end = _close(tokens, index)
            blocks.append(_table(tokens[index:end], context, where))
            index = end
        elif kind in ("fence", "colon_fence") and token.info.strip().startswith("{"):
            blocks.extend(_directive(token.info, token.content, context, where))
        index += 1
    return tuple(blocks)


def read(path: Path, context: Context) -> Page:
    """The page at `path` as blocks, with its front matter and the references it cites."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourceError(f"{path}: cannot read the page ({exc.strerror})") from None
    tokens = _parser().parse(text)
    meta: dict[str, object] = {}
    if tokens and tokens[0].type == "front_matter":
        try:
            loaded = yaml.safe_load(tokens[0].content) or {}
        except yaml.YAMLError:
            raise SourceError(f"{path}: the front matter does not parse") from None
        meta = dict(loaded.get("supportbook") or {}) if isinstance(loaded, dict) else {}
    context.cited = []
    blocks = _blocks(tokens, context, str(path))
    return Page(path, meta, blocks, tuple(context.cited))


def walk(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block, depth first, including those inside lists and directives."""
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from walk(item)
        elif isinstance(block, Directive):
            yield from walk(block.body)
