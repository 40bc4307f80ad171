"""The Sphinx side of Circles of Support: one `setup()` that registers each module's pieces."""

from __future__ import annotations

from sphinx.application import Sphinx

from supportbook.sphinxext import contract, html, pagemeta, safety, store, tables


def setup(app: Sphinx) -> None:
    store.setup(app)
    contract.setup(app)
    safety.setup(app)
    html.setup(app)
    pagemeta.setup(app)
    tables.setup(app)
