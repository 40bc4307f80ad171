"""Load and validate the crisis-resources data file (`supportbook/data/resources.yml`).

The file is the one place where a service's number, keyword, hours, ages or cost are written. It is
checked in two passes, and every problem found is reported at once, each naming the file, the entry, the
field and what is wrong:

1. the JSON Schema next to it (`resources.schema.json`): fields, types, https addresses, dates;
2. the rules a schema cannot say: each number in one of the formats its country's block declares, each
   id starting with its country's `id_prefix`, unique ids, prefixes and services, a check date that is
   not in the future, one emergency entry and one 24/7 safety-box line per country, `{id}` references in
   notes that exist, and no phone numbers hidden in free text.

A country is data: its block under `countries:` (code, name, paper, id prefix, number formats, time zones
and language regions) is all the code knows about it; nothing here names a country but `INTL`, the
"anywhere else" block, which needs no emergency entry.

Nothing here depends on Sphinx: the build (`supportbook.sphinxext.safety`), the tests and
`python -m supportbook resources check` all call `load()`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from supportbook import frontmatter

DATA_DIR = Path(__file__).parent / "data"
DATA_FILE = DATA_DIR / "resources.yml"
SCHEMA_FILE = DATA_DIR / "resources.schema.json"

REFERENCE = re.compile(r"\{([a-z0-9-]+)\}")
# Fields that hold a code, an address or a number in a checked format, not words for a reader.
CODED_FIELDS = frozenset(
    {"id", "country", "also_in", "kind", "number", "keyword", "source", "url", "website", "checked", "address",
     "confidence", "code", "version"}
)  # fmt: skip
# A service's name may be its number ("Shout 85258"), as long as it is one of the entry's own numbers.
NAME_FIELDS = frozenset({"name", "operator"})
# Separators people write inside a number: spaces of every kind, dots, slashes, brackets, every dash.
_NUMBER_SEPARATORS = re.compile(r"[\s.,/\\()\[\]_\-\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d]+")
# Five or more digits, once separators are one space: a phone number or short code.
_PHONE_IN_TEXT = re.compile(r"\d(?: ?\d){4,}")
# In an evidence date, years and year ranges ("2017-2024", "2023/24") are dates, not numbers.
_YEARS = re.compile(r"(?<!\d)(?:19|20)\d\d(?:\s*[-/\u2013\u2014]\s*(?:19|20)?\d\d)?(?!\d)")
_MARKUP = re.compile(r"[<>]|&#?[A-Za-z0-9]+;")


@dataclass(frozen=True)
class NumberFormat:
    pattern: str
    description: str

    def matches(self, number: str) -> bool:
        return re.fullmatch(self.pattern, number) is not None


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the data file."""

    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"entry {self.entry!r}, field {self.field!r}: {self.message}"


