"""A course pack without a terminal: tick chapters and parts in the browser, get one page to print.

The ```{pack-builder}``` directive (on the assigning page) shows, for every chapter in book order, a tick
box for the chapter, its reflection exercises and its lesson plan, a button that opens the printable
page, and two ready-made packs: the teacher's guide's suggested order for students (its section
`teachers-guide-course`) and a staff-training session (the staff lessons listed under "For staff
training" in `lesson-plans-list`). Both lists are read from those pages, never typed here.

The printable page (`PRINT_PAGE`, beside the assigning page) is written when the site is built: every
chapter, exercises page and lesson plan, each in its own hidden part, in book order, and the safety
resources last, always shown. The shipped script `pack-builder.js` shows only the ticked parts; the
choice travels in the address's fragment (`#parts=...`), which a browser never sends to a server, and
nothing is stored. It needs no fetch, so it works from a web server and opened from disk alike.
Without JavaScript the controls are hidden (`html.no-js`) and a sentence points to the PDFs instead.
"""

from __future__ import annotations

import copy
import posixpath
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Tag
from docutils import nodes
from markupsafe import escape
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from supportbook import names
from supportbook.sphinxext import contract, exercises, lessons, links, store
from supportbook.sphinxext.html import APPENDIX_DOC

logger = logging.getLogger(__name__)

BUILDER_DOC = "book/teachers/assigning"  # where the builder lives; the print page is written beside it
PRINT_PAGE = "pack-print.html"
RAW_CLASS = "sb-pack-raw"  # the raw HTML of the pack builder and the handout table
PRINT_DOC = f"{BUILDER_DOC.rsplit('/', 1)[0]}/{PRINT_PAGE.removesuffix('.html')}"  # where it is in the site
SCRIPT = "pack-builder.js"
STYLESHEET = "pack-builder.css"
PARTS = (("chapter", "The chapter"), ("exercises", "Exercises"), ("lesson", "Lesson plan"))
GUIDE_DOC, GUIDE_SECTION = "book/teachers/guide", "teachers-guide-course"
LESSONS_DOC, LESSONS_SECTION = "book/teachers/lessons", "lesson-plans-list"
STAFF_LEAD = "For staff training"
SAFETY_PART = "safety"


class pack_builder(nodes.General, nodes.Element):
    """Placeholder for the builder's controls; filled when references resolve (HTML only)."""


class handout_links(nodes.General, nodes.Element):
    """Placeholder for the table of short handouts to download; filled when references resolve (HTML only)."""


class HandoutLinksDirective(SphinxDirective):
    """```{handout-links}``` — each chapter's summary, worksheet and lesson plan PDFs (Letter, A4, by country)."""

    def run(self) -> list[nodes.Node]:
        node = handout_links()
        self.set_source_info(node)
        return [node]


class PackBuilderDirective(SphinxDirective):
    """```{pack-builder}``` — tick boxes for every chapter's parts, ready-made packs, the print button."""

    def run(self) -> list[nodes.Node]:
        node = pack_builder()
        self.set_source_info(node)
        return [node]


def parts_in_book_order(app: Sphinx) -> list[dict[str, str]]:
    """Every part a pack can hold, in book order: key ('friends:chapter'), chapter id, kind, docname, title."""
    env = app.env
    ex_pages = exercises.exercise_pages(env)
    lesson_pages = lessons.lesson_pages(env)
    found = []
    for chapter in contract.chapters(app):
        cid = chapter.id
        docnames = {
            "chapter": chapter.docname,
            "exercises": ex_pages[cid][0] if cid in ex_pages else "",
            "lesson": (lesson_pages.get(cid) or [""])[0],
        }
        for kind, _ in PARTS:
            docname = docnames[kind]
            if docname:
                title = store.get(env, docname).title or chapter.record.title
                found.append({"key": f"{cid}:{kind}", "id": cid, "kind": kind, "docname": docname, "title": title})
    return found


def _lesson_ids(node: nodes.Element) -> list[str]:
    ids = []
    for ref in node.findall(addnodes.pending_xref):
        target = str(ref.get("reftarget", ""))
        if target.startswith("lesson-") and target.count("-") == 1 and target[7:] not in ids:
            ids.append(target[7:])
    return ids


def _section(app: Sphinx, docname: str, label: str) -> nodes.Element | None:
    try:
        doctree = app.env.get_doctree(docname)
    except (FileNotFoundError, OSError):
        return None
    target = doctree.ids.get(label)
    return target if isinstance(target, nodes.Element) else None


