"""A lesson plan's parts, found in its source blocks: the one model the slides and Word files are made from.

The parts are the labelled sections the build checks (`supportbook.sphinxext.lessons.SECTIONS`): each
timing-table row is an activity, matched to the numbered paragraph in the Activities section that starts
with the same number ("**1. Welcome, ground rules and support.** ..."). A plan whose rows and paragraphs
do not match is refused, naming the file and the activity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from supportbook.sphinxext.lessons import parse_minutes
from supportbook.teachkit.source import (
    Block,
    Context,
    Directive,
    Heading,
    ListBlock,
    Page,
    Para,
    SourceError,
    Table,
    plain,
    read,
)

LESSONS_DIR = Path("book") / "teachers"
_NUMBERED = re.compile(r"^(\d{1,2})\.\s+(.*?)\.?$")
_TITLE_PREFIX = "Lesson plan: "


class PlanError(SourceError):
    """A lesson plan's source cannot be read as a plan; the message names the file and the part."""


@dataclass(frozen=True)
class Activity:
    number: int
    time: str
    minutes: int
    name: str
    notes: str
    steps: str  # the activity's paragraph in the Activities section, as plain words


@dataclass(frozen=True)
class LessonPlan:
    id: str
    path: Path
    title: str
    audience: str
    summary: str
    ground_rules: tuple[str, ...]
    before_you_teach: tuple[str, ...]
    objectives: tuple[str, ...]
    activities: tuple[Activity, ...]
    discussion: tuple[str, ...]
    exit_question: str
    page: Page
    group_title: str = ""  # the chapter's group exercise, which one activity runs
    group_lines: tuple[str, ...] = ()  # its scenario and prompts, for that activity's slide

    @property
    def short_title(self) -> str:
        return self.title.removeprefix(_TITLE_PREFIX)

    @property
    def minutes(self) -> int:
        return sum(a.minutes for a in self.activities)


def sections(blocks: tuple[Block, ...], prefix: str) -> dict[str, tuple[Block, ...]]:
    """Label suffix -> the blocks under that labelled heading, up to the next heading of its level or above."""
    found: dict[str, tuple[Block, ...]] = {}
    for index, block in enumerate(blocks):
        if not (isinstance(block, Heading) and block.label.startswith(prefix)):
            continue
        body: list[Block] = []
        for later in blocks[index + 1 :]:
            if isinstance(later, Heading) and later.level <= block.level:
                break
            body.append(later)
        found[block.label.removeprefix(prefix)] = tuple(body)
    return found


def _items(blocks: tuple[Block, ...]) -> tuple[str, ...]:
    lists = [b for b in blocks if isinstance(b, ListBlock)]
    return tuple(" ".join(plain(p.runs) for p in item if isinstance(p, Para)) for lst in lists for item in lst.items)


def _lead(para: Para) -> tuple[str, str]:
    """('1. Welcome, ground rules and support.', 'Say what ...') for a paragraph that opens in bold."""
    if not para.runs or not para.runs[0].bold:
        return "", plain(para.runs)
    return " ".join(para.runs[0].text.split()), plain(para.runs[1:])


def _audience(blocks: tuple[Block, ...]) -> str:
    for block in blocks:
        if isinstance(block, Para) and any(run.bold and run.text.strip() == "For:" for run in block.runs):
            runs = block.runs
            at = next(i for i, run in enumerate(runs) if run.bold and run.text.strip() == "For:")
            return plain(runs[at + 1 :])
    return ""


