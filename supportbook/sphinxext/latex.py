"""The print edition: how the book's own nodes look in LaTeX (the book PDF, chapter handouts, course packs).

Everything else in the extension builds standard docutils nodes; this module only decides how they print:

- Boxes: the safety box prints as a framed box of its own ("danger" style, coloured in `_config.yml`'s
  `sphinxsetup`); objectives, key points, "For teachers", "Things to notice", facilitator notes and
  "Not confirmed" each print in a style chosen by their CSS class (a LaTeX visitor for admonitions).
- Worksheets: an exercises page starts on a new page, each exercise after the first starts on a new page,
  and every prompt is followed by ruled lines to write on (raw LaTeX added by a post-transform), as the
  HTML print stylesheet does.
- Structure: the root page prints as an unnumbered "Introduction" chapter, the first page of kind
  `appendix` starts the appendices (chapters lettered A, B, ...), the bibliography stays in the page that
  holds it, and each chapter's reading time / review date / "For teachers" block is rendered for its own
  chapter (the assembled LaTeX document otherwise carries only the root page's name).
- Links and tables: a web link whose text is its own address gets no URL footnote (others do, through
  `latex_show_urls`); list items and rubrics (emergency numbers, exercises) get LaTeX labels, so every
  cross-reference links and prints its page; the teacher's chapter table may run over pages and drops its
  web-address column; table cells are ragged right.
- A title page from the book's title, a subtitle, the version and the rights line; a course pack's cover
  also lists its chapters (`supportbook_cover_chapters`).
- `\\tracinglostchars=2`: a glyph the font lacks is written to the log as "Missing character", where
  `supportbook.packs.texlog` finds it and fails the build.

It also registers `supportbook_handouts`, the folder (relative to the site root) holding the chapter
handout PDFs that each chapter page links to; course packs set it to "" (no links).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.latex import LaTeXTranslator

from supportbook import names
from supportbook.sphinxext import exercises, store
from supportbook.sphinxext.html import APPENDIX_DOC
from supportbook.sphinxext.safety_nodes import APPENDIX_LABEL

INTRO_TITLE = "Introduction"
APPENDIX_KIND = "appendix"
DEFAULT_STYLE = "note"
# CSS class -> the Sphinx admonition style it prints in (colours: `sphinxsetup` in _config.yml).
ADMONITION_STYLES: dict[str, str] = {
    names.SAFETY_BOX: "danger",
    names.LADDER: "danger",
    names.OBJECTIVES: "tip",
    names.KEY_POINTS: "tip",
    names.IN_SHORT: "tip",
    names.TEACHING: "tip",  # "Before you teach" (teaching.yml), as on the web
    names.FOR_TEACHERS: "note",
    names.EXERCISE_NOTICE: "hint",
    names.FACILITATOR_NOTES: "important",
    names.UNCERTAIN: "warning",
}
WRITING_LINES = 4  # ruled lines under each prompt, as in the HTML print stylesheet
WEB_ONLY_COLUMN = "Stable link"
PART_COLUMN = "Part"  # in print, each chapter's part is a small line under its title
# The printed assignment table: Chapter (and part), For, Reading time, Objectives; every cell ragged right,
# so no column is stretched into word gaps, and no column so narrow that its words break.
PRINT_TABLE_SPEC = "".join(
    rf">{{\raggedright\arraybackslash}}\X{{{width}}}{{100}}" for width in (23, 15, 11, 51)
)
CELL_BULLET = r"\hangindent=1em\hangafter=1\makebox[1em][l]{\textbullet}"

PREAMBLE = r"""
% ---- supportbook.sphinxext.latex ----
% Report every glyph the fonts lack in the log ("Missing character"); the build fails on it.
\tracinglostchars=2
\makeatletter
% Box titles: no icon (the same on every machine, with or without fontawesome).
\renewcommand\sphinxtitlerowaftericonspacecmd{}
% Worksheets: ruled lines to write on, kept with the prompt above them.
\newcommand\supportbookwritinglines[1][4]{%
  \par\nobreak
  \moveright\@totalleftmargin\vbox{\@tempcnta=#1\relax
    \loop\ifnum\@tempcnta>\z@
      \vskip1.875em{\color{black!45}\hrule width\linewidth height .4pt}%
      \advance\@tempcnta\m@ne
    \repeat}%
  \vskip.6em\relax}
