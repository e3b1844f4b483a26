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
from markdown_it.rules_block import StateBlock
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


@cache
def make_parser() -> MarkdownIt:
    """Build the configured parser (once per process)."""
    md = plain_parser()
    _OneLineBlocks(md)
    _InlineCache(md)
    # markdown-it's normalize rewrites every line end with a regex; most texts have no CR or
    # NUL to normalize (and the result would be the same text).
    normalize = _core_rule(md, "normalize")
    md.core.ruler.at("normalize", lambda state: _normalize(normalize, state))
    return md


def _core_rule(md: MarkdownIt, name: str):
    """The function of one of the parser's core rules (markdown-it's Ruler has no getter)."""
    return md.core.ruler.__rules__[md.core.ruler.__find__(name)].fn


def _normalize(rule, state: StateCore) -> None:
    if "\r" in state.src or "\0" in state.src:
        rule(state)


def plain_parser() -> MarkdownIt:
    """The configured parser without the inline cache: markdown-it's own parse, for tests."""
    # Curly quotes, as a finished Word document has them. Not the other "replacements":
    # they would turn legal cites such as "17 U.S.C. § 512(c)" into "512©".
    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    md.enable(["table", "smartquotes"])
    # With html off these rules never match; tried on every line, they cost 5% of a parse.
    md.disable(["html_block", "html_inline"])
    md.use(footnote_plugin)
    md.use(container_plugin, name="div", validate=_is_container_name)
    return md


def parse_tokens(markdown: str) -> list[Token]:
    """Parse Markdown into markdown-it's flat token stream (footnotes moved to the end).

    The tokens of a paragraph's inline content can be shared with earlier parses (see
    _InlineCache): read them, never change them.
    """
    return make_parser().parse(markdown, {})


# The block rules that can start on a line followed by a blank line (or the end), by the
# line's first character; with any other first character the line is a paragraph. Tables and
# setext headings need a second line, indented code four spaces of indentation.
_STARTERS = {
    **dict.fromkeys("`~", ("fence",)),
    ">": ("blockquote",),
    **dict.fromkeys("*-", ("hr", "list")),
    "_": ("hr",),
    "+": ("list",),
    **dict.fromkeys("0123456789", ("list",)),
    "[": ("footnote_def", "reference"),
    "#": ("heading",),
    ":": ("container_div",),
    "<": ("html_block",),
}
_NEED_NEXT_LINE = ("table", "code", "lheading", "paragraph")  # never start a one-line block


class _OneLineBlocks:
    """A block rule tried first: a line followed by a blank line (or the end) goes straight to
    the rules that can start with its first character, or is a paragraph.

    markdown-it tries every block rule on every block in turn: for a letter's one-line
    paragraphs, headings, quotes and footnotes that was half the parse. Installed only when
    the parser has no rule _STARTERS does not know about. tests/test_markup.py holds the parse
    equal to markdown-it's own.
    """

    def __init__(self, md: MarkdownIt):
        ruler = md.block.ruler
        active = [rule for rule in ruler.__rules__ if rule.enabled]
        known = {name for names in _STARTERS.values() for name in names} | set(_NEED_NEXT_LINE)
        if not {rule.name for rule in active} <= known:
            return  # a rule this table does not cover: leave markdown-it to it
        self.starters = {
            char: tuple(rule.fn for rule in active if rule.name in names)
            for char, names in _STARTERS.items()
        }
        self.paragraph = next(rule.fn for rule in active if rule.name == "paragraph")
        ruler.before(active[0].name, "one_line_blocks", self.rule, {"alt": []})

    def rule(self, state: StateBlock, start: int, end: int, silent: bool) -> bool:
        after = start + 1
        if silent or (after < state.lineMax and not state.isEmpty(after)):
            return False
        if state.sCount[start] - state.blkIndent >= 4:
            return False
        first = state.src[state.bMarks[start] + state.tShift[start]]
        for starts in self.starters.get(first, ()):
            if starts(state, start, end, False):
                return True
        return self.paragraph(state, start, end, False)


# A footnote reference whose label cannot change how the text around it parses.
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]*)\]")
_PLAIN_LABEL = re.compile(r"[A-Za-z0-9_-]+")
_DONE = "drafter_inline_done"  # env key: ids of the inline tokens _InlineCache finished


