"""Plain-text words for the resources data that are not contact phrases: "27 November 2026", a short web
address, what a confidence level means. How to reach a service is worded in `supportbook.contact`.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

CONFIDENCE_TEXT = {
    "verified": "confirmed by the operator's or a government page",
    "likely": "from consistent secondary sources; not yet confirmed on the operator's own page",
    "unverified": "not confirmed",
}


def human_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def short_url(url: str) -> str:
    """`https://www.findahelpline.com/` -> `findahelpline.com`; paths are kept."""
    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.")
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"
