"""One xelatex run and what its log says, as the cards and the short handouts read it (packs/xelatex.py)."""

from __future__ import annotations

from pathlib import Path

from editions_support import require_tex

from supportbook.packs import xelatex

DOCUMENT = "\\documentclass{{article}}\n\\begin{{document}}\n{body}\n\\end{{document}}\n"


def _run(tmp_path: Path, body: str) -> xelatex.Run:
    require_tex()
    tex = tmp_path / "t.tex"
    tex.write_text(DOCUMENT.format(body=body), encoding="utf-8")
    return xelatex.run(tex, timeout=120)


def test_a_run_that_works_gives_the_pdf_and_its_page_count(tmp_path: Path) -> None:
    done = _run(tmp_path, "One.\\newpage Two.")
    assert done.made and done.pdf.is_file() and done.pages == 2 and not done.lost_glyph


def test_a_run_that_fails_names_the_first_tex_error(tmp_path: Path) -> None:
    done = _run(tmp_path, "\\nosuchcommand")
    assert not done.made
    assert done.first_error == "! Undefined control sequence.", done.first_error


def test_a_log_without_an_error_line_or_a_page_count_says_so() -> None:
    done = xelatex.Run(Path("x.tex"), made=False, log="This is XeTeX\nNo pages of output.\n")
    assert done.first_error == "see the TeX log" and done.pages == 0 and done.log_file == Path("x.log")
    assert xelatex.Run(Path("x.tex"), made=True, log="Missing character: There is no ☃").lost_glyph
