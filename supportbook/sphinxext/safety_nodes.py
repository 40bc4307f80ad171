"""Builder-neutral docutils nodes for the safety box, the appendix, service references and tables.

Everything here is made of standard nodes (admonitions, sections, paragraphs, lists, tables, references),
plus one `disclosure` node (a `<details>` on the web site, plain text in print and e-books), so HTML, LaTeX
and EPUB all get the same words. HTML-only looks come from CSS classes (and the compact safety line from
static/safety-line.js, which moves the box's own nodes). Nothing here reads files: the caller passes the
validated `Resources`.
"""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes
from sphinx import addnodes

from supportbook import contact, names
from supportbook.resources import REFERENCE, Country, Resources, Service
from supportbook.resources_text import CONFIDENCE_TEXT, human_date, short_url
from supportbook.sphinxext import tables

APPENDIX_LABEL = "safety-resources"
SAFETY_CLASS = names.SAFETY_BOX
# On the web site, pages other than these show the box as one compact line for the reader's country
# (safety.py's CompactSafetyLine and static/safety-line.js); print and e-books always show it whole.
SAFETY_COMPACT_CLASS = names.SAFETY_COMPACT
SAFETY_TITLE = "If you need help now"
EMERGENCY_SECTION = "resources-emergency"
CHANNELS = ("call", "text", "chat", "any")


class disclosure(nodes.General, nodes.Element):  # lower case, as docutils names its nodes
    """Details a reader opens when they want them: on the web site `<details>` with `node["summary"]` as
    its `<summary>`; in print and e-books the children as plain text (safety.py's visitors)."""


def details(summary: str, *children: nodes.Node) -> disclosure:
    return disclosure("", *children, summary=summary, classes=["supportbook-details"])


def service_label(service_id: str) -> str:
    return f"service-{service_id}"


def country_label(code: str) -> str:
    return f"resources-{code.lower()}"


def service_class(service_id: str) -> str:
    """A class on every element that shows a service, so tests can tell whose number is where."""
    return f"supportbook-service-{service_id}"


def ref(label: str, *children: nodes.Node, text: str = "") -> addnodes.pending_xref:
    """A cross-reference to a label, resolved by Sphinx for every builder."""
    inner = nodes.inline("", "", *children, classes=["xref", "std", "std-ref"])
    if text:
        inner += nodes.Text(text)
    return addnodes.pending_xref(
        "", inner, refdomain="std", reftype="ref", reftarget=label, refexplicit=True, refwarn=True
    )


def tel(number: str) -> nodes.reference:
    digits = "".join(ch for ch in number if ch.isdigit())
    return nodes.reference(number, number, refuri=f"tel:{digits}", classes=["supportbook-tel"])


def link(url: str, text: str = "") -> nodes.reference:
    shown = text or short_url(url)
    return nodes.reference(shown, shown, refuri=url)


def mail(address: str) -> nodes.reference:
    return nodes.reference(address, address, refuri=f"mailto:{address}")


def contact_nodes(phrase: contact.Phrase) -> list[nodes.Node]:
    """A contact phrase as nodes: numbers to call as tel: links, web and email addresses as links."""
    out: list[nodes.Node] = []
    for part in phrase:
        if isinstance(part, contact.Words):
            out.append(nodes.Text(part.text))
        elif isinstance(part, contact.Phone):
            out.append(tel(part.number))
        elif isinstance(part, contact.Link):
            out.append(link(part.url))
        else:
            out.append(mail(part.address))
    return out


def _para(*children: nodes.Node, classes: list[str] | None = None) -> nodes.paragraph:
    return nodes.paragraph("", "", *children, classes=classes or [])


def sentence(text: str) -> str:
    """Text with a closing full stop, unless it already ends with punctuation."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _label(text: str) -> nodes.strong:
    return nodes.strong(text, text)


def service_text(resources: Resources, service: Service) -> str:
    """The words of a `{service}` reference: '988 Suicide & Crisis Lifeline (call or text 988)'."""
    if service.is_emergency:
        what = "emergency services" if service.name == "Emergency services" else service.name
        return f"{contact.plain(contact.emergency(service))} ({what}, {resources.country_name(service.country)})"
    return f"{service.name} ({contact.plain(contact.summary(service))})"


def marked(service: Service, *children: nodes.Node) -> nodes.inline:
    """Wrap nodes in an inline carrying the service's class (a resolved reference loses its own)."""
    return nodes.inline("", "", *children, classes=[names.SERVICE, service_class(service.id)])


