"""Shared fixtures: the book is built once per test session, strictly, and tests read the output."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright import sync_api as playwright_api

from supportbook import siteserver

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def book_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML site, built once with `-W -n --keep-going` (a warning fails it).

    Set SUPPORTBOOK_HTML to an already built `_build/html` folder to reuse it (as `make test` does
    after its own strict build).
    """
    prebuilt = os.environ.get("SUPPORTBOOK_HTML")
    if prebuilt:
        path = Path(prebuilt)
        assert (path / "index.html").exists(), f"SUPPORTBOOK_HTML={prebuilt} has no index.html"
        return path
    out = tmp_path_factory.mktemp("book")
    jb = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run(
        [str(jb), "build", str(ROOT), "-W", "-n", "--keep-going", "--path-output", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 0, f"strict book build failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-3000:]}"
    return out / "_build" / "html"


@pytest.fixture(scope="module")
def site(book_html: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 (its address without the closing slash)."""
    with siteserver.serve(book_html) as base:
        yield base.rstrip("/")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium, driven by Playwright (tests that need it skip where it is not installed)."""
    if siteserver.chromium_path() is None:
        pytest.skip("Chromium is not installed")
    with playwright_api.sync_playwright() as p:
        chromium = siteserver.launch(p)
        yield chromium
        chromium.close()
