"""The crisis-resources data is printed on every page: its text must be plain, visible and number-free.

Every string in the file is refused if it holds markup or a character a reader cannot see (Unicode
category Cf, such as a right-to-left override or a zero-width space); free text is refused if it holds
something that looks like a phone number however it is written; YAML anchors and aliases are refused.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from supportbook import resources

TODAY = dt.date.today()  # the data's check dates are never after today


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    return yaml.load(resources.DATA_FILE.read_text(encoding="utf-8"), Loader=resources._UniqueKeyLoader)


@pytest.fixture
def write(tmp_path: Path, raw: dict[str, Any]) -> Callable[[Callable[[dict[str, Any]], None]], Path]:
    def write_changed(change: Callable[[dict[str, Any]], None]) -> Path:
        data = copy.deepcopy(raw)
        change(data)
        path = tmp_path / "resources.yml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return path

    return write_changed


def _entry(data: dict[str, Any], service_id: str) -> dict[str, Any]:
    return next(s for s in data["services"] if s["id"] == service_id)


def _problems(path: Path) -> str:
    with pytest.raises(resources.ResourceError) as caught:
        resources.load(path, today=TODAY)
    message = str(caught.value)
    assert message.startswith(str(path)) and "nothing was rendered" in message, message
    return message


# (entry, where the bad text goes, the bad text, what the message says)
MARKUP_AND_INVISIBLE = [
    ("us-988", ("notes", 0), "<script>alert(1)</script>", "contains markup ('<')"),
    ("uk-shout", ("serves",), "Anyone <b>at all</b>.", "contains markup ('<')"),
    ("uk-shout", ("serves",), "Anyone &lt;b&gt; at all.", "contains markup ('&lt;')"),
    ("au-lifeline", ("name",), "Lifeline\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    ("au-lifeline", ("call", 0, "note"), "Free\u200b call", "U+200B (ZERO WIDTH SPACE)"),
    ("nz-1737", ("hours",), "24 hours a day, 7 days a week\u00ad", "U+00AD (SOFT HYPHEN)"),
    ("ie-pieta", ("checked_how",), "Compared with\u2066 the list", "U+2066 (LEFT-TO-RIGHT ISOLATE)"),
    ("uk-childline", ("chat", "url"), "https://www.childline.org.uk/<x>", "contains markup ('<')"),
]


def _field_label(where: tuple[Any, ...]) -> str:
    label = ""
    for part in where:
        label += f"[{part}]" if isinstance(part, int) else (f".{part}" if label else part)
    return label


def _put(data: dict[str, Any], service_id: str, where: tuple[Any, ...], value: str) -> None:
    target: Any = _entry(data, service_id)
    for part in where[:-1]:
        target = target[part]
    if isinstance(where[-1], int) and len(target) <= where[-1]:
        target.append(value)
    else:
        target[where[-1]] = value


@pytest.mark.parametrize(("entry", "where", "value", "fragment"), MARKUP_AND_INVISIBLE)
def test_markup_and_invisible_characters_are_refused_in_any_field(
    write: Callable[..., Path], entry: str, where: tuple[Any, ...], value: str, fragment: str
) -> None:
    def change(data: dict[str, Any]) -> None:
        _entry(data, entry).setdefault("notes", [])
        _put(data, entry, where, value)

    message = _problems(write(change))
    assert f"entry {entry!r}, field {_field_label(where)!r}: " in message, message
    assert fragment in message, message


def test_markup_outside_the_entries_is_refused_too(write: Callable[..., Path]) -> None:
    def change(data: dict[str, Any]) -> None:
        data["countries"][0]["name"] = "United States<img src=x onerror=alert(1)>"
        data["checked_how_default"] = data["checked_how_default"] + "\u202e"

    message = _problems(write(change))
    assert "entry '(file)', field 'countries[0].name': contains markup" in message, message
    assert "entry '(file)', field 'checked_how_default': contains the invisible character U+202E" in message


@pytest.mark.parametrize(
    ("entry", "where", "value"),
    [
        ("us-988", ("serves",), "Anyone. Or call 1.800.273.8255."),
        ("us-988", ("serves",), "Anyone. Or call (800) 273/8255."),
        ("us-988", ("serves",), "Anyone. Or call 1\u2013800\u2013273\u20138255."),
        ("us-988", ("serves",), "Anyone. Or call \uff11\uff18\uff10\uff10\uff12\uff17\uff13."),
        ("uk-samaritans", ("call", 0, "note"), "Or 0\u00a08\u00a00\u00a00 1\u20111\u20111 2\u20142\u20142."),
        ("uk-samaritans", ("uncertain",), "Text 8 5 2 5 8 if you cannot call."),
        ("uk-childline", ("chat", "hours"), "Every day; ring 0800.1111 otherwise"),
        ("au-lifeline", ("groups", 0), "Call [13] 11-14 first"),
        ("nz-1737", ("evidence_date",), "2024; call 0800 543 354"),
        ("uk-samaritans", ("name",), "Samaritans 116 999"),
    ],
)
def test_phone_numbers_are_found_in_free_text_however_they_are_written(
    write: Callable[..., Path], entry: str, where: tuple[Any, ...], value: str
) -> None:
    def change(data: dict[str, Any]) -> None:
        _entry(data, entry).setdefault("groups", [])
        _put(data, entry, where, value)

    message = _problems(write(change))
    assert f"entry {entry!r}, field {_field_label(where)!r}: contains what looks like a phone number" in message


def test_a_name_may_be_the_entrys_own_number_and_evidence_dates_may_hold_years() -> None:
    data = resources.load(today=TODAY)
    assert data.get("uk-shout").name == "Shout 85258"
    assert resources.phone_like("NHS trust pages 2023-2024; national rollout 2024", years_allowed=True) == []
    assert resources.phone_like("NHS trust pages 2023-2024") == ["20232024"]
    assert resources.phone_like("See {uk-samaritans} or {ie-50808}.") == []


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("checked_how_default: &copies >-", "the YAML anchor &copies is not allowed"),
        ("    checked_how: *copies", "the YAML alias *copies is not allowed"),
    ],
)
def test_yaml_anchors_and_aliases_are_refused(tmp_path: Path, text: str, what: str) -> None:
    source = resources.DATA_FILE.read_text(encoding="utf-8")
    if "&" in text:
        source = source.replace("checked_how_default: >-", "checked_how_default: &copies >-", 1)
    else:  # the alias is refused where it is used, before YAML looks for its anchor
        source = source.replace("    checked: ", "    checked_how: *copies\n    checked: ", 1)
    path = tmp_path / "aliased.yml"
    path.write_text(source, encoding="utf-8")
    message = _problems(path)
    assert what in message, message
    assert "field '(YAML)': line " in message


def test_a_missing_checked_how_comes_from_the_default_and_only_from_it(
    raw: dict[str, Any], write: Callable[..., Path]
) -> None:
    data = resources.load(today=TODAY)
    without_own = [s for s in raw["services"] if "checked_how" not in s]
    assert without_own, "some entries should take the file's default"
    for service in without_own:
        assert data.get(service["id"]).checked_how == " ".join(raw["checked_how_default"].split())

    def drop_default(changed: dict[str, Any]) -> None:
        del changed["checked_how_default"]

    message = _problems(write(drop_default))
    assert f"entry {without_own[0]['id']!r}, field 'checked_how': is missing" in message
