"""The plain-text writer: what a comment box or an e-mail body receives."""

from __future__ import annotations

import textwrap

import pytest

from drafter.render.text import render_text

LETTER = """\
::: date
May 1, 2026
:::

::: address
Register of Copyrights
U.S. Copyright Office
:::

# Comments

Plain *italic*, **bold**, `code` and a [link](https://example.org/a).[^a]
A soft break, and a hard break\\
here.

## Recommendations

1. one
2. two
   - nested
3. three

> Quoted text.[^b]

| Docket | Due |
|:-------|----:|
| COLC-2023-0006 | Oct. 30 |
| NTIA-2023-0005 | June 12, 2023 |

### Small heading

See <https://example.com/x>.

\\newpage

Last.

[^a]: First *note* with [source](https://example.com/src).
[^b]: Second note.
"""

EXPECTED = """\
May 1, 2026

Register of Copyrights
U.S. Copyright Office

Comments
========

Plain italic, bold, code and a link <https://example.org/a>.[1] A soft break, and a hard break
here.

Recommendations
---------------

1. one
2. two
   - nested
3. three

    Quoted text.[2]

Docket                    Due
--------------  -------------
COLC-2023-0006        Oct. 30
NTIA-2023-0005  June 12, 2023

Small heading

See <https://example.com/x>.

Last.

--------------------
[1] First note with source <https://example.com/src>.
[2] Second note.
"""


def test_every_construct_as_plain_text() -> None:
    assert render_text(LETTER) == EXPECTED


def test_wrapping_keeps_list_and_note_indents() -> None:
    markdown = (
        "1. " + "word " * 20 + "\n\n> " + "quoted " * 12 + "\n\nEnd.[^1]\n\n[^1]: " + "note " * 15
    )
    text = render_text(markdown, width=40)
    assert all(len(line) <= 40 for line in text.splitlines())
    assert text.startswith("1. word word")
    assert "\n   word word" in text  # continuation under the item's text
    assert "\n    quoted quoted" in text
    assert "\n[1] note note" in text and "\n    note note" in text


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("", ""),
        ("Just text.", "Just text.\n"),
        ("3. three\n4. four", "3. three\n4. four\n"),
        ("- a\n\n- b", "- a\n\n- b\n"),
        ("```\ncode  block\n```", "    code  block\n"),
        ("a\n\n***\n\nb", "a\n\n* * *\n\nb\n"),
        ("[here](#section)", "here\n"),
        ("<mailto:x@example.org>", "<mailto:x@example.org>\n"),
        (
            "Same note[^1] twice[^1].\n\n[^1]: N.",
            "Same note[1] twice[2].\n\n--------------------\n[1] N.\n[2] N.\n",
        ),
        (  # a docket question is set off like a quote; other containers are not
            "## Question 1\n\n::: question\nWhy?\n:::\n\n::: signature\nJ. Doe\n:::",
            "Question 1\n----------\n\n    Why?\n\nJ. Doe\n",
        ),
    ],
)
def test_small_cases(markdown: str, expected: str) -> None:
    assert render_text(markdown) == expected


def test_multi_paragraph_footnote() -> None:
    markdown = textwrap.dedent("""\
        Text.[^1]

        [^1]: First paragraph.

            Second paragraph.
        """)
    assert render_text(markdown).endswith("[1] First paragraph.\n    Second paragraph.\n")
