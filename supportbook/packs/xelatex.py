"""Run xelatex once on a `.tex` file and read its log: did it make the PDF, how many pages, the first
error, whether a glyph was lost.

Shared by the country cards (`supportbook/cards.py`) and the short handouts (`summaries.py`); each words
its own errors, naming the card or the handout and what to fix.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

_PAGES = re.compile(r"Output written on .*?\((\d+) pages?")


class NotInstalled(Exception):
    """xelatex is not on the PATH."""


@dataclass(frozen=True)
class Run:
    tex: Path
    made: bool  # xelatex exited 0 and wrote the PDF
    log: str

    @property
    def pdf(self) -> Path:
        return self.tex.with_suffix(".pdf")

    @property
    def log_file(self) -> Path:
        return self.tex.with_suffix(".log")

    @property
    def first_error(self) -> str:
        return next((line for line in self.log.splitlines() if line.startswith("!")), "see the TeX log")

    @property
    def lost_glyph(self) -> bool:
        """A font lacked a character (logged with `\\tracinglostchars=2`)."""
        return "Missing character" in self.log

    @property
    def pages(self) -> int:
        """The PDF's pages, as the log says (0 when it does not)."""
        found = _PAGES.search(self.log)
        return int(found.group(1)) if found else 0


def run(tex: Path, *, timeout: int, env: dict[str, str] | None = None) -> Run:
    """One `xelatex -halt-on-error` run in the file's folder."""
    try:
        proc = subprocess.run(
            ["xelatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
            cwd=tex.parent, capture_output=True, text=True, check=False, timeout=timeout, env=env or None,
        )  # fmt: skip
    except FileNotFoundError:
        raise NotInstalled("xelatex is not installed") from None
    log_file = tex.with_suffix(".log")
    log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else proc.stdout
    return Run(tex, proc.returncode == 0 and tex.with_suffix(".pdf").exists(), log)
