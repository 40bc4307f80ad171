"""The linter reads MyST like a reader: prose is linted, code, targets and options are not."""

from __future__ import annotations

import textwrap

from supportbook.lint import lint_text
from supportbook.lint.markdown import extract


def rule_lines(text: str) -> list[tuple[str, int, int]]:
    return [(f.rule_id, f.line, f.col) for f in lint_text(textwrap.dedent(text).lstrip("\n"))]


def test_extraction_keeps_every_offset() -> None:
    text = "---\ntitle: x\n---\n# Title\n\nSome **bold** text with `code` and [a link](https://example.org).\n"
    assert len(extract(text).text) == len(text)


def test_front_matter_is_not_prose() -> None:
    assert rule_lines(
        """
        ---
        title: He committed suicide
        supportbook:
          kind: page
        ---
        A calm page.
        """
    ) == []


def test_code_fences_inline_code_and_code_directives_are_not_prose() -> None:
    assert rule_lines(
        """
        ```text
        He committed suicide.
        ```

        ~~~
        He committed suicide.
        ~~~

        ```{code-block} md
        He committed suicide.
        ```

        Write `committed suicide` only in code.
        """
    ) == []


def test_links_urls_labels_comments_and_role_targets_are_not_prose() -> None:
    assert rule_lines(
        """
        (committed-suicide)=
        # A title

        % He committed suicide (a MyST comment)
        <!-- He committed suicide -->
        See [the guide](https://example.org/committed-suicide) and https://example.org/cutters.
        See {ref}`committed-suicide` and {doc}`cutters`.
        """
    ) == []


def test_role_display_text_is_prose() -> None:
    assert rule_lines("See {ref}`why cutters hide it <label>` for more.\n") == [("LANG-LABEL", 1, 15)]


def test_directive_options_are_not_prose_but_bodies_and_titles_are() -> None:
    found = rule_lines(
        """
        ```{admonition} Why cutters hide it
        :class: committed-suicide
        :name: cutters

        Her uncle committed suicide.
        ```
        """
    )
    assert found == [("LANG-LABEL", 1, 21), ("LANG-COMMITTED", 5, 11)]


def test_nested_colon_fence_bodies_are_prose() -> None:
    found = rule_lines(
        """
        :::{note}
        Some text.

        ```{tip}
        Her uncle committed suicide.
        ```

        ```python
        committed_suicide = "committed suicide"
        ```
        :::
        """
    )
    assert found == [("LANG-COMMITTED", 5, 11)]


def test_sentences_span_line_breaks_and_report_the_original_position() -> None:
    found = lint_text("# Title\n\nAfter the funeral we learned he had\n  **committed**\n  suicide.\n")
    assert [(f.rule_id, f.line, f.col, f.end_line) for f in found] == [("LANG-COMMITTED", 4, 5, 5)]
    assert found[0].text == "committed suicide"


def test_paragraphs_list_items_and_table_cells_are_separate_sentences() -> None:
    assert rule_lines("He committed\n\nsuicide prevention is our aim.\n") == []
    assert rule_lines("- We committed\n- suicide prevention funds.\n") == []
    assert rule_lines("| We committed | suicide prevention |\n|---|---|\n| a | b |\n") == []


def test_emphasis_typographic_quotes_and_case() -> None:
    assert rule_lines("She is *just* ATTENTION-SEEKING.\n") == [("LANG-ATTENTION", 1, 15)]
    assert rule_lines("Promise them you won’t tell anyone.\n") == [("ADVICE-SECRECY", 1, 1)]


def test_headings_are_prose_and_titles_are_checked() -> None:
    found = rule_lines("# Understanding self-harm\n\n## Why cutters hide it\n")
    assert ("HEAD-BEHAVIOR", 1, 17) in found
    assert ("LANG-LABEL", 3, 8) in found
    assert all(rule != "HEAD-BEHAVIOR" or line == 1 for rule, line, _ in found)


def test_image_alt_text_is_prose_but_its_path_is_not() -> None:
    assert rule_lines("![A photo of razor blades](img/cutters.png)\n") == [("DETAIL-IMPLEMENT-NAMED", 1, 14)]


