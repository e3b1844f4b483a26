"""Markdown → plain text, for comment boxes and e-mail bodies.

Headings stand on their own lines (the first two levels underlined), lists keep their numbers
and bullets, block quotes (and ``::: question`` containers) are indented, tables become aligned
columns, links read ``text <url>``, and footnotes become ``[1]`` markers listed at the end under
a line of dashes.
"""

from __future__ import annotations

import textwrap
from typing import Any

from markdown_it.token import Token

from drafter.text.markdown import (
    CONTAINER_CLOSE,
    CONTAINER_OPEN,
    container_name,
    is_page_break,
    parse_tokens,
)

_QUOTE = "    "
_RULE = "-" * 20
_UNDERLINE = {"h1": "=", "h2": "-"}
_INDENTED = {"question", "quote"}  # containers set off like a block quote


def render_text(markdown: str, *, width: int = 0) -> str:
    """Plain text of a Markdown document; ``width`` > 0 wraps lines at that many characters."""
    return _TextWriter(width).write(parse_tokens(markdown))


def body_text(tokens: list[Token]) -> str:
    """The body's plain text from parsed tokens, as a reader sees it: no footnotes or markers."""
    return _TextWriter(0, notes=False).write(tokens)


class _TextWriter:
    def __init__(self, width: int, *, notes: bool = True):
        self.width = self.width_body = width
        self.with_notes = notes  # False: footnote markers and the notes are left out
        self.blocks: list[str] = []  # separator + text of each block, in order
        self.ctx: list[list[Any]] = []  # ["quote"] or ["item", marker, used]
        self.lists: list[list[int]] = []  # [ordered, next number] per open list
        self.tight_start = False
        self.lines = 0  # depth of ::: containers, where each source line is kept
        self.containers: list[bool] = []  # for each open container: is it indented?
        self.refs: list[int] = []
        self.notes: dict[int, str] = {}

    def write(self, tokens: list[Token]) -> str:
        i, n = 0, len(tokens)
        body = self.blocks
        note = -1
        while i < n:
            tok = tokens[i]
            kind = tok.type
            if kind == "paragraph_open":
                inline = tokens[i + 1]
                if not is_page_break(inline):
                    self._block(self._inline(inline), tight=tok.hidden)
                i += 3
                continue
            if kind == "heading_open":
                text = self._inline(tokens[i + 1])
                rule = _UNDERLINE.get(tok.tag)
                self._block(f"{text}\n{rule * len(text)}" if rule else text, wrap=False)
                i += 3
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                start = int(tok.attrs.get("start", 1) or 1)
                self.lists.append([kind == "ordered_list_open", start])
                self.tight_start = True
            elif kind in ("bullet_list_close", "ordered_list_close"):
                del self.lists[-1:]  # tolerant: the footnote plugin can leave stray closings
            elif kind == "list_item_open":
                ordered, number = self.lists[-1] if self.lists else [False, 1]
                self.ctx.append(["item", f"{number}. " if ordered else "- ", False])
                if self.lists:
                    self.lists[-1][1] += 1
            elif kind in ("list_item_close", "blockquote_close"):
                del self.ctx[-1:]
            elif kind == "blockquote_open":
                self.ctx.append(["quote"])
            elif kind == CONTAINER_OPEN:
                self.lines += 1
                indented = container_name(tok).lower() in _INDENTED
                self.containers.append(indented)
                if indented:
                    self.ctx.append(["quote"])
            elif kind == CONTAINER_CLOSE:
                self.lines = max(self.lines - 1, 0)
                if self.containers and self.containers.pop():
                    del self.ctx[-1:]
            elif kind in ("fence", "code_block"):
                code = "\n".join(_QUOTE + line for line in tok.content.rstrip("\n").split("\n"))
                self._block(code, wrap=False)
            elif kind == "hr":
                self._block("* * *", wrap=False)
            elif kind == "table_open":
                i = self._table(tokens, i)
            elif kind == "footnote_block_open":
                if not self.with_notes:
                    break
                self.width_body, self.width = self.width, 0  # notes are wrapped by _note
            elif kind == "footnote_open":
                self.blocks, note = [], tok.meta["id"]
            elif kind == "footnote_close":
                self.notes[note] = "\n".join(b.lstrip("\n") for b in self.blocks)
            i += 1
        text = "".join(body).lstrip("\n")
        self.width = self.width_body
        if self.refs:
            text += f"\n\n{_RULE}\n" + "\n".join(
                self._note(k + 1, self.notes.get(md_id, "")) for k, md_id in enumerate(self.refs)
            )
        return text + "\n" if text else ""

    # --- blocks ------------------------------------------------------------------------------

    def _prefixes(self) -> tuple[str, str]:
        first = rest = ""
        for c in self.ctx:
            if c[0] == "quote":
                first, rest = first + _QUOTE, rest + _QUOTE
            else:
                pad = " " * len(c[1])
                first, rest = first + (pad if c[2] else c[1]), rest + pad
                c[2] = True
        return first, rest

    def _block(self, text: str, *, tight: bool = False, wrap: bool = True) -> None:
        first, rest = self._prefixes()
        nested = sum(1 for c in self.ctx if c[0] == "item") > 1
        separator = "\n" if tight and (not self.tight_start or nested) else "\n\n"
        self.tight_start = False
        out: list[str] = []
        for line in text.split("\n"):
            lead = rest if out else first
            if wrap and self.width > 0:
                room = max(self.width - len(rest), 20)
                pieces = textwrap.wrap(
                    line, room, break_long_words=False, break_on_hyphens=False
                ) or [""]
            else:
                pieces = [line]
            for piece in pieces:
                out.append((rest if out else lead) + piece)
        self.blocks.append(separator + "\n".join(out))

    def _table(self, tokens: list[Token], i: int) -> int:
        rows: list[list[str]] = []
        aligns: list[str] = []
        while tokens[i].type != "table_close":
            tok = tokens[i]
            if tok.type == "tr_open":
                rows.append([])
            elif tok.type in ("th_open", "td_open"):
                rows[-1].append(self._inline(tokens[i + 1]).replace("\n", " "))
                if len(rows) == 1:
                    aligns.append(str(tok.attrs.get("style", "")).removeprefix("text-align:"))
            i += 1
        ncols = max(len(r) for r in rows)
        rows = [r + [""] * (ncols - len(r)) for r in rows]
        aligns += [""] * (ncols - len(aligns))
        widths = [max(len(r[c]) for r in rows) for c in range(ncols)]

        def line(cells: list[str]) -> str:
            out = []
            for cell, w, a in zip(cells, widths, aligns, strict=True):
                out.append(
                    cell.rjust(w)
                    if a == "right"
                    else cell.center(w)
                    if a == "center"
                    else cell.ljust(w)
                )
            return "  ".join(out).rstrip()

        lines = [line(rows[0]), "  ".join("-" * w for w in widths)]
        lines += [line(r) for r in rows[1:]]
        self._block("\n".join(lines), wrap=False)
        return i

    def _note(self, number: int, text: str) -> str:
        lead = f"[{number}] "
        if self.width <= 0:
            return lead + text.replace("\n", "\n" + " " * len(lead))
        pad = " " * len(lead)
        return "\n".join(
            textwrap.fill(
                para,
                self.width,
                initial_indent=lead if k == 0 else pad,
                subsequent_indent=pad,
                break_long_words=False,
                break_on_hyphens=False,
            )
            for k, para in enumerate(text.split("\n"))
        )

    # --- inlines -----------------------------------------------------------------------------

    def _inline(self, inline: Token) -> str:
        parts: list[str] = []
        links: list[tuple[int, str, bool]] = []
        for child in inline.children or ():
            kind = child.type
            if kind == "text" or kind == "code_inline":
                parts.append(child.content)
            elif kind == "softbreak":
                parts.append("\n" if self.lines else " ")
            elif kind == "hardbreak":
                parts.append("\n")
            elif kind == "footnote_ref":
                if self.with_notes:
                    self.refs.append(child.meta["id"])
                    parts.append(f"[{len(self.refs)}]")
            elif kind == "link_open":
                links.append(
                    (len(parts), str(child.attrs.get("href", "")), child.markup == "autolink")
                )
            elif kind == "link_close":
                start, href, auto = links.pop()
                label = "".join(parts[start:])
                if auto:
                    parts[start:] = [f"<{label}>"]
                elif not href.startswith("#"):
                    parts.append(f" <{href}>")
            else:
                parts.append(child.content)
        return "".join(parts)
