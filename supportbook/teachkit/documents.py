"""Editable Word files (python-docx) from the book's own sources: lesson plans, worksheets and the letter home.

A page's blocks become Word's built-in styles (Title, Heading 1-3, List Bullet, List Number, Table Grid),
so a teacher can restyle or edit the file in Word, Google Docs, Pages or LibreOffice. The `{safety-box}`
directive becomes the safety box's words from resources.yml; a worksheet's prompts get lines to write on;
citations are listed under "References" at the end.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from supportbook.teachkit.safety import SafetyText
from supportbook.teachkit.source import Block, Directive, Heading, Inline, ListBlock, Page, Para, Table, plain

DOCS_DIR = "docs"
LETTER_SOURCE = Path("book") / "_kit" / "letter-to-families.md"
LETTER_NAME = "letter-to-families.docx"
WRITING_LINES = 3  # lines to write on under each worksheet prompt
LICENSE = (
    "From Circles of Support (CC BY-SA 4.0): you may copy, adapt and share it, with credit, under the same "
    "license. It is not a substitute for professional or emergency help."
)
# directive name -> the heading its contents go under (None: no heading)
BOX_TITLES = {
    "purpose": "Purpose",
    "prompts": "Prompts",
    "notice": "What to notice",
    "facilitator-notes": "Facilitator notes",
}
SKIPPED = {"lesson-downloads", "chapter-info", "kit-link"}


def doc_name(path: Path) -> str:
    return f"{path.stem}.docx"


class _Writer:
    def __init__(self, document: DocxDocument, safety: SafetyText, *, worksheet: bool) -> None:
        self.doc = document
        self.safety = safety
        self.worksheet = worksheet

    def runs(self, para: Paragraph, runs: Inline) -> Paragraph:
        for run in runs:
            added = para.add_run(run.text)
            added.bold = run.bold or None
            added.italic = run.italic or None
        return para

    def heading(self, text: str, level: int) -> None:
        if level == 0:
            self.doc.add_paragraph(text, style="Title")
        else:
            self.doc.add_heading(text, level=min(level, 3))

    def blocks(self, blocks: tuple[Block, ...], depth: int = 0, *, prompts: bool = False) -> None:
        for block in blocks:
            if isinstance(block, Heading):
                self.heading(plain(block.runs), block.level - 1)
            elif isinstance(block, Para):
                self.runs(self.doc.add_paragraph(), block.runs)
            elif isinstance(block, ListBlock):
                self.list(block, depth, prompts=prompts)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Directive):
                self.directive(block, depth)

    def list(self, block: ListBlock, depth: int, *, prompts: bool) -> None:
        # Numbers are written out: Word's "List Number" would run on from one list into the next.
        style = "List Bullet" if not block.ordered else "Normal"
        if depth and not block.ordered:
            style += " 2"
        for number, item in enumerate(block.items, 1):
            first = True
            for part in item:
                if isinstance(part, Para) and first:
                    para = self.doc.add_paragraph(f"{number}. " if block.ordered else "", style=style)
                    self.runs(para, part.runs)
                    first = False
                else:
                    self.blocks((part,), depth + 1)
            if prompts and self.worksheet:
                for _ in range(WRITING_LINES):
                    self.doc.add_paragraph("_" * 80)

    def table(self, block: Table) -> None:
        columns = max([len(block.header), *(len(row) for row in block.rows)])
        table = self.doc.add_table(rows=1 + len(block.rows), cols=columns)
        table.style = "Table Grid"
        for row_index, row in enumerate([block.header, *block.rows]):
            for col_index, cell in enumerate(row):
                para = table.cell(row_index, col_index).paragraphs[0]
                self.runs(para, cell)
                if row_index == 0:
                    for run in para.runs:
                        run.bold = True

    def safety_box(self) -> None:
        self.doc.add_heading(self.safety.title, level=2)
        lead = self.doc.add_paragraph()
        lead.add_run(self.safety.lead).bold = True
        for line in self.safety.lines:
            self.doc.add_paragraph(line, style="List Bullet")
        self.doc.add_paragraph(self.safety.closing)

    def directive(self, block: Directive, depth: int) -> None:
        if block.name == "safety-box":
            self.safety_box()
        elif block.name in SKIPPED:
            return
        elif block.name == "exercise":
            if self.worksheet:
                self.doc.add_page_break()
            self.doc.add_heading(block.argument, level=2)
            facts = [f"{key.capitalize()}: {value}" for key, value in block.options.items() if key != "kind"]
            if facts:
                self.doc.add_paragraph(". ".join(facts) + ".").runs[0].italic = True
            self.blocks(block.body, depth)
        elif block.name in BOX_TITLES:
            self.doc.add_heading(BOX_TITLES[block.name], level=3)
            self.blocks(block.body, depth, prompts=block.name == "prompts")
        else:  # admonitions and anything else: a heading with its title, then the body
            if block.argument:
                self.doc.add_heading(block.argument, level=3)
            self.blocks(block.body, depth)


def build_document(page: Page, safety: SafetyText, references: dict[str, str], full: dict[str, str]) -> DocxDocument:
    """`references`: key -> 'Author Year'; `full`: key -> the full reference, for the list at the end."""
    document = Document()
    document.core_properties.title = page.title
    document.core_properties.author = "The Circles of Support contributors"
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(12)
    writer = _Writer(document, safety, worksheet=page.meta.get("kind") == "exercises")
    writer.blocks(page.blocks)
    if page.citations:
        document.add_heading("References", level=1)
        for key in page.citations:
            document.add_paragraph(full.get(key, references.get(key, key)), style="List Bullet")
    document.add_paragraph().add_run(LICENSE).italic = True
    return document


def write(page: Page, safety: SafetyText, references: dict[str, str], full: dict[str, str], folder: Path,
          name: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (name or doc_name(page.path))
    build_document(page, safety, references, full).save(str(target))
    return target
