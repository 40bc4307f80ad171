"""Short handouts from the built site: a chapter summary, a worksheet of its exercises, each lesson plan.

    supportbook handouts --site _build/html [--paper a4] [--country UK]

For every chapter, `ID-summary.pdf` (one or two pages: the key points, the words to say from the
chapter's "Words to say" sections, the triage ladder and the lines to call) and `ID-worksheet.pdf` (the
exercises page alone, each exercise on its own sheet with lines to write on); for every lesson plan,
`lesson-ID.pdf`. They are set by XeLaTeX straight from the strict HTML build (`texhtml`), so every word
is the one the site shows, rendered from its one source: the safety box, the ladder (ladder.yml) and
the services (resources.yml) are never typed here. With a country, only summaries are made here (the
full handouts, `editions`, carry that country's safety resources): the safety box keeps that country's
line and adds its other 24/7 lines and its lines for worried adults (the same selection as the country
card). A summary longer than two pages stops the build.
"""

from __future__ import annotations

import copy
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bs4 import Tag

from supportbook import cards, names
from supportbook import ladder as ladder_data
from supportbook import resources as resource_data
from supportbook.model import Book, Chapter
from supportbook.packs import texhtml, xelatex

PAPERS = {"letter": "letterpaper", "a4": "a4paper"}
MAX_SUMMARY_PAGES = 2
START_DOC = "book/start"  # its ladder and first-conversation words serve a chapter that has none
CREATOR = "Circles of Support short handout, made by supportbook handouts"
FOOTER = "Circles of Support: a free, open guide (CC BY-SA 4.0). Not a substitute for professional or emergency help."
WORDS_PARTS = (("families-words", "For families"), ("educators-words", "For educators"))


class HandoutError(Exception):
    """A short handout cannot be made; one line naming the handout and what to do."""


class UsageError(HandoutError):
    """An unknown paper size or country (exit status 2)."""


@dataclass(frozen=True)
class Made:
    kind: str  # summary, worksheet or lesson
    path: Path
    pages: int
    seconds: float


@dataclass(frozen=True)
class Job:
    kind: str
    name: str  # the PDF's file name
    title: str
    tex: str


def folder_for(site: Path, folder: str, paper: str, country: str) -> Path:
    """handouts/ (US Letter), handouts/a4/, handouts/uk/, handouts/a4/uk/ ..."""
    out = site / folder
    if paper != "letter":
        out = out / paper
    return out / country.lower() if country else out


def _read(site: Path, docname: str) -> Tag:
    page = site / f"{docname}.html"
    try:
        return texhtml.main_article(page.read_text(encoding="utf-8"))
    except OSError:
        raise HandoutError(f"{page} is missing; run `make book` first (or give --site the built site)") from None


def _document(title: str, subtitle: str, body: str, paper: str) -> str:
    return f"""\\documentclass[10pt]{{article}}
\\usepackage[{PAPERS[paper]},hmargin=15mm,top=14mm,bottom=18mm,footskip=8mm]{{geometry}}
{texhtml.PREAMBLE}
\\hypersetup{{pdftitle={{{texhtml.escape(title)}}}, pdfauthor={{The Circles of Support contributors}},
  pdfcreator={{{CREATOR}}}, pdflang={{en-US}}}}
\\fancyfoot[L]{{\\footnotesize {texhtml.escape(FOOTER)}}}\\fancyfoot[R]{{\\footnotesize \\thepage}}
\\begin{{document}}
{{\\sffamily\\LARGE\\bfseries\\color{{sbdark}} {texhtml.escape(title)}\\par}}\\smallskip
{{\\sffamily {texhtml.escape(subtitle)}\\par}}
{body}
\\end{{document}}
"""


def _safety_box(box: Tag, country: str, country_name: str) -> Tag:
    """The page's safety box; with a country, only that country's line is kept."""
    box = copy.copy(box)
    if not country:
        return box
    for item in box.select("ul.supportbook-safety-list > li"):
        label = item.find("strong")
        if label is None or label.get_text(strip=True).rstrip(":") != country_name:
            item.decompose()
    return box


def _country_lines(code: str) -> str:
    """The country's other 24/7 lines and its lines for worried adults (the country card's selection)."""
    card = cards.card_text(resource_data.load(), ladder_data.load(), code)
    parts = []
    if card.lines:
        items = "".join(f"\\item {texhtml.escape(line)}\n" for line in card.lines)
        heading = "\\textbf{Lines you can call or text, day or night:}"
        parts.append(f"{heading}\n\\begin{{itemize}}\n{items}\\end{{itemize}}\n")
    if card.adults:
        items = "".join(f"\\item {texhtml.escape(line)}\n" for line in card.adults)
        parts.append(f"\\textbf{{For you, the adult:}}\n\\begin{{itemize}}\n{items}\\end{{itemize}}\n")
    parts.append(f"{{\\small Services checked {texhtml.escape(card.checked)} or later.\\par}}")
    return "".join(parts)


