"""Matching and suppressions: precision on ordinary language, one rule on one line, unused markers."""

from __future__ import annotations

import pytest

from supportbook.lint import lint_text, load_rules
from supportbook.lint.engine import lint_document

# The and brief's examples of ordinary or correct language that must never be flagged.
MUST_PASS = [
    "We are committed to supporting every young person who self-harms.",
    "Cut back on screen time before bed.",
    "Call the crisis line if you are worried.",
    "Pay attention to changes in mood and sleep.",
    "Store medicines safely, out of reach.",
    "Asking about suicide does not put the idea in someone's head.",
    "Promising to keep it secret is not safe.",
    "Never promise to keep a secret.",
    "Do not punish a young person for self-harming.",
    "Safety plans work better than no-harm contracts.",
]


@pytest.mark.parametrize("sentence", MUST_PASS)
def test_ordinary_language_passes(sentence: str) -> None:
    assert lint_text(sentence + "\n") == []


def test_findings_carry_message_suggestion_and_source() -> None:
    (finding,) = lint_text("Her uncle committed suicide.\n", path="page.md")
    assert (finding.path, finding.line, finding.col, finding.rule_id) == ("page.md", 1, 11, "LANG-COMMITTED")
    assert "committed suicide" in finding.message
    assert "died by suicide" in finding.suggestion
    assert finding.source
    assert finding.format() == (
        f"page.md:1:11: LANG-COMMITTED {finding.message} — {finding.suggestion} ({finding.source})"
    )


def test_inflections_are_matched() -> None:
    for verb in ("commit", "commits", "committed", "committing"):
        assert [f.rule_id for f in lint_text(f"People {verb} suicide.\n")] == ["LANG-COMMITTED"], verb


def test_a_suppression_excuses_one_rule_on_its_line_and_is_reported() -> None:
    text = (
        'Avoid "committed suicide". <!-- lint-ignore LANG-COMMITTED: the language guide quotes the phrase -->\n'
        'Also avoid "committed suicide" here.\n'
    )
    result = lint_document(text, "guide.md", load_rules())
    assert [(f.rule_id, f.line) for f in result.findings] == [("LANG-COMMITTED", 2)]
    (used,) = result.suppressions
    assert (used.line, used.rule_id, used.reason) == (1, "LANG-COMMITTED", "the language guide quotes the phrase")


def test_a_suppression_excuses_only_the_named_rule() -> None:
    text = "Cutters committed suicide. <!-- lint-ignore LANG-COMMITTED: quoted in the guide -->\n"
    result = lint_document(text, "guide.md", load_rules())
    assert [f.rule_id for f in result.findings] == ["LANG-LABEL"]


def test_an_unused_marker_is_an_error() -> None:
    text = "A calm sentence. <!-- lint-ignore LANG-COMMITTED: left over from an old draft -->\n"
    (finding,) = lint_text(text)
    assert (finding.rule_id, finding.line, finding.col) == ("LINT-UNUSED", 1, 18)


def test_a_marker_needs_a_reason_and_a_known_rule() -> None:
    found = lint_text("He committed suicide. <!-- lint-ignore LANG-COMMITTED -->\n")
    assert sorted(f.rule_id for f in found) == ["LANG-COMMITTED", "LINT-MARKER"]
    found = lint_text("He committed suicide. <!-- lint-ignore LANG-COMMITTED:   -->\n")
    assert sorted(f.rule_id for f in found) == ["LANG-COMMITTED", "LINT-MARKER"]
    found = lint_text("A calm sentence. <!-- lint-ignore NO-SUCH-RULE: because -->\n")
    assert [f.rule_id for f in found] == ["LINT-MARKER"]
    found = lint_text("A calm sentence. <!-- lint-ignore -->\n")
    assert [f.rule_id for f in found] == ["LINT-MARKER"]


def test_a_marker_in_code_is_not_a_marker() -> None:
    text = "```md\nAvoid this. <!-- lint-ignore LANG-COMMITTED: example -->\n```\n"
    assert lint_text(text) == []


def test_a_marker_on_another_line_does_not_suppress() -> None:
    text = "<!-- lint-ignore LANG-COMMITTED: wrong line -->\nHe committed suicide.\n"
    assert sorted(f.rule_id for f in lint_text(text)) == ["LANG-COMMITTED", "LINT-UNUSED"]


