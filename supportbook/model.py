"""One model of the book, free of Sphinx: its pages in table-of-contents order, read once.

`read_book(root)` reads `_toc.yml` with sphinx-external-toc's own parser (the one the build uses) and
each page's source once with myst-parser's Markdown reader: its `supportbook:` front matter, its title,
the labels it defines and the title each one points at (`(label)=` before a heading, and the labels the
`{exercise}` directive makes, by the rule in `exercise_label`). The chapter contract, the ToC check, the
course packs, the print editions and the teacher's kit all use this model, so the book is walked one way.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from markdown_it.token import Token
from sphinx_external_toc.api import SiteMap
from sphinx_external_toc.parsing import parse_toc_yaml

from supportbook import frontmatter

TOC_FILE = "_toc.yml"
CHAPTER_KINDS = ("chapter", "closing")
EXERCISES_KIND = "exercises"
APPENDIX_KIND = "appendix"
SUFFIXES = (".md", ".ipynb", ".rst")


class UnknownChapters(ValueError):
    """Chapter ids that are not in the book; the message lists the valid ones."""

    def __init__(self, unknown: list[str], valid: list[Chapter]) -> None:
        self.unknown = unknown
        self.valid = valid
        listing = "\n".join(f"  {chapter.id:<16} {chapter.title}" for chapter in valid)
        super().__init__(f"unknown chapter id(s): {', '.join(unknown)}. The chapter ids are:\n{listing}")


@dataclass(frozen=True)
class Page(frontmatter.WithMeta):
    docname: str  # "book/professionals/therapists"
    part: str  # the table of contents caption it sits under ("" for the root)
    path: Path | None  # its source file; None when _toc.yml names a file that does not exist
    meta: frontmatter.PageMeta | None = None
    title: str = ""
    labels: dict[str, str] = field(default_factory=dict)  # label -> the title a reader sees
    has_bibliography: bool = False
    sections: tuple[str, ...] = ()  # docnames the table of contents nests under this page


@dataclass(frozen=True)
class Chapter:
    id: str
    title: str
    docname: str
    part: str
    exercises: str | None  # docname of its exercises page


@dataclass(frozen=True)
class Book:
    root: Path
    root_doc: str
    pages: tuple[Page, ...]  # every page of the table of contents in book order, the root first

    @property
    def chapters(self) -> list[Chapter]:
        exercises = {page.id: page.docname for page in self.pages if page.kind == EXERCISES_KIND and page.id}
        return [
            Chapter(page.id, page.title, page.docname, page.part, exercises.get(page.id))
            for page in self.pages
            if page.kind in CHAPTER_KINDS and page.id
        ]

    def select(self, ids: list[str]) -> list[Chapter]:
        """The chapters with these ids, in book order (whatever order they were given in), once each."""
        chapters = self.chapters
        known = {chapter.id for chapter in chapters}
        unknown = [cid for cid in dict.fromkeys(ids) if cid not in known]
        if unknown or not ids:
            raise UnknownChapters(unknown or ["(none given)"], chapters)
        wanted = set(ids)
        return [chapter for chapter in chapters if chapter.id in wanted]

    @property
    def back_matter(self) -> list[str]:
        """Docnames every pack ends with: the appendix pages, then the page that holds the bibliography."""
        appendices = [page.docname for page in self.pages if page.kind == APPENDIX_KIND]
        bibliography = [page.docname for page in self.pages if page.has_bibliography]
        return list(dict.fromkeys(appendices + bibliography))

    @property
    def missing(self) -> list[str]:
        """Table of contents entries with no source file."""
        return [page.docname for page in self.pages if page.path is None]

    def labels(self) -> dict[str, str]:
        """Every label and docname of the book, mapped to the title a reader sees."""
        found: dict[str, str] = {}
        for page in self.pages:
            found[page.docname] = page.title
            found.update(page.labels)
        return found


def toc_order(site_map: SiteMap) -> list[tuple[str, str]]:
    """(docname, part caption) for every document of a parsed table of contents, in order, the root first."""
    order: list[tuple[str, str]] = []
    root = str(site_map.root.docname)

    def walk(docname: str, caption: str) -> None:
        order.append((docname, caption))
        doc = site_map.get(docname)
        if doc is None:
            return
        for subtree in doc.subtrees:
            sub_caption = (subtree.caption or caption) if docname == root else caption
            for item in subtree.items:
                if isinstance(item, str):  # a FileItem, a str subclass: keep plain strings in the model
                    walk(str(item), sub_caption)

    walk(root, "")
    return order


def _children(site_map: SiteMap, docname: str) -> tuple[str, ...]:
    doc = site_map.get(docname)
    if doc is None or docname == site_map.root.docname:
        return ()
    return tuple(str(item) for subtree in doc.subtrees for item in subtree.items if isinstance(item, str))


def exercise_label(page_id: str, kind: str, taken: Container[str]) -> str:
    """The stable label of an exercise: `ex-ID-KIND`, then `ex-ID-KIND-2`, ... for more of a kind."""
    base = label = f"ex-{page_id}-{kind}"
    number = 1
    while label in taken:
        number += 1
        label = f"{base}-{number}"
    return label


def source_file(root: Path, docname: str) -> Path | None:
    for suffix in SUFFIXES:
        path = root / f"{docname}{suffix}"
        if path.is_file():
            return path
    return None


@cache
def _parser():
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "deflist"}), RendererHTML)


def plain(tokens: Iterable[Token]) -> str:
    """The words of a heading as a reader sees them: role text without its syntax, no emphasis marks."""
    words = []
    for token in tokens:
        if token.type in ("text", "code_inline"):
            words.append(token.content)
        elif token.type == "myst_role":
            words.append(token.content.split("<", 1)[0])
        elif token.children:
            words.append(plain(token.children))
    return " ".join("".join(words).split())


def _options(fence: Token) -> dict[str, str]:
    options = {}
    for line in fence.content.splitlines():
        if not line.startswith(":"):
            break
        name, _, value = line[1:].partition(":")
        options[name.strip()] = value.strip()
    return options


def read_source(text: str, page_id: str = "", exercises: bool = False) -> tuple[str, dict[str, str], bool]:
    """(title, labels with their titles, holds a bibliography) of one page's Markdown (front matter removed)."""
    tokens = _parser().parse(text)
    title = ""
    labels: dict[str, str] = {}
    pending: list[str] = []
    bibliography = False
    for index, token in enumerate(tokens):
        if token.type == "myst_target":
            pending.append(token.content)
            continue
        if token.type == "heading_open":
            heading = plain(tokens[index + 1].children or [])
            if token.tag == "h1" and not title:
                title = heading
            for label in pending:
                labels[label] = heading
        elif token.type in ("fence", "colon_fence"):
            name = token.info.strip()
            bibliography = bibliography or name.startswith("{bibliography}")
            if exercises and name.startswith("{exercise}"):
                kind = _options(token).get("kind", "")
                if kind:
                    labels[exercise_label(page_id, kind, labels)] = " ".join(name[len("{exercise}") :].split())
        if token.type not in ("heading_close", "inline"):
            pending = []
    return title, labels, bibliography


def read_page(root: Path, docname: str, part: str, sections: tuple[str, ...] = ()) -> Page:
    path = source_file(root, docname)
    if path is None:
        return Page(docname, part, None, title=docname, sections=sections)
    text = path.read_text(encoding="utf-8")
    try:
        meta, rest = frontmatter.parse(text)
    except frontmatter.FrontMatterError:
        meta, rest = None, text  # the build reports it, naming the file and line
    exercises = meta is not None and meta.kind == EXERCISES_KIND
    title, labels, bibliography = read_source(rest, meta.id if meta else "", exercises)
    return Page(docname, part, path, meta, title or docname, labels, bibliography, sections)


def read_book(root: Path) -> Book:
    """The book at `root`, from its `_toc.yml` and page sources (errors from the toc parser propagate)."""
    site_map = parse_toc_yaml(root / TOC_FILE)
    pages = tuple(
        read_page(root, docname, part, _children(site_map, docname)) for docname, part in toc_order(site_map)
    )
    return Book(root, str(site_map.root.docname), pages)
