"""The crisis-resources data: what it holds, what it leaves out, and how bad data is reported."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from supportbook import contact, resources
from supportbook.cli import main as cli_main

EXPECTED_IDS = {
    "us-988", "us-veterans", "us-trevor", "us-trans-lifeline", "us-crisis-text-line", "us-teen-line",
    "ca-988", "ca-kids-help-phone", "ca-hope-for-wellness",
    "uk-samaritans", "uk-shout", "uk-childline", "uk-papyrus", "uk-nhs-111",
    "ie-samaritans", "ie-pieta", "ie-childline", "ie-50808",
    "au-lifeline", "au-kids-helpline", "au-beyond-blue", "au-suicide-call-back",
    "nz-1737", "nz-youthline", "nz-lifeline",
    "intl-findahelpline", "intl-befrienders",
    "us-emergency", "ca-emergency", "uk-emergency", "ie-emergency", "au-emergency", "nz-emergency",
    "us-nami-helpline", "uk-nspcc-helpline", "uk-ni-lifeline",
}  # fmt: skip
FIRST_CHECK = dt.date(2026, 11, 27)  # the first edition's check of every entry
TODAY = dt.date(2026, 12, 4)  # lines for worried adults added and checked


@pytest.fixture(scope="module")
def data() -> resources.Resources:
    return resources.load(today=TODAY)


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    return yaml.safe_load(resources.DATA_FILE.read_text(encoding="utf-8"))


def _service(raw_data: dict[str, Any], service_id: str) -> dict[str, Any]:
    return next(s for s in raw_data["services"] if s["id"] == service_id)


# ------------------------------------------------------------------------------------------ the data


def test_schema_is_a_valid_json_schema() -> None:
    Draft202012Validator.check_schema(json.loads(resources.SCHEMA_FILE.read_text(encoding="utf-8")))


def test_the_file_loads_and_has_exactly_the_agreed_ids(data: resources.Resources) -> None:
    assert {s.id for s in data.services} == EXPECTED_IDS


def test_every_entry_has_a_source_a_check_date_and_how_it_was_checked(data: resources.Resources) -> None:
    for service in data.services:
        assert service.source.startswith("https://"), service.id
        assert service.checked in (FIRST_CHECK, TODAY), service.id
        assert "without live web access" in service.checked_how, service.id
        assert service.evidence_date.strip(), service.id
        assert service.confidence in ("verified", "likely"), service.id
        for url in (service.website, service.chat.url if service.chat else ""):
            assert not url or url.startswith("https://"), service.id


def test_every_country_has_its_emergency_number_and_one_24_7_line(data: resources.Resources) -> None:
    expected = {"US": ["911"], "CA": ["911"], "UK": ["999", "112"], "IE": ["112", "999"], "AU": ["000"], "NZ": ["111"]}
    for code, numbers in expected.items():
        emergency = data.emergency(code)
        assert emergency is not None and emergency.safety_box, code
        assert [c.number for c in emergency.call if not c.note] == numbers, code
        line = data.safety_line(code)
        assert line is not None and line.open_24_7, code
    assert data.safety_line("INTL").id == "intl-findahelpline"
    assert data.get("intl-befrienders").website == "https://www.befrienders.org"


def contact_summary(service: resources.Service | None) -> str:
    assert service is not None
    return contact.plain(contact.summary(service))


def test_main_contacts_read_naturally(data: resources.Resources) -> None:
    assert contact_summary(data.get("us-988")) == "call or text 988"
    assert contact_summary(data.get("us-veterans")) == "call 988, then press 1, or text 838255"
    assert contact_summary(data.get("us-crisis-text-line")) == "text HOME to 741741"
    assert contact_summary(data.get("uk-samaritans")) == "call 116 123"
    assert contact_summary(data.get("ca-kids-help-phone")) == "call 1-800-668-6868 or text CONNECT to 686868"
    assert contact_summary(data.get("intl-findahelpline")) == "findahelpline.com"


# ------------------------------------------------------------------------------ facts that must be right


def test_988_never_offers_the_ended_lgbtq_option(raw: dict[str, Any]) -> None:
    text = yaml.safe_dump(_service(raw, "us-988"))
    assert not re.search(r"press\s*3", text, re.I)
    assert "PRIDE" not in text
    assert "press 1" in text and "press 2" in text
    whole = resources.DATA_FILE.read_text(encoding="utf-8")
    assert not re.search(r"press\s*3", whole, re.I)
    assert not re.search(r"\bPRIDE\b", whole)


def test_trans_lifeline_is_not_24_7(data: resources.Resources) -> None:
    service = data.get("us-trans-lifeline")
    assert service.open_24_7 is False
    assert "Not open 24/7" in service.hours
    assert "24 hours" not in service.hours
    assert "CA" in service.also_in


def test_741741_is_only_the_us_crisis_text_line(data: resources.Resources) -> None:
    holders = {s.id for s in data.services for t in s.text if t.number == "741741"}
    assert holders == {"us-crisis-text-line"}
    assert [t.number for t in data.get("ca-kids-help-phone").text] == ["686868"]
    assert [t.number for t in data.get("uk-shout").text] == ["85258"]
    assert [t.number for t in data.get("ie-50808").text] == ["50808"]
    raw_text = resources.DATA_FILE.read_text(encoding="utf-8")
    assert raw_text.count("741741") == 2  # the two keywords of the US Crisis Text Line


def test_canada_988_dates_from_30_november_2023(data: resources.Resources) -> None:
    service = data.get("ca-988")
    assert any("30 November 2023" in note for note in service.notes)
    assert "30 Nov 2023" in service.evidence_date or "30 November 2023" in service.evidence_date


def test_new_zealand_emergency_is_111_and_nhs_111_is_englands(data: resources.Resources) -> None:
    nz = data.emergency("NZ")
    assert [c.number for c in nz.call] == ["111"]
    assert any("111 is the emergency number" in note for note in nz.notes)
    nhs = data.get("uk-nhs-111")
    assert nhs.region == "England"
    assert "England" in nhs.name and "England" in nhs.serves
    assert not nhs.is_emergency
    assert data.emergency("UK").call[0].number == "999"


# --------------------------------------------------------------------------------- what is left out


@pytest.mark.parametrize(
    "absent",
    [
        "Self Injury Support", "0808 800 8088",  # unverified entry
        "Mind Infoline", "0300 123 3393", "0300 102 1234", "86463",  # unverified entry
        "YoungMinds", "0808 802 5544",  # unverified entry
        "iasp.info",  # unverified entry
        "88247", "07860 039967", "07786 209697",  # PAPYRUS text number in conflict
        "51444",  # Pieta text keyword: 2019 coverage, "confirm on pieta.ie"
        "839863",  # Teen Line short code: third-party code lists only
        "443-SUPPORT", "AYUDAME",  # Crisis Text Line WhatsApp: secondary source only
        "teenlineonline", "text50808.ie", "1737.org.nz",  # web addresses the reference did not confirm
        "1-833-456-4566", "1-866-585-0445",  # closed or replaced services
        "0508 828 865",  # mentioned only in a note of another entry
    ],
)  # fmt: skip
def test_unconfirmed_details_are_left_out(absent: str, raw: dict[str, Any]) -> None:
    data_without_comments = yaml.safe_dump(raw, allow_unicode=True).lower()
    assert absent.lower() not in data_without_comments


def test_samaritans_ireland_has_no_text_number(data: resources.Resources) -> None:
    assert data.get("ie-samaritans").text == ()
    assert data.get("uk-papyrus").text == ()
    assert data.get("ie-pieta").text == ()


# -------------------------------------------------------------------------------------- bad data


@pytest.fixture
def write_bad(tmp_path: Path, raw: dict[str, Any]) -> Callable[[Callable[[dict[str, Any]], None]], Path]:
    def write(change: Callable[[dict[str, Any]], None]) -> Path:
        data = copy.deepcopy(raw)
        change(data)
        path = tmp_path / "resources.yml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return path

    return write


_DELETE = object()


def _set(service_id: str, field: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A change to one field of one entry: `call[0].number`, `chat.url`, `notes[0]`."""
    parts: list[Any] = [int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", field)]

    def change(data: dict[str, Any]) -> None:
        target: Any = _service(data, service_id)
        for part in parts[:-1]:
            target = target[part]
        if value is _DELETE:
            del target[parts[-1]]
        else:
            target[parts[-1]] = value

    return change


# (entry, field to change, bad value, what the message must say). The message names the same entry and
# field, except where NAMED_INSTEAD says which entry and field the problem belongs to.
BAD_CASES = [
    ("us-988", "call[0].number", "98", "for a number to call in United States"),
    ("ca-kids-help-phone", "text[0].number", "6868", "for a number to text in Canada"),
    ("uk-samaritans", "call[0].number", "116123", "for a number to call in United Kingdom"),
    ("uk-shout", "text[0].number", "852580", "for a number to text in United Kingdom"),
    ("ie-pieta", "call[0].number", "1800 247 24", "for a number to call in Ireland"),
    ("au-lifeline", "call[0].number", "13 1114", "for a number to call in Australia"),
    ("au-lifeline", "text[0].number", "477 13 11 14", "for a number to text in Australia"),
    ("nz-youthline", "call[0].number", "0800 376 63", "for a number to call in New Zealand"),
    ("nz-youthline", "text[0].number", "23", "for a number to text in New Zealand"),
    ("us-988", "call[0].number", "9 8 8!", "digits, spaces or hyphens"),
    ("us-crisis-text-line", "text[0].keyword", "home", "CAPITALS"),
    ("uk-shout", "source", "http://giveusashout.org/about-us/faq", "must be an https:// address"),
    ("uk-childline", "chat.url", "www.childline.org.uk", "must be an https:// address"),
    ("au-beyond-blue", "checked", "27/11/2026", "YYYY-MM-DD"),
    ("au-beyond-blue", "checked", _DELETE, "is missing"),
    ("nz-1737", "source", _DELETE, "is missing"),
    ("nz-1737", "kind", "hotline", "is not one of"),
    ("nz-1737", "country", "FR", "is not one of"),
    ("nz-1737", "confidence", "probably", "is not one of"),
    ("us-trans-lifeline", "hours", "24/7", "open_24_7 is false but the hours say"),
    ("us-988", "serves", "Anyone. Or call 1-800-273-8255.", "looks like a phone number"),
    ("us-teen-line", "notes[0]", "At other times: {us-nine}.", "refers to {us-nine}"),
    ("ie-50808", "country", "UK", "does not match the country 'UK'"),
    ("us-teen-line", "safety_box", True, "exactly one service must have safety_box"),
    ("uk-nhs-111", "phone", "111", "is not a known field"),
    ("uk-shout", "cost", _DELETE, "is missing (only an emergency entry may leave out what it costs)"),
]
NAMED_INSTEAD = {("ie-50808", "country"): ("ie-50808", "id"), ("us-teen-line", "safety_box"): ("(US)", "safety_box")}


@pytest.mark.parametrize(("entry", "field", "value", "fragment"), BAD_CASES)
def test_bad_data_names_file_entry_field_and_problem(
    write_bad: Callable[..., Path], entry: str, field: str, value: Any, fragment: str
) -> None:
    path = write_bad(_set(entry, field, value))
    with pytest.raises(resources.ResourceError) as caught:
        resources.load(path, today=TODAY)
    message = str(caught.value)
    assert message.startswith(str(path)), message
    assert "nothing was rendered" in message
    problem = next((line for line in message.splitlines() if fragment in line), "")
    assert problem, message
    named_entry, named_field = NAMED_INSTEAD.get((entry, field), (entry, field))
    assert f"entry {named_entry!r}, field {named_field!r}: " in problem, message


def test_a_check_date_in_the_future_is_refused(write_bad: Callable[..., Path]) -> None:
    path = write_bad(_set("us-988", "checked", "2027-01-01"))
    with pytest.raises(resources.ResourceError, match=r"entry 'us-988', field 'checked': 2027-01-01 is after today"):
        resources.load(path, today=TODAY)


def test_duplicate_ids_and_duplicate_services_are_refused(write_bad: Callable[..., Path]) -> None:
    def duplicate(data: dict[str, Any]) -> None:
        _service(data, "au-beyond-blue")["id"] = "au-lifeline"
        twin = copy.deepcopy(_service(data, "uk-samaritans"))
        twin["id"] = "uk-samaritans-again"
        twin["safety_box"] = False
        data["services"].append(twin)

    path = write_bad(duplicate)
    with pytest.raises(resources.ResourceError) as caught:
        resources.load(path, today=TODAY)
    message = str(caught.value)
    assert "entry 'au-lifeline', field 'id': the same id is used by entry number" in message
    assert "entry 'uk-samaritans-again', field 'name': duplicates the service 'uk-samaritans'" in message
    assert "same main contact as 'uk-samaritans'" in message
    assert re.search(r"\d+ problems in the crisis-resources data", message)


def test_an_entry_without_any_way_to_reach_it_is_refused(write_bad: Callable[..., Path]) -> None:
    def strip(data: dict[str, Any]) -> None:
        service = _service(data, "uk-shout")
        del service["text"]
        del service["website"]

    path = write_bad(strip)
    with pytest.raises(resources.ResourceError, match=r"entry 'uk-shout', field 'call/text/chat/website'"):
        resources.load(path, today=TODAY)


def test_unverified_entries_must_say_what_is_uncertain(write_bad: Callable[..., Path]) -> None:
    path = write_bad(_set("uk-papyrus", "confidence", "unverified"))
    with pytest.raises(resources.ResourceError, match=r"entry 'uk-papyrus', field 'uncertain'"):
        resources.load(path, today=TODAY)


def test_yaml_errors_and_repeated_keys_give_the_line(tmp_path: Path) -> None:
    text = resources.DATA_FILE.read_text(encoding="utf-8")
    broken = tmp_path / "broken.yml"
    broken.write_text(text.replace("  - id: uk-shout\n", "  - id: uk-shout\n   name: [oops\n", 1), encoding="utf-8")
    with pytest.raises(resources.ResourceError, match=r"broken\.yml.*\n.*field '\(YAML\)': line \d+"):
        resources.load(broken, today=TODAY)
    twice = tmp_path / "twice.yml"
    twice.write_text(text.replace("    name: Shout 85258\n", "    name: Shout 85258\n    name: Shout\n", 1), "utf-8")
    with pytest.raises(resources.ResourceError, match=r"the key 'name' appears twice"):
        resources.load(twice, today=TODAY)


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(resources.ResourceError, match=r"(?s)nothere\.yml.*cannot be read"):
        resources.load(tmp_path / "nothere.yml")


# ----------------------------------------------------------------------------------- command line


def test_cli_check_passes_on_recent_data(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["resources", "check", "--today", "2026-12-04"]) == 0
    assert "all 36 entries were checked within 365 days" in capsys.readouterr().out


def test_cli_check_lists_stale_entries_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["resources", "check", "--today", "2027-12-01"]) == 1
    out = capsys.readouterr().out
    stale = sum(1 for service in resources.load().services if service.checked == FIRST_CHECK)
    assert stale >= 30  # the entries not re-checked since the first edition
    assert f"{stale} of 36 entries were last checked more than 365 days ago" in out
    assert re.search(r"us-988\s+checked 2026-11-27 \(369 days ago\)", out)
    assert cli_main(["resources", "check", "--max-age", "400", "--today", "2027-12-01"]) == 0


def test_cli_check_uses_max_age(write_bad: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    path = write_bad(_set("nz-lifeline", "checked", "2026-01-01"))
    assert cli_main(["resources", "check", "--data", str(path), "--today", "2026-12-04"]) == 0
    assert cli_main(["resources", "check", "--data", str(path), "--max-age", "30", "--today", "2026-12-04"]) == 1
    out = capsys.readouterr().out
    assert "nz-lifeline" in out and "1 of 36 entries" in out and "us-988" not in out.split("ago.")[-1]


def test_cli_check_reports_invalid_data(write_bad: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    path = write_bad(_set("au-lifeline", "call[0].number", "13 1114"))
    assert cli_main(["resources", "check", "--data", str(path)]) == 2
    err = capsys.readouterr().err
    assert "entry 'au-lifeline', field 'call[0].number'" in err


def test_cli_rejects_a_bad_max_age(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["resources", "check", "--max-age", "soon"]) == 2
    assert "not a whole number of days" in capsys.readouterr().err
