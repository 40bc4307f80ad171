"""A service's contact is worded once (supportbook/contact.py) and shown by two renderers: plain text and
docutils nodes. These tests render made-up services and every real one through both, and through the
places that show them: the safety box's line, the appendix entry, the service table and a `{service}`
reference."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from docutils import nodes

from supportbook import contact, resources
from supportbook.resources import Call, Chat, Email, Service, TextRoute
from supportbook.sphinxext import safety_nodes


@pytest.fixture(scope="module")
def data() -> resources.Resources:
    return resources.load()


def made_up(**fields: object) -> Service:
    base = Service(
        id="us-made-up", name="Made-up Line", operator="Nobody", country="US", kind="crisis-line",
        hours="24/7", open_24_7=True, serves="Anyone.", source="https://example.org/", checked=dt.date(2026, 1, 1),
        checked_how="", evidence_date="2026", confidence="verified", website="https://www.example.org/",
    )  # fmt: skip
    return dataclasses.replace(base, **fields)


def words(found: list[nodes.Node] | nodes.Node) -> str:
    parts = found if isinstance(found, list) else [found]
    return " ".join("".join(part.astext() for part in parts).split())


def data_with(service: Service) -> resources.Resources:
    return resources.Resources(path="made-up.yml", countries=(resources.Country("US", "United States", "us"),),
                               services=(service,))  # fmt: skip


def test_the_safety_box_keeps_where_and_then_as_the_reference_and_the_card_do() -> None:
    service = made_up(
        call=(Call("1-800-555-0100", where="in the US", then="press 1"),), text=(TextRoute("55555", "HELLO"),)
    )
    expected = "call 1-800-555-0100 in the US, then press 1, or text HELLO to 55555"
    assert contact.plain(contact.summary(service)) == expected
    assert words(safety_nodes._glance_contacts(service)) == expected
    assert safety_nodes.service_text(data_with(service), service) == f"Made-up Line ({expected})"


def test_call_or_text_is_said_once_only_when_the_same_number_takes_both_with_no_place_or_step() -> None:
    same = made_up(call=(Call("988"),), text=(TextRoute("988"),))
    assert words(safety_nodes._glance_contacts(same)) == "call or text 988"
    placed = made_up(call=(Call("988", where="in the US"),), text=(TextRoute("988"),))
    assert words(safety_nodes._glance_contacts(placed)) == "call 988 in the US or text 988"


def test_a_service_with_only_chat_is_reached_by_chat_in_the_box_and_the_reference() -> None:
    service = made_up(chat=Chat("https://chat.example.org/now"))
    assert contact.plain(contact.summary(service)) == "chat at chat.example.org/now"
    box = safety_nodes._glance_contacts(service)
    assert words(box) == "chat at chat.example.org/now"
    assert [n["refuri"] for n in box if isinstance(n, nodes.reference)] == ["https://chat.example.org/now"]


def test_the_service_table_gives_every_route_its_note_and_hours_as_the_appendix_does() -> None:
    service = made_up(
        call=(Call("1-800-555-0100", note="free", hours="9am to 5pm"),),
        text=(TextRoute("55555", "HELLO", note="any word works", hours="evenings"),),
        chat=Chat("https://chat.example.org/", note="on the website", hours="weekdays"),
        email=Email("help@example.org", note="not for an immediate reply"),
    )
    cell = [words(para) for para in safety_nodes._reach_cell(service)]
    assert cell == [
        "Call 1-800-555-0100 (free). Hours: 9am to 5pm",
        "Text HELLO to 55555 (any word works). Hours: evenings",
        "Chat: chat.example.org (on the website). Hours: weekdays",
    ]
    entry = [words(item) for item in safety_nodes.contact_items(service).children]
    assert entry == [
        "Call: 1-800-555-0100 (free). Hours: 9am to 5pm.",
        "Text: HELLO to 55555 (any word works). Hours: evenings.",
        "Chat: chat.example.org (on the website). Hours: weekdays.",
        "Email: help@example.org (not for an immediate reply).",
        "Website: example.org.",
    ]
    for row, line in zip(cell, entry, strict=False):  # the same route, after the verb or the label
        assert line.split(" ", 1)[1] == f"{row.split(' ', 1)[1]}.", (row, line)


def test_the_table_falls_back_to_the_website_when_a_service_has_no_route_of_its_own() -> None:
    cell = safety_nodes._reach_cell(made_up())
    assert [words(para) for para in cell] == ["example.org"]


def test_plain_text_and_nodes_say_the_same_words_for_every_service(data: resources.Resources) -> None:
    for service in data.services:
        phrases = [contact.summary(service)] + [contact.route(r) for r in contact.routes(service)]
        if service.is_emergency:
            phrases.append(contact.emergency(service))
        for phrase in phrases:
            assert words(safety_nodes.contact_nodes(phrase)) == " ".join(contact.plain(phrase).split()), service.id


def test_numbers_to_call_are_tel_links_and_numbers_to_text_are_words(data: resources.Resources) -> None:
    rendered = safety_nodes.contact_nodes(contact.summary(data.get("ca-kids-help-phone")))
    links = [n["refuri"] for n in rendered if isinstance(n, nodes.reference)]
    assert links == ["tel:18006686868"]
    assert words(rendered) == "call 1-800-668-6868 or text CONNECT to 686868"


def test_emergency_numbers_leave_numbers_with_a_note_for_the_full_entry(data: resources.Resources) -> None:
    said = {code: contact.plain(contact.emergency(data.emergency(code))) for code in ("US", "UK", "IE", "AU", "NZ")}
    assert said == {"US": "911", "UK": "999 or 112", "IE": "112 or 999", "AU": "000", "NZ": "111"}
