"""How to reach a service, worded once: a contact phrase is a sequence of typed parts.

`summary(service)` ("call or text 988"), `emergency(service)` ("999 or 112"), `route(...)` (one way in:
"988, then press 1 (the older number)") and `routes(service)` (every way in, by channel) return phrases:
tuples of `Words`, `Phone` (a number to call), `Link` and `Mail`. Two thin renderers show them: `plain()`
here (cards, `{service}` references, the teacher's kit) and `safety_nodes.contact_nodes()` (docutils nodes,
with tel:, https: and mailto: links). So the safety box, the appendix, the service tables and the cards
cannot word a service's contact differently. Nothing here depends on Sphinx.
"""

from __future__ import annotations

from dataclasses import dataclass

from supportbook.resources import Call, Chat, Email, Service, TextRoute
from supportbook.resources_text import short_url


@dataclass(frozen=True)
class Words:
    text: str


@dataclass(frozen=True)
class Phone:
    """A number to call (a tel: link where links work)."""

    number: str


@dataclass(frozen=True)
class Link:
    url: str

    @property
    def shown(self) -> str:
        return short_url(self.url)


@dataclass(frozen=True)
class Mail:
    address: str


Part = Words | Phone | Link | Mail
Phrase = tuple[Part, ...]


@dataclass(frozen=True)
class Route:
    """One way in to a service: what to call, type or open, and what to know about it."""

    channel: str  # call, text, chat, email or website
    reach: Phrase  # without a verb: "988, then press 1", "HOME to 741741", a link
    note: str = ""
    hours: str = ""


def plain(phrase: Phrase) -> str:
    """The phrase as plain text (a link shows its short address)."""
    out = []
    for part in phrase:
        if isinstance(part, Words):
            out.append(part.text)
        elif isinstance(part, Phone):
            out.append(part.number)
        elif isinstance(part, Link):
            out.append(part.shown)
        else:
            out.append(part.address)
    return "".join(out)


def _verb(verb: str) -> Phrase:
    return (Words(f"{verb} "),) if verb else ()


def call_reach(call: Call) -> Phrase:
    """'988', '1-877-565-8860 in the US', '111, then choose the mental health option'."""
    reach: Phrase = (Phone(call.number),)
    if call.where:
        reach += (Words(f" {call.where}"),)
    if call.then:
        reach += (Words(f", then {call.then}"),)
    return reach


def text_reach(route: TextRoute) -> Phrase:
    """'HOME to 741741', or the number alone when any message will do."""
    return (Words(f"{route.keyword} to {route.number}" if route.keyword else route.number),)


def routes(service: Service, channel: str = "any") -> list[Route]:
    """Every way in to a service, in the order call, text, chat, email, website; or those of one channel."""
    found = [call_route(c) for c in service.call]
    found += [Route("text", text_reach(t), t.note, t.hours) for t in service.text]
    if service.chat:
        found.append(_chat_route(service.chat))
    if service.email:
        found.append(_email_route(service.email))
    if service.website:
        found.append(Route("website", (Link(service.website),)))
    return [r for r in found if channel in ("any", r.channel)]


def call_route(call: Call) -> Route:
    return Route("call", call_reach(call), call.note, call.hours)


def _chat_route(chat: Chat) -> Route:
    return Route("chat", (Link(chat.url),), chat.note, chat.hours)


def _email_route(email: Email) -> Route:
    return Route("email", (Mail(email.address),), email.note)


def route(found: Route, verb: str = "") -> Phrase:
    """One way in with what to know: 'Call 1-800-273-8255 (the older number, which still reaches the Lifeline)'."""
    phrase = _verb(verb) + found.reach
    if found.note:
        phrase += (Words(f" ({found.note})"),)
    if found.hours:
        phrase += (Words(f". Hours: {found.hours}"),)
    return phrase


def summary(service: Service) -> Phrase:
    """The main way to reach a service, in a few words: 'call or text 988', 'call 988, then press 1, or text
    838255', 'chat at kidshelpline.com.au', or its website."""
    call = service.call[0] if service.call else None
    text = service.text[0] if service.text else None
    if call and text and call.number == text.number and not text.keyword and not call.then and not call.where:
        return (Words("call or text "), Phone(call.number))
    phrase: Phrase = ()
    if call:
        phrase += _verb("call") + call_reach(call)
    if text:
        if call:
            phrase += (Words(", or " if call.then else " or "),)
        phrase += _verb("text") + text_reach(text)
    if phrase:
        return phrase
    if service.chat:
        return (Words("chat at "), Link(service.chat.url))
    return (Link(service.website),)


def emergency_calls(service: Service) -> list[Call]:
    """An emergency entry's main numbers: those without a note or a place (the rest are for its full entry)."""
    return [call for call in service.call if not call.note and not call.where] or [service.call[0]]


def emergency(service: Service) -> Phrase:
    """'999 or 112' for an emergency entry."""
    phrase: Phrase = ()
    for index, call in enumerate(emergency_calls(service)):
        phrase += ((Words(" or "),) if index else ()) + (Phone(call.number),)
    return phrase
