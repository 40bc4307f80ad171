"""The per-document store: typed page records that pickle, purge and merge the way a parallel build needs."""

from __future__ import annotations

import pickle
from types import SimpleNamespace
from typing import Any

from supportbook.frontmatter import PageMeta
from supportbook.sphinxext import store

CHAPTER = PageMeta(kind="chapter", id="therapists", audience=("families", "educators"), last_reviewed="2026-11-27")


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
    record.exercises = [{"kind": "solo", "line": 12}]
    record.lesson = {"audience": ["staff"]}
    copy = pickle.loads(pickle.dumps(store.docs(env)))
    assert copy == store.docs(env)
    assert copy["book/chapter"].meta.audience == ("families", "educators")


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
