"""One printed page per country: the triage ladder, the emergency number, the 24/7 lines, a line for
worried adults, and three things to say.

`python -m supportbook cards --site _build/html` (or `make cards`) writes `cards/<code>.pdf` into the site,
on the paper the country uses (the `paper:` of each country in resources.yml: A4 or US Letter). Every
word comes from the same data as the web site (`resources.yml` and `ladder.yml`), escaped for LaTeX; a
country with a paper size must have an emergency entry, and a card that runs past one page, or a glyph
the font lacks, stops with the country and what to fix. Cards are built in a temporary folder and moved
into place only when all of them are complete.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from supportbook import contact
from supportbook import ladder as ladder_data
from supportbook import resources as resource_data
from supportbook.packs import xelatex
from supportbook.publish import publish
from supportbook.resources_text import human_date
from supportbook.sphinxext.latex import tex_text

CARDS_DIR = "cards"
MAX_OTHER_LINES = 4  # 24/7 lines after the country's main one, so the card stays on one page


class CardError(Exception):
    """A card cannot be made; the message names the country and what to fix."""


@dataclass(frozen=True)
class CardText:
    """Everything one card says, as plain text (tests read this; `latex()` lays it out)."""

    code: str
    country: str
    paper: str
    emergency: str
    lines: tuple[str, ...]
    adults: tuple[str, ...]
    words: tuple[str, ...]
    checked: str


def card_text(resources: resource_data.Resources, ladder: ladder_data.Ladder, code: str) -> CardText:
    country = next((c for c in resources.countries if c.code == code and c.paper), None)
    if country is None:
        raise CardError(
            f"{resources.path}: no card for {code!r}; cards exist for the countries with a 'paper:' size: "
            f"{', '.join(c.code for c in resources.countries if c.paper)}"
        )
    emergency = resources.emergency(code)
    if emergency is None:
        raise CardError(
            f"{resources.path}: the card for {country.name} needs an emergency entry: add a service with "
            f"'country: {code}' and 'kind: emergency'"
        )
    main = resources.safety_line(code)
    others = [
        s for s in resources.in_country(code)
        if s.open_24_7 and s is not main and s.country == code and not s.is_directory
    ][:MAX_OTHER_LINES]
    lines = tuple(f"{s.name}: {contact.plain(contact.summary(s))}" for s in ([main] if main else []) + others)
    adults = tuple(
        f"{s.name}: {contact.plain(contact.summary(s))}" + ("" if s.open_24_7 else f" ({s.hours.rstrip('.')})")
        for s in resources.adult_lines(code)
    )
    shown = [emergency, *([main] if main else []), *others, *resources.adult_lines(code)]
    checked = human_date(min(s.checked for s in shown))
    return CardText(
        code=code,
        country=country.name,
        paper=country.paper,
        emergency=contact.plain(contact.emergency(emergency)),
        lines=lines,
        adults=adults,
        words=ladder.words[:3],
        checked=checked,
    )


def _items(texts: tuple[str, ...] | list[str]) -> str:
    return "\\begin{itemize}\n" + "".join(f"\\item {tex_text(t)}\n" for t in texts) + "\\end{itemize}\n"


def _ladder_tex(ladder: ladder_data.Ladder) -> str:
    out = [f"\\section*{{{tex_text(ladder.title)}}}\n{tex_text(ladder_data.plain(ladder.lead))}\n"]
    out.append("\\begin{enumerate}\n")
    for step in ladder.steps:
        out.append(f"\\item \\textbf{{{tex_text(step.heading)}.}} ")
        if step.signs_intro and step.signs:
            out.append(tex_text(step.signs_intro) + "\n" + _items([ladder_data.plain(s) for s in step.signs]))
        elif step.signs:
            out.append(tex_text(ladder_data.plain(step.signs[0])) + "\n")
        actions = [ladder_data.plain(a) for a in step.actions]
        actions += [f"{r.reader}: {ladder_data.plain(r.action)}" for r in step.readers]
        out.append("\\par\\textbf{What to do:}\n" + _items(actions))
    out.append("\\end{enumerate}\n")
    return "".join(out)


def latex(card: CardText, ladder: ladder_data.Ladder) -> str:
    """The card as a complete XeLaTeX document."""
    paper = "a4paper" if card.paper == "a4" else "letterpaper"
    quoted = [f"\u201c{w}\u201d" for w in card.words]
    other_lines = _items(list(card.lines)) if card.lines else ""
    adults = (
        f"\\section*{{For you, the adult}}\n{_items(list(card.adults))}"
        if card.adults
        else "\\section*{For you, the adult}\nThe 24/7 lines above are there for anyone, including you.\n"
    )
    return f"""\\documentclass[10pt]{{article}}
