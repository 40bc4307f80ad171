"""Shared fixtures: the book is built once, strictly, and tests read the output; markers and xdist groups.

`make test` builds the book first (`make book`) and passes it as SUPPORTBOOK_HTML, so no test builds it.
Run without it (plain `pytest`, or `pytest -n auto`), the first worker to need the book builds it under a
file lock and the others wait for that one build and read it.

Markers (registered in pyproject.toml) are set here from what a test uses, so a new test is marked without
anyone remembering to: `book` (reads the built HTML), `browser` (drives Chromium), `tex` (builds or reads a
PDF), `build` (runs its own small Sphinx build) and `slow` (seconds on its own, listed in `SLOW`). `make
check` runs the tests with none of them, and the one `smoke` build.

With pytest-xdist, `make test` runs `--dist loadscope`: a module's tests stay on one worker, so that its
module and session fixtures (a PDF, an EPUB, a broken build) are made once; a test class is a scope of
its own, which is how test_accessibility.py puts its four sweeps on four workers. (`xdist_group` marks
do nothing with pytest 9: xdist 3.8 renames `item._nodeid`, which pytest 9 no longer reads.)
"""

from __future__ import annotations

import fcntl
import inspect
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright import sync_api as playwright_api

from supportbook import siteserver

ROOT = Path(__file__).resolve().parents[1]

# What a test or one of its fixtures says in its source, for each marker (besides the fixtures it uses).
MARKS = {
    "browser": ("siteserver.launch", "sync_playwright", "pa11y(", "vnu("),
    "tex": ("require_tex(", "xelatex", "editions.book_pdf(", "book_pdf"),
    "build": (
        "make_book(", "jupyter-book", "jupyter_book", '"sphinx"', '"build"', "build_handout(", "pack.build(",
        'cli_run("pack"', 'cli("pack"', "editions.epub(", "editions.handouts(", "summaries.build(",
    ),
}
MARK_FIXTURES = {"book": {"book_html"}, "browser": {"browser"}}
# Tests that take seconds on their own (a subprocess that imports everything, a Java checker, a sweep of
# the whole corpus, a pack build): left out of `make check`, run by `make test` (ids without parameters).
SLOW = {
    "test_checkers.py::test_the_nu_checker_fails_a_bad_page",
    "test_faults.py::test_a_stopped_pack_ends_its_build_and_leaves_nothing",
    "test_handouts.py::test_an_unknown_country_or_paper_is_one_line_and_exit_2",
    "test_lint_bench.py::test_bench_reports_the_book",
    "test_lint_prefilter.py::test_indexed_matching_equals_finditer_on_the_corpus_and_book",
    "test_script_safety.py::test_a_hostile_pack_title_is_text_on_every_page",
    "test_teachkit.py::test_every_plan_has_a_deck_whose_slides_and_notes_match_its_activities",
    "test_teachkit.py::test_editing_a_plan_changes_its_slides",
}
# The one small build `make check` runs: a strict build of a one-chapter book written from the template.
SMOKE = {"test_contract.py::test_a_chapter_written_from_the_template_builds_cleanly"}


def _ours(function: object) -> bool:
    try:
        path = Path(inspect.getsourcefile(function) or "")
    except TypeError:
        return False
    return path.parent == ROOT / "tests" and path.name != "conftest.py"  # the shared fixtures are marked by name


def _sources(item: pytest.Item) -> str:
    """The source of the test function, of every fixture it uses and of the tests' helpers they call (two
    levels down): what the markers look for."""
    functions = [getattr(item, "function", None)]
    info = getattr(item, "_fixtureinfo", None)
    for defs in info.name2fixturedefs.values() if info else ():
        functions += [d.func for d in defs if _ours(d.func)]
    texts: list[str] = []
    seen: set[object] = set()
    for _ in range(3):
        called = []
        for function in functions:
            if function in seen or not _ours(function):
                continue
            seen.add(function)
            text = inspect.getsource(function)
            texts.append(text)
            helpers = vars(inspect.getmodule(function) or object)
            called += [f for n, f in helpers.items() if inspect.isfunction(f) and f"{n}(" in text]
        functions = called
    return "\n".join(texts)


def pytest_itemcollected(item: pytest.Item) -> None:
    """Mark each test as it is collected (before `-m` selects)."""
    names = set(getattr(item, "fixturenames", ()))
    source = _sources(item)
    for mark in (*MARKS, *MARK_FIXTURES):
        if names & MARK_FIXTURES.get(mark, set()) or any(token in source for token in MARKS.get(mark, ())):
            item.add_marker(mark)
    module = item.path.name
    test_id = f"{module}::{item.name.split('[')[0]}"
    if test_id in SLOW:
        item.add_marker("slow")
    if test_id in SMOKE:
        item.add_marker("smoke")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def _build_book(out: Path) -> Path:
    jb = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run(
        [str(jb), "build", str(ROOT), "-W", "-n", "--keep-going", "--path-output", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 0, f"strict book build failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-3000:]}"
    return out / "_build" / "html"


@pytest.fixture(scope="session")
def book_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML site, built once with `-W -n --keep-going` (a warning fails it).

    Set SUPPORTBOOK_HTML to an already built `_build/html` folder to reuse it (as `make test` does
    after its own strict build). Under pytest-xdist the workers share one build (a file lock).
    """
    prebuilt = os.environ.get("SUPPORTBOOK_HTML")
    if prebuilt:
        path = Path(prebuilt)
        assert (path / "index.html").exists(), f"SUPPORTBOOK_HTML={prebuilt} has no index.html"
        return path
    if not os.environ.get("PYTEST_XDIST_WORKER"):  # one process: no one to share with
        return _build_book(tmp_path_factory.mktemp("book"))
    shared = tmp_path_factory.getbasetemp().parent  # the same folder for every worker of this run
    out, passed = shared / "book", shared / "book.passed"
    with open(shared / "book.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not passed.exists():
                assert not out.exists(), "the shared book build failed in another worker (see its error)"
                html = _build_book(out)
                passed.write_text("ok\n", encoding="utf-8")
                return html
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return out / "_build" / "html"


@pytest.fixture(scope="module")
def site(book_html: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 (its address without the closing slash)."""
    with siteserver.serve(book_html) as base:
        yield base.rstrip("/")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium, driven by Playwright (tests that need it skip where it is not installed)."""
    if siteserver.chromium_path() is None:
        pytest.skip("Chromium is not installed")
    with playwright_api.sync_playwright() as p:
        chromium = siteserver.launch(p)
        yield chromium
        chromium.close()
