"""The Sphinx side of Circles of Support: one `setup()` that registers each module's pieces."""

from __future__ import annotations

from sphinx.application import Sphinx

from supportbook.sphinxext import (
    contract,
    duplicates,
    epub,
    exercises,
    html,
    kitlinks,
    ladder,
    latex,
    lessons,
    links,
    lintcheck,
    packbuilder,
    pagemeta,
    readers,
    safety,
    search,
    store,
    strict,
    tables,
    teaching,
    tocheck,
)


def setup(app: Sphinx) -> None:
    strict.setup(app)  # a build after a failed one reads every page again (issue 15)
    store.setup(app)
    duplicates.setup(app)
    tocheck.setup(app)
    contract.setup(app)
    safety.setup(app)
    ladder.setup(app)
    exercises.setup(app)
    teaching.setup(app)  # the teaching safety steps, said once (teaching.yml)
    lessons.setup(app)
    kitlinks.setup(app)  # links to the teacher's kit files (issue 13)
    packbuilder.setup(app)  # packs without a terminal (issue 13)
    readers.setup(app)  # families and educators as two tabs on the web site (issue 11)
    html.setup(app)
    pagemeta.setup(app)
    search.setup(app)  # search in parents' words (issue 12)
    links.setup(app)  # full stable links, link previews, the root page (issue 12)
    tables.setup(app)
    lintcheck.setup(app)
    latex.setup(app)  # the print edition's look (issue 7)
    epub.setup(app)  # the e-reader edition (issue 7)