def service_ref(resources: Resources, service: Service) -> nodes.inline:
    return marked(service, ref(service_label(service.id), text=service_text(resources, service)))


def note_nodes(resources: Resources, text: str) -> list[nodes.Node]:
    """Free text from the data file with `{id}` turned into references to those services."""
    result: list[nodes.Node] = []
    position = 0
    for match in REFERENCE.finditer(text):
        if match.start() > position:
            result.append(nodes.Text(text[position : match.start()]))
        other = resources.get(match.group(1))
        if other is not None:
            if other.is_emergency:
                emergency = contact.plain(contact.emergency(other))
                result.append(marked(other, ref(service_label(other.id), text=emergency)))
            else:
                result.append(service_ref(resources, other))
        position = match.end()
    if position < len(text):
        result.append(nodes.Text(text[position:]))
    return result


# ------------------------------------------------------------------------------------------ safety box


def _glance_contacts(service: Service) -> list[nodes.Node]:
    """'call or text 988', with the numbers as tel: links: the same words as everywhere else."""
    return contact_nodes(contact.summary(service))


class safety_country_name(nodes.strong):  # lower case, as docutils names its nodes
    """The country's name that opens its line in the safety box ("United Kingdom:"): bold text everywhere.
    On the web site's compact pages (safety.py's CompactSafetyLine sets `guess`), its HTML also carries the
    country's `time_zones` and `language_regions` from resources.yml as data attributes, which
    static/safety-line.js reads to guess the reader's country: the table is data, not code. Builders
    without a visitor of their own write it as the `strong` it is (Sphinx's translators look visitors up
    along the node's classes). Inside the paragraph, it leaves the list as simple as it was."""


def safety_country_class(code: str) -> str:
    """The class on a country's line in the safety box ('supportbook-safety-uk'), read by safety-line.js."""
    return f"supportbook-safety-{code.lower()}"


def _country_name(country: Country, text: str) -> safety_country_name:
    return safety_country_name(
        text, text, zones=" ".join(country.time_zones), regions=" ".join(country.language_regions)
    )


def safety_box(resources: Resources) -> nodes.admonition:
    """The box at the top of every chapter and exercise page. The same nodes on every page."""
    box = nodes.admonition("", classes=["admonition", SAFETY_CLASS])
    box += nodes.title(SAFETY_TITLE, SAFETY_TITLE)
    box += _para(
        nodes.Text(
            "If someone's life is in danger right now, or they may have taken an overdose (even if they seem "
            "well), call your emergency number. "
            "To talk to someone, day or night, contact the 24/7 line for your country."
        )
    )
    items = nodes.bullet_list(classes=["supportbook-safety-list"])
    for country in resources.countries:
        emergency = resources.emergency(country.code)
        line = resources.safety_line(country.code)
        para = _para()
        if country.code == "INTL":
            if line is None:
                continue
            para += _country_name(country, "Anywhere else:")
            para += nodes.Text(f" {line.name} — ")
            para += _glance_contacts(line)
            para += nodes.Text(".")
            items += nodes.list_item("", para, classes=[safety_country_class(country.code)])
            continue
        para += _country_name(country, f"{country.name}:")
        if emergency is not None:
            para += nodes.Text(" emergency ")
            para += contact_nodes(contact.emergency(emergency))
            para += nodes.Text(".")
        if line is not None:
            para += nodes.Text(f" {line.name} — ")
            para += _glance_contacts(line)
            para += nodes.Text(".")
        items += nodes.list_item("", para, classes=[safety_country_class(country.code)])
    box += items
    box += _para(
        nodes.Text("You do not have to be in crisis to reach out. "),
        ref(APPENDIX_LABEL, text="Safety resources"),
        nodes.Text(" lists every service, its hours and who it is for."),
    )
    return box


# ------------------------------------------------------------------------------------------- appendix


def _section(label: str, title: str, classes: list[str] | None = None) -> nodes.section:
    section = nodes.section("", ids=[label], names=[label], classes=classes or [])
    section += nodes.title(title, title)
    return section


# The appendix entry's contact lines, in this order: the label of each channel's line.
CONTACT_LINES = (("call", "Call:"), ("text", "Text:"), ("chat", "Chat:"), ("email", "Email:"), ("website", "Website:"))


