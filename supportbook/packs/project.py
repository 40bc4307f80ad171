"""Write a small Jupyter Book project for a course pack or a handout, next to nothing in the book itself.

The project holds a generated `_config.yml` (the book's own, with the pack's title and cover), a
generated `_toc.yml` (the cover page, the chosen chapters each with its exercises page, then the back
matter) and a cover page; the book's folders are linked in, so every page is set exactly as in the book.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from supportbook import names
from supportbook.model import Book, Chapter

COVER_DOC = "cover"
PACK_EXTENSION = "supportbook.packs.sphinx_pack"
TARGET = "pack"  # the LaTeX file is pack.tex, the PDF pack.pdf
_MD_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&])")


def _md(text: str) -> str:
    """Text that MyST shows as it is (every Markdown punctuation mark escaped)."""
    return _MD_PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


def _config_paths(config: dict[str, Any]) -> list[str]:
    """Files and folders the book's configuration names, relative to the book (static files, templates...)."""
    sphinx = (config.get("sphinx") or {}).get("config") or {}
    names: list[Any] = list(config.get("bibtex_bibfiles") or [])
    for key in ("html_static_path", "templates_path", "latex_additional_files"):
        names += list(sphinx.get(key) or [])
    names += [sphinx.get("html_favicon") or ""]
    return [str(name) for name in names if name and not str(name).startswith(("/", "http"))]


def linked_folders(book: Book, config: dict[str, Any]) -> list[str]:
    """Top-level folders of the book a pack project needs: the pages', the configuration's, the extension."""
    names = {page.docname.split("/")[0] for page in book.pages if "/" in page.docname}
    names |= {path.split("/")[0] for path in _config_paths(config) if "/" in path}
    names |= {name for name, _ in ((config.get("sphinx") or {}).get("local_extensions") or {}).items()}
    return sorted(name for name in names if (book.root / name).is_dir())


def toc(chapters: list[Chapter], back_matter: list[str]) -> dict[str, Any]:
    entries: list[dict[str, Any]] = []
    for chapter in chapters:
        entry: dict[str, Any] = {"file": chapter.docname}
        if chapter.exercises:
            entry["sections"] = [{"file": chapter.exercises}]
        entries.append(entry)
    entries += [{"file": docname} for docname in back_matter]
    return {"format": "jb-book", "root": COVER_DOC, "chapters": entries}


def cover_page(title: str, chapters: list[Chapter], back_matter: list[str]) -> str:
    """The pack's first page on the web. In print the title page carries the same (latex.title_page)."""
    items = "\n".join(f"{number}. {{ref}}`ch-{chapter.id}`" for number, chapter in enumerate(chapters, 1))
    ends = "\n".join(f"- {{doc}}`/{docname}`" for docname in back_matter)
    which = "this chapter" if len(chapters) == 1 else "these chapters"
    return f"""---
supportbook:
  kind: page
---

(pack-cover)=
# {_md(title)}

::::{{only}} html
```{{safety-box}}
```

This pack was made from *Circles of Support*, a free, open guide for families and educators to the
support around a young person who self-harms. It holds {which}, each with its reflection exercises:

{items}

It ends with these pages. The safety resources list services to call, text or chat with, day or night.

{ends}
::::
"""


def pack_config(
    config: dict[str, Any],
    *,
    title: str,
    subtitle: str,
    chapters: list[Chapter],
    book_root: Path,
    latex_title: str,
    pdf_creator: str = "",
    paper: str = "letter",
    country: str = "",
) -> dict[str, Any]:
    """The book's configuration, made into the pack's: its title, cover, no handout links, the pack extension."""
    config = yaml.safe_load(yaml.safe_dump(config))  # a deep copy
    config["title"] = latex_title
    config.setdefault("latex", {}).setdefault("latex_documents", {})["targetname"] = f"{TARGET}.tex"
    sphinx = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx["html_title"] = title
    sphinx["extensions"] = [*list(sphinx.get("extensions") or []), PACK_EXTENSION]
    sphinx[names.HANDOUTS_SETTING] = ""
    sphinx["supportbook_latex_subtitle"] = subtitle
    sphinx[names.COVER_CHAPTERS_SETTING] = [chapter.title for chapter in chapters]
    sphinx["supportbook_pack_book"] = str(book_root.resolve())
    if country:  # the safety resources for this country only (sphinx_pack.OneCountry)
        sphinx["supportbook_pack_country"] = country
    if paper == "a4":  # the book is set on US Letter (_config.yml); a pack or handout may be A4
        elements = sphinx.setdefault("latex_elements", {})
        elements["papersize"] = "a4paper"
        elements["geometry"] = str(elements.get("geometry") or "").replace("letterpaper", "a4paper")
    if pdf_creator:  # how `pack` knows a PDF is its own (pack.is_pack_pdf)
        elements = sphinx.setdefault("latex_elements", {})
        elements["preamble"] = f"{elements.get('preamble') or ''}\n\\hypersetup{{pdfcreator={{{pdf_creator}}}}}\n"
    return config


def write(
    book: Book,
    dest: Path,
    chapters: list[Chapter],
    *,
    title: str,
    subtitle: str,
    latex_title: str,
    pdf_creator: str = "",
    paper: str = "letter",
    country: str = "",
) -> Path:
    """Write the project into `dest` (which must not exist) and return it."""
    config = yaml.safe_load((book.root / "_config.yml").read_text(encoding="utf-8")) or {}
    dest.mkdir(parents=True)
    for name in linked_folders(book, config):
        (dest / name).symlink_to((book.root / name).resolve(), target_is_directory=True)
    settings = pack_config(
        config,
        title=title,
        subtitle=subtitle,
        chapters=chapters,
        book_root=book.root,
        latex_title=latex_title,
        pdf_creator=pdf_creator,
        paper=paper,
        country=country,
    )
    (dest / "_config.yml").write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")
    (dest / "_toc.yml").write_text(
        yaml.safe_dump(toc(chapters, book.back_matter), sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    (dest / f"{COVER_DOC}.md").write_text(
        cover_page(title, chapters, book.back_matter), encoding="utf-8"
    )
    return dest