def test_a_match_across_lines_can_be_suppressed_on_either_line() -> None:
    text = "He had committed <!-- lint-ignore LANG-COMMITTED: quoted -->\nsuicide, the report said.\n"
    assert lint_text(text) == []


def test_context_rules_need_their_context() -> None:
    assert lint_text("Her arms were tired after the long swim.\n") == []
    assert [f.rule_id for f in lint_text("She had cuts on her arms from self-harm.\n")] == ["DETAIL-BODY"]


def test_correction_in_another_clause_does_not_excuse() -> None:
    assert [f.rule_id for f in lint_text("Don't worry, it's only a phase.\n")] == ["LANG-PHASE"]
    assert lint_text("Don't dismiss it as only a phase.\n") == []


def test_table_column_headers_are_context_like_headings() -> None:
    table = "| Avoid | Instead |\n|---|---|\n| Asking them to promise to stop | Ask what would help |\n"
    assert lint_text(table) == []
    table = "| Say | Why |\n|---|---|\n| Ask them to promise to stop | It feels firm |\n"
    assert [f.rule_id for f in lint_text(table)] == ["ADVICE-STOP"]


def test_a_what_to_avoid_section_excuses_advice_rules_but_not_words() -> None:
    text = "## What to avoid\n\nPromise them you won't tell anyone.\n\nCutters hide it.\n"
    assert [f.rule_id for f in lint_text(text)] == ["LANG-LABEL"]


# ------------------------------------------------------------------ disguised wording (issue 15, item 6)
# Each disguise of "committed suicide" in "Her uncle committed suicide." (the phrase starts at column 11).
DISGUISES = {
    "decimal entity": "Her uncle &#99;ommitted suicide.",
    "hex entity": "Her uncle committe&#x64; suicide.",
    "named entities": "Her uncle commit&shy;ted sui&shy;cide.",
    "soft hyphens": "Her uncle commit\u00adted sui\u00adcide.",
    "zero-width space": "Her uncle com\u200bmitted sui\u200bcide.",
    "zero-width joiner and word joiner": "Her uncle comm\u200ditted sui\u2060cide.",
    "Cyrillic o and c": "Her uncle \u0441\u043emmitted suicide.",
    "Cyrillic e, i": "Her uncle committ\u0435d su\u0456cide.",
    "Greek omicron and iota": "Her uncle c\u03bfmmitted su\u03b9cide.",
    "full-width letters": "Her uncle \uff43\uff4f\uff4d\uff4d\uff49\uff54\uff54\uff45\uff44 suicide.",
    "accented letters": "Her uncle c\u00f3mmitted su\u00efcide.",
    "combining accents": "Her uncle co\u0301mmitted sui\u0308cide.",
    "upper case Cyrillic": "Her uncle \u0421OMMITTED SUICIDE.",
}


@pytest.mark.parametrize("text", DISGUISES.values(), ids=DISGUISES.keys())
def test_disguised_wording_is_found_at_its_place_in_the_file(text: str) -> None:
    page = "Intro: a calm line \u2014 caf\u00e9.\n\n" + text + "\n"
    findings = [f for f in lint_text(page) if f.rule_id == "LANG-COMMITTED"]
    assert len(findings) == 1, (text, findings)
    (finding,) = findings
    assert (finding.line, finding.col) == (3, 11), finding
    assert finding.end_line == 3
    assert text[finding.end_col - 1] == ".", f"the finding must end where the phrase ends: {finding.end_col}"
    assert finding.text.lower() == "committed suicide"


def test_invisible_characters_before_a_finding_do_not_shift_its_column() -> None:
    text = "\u200b\u200b\u00ad&shy;Her uncle committed suicide.\n"
    (finding,) = lint_text(text)
    assert text[finding.col - 1 :].startswith("committed"), finding


def test_a_long_line_of_disguises_keeps_later_positions_right() -> None:
    prefix = "&amp; \u0441\u00e9 \u200b" * 200  # many rewritten and dropped characters first
    text = prefix + "Her uncle committed suicide.\n"
    (finding,) = [f for f in lint_text(text) if f.rule_id == "LANG-COMMITTED"]
    assert text[finding.col - 1 : finding.end_col - 1] == "committed suicide"


def test_ordinary_non_english_letters_and_entities_are_not_findings() -> None:
    assert lint_text("We met at the caf\u00e9 &amp; talked about na\u00efve ideas \u2014 calmly.\n") == []
