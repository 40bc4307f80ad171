"""Build a course pack (or a chapter handout): chosen chapters with their exercises, a cover, the back matter.

The pack is built in a temporary folder and moved into place only when it is complete, so a failed build
leaves nothing at the output path. A PDF replaces an existing file atomically; an HTML pack is a folder,
and an existing folder is replaced only if an earlier pack made it (it holds `MARKER`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from supportbook.packs import catalog, jb, project
from supportbook.packs.catalog import Book, Chapter
from supportbook.sphinxext.latex import tex_text

FORMATS = ("pdf", "html")
MARKER = "supportbook-pack.txt"
PACK_SUBTITLE = "A course pack from Circles of Support"
HANDOUT_SUBTITLE = "A chapter handout from Circles of Support"


class OutputError(ValueError):
    """The output path cannot take the pack (for example a folder of something else)."""


@dataclass(frozen=True)
class Result:
    path: Path
    chapters: list[Chapter]
    seconds: float


def default_title(chapters: list[Chapter]) -> str:
    return chapters[0].title if len(chapters) == 1 else "Circles of Support: a course pack"


def check_output(output: Path, fmt: str) -> None:
    if fmt not in FORMATS:
        raise OutputError(f"unknown format {fmt!r}; use {' or '.join(FORMATS)}")
    if fmt == "pdf" and output.is_dir():
        raise OutputError(f"{output} is a folder; give a file name such as {output / 'pack.pdf'}")
    if fmt == "html" and output.exists() and not (output / MARKER).exists():
        raise OutputError(f"{output} exists and is not a pack made by this command; choose a new folder")


def _place_file(made: Path, output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    staged = output.with_name(f".{output.name}.partial-{os.getpid()}")
    try:
        shutil.copy2(made, staged)
        os.replace(staged, output)
    finally:
        staged.unlink(missing_ok=True)


def _place_folder(made: Path, output: Path, note: str) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    staged = output.with_name(f".{output.name}.partial-{os.getpid()}")
    try:
        shutil.copytree(made, staged)
        (staged / MARKER).write_text(note + "\n", encoding="utf-8")
        if output.exists():
            shutil.rmtree(output)
        os.replace(staged, output)
    finally:
        if staged.exists():
            shutil.rmtree(staged, ignore_errors=True)


def build(
    book: Book,
    chapters: list[Chapter],
    output: Path,
    *,
    fmt: str = "pdf",
    title: str | None = None,
    subtitle: str = PACK_SUBTITLE,
    log: Path | None = None,
) -> Result:
    """Build the pack and put it at `output`; raise `jb.BuildError` (nothing written) if the build fails."""
    check_output(output, fmt)
    start = time.perf_counter()
    title = title or default_title(chapters)
    with tempfile.TemporaryDirectory(prefix="supportbook-pack-") as tmp:
        work = Path(tmp)
        proj = project.write(
            book,
            work / "project",
            chapters,
            title=title,
            subtitle=subtitle,
            latex_title=tex_text(title),
        )
        build_log = log or work / "build.log"
        if fmt == "pdf":
            _place_file(jb.pdf(proj, project.TARGET, build_log), output)
        else:
            site = jb.html(proj, build_log)
            _place_folder(site, output, f"Course pack: {title} ({', '.join(c.id for c in chapters)})")
    return Result(output, chapters, time.perf_counter() - start)


def build_pack(
    root: Path, ids: list[str], output: Path, *, fmt: str = "pdf", title: str | None = None, log: Path | None = None
) -> Result:
    """`python -m supportbook pack`: raises `catalog.UnknownChapters` before building anything."""
    book = catalog.read_book(root)
    chapters = book.select(ids)
    return build(book, chapters, output, fmt=fmt, title=title, log=log)


def build_handout(book: Book, chapter: Chapter, output: Path, *, log: Path | None = None) -> Result:
    """One chapter, its exercises and the back matter, titled with the chapter."""
    return build(book, [chapter], output, fmt="pdf", title=chapter.title, subtitle=HANDOUT_SUBTITLE, log=log)