def contact_items(service: Service) -> nodes.bullet_list:
    """Call / Text / Chat / Email / Website, each on its own line, with every route of that channel."""
    items = nodes.bullet_list(classes=["supportbook-contact"])
    for channel, label in CONTACT_LINES:
        found = contact.routes(service, channel)
        if not found:
            continue
        para = _para(_label(label), nodes.Text(" "))
        for index, route in enumerate(found):
            if index:
                para += nodes.Text("; or ")
            para += contact_nodes(contact.route(route))
        para += nodes.Text(".")
        items += nodes.list_item("", para, classes=[f"supportbook-{channel}"])
    return items


def checked_text(service: Service) -> str:
    """The table's date, saying when the details come from secondary sources, not the operator's own page."""
    date = human_date(service.checked)
    return date if service.confidence == "verified" else f"{date} (from secondary sources)"


def checked_para(service: Service) -> nodes.paragraph:
    para = _para(classes=["supportbook-checked"])
    para += _label("Checked:")
    para += nodes.Text(
        f" {human_date(service.checked)}, from copies of public pages. Newest evidence: {service.evidence_date}. "
        f"Confidence: {service.confidence} ({CONFIDENCE_TEXT[service.confidence]}). Source: "
    )
    para += link(service.source)
    para += nodes.Text(".")
    return para


def checked_details(service: Service) -> disclosure:
    """When and how the entry was checked, its source and confidence: behind a disclosure on the web."""
    return details(f"Checked {human_date(service.checked)}: source and confidence", checked_para(service))


def service_section(resources: Resources, service: Service) -> nodes.section:
    section = _section(service_label(service.id), service.name, [names.SERVICE, service_class(service.id)])
    if service.confidence == "unverified":
        warning = nodes.admonition("", classes=["admonition", names.UNCERTAIN])
        warning += nodes.title("Not confirmed", "Not confirmed")
        warning += _para(nodes.Text(service.uncertain))
        section += warning
    who = _para(_label("Who it is for:"), nodes.Text(f" {service.serves}"), classes=["supportbook-serves"])
    if service.ages and service.ages.lower() not in service.serves.lower():
        who += nodes.Text(f" Ages: {service.ages}.")
    section += who
    section += contact_items(service)
    section += _para(_label("Hours:"), nodes.Text(f" {sentence(service.hours)}"), classes=["supportbook-hours"])
    facts = _para()
    if service.cost:
        facts += _label("Cost:")
        facts += nodes.Text(f" {sentence(service.cost)}")
    if service.privacy:
        facts += nodes.Text(" ")
        facts += _label("Privacy:")
        facts += nodes.Text(f" {service.privacy.rstrip('.')}.")
    if service.languages:
        facts += nodes.Text(" ")
        facts += _label("Languages:")
        facts += nodes.Text(f" {', '.join(service.languages)}.")
    if service.access:
        facts += nodes.Text(f" {service.access}")
    if facts.children:
        section += facts
    if service.notes:
        notes = nodes.bullet_list(classes=["supportbook-notes"])
        for note in service.notes:
            notes += nodes.list_item("", _para(*note_nodes(resources, note)))
        section += _para(_label("Good to know:"))
        section += notes
    section += _para(_label("Run by:"), nodes.Text(f" {service.operator}."))
    section += checked_details(service)
    return section


def _emergency_item(resources: Resources, service: Service) -> nodes.list_item:
    item = nodes.list_item("", ids=[service_label(service.id)], names=[service_label(service.id)])
    item["classes"] += [names.EMERGENCY, service_class(service.id)]
    main = contact.emergency_calls(service)
    para = _para(_label(f"{resources.country_name(service.country)}:"), nodes.Text(" call "))
    para += contact_nodes(contact.emergency(service))
    if service.name != "Emergency services":
        para += nodes.Text(f" ({service.name})")
    para += nodes.Text(".")
    others = [c for c in service.call if c not in main]
    if others:
        para += nodes.Text(" Also ")
        for index, call in enumerate(others):
            if index:
                para += nodes.Text("; ")
            para += contact_nodes(contact.route(contact.call_route(call)))
        para += nodes.Text(".")
    item += para
    for route in service.text:
        reach = contact_nodes(contact.text_reach(route))
        item += _para(nodes.Text("Text "), *reach, nodes.Text(f": {sentence(route.note)}"))
    for note in service.notes:
        item += _para(*note_nodes(resources, note))
    item += checked_details(service)
    return item


