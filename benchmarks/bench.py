"""`make bench`: build speed, page weight, requests, Lighthouse scores and the test loop, printed as one table.

`python benchmarks/bench.py --loop` prints only the test loop: `make check` timed now, and the last
`make test` (its pytest time, written to _build/test-time.txt by `make test`: the suite is not rerun).

Targets (from the issues): every page <= 300 KiB transferred with the cache off, 0 off-site requests;
Lighthouse mobile performance >= 0.95, accessibility 1.00, best practices 1.00, SEO >= 0.95; the whole
book lints in under 2 s. Figures are printed, never asserted: this is a benchmark, not a test.
"""

from __future__ import annotations

import functools
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from supportbook import siteserver  # noqa: E402

JB = Path(sys.executable).with_name("jupyter-book")
CHAPTER = "book/professionals/therapists"


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def build_times(out: Path) -> tuple[float, float]:
    cmd = [str(JB), "build", str(ROOT), "-W", "-n", "--keep-going", "--path-output", str(out)]
    clean = timed(cmd)
    (ROOT / f"{CHAPTER}.md").touch()
    rebuild = timed(cmd)
    return clean, rebuild


def _note_url(urls: list[str], event: dict) -> None:
    urls.append(event["request"]["url"])


def _note_size(sizes: dict[str, int], event: dict) -> None:
    sizes[event["requestId"]] = event["encodedDataLength"]


def page_weights(html: Path) -> list[tuple[str, int, int, int]]:
    """(page, bytes transferred, requests, off-site requests) for every page, cache off."""
    from playwright.sync_api import sync_playwright

    rows = []
    with siteserver.serve(html) as base, sync_playwright() as pw:
        browser = siteserver.launch(pw)
        for page_path in siteserver.site_pages(html):
            rel = page_path.relative_to(html).as_posix()
            context = browser.new_context(viewport={"width": 360, "height": 800})
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            sizes: dict[str, int] = {}
            urls: list[str] = []
            cdp.on("Network.requestWillBeSent", functools.partial(_note_url, urls))
            cdp.on("Network.loadingFinished", functools.partial(_note_size, sizes))
            page.goto(base + rel, wait_until="networkidle")
            offsite = sum(1 for u in urls if urlparse(u).hostname not in ("127.0.0.1", None))
            rows.append((rel, sum(sizes.values()), len(urls), offsite))
            context.close()
        browser.close()
    return rows


def lighthouse(html: Path, pages: list[str]) -> dict[str, dict[str, float]]:
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    chrome = siteserver.chromium_path()
    if not binary.exists() or chrome is None:
        return {}
    scores = {}
    with siteserver.serve(html) as base, tempfile.TemporaryDirectory() as tmp:
        for rel in pages:
            report = Path(tmp) / "report.json"
            subprocess.run(
                [
                    str(binary), base + rel, "--quiet", "--output=json", f"--output-path={report}",
                    "--form-factor=mobile", "--only-categories=performance,accessibility,best-practices,seo",
                    "--chrome-flags=--headless=new " + " ".join(siteserver.CHROMIUM_ARGS),
                ],
                env={"CHROME_PATH": chrome, "PATH": "/usr/bin:/bin"},
                check=False,
                capture_output=True,
            )
            if report.exists():
                data = json.loads(report.read_text())
                scores[rel] = {k: v["score"] for k, v in data["categories"].items()}
    return scores


def readability_rows(html: Path) -> list[tuple[str, str]]:
    """Words of prose and Flesch-Kincaid grade of every chapter (limits: 1,800-2,600 words, grade <= 8)."""
    from supportbook import readability

    manifest = json.loads((html / "supportbook-chapters.json").read_text(encoding="utf-8"))
    rows = []
    for chapter in manifest:
        prose = readability.chapter_prose((html / chapter["url"].split("#")[0]).read_text(encoding="utf-8"))
        figures = f"{readability.word_count(prose)} words, grade {readability.grade(prose):.1f}"
        rows.append((f"Chapter '{chapter['id']}' prose", f"{figures}, {chapter['reading_minutes']} min read"))
    return rows


def lint_time() -> float | None:
    try:
        from supportbook.lint import lint_paths
    except ImportError:
        return None
    start = time.perf_counter()
    lint_paths([ROOT / "book", ROOT / "exercises"])
    return time.perf_counter() - start


