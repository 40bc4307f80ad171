"""The per-document store: typed page records that pickle, purge and merge the way a parallel build needs."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from supportbook.frontmatter import PageMeta
from supportbook.sphinxext import store
from supportbook.sphinxext.exercises import ExerciseFacts
from supportbook.sphinxext.lessons import LessonFacts, LessonTiming, TimingRow

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = PageMeta(kind="chapter", id="therapists", audience=("families", "educators"), last_reviewed="2026-11-27")
EXERCISE = ExerciseFacts(
    title="Talking it through", label="ex-therapists-group", kind="group", audience="A staff group",
    time="20 minutes", minutes=20, line=12, purpose=True, has_prompts=True, prompts=("What would you say?",),
    notice=True, facilitator_notes=True, facilitator_missing=("ground rules",),
)
LESSON = LessonFacts(
    id="therapists", line=3, has_label=True, safety_box_first=True, sections={"timing": True},
    timing=LessonTiming(True, ("Time", "Activity", "Notes"), (TimingRow(5, "5 min", "Welcome"),), 5, 20),
    audience=("staff",),
)


def _env() -> Any:
    return SimpleNamespace()


def test_a_page_record_is_typed_and_a_page_without_front_matter_has_no_kind_or_id() -> None:
    env = _env()
    record = store.record(env, "book/chapter")
    record.meta = CHAPTER
    record.objectives = ["Name a therapist's role"]
    assert store.record(env, "book/chapter") is record
    assert (record.kind, record.id) == ("chapter", "therapists")
    unknown = store.get(env, "book/nowhere")
    assert (unknown.kind, unknown.id, unknown.title, unknown.exercises) == ("", "", "", None)
    assert "book/nowhere" not in store.docs(env)  # looking a page up does not invent a record
    assert store.get(env, None).kind == ""


def test_page_records_pickle_with_the_environment() -> None:
    env = _env()
    record = store.record(env, "book/chapter")
    record.meta = CHAPTER
    record.exercises = [EXERCISE]
    record.lesson = LESSON
    copy = pickle.loads(pickle.dumps(store.docs(env)))
    assert copy == store.docs(env)
    assert copy["book/chapter"].meta.audience == ("families", "educators")
    assert copy["book/chapter"].lesson.timing.rows[0].minutes == 5
    assert copy["book/chapter"].exercises[0].facilitator_missing == ("ground rules",)


def test_a_parallel_readers_records_replace_ours_only_for_the_documents_it_read() -> None:
    main, worker = _env(), _env()
    store.record(main, "a").title = "A, read before"
    store.record(main, "b").title = "B, untouched"
    store.record(worker, "a").title = "A, read again"
    store.record(worker, "c").title = "C, read by the worker but not its job"
    store._merge(None, main, {"a", "missing"}, worker)  # type: ignore[arg-type]
    assert {name: rec.title for name, rec in store.docs(main).items()} == {"a": "A, read again", "b": "B, untouched"}


def test_a_purged_document_has_no_record() -> None:
    env = _env()
    store.record(env, "a").lint_findings = 2
    store._purge(None, env, "a")  # type: ignore[arg-type]
    store._purge(None, env, "never-read")  # type: ignore[arg-type]
    assert store.docs(env) == {}


CONF = """\
import sys
sys.path.insert(0, {root!r})
project = "Mini"
root_doc = "book/intro"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "supportbook"]
myst_enable_extensions = ["colon_fence", "deflist"]
bibtex_bibfiles = ["book/references.bib"]
html_theme = "furo"
html_theme_options = {{"announcement": "safety"}}
templates_path = ["book/_templates"]
exclude_patterns = ["_build", "supportbook", "book/_templates", "_config.yml", "_toc.yml"]
"""


def test_a_parallel_read_gives_every_chapter_the_same_facts_as_a_serial_one(tmp_path: Path) -> None:
    """Two workers read the chapters and their exercises pages; the merged records must say what one reader's
    do: each chapter's reading time, review date and exercises link, and no cross-page check complains.
    (sphinx-external-toc loads a numbering extension that forces a serial read, so this book uses a toctree.)"""
    from test_contract import chapter, make_book

    pages = {name: chapter().replace("example", name) for name in ("alpha", "beta", "gamma", "delta")}
    make_book(tmp_path, pages)
    names = [*pages, *(f"ex-{name}" for name in pages), "refs", "help", "leave-this-site"]
    (tmp_path / "book" / "intro.md").write_text(
        "(intro)=\n# Intro\n\nHello.\n\n```{toctree}\n" + "\n".join(names) + "\n```\n", encoding="utf-8"
    )
    (tmp_path / "conf.py").write_text(CONF.format(root=str(ROOT)), encoding="utf-8")
    written = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"_build-{jobs}"
        done = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-j", jobs, str(tmp_path), str(out)],
            capture_output=True, text=True, cwd=tmp_path,
        )
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        # With -W, falling back to a serial read (an extension not declared parallel-safe) is an error.
        assert "serial read" not in done.stdout + done.stderr
        written[jobs] = {name: (out / "book" / f"{name}.html").read_text(encoding="utf-8") for name in pages}
    for name, html in written["2"].items():
        assert "Reading time:" in html and "Last reviewed:" in html and "Reflection exercises" in html, name
        assert html == written["1"][name], name
