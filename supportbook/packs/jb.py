"""Run Jupyter Book for one edition and check what it made.

Every build writes its full output to a log file; a failure raises `BuildError` with the end of that log.
LaTeX runs without stopping for input (`-interaction=nonstopmode -halt-on-error`), with long log lines
(so `texlog` reads whole messages), and the PDF fails when a glyph was dropped.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from supportbook.packs import texlog

JB = Path(sys.executable).with_name("jupyter-book")
LATEX_ENV = {"LATEXMKOPTS": "-interaction=nonstopmode -halt-on-error", "max_print_line": "100000"}


class BuildError(RuntimeError):
    """A build failed; the message says what failed and where its log is."""


def _tail(log: Path, lines: int = 40) -> str:
    """What went wrong: TeX's error lines ("! ...") with their context if any, else the end of the log."""
    try:
        text = log.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    errors = [index for index, line in enumerate(text) if line.startswith("! ")]
    if errors:
        return "\n".join(line for index in errors[:3] for line in text[index : index + 4])
    return "\n".join(text[-lines:])


def run(project: Path, builder: str, log: Path, *, path_output: Path | None = None, strict: bool = False) -> None:
    """`jupyter-book build PROJECT --builder BUILDER` (epub: the custom epub builder), output in `log`."""
    cmd = [str(JB), "build", str(project), "-n", "--keep-going"]
    cmd += ["--builder", "custom", "--custom-builder", "epub"] if builder == "epub" else ["--builder", builder]
    if strict:
        cmd.append("-W")
    if path_output is not None:
        cmd += ["--path-output", str(path_output)]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.run(
            cmd,
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **LATEX_ENV},
            check=False,
        )
    if proc.returncode != 0:
        raise BuildError(f"`{' '.join(cmd)}` failed (exit {proc.returncode}); full log: {log}\n{_tail(log)}")


def pdf(project: Path, target: str, log: Path, *, path_output: Path | None = None, strict: bool = False) -> Path:
    """Build the PDF; return it. Fails when LaTeX failed or dropped a glyph."""
    run(project, "pdflatex", log, path_output=path_output, strict=strict)
    latex = (path_output or project) / "_build" / "latex"
    made = latex / f"{target}.pdf"
    if not made.exists():
        raise BuildError(f"no PDF at {made}; full log: {log}\n{_tail(log)}")
    glyphs = texlog.check(latex / f"{target}.log")
    if glyphs:
        raise BuildError(texlog.report(glyphs, str(latex / f"{target}.log")))
    return made


def html(project: Path, log: Path, *, path_output: Path | None = None, strict: bool = False) -> Path:
    run(project, "html", log, path_output=path_output, strict=strict)
    site = (path_output or project) / "_build" / "html"
    if not (site / "index.html").exists():
        raise BuildError(f"no index.html in {site}; full log: {log}\n{_tail(log)}")
    return site


def epub(project: Path, basename: str, log: Path, *, path_output: Path | None = None, strict: bool = False) -> Path:
    run(project, "epub", log, path_output=path_output, strict=strict)
    made = (path_output or project) / "_build" / "epub" / f"{basename}.epub"
    if not made.exists():
        raise BuildError(f"no EPUB at {made}; full log: {log}\n{_tail(log)}")
    return made