class ResourceError(ValueError):
    """The data file cannot be used. The message lists every problem with its entry and field."""

    def __init__(self, path: Path | str, problems: Iterable[Problem]) -> None:
        self.path = str(path)
        self.problems = list(problems)
        count = len(self.problems)
        lines = [
            f"{self.path}: {count} problem{'s' if count != 1 else ''} in the crisis-resources data "
            "(fix the file; nothing was rendered):"
        ]
        lines += [f"  - {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Call:
    number: str
    then: str = ""
    where: str = ""
    note: str = ""
    hours: str = ""
    country: str = ""


@dataclass(frozen=True)
class TextRoute:
    number: str
    keyword: str = ""
    note: str = ""
    hours: str = ""
    country: str = ""


@dataclass(frozen=True)
class Chat:
    url: str
    note: str = ""
    hours: str = ""


@dataclass(frozen=True)
class Email:
    address: str
    note: str = ""


@dataclass(frozen=True)
class Country:
    """One block under `countries:`: everything the code knows about a country comes from here."""

    code: str
    name: str
    id_prefix: str  # every service id of the country starts with it and a hyphen: `uk-samaritans`
    paper: str = ""  # the paper of the country's printed card, a4 or letter; none: no card
    call_formats: tuple[NumberFormat, ...] = ()  # how a number to call may be written; none: no numbers
    text_formats: tuple[NumberFormat, ...] = ()
    time_zones: tuple[str, ...] = ()  # IANA names, `Area/*` for every zone under Area/ (the safety line's guess)
    language_regions: tuple[str, ...] = ()  # region subtags of browser languages (GB in en-GB)

    def formats(self, channel: str) -> tuple[NumberFormat, ...]:
        return self.call_formats if channel == "call" else self.text_formats


def country_from_data(item: dict[str, Any]) -> Country:
    """A `countries:` entry that has passed the schema, as a Country."""

    def formats(name: str) -> tuple[NumberFormat, ...]:
        return tuple(NumberFormat(f["pattern"], f["description"]) for f in item.get(name, []))

    return Country(
        code=item["code"],
        name=item["name"],
        id_prefix=item["id_prefix"],
        paper=item.get("paper", ""),
        call_formats=formats("call_formats"),
        text_formats=formats("text_formats"),
        time_zones=tuple(item.get("time_zones", [])),
        language_regions=tuple(item.get("language_regions", [])),
    )


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    operator: str
    country: str
    kind: str
    hours: str
    open_24_7: bool
    serves: str
    source: str
    checked: dt.date
    checked_how: str
    evidence_date: str
    confidence: str
    cost: str = ""
    also_in: tuple[str, ...] = ()
    region: str = ""
    call: tuple[Call, ...] = ()
    text: tuple[TextRoute, ...] = ()
    chat: Chat | None = None
    email: Email | None = None
    website: str = ""
    ages: str = ""
    groups: tuple[str, ...] = ()
    privacy: str = ""
    languages: tuple[str, ...] = ()
    access: str = ""
    notes: tuple[str, ...] = ()
    uncertain: str = ""
    safety_box: bool = False
    for_adults: bool = False
    for_adults_note: str = ""  # said beside the line wherever the lines for worried adults are listed
    omitted: tuple[str, ...] = ()

    @property
    def is_emergency(self) -> bool:
        return self.kind == "emergency"

    @property
    def is_directory(self) -> bool:
        return self.kind == "directory"

    @property
    def countries(self) -> tuple[str, ...]:
        return (self.country, *self.also_in)

    def channels(self) -> set[str]:
        found = set()
        if self.call:
            found.add("call")
        if self.text:
            found.add("text")
        if self.chat:
            found.add("chat")
        return found


@dataclass(frozen=True)
class Resources:
    """The validated data: countries in book order and services in file order."""

    path: str
    countries: tuple[Country, ...]
    services: tuple[Service, ...]
    _by_id: dict[str, Service] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({service.id: service for service in self.services})

    def get(self, service_id: str) -> Service | None:
        return self._by_id.get(service_id)

    def country_name(self, code: str) -> str:
        return next((c.name for c in self.countries if c.code == code), code)

    def in_country(self, code: str, *, emergency: bool = False) -> list[Service]:
        """Services for a country (including those that also serve it), emergency entries apart."""
        return [s for s in self.services if code in s.countries and s.is_emergency == emergency]

    def adult_lines(self, code: str) -> list[Service]:
        """Lines for adults worried about a young person, or for a parent's own distress, in one country."""
        return [s for s in self.in_country(code) if s.for_adults]

    def emergency(self, code: str) -> Service | None:
        return next((s for s in self.services if s.country == code and s.is_emergency), None)

    def safety_line(self, code: str) -> Service | None:
        return next(
            (s for s in self.services if s.country == code and s.safety_box and not s.is_emergency), None
        )


# ------------------------------------------------------------------------------------------- loading


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a mapping with the same key twice (YAML would keep the last)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, int] = {}
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"the key {key!r} appears twice in one mapping (first on line {seen[key] + 1})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _refuse_anchors(loader: _UniqueKeyLoader) -> None:
    """Anchors and aliases (`&name`, `*name`) make one entry's text depend on another's far away, and
    can expand a small file into a huge one: the file must write every value where it applies."""
    event = loader.peek_event()
    anchor = getattr(event, "anchor", None)
    if anchor is not None:
        kind = "alias" if isinstance(event, yaml.AliasEvent) else "anchor"
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"the YAML {kind} {'*' if kind == 'alias' else '&'}{anchor} is not allowed; write the value out "
            "(a missing checked_how is filled in from checked_how_default)",
            event.start_mark,
        )


_compose_node = yaml.composer.Composer.compose_node


