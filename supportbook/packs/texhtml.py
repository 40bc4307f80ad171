"""The built web pages as LaTeX: what a short handout prints is what the site shows, set by XeLaTeX.

Short handouts (`supportbook.packs.summaries`) are made from the strict HTML build, so every word on them
(the safety box, the triage ladder, cross-references and citations as a reader sees them) was rendered
by the book's own directives from its one source. This module turns the small set of elements those
pages use into LaTeX: headings, paragraphs, lists, tables, boxes (the safety box, the ladder, key points,
"Things to notice"), inline emphasis and links. Anything else gives its text.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from supportbook import names
from supportbook.sphinxext.latex import TEX_SPECIAL

_SPECIAL = {**TEX_SPECIAL, "\u00a0": "~"}  # a no-break space stays one
_SPACE = re.compile(r"[ \t\r\n]+")
# CSS class of a box -> the tcolorbox style it prints in (defined in `PREAMBLE`).
BOX_STYLES = {
    names.SAFETY_BOX: "sbdanger",
    names.LADDER: "sbdanger",
    names.KEY_POINTS: "sbtip",
    names.IN_SHORT: "sbtip",
    names.OBJECTIVES: "sbtip",
    names.TEACHING: "sbtip",
    names.EXERCISE_NOTICE: "sbhint",
    names.FACILITATOR_NOTES: "sbimportant",
    names.UNCERTAIN: "sbwarning",
}
PROMPTS_CLASS = names.PROMPTS
EXERCISE_CLASS = names.EXERCISE
SKIP_CLASSES = frozenset({"headerlink", names.CHAPTER_INFO, "toctree-wrapper", "sb-no-print"})
WRITING_LINES = 4

PREAMBLE = r"""\usepackage{fontspec}
\setmainfont{texgyrepagella}[Extension=.otf, UprightFont=*-regular, BoldFont=*-bold,
  ItalicFont=*-italic, BoldItalicFont=*-bolditalic]
\setsansfont{texgyreheros}[Extension=.otf, UprightFont=*-regular, BoldFont=*-bold,
  ItalicFont=*-italic, BoldItalicFont=*-bolditalic, Scale=MatchLowercase]
\setmonofont{FreeMono}[Extension=.otf, UprightFont=*, BoldFont=*Bold, ItalicFont=*Oblique,
  BoldItalicFont=*BoldOblique, Scale=MatchLowercase]
\usepackage{xcolor}
\definecolor{sbgreen}{HTML}{1F6F5C}\definecolor{sbdark}{HTML}{1F4E45}
\definecolor{sbc2b3a46}{HTML}{2B3A46}
\definecolor{sbc3f2e63}{HTML}{3F2E63}
\definecolor{sbc5a4a12}{HTML}{5A4A12}
\definecolor{sbc6b4210}{HTML}{6B4210}
\definecolor{sbc9cc5b8}{HTML}{9CC5B8}
\definecolor{sbcb7c4cf}{HTML}{B7C4CF}
\definecolor{sbcb9a9d3}{HTML}{B9A9D3}
\definecolor{sbcd9a35b}{HTML}{D9A35B}
\definecolor{sbcd9c58a}{HTML}{D9C58A}
\definecolor{sbcdcede7}{HTML}{DCEDE7}
\definecolor{sbce3e9ee}{HTML}{E3E9EE}
\definecolor{sbce9e2f3}{HTML}{E9E2F3}
\definecolor{sbceef6f3}{HTML}{EEF6F3}
\definecolor{sbcf4eccf}{HTML}{F4ECCF}
\definecolor{sbcf5faf8}{HTML}{F5FAF8}
\definecolor{sbcf6e2c4}{HTML}{F6E2C4}
\definecolor{sbcf7f9fa}{HTML}{F7F9FA}
\definecolor{sbcfaf8fd}{HTML}{FAF8FD}
\definecolor{sbcfff8ee}{HTML}{FFF8EE}
\definecolor{sbcfffcf2}{HTML}{FFFCF2}
\usepackage[most]{tcolorbox}
\tcbset{sbbox/.style={breakable, enhanced jigsaw, boxrule=.8pt, arc=2pt, left=5pt, right=5pt, top=3pt,
  bottom=3pt, fonttitle=\sffamily\bfseries, before skip=6pt, after skip=6pt}}
