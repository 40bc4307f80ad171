"""Build a course pack (or a chapter handout): chosen chapters with their exercises, a cover, the back matter.

A pack never destroys a file it did not make:

- it is built strictly (a warning or a safe-messaging finding fails it) in a temporary folder, copied to
  a temporary path beside the output, and moved into place only when it is complete;
- it replaces an existing PDF only if an earlier pack made it (the PDF's Creator says `PDF_CREATOR`),
  and an existing folder only if every file in it is one an earlier pack wrote, unchanged (the folder's
  `MANIFEST` lists them with their SHA-256); anything else needs `force=True` (`--force`);
- when the build fails, nothing new is left at the output (an earlier pack there is kept) and the build
  log is kept beside it, as `OUTPUT.log` (`log_path`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from supportbook.model import Book, Chapter
from supportbook.packs import jb, project
from supportbook.sphinxext.latex import tex_text

FORMATS = ("pdf", "html")
MANIFEST = "supportbook-pack.json"
PDF_CREATOR = "Circles of Support course pack, made by python -m supportbook pack"
LOG_HEADER = "# Build log of a Circles of Support pack (python -m supportbook pack)\n"
PACK_SUBTITLE = "A course pack from Circles of Support"
HANDOUT_SUBTITLE = "A chapter handout from Circles of Support"
_FOREIGN_SHOWN = 3
_STREAM = re.compile(rb"stream\r?\n")
_STREAM_LIMIT = 4_000_000


class OutputError(ValueError):
    """The output path cannot take the pack (a file or folder of someone else's, an unwritable place)."""


@dataclass(frozen=True)
class Result:
    path: Path
    chapters: list[Chapter]
    seconds: float


def default_title(chapters: list[Chapter]) -> str:
    return chapters[0].title if len(chapters) == 1 else "Circles of Support: a course pack"


def log_path(output: Path) -> Path:
    """Where a failed build's log is kept: beside the output, `week3.pdf` -> `week3.pdf.log`."""
    return output.with_name(f"{output.name}.log")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def is_pack_pdf(path: Path) -> bool:
    """Whether a file is a PDF this command made: its Creator entry is `PDF_CREATOR`.

    xdvipdfmx keeps the document information in a compressed object stream, so streams are inflated.
    """
    try:
        data = path.read_bytes()
    except OSError:
        return False
    if not data.startswith(b"%PDF-"):
        return False
    utf16 = PDF_CREATOR.encode("utf-16-be")
    # As written: plain text, UTF-16, or UTF-16 as a hex string (<feff0043...>, what hyperref writes).
    wanted = (PDF_CREATOR.encode("ascii"), utf16, utf16.hex().encode("ascii"), utf16.hex().upper().encode("ascii"))
    chunks = [data]
    for match in _STREAM.finditer(data):
        try:
            chunks.append(zlib.decompressobj().decompress(data[match.end() : match.end() + _STREAM_LIMIT]))
        except zlib.error:
            continue
    return any(token in chunk for chunk in chunks for token in wanted)


def foreign_files(folder: Path) -> list[str]:
    """Files in `folder` that no pack wrote, or that changed since (relative paths, sorted)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        made: dict[str, str] = dict(manifest["files"])
    except (OSError, ValueError, KeyError, TypeError):
        made = {}
    foreign = []
    for path in sorted(folder.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            continue
        rel = path.relative_to(folder).as_posix()
        if rel == MANIFEST and made:
            continue
        if rel not in made or path.is_symlink() or _sha256(path) != made[rel]:
            foreign.append(rel)
    return foreign


def _probe_writable(output: Path) -> None:
    """Create and remove a file beside `output`, so an unwritable place is said before the build."""
    parent = output.parent
    existing = next((folder for folder in (parent, *parent.parents) if folder.exists()), None)
    if existing is not None and not existing.is_dir():
        raise OutputError(f"cannot write {output}: {existing} is a file, not a folder; choose another --output")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{output.name}.probe-", dir=parent)
        os.close(handle)
        os.unlink(name)
    except OSError as exc:
        raise OutputError(
            f"cannot write beside {output} ({exc.strerror or exc}); choose an --output in a folder you can write to"
        ) from None


def check_output(output: Path, fmt: str, *, force: bool = False) -> None:
    """Raise `OutputError` if the pack may not be written at `output` (see the module's docstring)."""
    if fmt not in FORMATS:
        raise OutputError(f"unknown format {fmt!r}; use {' or '.join(FORMATS)}")
    if fmt == "pdf":
        if output.is_dir():
            raise OutputError(f"{output} is a folder; give a file name such as {output / 'pack.pdf'}")
        if (output.exists() or output.is_symlink()) and not force and not is_pack_pdf(output):
            raise OutputError(
                f"{output} exists and is not a pack made by this command; choose another name, "
                "or add --force to replace it"
            )
    else:
        if (output.exists() or output.is_symlink()) and not output.is_dir() and not force:
            raise OutputError(
                f"{output} is a file, not a pack folder; choose a new folder, or add --force to replace the file"
            )
        if output.is_dir() and not force:
            foreign = foreign_files(output)
            if foreign:
                shown = ", ".join(foreign[:_FOREIGN_SHOWN]) + (", ..." if len(foreign) > _FOREIGN_SHOWN else "")
                raise OutputError(
                    f"{output} exists and is not a pack made by this command (it holds {len(foreign)} other "
                    f"file(s): {shown}); choose a new folder, or add --force to replace it and all it holds"
                )
    _probe_writable(output)


def _staging(output: Path, what: str) -> Path:
    return output.with_name(f".{output.name}.{what}-{os.getpid()}")


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink(missing_ok=True)


def _place_file(made: Path, output: Path) -> None:
    """Copy beside the output, then rename into place (atomic on one file system)."""
    staged = _staging(output, "partial")
    try:
        shutil.copy2(made, staged)
        if output.is_dir() and not output.is_symlink():  # only with --force: a folder where the PDF goes
            shutil.rmtree(output)
        os.replace(staged, output)
    finally:
        _remove(staged)


def write_manifest(folder: Path, note: str) -> None:
    files = {
        path.relative_to(folder).as_posix(): _sha256(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }
    data = {"made_by": "python -m supportbook pack", "pack": note, "files": files}
    (folder / MANIFEST).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _place_folder(made: Path, output: Path, note: str) -> None:
    """Copy beside the output, write the manifest, then swap it in; the old folder goes only after that."""
    staged = _staging(output, "partial")
    old = _staging(output, "old")
    try:
        shutil.copytree(made, staged)
        write_manifest(staged, note)
        if output.is_dir():
            os.replace(output, old)
        elif output.exists() or output.is_symlink():  # only with --force: a file where the folder goes
            output.unlink()
        try:
            os.replace(staged, output)
        except OSError:
            if old.exists():
                os.replace(old, output)
            raise
    finally:
        _remove(staged)
        _remove(old)


def _keep_log(build_log: Path, output: Path) -> Path | None:
    """Copy a failed build's log beside the output (never over a file that is not such a log)."""
    target = log_path(output)
    for number in range(1, 100):
        try:
            if not target.exists() or target.read_text(encoding="utf-8", errors="replace").startswith(LOG_HEADER):
                break
        except OSError:
            pass
        target = output.with_name(f"{output.name}.{number}.log")
    try:
        text = build_log.read_text(encoding="utf-8", errors="replace")
        target.write_text(LOG_HEADER + text, encoding="utf-8")
    except OSError:
        return None
    return target


def _drop_old_log(output: Path) -> None:
    """After a build that worked, remove the log an earlier failed build left beside the output."""
    old = log_path(output)
    try:
        if old.is_file() and old.read_text(encoding="utf-8", errors="replace").startswith(LOG_HEADER):
            old.unlink()
    except OSError:
        pass


def build(
    book: Book,
    chapters: list[Chapter],
    output: Path,
    *,
    fmt: str = "pdf",
    title: str | None = None,
    subtitle: str = PACK_SUBTITLE,
    log: Path | None = None,
    force: bool = False,
    paper: str = "letter",
    country: str = "",
) -> Result:
    """Build the pack strictly and put it at `output` (on US Letter, or A4 with `paper="a4"`).

    Raises `OutputError` before building if `output` may not be written, and `jb.BuildError` (nothing
    written at `output`; the log kept at `log`, or beside the output) if the build fails.
    """
    check_output(output, fmt, force=force)
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
            pdf_creator=PDF_CREATOR,
            paper=paper,
            country=country,
        )
        build_log = log or work / "build.log"
        try:
            if fmt == "pdf":
                _place_file(jb.pdf(proj, project.TARGET, build_log, strict=True, source=book.root), output)
            else:
                site = jb.html(proj, build_log, strict=True, source=book.root)
                _place_folder(site, output, f"Course pack: {title} ({', '.join(c.id for c in chapters)})")
        except jb.BuildError as exc:
            raise exc.with_log(build_log if log else _keep_log(build_log, output)) from None
    if log is None:
        _drop_old_log(output)
    return Result(output, chapters, time.perf_counter() - start)


def build_handout(
    book: Book,
    chapter: Chapter,
    output: Path,
    *,
    log: Path | None = None,
    paper: str = "letter",
    country: str = "",
) -> Result:
    """One chapter, its exercises and the back matter, titled with the chapter (US Letter or A4; with a
    country, its safety resources only)."""
    return build(
        book,
        [chapter],
        output,
        fmt="pdf",
        title=chapter.title,
        subtitle=HANDOUT_SUBTITLE,
        log=log,
        paper=paper,
        country=country,
    )
