"""Fault injection (issue 15): nothing slips through, nothing is lost.

Each test breaks something on purpose and checks the safe result. What was tried, and what happens now:

- a page that warned, built twice with nothing changed: both strict builds fail (the second used to pass);
- a build killed while writing, then rebuilt: the rebuild passes and the search index has every page
  (it used to miss the pages the killed build did not write, the safety appendix among them);
- two chapters with one id: the build says "duplicate chapter id" and names both files;
- a pack over a teacher's Word file, a PDF of someone else's, a folder with the teacher's own files in
  it or with a pack file the teacher changed: refused (exit 2), nothing touched; `--force` replaces;
- a pack of a chapter with unsafe wording: the strict pack fails (exit 1), nothing at the output, the
  log kept beside it and named in the one-line error;
- Ctrl-C and SIGTERM during a pack: exit 130 / 143, the build's processes are gone, nothing left behind;
- bad input: a resources file that is not UTF-8, an impossible date in it or in a page's front matter,
  an output under a file, a hidden `--book` that is not a book, an unwritable `--site`, an unexpected
  error in any command: one line each, the documented exit code, never a traceback;
- two EPUB builds of one commit: byte-identical (`SOURCE_DATE_EPOCH` from the last commit).

The book builds here use a copy of the book in a temporary folder (about 10 s each, fresh).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from supportbook import cli, frontmatter
from supportbook.packs import command, editions, pack, reproducible
from supportbook.sphinxext import packbuilder, strict

ROOT = Path(__file__).resolve().parents[1]
JB = Path(sys.executable).with_name("jupyter-book")
COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "_build", "tests", "benchmarks", ".pytest_cache", ".ruff_cache", "__pycache__"
)
FAMILY = "book/friends-family/family-members.md"
FRIENDS = "book/friends-family/close-friends.md"
WRITING_HALF = re.compile(r"writing output\.\.\. .*\[\s*[4-9]\d%\]")  # HTML pages, 40% written
UNSAFE = "Some people say a person committed suicide."  # LANG-COMMITTED in the safe-messaging rules


def copy_book(dest: Path) -> Path:
    shutil.copytree(ROOT, dest, ignore=COPY_IGNORE, symlinks=True)
    return dest


def build(book: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(JB), "build", str(book), "-W", "-n", "--keep-going", *extra],
        cwd=book,
        capture_output=True,
        text=True,
        check=False,
    )


def cli_run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "supportbook", *args], cwd=cwd, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def one_line(stderr: str) -> str:
    """The error, which must be one line and no traceback."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr, stderr
    assert len(lines) == 1, f"expected one line, got:\n{stderr}"
    return lines[0]


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} no longer holds {old!r}: update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ---- the book: strict every time ---------------------------------------------------------------------


def test_a_warning_fails_every_build_until_it_is_fixed(tmp_path: Path) -> None:
    book = copy_book(tmp_path / "book")
    replace_in(book / FAMILY, "(ch-family-educators)=", "(ch-family-teachers)=")
    first, second = build(book), build(book)
    for run in (first, second):
        assert run.returncode != 0, run.stdout[-3000:]
        assert "missing a 'For educators' section" in run.stdout + run.stderr
    assert (book / "_build" / ".doctrees" / strict.MARKER).exists()

    replace_in(book / FAMILY, "(ch-family-teachers)=", "(ch-family-educators)=")
    fixed, again = build(book), build(book)
    assert fixed.returncode == 0, fixed.stdout[-3000:]
    assert again.returncode == 0, again.stdout[-3000:]
    assert not (book / "_build" / ".doctrees" / strict.MARKER).exists()
    assert "0 added, 0 changed, 0 removed" in again.stdout, "a build after a clean one should be incremental"


def _index_docnames(site: Path) -> set[str]:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return set(data["docnames"])