def _compose_without_anchors(self: _UniqueKeyLoader, parent: Any, index: Any) -> Any:
    _refuse_anchors(self)
    return _compose_node(self, parent, index)


_UniqueKeyLoader.compose_node = _compose_without_anchors  # type: ignore[method-assign]


def apply_defaults(data: Any) -> Any:
    """Fill each entry's missing `checked_how` from the file's `checked_how_default`."""
    if not isinstance(data, dict) or not isinstance(data.get("services"), list):
        return data
    default = data.get("checked_how_default")
    if isinstance(default, str):
        for service in data["services"]:
            if isinstance(service, dict) and "checked_how" not in service:
                service["checked_how"] = default
    return data


def load(path: Path | str = DATA_FILE, *, today: dt.date | None = None) -> Resources:
    """Read, validate and return the data file; raise ResourceError listing every problem."""
    path = Path(path)
    try:
        raw_text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ResourceError(path, [Problem("(file)", "(file)", f"cannot be read: {exc.strerror}")]) from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        problem = Problem("(file)", "(encoding)", f"line {line} is not UTF-8 text ({exc.reason}); save it as UTF-8")
        raise ResourceError(path, [problem]) from None
    try:
        data = yaml.load(raw_text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ResourceError(path, [Problem("(file)", "(YAML)", f"{where}{problem}")]) from None
    except ValueError as exc:  # YAML read a date that does not exist (2026-02-30); the error has no line
        raise ResourceError(path, [Problem("(file)", "(YAML)", frontmatter.impossible_date(raw_text, exc))]) from None
    data = apply_defaults(_plain(data))
    problems = list(schema_problems(data))
    if not problems:
        problems = list(rule_problems(data, today or dt.date.today()))
    if problems:
        raise ResourceError(path, problems)
    return _build(path, data)


def _plain(value: Any) -> Any:
    """YAML dates become ISO strings so that the schema sees what the author wrote."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def _entry_name(data: Any, index: int) -> str:
    services = data.get("services") if isinstance(data, dict) else None
    if isinstance(services, list) and index < len(services):
        item = services[index]
        if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"]:
            return item["id"]
    return f"services[{index}] (no id)"


def _dotted(parts: Iterable[Any]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


_PATTERN_HELP = {
    "number": "must be written with digits, spaces or hyphens only, e.g. '116 123' or '1-800-273-8255'",
    "keyword": "must be the keyword in CAPITALS (letters and digits), as the service advertises it",
    "id": "must be lowercase letters, digits and hyphens, starting with its country's id_prefix and a hyphen, "
    "e.g. 'uk-samaritans'",
    "checked": "must be a date written YYYY-MM-DD, e.g. 2026-11-27",
    "address": "must be an email address",
}


def _describe(error: ValidationError) -> tuple[str, str]:
    """(field, what is wrong) for one schema error, in words an editor can act on."""
    path = list(error.absolute_path)
    in_service = len(path) >= 2 and path[0] == "services" and isinstance(path[1], int)
    rest = path[2:] if in_service else path
    field_name = _dotted(rest) or "(entry)"
    last = rest[-1] if rest else None
    validator = error.validator
    if validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return (_dotted([*rest, missing[0]]) if missing else field_name), "is missing"
    if validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed))
        name = _dotted([*rest, extra[0]]) if extra else field_name
        return name, f"is not a known field (allowed: {', '.join(allowed)})"
    if validator == "anyOf" and isinstance(error.instance, dict) and in_service and not rest:
        return "call/text/chat/website", "the entry needs at least one way to reach it"
    if validator == "pattern":
        schema_ref = str(error.schema.get("pattern", ""))
        if schema_ref.startswith("^https://"):
            return field_name, f"{error.instance!r} must be an https:// address"
        if last in _PATTERN_HELP:
            return field_name, f"{error.instance!r} {_PATTERN_HELP[str(last)]}"
        return field_name, "must not be empty"
    if validator == "format":
        return field_name, f"{error.instance!r} {_PATTERN_HELP['checked']}"
    if validator == "enum":
        options = ", ".join(str(option) for option in error.validator_value)
        return field_name, f"{error.instance!r} is not one of: {options}"
    if validator == "type":
        return field_name, f"must be a {error.validator_value} (got {type(error.instance).__name__})"
    if validator == "minLength":
        return field_name, "must not be empty"
    if validator == "minItems":
        return field_name, "must list at least one item (or leave the field out)"
    if validator == "const":
        return field_name, f"must be {error.validator_value!r}"
    return field_name, error.message


def schema_problems(data: Any) -> Iterator[Problem]:
    validator = Draft202012Validator(_schema(), format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    seen: set[tuple[str, str]] = set()
    for error in errors:
        path = list(error.absolute_path)
        if len(path) >= 2 and path[0] == "services" and isinstance(path[1], int):
            entry = _entry_name(data, path[1])
        else:
            entry = "(file)"
        field_name, message = _describe(error)
        if (entry, field_name) not in seen:  # one problem per field (a bad date fails two rules)
            seen.add((entry, field_name))
            yield Problem(entry, field_name, message)


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def _check_number(country: Country, number: str, channel: str) -> str | None:
    formats = country.formats(channel)
    if any(fmt.matches(number) for fmt in formats):
        return None
    if not formats:
        return f"{number!r}: {country.name} entries cannot have a number to {channel}"
    expected = "; ".join(fmt.description for fmt in formats)
    return (
        f"{number!r} is not in a recognised format for a number to {channel} in {country.name} (expected {expected})"
    )


def _primary_contact(service: dict[str, Any]) -> tuple[str, ...]:
    if service.get("call"):
        first = service["call"][0]
        return ("call", _digits(first["number"]), first.get("then", "").lower())
    if service.get("text"):
        first = service["text"][0]
        return ("text", _digits(first["number"]), first.get("keyword", ""))
    url = (service.get("chat") or {}).get("url") or service.get("website", "")
    return ("web", url.rstrip("/").lower())


def _strings(value: Any, parts: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every string in a piece of the data, with its path (`("call", 0, "note")`)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*parts, key))
    elif isinstance(value, list):
        for position, item in enumerate(value):
            yield from _strings(item, (*parts, position))
    elif isinstance(value, str):
        yield parts, value


def phone_like(text: str, *, years_allowed: bool = False) -> list[str]:
    """The digits of each phone-number-like run in free text, however it is written: full-width or other
    digits, separated by dots, slashes, brackets, any dash or space. `{service-id}` references are not."""
    plain = unicodedata.normalize("NFKC", REFERENCE.sub(" ", text))
    if years_allowed:
        plain = _YEARS.sub(" ", plain)
    plain = _NUMBER_SEPARATORS.sub(" ", plain)
    return [_digits(match.group(0)) for match in _PHONE_IN_TEXT.finditer(plain)]


def text_problem(value: str) -> str | None:
    """What makes a string unsafe to print on a page: markup, or a character a reader cannot see."""
    markup = _MARKUP.search(value)
    if markup:
        return (
            f"contains markup ({markup.group(0)!r}); write plain text without < > or HTML entities "
            "(the pages format the text)"
        )
    for char in value:
        if unicodedata.category(char) in ("Cf", "Zl", "Zp", "Co", "Cs") or (
            unicodedata.category(char) == "Cc" and char not in "\n\t"
        ):
            name = unicodedata.name(char, "unnamed")
            return f"contains the invisible character U+{ord(char):04X} ({name}); delete it"
    return None


def _text_problems(data: dict[str, Any]) -> Iterator[Problem]:
    for parts, value in _strings(data):
        message = text_problem(value)
        if message is None:
            continue
        if len(parts) >= 2 and parts[0] == "services" and isinstance(parts[1], int):
            yield Problem(_entry_name(data, parts[1]), _dotted(parts[2:]) or "(entry)", message)
        else:
            yield Problem("(file)", _dotted(parts), message)


def rule_problems(data: dict[str, Any], today: dt.date) -> Iterator[Problem]:
    """Checks after the schema has passed (so every field has the right type)."""
    yield from _text_problems(data)
    country_list = [country_from_data(item) for item in data["countries"]]
    country_problems = list(_country_block_problems(country_list))
    if country_problems:  # the services are checked against the countries: fix these first
        yield from country_problems
        return
    countries = [c.code for c in country_list]
    by_code = {c.code: c for c in country_list}
    services: list[dict[str, Any]] = data["services"]
    ids = [s["id"] for s in services]
    known = set(ids)
    seen_ids: dict[str, int] = {}
    seen_names: dict[tuple[str, str], str] = {}
    seen_contacts: dict[tuple[Any, ...], str] = {}
    for index, service in enumerate(services):
        sid = service["id"]
        if sid in seen_ids:
            yield Problem(sid, "id", f"the same id is used by entry number {seen_ids[sid] + 1}; ids must be unique")
        else:
            seen_ids[sid] = index
        yield from _service_problems(service, by_code, known, today)
        name_key = (service["country"], re.sub(r"\W+", " ", service["name"].lower()).strip())
        if name_key in seen_names and service["kind"] != "emergency":
            yield Problem(sid, "name", f"duplicates the service {seen_names[name_key]!r} in the same country")
        seen_names.setdefault(name_key, sid)
        contact_key = (service["country"], *_primary_contact(service))
        if contact_key in seen_contacts:
            yield Problem(
                sid, "call/text", f"has the same main contact as {seen_contacts[contact_key]!r} in the same country"
            )
        seen_contacts.setdefault(contact_key, sid)
    yield from _country_problems(services, countries)


def _country_block_problems(countries: list[Country]) -> Iterator[Problem]:
    """Each country block on its own: a unique code and id prefix, and number formats that are regular
    expressions."""
    codes: dict[str, int] = {}
    prefixes: dict[str, str] = {}
    claimed: dict[tuple[str, str], str] = {}  # a time zone or language region, and the country it points to
    for index, country in enumerate(countries):
        for field_name, values in (("time_zones", country.time_zones), ("language_regions", country.language_regions)):
            for value in values:
                owner = claimed.setdefault((field_name, value), country.code)
                if owner != country.code:
                    yield Problem(
                        f"({country.code})", field_name, f"{value!r} already points to {owner!r}; a reader's "
                        "time zone or language can point to one country only",
                    )
        if country.code in codes:
            yield Problem("(file)", f"countries[{index}].code", f"{country.code!r} is listed twice")
        codes.setdefault(country.code, index)
        if country.id_prefix in prefixes:
            yield Problem(
                f"({country.code})", "id_prefix", f"{country.id_prefix!r} is already the prefix of "
                f"{prefixes[country.id_prefix]!r}; each country needs its own",
            )
        prefixes.setdefault(country.id_prefix, country.code)
        for channel in ("call", "text"):
            for position, fmt in enumerate(country.formats(channel)):
                try:
                    re.compile(fmt.pattern)
                except re.error as exc:
                    yield Problem(
                        f"({country.code})", f"{channel}_formats[{position}].pattern",
                        f"{fmt.pattern!r} is not a regular expression ({exc}); write it as Python's re module reads it",
                    )


def _service_problems(
    service: dict[str, Any], countries: dict[str, Country], known: set[str], today: dt.date
) -> Iterator[Problem]:
    sid = service["id"]
    country = service["country"]
    prefix = sid.split("-", 1)[0]
    codes = ", ".join(countries)
    owner = next((c.code for c in countries.values() if c.id_prefix == prefix), None)
    if owner != country:
        yield Problem(sid, "id", f"the prefix {prefix!r}- does not match the country {country!r}")
    if country not in countries:
        yield Problem(sid, "country", f"{country!r} is not one of: {codes} (the codes under countries:)")
    for other in service.get("also_in", []):
        if other == country:
            yield Problem(sid, "also_in", f"repeats the entry's own country {other!r}")
        elif other not in countries:
            yield Problem(sid, "also_in", f"{other!r} is not one of: {codes} (the codes under countries:)")
    for channel in ("call", "text"):
        for position, route in enumerate(service.get(channel, [])):
            route_country = route.get("country", country)
            if route_country not in service.get("also_in", []) and route_country != country:
                yield Problem(
                    sid, f"{channel}[{position}].country", f"{route_country!r} is not a country the entry serves"
                )
            if route_country not in countries:
                continue  # said above
            message = _check_number(countries[route_country], route["number"], channel)
            if message:
                yield Problem(sid, f"{channel}[{position}].number", message)
    checked = dt.date.fromisoformat(service["checked"])
    if checked > today:
        yield Problem(
            sid, "checked", f"{service['checked']} is after today ({today.isoformat()}); record the day you checked"
        )
    own_numbers = {_digits(route["number"]) for channel in ("call", "text") for route in service.get(channel, [])}
    for parts, value in _strings(service):
        label = _dotted(parts)
        name = next((part for part in reversed(parts) if isinstance(part, str)), "")
        if name in CODED_FIELDS:
            continue
        found = phone_like(value, years_allowed=name == "evidence_date")
        if name in NAME_FIELDS:
            found = [number for number in found if number not in own_numbers]
        if found:
            yield Problem(
                sid, label, f"contains what looks like a phone number or short code ({found[0]}); put numbers in "
                "'call' or 'text' (or name another service as {service-id})",
            )
        for ref in REFERENCE.findall(value):
            if ref not in known:
                yield Problem(sid, label, f"refers to {{{ref}}}, which is not an id in this file")
    hours = service["hours"].lower()
    says_always = "24/7" in hours or "24 hours a day, 7 days" in hours
    if service["open_24_7"] and service["kind"] != "directory" and not ("24/7" in hours or "24 hours" in hours):
        yield Problem(sid, "hours", "open_24_7 is true but the hours do not say 24 hours / 24/7")
    if not service["open_24_7"] and says_always and "not open 24/7" not in hours:
        yield Problem(sid, "hours", "open_24_7 is false but the hours say the service is always open")
    if service["kind"] == "directory" and service["open_24_7"]:
        yield Problem(sid, "open_24_7", "a directory is not a line that is open; set open_24_7: false")
    if service["kind"] == "emergency" and not service.get("call"):
        yield Problem(sid, "call", "an emergency entry needs the number to call")
    if service["kind"] != "emergency" and not service.get("cost"):
        yield Problem(sid, "cost", "is missing (only an emergency entry may leave out what it costs)")
    if service["confidence"] == "unverified":
        if not service.get("uncertain"):
            yield Problem(sid, "uncertain", "an unverified entry must say what is uncertain")
        if service.get("safety_box"):
            yield Problem(sid, "safety_box", "an unverified entry cannot appear in the safety box")
    if service.get("safety_box") and service["kind"] not in ("emergency", "directory") and not service["open_24_7"]:
        yield Problem(sid, "safety_box", "only a service open 24/7 can appear in the safety box")


def _country_problems(services: list[dict[str, Any]], countries: list[str]) -> Iterator[Problem]:
    for code in countries:
        mine = [s for s in services if s["country"] == code]
        emergency = [s for s in mine if s["kind"] == "emergency"]
        box = [s for s in mine if s.get("safety_box") and s["kind"] != "emergency"]
        if code != "INTL":
            if len(emergency) != 1:
                names = ", ".join(s["id"] for s in emergency) or "none"
                yield Problem(f"({code})", "kind", f"the country needs exactly one emergency entry (found: {names})")
            elif not emergency[0].get("safety_box"):
                yield Problem(emergency[0]["id"], "safety_box", "the emergency entry must be in the safety box")
        if len(box) != 1:
            names = ", ".join(s["id"] for s in box) or "none"
            yield Problem(
                f"({code})", "safety_box", f"exactly one service must have safety_box: true (found: {names})"
            )


def _build(path: Path, data: dict[str, Any]) -> Resources:
    services = []
    for item in data["services"]:
        values = dict(item)
        values["checked"] = dt.date.fromisoformat(values["checked"])
        values["call"] = tuple(Call(**c) for c in item.get("call", []))
        values["text"] = tuple(TextRoute(**t) for t in item.get("text", []))
        values["chat"] = Chat(**item["chat"]) if item.get("chat") else None
        values["email"] = Email(**item["email"]) if item.get("email") else None
        for name in ("also_in", "groups", "languages", "notes", "omitted"):
            values[name] = tuple(item.get(name, []))
        services.append(Service(**values))
    countries = tuple(country_from_data(item) for item in data["countries"])
    return Resources(path=str(path), countries=countries, services=tuple(services))


def stale(resources: Resources, max_age_days: int, today: dt.date | None = None) -> list[tuple[Service, int]]:
    """Entries whose check date is more than max_age_days before today, oldest first."""
    today = today or dt.date.today()
    old = [(s, (today - s.checked).days) for s in resources.services if (today - s.checked).days > max_age_days]
    return sorted(old, key=lambda pair: -pair[1])
