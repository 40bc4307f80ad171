"""The top-level checks the ladder and teaching data files share (supportbook/yamlfile.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from supportbook import ladder, teaching, yamlfile


def test_unknown_keys_are_named_with_the_known_ones_and_the_version_must_be_1() -> None:
    problems = yamlfile.top_level_problems({"version": 2, "title": "x", "colour": "red"}, {"version", "title"})
    assert problems == ["unknown key 'colour'; the keys are title, version", "version: expected 1"]
    assert yamlfile.top_level_problems({"version": 1, "title": "x"}, {"version", "title"}) == []


@pytest.mark.parametrize(
    ("module", "error", "noun"), [(ladder, ladder.LadderError, "field"), (teaching, teaching.TeachingError, "key")]
)
def test_each_data_file_reports_an_unknown_top_level_entry_in_its_own_words(
    tmp_path: Path, module: object, error: type[Exception], noun: str
) -> None:
    data = yaml.safe_load(module.DATA_FILE.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    data["colour"] = "red"
    copy = tmp_path / "data.yml"
    copy.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(error, match=f"unknown {noun} 'colour'; the {noun}s are "):
        module.load(copy)  # type: ignore[attr-defined]
