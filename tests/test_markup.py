"""The one Markdown configuration: what it recognizes, and what it refuses."""

from __future__ import annotations

import re

import pytest
from markdown_it.tree import SyntaxTreeNode

from drafter.errors import MarkupError
from drafter.text.markdown import (
    CONTAINER,
    check_storable,
    container_name,
    is_page_break,
    make_parser,
    parse,
    parse_tokens,
    plain_parser,
)


def types(markdown: str) -> list[str]:
    return [t.type for t in parse_tokens(markdown)]


def test_parser_is_built_once() -> None:
    assert make_parser() is make_parser()


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


@pytest.mark.parametrize(
    "text",
    [
        "<div>\nhi\n</div>\n\ntext <b>x</b> <!-- note -->",
        "<?php echo 1 ?>\n\n<![CDATA[x]]>\n",
        "<pre>\n\nq\n</pre>\n\na <span class='x'>b</span> <a href=\"u\">c</a>",
    ],
)
def test_raw_html_parses_as_with_the_html_rules_on(text: str) -> None:
    # plain_parser() drops the html rules, which never match with html off: the same parse.
    from markdown_it import MarkdownIt
    from mdit_py_plugins.container import container_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    from drafter.text.markdown import _is_container_name

    full = MarkdownIt("commonmark", {"html": False, "typographer": True})
    full.enable(["table", "smartquotes"]).use(footnote_plugin)
    full.use(container_plugin, name="div", validate=_is_container_name)
    assert plain_parser().parse(text, {}) == full.parse(text, {})


@pytest.mark.parametrize(
    "text",
    [
        "One line.\n\nAnother line.",  # the end without a newline
        "Two\nlines.\n\nOne.\n",
        "Title\n\n===\n\nSub\n---\n",  # underlines apart or together
        "a | b\n\n|---|\n\nx | y\n|---|---|\n1 | 2\n",  # table-like lines
        "    Indented code\n\nText\n    lazy\n",
        "- item one\n- item two\n\n  Continued in the item.\n\nAfter the list.\n",
        "1. First\n\n   Inside the item.\n2. Second\n",
        "> Quoted line.\n>\n> Another.\n\nLazy\n> quote\n",
        "Text[^a].\n\n[^a]: A note.\n\n    Its second paragraph.\n\nÉté, Ωmega, 漢字 and ßtart.\n",
        "::: address\nLine one\n\nLine two\n:::\n\nafter\n",
        "* * *\n\n_x_\n\n#Not a heading\n\n# Heading\n\nword\n",
        "\\newpage\n\nx\n\n<b>html</b>\n\n[ref]: https://e.org\n\nA [ref] here.\n",
        "*emphasis* first\n\n* item\n\n***\n\n* * *\n\n*\n\n-x\n\n- y\n\n---\n\n___\n\n_x_\n",
        "+ plus\n\n+x\n\n17 U.S.C. 107\n\n1. one\n\n2) two\n\n1234567890. long\n\n3.x\n",
        "[a](https://e.org) link\n\n[^n]: note\n\n[x]: /u\n\n[x]\n\n[ not a ref\n\n[^]: odd\n",
        "#tag\n\n# H\n\n####### seven\n\n#\n\n## Closed ##\n",
        ":::\n\n: x\n\n::: quote\ninside\n:::\n\n:::: x\n",
        "`code` here\n\n```\nfenced\n```\n\n~x\n\n~~~\nt\n~~~\n\n``\n",
        '>\n\n> q\n\n>> nested\n\n<div>\n\n"quoted" start\n\n(aside)\n\n|pipe|\n\n=\n',
        "  indented two\n\n   three\n\n\t tab\n\n- a\n\n  b\n\n- c\n  - d\n\n    e\n",
        "Windows\r\nline ends\r\n\r\n# and\rold Mac ones\r\rNUL \0 too\n",  # normalized
    ],
)
def test_one_line_paragraphs_parse_as_markdown_it_parses_them(text: str) -> None:
    assert parse_tokens(text) == plain_parser().parse(text, {})
    assert "one_line_blocks" in make_parser().block.ruler.get_all_rules()


def test_the_one_line_shortcut_stands_aside_for_a_rule_it_does_not_know() -> None:
    from markdown_it import MarkdownIt

    from drafter.text.markdown import _OneLineBlocks

    md = MarkdownIt("commonmark").enable("table")
    md.block.ruler.before("paragraph", "custom", lambda *args: False)
    _OneLineBlocks(md)
    assert "one_line_blocks" not in md.block.ruler.get_all_rules()
    plain = MarkdownIt("commonmark").enable("table")
    _OneLineBlocks(plain)
    assert plain.block.ruler.get_all_rules()[0] == "one_line_blocks"