def test_a_build_killed_while_writing_is_rebuilt_whole_with_a_full_search_index(tmp_path: Path) -> None:
    book = copy_book(tmp_path / "book")
    log = (tmp_path / "killed.log").open("w+", encoding="utf-8")
    proc = subprocess.Popen(
        [str(JB), "build", str(book), "-W", "-n", "--keep-going"],
        cwd=book, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if WRITING_HALF.search((tmp_path / "killed.log").read_text(encoding="utf-8", errors="replace")):
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the build ended before it could be killed while writing"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    log.close()

    rebuilt = build(book)
    assert rebuilt.returncode == 0, rebuilt.stdout[-3000:]
    site = book / "_build" / "html"
    pages = {str(path.relative_to(site).with_suffix("")) for path in site.glob("**/*.html")}
    # The pack builder's printable page is made from the book's pages after the build, not a page of its own.
    pages -= {"genindex", "search", "index", packbuilder.PRINT_DOC}
    indexed = _index_docnames(site)
    assert "book/back/safety-resources" in indexed
    assert pages <= indexed, f"pages missing from the search index: {sorted(pages - indexed)}"


def test_two_chapters_with_one_id_are_called_duplicates_naming_both_files(tmp_path: Path) -> None:
    book = copy_book(tmp_path / "book")
    replace_in(book / FRIENDS, "  id: friends\n", "  id: family\n")
    run = build(book)
    assert run.returncode != 0
    found = [line for line in (run.stdout + run.stderr).splitlines() if "duplicate chapter id 'family'" in line]
    assert len(found) == 1, run.stdout[-3000:]
    assert FAMILY in found[0] and FRIENDS in found[0]


# ---- packs never destroy a file -----------------------------------------------------------------------


def test_a_pack_will_not_replace_a_file_it_did_not_make(tmp_path: Path) -> None:
    word = tmp_path / "notes.docx"
    word.write_bytes(b"PK\x03\x04 a teacher's Word file")
    theirs = tmp_path / "handout.pdf"
    theirs.write_bytes(b"%PDF-1.7\n% a PDF the teacher made elsewhere\n")
    for target in (word, theirs):
        before = target.read_bytes()
        run = cli_run("pack", "--chapters", "family", "--output", str(target))
        assert run.returncode == 2
        line = one_line(run.stderr)
        assert str(target) in line and "--force" in line
        assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout.pdf", "notes.docx"]


def test_an_html_pack_keeps_a_teachers_files_unless_forced(tmp_path: Path) -> None:
    site = tmp_path / "week3"
    first = cli_run("pack", "--chapters", "friends", "--format", "html", "--output", str(site))
    assert first.returncode == 0, first.stderr
    assert (site / pack.MANIFEST).exists()
    again = cli_run("pack", "--chapters", "friends", "--format", "html", "--output", str(site))
    assert again.returncode == 0, "a pack folder made by pack is replaced without --force"

    (site / "my-notes.txt").write_text("mine", encoding="utf-8")
    added = cli_run("pack", "--chapters", "friends", "--format", "html", "--output", str(site))
    assert added.returncode == 2 and "my-notes.txt" in one_line(added.stderr)
    assert (site / "my-notes.txt").read_text(encoding="utf-8") == "mine"

    (site / "my-notes.txt").unlink()
    (site / "cover.html").write_text("<p>my edited cover</p>", encoding="utf-8")
    edited = cli_run("pack", "--chapters", "friends", "--format", "html", "--output", str(site))
    assert edited.returncode == 2 and "cover.html" in one_line(edited.stderr)
    assert (site / "cover.html").read_text(encoding="utf-8") == "<p>my edited cover</p>"

    forced = cli_run("pack", "--chapters", "friends", "--format", "html", "--output", str(site), "--force")
    assert forced.returncode == 0, forced.stderr
    assert "my edited cover" not in (site / "cover.html").read_text(encoding="utf-8")
    assert not [p.name for p in tmp_path.iterdir() if p.name != "week3"], "staging files were left behind"


def test_a_pack_with_unsafe_wording_fails_and_keeps_its_log_beside_the_output(tmp_path: Path) -> None:
    book = copy_book(tmp_path / "book")
    replace_in(book / FRIENDS, "(ch-friends-families)=", f"{UNSAFE}\n\n(ch-friends-families)=")
    site = tmp_path / "out" / "week3"
    run = cli_run("pack", "--book", str(book), "--chapters", "friends", "--format", "html", "--output", str(site))
    assert run.returncode == 1
    line = one_line(run.stderr)
    assert "LANG-COMMITTED" in line
    assert not site.exists()
    kept = pack.log_path(site)
    assert f"full log: {kept}" in line and kept.exists()
    assert "LANG-COMMITTED" in kept.read_text(encoding="utf-8")
    assert sorted(p.name for p in site.parent.iterdir()) == [kept.name]


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_stopped_pack_ends_its_build_and_leaves_nothing(tmp_path: Path, sig: signal.Signals, code: int) -> None:
    site = tmp_path / "out" / "week3"
    scratch = tmp_path / "tmp"  # the pack's temporary folders go here, so the test sees them removed
    scratch.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "supportbook", "pack", "--chapters", "friends", "--format", "html", "--output",
         str(site)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(scratch)},
    )
    deadline = time.monotonic() + 60
    children: list[int] = []
    while time.monotonic() < deadline and not children:
        children = _children(proc.pid)
        time.sleep(0.05)
    assert children, "the pack started no build"
    time.sleep(1.0)  # the build is under way
    grandchildren = [pid for child in children for pid in _children(child)]
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == code, stderr
    assert "stopped by" in one_line(stderr)
    time.sleep(0.5)
    assert not [pid for pid in children + grandchildren if _alive(pid)], "the build kept running"
    assert not site.exists() and not list(site.parent.glob(f".{site.name}*")), "a partial pack was left"
    assert not list(scratch.glob("supportbook-pack-*")), "the pack's temporary folder was left"


