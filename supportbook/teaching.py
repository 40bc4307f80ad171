"""Load and validate the teaching safety steps (`supportbook/data/teaching.yml`), and write them as MyST.

The lesson plans and exercises pages share these words: "Before you teach", the welcome and close of every
lesson, the follow-up lines, the opening for ages 11 to 13, the steps for students with special
educational needs, and the exercises pages' opening. They are written once, here, and rendered wherever
they appear: by the Sphinx directives and role (`supportbook.sphinxext.teaching`) and by the teacher's kit
(`supportbook.teachkit.source`), both from the MyST text that `box_markdown`, `send_markdown` and `line`
give. A problem in the file stops everything with one line naming the file and the key. Nothing here
depends on Sphinx.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from supportbook import yamlfile

DATA_FILE = Path(__file__).parent / "data" / "teaching.yml"
SETTINGS = ("students", "staff")
PLACEHOLDERS = ("story", "who", "keywords")
# `{story}` is a placeholder; `{ref}`...`` (a role: a backtick follows) is not.
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}(?!`)")
_TOP_KEYS = {"version", "before_you_teach", "who", "lines", "send"}


class TeachingError(ValueError):
    """The teaching data cannot be used; the message is one line naming the file and the key."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = str(path)
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{self.path}: {problems[0]}{more}")


# A text: one version for each setting (the same words twice when the file gives one for all).
Text = dict[str, str]


@dataclass(frozen=True)
class Step:
    lead: str  # in bold: "Prepare."
    text: Text


@dataclass(frozen=True)
class Send:
    intro: str
    first: tuple[Step, ...]
    last: tuple[Step, ...]


@dataclass(frozen=True)
class Teaching:
    path: Path
    title: str
    steps: tuple[Step, ...]
    who: Text
    lines: dict[str, str]
    send: dict[str, Send]


def _one(value: Any, where: str, problems: list[str]) -> str:
    if not isinstance(value, str):
        problems.append(f"{where}: expected text, found {type(value).__name__}; write it as a string")
        return ""
    value = " ".join(value.split())
    if not value:
        problems.append(f"{where}: the text is empty; write what the teacher should know or do")
    for name in _PLACEHOLDER.findall(value):
        if name not in PLACEHOLDERS:
            problems.append(f"{where}: unknown placeholder {{{name}}}; the placeholders are {', '.join(PLACEHOLDERS)}")
    if value.count("`") % 2:
        problems.append(f"{where}: a role is not closed: write {{ref}}`label` with two backticks")
    return value


def _text(value: Any, where: str, problems: list[str]) -> Text:
    """A text for every setting, from one string or a mapping with one string for each setting."""
    if isinstance(value, dict):
        for key in sorted(set(value) - set(SETTINGS)):
            problems.append(f"{where}: unknown setting {key!r}; the settings are {', '.join(SETTINGS)}")
        return {setting: _one(value.get(setting), f"{where}.{setting}", problems) for setting in SETTINGS}
    text = _one(value, where, problems)
    return dict.fromkeys(SETTINGS, text)


def _steps(value: Any, where: str, problems: list[str], *, required: bool = True) -> tuple[Step, ...]:
    if value is None:
        value = []
    if not isinstance(value, list):
        problems.append(f"{where}: expected a list of steps, each with lead and text")
        return ()
    if required and not value:
        problems.append(f"{where}: the list is empty; give at least one step")
    steps = []
    for index, item in enumerate(value, 1):
        at = f"{where}[{index}]"
        if not isinstance(item, dict) or set(item) != {"lead", "text"}:
            problems.append(f"{at}: expected exactly the fields lead and text")
            continue
        steps.append(Step(_one(item["lead"], f"{at}.lead", problems), _text(item["text"], f"{at}.text", problems)))
    return tuple(steps)