class _InlineCache:
    """markdown-it's inline stage, remembering each paragraph's finished tokens.

    A batch of letters repeats the same paragraphs (the arguments, the footnotes' citations)
    in every letter, and inline parsing is half of the parse. The finished inline tokens
    (after curly quotes and text joining) are kept by content; footnote references are taken
    out of the key, since their labels differ from letter to letter (``[^c3]`` here, ``[^c7]``
    there), and their ids are handed out again as markdown-it's footnote rule would. Content
    is parsed afresh when a reference's label is not plain (letters, digits, - and _), when a
    ``[^label]`` is not a reference (escaped, in code), when it holds an inline footnote, or
    when the document defines link references. tests/test_markup.py holds every parse equal
    to markdown-it's own.
    """

    LIMIT = 2048  # entries; about 10 MB

    def __init__(self, md: MarkdownIt):
        self.md = md
        self.entries: dict[tuple, list[Token]] = {}
        self._smartquotes = _core_rule(md, "smartquotes")
        self._text_join = _core_rule(md, "text_join")
        md.core.ruler.at("inline", self.inline)
        md.core.ruler.at("smartquotes", self._skipping_done(self._smartquotes))
        md.core.ruler.at("text_join", self._skipping_done(self._text_join))

    def inline(self, state: StateCore) -> None:
        env = state.env
        plain = not env.get("references")
        done = env.setdefault(_DONE, set())
        for token in state.tokens:
            if token.type != "inline":
                continue
            key, labels = self._key(token.content, env) if plain else (None, ())
            if key is not None:
                cached = self.entries.pop(key, None)
                if cached is not None:
                    self.entries[key] = cached  # most recently used last
                    token.children = self._replay(cached, labels, env)
                    done.add(id(token))
                    continue
            if token.children is None:
                token.children = []
            self.md.inline.parse(token.content, self.md, env, token.children)
            # Finish it now, as the later core rules would, and keep the result.
            one = _Tokens(state, [token])
            self._smartquotes(one)
            self._text_join(one)
            done.add(id(token))
            if key is not None and self._refs_match(token.children, labels):
                self.entries[key] = token.children
                if len(self.entries) > self.LIMIT:
                    del self.entries[next(iter(self.entries))]

    @staticmethod
    def _key(content: str, env: dict) -> tuple[str | None, tuple[str, ...]]:
        """The cache key of inline content (None: not to be cached), and its footnote labels."""
        if "^[" in content:
            return None, ()
        labels = tuple(_FOOTNOTE_REF.findall(content))
        if not labels:
            return content, ()
        refs = env.get("footnotes", {}).get("refs", {})
        for label in labels:
            if not _PLAIN_LABEL.fullmatch(label) or ":" + label not in refs:
                return None, ()
        return _FOOTNOTE_REF.sub("[^]", content), labels

    @staticmethod
    def _refs_match(children: list[Token], labels: tuple[str, ...]) -> bool:
        """Whether every [^label] of the content became a reference, in order."""
        found = tuple(t.meta["label"] for t in children if t.type == "footnote_ref")
        return found == labels

    @staticmethod
    def _replay(cached: list[Token], labels: tuple[str, ...], env: dict) -> list[Token]:
        if not labels:
            return list(cached)
        # mdit_py_plugins.footnote.footnote_ref's bookkeeping, for this document's labels.
        data = env["footnotes"]
        refs, notes = data["refs"], data["list"]
        out, k = [], 0
        for tok in cached:
            if tok.type == "footnote_ref":
                label = labels[k]
                k += 1
                note = refs.get(":" + label, -1)
                if note < 0:
                    note = len(notes)
                    notes[note] = {"label": label, "count": 0}
                    refs[":" + label] = note
                sub = notes[note]["count"]
                notes[note]["count"] += 1
                tok = tok.copy(meta={"id": note, "subId": sub, "label": label})
            out.append(tok)
        return out

    @staticmethod
    def _skipping_done(rule):
        def run(state: StateCore) -> None:
            done = state.env.get(_DONE, ())
            rest = [t for t in state.tokens if t.type == "inline" and id(t) not in done]
            if rest:  # inline tokens made after the inline stage (inline footnotes' text)
                rule(_Tokens(state, rest))

        return run


class _Tokens:
    """A view of a core state with only some of its tokens, for a core rule to run on."""

    def __init__(self, state: StateCore, tokens: list[Token]):
        self.md, self.env, self.tokens = state.md, state.env, tokens
        self.src, self.inlineMode = state.src, state.inlineMode


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
