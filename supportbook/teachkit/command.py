"""`python -m supportbook slides` and `python -m supportbook docs`: the teacher's kit files, into the site.

`slides` writes `slides/lesson-ID.pptx` for every lesson plan; `docs` writes `docs/lesson-ID.docx` for
every plan, `docs/ex-ID.docx` for every worksheet and `docs/letter-to-families.docx`. Both read the
sources in the repository (`--root`), and write into a built site (`--site`, default `_build/html`). The
files are made in a temporary folder and moved into place only when all of them are complete; an error
is one line naming the file and what to fix (exit 2).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from supportbook import resources as resource_data
from supportbook import teaching as teaching_data
from supportbook.publish import publish
from supportbook.teachkit import documents, plan, slides, source
from supportbook.teachkit.safety import safety_text

EXERCISES_DIR = "exercises"


def make_slides(root: Path, out: Path) -> list[Path]:
    context = source.default_context(root)
    safety = safety_text(context.resources)
    return [slides.write(plan.load(path, context), safety, out) for path in plan.plan_paths(root)]


def make_docs(root: Path, out: Path) -> list[Path]:
    context = source.default_context(root)
    safety = safety_text(context.resources)
    full = source.full_references(root / "book" / "references.bib")
    pages = [*plan.plan_paths(root), *sorted((root / EXERCISES_DIR).glob("ex-*.md"))]
    written = [documents.write(source.read(path, context), safety, context.references, full, out) for path in pages]
    letter = source.read(root / documents.LETTER_SOURCE, context)
    written.append(documents.write(letter, safety, context.references, full, out, documents.LETTER_NAME))
    return written


def run(args: argparse.Namespace) -> int:
    site, root = Path(args.site), Path(args.root)
    name = args.command
    if not site.is_dir():
        print(f"{name}: the site folder {site} does not exist; run `make book` first (or give --site)")
        return 2
    make = make_slides if name == "slides" else make_docs
    folder = slides.SLIDES_DIR if name == "slides" else documents.DOCS_DIR
    try:
        written = publish(site, folder, lambda work: make(root, work))
    except (source.SourceError, resource_data.ResourceError, teaching_data.TeachingError, OSError) as exc:
        print(f"{name}: {exc}")
        return 2
    for path in written:
        print(f"wrote {path}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    for name, what in (
        ("slides", "a slide deck for every lesson plan (slides/lesson-ID.pptx in the site)"),
        ("docs", "Word files of every lesson plan, worksheet and the letter home (docs/ in the site)"),
    ):
        parser = subparsers.add_parser(name, help=what)
        parser.add_argument("--site", default="_build/html", help="the built site to add the files to")
        parser.add_argument("--root", default=str(source.ROOT), help="the repository holding the sources")
        parser.set_defaults(func=run)