def appendix(resources: Resources, note_target: Callable[[nodes.Element], None]) -> list[nodes.Node]:
    """The generated body of the safety-resources appendix, as sections.

    `note_target` registers each labelled node with the document, so `{ref}` and `{service}` can link to
    `resources-us`, `service-us-988` and the rest.
    """
    result: list[nodes.Node] = [country_links(resources)]
    danger = _section(EMERGENCY_SECTION, "If someone is in immediate danger", ["supportbook-emergency-section"])
    danger += _para(
        nodes.Text(
            "If someone's life is in danger right now, or they may have taken an overdose (even if they seem "
            "well), call the emergency number for where you are."
        )
    )
    items = nodes.bullet_list(classes=["supportbook-emergency-list"])
    for country in resources.countries:
        emergency = resources.emergency(country.code)
        if emergency is not None:
            item = _emergency_item(resources, emergency)
            note_target(item)
            items += item
    danger += items
    danger += _para(
        nodes.Text(
            "If there is no immediate danger, the services below are there to listen. Many are open 24/7; "
            "each entry gives its hours."
        )
    )
    note_target(danger)
    result.append(danger)

    for country in resources.countries:
        section = _section(country_label(country.code), country.name, [names.COUNTRY])
        emergency = resources.emergency(country.code)
        if emergency is not None:
            section += _para(
                nodes.Text("In an emergency, call "),
                ref(service_label(emergency.id), text=contact.plain(contact.emergency(emergency))),
                nodes.Text("."),
            )
        elif country.code == "INTL":
            section += _para(
                nodes.Text("If you live somewhere else, these directories list free helplines in many countries.")
            )
        own = [s for s in resources.in_country(country.code) if s.country == country.code]
        line = resources.safety_line(country.code)
        first = sorted((s for s in own if s.open_24_7 and not s.is_directory), key=lambda s: s != line)
        adult_entries = [s for s in own if s.for_adults and s not in first]
        rest = [s for s in own if s not in first and s not in adult_entries]
        if first:
            section += _lines_para("Open 24/7:", resources, first, "supportbook-open-lines")
        adults = adult_lines_para(resources, country.code)
        if adults is not None:
            section += adults
        for group in (first, adult_entries, rest):
            for service in group:
                entry = service_section(resources, service)
                note_target(entry)
                section += entry
        for service in resources.in_country(country.code):
            if service.country != country.code:
                section += _also_here(resources, service, country.code)
        note_target(section)
        result.append(section)
    return result


def _lines_para(label: str, resources: Resources, services: list[Service], css: str) -> nodes.paragraph:
    """'Open 24/7: Samaritans (call 116 123), or Shout (text SHOUT to 85258).', each linked to its entry."""
    para = _para(_label(label), nodes.Text(" "), classes=[css])
    for index, service in enumerate(services):
        if index:
            para += nodes.Text(", or " if index == len(services) - 1 else ", ")
        para += service_ref(resources, service)
    para += nodes.Text(".")
    return para


COUNTRY_LINKS_CLASS = names.COUNTRY_LINKS


def country_links(resources: Resources) -> nodes.bullet_list:
    """A link to each country's services, first thing in the appendix."""
    items = nodes.bullet_list(classes=[COUNTRY_LINKS_CLASS])
    for country in resources.countries:
        items += nodes.list_item("", _para(ref(country_label(country.code), text=country.name)))
    return items


def adult_lines_para(resources: Resources, code: str) -> nodes.paragraph | None:
    """'For worried adults: ...': the lines for adults worried about a young person in one country."""
    lines = resources.adult_lines(code)
    if not lines:
        return None
    para = _para(_label("For worried adults:"), classes=["supportbook-adult-lines"])
    para += nodes.Text(" these lines also support adults who are worried about a young person: ")
    for index, service in enumerate(lines):
        if index:
            para += nodes.Text(", or " if index == len(lines) - 1 else ", ")
        para += service_ref(resources, service)
        para += _adult_note(service)
    para += nodes.Text(".")
    return para


def _adult_note(service: Service) -> list[nodes.Node]:
    """What a worried adult should know before calling a line that is not a crisis line."""
    return [nodes.Text(f" ({service.for_adults_note})")] if service.for_adults_note else []


