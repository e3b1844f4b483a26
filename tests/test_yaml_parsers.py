"""libyaml parses workspace files when PyYAML has it; what is accepted, where each value
stands, and every message stay those of PyYAML's pure-Python loader."""

from __future__ import annotations

import pytest

from drafter.errors import YamlError
from drafter.load import yamlio

REFUSED = [
    # libyaml reads "safe? guards" as one value; PyYAML ends a value in brackets at "?".
    (
        "positions: [safe? guards]\n",
        "w.yaml:1:17: YAML syntax error: expected ',' or ']', but got '?' (while parsing a flow "
        "sequence) — check the indentation and brackets around this line",
    ),
    (
        "a: {b: c? d}\n",
        "w.yaml:1:9: YAML syntax error: expected ',' or '}', but got '?' (while parsing a flow "
        "mapping) — check the indentation and brackets around this line",
    ),
    # libyaml accepts a tab here; PyYAML does not.
    (
        "k: [a,\n\tb]\n",
        "w.yaml:2:1: YAML syntax error: a tab character is used for indentation — YAML indents "
        "with spaces only; replace the tabs with spaces",
    ),
]


@pytest.mark.parametrize(("text", "message"), REFUSED)
def test_what_pyyaml_refuses_stays_refused(text: str, message: str) -> None:
    with pytest.raises(YamlError) as raised:
        yamlio.loads(text, "w.yaml")
    assert str(raised.value) == message


def test_columns_after_a_zero_width_no_break_space_are_pyyaml_s() -> None:
    # libyaml counts U+FEFF differently; the columns users see are PyYAML's.
    loaded = yamlio.loads("a: 1\nb\ufeffc: 2\nd: [x, 'y?']\n", "w.yaml")
    assert loaded.data.marks == {"a": (1, 1, 1, 4), "b\ufeffc": (2, 1, 2, 5), "d": (3, 1, 3, 4)}
    assert loaded.data["d"].marks == [(3, 5), (3, 8)]


def test_question_marks_in_block_text_are_read_as_today() -> None:
    loaded = yamlio.loads("q: Why? Because.\nlist:\n  - What? This\n", "w.yaml")
    assert loaded.data == {"q": "Why? Because.", "list": ["What? This"]}
    assert loaded.data.locs["q"].line == 1 and loaded.data["list"].marks == [(3, 5)]


def test_an_empty_value_stands_just_after_its_colon() -> None:
    # libyaml places an empty value where the next thing starts; users see PyYAML's place.
    loaded = yamlio.loads("a: {x: , y: 1}\nb:\nc: 2\n", "w.yaml")
    assert loaded.data["a"].marks == {"x": (1, 5, 1, 7), "y": (1, 10, 1, 13)}
    assert loaded.data.marks["b"] == (2, 1, 2, 3)


def test_a_comment_glued_to_a_block_indicator_is_refused_as_today() -> None:
    with pytest.raises(YamlError) as raised:
        yamlio.loads("a: |#note\n  text\n", "w.yaml")
    assert str(raised.value).startswith(
        "w.yaml:1:5: YAML syntax error: expected chomping or indentation indicators, but found '#'"
    )
    assert yamlio.loads("a: |-\n  text\nb: >2\n   more\n", "w.yaml").data == {
        "a": "text",
        "b": " more\n",
    }
