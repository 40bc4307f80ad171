"""Which files to lint: the repository root, default folders and Markdown files under a path."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

DEFAULT_FOLDERS = ("book", "exercises")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".myst")
SKIP_DIRS = frozenset({"_build", ".venv", "venv", "node_modules", "__pycache__", ".git", ".ipynb_checkpoints"})


class UsageError(ValueError):
    """A path that cannot be linted (missing, or not a Markdown file)."""


def repo_root(start: Path | None = None) -> Path:
    """The folder holding `_toc.yml`, searching upwards from `start` (default: cwd); else `start`."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_toc.yml").is_file():
            return folder
    return here


def default_paths(root: Path | None = None) -> list[Path]:
    base = repo_root(root)
    return [base / name for name in DEFAULT_FOLDERS if (base / name).is_dir()]


def _walk(folder: Path) -> Iterable[Path]:
    for path in sorted(folder.iterdir()):
        if path.is_dir():
            if path.name not in SKIP_DIRS and not path.name.startswith("."):
                yield from _walk(path)
        elif path.suffix.lower() in MARKDOWN_SUFFIXES:
            yield path


def collect(paths: Iterable[str | Path]) -> list[Path]:
    """Markdown files named or found under `paths`, in order, without duplicates."""
    found: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            candidates = list(_walk(path))
        elif path.is_file():
            if path.suffix.lower() not in MARKDOWN_SUFFIXES:
                raise UsageError(f"{path}: not a Markdown file (expected {', '.join(MARKDOWN_SUFFIXES)})")
            candidates = [path]
        else:
            raise UsageError(f"{path}: no such file or folder")
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found


def display(path: Path) -> str:
    """The path as the user would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