def _before(blocks: tuple[Block, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The 'Before you teach' items, and the ground rules split out of its 'Ground rules.' item."""
    box = next((b for b in blocks if isinstance(b, Directive) and b.argument.startswith("Before you teach")), None)
    if box is None:
        return (), ()
    items: list[str] = []
    rules: tuple[str, ...] = ()
    for lst in (b for b in box.body if isinstance(b, ListBlock)):
        for item in lst.items:
            para = next((p for p in item if isinstance(p, Para)), None)
            if para is None:
                continue
            lead, rest = _lead(para)
            items.append(f"{lead} {rest}".strip())
            if lead.rstrip(".").lower() == "ground rules":
                said = rest.split(":", 1)[-1]
                rules = tuple(_sentence_case(r) for r in said.split(";") if r.strip())
    return tuple(items), rules


def _sentence_case(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:]


def _activities(page: Page, timing: tuple[Block, ...], steps: tuple[Block, ...]) -> tuple[Activity, ...]:
    table = next((b for b in timing if isinstance(b, Table)), None)
    if table is None:
        raise PlanError(f"{page.path}: the timing section has no table")
    paragraphs: dict[int, str] = {}
    for para in (b for b in steps if isinstance(b, Para)):
        lead, rest = _lead(para)
        match = _NUMBERED.match(lead)
        if match:
            paragraphs[int(match.group(1))] = rest
    activities = []
    for number, row in enumerate(table.rows, 1):
        time, name, notes = (plain(cell) for cell in (*row, (), ())[:3])
        minutes = parse_minutes(time)
        if minutes is None:
            raise PlanError(f"{page.path}: timing row {number} ({name!r}) has no minutes (got {time!r})")
        if number not in paragraphs:
            raise PlanError(
                f"{page.path}: the timing row '{name}' has no activity paragraph '**{number}. {name}.**' in Activities"
            )
        activities.append(Activity(number, time, minutes, name, notes, paragraphs[number]))
    extra = sorted(set(paragraphs) - set(range(1, len(table.rows) + 1)))
    if extra:
        raise PlanError(f"{page.path}: activity {extra[0]} has no row in the timing table")
    return tuple(activities)


def _exit_question(blocks: tuple[Block, ...]) -> str:
    for para in (b for b in blocks if isinstance(b, Para)):
        bold = [run.text for run in para.runs if run.bold]
        if bold:
            return " ".join("".join(bold).split()).strip("\u201c\u201d\"")
    first = next((b for b in blocks if isinstance(b, Para)), None)
    return plain(first.runs) if first else ""


def from_page(page: Page) -> LessonPlan:
    lesson_id = str(page.meta.get("id") or "")
    if page.meta.get("kind") != "lesson" or not lesson_id:
        raise PlanError(f"{page.path}: not a lesson plan (front matter 'supportbook: {{kind: lesson, id: ...}}')")
    parts = sections(page.blocks, f"lesson-{lesson_id}-")
    for needed in ("objectives", "timing", "activities", "discussion", "exit"):
        if needed not in parts:
            raise PlanError(f"{page.path}: missing the section labelled 'lesson-{lesson_id}-{needed}'")
    intro = [b for b in page.blocks[: next((i for i, b in enumerate(page.blocks) if isinstance(b, Heading)
                                             and b.level == 2), len(page.blocks))]]
    paras = [b for b in intro if isinstance(b, Para)]
    before, rules = _before(tuple(intro))
    return LessonPlan(
        id=lesson_id,
        path=page.path,
        title=page.title,
        audience=_audience(tuple(intro)),
        summary=plain(paras[1].runs) if len(paras) > 1 else "",
        ground_rules=rules,
        before_you_teach=before,
        objectives=_items(parts["objectives"]),
        activities=_activities(page, parts["timing"], parts["activities"]),
        discussion=_items(parts["discussion"]),
        exit_question=_exit_question(parts["exit"]),
        page=page,
    )


def group_exercise(page: Page) -> tuple[str, tuple[str, ...]]:
    """The title of an exercises page's group exercise, and its scenario and prompts as lines."""
    for block in page.blocks:
        if isinstance(block, Directive) and block.name == "exercise" and block.options.get("kind") == "group":
            lines = [plain(b.runs) for b in block.body if isinstance(b, Para)]
            for prompts in (b for b in block.body if isinstance(b, Directive) and b.name == "prompts"):
                lists = [b for b in prompts.body if isinstance(b, ListBlock)]
                lines += [f"{n}. {text}" for lst in lists for n, text in enumerate(_items((lst,)), 1)]
            return block.argument, tuple(lines)
    return "", ()


def load(path: Path, context: Context) -> LessonPlan:
    """The plan at `path`, with its chapter's group exercise from `exercises/ex-ID.md` beside `book/`."""
    plan = from_page(read(path, context))
    exercises = path.resolve().parents[2] / "exercises" / f"ex-{plan.id}.md"
    if not exercises.exists():
        return plan
    title, lines = group_exercise(read(exercises, context))
    return replace(plan, group_title=title, group_lines=lines)


def plan_paths(root: Path) -> list[Path]:
    """Every lesson plan's source file, in name order."""
    return sorted((root / LESSONS_DIR).glob("lesson-*.md"))
