"""Read one of the book's YAML data files (the triage ladder, the teaching steps) for a one-line error.

Keys must be unique (the resources file's loader). Any failure becomes `YamlReadError` with the problem
in plain words; each data module prefixes its own file name and error class. `top_level_problems` checks
the keys and version every such file has.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from supportbook.resources import _UniqueKeyLoader


class YamlReadError(ValueError):
    """The file cannot be read as YAML; the message says why, in one line."""


def top_level_problems(raw: dict[Any, Any], keys: frozenset[str] | set[str], noun: str = "key") -> list[str]:
    """What is wrong at a data file's top level: keys it does not know (each named, with the ones it does)
    and a version other than 1."""
    problems = [f"unknown {noun} {key!r}; the {noun}s are {', '.join(sorted(keys))}" for key in sorted(set(raw) - keys)]
    if raw.get("version") != 1:
        problems.append("version: expected 1")
    return problems


def read(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except OSError as exc:
        raise YamlReadError(f"cannot read the file: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise YamlReadError("the file is not UTF-8 text; save it as UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
        raise YamlReadError(f"{line}not valid YAML: {problem}") from None