def ready_made(app: Sphinx) -> list[tuple[str, str, list[str]]]:
    """(title, what it is, chapter ids) of the ready-made packs, read from the guide and the lessons page."""
    packs = []
    course = _section(app, GUIDE_DOC, GUIDE_SECTION)
    order = next(iter(course.findall(nodes.enumerated_list)), None) if course is not None else None
    if order is not None and _lesson_ids(order):
        packs.append(("The suggested order for students", "the teacher's guide's sequence", _lesson_ids(order)))
    listing = _section(app, LESSONS_DOC, LESSONS_SECTION)
    staff: list[str] = []
    if listing is not None:
        children = list(listing.children)
        for index, child in enumerate(children[:-1]):
            if isinstance(child, nodes.paragraph) and child.astext().startswith(STAFF_LEAD):
                following = children[index + 1]
                if isinstance(following, nodes.bullet_list):
                    staff += [cid for cid in _lesson_ids(following) if cid not in staff]
    if staff:
        packs.append(("A staff-training session", "the lessons written for staff", staff))
    return packs


def _fragment(keys: list[str]) -> str:
    return "#parts=" + ",".join(keys)


def controls_html(app: Sphinx) -> str:
    """The form, the ready-made packs and the no-JavaScript note (escaped text throughout)."""
    parts = parts_in_book_order(app)
    known = {part["key"] for part in parts}
    rows = []
    by_chapter: dict[str, dict[str, dict[str, str]]] = {}
    titles: dict[str, str] = {}
    for part in parts:
        by_chapter.setdefault(part["id"], {})[part["kind"]] = part
        if part["kind"] == "chapter":
            titles[part["id"]] = part["title"]
    for cid, kinds in by_chapter.items():
        cells = [f'<th scope="row">{escape(titles.get(cid, cid))}</th>']
        for kind, label in PARTS:
            if kind not in kinds:
                cells.append("<td></td>")
                continue
            key = kinds[kind]["key"]
            aria = escape(f"{label}: {titles.get(cid, cid)}")
            cells.append(
                f'<td><label><input type="checkbox" name="part" value="{escape(key)}" aria-label="{aria}">'
                f' <span class="sb-pack-kind">{escape(label)}</span></label></td>'
            )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    head = "".join(f'<th scope="col">{escape(label)}</th>' for _, label in PARTS)
    ready = []
    for title, what, ids in ready_made(app):
        keys = [f"{cid}:{kind}" for cid in ids for kind, _ in PARTS if f"{cid}:{kind}" in known]
        names = ", ".join(titles.get(cid, cid) for cid in ids)
        ready.append(
            f'<li><a class="sb-pack-ready" href="{PRINT_PAGE}{_fragment(keys)}">{escape(title)}</a>: '
            f"{escape(what)} ({escape(names)}), each chapter with its exercises and lesson plan.</li>"
        )
    return (
        '<div class="sb-pack-builder" id="sb-pack-builder">'
        '<form class="sb-pack-form" id="sb-pack-form" action="' + PRINT_PAGE + '">'
        '<table class="sb-pack-table"><caption>Tick what your pack holds</caption>'
        f'<thead><tr><th scope="col">Chapter</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        '<p class="sb-pack-actions"><button type="submit" class="sb-pack-make">Make the printable page</button> '
        '<span class="sb-pack-status" role="status"></span></p>'
        "</form>"
        "<p><strong>Ready-made packs:</strong></p><ul>" + "".join(ready) + "</ul>"
        "</div>"
        '<p class="sb-pack-no-js">The pack builder needs JavaScript, which is off in this browser. Each '
        "chapter page has a PDF to download instead, and the lesson plans and worksheets have PDFs too.</p>"
    )


def _pdf_link(app: Sphinx, fromdocname: str, path: str, text: str, label: str) -> str:
    from sphinx.util.osutil import relative_uri

    uri = relative_uri(app.builder.get_target_uri(fromdocname), path)
    # The name a screen reader speaks starts with the words shown (WCAG 2.5.3, label in name).
    return f'<a href="{escape(uri)}" aria-label="{escape(f"{text}: {label}")}">{escape(text)}</a>'


