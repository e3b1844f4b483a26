"""The one Markdown configuration: what it recognizes, and what it refuses."""

from __future__ import annotations

import re

import pytest
from markdown_it.tree import SyntaxTreeNode

from drafter.errors import Location, MarkupError
from drafter.text.markdown import (
    CONTAINER,
    check_storable,
    container_name,
    is_page_break,
    parse,
    parse_tokens,
)


def types(markdown: str) -> list[str]:
    return [t.type for t in parse_tokens(markdown)]


def test_parse_gives_a_syntax_tree() -> None:
    tree = parse("# Title\n\nText.\n")
    assert isinstance(tree, SyntaxTreeNode)
    assert [child.type for child in tree.children] == ["heading", "paragraph"]


def test_tables_are_enabled() -> None:
    assert "table_open" in types("| a | b |\n|---|---|\n| 1 | 2 |\n")


def test_footnotes_are_numbered_in_order_of_first_reference() -> None:
    tokens = parse_tokens("B[^b] then A[^a] and B again[^b].\n\n[^a]: A.\n[^b]: B.\n")
    refs = [c.meta["id"] for c in tokens[1].children if c.type == "footnote_ref"]
    assert refs == [0, 1, 0]
    labels = [t.meta["label"] for t in tokens if t.type == "footnote_open"]
    assert labels == ["b", "a"]


def test_inline_footnotes_are_recognized() -> None:
    assert "footnote_ref" in [c.type for c in parse_tokens("Text^[a note].")[1].children]


@pytest.mark.parametrize("name", ["date", "address", "re-line", "signature", "quote", "Title"])
def test_a_container_may_have_any_one_word_name(name: str) -> None:
    tree = parse(f"::: {name}\nLine one\nLine two\n:::\n")
    (node,) = tree.children
    assert node.type == CONTAINER
    assert container_name(node) == name
    assert node.children[0].type == "paragraph"


@pytest.mark.parametrize("opening", [":::", "::: two words", "::: 1date", ":: date"])
def test_other_colon_lines_are_text(opening: str) -> None:
    assert CONTAINER + "_open" not in types(f"{opening}\nbody\n:::\n")


def test_containers_nest_and_close() -> None:
    tree = parse(":::: signature\n::: date\nMay 1\n:::\nName\n::::\n\nAfter.\n")
    outer, after = tree.children
    assert container_name(outer) == "signature"
    assert container_name(outer.children[0]) == "date"
    assert after.type == "paragraph"


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [("\\newpage", True), ("  \\newpage  ", True), ("\\newpage now", False), ("newpage", False)],
)
def test_page_break_is_a_paragraph_of_its_own(markdown: str, expected: bool) -> None:
    tokens = parse_tokens(markdown + "\n")
    assert is_page_break(tokens[1]) is expected


def test_raw_html_stays_text() -> None:
    tokens = parse_tokens("A <b>bold</b> claim <!-- hidden -->\n\n<div>block</div>\n")
    assert "html_inline" not in [c.type for c in tokens[1].children]
    assert "html_block" not in [t.type for t in tokens]
    assert "<b>bold</b>" in tokens[1].content


@pytest.mark.parametrize(
    ("text", "where", "code"),
    [
        ("a\x00b", "<markdown>:1:2", "U+0000"),
        ("one\ntwo\x1fthree", "<markdown>:2:4", "U+001F"),
        ("one\r\n\r\nx\x0b", "<markdown>:3:2", "U+000B"),
        ("one\rtwo\ufffe", "<markdown>:2:4", "U+FFFE"),
        ("\udc80", "<markdown>:1:1", "U+DC80"),
    ],
)
def test_unstorable_characters_are_located(text: str, where: str, code: str) -> None:
    with pytest.raises(MarkupError, match=re.escape(code)) as caught:
        check_storable(text)
    assert str(caught.value).startswith(where + ": character")


def test_unstorable_character_names_source_and_value() -> None:
    with pytest.raises(MarkupError) as caught:
        check_storable("x\x02", "drafter.yaml", "organization.name")
    assert str(caught.value).startswith("drafter.yaml:1:2: organization.name: character U+0002")


@pytest.mark.parametrize("text", ["tab\tnewline\ncr\r", "é 漢 😀 \u2028 \x7f \x85", ""])
def test_storable_text_passes(text: str) -> None:
    check_storable(text)


def _nested_list(levels: int) -> str:
    return "".join("  " * k + f"- level {k + 1}\n" for k in range(levels))


def test_a_list_nested_nine_levels_keeps_everything_after_it() -> None:
    markdown = _nested_list(9) + "\nThe conclusion.\n\n::: signature\nJordan Example\n:::\n"
    texts = [t.content for t in parse_tokens(markdown) if t.type == "inline"]
    assert texts[:9] == [f"level {k + 1}" for k in range(9)]
    assert texts[-2:] == ["The conclusion.", "Jordan Example"]


NESTED_TOO_DEEP = (
    "Markdown is nested too deep: lists or quotes this many levels inside each other are cut off"
)


@pytest.mark.parametrize(
    ("markdown", "line"),
    [
        (_nested_list(10) + "\nThe conclusion.\n", 10),
        ("Intro.\n\n" + "> " * 20 + "quoted\n\nAfter.\n", 3),
        ("- " * 30 + "deep\n", 1),
    ],
    ids=["list of ten levels", "quote of twenty", "one-line list"],
)
def test_markdown_nested_too_deep_is_an_error_not_a_silent_loss(markdown: str, line: int) -> None:
    with pytest.raises(MarkupError) as caught:
        parse_tokens(markdown)
    assert caught.value.message == NESTED_TOO_DEEP
    assert caught.value.location == Location("<markdown>", line, 1)


def test_a_paragraph_too_long_to_parse_is_refused_at_once() -> None:
    with pytest.raises(MarkupError) as caught:
        parse_tokens("Fine.\n\n" + "[" * 1_000_000 + "\n")
    assert str(caught.value) == (
        "<markdown>:3:1: a paragraph of 1,000,000 characters is too long to be a paragraph of "
        "a document (the limit is 10,000) — split it into paragraphs with blank lines"
    )
