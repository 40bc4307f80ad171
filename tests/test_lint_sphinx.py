"""The Sphinx extension turns findings into warnings, so a strict build fails on them."""

from __future__ import annotations

import io
from pathlib import Path

from sphinx.application import Sphinx

from supportbook.sphinxext.lintcheck import LintCheck, warning_text


def build(src: Path, tmp_path: Path, extensions: list[str]) -> tuple[str, int]:
    (src / "conf.py").write_text(f"extensions = {extensions!r}\nexclude_patterns = ['_build']\n", encoding="utf-8")
    warnings = io.StringIO()
    app = Sphinx(str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), "dummy",
                 status=None, warning=warnings, freshenv=True)  # fmt: skip
    app.build()
    return warnings.getvalue(), app.statuscode


def test_findings_are_warnings_with_file_and_line(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "index.md").write_text(
        "---\nsupportbook:\n  kind: page\n---\n# Index\n\nA calm page.\n\nHer uncle\ncommitted suicide.\n",
        encoding="utf-8",
    )
    warnings, _ = build(src, tmp_path, ["myst_parser", "supportbook"])
    lines = [line for line in warnings.splitlines() if "LANG-COMMITTED" in line]
    assert len(lines) == 1, warnings
    assert "index.md:10: WARNING: LANG-COMMITTED" in lines[0]


def test_a_clean_page_builds_without_lint_warnings(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "index.md").write_text("# Index\n\nWe are committed to supporting families.\n", encoding="utf-8")
    warnings, status = build(src, tmp_path, ["myst_parser", "supportbook"])
    assert "supportbook.lint" not in warnings
    assert status == 0


def test_the_handler_keeps_no_state_between_documents() -> None:
    check = LintCheck()
    assert check.rules() is check.rules()
    assert vars(check).keys() == {"_rules"}


def test_warning_text_mirrors_the_cli() -> None:
    from supportbook.lint import lint_text

    (finding,) = lint_text("He committed suicide.\n")
    text = warning_text(finding)
    assert text.startswith("LANG-COMMITTED ")
    assert " — " in text
    assert text.endswith("[col 4]")


def test_an_incremental_rebuild_repeats_the_warnings(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "index.md").write_text("# Index\n\n```{toctree}\nother\n```\n\nA calm page.\n", encoding="utf-8")
    (src / "other.md").write_text("# Other\n\nCutters hide it.\n", encoding="utf-8")
    first, _ = build(src, tmp_path, ["myst_parser", "supportbook"])
    assert "other.md:3: WARNING: LANG-LABEL" in first
    warnings = io.StringIO()
    app = Sphinx(str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), "dummy",
                 status=None, warning=warnings, freshenv=False)  # fmt: skip
    app.build()
    assert "other.md:3: WARNING: LANG-LABEL" in warnings.getvalue()
