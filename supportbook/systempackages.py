"""The system (apt) packages the book needs, from `system-packages.txt`: the one list.

`.ci/run` installs them, `supportbook toolchain` prints the `tex` and `java` groups when TeX or Java is
missing, and README.md quotes them all (tests/test_packaging.py checks it). Standard library only: the
TeX check runs on the system Python before the virtual environment exists.
"""

from __future__ import annotations

from pathlib import Path

FILE = Path(__file__).resolve().parents[1] / "system-packages.txt"


def read(path: Path = FILE) -> list[tuple[str, str]]:
    """(package, group) for each line of the list, in its order; comments and blank lines skipped."""
    if not path.is_file():  # an installed copy of the package, away from the repository
        return []
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        if len(fields) != 2:
            raise ValueError(f"{path}:{number}: expected 'package group', found {line.strip()!r}")
        rows.append((fields[0], fields[1]))
    return rows


def packages(*groups: str, path: Path = FILE) -> tuple[str, ...]:
    """The packages of these groups (all of them when none is named), in the list's order."""
    return tuple(name for name, group in read(path) if not groups or group in groups)
