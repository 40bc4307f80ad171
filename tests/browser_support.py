"""Helpers for the browser tests: a request guard that keeps Chromium on the local site."""

from __future__ import annotations

from urllib.parse import urlsplit


class Offsite:
    """Lets requests to the local site through; blocks and records every other one."""

    def __init__(self) -> None:
        self.blocked: list[str] = []

    def __call__(self, route: object) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()
