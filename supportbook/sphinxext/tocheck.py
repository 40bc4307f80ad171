"""Check `_toc.yml` before reading: every entry must name a file that exists.

Sphinx's own message for a missing file points at the root page; this one names the `_toc.yml` entry
and says what to do. Running at `builder-inited` means it is said once, before anything else.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)
SUFFIXES = (".md", ".ipynb", ".rst")


def toc_files(toc: object) -> list[str]:
    """Every `file:` value in a jb-book table of contents, in order."""
    found: list[str] = []
    if isinstance(toc, dict):
        for key, value in toc.items():
            if key in ("root", "file") and isinstance(value, str):
                found.append(value)
            else:
                found.extend(toc_files(value))
    elif isinstance(toc, list):
        for item in toc:
            found.extend(toc_files(item))
    return found


def missing_entries(srcdir: Path, toc_path: Path) -> list[str]:
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8")) or {}
    missing = []
    for entry in toc_files(toc):
        base = srcdir / entry
        if not any(base.with_name(base.name + s).exists() or (base.suffix and base.exists()) for s in SUFFIXES):
            missing.append(entry)
    return missing


def _check(app: Sphinx) -> None:
    toc_path = Path(app.srcdir) / "_toc.yml"
    if not toc_path.exists():
        return
    for entry in missing_entries(Path(app.srcdir), toc_path):
        logger.warning(
            f"_toc.yml names '{entry}', but there is no file {entry}.md: create it, or remove the entry "
            "(chapters enter the table of contents only once they are written)",
            type="supportbook",
            subtype="toc",
            location=str(toc_path),
        )


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _check)
