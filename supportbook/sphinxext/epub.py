"""The e-reader edition (`make epub`): an EPUB 3 that passes EPUBCheck with no errors and no warnings.

Sphinx's EPUB builder with four changes, as a subclass registered under the same name (`epub`):

- the reading order: with the root page in a folder (`book/intro`), pages nested under a chapter in
  `_toc.yml` (the exercises pages) are listed as `book/../exercises/...`, which matches no manifest item
  (EPUBCheck OPF-049, RSC-005); those paths are normalised;
- no scripts: an e-book needs none, and a page with scripts must declare them (the theme and extensions
  add some to every page), so none are linked;
- the pages are XHTML: empty elements a template writes the HTML way (`<meta ...>`) are closed
  (`<meta ... />`, EPUBCheck RSC-016) before zipping, and every page must then parse as XML, or the build
  stops naming the page and the place (a pattern that no longer closes everything fails here, not in
  EPUBCheck). The bibliography's list-item role is fixed as each page is written (`pagemeta`), as on
  the web site (EPUBCheck RSC-017);
- reproducible: with `SOURCE_DATE_EPOCH` set (`make epub` sets it from the last commit), every zip
  entry is dated with it, so two builds of one commit are byte-identical.

The safety box and the appendix come from the same builder-neutral nodes as on the web.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder
from sphinx.errors import SphinxError

ZIP_EPOCH_MIN = 315_532_800  # 1980-01-01: a zip entry cannot be dated earlier
_UNCLOSED = re.compile(r"<(meta|link|br|hr|img|input|col|area|base|wbr|source)\b([^>]*?)\s*(?<!/)>", re.I)


class NotXhtmlError(SphinxError):
    category = "EPUB page is not XHTML"


def xhtml(text: str, name: str = "page") -> str:
    """Close the empty elements an HTML template leaves open (`<meta ...>` -> `<meta ... />`), and fail,
    naming the page and the place, if the result still does not parse as XML."""
    closed = _UNCLOSED.sub(r"<\1\2 />", text)
    try:
        ElementTree.fromstring(closed)
    except ElementTree.ParseError as exc:
        line, column = exc.position
        raise NotXhtmlError(
            f"{name}, line {line}, column {column}: not well-formed XML after closing empty elements "
            f"({exc}); close that element in its template, or widen _UNCLOSED in supportbook/sphinxext/epub.py"
        ) from None
    return closed


def _normal(uri: str) -> str:
    path, hash_mark, fragment = uri.partition("#")
    return posixpath.normpath(path) + hash_mark + fragment


class SupportbookEpubBuilder(Epub3Builder):
    name = "epub"

    def toc_add_files(self, refnodes: list[dict[str, Any]]) -> None:
        for item in refnodes:
            item["refuri"] = _normal(item["refuri"])
        super().toc_add_files(refnodes)

    def build_epub(self) -> None:
        """Zip the book with every entry dated SOURCE_DATE_EPOCH (when set), so one commit gives one EPUB."""
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if epoch.isdigit():
            stamp = max(int(epoch), ZIP_EPOCH_MIN)
            for path in Path(self.outdir).rglob("*"):
                if path.is_file():
                    os.utime(path, (stamp, stamp))
        super().build_epub()

    def handle_finish(self) -> None:
        for page in Path(self.outdir).rglob(f"*{self.out_suffix}"):
            text = page.read_text(encoding="utf-8")
            fixed = xhtml(text, str(page.relative_to(self.outdir)))
            if fixed != text:
                page.write_text(fixed, encoding="utf-8")
        super().handle_finish()


def _no_scripts(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if app.builder.name == SupportbookEpubBuilder.name:
        context["script_files"] = []


def setup(app: Sphinx) -> None:
    app.add_builder(SupportbookEpubBuilder, override=True)
    app.connect("html-page-context", _no_scripts)