% Table cells ragged right, and no column squeezed narrower than a word such as "November".
\newcolumntype{T}{L}
\setlength{\tymin}{4.5em}
% The bibliography belongs to the References page: no extra "Bibliography" chapter heading.
\renewenvironment{sphinxthebibliography}[1]
  {\begingroup\def\chapter##1##2{}\begin{thebibliography}{#1}}
  {\end{thebibliography}\endgroup}
\makeatother
% ---- end supportbook.sphinxext.latex ----
"""


TEX_SPECIAL = {  # characters TeX reads as commands, written so they print as themselves
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def tex_text(text: str) -> str:
    """Plain text as LaTeX (usable before Sphinx's own escaping tables are set up)."""
    return "".join(TEX_SPECIAL.get(char, char) for char in " ".join(text.split()))


def _style(node: nodes.Element) -> str:
    for css in node.get("classes", []):
        if css in ADMONITION_STYLES:
            return ADMONITION_STYLES[css]
    return DEFAULT_STYLE


def visit_admonition(self: LaTeXTranslator, node: nodes.Element) -> None:
    """Like Sphinx's generic admonition, with the style picked from the node's class."""
    self.body.append("\n\\begin{sphinxadmonition}{" + _style(node) + "}")
    self.no_latex_floats += 1
    if self.table:
        self.table.has_problematic = True


def depart_admonition(self: LaTeXTranslator, node: nodes.Element) -> None:
    self.body.append("\\end{sphinxadmonition}\n")
    self.no_latex_floats -= 1


# Sphinx writes no LaTeX label for the ids of a list item or a rubric, so a reference to one (each
# country's emergency number in the appendix, each exercise) links nowhere and prints "page ??".
def visit_list_item(self: LaTeXTranslator, node: nodes.Element) -> None:
    LaTeXTranslator.visit_list_item(self, node)
    if node.get("ids"):
        self.body.append(self.hypertarget_to(node, anchor=True))


def depart_list_item(self: LaTeXTranslator, node: nodes.Element) -> None:
    LaTeXTranslator.depart_list_item(self, node)


def visit_rubric(self: LaTeXTranslator, node: nodes.rubric) -> None:
    LaTeXTranslator.visit_rubric(self, node)


def depart_rubric(self: LaTeXTranslator, node: nodes.rubric) -> None:
    LaTeXTranslator.depart_rubric(self, node)
    if node.get("ids"):
        self.body.append(self.hypertarget_to(node, anchor=True))


class print_link(nodes.Inline, nodes.TextElement):
    """A web link whose text already shows its address: printed without a footnote that repeats it."""


def visit_print_link(self: LaTeXTranslator, node: print_link) -> None:
    self.body.append("\\sphinxhref{" + self.encode_uri(node["refuri"]) + "}{")


def depart_print_link(self: LaTeXTranslator, node: print_link) -> None:
    self.body.append("}")


def _bare(address: str) -> str:
    for prefix in ("https://", "http://", "www."):
        address = address.removeprefix(prefix)
    return address.rstrip("/").lower()


class LinksShowTheirAddress(SphinxPostTransform):
    """Links that read as their own address ("findahelpline.com") get no URL footnote; others do."""

    default_priority = 390  # before Sphinx's ShowUrlsTransform (400) adds the footnotes
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for ref in list(self.document.findall(nodes.reference)):
            uri = ref.get("refuri", "")
            if uri.startswith(("http://", "https://")) and _bare(ref.astext()) == _bare(uri):
                link = print_link("", "", *ref.children, refuri=uri)
                ref.replace_self(link)


def _raw(text: str) -> nodes.raw:
    return nodes.raw("", text, format="latex")


def _docname_of(node: nodes.Node) -> str | None:
    """The page a node of the assembled LaTeX document comes from.

    Sphinx marks every section of an included page with its `docname` (and the JB LaTeX extension marks
    the root page's sections); parent links above a page's top section are not reliable there.
    """
    parent = node.parent
    while parent is not None:
        if isinstance(parent, addnodes.start_of_file):
            return parent["docname"]
        if isinstance(parent, nodes.section) and parent.get("docname"):
            return parent["docname"]
        parent = parent.parent
    return None


def _kind(env: Any, docname: str | None) -> str:
    return store.get(env, docname).kind


class BibliographyHome(SphinxPostTransform):
    """Remember which page holds the citations, before Sphinx gathers them at the end of the document."""

    default_priority = 740
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        citation = next(iter(self.document.findall(nodes.citation)), None)
        if citation is not None:
            self.document["supportbook_bibliography_doc"] = _docname_of(citation) or ""


class PrintLayout(SphinxPostTransform):
    """Worksheets, the introduction, the appendices and the bibliography's place (after Sphinx and JB)."""

    default_priority = 760
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        self._worksheets()
        self._introduction()
        self._appendices()
        self._bibliography()

    def _files(self) -> list[addnodes.start_of_file]:
        return list(self.document.findall(addnodes.start_of_file))

    def _worksheets(self) -> None:
        for start in self._files():
            if _kind(self.env, start["docname"]) == exercises.PAGE_KIND:
                start.insert(0, _raw("\\clearpage"))
        for lst in list(self.document.findall(nodes.enumerated_list)):
            if exercises.PROMPT_LIST_CLASS not in lst.get("classes", []):
                continue
            # Keep a prompt and its lines on one page (the first prompt with the "Prompts" heading).
            need = f"\\needspace{{{WRITING_LINES * 2 + 3}\\baselineskip}}"
            items = [child for child in lst.children if isinstance(child, nodes.list_item)]
            holder = lst.parent if isinstance(lst.parent, nodes.container) else lst
            holder.parent.insert(holder.parent.index(holder), _raw(need))
            for index, item in enumerate(items):
                if index:
                    lst.insert(lst.index(item), _raw(need))
                item += _raw(f"\\supportbookwritinglines[{WRITING_LINES}]")
        seen: set[str] = set()
        for box in list(self.document.findall(nodes.container)):
            if exercises.EXERCISE_CLASS not in box.get("classes", []):
                continue
            docname = _docname_of(box) or ""
            if docname in seen:
                box.parent.insert(box.parent.index(box), _raw("\\clearpage"))
            seen.add(docname)

    def _introduction(self) -> None:
        """The root page's text, before the first part, as an unnumbered chapter with real headings."""
        root = self.config.root_doc
        section = next(
            (s for s in self.document.findall(nodes.section) if s.get("docname") == root and _docname_of(s) is None),
            None,
        )
        try:
            from sphinx_jupyterbook_latex.nodes import HiddenCellNode, RootHeader
        except ImportError:  # the JB LaTeX extension is off: Sphinx prints the root page as it is
            return
        if section is None:
            return
        for header in list(section.findall(RootHeader)):
            text = tex_text(header.astext())
            header.replace_self(_raw(f"\\section*{{{text}}}"))
        skip = (nodes.title, nodes.target, nodes.comment, nodes.raw, HiddenCellNode, nodes.compound)
        if not any(isinstance(child, nodes.Element) and not isinstance(child, skip) for child in section.children):
            return  # e.g. a course pack's cover, which prints as the title page
        title = tex_text(INTRO_TITLE)
        index = 1 if section.children and isinstance(section[0], nodes.title) else 0
        section.insert(
            index,
            _raw(
                f"\\chapter*{{{title}}}\\addcontentsline{{toc}}{{chapter}}{{{title}}}"
                f"\\markboth{{{title}}}{{{title}}}"
            ),
        )

    def _appendices(self) -> None:
        for start in self._files():
            if _kind(self.env, start["docname"]) == APPENDIX_KIND:
                start.parent.insert(start.parent.index(start), _raw("\\appendix"))
                return

    def _bibliography(self) -> None:
        home = self.document.get("supportbook_bibliography_doc")
        if not home:
            return
        start = next((s for s in self._files() if s["docname"] == home), None)
        section = next(iter(start.findall(nodes.section)), None) if start is not None else None
        if section is None:
            return
        for bib in list(self.document.findall(_thebibliography())):
            bib.parent.remove(bib)
            section += bib


def print_tables(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The teacher's guide's chapter table, made when references resolve: in print it may run over pages,
    takes its own column widths, and drops its web-address column (the chapter column gives the page)."""
    if app.builder.format != "latex":
        return
    for table in list(doctree.findall(nodes.table)):
        if names.ASSIGNMENT_TABLE in table.get("classes", []):
            _part_under_chapter(table)
            _drop_column(table, WEB_ONLY_COLUMN)
            _drop_column(table, PART_COLUMN)
            _bullets_as_lines(table)
            table["classes"] += ["longtable"]
            spec = addnodes.tabular_col_spec()
            spec["spec"] = PRINT_TABLE_SPEC
            table.parent.insert(table.parent.index(table), spec)


def _cells(row: nodes.row) -> list[nodes.entry]:
    return [child for child in row.children if isinstance(child, nodes.entry)]


def _part_under_chapter(table: nodes.table) -> None:
    """Each body row's part, as a small italic line in its chapter cell (the Part column then goes)."""
    for body in table.findall(nodes.tbody):
        for row in body.findall(nodes.row):
            cells = _cells(row)
            if len(cells) < 2:
                continue
            part = cells[0].astext().strip()
            if part:
                cells[1] += nodes.paragraph("", "", _raw(r"\small"), nodes.emphasis(part, part))


def _bullets_as_lines(table: nodes.table) -> None:
    """A list in a cell starts below its row's other cells (LaTeX's list spacing): print each item as a
    paragraph with a hanging bullet instead, so the first objective lines up with the chapter's title."""
    for body in table.findall(nodes.tbody):
        for lst in list(body.findall(nodes.bullet_list)):
            lines: list[nodes.Node] = []
            for item in lst.children:
                paragraphs = [child for child in item.children if isinstance(child, nodes.paragraph)]
                if not paragraphs:
                    continue
                first = paragraphs[0].deepcopy()
                first.insert(0, _raw(CELL_BULLET))
                lines += [first, *(para.deepcopy() for para in paragraphs[1:])]
            lst.replace_self(lines)


def _drop_column(table: nodes.table, heading: str) -> None:
    for group in table.findall(nodes.tgroup):
        head = next(iter(group.findall(nodes.thead)), None)
        if head is None:
            continue
        titles = [entry.astext().strip() for entry in head.findall(nodes.entry)]
        if heading not in titles:
            continue
        index = titles.index(heading)
        colspecs = [child for child in group.children if isinstance(child, nodes.colspec)]
        group.remove(colspecs[index])
        for row in group.findall(nodes.row):
            entries = [child for child in row.children if isinstance(child, nodes.entry)]
            if len(entries) > index:
                row.remove(entries[index])
        group["cols"] = len(colspecs) - 1


def _thebibliography() -> type[nodes.Element]:
    from sphinx.builders.latex.nodes import thebibliography

    return thebibliography


def title_page(config: Config) -> str:
    """The title page (book) or cover (course pack): title, subtitle, contents list, help line, rights."""
    esc = tex_text
    chapters = list(config.supportbook_cover_chapters or [])
    lines = [
        r"\makeatletter",
        r"\hypersetup{pageanchor=false}",
        r"\begin{titlepage}",
        r"\begingroup\def\endgraf{ }\def\and{\& }\pdfstringdefDisableCommands{\def\\{, }}",
        r"\hypersetup{pdfauthor={\@author}, pdftitle={\@title}}\endgroup",
        r"\sffamily\raggedright",
        r"\vspace*{0.6in}",
        r"{\color{sphinxdangerBorderColor}\rule{\linewidth}{2pt}}\par\vspace{1.2em}",
        r"{\fontsize{30}{36}\selectfont\bfseries \@title\par}",
    ]
    if config.supportbook_latex_subtitle:
        lines += [r"\vspace{0.8em}", rf"{{\Large {esc(config.supportbook_latex_subtitle)}\par}}"]
    lines += [r"\vspace{1.5em}", r"{\large \@author\par}"]
    if chapters:
        lines += [r"\vspace{2em}", r"{\large\bfseries In this pack\par}", r"\begin{enumerate}"]
        lines += [rf"\item {esc(title)}" for title in chapters]
        lines += [
            r"\end{enumerate}",
            r"Each chapter is followed by its reflection exercises. The safety resources and the "
            r"references are at the end.\par",
        ]
    appendix = f"{APPENDIX_DOC}:{APPENDIX_LABEL}"
    version = f"Version {esc(config.release)}. " if config.release else ""
    lines += [
        r"\vfill",
        r"\begin{sphinxadmonition}{danger}{Need help now?}",
        r"\sphinxAtStartPar If someone's life is in danger right now, or they may have taken an overdose (even if "
        r"they seem well), call your local emergency number. "
        rf"The \hyperref[\detokenize{{{appendix}}}]{{safety resources}} on "
        rf"page~\pageref{{\detokenize{{{appendix}}}}} list services to call, text or chat with, day or night.",
        r"\end{sphinxadmonition}",
        r"\vspace{1em}",
        r"{\small",
        rf"{version}\@date.\par",
    ]
    if config.supportbook_latex_rights:
        lines.append(rf"{esc(config.supportbook_latex_rights)}\par")
    lines += ["}", r"\end{titlepage}", r"\setcounter{footnote}{0}\clearpage", r"\hypersetup{pageanchor=true}"]
    lines.append(r"\makeatother")
    return "\n".join(lines) + "\n"


def _configure(app: Sphinx, config: Config) -> None:
    elements = config.latex_elements
    elements["preamble"] = elements.get("preamble", "") + PREAMBLE
    elements.setdefault("maketitle", title_page(config))


def setup(app: Sphinx) -> None:
    app.add_config_value(names.HANDOUTS_SETTING, names.HANDOUTS_FOLDER, "env", types=[str])
    app.add_config_value("supportbook_latex_subtitle", "", "env", types=[str])
    app.add_config_value("supportbook_latex_rights", "", "env", types=[str])
    app.add_config_value(names.COVER_CHAPTERS_SETTING, [], "env", types=[list])
    app.connect("config-inited", _configure, priority=900)
    app.add_node(nodes.admonition, override=True, latex=(visit_admonition, depart_admonition))
    app.add_node(nodes.list_item, override=True, latex=(visit_list_item, depart_list_item))
    app.add_node(nodes.rubric, override=True, latex=(visit_rubric, depart_rubric))
    app.add_node(print_link, latex=(visit_print_link, depart_print_link))
    app.add_post_transform(LinksShowTheirAddress)
    app.add_post_transform(BibliographyHome)
    app.add_post_transform(PrintLayout)
    app.connect("doctree-resolved", print_tables, priority=600)  # after contract.py fills the table
