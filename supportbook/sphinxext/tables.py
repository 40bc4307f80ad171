"""Tables: one builder for the tables the extension makes, and tables that read well to a screen reader.

`table()` makes a builder-neutral docutils table from its columns (heading, width, a class on every cell
of the column, so narrow screens can show each row as a card with its column names) and its rows (each
cell a list of nodes). The service tables (safety_nodes.py) and the assignment table (contract.py) use it.

A Markdown table whose header row is empty (`| | |`, as in a two-column "At a glance" table) has no
real column headers. Its empty header row is dropped and its first column becomes row headers
(`<th scope="row">` in HTML, a stub column elsewhere): the labels in the first column then announce
each value (WCAG 1.3.1; axe `empty-table-header`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform


@dataclass(frozen=True)
class Column:
    heading: str
    width: int  # relative, as a colspec's colwidth
    css: str  # on every body cell of the column


@dataclass(frozen=True)
class Row:
    cells: Sequence[Sequence[nodes.Node]]  # one list of nodes a column
    classes: Sequence[str] = field(default_factory=tuple)
    ids: Sequence[str] = field(default_factory=tuple)


def table(columns: Sequence[Column], rows: Iterable[Row], classes: Sequence[str]) -> nodes.table:
    """A table with a header row of the columns' headings and a body of the rows."""
    result = nodes.table(classes=list(classes))
    group = nodes.tgroup(cols=len(columns))
    result += group
    for column in columns:
        group += nodes.colspec(colwidth=column.width)
    head = nodes.row()
    for column in columns:
        head += nodes.entry("", nodes.paragraph("", "", nodes.Text(column.heading)))
    group += nodes.thead("", head)
    body = nodes.tbody()
    for row in rows:
        line = nodes.row(classes=list(row.classes), ids=list(row.ids))
        for cell, column in zip(row.cells, columns, strict=True):
            line += nodes.entry("", *cell, classes=[column.css])
        body += line
    group += body
    return result


class RowHeaderTables(SphinxTransform):
    default_priority = 500

    def apply(self, **kwargs: object) -> None:
        for found in self.document.findall(nodes.table):
            for tgroup in found.findall(nodes.tgroup):
                thead = next(iter(tgroup.findall(nodes.thead)), None)
                if thead is None or thead.astext().strip():
                    continue
                thead.parent.remove(thead)
                colspecs = [c for c in tgroup.children if isinstance(c, nodes.colspec)]
                if colspecs:
                    colspecs[0]["stub"] = 1
                found["classes"].append("supportbook-row-headers")


def setup(app: Sphinx) -> None:
    app.add_transform(RowHeaderTables)