\newtcolorbox{sbdanger}[1]{sbbox, boxrule=1.6pt, colframe=sbgreen, colback=sbceef6f3, title={#1}}
\newtcolorbox{sbtip}[1]{sbbox, colframe=sbc9cc5b8, colback=sbcf5faf8, coltitle=sbdark,
  colbacktitle=sbcdcede7, title={#1}}
\newtcolorbox{sbnote}[1]{sbbox, colframe=sbcb7c4cf, colback=sbcf7f9fa, coltitle=sbc2b3a46,
  colbacktitle=sbce3e9ee, title={#1}}
\newtcolorbox{sbhint}[1]{sbbox, colframe=sbcd9c58a, colback=sbcfffcf2, coltitle=sbc5a4a12,
  colbacktitle=sbcf4eccf, title={#1}}
\newtcolorbox{sbimportant}[1]{sbbox, colframe=sbcb9a9d3, colback=sbcfaf8fd, coltitle=sbc3f2e63,
  colbacktitle=sbce9e2f3, title={#1}}
\newtcolorbox{sbwarning}[1]{sbbox, colframe=sbcd9a35b, colback=sbcfff8ee, coltitle=sbc6b4210,
  colbacktitle=sbcf6e2c4, title={#1}}
\usepackage{enumitem}
\setlist{itemsep=1pt, topsep=2pt, parsep=1pt, leftmargin=1.4em}
\usepackage{tabularx,array}
\newcolumntype{Y}{>{\raggedright\arraybackslash}X}
\usepackage{needspace}
\usepackage{multicol}
\setlength{\columnsep}{1.6em}
\usepackage{titlesec}
\titleformat*{\section}{\sffamily\large\bfseries\color{sbdark}}
\titleformat*{\subsection}{\sffamily\normalsize\bfseries\color{sbdark}}
\titleformat*{\subsubsection}{\sffamily\normalsize\itshape}
\titlespacing*{\section}{0pt}{.9em}{.3em}
\titlespacing*{\subsection}{0pt}{.7em}{.2em}
\titlespacing*{\subsubsection}{0pt}{.5em}{.1em}
\setlength{\parindent}{0pt}\setlength{\parskip}{.45em}
\usepackage[hidelinks]{hyperref}
\usepackage{fancyhdr}
\pagestyle{fancy}\fancyhf{}\renewcommand{\headrulewidth}{0pt}
\makeatletter
\newcommand\sbwritinglines[1][4]{\par\nobreak\moveright\@totalleftmargin\vbox{\@tempcnta=#1\relax
  \loop\ifnum\@tempcnta>\z@\vskip1.875em{\color{black!45}\hrule width\linewidth height .4pt}%
  \advance\@tempcnta\m@ne\repeat}\vskip.6em\relax}
\makeatother
\tracinglostchars=2
\raggedright
"""


def escape(text: str) -> str:
    """Text as LaTeX, runs of white space made one space (kept at the ends, where they separate words)."""
    text = _SPACE.sub(" ", text)
    return "".join(_SPECIAL.get(char, char) for char in text)


def _classes(tag: Tag) -> list[str]:
    return list(tag.get("class") or [])


class Converter:
    """HTML (a page's main article, or part of it) to LaTeX. `heading_shift` maps h2 to \\section."""

    def __init__(self, *, heading_shift: int = 0, writing_lines: int = WRITING_LINES) -> None:
        self.heading_shift = heading_shift
        self.writing_lines = writing_lines
        self._exercises = 0

    def convert(self, node: Tag | NavigableString) -> str:
        if isinstance(node, NavigableString):
            return "" if type(node).__name__ in ("Comment", "Doctype") else escape(str(node))
        if SKIP_CLASSES.intersection(_classes(node)) or node.name in ("script", "style", "nav", "button", "form"):
            return ""
        handler = getattr(self, f"_tag_{node.name}", None)
        return handler(node) if handler else self.children(node)

    def children(self, node: Tag) -> str:
        return "".join(self.convert(child) for child in node.children)

    def inline(self, node: Tag) -> str:
        return self.children(node).strip()

    # ---- blocks
    def _heading(self, node: Tag, level: int) -> str:
        commands = ("section", "subsection", "subsubsection", "paragraph")
        index = min(max(level - 2 + self.heading_shift, 0), len(commands) - 1)
        return f"\n\\{commands[index]}*{{{self.inline(node)}}}\n"

    def _tag_h1(self, node: Tag) -> str:
        return self._heading(node, 1)

    def _tag_h2(self, node: Tag) -> str:
        return self._heading(node, 2)

    def _tag_h3(self, node: Tag) -> str:
        return self._heading(node, 3)

    def _tag_h4(self, node: Tag) -> str:
        return self._heading(node, 4)

    def _tag_p(self, node: Tag) -> str:
        if "admonition-title" in _classes(node) or ("rubric" in _classes(node) and not self.inline(node)):
            return ""
        return f"\n{self.inline(node)}\\par\n"

    def _tag_div(self, node: Tag) -> str:
        classes = _classes(node)
        if "admonition" in classes:
            return self._box(node)
        if EXERCISE_CLASS in classes:
            self._exercises += 1
            start = "\n\\clearpage\n" if self._exercises > 1 else "\n"
            return start + self.children(node)
        return self.children(node)

    def _box(self, node: Tag) -> str:
        style = next((BOX_STYLES[css] for css in _classes(node) if css in BOX_STYLES), "sbnote")
        title = node.find("p", class_="admonition-title", recursive=False)
        heading = self.inline(title) if title else ""
        body = self.children(node).strip()
        return f"\n\\begin{{{style}}}{{{heading}}}\n{body}\n\\end{{{style}}}\n"

    def _tag_ul(self, node: Tag) -> str:
        return self._list(node, "itemize")

    def _tag_ol(self, node: Tag) -> str:
        return self._list(node, "enumerate")

    def _list(self, node: Tag, env: str) -> str:
        prompts = PROMPTS_CLASS in _classes(node)
        items = []
        for item in node.find_all("li", recursive=False):
            text = self.children(item).strip()
            if prompts:
                need = self.writing_lines * 2 + 3
                lines = f"\\sbwritinglines[{self.writing_lines}]"
                items.append(f"\\needspace{{{need}\\baselineskip}}\\item {text}\n{lines}")
            else:
                items.append(f"\\item {text}")
        if not items:
            return ""
        return f"\n\\begin{{{env}}}\n" + "\n".join(items) + f"\n\\end{{{env}}}\n"

    def _tag_dl(self, node: Tag) -> str:
        out = []
        for child in node.find_all(["dt", "dd"], recursive=False):
            text = self.inline(child)
            out.append(f"\\textbf{{{text}}}\\par" if child.name == "dt" else f"{{\\leftskip1.4em {text}\\par}}")
        return "\n" + "\n".join(out) + "\n"

    def _tag_blockquote(self, node: Tag) -> str:
        return f"\n\\begin{{quote}}\n{self.children(node).strip()}\n\\end{{quote}}\n"

    def _tag_pre(self, node: Tag) -> str:
        lines = [escape(line) for line in node.get_text().rstrip("\n").split("\n")]
        return "\n{\\small\\ttfamily " + "\\\\\n".join(lines) + "\\par}\n"

    def _tag_table(self, node: Tag) -> str:
        rows = node.find_all("tr")
        if not rows:
            return ""
        columns = max(len(row.find_all(["td", "th"], recursive=False)) for row in rows)
        first = [row.find(["td", "th"], recursive=False) for row in rows]
        narrow = all(cell is not None and len(cell.get_text(strip=True)) <= 10 for cell in first)
        spec = ("l" if narrow else "Y") + "Y" * (columns - 1)
        lines = []
        for row in rows:
            cells = row.find_all(["td", "th"], recursive=False)
            texts = [self.children(cell).strip().replace("\\par", "") for cell in cells]
            texts += [""] * (columns - len(texts))
            if row.find_parent("thead") is not None or all(cell.name == "th" for cell in cells):
                texts = [f"\\textbf{{{text}}}" for text in texts]
            lines.append(" & ".join(texts) + r" \\ \hline")
        body = "\n".join(lines)
        start = f"\\begin{{tabularx}}{{\\linewidth}}{{{spec}}}\\hline"
        return f"\n\\par\\smallskip{start}\n{body}\n\\end{{tabularx}}\\par\n"

    def _tag_img(self, node: Tag) -> str:
        return escape(node.get("alt") or "")

    def _tag_br(self, node: Tag) -> str:
        return "\\newline "

    # ---- inline
    def _tag_strong(self, node: Tag) -> str:
        return f"\\textbf{{{self.children(node)}}}"

    _tag_b = _tag_strong

    def _tag_em(self, node: Tag) -> str:
        return f"\\emph{{{self.children(node)}}}"

    _tag_i = _tag_em
    _tag_cite = _tag_em

    def _tag_code(self, node: Tag) -> str:
        return f"\\texttt{{{escape(node.get_text())}}}"

    def _tag_a(self, node: Tag) -> str:
        text = self.children(node)
        href = str(node.get("href") or "")
        if href.startswith(("http://", "https://")):
            shown = node.get_text(" ", strip=True)
            bare = href.split("://", 1)[1].removeprefix("www.").rstrip("/")
            url = href.replace("\\", "/").replace("%", "\\%").replace("#", "\\#")
            if bare.lower() in shown.lower():
                return f"\\href{{{url}}}{{{text}}}"
            return f"\\href{{{url}}}{{{text}}} ({{\\small\\nolinkurl{{{url}}}}})"
        return text


def main_article(html: str) -> Tag:
    """The page's content (furo's `<article role="main">`), without its heading anchors."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article[role=main]") or soup.select_one("[role=main]") or soup.body
    if article is None:
        raise ValueError("the page has no main content")
    return article


def page_title(article: Tag) -> str:
    heading = article.find("h1")
    if heading is None:
        return ""
    for anchor in heading.select("a.headerlink"):
        anchor.decompose()
    return heading.get_text(" ", strip=True)


def labelled(article: Tag, label: str) -> Tag | None:
    """The section a MyST label `(label)=` marks: the section holding its anchor, or with that id."""
    target = article.find(id=label)
    if target is None:
        return None
    if target.name == "section":
        return target
    parent = target.parent
    return parent if isinstance(parent, Tag) and parent.name == "section" else None
