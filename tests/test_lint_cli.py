"""`python -m supportbook lint`: exit codes, output formats, default paths, files outside the book."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from supportbook.cli import main
from supportbook.lint import lint_text
from supportbook.lint.engine import MAX_CHARACTERS, TooLargeError

LINE_FORMAT = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<rule>[A-Z0-9-]+) (?P<msg>.+) — (?P<sugg>.+) \((?P<src>.+)\)$"
)


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    (tmp_path / "clean.md").write_text("# Talking with a counselor\n\nA calm, kind page.\n", encoding="utf-8")
    (tmp_path / "bad.md").write_text("# A page\n\nHer uncle\ncommitted suicide.\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not markdown\n", encoding="utf-8")
    return tmp_path


def test_exit_0_when_clean(pages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(pages / "clean.md")]) == 0
    out = capsys.readouterr().out
    assert "0 findings in 1 file" in out


def test_exit_1_with_findings_in_the_documented_format(pages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(pages / "bad.md")]) == 1
    first, *rest = capsys.readouterr().out.splitlines()
    match = LINE_FORMAT.match(first)
    assert match, first
    assert match["file"].endswith("bad.md")
    assert (match["line"], match["col"], match["rule"]) == ("4", "1", "LANG-COMMITTED")
    assert any("1 finding in 1 file" in line for line in rest)


def test_exit_2_on_bad_usage(pages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(pages / "missing.md")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["lint", str(pages / "notes.txt")]) == 2
    assert "not a Markdown file" in capsys.readouterr().err
    assert main(["lint", "--format", "xml", str(pages / "bad.md")]) == 2
    assert main(["lint", "--rules", str(pages / "no-rules.yml"), str(pages / "bad.md")]) == 2


def test_json_format(pages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--format", "json", str(pages)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["files"] == 2
    assert data["summary"]["by_rule"] == {"LANG-COMMITTED": 1}
    (finding,) = data["findings"]
    assert {"path", "line", "col", "rule_id", "message", "suggestion", "source"} <= set(finding)
    assert data["suppressions"] == []


def test_summary_lists_suppressions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "guide.md"
    page.write_text(
        'Say "died by suicide", not "committed suicide". '
        "<!-- lint-ignore LANG-COMMITTED: teaches the better phrase -->\n",
        encoding="utf-8",
    )
    assert main(["lint", str(page)]) == 0
    out = capsys.readouterr().out
    assert "1 suppression used" in out
    assert "guide.md:1: LANG-COMMITTED (teaches the better phrase)" in out


def test_default_paths_are_book_and_exercises_of_the_repo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "_toc.yml").write_text("root: book/intro\n", encoding="utf-8")
    for folder in ("book/part", "exercises", "other"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "book/part/a.md").write_text("Cutters hide it.\n", encoding="utf-8")
    (tmp_path / "exercises/b.md").write_text("A calm page.\n", encoding="utf-8")
    (tmp_path / "other/c.md").write_text("He committed suicide.\n", encoding="utf-8")
    cwd = Path.cwd()
    os.chdir(tmp_path / "exercises")  # any folder inside the repository
    try:
        assert main(["lint"]) == 1
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert "LANG-LABEL" in out
    assert "LANG-COMMITTED" not in out
    assert "1 finding in 2 files" in out


def test_list_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--list-rules"]) == 0
    out = capsys.readouterr().out
    assert "LANG-COMMITTED [language]" in out
    assert "source:" in out


def test_any_markdown_file_outside_the_book_via_the_module(tmp_path: Path) -> None:
    page = tmp_path / "draft.md"
    page.write_text("Some teens self-harm for attention.\n", encoding="utf-8")
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run(
        [sys.executable, "-m", "supportbook", "lint", str(page)], capture_output=True, text=True, cwd=root
    )
    assert proc.returncode == 1, proc.stderr
    assert "draft.md:1:" in proc.stdout
    assert "LANG-ATTENTION" in proc.stdout


def test_a_50_mb_file_is_refused_with_the_size_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    huge = tmp_path / "huge.md"
    with huge.open("wb") as handle:
        handle.write(b"# A page\n\nHer uncle committed suicide.\n")
        handle.truncate(50_000_000)
    started = time.monotonic()
    assert main(["lint", str(huge)]) == 2
    assert time.monotonic() - started < 5, "the limit must be checked before the file is read"
    captured = capsys.readouterr()
    (line,) = captured.err.strip().splitlines()
    assert line.startswith("lint: ") and "huge.md: 50.0 million bytes is more than the linter's limit" in line, line
    assert f"{MAX_CHARACTERS / 1_000_000:g} million per file" in line
    assert "Traceback" not in captured.err and captured.out == ""


def test_a_text_over_the_limit_is_refused_without_linting_it() -> None:
    with pytest.raises(TooLargeError, match=r"^big\.md: 5\.0 million characters is more than the linter's limit"):
        lint_text("a" * (MAX_CHARACTERS + 1), path="big.md")
    assert lint_text("A calm line.\n" * 1000) == []
