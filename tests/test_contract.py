"""The chapter contract and bad input: a broken book stops with a message naming the file and the fix.

Each test builds a tiny book (the real _config.yml, extension and template) in a temporary folder.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = (ROOT / "book" / "_templates" / "chapter-template.md").read_text(encoding="utf-8")


EXERCISES = (ROOT / "exercises" / "ex-therapists.md").read_text(encoding="utf-8")


def chapter(text: str = TEMPLATE) -> str:
    """The template with a title its exercises page can match (see exercises_for)."""
    return text.replace("# The name of the support (never the behaviour)", "# Licensed example")


def exercises_for(cid: str) -> str:
    """A real exercises page, re-labelled for chapter `cid` (every chapter needs one)."""
    return EXERCISES.replace("therapists", cid).replace("{ref}`ch-" + cid + "`", "the chapter")


def make_book(tmp: Path, pages: dict[str, str], toc_extra: str = "") -> Path:
    shutil.copy(ROOT / "_config.yml", tmp / "_config.yml")
    (tmp / "supportbook").symlink_to(ROOT / "supportbook")
    for folder in ("_templates", "_static"):
        shutil.copytree(ROOT / "book" / folder, tmp / "book" / folder)
    shutil.copy(ROOT / "book" / "references.bib", tmp / "book" / "references.bib")
    (tmp / "book" / "intro.md").write_text("(intro)=\n# Intro\n\nHello.\n", encoding="utf-8")
    (tmp / "book" / "refs.md").write_text("(refs)=\n# References\n\n```{bibliography}\n```\n", encoding="utf-8")
    shutil.copy(ROOT / "book" / "back" / "safety-resources.md", tmp / "book" / "help.md")
    shutil.copy(ROOT / "book" / "leave-this-site.md", tmp / "book" / "leave-this-site.md")  # the appendix links it
    entries = ""
    for name in pages:
        (tmp / "book" / f"ex-{name}.md").write_text(exercises_for(name), encoding="utf-8")
        entries += f"      - file: book/{name}\n        sections:\n          - file: book/ex-{name}\n"
    entries += "      - file: book/refs\n      - file: book/help\n      - file: book/leave-this-site\n"
    (tmp / "_toc.yml").write_text(
        f"format: jb-book\nroot: book/intro\nparts:\n  - caption: Part\n    chapters:\n{entries}{toc_extra}",
        encoding="utf-8",
    )
    for name, text in pages.items():
        (tmp / "book" / f"{name}.md").write_text(text, encoding="utf-8")
    return tmp


def build(book: Path) -> subprocess.CompletedProcess[str]:
    jb = Path(sys.executable).with_name("jupyter-book")
    return subprocess.run(
        [str(jb), "build", str(book), "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        cwd=book,
        check=False,
    )


def test_a_chapter_written_from_the_template_builds_cleanly(tmp_path: Path) -> None:
    result = build(make_book(tmp_path, {"example": chapter()}))
    assert result.returncode == 0, result.stderr[-3000:] + result.stdout[-1500:]
    html = (tmp_path / "_build" / "html" / "book" / "example.html").read_text(encoding="utf-8")
    assert "Reading time:" in html and "What you will learn" in html and "Key points" in html
    assert "In short" in html


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One strict build of a book with several broken pages; returns everything it printed."""
    tmp = tmp_path_factory.mktemp("broken")
    no_objectives = re.sub(r"```\{objectives\}.*?```\n", "", chapter(), flags=re.S).replace("example", "noobj")
    no_world = chapter().replace("(ch-example-world)=\n", "").replace("example", "noworld")
    no_in_short = re.sub(r"\(ch-example-in-short\)=\n```\{in-short\}.*?```\n", "", chapter(), flags=re.S)
    no_in_short = no_in_short.replace("example", "noshort")
    late_in_short = chapter().replace("(ch-example-in-short)=\n", "Text first.\n\n(ch-example-in-short)=\n")
    late_in_short = late_in_short.replace("example", "lateshort")
    two_objectives = chapter().replace(
        "- Use calm, simple words to suggest it to a young person.\n", ""
    ).replace("- Describe what happens when a young person uses it.\n", "").replace("example", "fewobj")
    bad_yaml = chapter().replace("  kind: chapter\n", "  kind: chapter\n   id: [unclosed\n").replace(
        "example", "badyaml"
    )
    no_box = chapter().replace("```{safety-box}\n```\n", "").replace("example", "nobox")
    pages = {
        "noobj": no_objectives,
        "noworld": no_world,
        "noshort": no_in_short,
        "lateshort": late_in_short,
        "fewobj": two_objectives,
        "badyaml": bad_yaml,
        "nobox": no_box,
    }
    result = build(make_book(tmp, pages, toc_extra="      - file: book/not-written-yet\n"))
    assert result.returncode != 0
    return result.stdout + result.stderr


