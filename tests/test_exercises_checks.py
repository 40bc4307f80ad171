"""The exercise checks, on a tiny Sphinx project: a good page passes, each fault gets its named warning."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

from supportbook.sphinxext import exercises

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "book" / "_templates" / "chapter-template.md"
WARNING_TYPE = "[supportbook.exercises]"

CONF = """\
extensions = ["myst_parser", "supportbook"]
myst_enable_extensions = ["colon_fence"]
root_doc = "chapter"
show_warning_types = True
suppress_warnings = ["toc.not_included"]
"""

NOTES = """\
- Tell the group ahead of time what the topic is. Anyone may opt out.
- Agree ground rules at the start. No personal stories or disclosures in the group.
- Signpost support at the start and the end.
- If someone discloses, talk one to one afterwards. Never promise secrecy. Tell the designated
  safeguarding lead the same day.
"""


def _exercise(title: str, kind: str, extra: str = "") -> str:
    return f"""
::::{{exercise}} {title}
:kind: {kind}
:audience: Any reader
:time: 15 minutes

:::{{purpose}}
Why it matters.
:::
{extra}
:::{{prompts}}
1. A first prompt.
2. A second prompt.
:::

:::{{notice}}
There is no answer key.
:::
::::
"""


def good_page(chapter_title: str) -> str:
    notes = f"\n:::{{facilitator-notes}}\n{NOTES}:::\n"
    return (
        "---\nsupportbook:\n  kind: exercises\n  id: demo\n---\n\n"
        f"(ex-demo)=\n# Reflection exercises: {chapter_title}\n\n"
        "```{safety-box}\n```\n\nA short introduction.\n"
        + _exercise("On my own", "self")
        + _exercise("At home", "family")
        + _exercise("In a group", "group", notes)
        + _exercise("A plan", "apply")
    )


def _chapter() -> tuple[str, str]:
    """The chapter template as a chapter with id 'demo', and its title."""
    text = TEMPLATE.read_text(encoding="utf-8").replace("example", "demo")
    match = re.search(r"^# (.+)$", text, re.M)
    assert match, "the chapter template has no '# Title' line"
    return text, match.group(1).strip()


def build(tmp_path: Path, page: str) -> list[str]:
    """Build the project and return the exercise warnings (type supportbook, subtype exercises)."""
    src = tmp_path / "src"
    src.mkdir()
    chapter, _ = _chapter()
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "chapter.md").write_text(chapter, encoding="utf-8")
    (src / "ex-demo.md").write_text(page, encoding="utf-8")
    warnings = tmp_path / "warnings.txt"
    doctrees = tmp_path / "doctrees"
    args = ["-b", "html", "-q", "-E", "-w", str(warnings), "-d", str(doctrees), str(src), str(tmp_path / "out")]
    status = build_main(args)
    assert status == 0, warnings.read_text(encoding="utf-8")
    return [line for line in warnings.read_text(encoding="utf-8").splitlines() if WARNING_TYPE in line]


@pytest.fixture(scope="module")
def chapter_title() -> str:
    return _chapter()[1]


def test_good_page_has_no_warnings(tmp_path: Path, chapter_title: str) -> None:
    assert build(tmp_path, good_page(chapter_title)) == []


def _swap(text: str, old: str, new: str) -> str:
    assert old in text, f"test fixture changed: {old!r} not found"
    return text.replace(old, new, 1)


FAULTS: dict[str, tuple[tuple[str, str], str]] = {
    "no group exercise": ((":kind: group", ":kind: self"), "missing ':kind: group'"),
    "unknown kind": ((":kind: apply", ":kind: homework"), "':kind:' must be one of"),
    "no time": ((":time: 15 minutes\n", ""), "missing ':time:'"),
    "time not in minutes": ((":time: 15 minutes", ":time: a while"), "':time:' must read like"),
    "no audience": ((":audience: Any reader\n", ""), "missing ':audience:'"),
    "no purpose": ((":::{purpose}\nWhy it matters.\n:::\n", ""), "missing its '{purpose}' part"),
    "no notice": ((":::{notice}\nThere is no answer key.\n:::\n", ""), "missing its '{notice}' part"),
    "prompts not numbered": (("1. A first prompt.\n2. A second prompt.", "- A first prompt."), "numbered list"),
    "no facilitator notes": ((":::{facilitator-notes}", ":::{notice}"), "needs '{facilitator-notes}'"),
    "notes promise secrecy": (("Never promise secrecy. ", ""), "never promising secrecy"),
    "notes without opt out": (("Anyone may opt out.", "Everyone takes part."), "the right to opt out"),
    "safety box not first": (
        ("```{safety-box}\n```\n\nA short introduction.", "A short introduction.\n\n```{safety-box}\n```"),
        "'{safety-box}'",
    ),
    "no page label": (("(ex-demo)=\n", ""), "missing the label '(ex-demo)='"),
    "wrong title": (("# Reflection exercises: ", "# Reflection exercises: About "), "the title should be"),
    "part outside an exercise": (
        ("A short introduction.\n", "A short introduction.\n\n:::{notice}\nStray.\n:::\n"),
        "must be inside an '{exercise}'",
    ),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_fault_gives_named_warning(tmp_path: Path, chapter_title: str, fault: str) -> None:
    (old, new), expected = FAULTS[fault]
    found = build(tmp_path, _swap(good_page(chapter_title), old, new))
    assert any(expected in line for line in found), f"no warning containing {expected!r}; got {found}"
    assert all("ex-demo.md" in line for line in found), found


def test_too_few_exercises(tmp_path: Path, chapter_title: str) -> None:
    page = good_page(chapter_title)
    page = page[: page.rindex("\n::::{exercise}")] + "\n"
    found = build(tmp_path, page)
    assert any("needs at least 4 exercises (found 3)" in line for line in found), found
    assert any("missing ':kind: apply'" in line for line in found), found


def test_warning_names_the_exercise_line(tmp_path: Path, chapter_title: str) -> None:
    page = _swap(good_page(chapter_title), ":::{notice}\nThere is no answer key.\n:::\n", "")
    line = page[: page.index("::::{exercise} On my own")].count("\n") + 1
    found = build(tmp_path, page)
    assert any(f"ex-demo.md:{line}:" in item and "'On my own'" in item for item in found), found


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("15 minutes", 15), ("1 minute", 1), ("10-15 minutes", 15), ("20–30 minutes", 30), ("about 15", None), ("", None)],
)
def test_parse_minutes(text: str, minutes: int | None) -> None:
    assert exercises.parse_minutes(text) == minutes


def test_facilitator_points() -> None:
    assert exercises.missing_facilitator_points(NOTES) == []
    assert set(exercises.missing_facilitator_points("Agree ground rules.")) == set(exercises.FACILITATOR_POINTS) - {
        "ground rules"
    }