def test_myths_section_excuses_myth_statements() -> None:
    text = "## Myths and facts\n\n| Myth | Fact |\n|---|---|\n| Self-harm is attention-seeking. | Most hide it. |\n"
    assert rule_lines(text) == []
    assert rule_lines("## Words to use\n\nSelf-harm is attention-seeking.\n") == [("LANG-ATTENTION", 3, 14)]


def test_footnote_text_is_prose_but_link_definitions_are_not() -> None:
    assert rule_lines("Text.[^1]\n\n[^1]: Her uncle committed suicide.\n") == [("LANG-COMMITTED", 3, 17)]
    assert rule_lines("[committed suicide]: https://example.org/cutters\n") == []


def test_figure_captions_and_alt_text_are_prose_but_paths_and_options_are_not() -> None:
    found = rule_lines(
        """
        ```{figure} img/cutters.png
        :alt: A photo of razor blades
        :width: 50%

        Cutters often hide it.
        ```
        """
    )
    assert found == [("DETAIL-IMPLEMENT-NAMED", 2, 18), ("LANG-LABEL", 5, 1)]


# ------------------------------------------------------------------ read with MyST's own parser (issue 14, item 6)
def test_a_role_split_over_two_lines_shows_only_its_text() -> None:
    text = "See the {ref}`guide for\ncutters <label-cutters>` and {doc}`cutters`.\n"
    assert rule_lines(text) == [("LANG-LABEL", 2, 1)]
    assert "label" not in extract(text).text


def test_a_directive_inside_a_list_item_is_read_at_its_place() -> None:
    found = rule_lines(
        """
        - A first step.

          ```{note} Why cutters hide it
          Her uncle committed suicide.
          ```
        """
    )
    assert found == [("LANG-LABEL", 3, 17), ("LANG-COMMITTED", 4, 13)]


def test_a_yaml_options_block_is_not_prose() -> None:
    found = rule_lines(
        """
        :::{admonition} A title
        ---
        class: committed-suicide
        name: cutters
        ---
        Her uncle committed suicide.
        :::
        """
    )
    assert found == [("LANG-COMMITTED", 6, 11)]


def test_definitions_footnotes_and_items_start_sentences() -> None:
    # "We committed" and "suicide prevention" would be one phrase if the term ran on into its definition
    assert rule_lines("We committed\n: suicide prevention funds.\n") == []
    assert rule_lines("Term\n: Her uncle committed suicide.\n") == [("LANG-COMMITTED", 2, 13)]


def test_html_block_text_is_prose_and_its_comments_are_markers() -> None:
    text = '<div class="cutters">\nHer uncle committed suicide. <!-- lint-ignore LANG-COMMITTED: quoted -->\n</div>\n'
    assert rule_lines(text) == []
    assert rule_lines("<p>Cutters hide it.</p>\n") == [("LANG-LABEL", 1, 4)]
    assert rule_lines("<script>var cutters = 1;</script>\n") == []


def test_indented_code_emails_and_escapes() -> None:
    assert rule_lines("Some text.\n\n    He committed suicide.\n") == []
    assert rule_lines("Write to cutters@example.org or www.cutters.example.org today.\n") == []
    assert rule_lines("| a | b |\n|---|---|\n| x \\| y | Cutters hide it. |\n") == [("LANG-LABEL", 3, 12)]


def test_windows_line_endings_and_setext_titles_keep_positions() -> None:
    found = lint_text("Understanding self-harm\r\n=======================\r\n\r\nHer uncle committed suicide.\r\n")
    assert [(f.rule_id, f.line, f.col) for f in found] == [("HEAD-BEHAVIOR", 1, 15), ("LANG-COMMITTED", 4, 11)]


def test_emphasis_links_and_entities_keep_columns() -> None:
    found = lint_text("A [*long* link](https://x.org) then **her** uncle &amp; c&#111;mmitted suicide.\n")
    assert [(f.rule_id, f.line, f.col) for f in found] == [("LANG-COMMITTED", 1, 57)]
