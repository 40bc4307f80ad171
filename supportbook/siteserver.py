"""Serve a built site on 127.0.0.1 and start Debian's Chromium: shared by the tests and `make bench`.

Chromium is started with the flags that keep it from calling home (no background networking,
component updates or sync), so every request a page makes is one the page itself asked for.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # signature from the base class
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """A browser that closes a page mid-download is not an error: say nothing. Anything else is reported."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):  # BrokenPipeError, ConnectionResetError
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` on a free loopback port for the duration of the block; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright: Any) -> Any:
    """A headless Debian Chromium driven by Playwright (no downloaded browser)."""
    executable = chromium_path()
    if executable is None:
        raise RuntimeError("Chromium is missing: sudo apt-get install -y chromium")
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)


def site_pages(root: Path) -> list[Path]:
    """Every reader-facing HTML page of a built site (not Sphinx's generated index pages)."""
    skip = {"genindex.html", "search.html", "index.html"}
    return sorted(p for p in root.rglob("*.html") if p.name not in skip and "_static" not in p.parts)
