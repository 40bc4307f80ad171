"""Read and check the `supportbook:` block of a page's YAML front matter.

The block says what a page is (a chapter, an exercises page, a lesson plan...) and carries the facts a
teacher relies on that are not prose: the chapter's stable id, its audience and the date it was last
reviewed. Everything else (objectives, key points) lives in directives, so it is linted as prose.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml

KINDS = ("page", "start", "chapter", "closing", "exercises", "lesson", "appendix")
ID_RE = re.compile(r"^[a-z][a-z0-9-]{1,30}$")
_DATE_LIKE = re.compile(r"(?<![\w.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w.:-])")
_FENCE = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.S)


class FrontMatterError(ValueError):
    """Front matter that cannot be used; the message says what to fix."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class PageMeta:
    kind: str
    id: str = ""
    audience: tuple[str, ...] = ()
    last_reviewed: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "audience": list(self.audience),
            "last_reviewed": self.last_reviewed,
        }


class WithMeta:
    """`kind` and `id` read from a `meta: PageMeta | None` attribute ('' without front matter): for the
    book model's pages and the build's page records, which both carry one."""

    meta: PageMeta | None

    @property
    def kind(self) -> str:
        return self.meta.kind if self.meta else ""

    @property
    def id(self) -> str:
        return self.meta.id if self.meta else ""


def impossible_date(text: str, error: Exception, first_line: int = 1) -> str:
    """Say which date YAML could not make (it reads 2026-02-30 as a date and fails without a line)."""
    for number, line in enumerate(text.splitlines(), first_line):
        for match in _DATE_LIKE.finditer(line.split("#", 1)[0]):
            try:
                dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                return f"line {number}: {match.group(0)} is not a real date ({error}); write a date that exists"
    return f"a value is not a real date ({error}); write dates as they exist, like 2026-11-27"


def split_front_matter(text: str) -> tuple[str | None, str]:
    """Return (yaml text or None, the rest). The rest keeps its line numbers when re-joined."""
    match = _FENCE.match(text)
    if not match:
        return None, text
    return match.group(1), text[match.end():]


def parse(text: str) -> tuple[PageMeta | None, str]:
    """Parse the `supportbook:` block and return it with the source minus that block.

    The block is blanked out (line count kept) so that MyST, which turns front matter into a field
    list, never sees it; other front matter keys are left for MyST.
    """
    raw, rest = split_front_matter(text)
    if raw is None:
        return None, text
    try:
        data = yaml.safe_load(raw) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        raise FrontMatterError(
            f"the YAML front matter does not parse ({getattr(exc, 'problem', exc)}); "
            "fix the indentation or quoting between the two '---' lines",
            line,
        ) from None
    except ValueError as exc:  # an impossible date such as 2026-02-30
        message = impossible_date(raw, exc, first_line=2)
        line = int(message.split(":")[0].split()[1]) if message.startswith("line ") else 1
        raise FrontMatterError(f"the YAML front matter does not parse: {message}", line) from None
    if not isinstance(data, dict):
        raise FrontMatterError("the front matter must be a YAML mapping of keys to values")
    block = data.pop("supportbook", None)
    if block is None:
        return None, text
    meta = _check(block)
    n_lines = raw.count("\n") + 2
    others = yaml.safe_dump(data, sort_keys=False) if data else ""
    if others:
        kept = f"---\n{others}---\n"
        padding = "\n" * max(0, n_lines - kept.count("\n"))
        return meta, kept + padding + rest
    return meta, "\n" * n_lines + rest


def _check(block: Any) -> PageMeta:
    if not isinstance(block, dict):
        raise FrontMatterError("'supportbook:' must be a mapping, e.g. 'supportbook:\\n  kind: chapter'")
    unknown = set(block) - {"kind", "id", "audience", "last_reviewed"}
    if unknown:
        raise FrontMatterError(
            f"unknown key(s) under 'supportbook:': {', '.join(sorted(unknown))}; "
            "allowed: kind, id, audience, last_reviewed"
        )
    kind = block.get("kind")
    if kind not in KINDS:
        raise FrontMatterError(f"'supportbook.kind' must be one of {', '.join(KINDS)} (got {kind!r})")
    page_id = str(block.get("id") or "")
    if kind in ("chapter", "closing", "exercises", "lesson") and not ID_RE.match(page_id):
        raise FrontMatterError(
            f"'supportbook.id' must be a short lowercase id such as 'therapists' (got {page_id!r})"
        )
    audience = block.get("audience") or []
    if isinstance(audience, str):
        audience = [audience]
    reviewed = block.get("last_reviewed", "")
    if isinstance(reviewed, dt.date):
        reviewed = reviewed.isoformat()
    reviewed = str(reviewed or "")
    if kind in ("chapter", "closing"):
        if not audience:
            raise FrontMatterError("'supportbook.audience' is missing: say who the chapter is for")
        try:
            dt.date.fromisoformat(reviewed)
        except ValueError:
            raise FrontMatterError(
                f"'supportbook.last_reviewed' must be a date like 2026-11-27 (got {reviewed!r})"
            ) from None
    return PageMeta(kind=kind, id=page_id, audience=tuple(str(a) for a in audience), last_reviewed=reviewed)
