"""Load and validate the triage ladder (`supportbook/data/ladder.yml`): how urgent a worry is, and what to do.

The ladder is safety-critical text, so it is written once and rendered everywhere (the `{triage-ladder}`
directive, the country cards). Every problem is reported at once, naming the file, the step and the field.
Nothing here depends on Sphinx.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from supportbook import yamlfile

DATA_FILE = Path(__file__).parent / "data" / "ladder.yml"
# `[[label|text]]`: a cross-reference to a label in the book.
LINK = re.compile(r"\[\[([a-z0-9-]+)\|([^\]|]+)\]\]")
_STEP_KEYS = {"id", "when", "level", "signs_intro", "signs", "actions", "readers"}
_TOP_KEYS = {"version", "title", "lead", "words", "steps"}


class LadderError(ValueError):
    """The ladder file cannot be used; the message lists every problem."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = str(path)
        self.problems = problems
        count = len(problems)
        lines = [f"{self.path}: {count} problem{'s' if count != 1 else ''} in the triage ladder (fix the file):"]
        lines += [f"  - {problem}" for problem in problems]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class ReaderAction:
    reader: str
    action: str


@dataclass(frozen=True)
class Step:
    id: str
    when: str
    level: str
    signs_intro: str
    signs: tuple[str, ...]
    actions: tuple[str, ...]
    readers: tuple[ReaderAction, ...]

    @property
    def heading(self) -> str:
        """'Right now — emergency': the words a test looks for on pages that did not use the directive."""
        return f"{self.when} — {self.level}"


@dataclass(frozen=True)
class Ladder:
    path: Path
    title: str
    lead: str
    steps: tuple[Step, ...]
    words: tuple[str, ...] = ()  # words to say in a first conversation (start page, cards)


def plain(text: str) -> str:
    """Text with `[[label|text]]` links reduced to their words (for print outside Sphinx and for checks)."""
    return LINK.sub(lambda m: m.group(2), text)


def _text(value: Any, where: str, problems: list[str], *, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        problems.append(f"{where}: expected text, found {type(value).__name__}; write it as a string")
        return ""
    value = " ".join(value.split())
    if not value and not allow_empty:
        problems.append(f"{where}: the text is empty; write what the reader should know or do")
    if "[[" in value and not LINK.search(value):
        problems.append(f"{where}: a link must be written [[label|words]]")
    if "<" in value or ">" in value:
        problems.append(f"{where}: markup is not allowed; write plain text")
    return value


def _texts(value: Any, where: str, problems: list[str], *, required: bool) -> tuple[str, ...]:
    if value is None:
        value = []
    if not isinstance(value, list):
        problems.append(f"{where}: expected a list of sentences")
        return ()
    if required and not value:
        problems.append(f"{where}: the list is empty; give at least one")
    return tuple(_text(item, f"{where}[{index + 1}]", problems) for index, item in enumerate(value))


def _steps(raw: Any, problems: list[str]) -> Iterator[Step]:
    if not isinstance(raw, list) or not raw:
        problems.append("steps: expected a list of steps, most urgent first")
        return
    seen: set[str] = set()
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            problems.append(f"steps[{index + 1}]: expected a mapping with id, when, level, signs and actions")
            continue
        sid = str(item.get("id") or f"#{index + 1}")
        where = f"step {sid!r}"
        for key in sorted(set(item) - _STEP_KEYS):
            problems.append(f"{where}: unknown field {key!r}; the fields are {', '.join(sorted(_STEP_KEYS))}")
        if sid in seen:
            problems.append(f"{where}: the id is used twice")
        seen.add(sid)
        readers: list[ReaderAction] = []
        for rindex, reader in enumerate(item.get("readers") or []):
            rwhere = f"{where}, readers[{rindex + 1}]"
            if not isinstance(reader, dict):
                problems.append(f"{rwhere}: expected reader and action")
                continue
            readers.append(
                ReaderAction(
                    _text(reader.get("reader"), f"{rwhere}.reader", problems),
                    _text(reader.get("action"), f"{rwhere}.action", problems),
                )
            )
        yield Step(
            id=sid,
            when=_text(item.get("when"), f"{where}.when", problems),
            level=_text(item.get("level"), f"{where}.level", problems),
            signs_intro=_text(item.get("signs_intro", ""), f"{where}.signs_intro", problems, allow_empty=True),
            signs=_texts(item.get("signs"), f"{where}.signs", problems, required=False),
            actions=_texts(item.get("actions"), f"{where}.actions", problems, required=True),
            readers=tuple(readers),
        )


def load(path: Path | str = DATA_FILE) -> Ladder:
    path = Path(path)
    try:
        raw = yamlfile.read(path)
    except yamlfile.YamlReadError as exc:
        raise LadderError(path, [str(exc)]) from None
    if not isinstance(raw, dict):
        raise LadderError(path, ["expected a mapping with title, lead and steps"])
    problems = yamlfile.top_level_problems(raw, _TOP_KEYS, noun="field")
    title = _text(raw.get("title"), "title", problems)
    lead = _text(raw.get("lead"), "lead", problems)
    steps = tuple(_steps(raw.get("steps"), problems))
    words = _texts(raw.get("words"), "words", problems, required=True)
    if len(words) < 3:
        problems.append("words: give at least three things to say (the country cards print three)")
    if problems:
        raise LadderError(path, problems)
    return Ladder(path=path, title=title, lead=lead, steps=steps, words=words)
