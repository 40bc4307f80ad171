"""The CSS class names and settings more than one module relies on, defined once (free of Sphinx).

The Sphinx extension puts these classes on the nodes it makes; the LaTeX look, the search index, the
packs and the checks that read the built HTML (`said-once`, `readability`) find the blocks by them. A
stylesheet or script (`sphinxext/static/`) has to spell them again; Python modules import them from here.

Which blocks a measure leaves out differs by what it measures, so there are three selections, each
built from the same names (`tests/test_names.py` keeps them consistent):

- `FROM_DATA`: every block a directive renders from one data source (resources.yml, ladder.yml,
  teaching.yml, the chapter records): the same words wherever they appear. `said-once` ignores them,
  because a repeated sentence there is repeated by design.
- `NOT_READING_TIME`: what the chapter's computed reading time does not count: the safety box, the
  triage ladder, the chapter's own facts, and the crisis lines and words to say that the data puts on a
  page. Service tables and the teaching steps are read as part of the page, so they count.
- `NOT_PROSE`: the blocks the prose grade (`readability`) leaves out besides tables, code and the
  bibliography: the safety box, the ladder and the chapter facts (the lines for worried adults count
  as prose there, as they always have, so the grades stay comparable from edition to edition).
"""

from __future__ import annotations

SAFETY_BOX = "supportbook-safety-box"
SAFETY_COMPACT = "supportbook-safety-compact"
LADDER = "supportbook-ladder"
LADDER_WORDS = "supportbook-words"  # the ladder's words to say (ladder.yml)
ADULT_LINES = "supportbook-adult-lines"  # "For worried adults:" lines (resources.yml)
ADULT_LIST = "supportbook-adult-list"
SERVICE = "supportbook-service"
SERVICE_TABLE = "supportbook-service-table"
EMERGENCY_LIST = "supportbook-emergency-list"
EMERGENCY_SECTION = "supportbook-emergency-section"
CARDS = "supportbook-cards"
TEACHING = "supportbook-teaching"
KIT_LINKS = "supportbook-kit-links"
CHAPTER_INFO = "supportbook-chapter-info"
FOR_TEACHERS = "supportbook-for-teachers"
STABLE_LINK = "supportbook-stable-link"
STABLE_URL = "supportbook-stable-url"
HANDOUT_LINK = "supportbook-handout-link"
ASSIGNMENT_TABLE = "supportbook-assignment-table"
IN_SHORT = "supportbook-in-short"
OBJECTIVES = "supportbook-objectives"
KEY_POINTS = "supportbook-key-points"
EXERCISE = "supportbook-exercise"
PROMPTS = "supportbook-prompts"
EXERCISE_NOTICE = "supportbook-exercise-notice"
FACILITATOR_NOTES = "supportbook-facilitator-notes"
UNCERTAIN = "supportbook-uncertain"  # a service fact the data marks as not yet confirmed
COUNTRY = "supportbook-country"  # the appendix's section for one country
COUNTRY_LINKS = "supportbook-country-links"  # the appendix's first list: a link to each country
EMERGENCY = "supportbook-emergency"  # one emergency number in a country's list
COPY_RAW = "sb-copy-raw"  # the raw node holding a "Copy link" button: kept out of the search index

# Settings (`sphinx: config:` in _config.yml) that the extension registers and the packs set.
HANDOUTS_SETTING = "supportbook_handouts"  # the folder of chapter handout PDFs in the site ("" for none)
COVER_CHAPTERS_SETTING = "supportbook_cover_chapters"  # a course pack's chapters, listed on its cover
HANDOUTS_FOLDER = "handouts"  # its default

FROM_DATA: tuple[str, ...] = (
    SAFETY_BOX,
    SAFETY_COMPACT,
    LADDER,
    CHAPTER_INFO,
    FOR_TEACHERS,
    ADULT_LINES,
    ADULT_LIST,
    LADDER_WORDS,
    TEACHING,
    SERVICE_TABLE,
    SERVICE,
    EMERGENCY_LIST,
    EMERGENCY_SECTION,
    CARDS,
    KIT_LINKS,
    ASSIGNMENT_TABLE,
    HANDOUT_LINK,
    STABLE_LINK,
)
NOT_READING_TIME: frozenset[str] = frozenset({SAFETY_BOX, LADDER, CHAPTER_INFO, ADULT_LINES, ADULT_LIST, LADDER_WORDS})
NOT_PROSE: tuple[str, ...] = (SAFETY_BOX, CHAPTER_INFO, LADDER)


def selectors(classes: tuple[str, ...] | frozenset[str]) -> tuple[str, ...]:
    """CSS selectors (`.name`) for class names, in the given order."""
    return tuple(f".{name}" for name in classes)
