"""What each cross-reference label of the book is called, read from the MyST sources without a build.

A course pack holds only some pages. A `{ref}` to a page that is not in the pack cannot link anywhere,
so the pack prints the target's title as plain text (see `sphinx_pack`). This module gives that title:
`(label)=` followed by a heading, and the labels the `{exercise}` directive makes (`ex-ID-KIND`,
`ex-ID-KIND-2` for a second one of a kind), plus every page's own title by its docname.
"""

from __future__ import annotations

import re
from pathlib import Path

from supportbook import frontmatter
from supportbook.packs import catalog

_LABEL = re.compile(r"^\(([A-Za-z0-9_.:+-]+)\)=\s*$")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
_EXERCISE = re.compile(r"^:{3,}\{exercise\}\s+(.+?)\s*$")
_KIND = re.compile(r"^:kind:\s*(\S+)")
_ROLE = re.compile(r"\{[a-z:-]+\}`([^`<]*?)(?:\s*<[^`>]*>)?`")
_MARKUP = re.compile(r"[*_`]")


def plain(text: str) -> str:
    """A heading's words without Markdown emphasis, code marks or role syntax."""
    return " ".join(_MARKUP.sub("", _ROLE.sub(r"\1", text)).split())


def page_labels(text: str, page_id: str = "") -> dict[str, str]:
    """Labels defined in one page's source, with the title each one points at."""
    found: dict[str, str] = {}
    lines = text.splitlines()
    for index, line in enumerate(lines):
        match = _LABEL.match(line)
        if not match:
            continue
        following = next((other for other in lines[index + 1 :] if other.strip()), "")
        heading = _HEADING.match(following)
        if heading:
            found[match.group(1)] = plain(heading.group(1))
    if page_id:
        found.update(_exercise_labels(lines, page_id))
    return found


def _exercise_labels(lines: list[str], page_id: str) -> dict[str, str]:
    """The labels `supportbook.sphinxext.exercises` gives each exercise, by the same rule."""
    found: dict[str, str] = {}
    for index, line in enumerate(lines):
        match = _EXERCISE.match(line)
        if not match:
            continue
        kind = ""
        for option in lines[index + 1 : index + 6]:
            kind_match = _KIND.match(option.strip())
            if kind_match:
                kind = kind_match.group(1)
                break
        if not kind:
            continue
        base = label = f"ex-{page_id}-{kind}"
        number = 1
        while label in found:
            number += 1
            label = f"{base}-{number}"
        found[label] = plain(match.group(1))
    return found


def book_labels(root: Path) -> dict[str, str]:
    """Every label and docname of the book (its `_toc.yml` pages), mapped to the title a reader sees."""
    book = catalog.read_book(root)
    titles: dict[str, str] = {}
    for page in book.pages:
        titles[page.docname] = plain(page.title)
        path = catalog.source_file(root, page.docname)
        if path is None:
            continue
        text = path.read_text(encoding="utf-8")
        try:
            meta, rest = frontmatter.parse(text)
        except frontmatter.FrontMatterError:
            meta, rest = None, text
        titles.update(page_labels(rest, meta.id if meta and meta.kind == catalog.EXERCISES_KIND else ""))
    return titles
