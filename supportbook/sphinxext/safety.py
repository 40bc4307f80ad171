"""The safety spine in the book: `{safety-box}`, `{safety-resources}`, `{service}` and `{service-table}`.

All four read `supportbook/data/resources.yml` (or the file named by the `supportbook_resources` config
value). It is loaded and validated once per build, when the builder starts, and kept on the build
environment; bad data stops the build there, before any page is read or written, with a message naming
the file, the entry, the field and what is wrong. Every page that shows service facts records the file
as a dependency, so editing it re-reads exactly those pages.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.util.osutil import relative_uri

from supportbook import resources as data
from supportbook.sphinxext import safety_nodes
from supportbook.sphinxext.datafile import DataFile
from supportbook.sphinxext.html import APPENDIX_DOC, START_DOC

logger = logging.getLogger(__name__)

class ResourceDataError(ExtensionError):
    """The crisis-resources data file is wrong; the message lists each problem."""

    category = "Crisis-resources data error"


RESOURCES = DataFile(
    config_name="supportbook_resources",
    default=data.DATA_FILE,
    load=data.load,
    data_error=data.ResourceError,
    build_error=ResourceDataError,
)


def get_resources(env: BuildEnvironment) -> data.Resources:
    return RESOURCES.get(env)


class SafetyBoxDirective(SphinxDirective):
    """```{safety-box}``` — emergency numbers and one 24/7 line per country, and a link to the appendix."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        box = safety_nodes.safety_box(get_resources(self.env))
        self.set_source_info(box)
        return [box]


class SafetyResourcesDirective(SphinxDirective):
    """```{safety-resources}``` — the appendix body: emergencies, each country, international directories."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        document = self.state.document

        def note_target(node: nodes.Element) -> None:
            document.note_explicit_target(node, node)

        sections = safety_nodes.appendix(get_resources(self.env), note_target)
        for section in sections:
            self.set_source_info(section)
        return sections


class AdultLinesDirective(SphinxDirective):
    """```{adult-lines}``` — each country's lines for adults worried about a young person, from the data."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        items = safety_nodes.adult_lines_list(get_resources(self.env))
        self.set_source_info(items)
        return [items]


