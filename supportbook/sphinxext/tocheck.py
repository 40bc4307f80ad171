"""Check `_toc.yml` before reading: every entry must name a file that exists.

Sphinx's own message for a missing file points at the root page; this one names the `_toc.yml` entry
and says what to do. Running at `builder-inited` means it is said once, before anything else.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx_external_toc.api import SiteMap

from supportbook import model

logger = logging.getLogger(__name__)


def missing_entries(srcdir: Path, site_map: SiteMap) -> list[str]:
    """Table of contents entries (docnames, in book order) that have no source file."""
    return [docname for docname, _ in model.toc_order(site_map) if model.source_file(srcdir, docname) is None]


def _check(app: Sphinx) -> None:
    toc_path = Path(app.srcdir) / model.TOC_FILE
    # sphinx-external-toc has parsed _toc.yml already (at config-inited); read its site map, not the file again.
    site_map = getattr(app.config, "external_site_map", None)
    if site_map is None:
        return
    for entry in missing_entries(Path(app.srcdir), site_map):
        logger.warning(
            f"_toc.yml names '{entry}', but there is no file {entry}.md: create it, or remove the entry "
            "(chapters enter the table of contents only once they are written)",
            type="supportbook",
            subtype="toc",
            location=str(toc_path),
        )


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _check)
