"""A slide deck for a lesson plan (python-pptx), made from the plan's own source.

The deck: a title slide; the plan's ground rules; the safety slide (the safety box's words from
resources.yml: each country's emergency number and 24/7 line); one slide for each row of the timing table,
with its time, the timing notes and the activity's steps in the speaker notes; the exit question on the
exit slide; and the safety slide again to close. So a deck has `FIXED_SLIDES + len(activities)` slides.
The triage ladder is left out: its four steps do not fit one slide legibly, and the chapter pages and the
country cards carry it whole.

Only the default Office theme, its standard layouts and plain text are used, so the file opens the same
in PowerPoint, Google Slides, Keynote and LibreOffice Impress.
"""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.presentation import Presentation as Deck
from pptx.slide import Slide
from pptx.util import Inches, Pt

from supportbook.teachkit.plan import Activity, LessonPlan
from supportbook.teachkit.safety import SafetyText

SLIDES_DIR = "slides"
FIXED_SLIDES = 4  # title, ground rules, safety at the start, safety at the end
TITLE_LAYOUT, CONTENT_LAYOUT = 0, 1
EXIT_SLIP = "Write your answer on a slip. Everyone writes something, even \u201cno question\u201d."
TRUSTED_ADULTS = "Trusted adults here: ________________________"
_WIDE = (Inches(13.333), Inches(7.5))


def deck_name(lesson_id: str) -> str:
    return f"lesson-{lesson_id}.pptx"


def _notes(slide: Slide, text: str) -> None:
    slide.notes_slide.notes_text_frame.text = text


def _bullets(slide: Slide, lines: list[str], size: int, *, first_bold: bool = False) -> None:
    body = slide.placeholders[1]
    body.left, body.top, body.width, body.height = Inches(0.7), Inches(1.6), Inches(11.9), Inches(5.5)
    frame = body.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE  # no shrink-to-fit: every app shows the same size
    for index, line in enumerate(lines):
        para = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = first_bold and index == 0


def _content(deck: Deck, title: str, lines: list[str], size: int = 28, *, first_bold: bool = False) -> Slide:
    slide = deck.slides.add_slide(deck.slide_layouts[CONTENT_LAYOUT])
    heading = slide.shapes.title
    heading.left, heading.top, heading.width, heading.height = Inches(0.7), Inches(0.4), Inches(10.4), Inches(1.1)
    heading.text = title
    heading.text_frame.paragraphs[0].runs[0].font.size = Pt(36)
    heading.text_frame.paragraphs[0].runs[0].font.bold = True
    _bullets(slide, lines or [" "], size, first_bold=first_bold)
    return slide


def _time_badge(slide: Slide, time: str) -> None:
    box = slide.shapes.add_textbox(Inches(11.2), Inches(0.55), Inches(1.6), Inches(0.8))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = time
    run.font.size = Pt(24)
    run.font.bold = True


def _safety(deck: Deck, safety: SafetyText, notes: str) -> Slide:
    slide = _content(deck, safety.title, [safety.lead, *safety.lines, TRUSTED_ADULTS], 22, first_bold=True)
    _notes(slide, f"{notes}\n\n{safety.closing}")
    return slide


def _activity_lines(plan: LessonPlan, activity: Activity) -> list[str]:
    name = activity.name.lower()
    if activity.number == 1:
        return ["By the end of this lesson, you can:", *plan.objectives]
    if name.startswith("exit question"):
        return [plan.exit_question, EXIT_SLIP]
    if name == "discussion":
        return list(plan.discussion)
    if plan.group_lines and activity.name == plan.group_title:
        return list(plan.group_lines)
    return [activity.notes or activity.name]


def activity_notes(activity: Activity) -> str:
    """The speaker notes for an activity slide: its time, the timing table's notes and the steps."""
    name = activity.name if activity.name.endswith((".", "?", "!")) else f"{activity.name}."
    return f"{activity.time}: {name} {activity.notes}\n\n{activity.steps}"


def build_deck(plan: LessonPlan, safety: SafetyText) -> Deck:
    deck = Presentation()
    deck.slide_width, deck.slide_height = _WIDE
    deck.core_properties.title = plan.title
    deck.core_properties.author = "The Circles of Support contributors"
    deck.core_properties.subject = f"Slides for the lesson plan '{plan.short_title}' (CC BY-SA 4.0)"

    title = deck.slides.add_slide(deck.slide_layouts[TITLE_LAYOUT])
    heading = title.shapes.title
    heading.left, heading.top, heading.width, heading.height = Inches(0.7), Inches(2.2), Inches(11.9), Inches(1.6)
    heading.text = plan.short_title
    subtitle = title.placeholders[1]
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = Inches(0.7), Inches(4.0), Inches(11.9), Inches(1.0)
    subtitle.text = f"Circles of Support \u00b7 a {plan.minutes}-minute lesson"
    _notes(title, "\n".join([plan.summary, f"For: {plan.audience}", "", "Before you teach:", *plan.before_you_teach]))

    rules = _content(deck, "Our ground rules", list(plan.ground_rules))
    _notes(rules, "Agree the ground rules with the group, or remind them of rules you already use. "
                  "Anyone may step out, with no questions asked.")
    _safety(deck, safety, "Show where to get help now, at the start. Name the trusted adults in your setting "
                          "and where to find them.")
    for activity in plan.activities:
        lines = _activity_lines(plan, activity)
        words = sum(len(line.split()) for line in lines)
        size = 28 if words < 40 else 24 if words < 90 else 20
        slide = _content(deck, f"{activity.number}. {activity.name}", lines, size)
        _time_badge(slide, activity.time)
        _notes(slide, activity_notes(activity))
    _safety(deck, safety, "Signpost support again at the end. Stay in the room for a few minutes afterward.")
    return deck


def write(plan: LessonPlan, safety: SafetyText, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / deck_name(plan.id)
    build_deck(plan, safety).save(str(target))
    return target
