"""Run Jupyter Book for one edition and check what it made.

Every build writes its full output to a log file; a failure raises `BuildError`, whose message is one
line: what failed, the first problem the log shows, and where the log is. LaTeX runs without stopping
for input (`-interaction=nonstopmode -halt-on-error`), with long log lines (so `texlog` reads whole
messages), and the PDF fails when a glyph was dropped.

Each build runs in its own process group, so Ctrl-C or SIGTERM stops it with everything it started
(TeX, latexmk): `stop_all()` ends every build still running. `SOURCE_DATE_EPOCH` is set from the last
commit (see `reproducible`), so two builds of one commit give the same bytes.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

from supportbook.packs import reproducible, texlog

JB = Path(sys.executable).with_name("jupyter-book")
LATEX_ENV = {"LATEXMKOPTS": "-interaction=nonstopmode -halt-on-error", "max_print_line": "100000"}
STOP_GRACE_SECONDS = 5.0
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_PROBLEM = re.compile(r"(WARNING:|ERROR:|CRITICAL:|^! |Error:|Exception occurred|Traceback)")

_running: set[subprocess.Popen[bytes]] = set()
_running_lock = threading.Lock()


class BuildError(RuntimeError):
    """A build failed. `str()` is one line: what failed, the first problem in the log, where the log is."""

    def __init__(self, what: str, log: Path | None = None, problem: str | None = None) -> None:
        self.what = what
        self.log = log
        self.problem = first_problem(log) if problem is None and log is not None else (problem or "")
        super().__init__(self._line())

    def _line(self) -> str:
        parts = [self.what]
        if self.problem:
            parts.append(f"first problem: {self.problem}")
        if self.log is not None:
            parts.append(f"full log: {self.log}")
        return "; ".join(parts)

    def with_log(self, log: Path | None) -> BuildError:
        """The same failure, its log kept elsewhere (or gone, when `log` is None)."""
        return BuildError(self.what, log, self.problem)


def first_problem(log: Path, limit: int = 300) -> str:
    """The first warning or error line of a build log (TeX's "! ..." lines included), shortened."""
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    for line in lines:
        clean = _ANSI.sub("", line).strip()
        if _PROBLEM.search(clean):
            return clean if len(clean) <= limit else clean[: limit - 1] + "…"
    return ""


def stop(proc: subprocess.Popen[bytes]) -> None:
    """End a build's whole process group: SIGTERM, then SIGKILL after a grace period."""
    if proc.poll() is not None:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=STOP_GRACE_SECONDS)
            return
        except subprocess.TimeoutExpired:
            continue


def stop_all() -> None:
    """Stop every build this process started that is still running (from any thread)."""
    with _running_lock:
        procs = list(_running)
    for proc in procs:
        stop(proc)


def run(
    project: Path,
    builder: str,
    log: Path,
    *,
    path_output: Path | None = None,
    strict: bool = False,
    source: Path | None = None,
) -> None:
    """`jupyter-book build PROJECT --builder BUILDER` (epub: the custom epub builder), output in `log`.

    `source` is the book the project was made from (for `SOURCE_DATE_EPOCH`); by default the project.
    """
    cmd = [str(JB), "build", str(project), "-n", "--keep-going"]
    cmd += ["--builder", "custom", "--custom-builder", "epub"] if builder == "epub" else ["--builder", builder]
    if strict:
        cmd.append("-W")
    if path_output is not None:
        cmd += ["--path-output", str(path_output)]
    env = {**os.environ, **LATEX_ENV, **reproducible.environment(source or project)}
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            cmd, cwd=project, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
            start_new_session=True,  # its own process group, so stop() ends TeX and latexmk with it
        )
        with _running_lock:
            _running.add(proc)
        try:
            returncode = proc.wait()
        except BaseException:  # Ctrl-C, SIGTERM (see command.py): end the build and all it started
            stop(proc)
            raise
        finally:
            with _running_lock:
                _running.discard(proc)
    if returncode != 0:
        kind = "strict " if strict else ""
        raise BuildError(f"the {kind}{builder} build of {project} failed (exit {returncode})", log)


def pdf(
    project: Path,
    target: str,
    log: Path,
    *,
    path_output: Path | None = None,
    strict: bool = False,
    source: Path | None = None,
) -> Path:
    """Build the PDF; return it. Fails when LaTeX failed or dropped a glyph."""
    run(project, "pdflatex", log, path_output=path_output, strict=strict, source=source)
    latex = (path_output or project) / "_build" / "latex"
    made = latex / f"{target}.pdf"
    if not made.exists():
        raise BuildError(f"LaTeX made no PDF ({made})", log)
    glyphs = texlog.check(latex / f"{target}.log")
    if glyphs:
        first = texlog.report(glyphs[:1], "").splitlines()[1].strip()
        raise BuildError(
            f"{len(glyphs)} character(s) are missing from the PDF's fonts (replace them in the page source, or "
            "choose a font that has them in _config.yml, latex_elements.fontpkg)",
            log,
            f"{first} (see {latex / f'{target}.log'})",
        )
    return made


def html(
    project: Path, log: Path, *, path_output: Path | None = None, strict: bool = False, source: Path | None = None
) -> Path:
    run(project, "html", log, path_output=path_output, strict=strict, source=source)
    site = (path_output or project) / "_build" / "html"
    if not (site / "index.html").exists():
        raise BuildError(f"the build made no index.html in {site}", log)
    return site


def epub(
    project: Path,
    basename: str,
    log: Path,
    *,
    path_output: Path | None = None,
    strict: bool = False,
    source: Path | None = None,
) -> Path:
    run(project, "epub", log, path_output=path_output, strict=strict, source=source)
    made = (path_output or project) / "_build" / "epub" / f"{basename}.epub"
    if not made.exists():
        raise BuildError(f"the build made no EPUB at {made}", log)
    return made
