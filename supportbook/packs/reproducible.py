"""Reproducible editions: `SOURCE_DATE_EPOCH` for every build, so two builds of one commit are identical.

The time is the last commit's (`git log -1 --format=%ct`), unless `SOURCE_DATE_EPOCH` is already set.
Outside git (a release tarball) it is the newest modification time of the book's own files, which the
tarball keeps. Sphinx dates pages with it, xdvipdfmx dates the PDF and derives its ID from it, and
`FORCE_SOURCE_DATE=1` makes TeX's `\\today` use it too; the EPUB's zip entries are dated with it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

BOOK_FILES = ("_config.yml", "_toc.yml")
BOOK_FOLDERS = ("book", "exercises", "supportbook/data")


def _git_time(root: Path) -> int | None:
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=False
        )
    except OSError:  # no git on this machine
        return None
    text = proc.stdout.strip()
    return int(text) if proc.returncode == 0 and text.isdigit() else None


def _newest_file_time(root: Path) -> int | None:
    times = [(root / name).stat().st_mtime for name in BOOK_FILES if (root / name).is_file()]
    for folder in BOOK_FOLDERS:
        times += [path.stat().st_mtime for path in (root / folder).rglob("*") if path.is_file()]
    return int(max(times)) if times else None


def source_date_epoch(root: Path) -> int:
    """Seconds since 1970 that date an edition of the book at `root` (see the module's docstring)."""
    given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if given.isdigit():
        return int(given)
    found = _git_time(root.resolve())
    if found is None:
        found = _newest_file_time(root.resolve())
    return found if found is not None else 0


def environment(root: Path) -> dict[str, str]:
    """The variables a reproducible build of the book at `root` runs with."""
    return {"SOURCE_DATE_EPOCH": str(source_date_epoch(root)), "FORCE_SOURCE_DATE": "1"}
