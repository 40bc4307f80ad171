"""Class names defined once (supportbook/names.py), and the three measures that leave blocks out use them."""

from __future__ import annotations

from supportbook import names, readability, saidonce
from supportbook.sphinxext import contract, search


def test_said_once_skips_every_block_rendered_from_data() -> None:
    assert set(names.selectors(names.FROM_DATA)) <= set(saidonce.GENERATED)


def test_reading_time_and_prose_grade_skip_only_blocks_rendered_from_data() -> None:
    assert names.NOT_READING_TIME.issubset(names.FROM_DATA)
    assert set(names.NOT_PROSE) <= set(names.FROM_DATA)
    assert set(names.selectors(names.NOT_PROSE)) <= set(readability.SKIP)


def test_the_reading_time_leaves_out_the_safety_box_and_ladder_but_counts_service_tables() -> None:
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    doc = new_document("<test>", get_default_settings(Parser))
    for css, text in ((names.SAFETY_BOX, "call now"), (names.LADDER, "ladder rung"), (names.SERVICE_TABLE, "one two")):
        box = nodes.container(classes=[css])
        box += nodes.paragraph(text=text)
        doc += box
    doc += nodes.paragraph(text="three typed words")
    assert contract.count_words(doc) == 5


def test_the_search_index_leaves_out_the_safety_box_and_the_ladder_by_their_one_name() -> None:
    assert {names.SAFETY_BOX, names.LADDER, names.COPY_RAW} == set(search.UNINDEXED_CLASSES)


def test_every_class_name_is_defined_once() -> None:
    values = [value for key, value in vars(names).items() if key.isupper() and isinstance(value, str)]
    assert len(values) == len(set(values))
