"""Markdown tokens → WordprocessingML strings: the body, its footnotes, links and lists.

Built for speed: one pass over markdown-it's flat token stream, strings joined once, run
properties cached. Every piece of text goes through ``esc``; markup.check_storable has already
refused characters XML cannot carry.
"""

from __future__ import annotations

import difflib
from functools import cache

from markdown_it.token import Token

from drafter.errors import Location, MarkupError
from drafter.render.docx.letterhead import Prepared
from drafter.render.docx.ooxml import attr
from drafter.render.docx.ooxml import text as esc
from drafter.text.markdown import CONTAINER_CLOSE, CONTAINER_OPEN, container_name, is_page_break

_CODE_FONT = '<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New"/>'
_PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
_BR = "<w:r><w:br/></w:r>"
_T_OPEN = '<w:t xml:space="preserve">'
_TAB = f"</w:t><w:tab/>{_T_OPEN}"
_BORDER = (
    '<w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    '<w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    '<w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
)
_JC = {"left": "left", "center": "center", "right": "right"}


@cache
def _rpr(bold: bool, italic: bool, code: str, link_style: str) -> str:
    """Run properties; ``code`` is the code style id, or "" for ordinary text."""
    if code and link_style:  # one rStyle only: the link's, with the font given directly
        style = f'<w:rStyle w:val="{link_style}"/>{_CODE_FONT}'
    elif code or link_style:
        style = f'<w:rStyle w:val="{code or link_style}"/>'
    else:
        style = ""
    inner = style + ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
    return f"<w:rPr>{inner}</w:rPr>" if inner else ""