class CountryCardsDirective(SphinxDirective):
    """```{country-cards}``` — links to each country's one-page card (`cards/<code>.pdf`, made by `make cards`).

    On the web site the links are relative to the page; in print and e-books, where a relative file link
    leads nowhere, the list names the card files on the book's web site instead (see `CardsOffline`).
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        prefix = "../" * self.env.docname.count("/")
        items = safety_nodes.cards_list(get_resources(self.env), prefix)
        self.set_source_info(items)
        return [items]


class CardsOffline(SphinxPostTransform):
    """Print and e-book editions: card links become plain text naming the file on the web site."""

    default_priority = 380

    def run(self, **kwargs: Any) -> None:
        if self.app.builder.name in ("html", "dirhtml", "singlehtml"):
            return
        for items in self.document.findall(nodes.bullet_list):
            if safety_nodes.CARDS_CLASS not in items.get("classes", []):
                continue
            for ref_node in list(items.findall(nodes.reference)):
                name = ref_node["refuri"].rsplit("/", 1)[-1]
                text = f"{ref_node.astext()}: {safety_nodes.CARDS_DIR}/{name} on the book's web site"
                ref_node.replace_self(nodes.Text(text))


SAFETY_LINE_SCRIPT = "safety-line.js"


class CompactSafetyLine(SphinxPostTransform):
    """Web site only: the safety box on a chapter, exercise or teacher page is marked compact, and
    static/safety-line.js then shows one line for the reader's country, with "Other countries" opening
    the rest. The nodes (so the words) are the box's own; without JavaScript, in print, PDF and EPUB the
    whole box shows. The landing page, the start page and the appendix always show it whole."""

    default_priority = 390
    builders = ("html", "dirhtml", "singlehtml")  # not "epub", whose format is "html" too

    def run(self, **kwargs: Any) -> None:
        if self.env.docname in {self.config.root_doc, START_DOC, APPENDIX_DOC}:
            return
        # The site's own file, loaded right after the box: it folds the box before anything below it is
        # drawn, so nothing on the page moves (a deferred script would run after the first paint).
        here = self.app.builder.get_target_uri(self.env.docname)
        script = f'<script src="{relative_uri(here, "_static/" + SAFETY_LINE_SCRIPT)}"></script>'
        for box in list(self.document.findall(nodes.admonition)):
            if safety_nodes.SAFETY_CLASS in box["classes"]:
                box["classes"].append(safety_nodes.SAFETY_COMPACT_CLASS)
                for name in box.findall(safety_nodes.safety_country_name):
                    name["guess"] = True  # its time zones and language regions go into the page
                box.parent.insert(box.parent.index(box) + 1, nodes.raw("", script, format="html"))


def visit_disclosure_html(self: Any, node: safety_nodes.disclosure) -> None:
    """`<details>` with its `<summary>` on the web site; a plain `<div>` in an e-book."""
    if self.builder.name.startswith("epub"):
        self.body.append(self.starttag(node, "div"))
        return
    self.body.append(self.starttag(node, "details"))
    self.body.append(f"<summary>{self.encode(node['summary'])}</summary>\n")


def depart_disclosure_html(self: Any, node: safety_nodes.disclosure) -> None:
    self.body.append("</div>\n" if self.builder.name.startswith("epub") else "</details>\n")


def visit_country_name_html(self: Any, node: safety_nodes.safety_country_name) -> None:
    """`<strong>`; on a compact page with `data-zones` and `data-regions` for static/safety-line.js (escaped)."""
    attributes = {}
    if node.get("guess"):
        attributes = {f"data-{name}": node[name] for name in ("zones", "regions") if node.get(name)}
    self.body.append(self.starttag(node, "strong", "", **attributes))


def depart_country_name_html(self: Any, node: safety_nodes.safety_country_name) -> None:
    self.body.append("</strong>")


def _plain(self: Any, node: nodes.Element) -> None:
    """Print and other formats: the details as they are, always shown."""


def _list_option(argument: str | None) -> list[str]:
    return [part.strip() for part in (argument or "").replace(";", ",").split(",") if part.strip()]


def _channel(argument: str | None) -> str:
    return directives.choice((argument or "any").strip(), safety_nodes.CHANNELS)


class ServiceTableDirective(SphinxDirective):
    """```{service-table}``` with `:countries: US, UK`, `:channel: call|text|chat|any`, `:services: ids`.

    A table of matching services (emergency numbers and directories only when named in `:services:`):
    name linked to its appendix entry, how to reach it, hours, who it is for, and the date checked.
    """

    has_content = False
    option_spec: ClassVar[dict] = {
        "countries": directives.unchanged,
        "channel": _channel,
        "services": directives.unchanged,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        resources = get_resources(self.env)
        known = {country.code for country in resources.countries}
        countries = [code.upper() for code in _list_option(self.options.get("countries"))]
        unknown = [code for code in countries if code not in known]
        if unknown:
            raise self.error(
                f"service-table: unknown country code(s) {', '.join(unknown)}; use {', '.join(sorted(known))}"
            )
        channel = self.options.get("channel", "any")
        wanted_ids = _list_option(self.options.get("services"))
        missing = [sid for sid in wanted_ids if resources.get(sid) is None]
        if missing:
            raise self.error(f"service-table: unknown service id(s) {', '.join(missing)} (see {resources.path})")
        if wanted_ids:
            chosen = [resources.get(sid) for sid in wanted_ids]
            services = [s for s in chosen if s is not None and (not countries or set(s.countries) & set(countries))]
        else:
            services = []
            for code in countries or [c.code for c in resources.countries]:
                for service in resources.in_country(code):
                    if service not in services and not service.is_directory:
                        services.append(service)
        services = [s for s in services if safety_nodes.matches_channel(s, channel)]
        if not services:
            raise self.error("service-table: no service matches these options")
        table = safety_nodes.service_table(services, channel)
        table["classes"] += self.options.get("class", [])
        self.set_source_info(table)
        return [table]


class ServiceRole(SphinxRole):
    """{service}`us-988` -> '988 Suicide & Crisis Lifeline (call or text 988)', linked to its entry."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        resources = get_resources(self.env)
        service_id = self.text.strip()
        service = resources.get(service_id)
        if service is None:
            message = self.inliner.reporter.error(
                f"{{service}}: unknown service id {service_id!r}; the ids are in {resources.path} "
                "(for example us-988, uk-samaritans)",
                line=self.lineno,
            )
            problem = self.inliner.problematic(self.rawtext, self.rawtext, message)
            return [problem], [message]
        node = safety_nodes.service_ref(resources, service)
        self.set_source_info(node)
        return [node], []


def setup(app: Sphinx) -> None:
    RESOURCES.setup(app)
    app.add_directive("safety-box", SafetyBoxDirective)
    app.add_directive("safety-resources", SafetyResourcesDirective)
    app.add_directive("service-table", ServiceTableDirective)
    app.add_role("service", ServiceRole())
    app.add_directive("adult-lines", AdultLinesDirective)
    app.add_directive("country-cards", CountryCardsDirective)
    app.add_post_transform(CardsOffline)
    app.add_post_transform(CompactSafetyLine)
    app.add_node(safety_nodes.safety_country_name, html=(visit_country_name_html, depart_country_name_html))
    app.add_node(
        safety_nodes.disclosure,
        html=(visit_disclosure_html, depart_disclosure_html),
        latex=(_plain, _plain),
        text=(_plain, _plain),
        man=(_plain, _plain),
        texinfo=(_plain, _plain),
    )