def _also_here(resources: Resources, service: Service, code: str) -> nodes.paragraph:
    """A service listed under another country that also serves this one (e.g. Trans Lifeline)."""
    para = _para(classes=["supportbook-also", service_class(service.id)])
    para += _label(f"Also in {resources.country_name(code)}:")
    para += nodes.Text(f" {service.name}")
    local = [c for c in service.call if c.country == code]
    if local:
        para += nodes.Text(" — call ")
        para += contact_nodes(contact.call_reach(local[0]))
    para += nodes.Text(f". {sentence(service.hours)} See the ")
    para += ref(service_label(service.id), text="full entry")
    para += nodes.Text(".")
    return para


# ------------------------------------------------------------------------------------------ service table


def matches_channel(service: Service, channel: str) -> bool:
    return channel == "any" or channel in service.channels()


# How a route starts in the table's "How to reach it" column, one route a line.
REACH_VERBS = {"call": "Call", "text": "Text", "chat": "Chat:"}


def _reach_cell(service: Service, channel: str = "any") -> list[nodes.Node]:
    """How to reach the service: every route, or only the routes of one channel (call, text, chat), with
    the same notes and hours as the appendix entry; the website where there is no other route."""
    found = [r for r in contact.routes(service, channel) if r.channel in REACH_VERBS]
    paras: list[nodes.Node] = [_para(*contact_nodes(contact.route(r, REACH_VERBS[r.channel]))) for r in found]
    if not paras:
        paras = [_para(*contact_nodes(contact.route(r))) for r in contact.routes(service, "website")]
    return paras


# One class per column, so narrow screens can show each row as a card with its column names
# (see safety.css): the words are the same in every format.
TABLE_COLUMNS = (
    tables.Column("Service", 20, "sb-col-service"),
    tables.Column("How to reach it", 28, "sb-col-reach"),
    tables.Column("Hours", 18, "sb-col-hours"),
    tables.Column("Who it is for", 24, "sb-col-who"),
    tables.Column("Checked", 10, "sb-col-checked"),
)


def _service_row(service: Service, channel: str) -> tables.Row:
    name = _para(ref(service_label(service.id), text=service.name))
    if service.region:
        name += nodes.Text(f" ({service.region})")
    cells = (
        [name],
        _reach_cell(service, channel),
        [_para(nodes.Text(service.hours))],
        [_para(nodes.Text(service.serves))],
        [_para(nodes.Text(checked_text(service)))],
    )
    return tables.Row(cells, classes=[service_class(service.id)])


def service_table(services: list[Service], channel: str = "any") -> nodes.table:
    rows = [_service_row(service, channel) for service in services]
    return tables.table(TABLE_COLUMNS, rows, classes=["supportbook-service-table"])


# ------------------------------------------------------------------------------ adults' lines and cards

CARDS_DIR = "cards"
CARDS_CLASS = names.CARDS


def adult_lines_list(resources: Resources) -> nodes.bullet_list:
    """Each country's lines for worried adults; where none is confirmed, its 24/7 line, which is for anyone."""
    items = nodes.bullet_list(classes=["supportbook-adult-list"])
    for country in resources.countries:
        if country.code == "INTL":
            continue
        para = _para(_label(f"{country.name}:"), nodes.Text(" "))
        lines = resources.adult_lines(country.code)
        if lines:
            for index, service in enumerate(lines):
                if index:
                    para += nodes.Text("; ")
                para += service_ref(resources, service)
                para += _adult_note(service)
            para += nodes.Text(".")
        else:
            line = resources.safety_line(country.code)
            if line is None:
                continue
            para += service_ref(resources, line)
            para += nodes.Text(" is there for anyone, including you.")
        items += nodes.list_item("", para)
    return items


def card_name(code: str) -> str:
    return f"{code.lower()}.pdf"


def cards_list(resources: Resources, prefix: str) -> nodes.bullet_list:
    """One link a country to its printed card, `<prefix>cards/<code>.pdf`, with the paper size."""
    items = nodes.bullet_list(classes=[CARDS_CLASS])
    for country in resources.countries:
        if not country.paper:
            continue
        paper = "US Letter" if country.paper == "letter" else "A4"
        shown = f"{country.name} ({paper}, PDF)"
        ref_node = nodes.reference(shown, shown, refuri=f"{prefix}{CARDS_DIR}/{card_name(country.code)}")
        items += nodes.list_item("", _para(ref_node))
    return items
