"""Markdown markup taken out of prose, in time linear in its length.

Each function does what one regular expression substitution once did (the expression is
quoted in its docstring, and tests/test_fuzz.py holds them equal), but a regex engine tries a
pattern afresh from every position: an opener that is never closed sends it to the end of
the text each time, which made a long run of ``*`` or ``[`` in one field take minutes. These
scans remember where the next closer is instead, so each character is looked at a bounded
number of times.
"""

from __future__ import annotations

import re

_ANY_SPACE_RE = re.compile(r"\s")
_URL_END_RE = re.compile(r"[>\s]")
_LABEL_END_RE = re.compile(r"[\]\s]")
_NOT_WORD_START_RE = re.compile(r"\]\(|<[a-z][\w+.-]*:|\[\^", re.I)
_EMPHASIS_START_RE = re.compile(r"[*_`]")
_DELIMITERS = {"*": ("**", "*"), "_": ("__", "_"), "`": ("`",)}


def unwrap_links(text: str) -> str:
    r"""Links as their text: ``re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)``."""
    out: list[str] = []
    pos = 0
    start = text.find("[")
    while start >= 0:
        label_end = text.find("]", start + 1)
        if label_end < 0:
            break  # no "]" after this "[": none after any later one either
        if label_end > start + 1 and text.startswith("(", label_end + 1):
            close = text.find(")", label_end + 2)
            if close < 0:
                break  # no ")" left: no later link can close either
            if close > label_end + 2:
                out += (text[pos:start], text[start + 1 : label_end])
                pos = close + 1
                start = text.find("[", pos)
                continue
        # Every "[" before label_end ends its label at the same "]", and fails alike.
        start = text.find("[", label_end if label_end > start + 1 else start + 1)
    out.append(text[pos:])
    return "".join(out)


def strip_emphasis(text: str) -> str:
    r"""Emphasis and code marks dropped:
    ``re.sub(r"(\*\*|__|\*|_|`)(\S(?:.*?\S)?)\1", r"\2", text)``."""
    out: list[str] = []
    pos = 0
    closed_off: dict[str, int] = {}  # delimiter → end of the line where none closes any more
    line_end = -1  # the end of the line of the last opener looked at
    for found in _EMPHASIS_START_RE.finditer(text):
        at = found.start()
        if at < pos:
            continue  # inside what the last match took
        for mark in _DELIMITERS[text[at]]:
            inner = at + len(mark)
            if not text.startswith(mark, at) or inner >= len(text) or text[inner].isspace():
                continue
            if line_end < inner:
                line_end = text.find("\n", inner)
                line_end = len(text) if line_end < 0 else line_end
            # The regex tries a longer text first: the first closer at least two characters on.
            close = -1
            if at > closed_off.get(mark, -1):
                close = _closing(text, mark, inner + 2, line_end)
                if close < 0:
                    closed_off[mark] = line_end  # later openers on this line find none either
            if close < 0 and text.startswith(mark, inner + 1) and inner + 1 + len(mark) <= line_end:
                close = inner + 1  # then one character, closed right after it
            if close < 0:
                continue
            out += (text[pos:at], text[inner:close])
            pos = close + len(mark)
            break
    out.append(text[pos:])
    return "".join(out)


def _closing(text: str, mark: str, start: int, line_end: int) -> int:
    """The first mark at or after start, before line_end, right after a non-space."""
    close = text.find(mark, start, line_end)
    while close >= 0 and text[close - 1].isspace():
        close = text.find(mark, close + 1, line_end)
    return close


def drop_link_targets(text: str) -> str:
    r"""Link targets, autolinks and footnote references replaced by "]":
    ``re.sub(r"\]\([^)]*\)|<[a-z][\w+.-]*:[^>\s]*>|\[\^[^\]\s]+\]", "]", text, flags=re.I)``."""
    out: list[str] = []
    pos = 0
    no_paren = no_url_end = no_label_end = len(text) + 1  # found nothing from here on
    paren = url_end = label_end = -1  # the last found, to reuse while still ahead
    for found in _NOT_WORD_START_RE.finditer(text):
        at = found.start()
        if at < pos:
            continue
        end = -1
        if text.startswith("](", at) and at + 2 < no_paren:
            if paren < at + 2:
                paren = text.find(")", at + 2)
                if paren < 0:
                    no_paren = at + 2
            if paren >= 0:
                end = paren + 1
        elif text[at] == "<":
            after = found.end()
            if after < no_url_end:
                if url_end < after:
                    stop = _URL_END_RE.search(text, after)
                    url_end = stop.start() if stop else -1
                    if url_end < 0:
                        no_url_end = after
                if url_end >= 0 and text[url_end] == ">":
                    end = url_end + 1
        elif text.startswith("[^", at) and at + 2 < no_label_end:
            if label_end < at + 2:
                stop = _LABEL_END_RE.search(text, at + 2)
                label_end = stop.start() if stop else -1
                if label_end < 0:
                    no_label_end = at + 2
            if label_end > at + 2 and text[label_end] == "]":
                end = label_end + 1
        if end >= 0:
            out += (text[pos:at], "]")
            pos = end
    out.append(text[pos:])
    return "".join(out)
