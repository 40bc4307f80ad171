"""Circles of Support: the book's Sphinx extension, resource data, linter and CLI.

`setup()` wires the pieces together; each piece lives in a module with one job.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def setup(app: Any) -> dict[str, Any]:
    """Register the book's directives, transforms and build hooks with Sphinx."""
    from supportbook.sphinxext import setup as _setup

    _setup(app)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": 3,  # 2: store.PageRecord instead of dicts; 3: typed exercise and lesson facts
    }