def _mapping(value: Any, where: str, problems: list[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        problems.append(f"{where}: expected a mapping")
        return {}
    return value


def _read(path: Path) -> Any:
    try:
        return yamlfile.read(path)
    except yamlfile.YamlReadError as exc:
        raise TeachingError(path, [str(exc)]) from None


def load(path: Path | str = DATA_FILE) -> Teaching:
    path = Path(path)
    raw = _read(path)
    if not isinstance(raw, dict):
        raise TeachingError(path, ["expected a mapping with before_you_teach, who, lines and send"])
    problems = yamlfile.top_level_problems(raw, _TOP_KEYS)
    before = _mapping(raw.get("before_you_teach"), "before_you_teach", problems)
    title = _one(before.get("title"), "before_you_teach.title", problems)
    steps = _steps(before.get("steps"), "before_you_teach.steps", problems)
    who = _text(raw.get("who"), "who", problems)
    lines = {
        str(name): _one(text, f"lines.{name}", problems)
        for name, text in _mapping(raw.get("lines"), "lines", problems).items()
    }
    send: dict[str, Send] = {}
    raw_send = _mapping(raw.get("send"), "send", problems)
    for setting in SETTINGS:
        part = _mapping(raw_send.get(setting), f"send.{setting}", problems)
        send[setting] = Send(
            intro=_one(part.get("intro"), f"send.{setting}.intro", problems),
            first=_steps(part.get("first"), f"send.{setting}.first", problems),
            last=_steps(part.get("last"), f"send.{setting}.last", problems, required=False),
        )
    if problems:
        raise TeachingError(path, problems)
    return Teaching(path=path, title=title, steps=steps, who=who, lines=lines, send=send)


# ------------------------------------------------------------------------------------------ as MyST text


class OptionError(ValueError):
    """A page's directive or role asks for something the data does not have; the message says what."""


def setting_of(options: dict[str, str]) -> str:
    setting = (options.get("for") or "").strip()
    if setting not in SETTINGS:
        raise OptionError(f"give ':for:' as one of {', '.join(SETTINGS)} (got {setting or 'nothing'!r})")
    return setting


def fill(text: str, values: dict[str, str]) -> str:
    """The text with its placeholders filled in from the directive's options."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if not values.get(name):
            raise OptionError(f"the shared text needs the option ':{name}:' (it says {{{name}}})")
        return " ".join(values[name].split())

    return _PLACEHOLDER.sub(value, text)


def _item(step: Step, setting: str, values: dict[str, str]) -> str:
    return f"- **{step.lead}** {fill(step.text[setting], values)}"


def box_markdown(data: Teaching, options: dict[str, str]) -> tuple[str, str]:
    """("Before you teach", the MyST bullet list of its steps) for a page's ```{before-you-teach}```."""
    setting = setting_of(options)
    values = {"who": data.who[setting], **{k: v for k, v in options.items() if v}}
    return data.title, "\n".join(_item(step, setting, values) for step in data.steps)


def send_markdown(data: Teaching, options: dict[str, str], own: str) -> tuple[str, str]:
    """(the intro paragraph, one MyST bullet list: the shared first steps, the page's own, the last)."""
    setting = setting_of(options)
    part = data.send[setting]
    values = {k: v for k, v in options.items() if v}
    own = own.strip("\n")
    if own and not own.lstrip().startswith(("- ", "* ")):
        raise OptionError("the directive's content must be a bullet list of the lesson's own steps")
    items = [_item(step, setting, values) for step in part.first]
    items += [own] if own else []
    items += [_item(step, setting, values) for step in part.last]
    return fill(part.intro, values), "\n".join(items)


def line(data: Teaching, name: str) -> str:
    """The MyST text of a shared line, for the {teaching} role."""
    name = " ".join(name.split())
    if name not in data.lines:
        raise OptionError(f"no shared line {name!r} in {data.path.name}; the lines are {', '.join(data.lines)}")
    return data.lines[name]


_ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")


def fragments(text: str, min_words: int = 6) -> list[str]:
    """The runs of plain words between a text's roles and placeholders, of at least `min_words` words:
    what a page that typed the text by hand would hold (for the check that nobody does)."""
    parts = _PLACEHOLDER.split(_ROLE.sub("\0", text))
    pieces = [" ".join(p.split()) for part in parts[::2] for p in part.split("\0")]
    return [piece for piece in pieces if len(piece.split()) >= min_words]
