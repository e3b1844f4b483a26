"""The one markdown-it-py configuration drafter reads Markdown with.

CommonMark, plus:

- tables (GitHub style);
- footnotes, ``[^label]`` with ``[^label]: text`` definitions, and inline ``^[text]``;
- fenced containers that name a Word paragraph style, ``::: address`` … ``:::`` (any single
  word: ``title``, ``date``, ``address``, ``re-line``, ``signature``, ``quote`` …);
  inside a container every source line stays its own line;
- a page break: a paragraph holding only ``\\newpage``.

Raw HTML is not interpreted (it stays text): letters go to Word, not to a browser.
"""

from __future__ import annotations

import itertools
import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from drafter.errors import Location, MarkupError

#: Token types of a style container (``::: name``); the name is ``container_name(token)``.
CONTAINER = "container_div"
CONTAINER_OPEN = "container_div_open"
CONTAINER_CLOSE = "container_div_close"

PAGE_BREAK = "\\newpage"

_CONTAINER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")

# What XML 1.0 cannot carry: C0 controls but tab/LF/CR, lone surrogates, U+FFFE and U+FFFF.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LINE_END = re.compile(r"\r\n|\r|\n")


def _is_container_name(params: str, *_args: object) -> bool:
    return _CONTAINER_NAME.fullmatch(params.strip()) is not None


# Characters in one paragraph (or heading, or table cell). A letter's longest paragraphs have a
# few thousand; markdown-it's inline parse of some runs (a line of "[") takes time in
# proportion to the square of a paragraph's length, so a longer one is refused, not parsed.
MAX_PARAGRAPH = 10_000


@cache
def make_parser() -> MarkdownIt:
    """The configured parser, built once: a parser holds no state between documents."""
    # Curly quotes, as a finished Word document has them. Not the other "replacements":
    # they would turn legal cites such as "17 U.S.C. § 512(c)" into "512©".
    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    md.enable(["table", "smartquotes"])
    md.use(footnote_plugin)
    md.use(container_plugin, name="div", validate=_is_container_name)
    md.core.ruler.before("inline", "paragraph_length", _check_paragraphs)
    return md


def _check_paragraphs(state: StateCore) -> None:
    """A core rule, run before the inline parse: refuse a paragraph longer than MAX_PARAGRAPH."""
    for token in state.tokens:
        if token.type == "inline" and len(token.content) > MAX_PARAGRAPH:
            raise MarkupError(
                f"a paragraph of {len(token.content):,} characters is too long to be a "
                f"paragraph of a document (the limit is {MAX_PARAGRAPH:,})",
                location=_line_of(token),
                hint="split it into paragraphs with blank lines",
            )


def parse_tokens(markdown: str) -> list[Token]:
    """Parse Markdown into markdown-it's flat token stream (footnotes moved to the end).

    Raise MarkupError where markdown-it would silently drop text: a paragraph too long to
    parse in reasonable time, or lists and quotes nested past its nesting limit (markdown-it
    stops reading there, and all that follows the too-deep part was lost).
    """
    md = make_parser()
    tokens = md.parse(markdown, {})
    deepest = md.options.maxNesting - 1
    for token, after in itertools.pairwise(tokens):
        # A list item or quote opened at the limit, closed at once: its text was dropped.
        if token.nesting == 1 and token.level >= deepest and after.nesting == -1:
            raise MarkupError(
                "Markdown is nested too deep: lists or quotes this many levels inside each "
                "other are cut off",
                location=_line_of(token),
                hint="a document needs two or three levels at most: check the indentation",
            )
    return tokens


def _line_of(token: Token) -> Location:
    return Location(file="<markdown>", line=token.map[0] + 1 if token.map else 1, col=1)


def parse(markdown: str) -> SyntaxTreeNode:
    """Parse Markdown into a syntax tree."""
    return SyntaxTreeNode(parse_tokens(markdown))


def container_name(token: Token | SyntaxTreeNode) -> str:
    """The word after ``:::`` of a container token or node, e.g. ``re-line``."""
    return token.info.strip()


def is_page_break(inline: Token | SyntaxTreeNode) -> bool:
    """Whether a paragraph's inline content is the page-break marker alone."""
    return inline.content.strip() == PAGE_BREAK


def check_storable(text: str, source: str = "", what: str = "") -> None:
    """Raise MarkupError at the first character a Word document cannot store.

    ``source`` names the origin (a file) and ``what`` the value (``title``) in the message.
    """
    bad = _UNSTORABLE.search(text)
    if bad is None:
        return
    pos = bad.start()
    line_ends = list(_LINE_END.finditer(text, 0, pos))
    line = len(line_ends) + 1
    col = pos - (line_ends[-1].end() if line_ends else 0) + 1
    char = bad.group()
    raise MarkupError(
        f"character U+{ord(char):04X} cannot be stored in a Word document",
        location=Location(file=source or "<markdown>", line=line, col=col, path=what),
        hint="delete it or replace it with ordinary text",
    )