def handouts_html(app: Sphinx, fromdocname: str) -> str:
    """A table of every chapter's short handouts as `make handouts` names them (see packs/summaries.py)."""
    from supportbook import resources

    folder = getattr(app.config, names.HANDOUTS_SETTING, "") or names.HANDOUTS_FOLDER
    countries = [c for c in resources.load().countries if c.paper]
    parts = parts_in_book_order(app)
    titles = {part["id"]: part["title"] for part in parts if part["kind"] == "chapter"}
    has = {part["key"] for part in parts}
    papers = (("letter", "Letter", folder), ("a4", "A4", f"{folder}/a4"))
    rows = []
    for cid, title in titles.items():
        cells = [f'<th scope="row">{escape(title)}</th>']
        for kind, name, what in (
            ("chapter", f"{cid}-summary.pdf", "Summary"),
            ("exercises", f"{cid}-worksheet.pdf", "Worksheet"),
            ("lesson", f"lesson-{cid}.pdf", "Lesson plan"),
        ):
            if f"{cid}:{kind}" not in has:
                cells.append("<td></td>")
                continue
            links = [
                _pdf_link(app, fromdocname, f"{where}/{name}", size, f"{what.lower()} of {title}")
                for _, size, where in papers
            ]
            cells.append("<td>" + " · ".join(links) + "</td>")
        local = []
        for country in countries:
            where = f"{folder}/a4" if country.paper == "a4" else folder
            label = f"summary of {title} for {country.name}"
            path = f"{where}/{country.code.lower()}/{cid}-summary.pdf"
            local.append(_pdf_link(app, fromdocname, path, country.code, label))
        cells.append("<td>" + " ".join(local) + "</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    columns = ("Chapter", "Summary", "Worksheet", "Lesson plan", "Summary for one country")
    head = "".join(f'<th scope="col">{escape(column)}</th>' for column in columns)
    return (
        '<div class="sb-handout-links"><table class="sb-pack-table sb-handout-table">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


# In print and e-books, where the controls and relative file links do nothing, a sentence says where they are.
OFFLINE_TEXT = {
    "handout_links": "The PDFs are on the book's web site, in its handouts folder (handouts/ for US Letter, "
    "handouts/a4/ for A4), named ID-summary.pdf, ID-worksheet.pdf and lesson-ID.pdf.",
    "pack_builder": "The pack builder is on this page of the book's web site.",
}


def _web(app: Sphinx) -> bool:
    return app.builder.format == "html" and app.builder.name in ("html", "dirhtml")


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(handout_links)):
        if not _web(app):
            node.replace_self(nodes.paragraph(text=OFFLINE_TEXT["handout_links"]))
            continue
        node.replace_self(nodes.raw("", handouts_html(app, docname), format="html", classes=[RAW_CLASS]))
    for node in list(doctree.findall(pack_builder)):
        if not _web(app):
            node.replace_self(nodes.paragraph(text=OFFLINE_TEXT["pack_builder"]))
            continue
        node.replace_self(nodes.raw("", controls_html(app), format="html", classes=[RAW_CLASS]))


def _page_js(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if pagename == BUILDER_DOC and doctree is not None and any(
        RAW_CLASS in node.get("classes", []) for node in doctree.findall(nodes.raw)
    ):
        app.add_js_file(SCRIPT, loading_method="defer")
        app.add_css_file(STYLESHEET)


# ------------------------------------------------------------------------------ the printable page

_ID_ATTRS = ("id",)
_REF_ATTRS = ("for", "aria-labelledby", "aria-describedby", "aria-controls")


def _relink(article: Tag, page: str, here: str, prefix: str) -> None:
    """Make a page's content work inside the print page: ids prefixed, links relative to `here`."""
    base = posixpath.dirname(page)
    for tag in article.find_all(True):
        for attr in _ID_ATTRS:
            if tag.get(attr):
                tag[attr] = prefix + str(tag[attr])
        for attr in _REF_ATTRS:
            if tag.get(attr):
                tag[attr] = " ".join(prefix + value for value in str(tag[attr]).split())
        for attr in ("href", "src"):
            value = tag.get(attr)
            if not value or not isinstance(value, str):
                continue
            if value.startswith("#"):
                tag[attr] = "#" + prefix + value[1:]
            elif "://" not in value and not value.startswith(("mailto:", "tel:", "data:", "/")):
                path, _, anchor = value.partition("#")
                if path == "" or posixpath.normpath(posixpath.join(base, path)) == page:
                    tag[attr] = "#" + prefix + anchor if anchor else "#" + prefix.rstrip("-")
                    continue
                target = posixpath.normpath(posixpath.join(base, path))
                rel = posixpath.relpath(target, posixpath.dirname(here) or ".")
                tag[attr] = rel + (f"#{anchor}" if anchor else "")


def _content(outdir: Path, page: str, here: str, prefix: str) -> Tag | None:
    try:
        soup = BeautifulSoup((outdir / page).read_text(encoding="utf-8"), "html.parser")
    except OSError:
        return None
    article = soup.select_one("article[role=main]")
    if article is None:
        return None
    for anchor in article.select("a.headerlink"):
        anchor.decompose()
    _relink(article, page, here, prefix)
    return article


def write_print_page(app: Sphinx, exception: Exception | None) -> None:
    """Write PRINT_PAGE from the built pages (before html.py adds each page's security policy)."""
    if exception is not None or app.builder.format != "html" or app.builder.name != "html":
        return
    if BUILDER_DOC not in app.env.found_docs:
        return
    parts = parts_in_book_order(app)
    outdir = Path(app.outdir)
    shell_page = app.builder.get_target_uri(BUILDER_DOC)
    here = posixpath.join(posixpath.dirname(shell_page), PRINT_PAGE)
    soup = BeautifulSoup((outdir / shell_page).read_text(encoding="utf-8"), "html.parser")
    # On an incremental build the assigning page was not written again and still has last build's policy,
    # which BeautifulSoup writes back in a form html.py's pattern does not replace: drop it (html.py adds
    # this page's own), or the page has two policies and its charset falls past the first 1024 bytes.
    for meta in soup.select('meta[http-equiv="Content-Security-Policy"], meta[name="referrer"]'):
        meta.decompose()
    main = soup.select_one("article[role=main]")
    if main is None:
        logger.warning("pack builder: the assigning page has no main article", type="supportbook")
        return
    main.clear()
    title = "Your course pack"
    intro = BeautifulSoup(
        f'<section id="sb-pack-print" class="sb-pack-print"><h1>{title}</h1>'
        '<p class="sb-pack-intro">A pack from <em>Circles of Support</em>, with the parts you chose, in book '
        "order, and the safety resources at the end.</p>"
        '<p class="sb-pack-actions"><button type="button" class="sb-pack-print-now">Print this pack</button> '
        f'<a href="{posixpath.basename(shell_page)}#assigning-builder">Change what it holds</a></p>'
        '<p class="sb-pack-summary" role="status"></p>'
        '<p class="sb-pack-no-js">This page shows the parts you tick in the pack builder, which needs '
        "JavaScript. Each chapter page has a PDF to download instead.</p></section>",
        "html.parser",
    )
    section = intro.find("section")
    for number, part in enumerate([*parts, {"key": SAFETY_PART, "docname": APPENDIX_DOC, "kind": SAFETY_PART}]):
        page = app.builder.get_target_uri(part["docname"])
        article = _content(outdir, page, here, f"p{number}-")
        if article is None:
            continue
        holder = soup.new_tag("div")
        holder["class"] = ["sb-pack-part", f"sb-pack-part-{part['kind']}"]
        holder["data-part"] = part["key"]
        holder["id"] = f"p{number}"
        if part["key"] != SAFETY_PART:
            holder["hidden"] = ""
        for child in list(article.children):
            holder.append(copy.copy(child))
        section.append(holder)
    main.append(section)
    for tree in soup.select(".toc-drawer .toc-tree"):  # "On this page" listed the assigning page's sections
        tree.decompose()
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    for link in soup.find_all("a", href=True):
        if str(link["href"]).startswith("#") and len(link["href"]) > 1 and link["href"][1:] not in ids:
            link.unwrap()  # a link to a section the page does not hold (in a part the pack leaves out) is text
    head_title = soup.head.find("title") if soup.head is not None else None
    if head_title is not None:
        head_title.string = f"{title} - Circles of Support"
    base = links.base_url(app)
    if base:
        missing = links.own_address(soup, base + here)
        if missing:
            logger.warning(
                f"pack builder: the print page copies {shell_page}, which has no {', '.join(missing)}; "
                "it would name the wrong address: see links.own_address in supportbook/sphinxext/links.py",
                type="supportbook",
            )
    (outdir / here).write_text(str(soup), encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.add_node(pack_builder)
    app.add_directive("pack-builder", PackBuilderDirective)
    app.add_node(handout_links)
    app.add_directive("handout-links", HandoutLinksDirective)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("html-page-context", _page_js, priority=400)  # before pagemeta copies the page's files
    app.connect("build-finished", write_print_page, priority=800)  # before html.py's checks (900)