# ---- one clear line for every failure -----------------------------------------------------------------


def test_a_resources_file_that_is_not_utf8_is_named_with_its_line(tmp_path: Path) -> None:
    data = tmp_path / "resources.yml"
    data.write_bytes(b"services:\n  - id: x\n    name: caf\xe9\n")
    run = cli_run("resources", "check", "--data", str(data))
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert str(data) in run.stderr and "line 3 is not UTF-8" in run.stderr


def test_an_impossible_date_in_the_resources_file_is_named_with_its_line(tmp_path: Path) -> None:
    text = (ROOT / "supportbook" / "data" / "resources.yml").read_text(encoding="utf-8")
    match = re.search(r"^(\s*checked: )(\d{4}-\d{2}-\d{2})", text, re.M)
    assert match, "no 'checked:' date in resources.yml: update this test"
    line = text[: match.start()].count("\n") + 1
    data = tmp_path / "resources.yml"
    data.write_text(text[: match.start(2)] + "2026-02-30" + text[match.end(2) :], encoding="utf-8")
    run = cli_run("resources", "check", "--data", str(data))
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert f"line {line}: 2026-02-30 is not a real date" in run.stderr


def test_an_impossible_date_in_front_matter_is_a_front_matter_error() -> None:
    page = "---\nsupportbook:\n  kind: chapter\n  id: family\n  audience: [families]\n"
    page += "  last_reviewed: 2026-02-30\n---\n"
    with pytest.raises(frontmatter.FrontMatterError) as caught:
        frontmatter.parse(page + "# Title\n")
    assert caught.value.line == 6 and "2026-02-30 is not a real date" in str(caught.value)


def test_an_output_under_a_file_is_refused_before_building(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    run = cli_run("pack", "--chapters", "family", "--format", "html", "--output", str(blocker / "week3"))
    assert run.returncode == 2
    assert f"{blocker} is a file, not a folder" in one_line(run.stderr)


@pytest.mark.parametrize("where", ["missing", "not-a-book", "bad-toc"])
def test_a_hidden_book_option_with_a_bad_path_is_one_line(tmp_path: Path, where: str) -> None:
    book = tmp_path / where
    if where != "missing":
        book.mkdir()
    if where == "bad-toc":
        (book / "_toc.yml").write_bytes(b"root: \xff\xfe\n")
    run = cli_run("pack", "--book", str(book), "--list")
    assert run.returncode == 2
    assert str(book) in one_line(run.stderr)


def test_an_unwritable_site_folder_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "site"
    blocker.write_text("x", encoding="utf-8")
    made = tmp_path / "made.epub"
    made.write_bytes(b"PK")
    monkeypatch.setattr(editions, "epub", lambda root: made)
    monkeypatch.setattr(editions.toolchain, "missing_java", lambda: True)
    assert cli.main(["epub", "--site", str(blocker)]) == 2


def test_an_unexpected_error_in_a_command_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(args: object) -> int:
        raise RuntimeError("something odd")

    monkeypatch.delenv("SUPPORTBOOK_DEBUG", raising=False)
    monkeypatch.setattr(command, "run", broken)  # `register` looks it up each time the parser is built
    assert cli.main(["pack", "--list"]) == 1
    line = one_line(capsys.readouterr().err)
    assert "RuntimeError: something odd" in line and "report" in line


# ---- reproducible editions ----------------------------------------------------------------------------


def test_two_epub_builds_of_one_commit_are_byte_identical(tmp_path: Path) -> None:
    """From a snapshot of the book (others may be editing the working tree meanwhile), outside git."""
    book = copy_book(tmp_path / "book")
    first = editions.epub(book, tmp_path / "one", log=tmp_path / "one.log")
    time.sleep(1.1)  # a second later: any clock in the file would differ
    second = editions.epub(book, tmp_path / "two", log=tmp_path / "two.log")
    assert first.read_bytes() == second.read_bytes()


def test_editions_are_dated_by_the_last_commit_or_else_the_newest_book_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    if shutil.which("git") and (ROOT / ".git").exists():
        last = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], capture_output=True, text=True)
        assert reproducible.source_date_epoch(ROOT) == int(last.stdout)
    outside = tmp_path / "tarball"
    (outside / "book").mkdir(parents=True)
    (outside / "_toc.yml").write_text("root: book/intro\n", encoding="utf-8")
    (outside / "book" / "intro.md").write_text("# Intro\n", encoding="utf-8")
    os.utime(outside / "_toc.yml", (1_700_000_000, 1_700_000_000))
    os.utime(outside / "book" / "intro.md", (1_750_000_000, 1_750_000_000))
    assert reproducible.source_date_epoch(outside) == 1_750_000_000
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    assert reproducible.environment(outside)["SOURCE_DATE_EPOCH"] == "1234567890"
