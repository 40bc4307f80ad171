"""The book's chapters as a teacher picks them: read from `_toc.yml` and each page's front matter, no build.

A chapter is a page of kind `chapter` or `closing`; its exercises page is the page of kind `exercises`
with the same id. The back matter a pack always carries is the safety-resources appendix and the page
that holds the bibliography (so citations resolve).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from supportbook import frontmatter

CHAPTER_KINDS = ("chapter", "closing")
EXERCISES_KIND = "exercises"
APPENDIX_KIND = "appendix"
SUFFIXES = (".md", ".ipynb", ".rst")
_TITLE = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
_BIBLIOGRAPHY = re.compile(r"^[`:]{3,}\{bibliography\}", re.M)


class UnknownChapters(ValueError):
    """Chapter ids that are not in the book; the message lists the valid ones."""

    def __init__(self, unknown: list[str], valid: list[Chapter]) -> None:
        self.unknown = unknown
        self.valid = valid
        listing = "\n".join(f"  {chapter.id:<16} {chapter.title}" for chapter in valid)
        super().__init__(f"unknown chapter id(s): {', '.join(unknown)}. The chapter ids are:\n{listing}")


@dataclass(frozen=True)
class Page:
    docname: str  # "book/professionals/therapists"
    kind: str
    id: str
    title: str
    part: str  # the toc caption it sits under


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
    pages: tuple[Page, ...]  # every toc page in book order, the root first

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
        """Docnames every pack ends with: the appendix pages, then the bibliography page."""
        appendices = [page.docname for page in self.pages if page.kind == APPENDIX_KIND]
        bibliography = [page.docname for page in self.pages if _has_bibliography(self.root, page.docname)]
        return list(dict.fromkeys(appendices + bibliography))

    def title_of(self, docname: str) -> str:
        return next((page.title for page in self.pages if page.docname == docname), docname)


def source_file(root: Path, docname: str) -> Path | None:
    for suffix in SUFFIXES:
        path = root / f"{docname}{suffix}"
        if path.exists():
            return path
    return None


def _has_bibliography(root: Path, docname: str) -> bool:
    path = source_file(root, docname)
    return bool(path and _BIBLIOGRAPHY.search(path.read_text(encoding="utf-8")))


def toc_entries(toc: dict[str, Any]) -> list[tuple[str, str]]:
    """(docname, part caption) for every file in a jb-book table of contents, in order, the root first."""
    entries: list[tuple[str, str]] = [(str(toc["root"]), "")]

    def walk(items: list[Any], caption: str) -> None:
        for item in items or []:
            if not isinstance(item, dict):
                continue
            if "file" in item:
                entries.append((_strip_suffix(str(item["file"])), caption))
            walk(item.get("sections", []), caption)
            walk(item.get("chapters", []), caption)

    for part in toc.get("parts", []) or []:
        walk(part.get("chapters", []), str(part.get("caption") or ""))
    walk(toc.get("chapters", []), "")
    return entries


def _strip_suffix(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def read_page(root: Path, docname: str, part: str) -> Page:
    path = source_file(root, docname)
    if path is None:
        return Page(docname, "", "", docname, part)
    text = path.read_text(encoding="utf-8")
    try:
        meta, rest = frontmatter.parse(text)
    except frontmatter.FrontMatterError:
        meta, rest = None, text
    match = _TITLE.search(rest)
    title = match.group(1) if match else docname
    return Page(docname, meta.kind if meta else "", meta.id if meta else "", title, part)


def read_book(root: Path) -> Book:
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8")) or {}
    root_doc = _strip_suffix(str(toc["root"]))
    pages = tuple(read_page(root, docname, part) for docname, part in toc_entries(toc))
    return Book(root, root_doc, pages)
