"""Plain-text phrases for services: "call or text 988", "text HOME to 741741", "27 November 2026".

Shared by the Sphinx directives and the command line, so that a service reads the same everywhere.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from supportbook.resources import Call, Service, TextRoute

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


def call_phrase(call: Call, *, verb: str = "call") -> str:
    text = f"{verb} {call.number}".strip()
    if call.where:
        text += f" {call.where}"
    if call.then:
        text += f", then {call.then}"
    return text


def text_phrase(route: TextRoute, *, verb: str = "text") -> str:
    if route.keyword:
        return f"{verb} {route.keyword} to {route.number}".strip()
    return f"{verb} {route.number}".strip()


def contact_summary(service: Service) -> str:
    """The main way to reach a service, in a few words: 'call or text 988'."""
    call = service.call[0] if service.call else None
    text = service.text[0] if service.text else None
    if call and text and call.number == text.number and not text.keyword and not call.then and not call.where:
        return f"call or text {call.number}"
    parts = []
    if call:
        parts.append(call_phrase(call))
    if text:
        parts.append(text_phrase(text))
    if parts:
        joiner = ", or " if call and call.then else " or "
        return joiner.join(parts)
    if service.chat:
        return f"chat at {short_url(service.chat.url)}"
    return short_url(service.website)


def emergency_numbers(service: Service) -> str:
    """'999 or 112' for an emergency entry (numbers with a note are left for the full entry)."""
    plain = [call.number for call in service.call if not call.note and not call.where]
    return " or ".join(plain or [service.call[0].number])


def with_country(service: Service, country_name: str) -> str:
    return f"{service.name} ({country_name})" if service.is_emergency else service.name
