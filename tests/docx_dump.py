"""Read a .docx back for tests: a normalized dump through python-docx, and pandoc's Markdown.

``dump_docx`` gives one line per paragraph, ``Style | text``, with bold as ``**x**``, italics
as ``*x*``, monospace as ```x```, footnote references as ``[^n]`` (numbered in order of
appearance), hyperlinks as ``[text](url)``, hard breaks as ``<br>``, page breaks as
``<page>`` (a line of its own when the paragraph starts a page); list paragraphs show
``[num=N lvl=L]`` after the style; table rows read ``Table | cell | cell``. Then the
footnotes, ``[^n]: text``, and the links, ``link: url``.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MONO = ("Courier New", "Courier", "Consolas", "Menlo")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def require_tool(name: str) -> str:
    """The path of an external tool; skip without it, but fail under CI (CI set)."""
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{name} is required under CI but is not installed")
    pytest.skip(f"{name} is not installed")
    raise AssertionError  # unreachable


class _Reader:
    def __init__(self, document: docx.document.Document):
        self.doc = document
        self.style_names = {s.style_id: s.name for s in document.styles}
        self.notes: dict[str, int] = {}  # footnote w:id → number in order of reference
        self.links: list[str] = []

    def inline(self, p: etree._Element, rels) -> str:
        segments: list[tuple[str, str]] = []  # (text, format) with format in "", b, i, bi, c
        for el in p.iter(_w("r"), _w("hyperlink")):
            if el.tag == _w("hyperlink"):
                continue
            parent = el.getparent()
            link = None
            if parent.tag == _w("hyperlink"):
                rid = parent.get(f"{{{R}}}id")
                link = rels[rid].target_ref if rid else "#" + parent.get(_w("anchor"), "")
            fmt = self._format(el)
            for child in el:
                tag = etree.QName(child).localname
                if tag == "t":
                    segments.append((child.text or "", fmt, link))
                elif tag == "tab":
                    segments.append(("\t", fmt, link))
                elif tag == "br":
                    page = child.get(_w("type")) == "page"
                    segments.append(("<page>" if page else "<br>", "", link))
                elif tag == "footnoteReference":
                    number = self.notes.setdefault(child.get(_w("id")), len(self.notes) + 1)
                    segments.append((f"[^{number}]", "", link))
        return self._join(segments)

    def _format(self, run: etree._Element) -> str:
        rpr = run.find(_w("rPr"))
        if rpr is None:
            return ""
        fonts = rpr.find(_w("rFonts"))
        style = rpr.find(_w("rStyle"))
        if fonts is not None and fonts.get(_w("ascii")) in _MONO:
            return "c"
        if style is not None and self.style_names.get(style.get(_w("val"))) == "Verbatim Char":
            return "c"
        on = {"1", "true", "on", None}
        bold = rpr.find(_w("b")) is not None and rpr.find(_w("b")).get(_w("val")) in on
        italic = rpr.find(_w("i")) is not None and rpr.find(_w("i")).get(_w("val")) in on
        return ("b" if bold else "") + ("i" if italic else "")

    def _join(self, segments: list[tuple[str, str, str | None]]) -> str:
        merged: list[list] = []
        for text, fmt, link in segments:
            if merged and merged[-1][1] == fmt and merged[-1][2] == link:
                merged[-1][0] += text
            else:
                merged.append([text, fmt, link])
        out: list[str] = []
        marks = {"": "", "b": "**", "i": "*", "bi": "***", "c": "`"}
        for k, (text, fmt, link) in enumerate(merged):
            piece = f"{marks[fmt]}{text}{marks[fmt]}" if text.strip() else text
            if link is not None:
                start = k == 0 or merged[k - 1][2] != link
                end = k == len(merged) - 1 or merged[k + 1][2] != link
                piece = ("[" if start else "") + piece + (f"]({link})" if end else "")
                if end:
                    self.links.append(link)
            out.append(piece)
        return "".join(out)

    def paragraph(self, p: etree._Element, rels) -> str:
        ppr = p.find(_w("pPr"))
        style_id = ""
        extra = ""
        if ppr is not None:
            ps = ppr.find(_w("pStyle"))
            style_id = ps.get(_w("val")) if ps is not None else ""
            num = ppr.find(_w("numPr"))
            if num is not None and num.find(_w("numId")).get(_w("val")) != "0":
                ilvl = num.find(_w("ilvl"))
                level = ilvl.get(_w("val")) if ilvl is not None else "0"
                extra = f" [num={num.find(_w('numId')).get(_w('val'))} lvl={level}]"
        style = self.style_names.get(style_id, style_id or "Normal")
        before = ""
        if ppr is not None and ppr.find(_w("pageBreakBefore")) is not None:
            before = "<page>\n"
        return f"{before}{style}{extra} | {self.inline(p, rels)}"


def _open(data: bytes | Path) -> docx.document.Document:
    source = io.BytesIO(data) if isinstance(data, bytes) else str(data)
    return docx.Document(source)


def dump_docx(data: bytes | Path) -> str:
    """The normalized, human-readable dump of a .docx (see the module docstring)."""
    document = _open(data)
    reader = _Reader(document)
    rels = document.part.rels
    lines: list[str] = []
    body = document.element.body
    for block in body:
        if block.tag == _w("p"):
            lines.append(reader.paragraph(block, rels))
        elif block.tag == _w("tbl"):
            for row in block.iter(_w("tr")):
                cells = [
                    " ".join(reader.inline(p, rels) for p in tc.iter(_w("p")))
                    for tc in row.iter(_w("tc"))
                ]
                lines.append("Table | " + " | ".join(cells))
    notes_part = next(
        (r.target_part for r in document.part.rels.values() if r.reltype == RT.FOOTNOTES), None
    )
    if notes_part is not None:
        root = etree.fromstring(notes_part.blob)
        notes_rels = notes_part.rels
        by_id = {n.get(_w("id")): n for n in root.iter(_w("footnote"))}
        for note_id, number in sorted(reader.notes.items(), key=lambda kv: kv[1]):
            note = by_id.get(note_id)
            text = " ".join(reader.inline(p, notes_rels) for p in note.iter(_w("p")))
            lines.append(f"[^{number}]: {text.strip()}")
    lines += [f"link: {url}" for url in dict.fromkeys(reader.links)]
    return "\n".join(lines) + "\n"


def pandoc_read(data: bytes | Path, to: str = "markdown") -> str:
    """What pandoc reads from the .docx, written as `to` (title and date appear as metadata)."""
    pandoc = require_tool("pandoc")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.docx"
        path.write_bytes(data if isinstance(data, bytes) else Path(data).read_bytes())
        done = subprocess.run(
            [pandoc, "-f", "docx", "-t", to, "-s", "--wrap=none", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
    return done.stdout


def pandoc_markdown(data: bytes | Path) -> str:
    """What pandoc reads from the .docx, as Markdown."""
    return pandoc_read(data, "markdown")


def make_zip(entries: dict[str, bytes], level: int = 6) -> bytes:
    """A zip archive of the given members, for building (broken) .docx files in tests."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()