def unseen_rows() -> list[tuple[str, str]]:
    """The linter's recall and false positives on each unseen batch (tests/lint_corpus/unseen/)."""
    try:
        from supportbook.lint.corpus_score import score_all
    except ImportError:
        return []
    return [
        (
            f"Lint unseen {score.name}",
            f"recall {score.recall:.1%} ({score.flagged}/{score.flag_total}), false positives "
            f"{score.false_positive_rate:.1%} ({score.false_positives}/{score.pass_total})",
        )
        for score in score_all()
    ]


def editions_rows() -> list[tuple[str, str]]:
    """Build times of the print and e-reader editions: the book PDF, one handout, a two-chapter pack, EPUB."""
    from supportbook import model
    from supportbook.packs import editions, jb, pack, toolchain

    def figure(seconds: float, pdf: Path) -> str:
        count = editions.page_count(pdf)
        return f"{seconds:.1f} s" + (f", {count} pages" if count else "")

    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        if toolchain.missing_tex():
            rows.append(("Book PDF / handout / pack build", "TeX not installed"))
        else:
            try:
                start = time.perf_counter()
                made = editions.book_pdf(ROOT, out)
                rows.append(("Book PDF build (xelatex)", figure(time.perf_counter() - start, made)))
                book = model.read_book(ROOT)
                handout = pack.build_handout(book, book.chapters[0], out / "handout.pdf")
                rows.append((f"Handout build ({book.chapters[0].id})", figure(handout.seconds, handout.path)))
                two = pack.build(book, book.chapters[:2], out / "pack.pdf")
                ids = ", ".join(c.id for c in two.chapters)
                rows.append((f"Two-chapter pack build ({ids})", figure(two.seconds, two.path)))
            except jb.BuildError as exc:
                rows.append(("Book PDF / handout / pack build", f"failed: {str(exc).splitlines()[0]}"))
        try:
            start = time.perf_counter()
            editions.epub(ROOT, out)
            rows.append(("EPUB build", f"{time.perf_counter() - start:.1f} s"))
        except jb.BuildError as exc:
            rows.append(("EPUB build", f"failed: {str(exc).splitlines()[0]}"))
    return rows


def loop_rows() -> list[tuple[str, str]]:
    """The test loop: `make check` timed now; the last `make test` from the time it recorded."""
    start = time.perf_counter()
    check = subprocess.run(["make", "--no-print-directory", "check"], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    outcome = "passed" if check.returncode == 0 else f"FAILED (exit {check.returncode})"
    rows = [("make check (ruff, lint, unit tests, one small build)", f"{seconds:.1f} s, {outcome}; budget 60 s")]
    recorded = ROOT / "_build" / "test-time.txt"
    last = recorded.read_text(encoding="utf-8").strip() if recorded.exists() else "no run recorded: run make test"
    rows.append(("make test, last run (pytest part)", last))
    return rows


def table(rows: list[tuple[str, str]]) -> None:
    width = max(len(r[0]) for r in rows)
    print(f"{'Measure'.ljust(width)} | Figure")
    print(f"{'-' * width}-|-{'-' * 30}")
    for name, value in rows:
        print(f"{name.ljust(width)} | {value}")


def main() -> int:
    if "--loop" in sys.argv[1:]:
        table(loop_rows())
        return 0
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        clean, rebuild = build_times(out)
        rows += [
            ("HTML build from clean", f"{clean:.1f} s"),
            ("Rebuild after touching one chapter", f"{rebuild:.1f} s"),
        ]
        html = out / "_build" / "html"
        weights = page_weights(html)
        kib = [w[1] / 1024 for w in weights]
        largest = max(weights, key=lambda w: w[1])
        requests = [w[2] for w in weights]
        rows += [
            ("Pages measured", str(len(weights))),
            ("Page weight, median (cache off)", f"{statistics.median(kib):.0f} KiB"),
            ("Page weight, largest", f"{largest[1] / 1024:.0f} KiB ({largest[0]})"),
            ("Requests per page, median / max", f"{statistics.median(requests):.0f} / {max(requests)}"),
            ("Off-site requests, all pages", str(sum(w[3] for w in weights))),
        ]
        rows += readability_rows(html)
        for page, score in lighthouse(html, ["book/intro.html", f"{CHAPTER}.html"]).items():
            figures = ", ".join(f"{k} {v:.2f}" for k, v in score.items())
            rows.append((f"Lighthouse mobile {page}", figures))
        shutil.rmtree(out / "_build", ignore_errors=True)
    lint = lint_time()
    rows.append(("Lint whole book", f"{lint:.2f} s" if lint is not None else "linter not installed"))
    rows += unseen_rows()
    rows += editions_rows()
    rows += loop_rows()
    table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
