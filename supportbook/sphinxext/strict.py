"""Strict every time: a build after one that warned, failed or was stopped reads every page again.

Sphinx's incremental build reads only pages that changed, so a page that warned last time is not read
again and a second strict build (`-W`) passes with nothing fixed; a build killed half-way can leave a
saved environment that says every page is up to date while the search index misses pages. So every
build writes a marker (`MARKER`, beside the saved environment in the doctree folder) when it starts and
removes it only when it finishes with no warning and no error. When a build starts and finds the marker,
the saved environment is deleted, which makes this a fresh build (as `jupyter-book build --all`): every
page is read, checked and written again, and the search index is rebuilt whole.

Measured (benchmarks/README.md): a no-op rebuild takes about 2 s and a fresh build about 9 s, so only a
build after a failure pays for the fresh one.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.config import Config
from sphinx.util import logging

logger = logging.getLogger(__name__)

MARKER = "supportbook-build-incomplete"


def marker(app: Sphinx) -> Path:
    return Path(app.doctreedir) / MARKER


def _fresh_if_needed(app: Sphinx, config: Config) -> None:
    """`config-inited` (before the saved environment is loaded): drop it if the last build did not pass."""
    if marker(app).exists():
        envfile = Path(app.doctreedir) / ENV_PICKLE_FILENAME
        if envfile.exists():
            envfile.unlink()
            logger.info("supportbook: the last build warned, failed or was stopped, so every page is read again")


def _mark_started(app: Sphinx) -> None:
    path = marker(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("A build started here and has not yet finished without warnings.\n", encoding="utf-8")


def warnings_so_far(app: Sphinx) -> int:
    """Warnings logged by this build (Sphinx's own count; unknown counts as one, so the marker stays)."""
    return int(getattr(app, "_warncount", 1))


def _mark_passed(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and warnings_so_far(app) == 0:
        marker(app).unlink(missing_ok=True)


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _fresh_if_needed, priority=1)
    app.connect("builder-inited", _mark_started, priority=1)
    app.connect("build-finished", _mark_passed, priority=999)
