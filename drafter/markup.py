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

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .errors import Location, MarkupError

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


@cache
def make_parser() -> MarkdownIt:
    """Build the configured parser (once per process)."""
    # Curly quotes, as a finished Word document has them. Not the other "replacements":
    # they would turn legal cites such as "17 U.S.C. § 512(c)" into "512©".
    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    md.enable(["table", "smartquotes"])
    md.use(footnote_plugin)
    md.use(container_plugin, name="div", validate=_is_container_name)
    return md


def parse_tokens(markdown: str) -> list[Token]:
    """Parse Markdown into markdown-it's flat token stream (footnotes moved to the end)."""
    return make_parser().parse(markdown, {})


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
