"""Rules are data: the pattern language, validation, and adding a rule without touching code."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from supportbook.cli import main
from supportbook.lint import lint_text, load_rules
from supportbook.lint.rules import RulesError, inflections, parse_rules


def rule(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {"id": "TEST-RULE", "family": "test", "message": "m", "suggestion": "s", "source": "src"}
    base.update(fields)
    return base


def test_inflections() -> None:
    assert {"commit", "commits", "committed", "committing"} <= set(inflections("commit", {}))
    assert {"hide", "hides", "hiding", "hid", "hidden"} <= set(inflections("hide", {"hide": ["hid", "hidden"]}))
    assert {"worry", "worries", "worried", "worrying"} <= set(inflections("worry", {}))
    assert {"punish", "punishes", "punished", "punishing"} <= set(inflections("punish", {}))


def test_pattern_language() -> None:
    rules = parse_rules(
        {
            "lists": {"who": "them|him|her"},
            "rules": [rule(patterns=["hurt~ (?:@who)sel(?:f|ves)", "^keep~ it secret"])],
        }
    )
    regex = rules.rules[0].regex
    assert regex.search("They hurt\nthemselves.")
    assert regex.search("KEEP IT SECRET".lower())
    assert regex.search("Please keep it secret") is None  # `^`: only where an instruction starts
    assert regex.search("unhurt them") is None


def test_words_and_hyphens() -> None:
    rules = parse_rules({"rules": [rule(words=["self-harmer"])]})
    regex = rules.rules[0].regex
    for text in ("self-harmer", "self harmer", "self-harmers", "self-\nharmer"):
        assert regex.search(text), text


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        (rule(message=""), "missing message"),
        (rule(patterns=["("]), "does not compile"),
        (rule(patterns=["@nope"]), "unknown list"),
        (rule(), "needs 'patterns' or 'words'"),
        (rule(patterns=["x"], colour="red"), "unknown key"),
        (rule(id="lowercase", patterns=["x"]), "an id is capitals"),
        (rule(patterns=["x"], near_scope="page"), "near_scope"),
    ],
)
def test_bad_rules_are_explained(spec: dict[str, object], problem: str) -> None:
    with pytest.raises(RulesError, match=re.escape(problem)):
        parse_rules({"rules": [spec]})


def test_the_book_rules_cover_every_family_with_sources() -> None:
    rules = load_rules()
    assert {"language", "outcome", "sensational", "detail", "advice", "framing", "tone", "note"} <= rules.families
    ids = [r.id for r in rules.rules]
    assert len(ids) == len(set(ids))
    assert all(r.source and r.suggestion and r.message for r in rules.rules)


def test_an_editor_adds_a_rule_without_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book_rules = Path(__file__).resolve().parents[1] / "supportbook" / "lint" / "rules.yml"
    data = yaml.safe_load(book_rules.read_text(encoding="utf-8"))
    data["rules"].append(
        rule(id="LANG-VICTIM", family="language", patterns=["suicide victim~"], message="'{match}' frames a victim",
             suggestion="say 'a person who died by suicide'", source="house style")
    )  # fmt: skip
    custom = tmp_path / "rules.yml"
    custom.write_text(yaml.safe_dump(data), encoding="utf-8")
    shutil.copy(book_rules.with_name("scorer.json"), tmp_path / "scorer.json")  # the weights it names
    page = tmp_path / "page.md"
    page.write_text("The suicide victims were young.\n", encoding="utf-8")
    assert main(["lint", "--rules", str(custom), str(page)]) == 1
    assert "LANG-VICTIM 'suicide victims' frames a victim" in capsys.readouterr().out
    # not a rule of the book (yet)
    assert "LANG-VICTIM" not in {f.rule_id for f in lint_text("The suicide victims were young.\n")}


def test_rule_texts_are_complete() -> None:
    """A '#' in an unquoted YAML value starts a comment and silently cuts the text."""
    for r in load_rules().rules:
        for text in (r.message, r.suggestion, r.source):
            assert text and not text.rstrip().endswith((";", ",", ":", "(")), (r.id, text)