\\usepackage[{paper},margin=13mm]{{geometry}}
\\usepackage{{fontspec}}
\\setmainfont{{texgyreheros}}[Extension=.otf, UprightFont=*-regular, BoldFont=*-bold,
  ItalicFont=*-italic, BoldItalicFont=*-bolditalic]
\\usepackage{{enumitem}}
\\setlist{{nosep, leftmargin=1.3em}}
\\usepackage{{titlesec}}
\\titlespacing*{{\\section}}{{0pt}}{{.7em}}{{.25em}}
\\titleformat*{{\\section}}{{\\large\\bfseries}}
\\pagestyle{{empty}}
\\tracinglostchars=2
\\begin{{document}}
{{\\LARGE\\bfseries {tex_text(card.country)}: what to do if you are worried}}\\par\\smallskip
{{\\Large\\bfseries If someone's life is in danger now, or they may have taken an overdose (even if they
seem well), call {tex_text(card.emergency)}.}}\\par
\\section*{{Lines you can call or text, day or night}}
{other_lines}{adults}
{{\\small {_ladder_tex(ladder)}}}
\\section*{{Three things to say}}
{_items(quoted)}
\\vfill
{{\\footnotesize From Circles of Support, a free guide for families and educators (CC BY-SA 4.0). Services
checked {tex_text(card.checked)} or later; services change, so check the book's safety resources page
for the latest. This card is not a substitute for professional or emergency help.\\par}}
\\end{{document}}
"""


def _compile(tex: Path, name: str) -> Path:
    try:
        done = xelatex.run(tex, timeout=180)
    except xelatex.NotInstalled:
        raise CardError("xelatex is not installed; run `make cards`, which checks TeX first") from None
    if not done.made:
        raise CardError(f"the card for {name} did not build: {done.first_error}")
    if done.lost_glyph:
        raise CardError(f"the card for {name} uses a character the font lacks; change the data text")
    if done.pages > 1:
        raise CardError(
            f"the card for {name} runs to {done.pages} pages; shorten its lines in resources.yml "
            "or the ladder in ladder.yml"
        )
    return done.pdf


def build(site: Path, resources_path: Path, ladder_path: Path, codes: list[str] | None = None) -> list[Path]:
    """Write `site/cards/<code>.pdf` for each country that has a paper size (or the codes asked for)."""
    resources = resource_data.load(resources_path)
    ladder = ladder_data.load(ladder_path)
    wanted = codes or [c.code for c in resources.countries if c.paper]
    cards = [card_text(resources, ladder, code) for code in wanted]

    def make(work: Path) -> list[Path]:
        built = []
        for card in cards:
            tex = work / f"{card.code.lower()}.tex"
            tex.write_text(latex(card, ladder), encoding="utf-8")
            built.append(_compile(tex, card.country))
        return built

    return publish(site, CARDS_DIR, make)


def run(args: argparse.Namespace) -> int:
    site = Path(args.site)
    if not site.is_dir():
        print(f"cards: the site folder {site} does not exist; run `make book` first (or give --site)")
        return 2
    codes = [c.strip().upper() for c in args.countries.split(",")] if args.countries else None
    try:
        written = build(site, Path(args.resources), Path(args.ladder), codes)
    except (CardError, resource_data.ResourceError, ladder_data.LadderError) as exc:
        print(f"cards: {exc}")
        return 2
    for path in written:
        print(f"wrote {path}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("cards", help="print one card per country (cards/<code>.pdf in the site)")
    parser.add_argument("--site", default="_build/html", help="the built site to add cards/ to")
    parser.add_argument("--countries", default="", help="comma-separated country codes (default: all)")
    parser.add_argument("--resources", default=str(resource_data.DATA_FILE), help=argparse.SUPPRESS)
    parser.add_argument("--ladder", default=str(ladder_data.DATA_FILE), help=argparse.SUPPRESS)
    parser.set_defaults(func=run)