def test_a_chapter_without_objectives_fails_naming_the_file_and_the_part(broken_build: str) -> None:
    assert re.search(r"noobj\.md.*chapter contract: missing exactly one '\{objectives\}' directive", broken_build)


def test_a_chapter_with_too_few_objectives_fails_with_the_count(broken_build: str) -> None:
    assert re.search(r"fewobj\.md:\d+.*3-5 learning objectives.*\(found 1\)", broken_build)


def test_a_chapter_missing_a_section_label_fails_naming_the_label(broken_build: str) -> None:
    expected = r"noworld\.md.*missing an 'Around the world' section, labelled '\(ch-noworld-world\)='"
    assert re.search(expected, broken_build)


def test_a_chapter_without_its_in_short_list_fails_naming_the_directive_and_label(broken_build: str) -> None:
    expected = r"noshort\.md.*missing one '\{in-short\}' directive right after the safety box, labelled"
    assert re.search(expected, broken_build)


def test_an_in_short_list_after_other_text_fails_saying_it_must_come_first(broken_build: str) -> None:
    assert re.search(r"lateshort\.md:\d+.*'\{in-short\}' straight after the safety box", broken_build)


def test_a_chapter_without_the_safety_box_first_fails(broken_build: str) -> None:
    assert re.search(r"nobox\.md.*missing the '\{safety-box\}' directive as the first thing", broken_build)


def test_malformed_front_matter_names_the_file_and_says_what_to_fix_without_a_traceback(broken_build: str) -> None:
    assert re.search(r"badyaml\.md:\d+: WARNING: front matter: the YAML front matter does not parse", broken_build)
    assert "Traceback" not in broken_build


def test_a_toc_entry_without_a_file_names_the_entry(broken_build: str) -> None:
    assert "_toc.yml names 'book/not-written-yet', but there is no file book/not-written-yet.md" in broken_build


def test_an_incremental_build_refreshes_the_assignment_table_when_a_chapter_grows(tmp_path: Path) -> None:
    """The table of every chapter's reading time lives on another page: a changed chapter must not leave it stale."""
    table_page = "(assign)=\n# Assigning\n\n```{assignment-table}\n```\n"
    book = make_book(tmp_path, {"example": chapter()}, toc_extra="      - file: book/assign\n")
    (book / "book" / "assign.md").write_text(table_page, encoding="utf-8")

    def minutes() -> str:
        html = (book / "_build" / "html" / "book" / "assign.html").read_text(encoding="utf-8")
        found = re.search(r"(\d+) min", re.sub(r"<[^>]+>", " ", html))
        assert found, "no reading time in the assignment table"
        return found.group(1)

    first = build(book)
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-2000:]
    before = minutes()
    source = book / "book" / "example.md"
    extra = "\n\nA calm adult who listens makes a real difference to a young person. " * 120
    source.write_text(source.read_text(encoding="utf-8").replace("## At a glance", extra + "\n\n## At a glance"))
    second = build(book)
    assert second.returncode == 0, second.stdout[-2000:] + second.stderr[-2000:]
    assert int(minutes()) > int(before), (before, minutes())
