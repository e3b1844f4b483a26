"""Where Markdown holds code (fenced blocks and inline spans), in which nothing is cited.

Linear in the length of the text: each backtick run is matched to its closer through a sorted
list of runs, never by searching the rest of the text again.
"""

from __future__ import annotations

import bisect
import re

__all__ = ["code_ranges", "fences", "inside"]

_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
_FENCE_RE = re.compile(r"((?:[ \t]*>)*[ \t]*)(`{3,}|~{3,})(.*)")
_CODE_MARK_RE = re.compile(r"[\\`]")


def _lines(text: str) -> list[tuple[int, str]]:
    """Split text on "\n" only (as CommonMark does) into (offset, line) pairs."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def fences(text: str) -> tuple[list[tuple[int, int]], str]:
    """Return the spans of fenced code blocks, and the line that closes one left open at the end.

    A fence opened in a block quote also ends at the first line outside the quote.
    """
    if "```" not in text and "~~~" not in text:  # no line can open a fence
        return [], ""
    spans, fence, start, quoted = [], "", 0, False
    for pos, line in _lines(text):
        m = _FENCE_RE.fullmatch(line.rstrip("\r"))
        if fence and quoted and not line.lstrip().startswith(">"):
            spans.append((start, pos))
            fence = ""
        if not fence and m and not (m[2][0] == "`" and "`" in m[3]):
            fence, start, quoted = m[1] + m[2], pos, ">" in m[1]
        elif fence and m and m[2][0] == fence[-1] and len(m[2]) >= len(fence.lstrip(" \t>")):
            if m[3].strip():
                continue
            spans.append((start, min(pos + len(line) + 1, len(text))))
            fence = ""
    if fence:
        spans.append((start, len(text)))
    return spans, fence if not quoted else ""


def code_ranges(text: str) -> list[tuple[int, int]]:
    """Return the sorted spans of fenced code blocks and inline code spans."""
    ranges: list[tuple[int, int]] = []
    prose = 0
    for start, end in fences(text)[0]:
        ranges += [*_code_spans(text, prose, start), (start, end)]
        prose = end
    return ranges + _code_spans(text, prose, len(text))


def _code_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the inline code spans between start and end (CommonMark backtick runs)."""
    if text.find("`", start, end) < 0:  # no span, however many backslashes: the usual case
        return []
    spans, i = [], start
    closers: dict[int, list[int]] = {}  # run length → starts of runs of exactly that length
    for m in re.finditer(r"`+", text[start:end]):
        closers.setdefault(len(m[0]), []).append(start + m.start())
    blanks = [b.start() for b in _BLANK_LINE_RE.finditer(text, start, end)]
    while i < end:
        if text[i] == "\\":
            i += 2
        elif text[i] == "`":
            j = i
            while j < end and text[j] == "`":
                j += 1
            b = bisect.bisect_left(blanks, j)
            limit = blanks[b] if b < len(blanks) else end
            runs = closers.get(j - i, [])
            k = bisect.bisect_left(runs, j)
            if k < len(runs) and runs[k] < limit:
                spans.append((i, runs[k] + j - i))
                i = runs[k] + j - i
            else:
                i = j
        else:  # jump to the next backslash or backtick
            found = _CODE_MARK_RE.search(text, i, end)
            i = found.start() if found else end
    return spans


def inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    """Tell whether pos lies in one of the sorted, disjoint (start, end) ranges."""
    i = bisect.bisect_right(ranges, pos, key=lambda r: r[0]) - 1
    return i >= 0 and ranges[i][0] <= pos < ranges[i][1]
