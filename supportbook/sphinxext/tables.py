"""Tables that read well to a screen reader.

A Markdown table whose header row is empty (`| | |`, as in a two-column "At a glance" table) has no
real column headers. Its empty header row is dropped and its first column becomes row headers
(`<th scope="row">` in HTML, a stub column elsewhere): the labels in the first column then announce
each value (WCAG 1.3.1; axe `empty-table-header`).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform


class RowHeaderTables(SphinxTransform):
    default_priority = 500

    def apply(self, **kwargs: object) -> None:
        for table in self.document.findall(nodes.table):
            for tgroup in table.findall(nodes.tgroup):
                thead = next(iter(tgroup.findall(nodes.thead)), None)
                if thead is None or thead.astext().strip():
                    continue
                thead.parent.remove(thead)
                colspecs = [c for c in tgroup.children if isinstance(c, nodes.colspec)]
                if colspecs:
                    colspecs[0]["stub"] = 1
                table["classes"].append("supportbook-row-headers")


def setup(app: Sphinx) -> None:
    app.add_transform(RowHeaderTables)