def summary_tex(site: Path, chapter: Chapter, paper: str, country: str = "") -> str:
    article = _read(site, chapter.docname)
    start = _read(site, START_DOC)
    convert = texhtml.Converter(heading_shift=1)
    resources = resource_data.load()
    name = resources.country_name(country) if country else ""
    box = article.select_one(f".{names.SAFETY_BOX}")
    body = [convert.convert(_safety_box(box, country, name))] if box is not None else []
    if country:
        body.append(_country_lines(country))
    points = article.select_one(f".{names.KEY_POINTS}")
    if points is not None:
        body.append("\\section*{In short}\n" + convert.convert(points.find("ul") or points))
    words = []
    for suffix, heading in WORDS_PARTS:
        section = texhtml.labelled(article, f"ch-{chapter.id}-{suffix}")
        if section is None:
            continue
        section = copy.copy(section)
        for title in section.find_all(["h2", "h3", "h4"], recursive=False):
            title.decompose()
        words.append(f"\\subsection*{{{heading}}}\n" + convert.children(section))
    if not words:  # the closing chapter: the first-conversation words (ladder.yml) from the start page
        section = texhtml.labelled(start, "start-words")
        if section is not None:
            section = copy.copy(section)
            for title in section.find_all(["h2", "h3"], recursive=False):
                title.decompose()
            words.append(convert.children(section))
    if words:
        body.append("\\section*{Words to say}\n\\begin{multicols}{2}\n" + "".join(words) + "\\end{multicols}\n")
    ladder = article.select_one(".supportbook-ladder") or start.select_one(".supportbook-ladder")
    if ladder is not None:
        body.append("{\\small\n" + convert.convert(ladder) + "}\n")
    where = f" ({name})" if name else ""
    subtitle = f"A summary of the chapter{where}, from Circles of Support"
    return _document(f"{chapter.title}: in short", subtitle, "\n".join(body), paper)


def _page_body(article: Tag) -> str:
    article = copy.copy(article)
    heading = article.find("h1")
    if heading is not None:
        heading.decompose()
    return texhtml.Converter(heading_shift=1).children(article)


def worksheet_tex(site: Path, chapter: Chapter, paper: str) -> str:
    article = _read(site, chapter.exercises or "")
    title = texhtml.page_title(article)
    subtitle = "Worksheets from Circles of Support: each exercise on its own sheet"
    return _document(title, subtitle, _page_body(article), paper)


def lesson_tex(site: Path, docname: str, paper: str) -> str:
    article = _read(site, docname)
    title = texhtml.page_title(article)
    return _document(title, "A lesson plan from Circles of Support", _page_body(article), paper)


def lesson_docnames(book: Book) -> list[tuple[str, str]]:
    """(lesson id, docname) of every lesson plan, in book order."""
    return [(page.id, page.docname) for page in book.pages if page.kind == "lesson" and page.id]


def jobs(site: Path, book: Book, chapters: Sequence[Chapter], paper: str, country: str = "") -> list[Job]:
    wanted = {chapter.id for chapter in chapters}
    found: list[Job] = []
    for chapter in chapters:
        summary = summary_tex(site, chapter, paper, country)
        found.append(Job("summary", f"{chapter.id}-summary.pdf", chapter.title, summary))
        if country:  # worksheets and lesson plans are the same in every country: no copies in its folder
            continue
        if chapter.exercises:
            worksheet = worksheet_tex(site, chapter, paper)
            found.append(Job("worksheet", f"{chapter.id}-worksheet.pdf", chapter.title, worksheet))
    for lesson_id, docname in lesson_docnames(book):
        if lesson_id in wanted and not country:
            found.append(Job("lesson", f"lesson-{lesson_id}.pdf", lesson_id, lesson_tex(site, docname, paper)))
    return found


def _compile(work: Path, job: Job, env: dict[str, str]) -> tuple[Path, int]:
    tex = work / job.name.replace(".pdf", ".tex")
    tex.write_text(job.tex, encoding="utf-8")
    try:
        done = xelatex.run(tex, timeout=300, env=env)
    except xelatex.NotInstalled:
        raise HandoutError("xelatex is not installed; run `make handouts`, which checks TeX first") from None
    if not done.made:
        raise HandoutError(f"{job.name} did not build: {done.first_error} (TeX source: {tex})")
    if done.lost_glyph:
        raise HandoutError(f"{job.name} uses a character the fonts lack; change the page's text ({done.log_file})")
    pages = done.pages
    if job.kind == "summary" and pages > MAX_SUMMARY_PAGES:
        raise HandoutError(
            f"{job.name} runs to {pages} pages (at most {MAX_SUMMARY_PAGES}); shorten the chapter's key points "
            "or words to say"
        )
    return done.pdf, pages


def build(
    site: Path,
    book: Book,
    chapters: Sequence[Chapter],
    target: Path,
    *,
    paper: str = "letter",
    country: str = "",
    workers: int = 2,
    env: dict[str, str] | None = None,
    on_made: Callable[[Made], None] | None = None,
) -> list[Made]:
    """Write the short handouts into `target`; each is moved there only when all of them are made."""
    if paper not in PAPERS:
        raise UsageError(f"unknown paper {paper!r}; use {' or '.join(PAPERS)}")
    todo = jobs(site, book, chapters, paper, country)
    made: list[Made] = []
    with tempfile.TemporaryDirectory(prefix="supportbook-handouts-") as tmp:
        work = Path(tmp)

        def one(job: Job) -> tuple[Job, Path, int, float]:
            start = time.perf_counter()
            pdf, pages = _compile(work, job, env or {})
            return job, pdf, pages, time.perf_counter() - start

        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            results = list(pool.map(one, todo))
        target.mkdir(parents=True, exist_ok=True)
        for job, pdf, pages, seconds in results:
            shutil.copy2(pdf, target / job.name)
            result = Made(job.kind, target / job.name, pages, seconds)
            made.append(result)
            if on_made:
                on_made(result)
    return made