class BodyWriter:
    """Render one document's tokens; read the results from the attributes after ``write``."""

    def __init__(self, prepared: Prepared, source: str = ""):
        self.prep = prepared
        self.roles = prepared.styles.roles
        self.source = source
        self.body = ""
        # The text of each paragraph of the body as python-docx (and writers.docx_text) reads
        # it back from the file, one per line: what the batch's similarity check compares.
        self.lines: list[str] = []
        self.footnotes: list[str] = []  # w:footnote elements, in reference order
        self.doc_links: dict[str, str] = {}  # url → relationship id, for document.xml
        self.note_links: dict[str, str] = {}  # url → relationship id, for footnotes.xml
        self.nums: list[tuple[int, int, int]] = []  # (numId, level, start) of each ordered list
        self._ctx: list[tuple[str, str, int, int]] = []  # (kind, style id, numId, level)
        self._item_first = False
        self._after_table = False  # the next paragraph gets room above it
        self._break = False  # the next paragraph starts a new page
        self._lines = 0  # depth of containers, where each source line is kept
        self._refs: list[int] = []  # markdown footnote id of each Word footnote, in order
        self._notes: dict[int, str] = {}
        self._note: int | None = None  # markdown id of the footnote being written
        self._note_first = False
        self._links = self.doc_links
        self._out: list[str] = []
        self._text: list[str] | None = None  # the current body paragraph's text, if any
        ref = self.roles["footnote reference"]
        self._ref_run = f'<w:r><w:rPr><w:rStyle w:val="{ref}"/></w:rPr><w:footnoteRef/></w:r>'
        self._ref_run += f"<w:r>{_T_OPEN} </w:t></w:r>"
        self._ref_style = ref
        self._link_style = self.roles["hyperlink"]
        self._code_style = self.roles["verbatim char"]
        self._rule = (
            f'<w:p><w:pPr><w:pStyle w:val="{self.roles["body text"]}"/><w:pBdr><w:bottom '
            'w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr></w:pPr></w:p>'
        )

    # --- blocks ------------------------------------------------------------------------------

    def write(self, tokens: list[Token]) -> None:
        body = self._out
        i, n = 0, len(tokens)
        while i < n:
            tok = tokens[i]
            kind = tok.type
            if kind == "paragraph_open":
                inline = tokens[i + 1]
                if self._note is None and is_page_break(inline):
                    self._break = True  # the next paragraph starts a page
                else:
                    self._paragraph(self._ppr(), inline)
                i += 3
                continue
            if kind == "heading_open":
                level = min(int(tok.tag[1]), 3)
                self._after_table = False  # headings bring their own room
                style = self.roles[f"heading {level}"]
                self._paragraph(f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>', tokens[i + 1])
                i += 3
                continue
            if kind == "list_item_open":
                self._item_first = True
            elif kind == "ordered_list_open" or kind == "bullet_list_open":
                self._open_list(tok)
            elif kind in ("ordered_list_close", "bullet_list_close", "blockquote_close"):
                self._pop()
            elif kind == "blockquote_open":
                self._ctx.append(("quote", self.roles["quote"], 0, 0))
            elif kind == CONTAINER_OPEN:
                self._ctx.append(("div", self._container_style(tok), 0, 0))
                self._lines += 1
            elif kind == CONTAINER_CLOSE:
                self._pop()
                self._lines = max(self._lines - 1, 0)
            elif kind == "table_open":
                i = self._table(tokens, i)
                self._after_table = True
            elif kind in ("fence", "code_block"):
                self._code(tok)
            elif kind == "hr":
                self._out.append(self._with_break(self._rule))
                self._line("")
            elif kind == "footnote_block_open":
                self._flush_break()
                self._links = self.note_links
            elif kind == "footnote_open":
                self._note, self._note_first, self._out = tok.meta["id"], True, []
            elif kind == "footnote_close":
                if self._note_first:  # an empty footnote still needs its number
                    self._paragraph(self._ppr(), None)
                if self._note is not None:
                    self._notes[self._note] = "".join(self._out)
                self._note = None
            i += 1
        self._flush_break()
        if not body or body[-1] == "</w:tbl>":
            body.append("<w:p/>")  # Word wants a paragraph after a final table
            self.lines.append("")
        self.body = "".join(body)
        first = self.prep.first_footnote
        self.footnotes = [
            f'<w:footnote w:id="{first + k}">{self._notes.get(md_id, "")}</w:footnote>'
            for k, md_id in enumerate(self._refs)
        ]

    def _pop(self) -> None:
        # markdown-it's footnote plugin can leave a stray closing token (a list inside a
        # footnote inside a footnote), so an empty stack is tolerated.
        if self._ctx:
            self._ctx.pop()

    def _ppr(self) -> str:
        """Paragraph properties for a paragraph in the current context."""
        ctx = self._ctx[-1] if self._ctx else None
        style = self.roles["body text"] if ctx is None else ctx[1]
        numbering = indent = room = ""
        if ctx is not None and ctx[0] == "list":
            level = ctx[3]
            if self._item_first:
                numbering = (
                    f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{ctx[2]}"/></w:numPr>'
                )
                self._item_first = False
            else:  # a later paragraph of the item: aligned with the item's text, unnumbered
                numbering = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'
                indent = f'<w:ind w:left="{720 * (level + 1)}"/>'
        if self._note is not None:
            style = self.roles["footnote text"]
        if self._after_table:
            room = '<w:spacing w:before="200"/>'
            self._after_table = False
        return f'<w:pPr><w:pStyle w:val="{style}"/>{numbering}{room}{indent}</w:pPr>'

    def _open_list(self, tok: Token) -> None:
        level = min(sum(1 for c in self._ctx if c[0] == "list"), 8)
        if tok.type == "bullet_list_open":
            self._ctx.append(("list", self.roles["list bullet"], self.prep.bullet_num, level))
            return
        num = self.prep.first_num + len(self.nums)
        start = int(tok.attrs.get("start", 1) or 1)
        self.nums.append((num, level, start))
        self._ctx.append(("list", self.roles["list number"], num, level))

    def _container_style(self, tok: Token) -> str:
        name = container_name(tok)
        styles = self.prep.styles.paragraph
        found = styles.get(name.replace("-", " ").lower())
        if found is not None:
            return found
        choices = [n.lower().replace(" ", "-") for n in self.prep.styles.names]
        close = difflib.get_close_matches(name.lower(), choices, n=1)
        hint = f"did you mean '::: {close[0]}'? " if close else ""
        raise MarkupError(
            f"no paragraph style for container '::: {name}' in the letterhead",
            location=self._where(tok),
            hint=hint + "available: " + ", ".join(choices),
        )

    def _where(self, tok: Token | None) -> Location:
        line = tok.map[0] + 1 if tok is not None and tok.map else 0
        return Location(file=self.source or "<markdown>", line=line, col=1 if line else 0)

    def _with_break(self, xml: str) -> str:
        """Paragraph XML with a pending page break put before it (right after its pStyle)."""
        if not self._break:
            return xml
        self._break = False
        end = xml.index("/>", xml.index("<w:pStyle")) + 2
        return f"{xml[:end]}<w:pageBreakBefore/>{xml[end:]}"

    def _flush_break(self) -> None:
        """A pending page break with no paragraph to carry it becomes a paragraph of its own."""
        if self._break:
            self._out.append(_PAGE_BREAK)
            self._break = False
            self._line("")

    def _line(self, text: str) -> None:
        if self._note is None:  # a paragraph of the body, not of a footnote
            self.lines.append(text)

    def _paragraph(self, ppr: str, inline: Token | None) -> None:
        out = self._out
        out.append("<w:p>")
        out.append(self._with_break(ppr))
        if self._note_first and self._note is not None:
            out.append(self._ref_run)
            self._note_first = False
        if self._note is None:
            parts = self._text = []
            if inline is not None:
                self._inline(inline)
            self.lines.append("".join(parts))
            self._text = None
        elif inline is not None:
            self._inline(inline)
        out.append("</w:p>")

    def _code(self, tok: Token) -> None:
        lines = tok.content.rstrip("\n").split("\n")
        runs = _BR.join(f"<w:r>{_T_OPEN}{esc(line)}</w:t></w:r>" for line in lines)
        ctx = self._ctx[-1] if self._ctx else None
        indent = f'<w:ind w:left="{720 * (ctx[3] + 1)}"/>' if ctx and ctx[0] == "list" else ""
        ppr = f'<w:pPr><w:pStyle w:val="{self.roles["source code"]}"/>{indent}</w:pPr>'
        self._out.append(self._with_break(f"<w:p>{ppr}{runs.replace(chr(9), _TAB)}</w:p>"))
        self._line("\n".join(lines))

    def _table(self, tokens: list[Token], i: int) -> int:
        self._flush_break()
        rows: list[tuple[bool, list[tuple[str, Token]]]] = []
        header = False
        while tokens[i].type != "table_close":
            tok = tokens[i]
            if tok.type == "thead_open":
                header = True
            elif tok.type == "tbody_open":
                header = False
            elif tok.type == "tr_open":
                rows.append((header, []))
            elif tok.type in ("th_open", "td_open"):
                style = str(tok.attrs.get("style", ""))
                align = _JC.get(style.removeprefix("text-align:"), "")
                rows[-1][1].append((align, tokens[i + 1]))
            i += 1
        ncols = max((len(cells) for _, cells in rows), default=1)
        longest = [4] * ncols
        for _, cells in rows:
            for c, (_, cell) in enumerate(cells):
                longest[c] = min(max(longest[c], len(cell.content)), 60)
        total = self.prep.text_width
        widths = [total * n // sum(longest) for n in longest]
        out = self._out
        out.append(
            f'<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:tblBorders>{_BORDER}'
            f'<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
            f'<w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders>'
            f'<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
            f'w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
        )
        out.extend(f'<w:gridCol w:w="{width}"/>' for width in widths)
        out.append("</w:tblGrid>")
        style = self.roles["footnote text" if self._note is not None else "body text"]
        inline: Token | None
        for is_header, cells in rows:
            out.append("<w:tr><w:trPr><w:cantSplit/>")
            out.append("<w:tblHeader/></w:trPr>" if is_header else "</w:trPr>")
            for c in range(ncols):
                align, inline = cells[c] if c < len(cells) else ("", None)
                jc = f'<w:jc w:val="{align}"/>' if align else ""
                out.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{widths[c]}" w:type="dxa"/></w:tcPr><w:p><w:pPr>'
                    f'<w:pStyle w:val="{style}"/><w:spacing w:before="40" w:after="40" '
                    f'w:line="240" w:lineRule="auto"/>{jc}</w:pPr>'
                )
                if inline is not None:
                    self._inline(inline, bold=is_header)
                out.append("</w:p></w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")
        return i

    # --- inlines -----------------------------------------------------------------------------

    def _inline(self, inline: Token, bold: bool = False) -> None:
        out = self._out
        buf: list[str] = []
        strong, em = int(bold), 0
        link = ""
        keep_lines = self._lines > 0
        text = self._text  # None in tables and footnotes

        def flush() -> None:
            if buf:
                joined = "".join(buf)
                if text is not None:
                    text.append(joined)
                t = esc(joined)
                if "\t" in t:
                    t = t.replace("\t", _TAB)
                out.append(f"<w:r>{_rpr(strong > 0, em > 0, '', link)}{_T_OPEN}{t}</w:t></w:r>")
                buf.clear()

        for child in inline.children or ():
            kind = child.type
            if kind == "text":
                buf.append(child.content)
            elif kind == "softbreak":
                if keep_lines:
                    flush()
                    out.append(_BR)
                    if text is not None:
                        text.append("\n")
                else:
                    buf.append(" ")
            elif kind == "strong_open" or kind == "strong_close":
                flush()
                strong += 1 if kind == "strong_open" else -1
            elif kind == "em_open" or kind == "em_close":
                flush()
                em += 1 if kind == "em_open" else -1
            elif kind == "footnote_ref":
                flush()
                self._footnote_ref(child, inline)
            elif kind == "link_open":
                flush()
                out.append(self._hyperlink(str(child.attrs.get("href", ""))))
                link = self._link_style
            elif kind == "link_close":
                flush()
                out.append("</w:hyperlink>")
                link = ""
            elif kind == "code_inline":
                flush()
                rpr = _rpr(strong > 0, em > 0, self._code_style, link)
                out.append(f"<w:r>{rpr}{_T_OPEN}{esc(child.content)}</w:t></w:r>")
                if text is not None:
                    text.append(child.content)
            elif kind == "hardbreak":
                flush()
                out.append(_BR)
                if text is not None:
                    text.append("\n")
            elif kind == "image":
                raise MarkupError(
                    "images are not supported in drafter documents",
                    location=self._where(inline),
                    hint="link to the image instead: [description](url)",
                )
            else:
                buf.append(child.content)
        flush()

    def _footnote_ref(self, child: Token, inline: Token) -> None:
        if self._note is not None:
            raise MarkupError(
                "a footnote cannot contain another footnote",
                location=self._where(inline),
                hint="put the second note's text into the first",
            )
        number = self.prep.first_footnote + len(self._refs)
        self._refs.append(child.meta["id"])
        self._out.append(
            f'<w:r><w:rPr><w:rStyle w:val="{self._ref_style}"/></w:rPr>'
            f'<w:footnoteReference w:id="{number}"/></w:r>'
        )

    def _hyperlink(self, href: str) -> str:
        if href.startswith("#"):
            return f'<w:hyperlink w:anchor="{attr(href[1:])}" w:history="1">'
        rid = self._links.get(href)
        if rid is None:
            rid = f"rId{self.prep.first_link + len(self._links)}"
            self._links[href] = rid
        return f'<w:hyperlink r:id="{rid}" w:history="1">'
