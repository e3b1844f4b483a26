"""Markdown → Word (.docx), built on a letterhead document.

The letterhead (a user's .docx, or the built-in one) is read and prepared once: what it may
contribute is kept (its styles, margins, headers and footers, see intake), missing styles
added, constant parts compressed. A render then only writes the parts that vary: the body,
footnotes, list instances, links, the two headers (a running header on later pages, the sample
mark) and core properties. Nothing depends on the clock, so the same input gives the same bytes.

python-docx is not used here: it reads only packages it considers sane (it refuses a .dotx,
and would follow what the allow-list must first inspect), and importing it costs more than
rendering a letter; the tests read every document back through it instead.

Markdown maps to Word as follows: ``#``/``##``/``###`` (and deeper) → Heading 1–3; paragraphs →
Body Text; lists → List Number / List Bullet with real numbering (each ordered list restarts at
its own start number, nesting by level); ``>`` → Quote; ``::: name`` → the paragraph style of
that name (``re-line`` → "Re Line", matched case-insensitively; each source line kept);
``[^x]`` → a Word footnote, numbered in order of reference (a label referenced twice gives two
footnotes with the same text, as Word cannot point twice at one note); links → hyperlinks;
tables → bordered tables with a bold, repeating header row; ``\\newpage`` → a page break.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markdown_it.token import Token

from drafter.errors import Problem, rel
from drafter.render import SAMPLE_MARK
from drafter.render.docx.body import BodyWriter
from drafter.render.docx.builtin import builtin_parts
from drafter.render.docx.letterhead import HEADERS, Prepared, prepare
from drafter.render.docx.ooxml import PKG_REL, REL_TYPE, XML_HEAD, attr, read_package, write_zip
from drafter.render.docx.ooxml import text as esc
from drafter.render.docx.pages import running_header, sample_banner, sample_header
from drafter.text.markdown import check_storable, parse_tokens

__all__ = ["DocInfo", "HeaderInfo", "Letterhead", "write_docx"]


@dataclass(frozen=True)
class DocInfo:
    """The document's core properties."""

    title: str
    subject: str = ""
    author: str = ""
    keywords: str = ""
    date: dt.date | None = None  # created = modified = this day at 00:00Z; None → 2000-01-01
    running_header: str = ""  # the header of the pages after the first ("" → the letterhead's)
    sample: bool = False  # mark every page and the top of the first: SAMPLE — NOT FOR FILING


@dataclass(frozen=True)
class HeaderInfo:
    """What the built-in letterhead shows in its header."""

    name: str
    address: tuple[str, ...] = ()
    website: str = ""


class Letterhead:
    """A prepared letterhead document that renders Markdown into finished .docx bytes."""

    def __init__(self, prepared: Prepared, origin: str):
        self._prep = prepared
        self.origin = origin

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """What was left out of the letterhead and the user should know: an attached
        template, links to outside resources (each names the letterhead)."""
        return self._prep.warnings

    @classmethod
    def from_file(cls, path: Path) -> Letterhead:
        """Read a user's letterhead.docx (a reference document); LetterheadError if unusable."""
        path = Path(path)
        try:
            stat = path.stat()
            key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
        except OSError:
            key = (str(path), 0, 0)  # read_package reports the problem
        return _from_file(path, key)

    @classmethod
    def builtin(cls, header: HeaderInfo) -> Letterhead:
        """The built-in letterhead: US Letter, serif, the organization centered in the header."""
        # Built once per organization; a list of address lines is accepted too.
        return _builtin(HeaderInfo(header.name, tuple(header.address), header.website))

    def render(
        self, markdown: str, info: DocInfo, *, source: str = "", tokens: list[Token] | None = None
    ) -> bytes:
        """The finished .docx; ``source`` names where the Markdown came from, for errors.

        ``tokens`` are ``markdown`` already parsed (markup.parse_tokens), to save a parse.
        """
        return self.build(markdown, info, source=source, tokens=tokens)[0]

    def build(
        self, markdown: str, info: DocInfo, *, source: str = "", tokens: list[Token] | None = None
    ) -> tuple[bytes, str]:
        """The finished .docx, and its body text as docx_text() would read it back."""
        check_storable(markdown, source)
        for what in ("title", "subject", "author", "keywords", "running_header"):
            check_storable(getattr(info, what), source, what)
        writer = BodyWriter(self._prep, source)
        writer.write(parse_tokens(markdown) if tokens is None else tokens)
        prep = self._prep
        body, lines = writer.body, writer.lines
        if info.sample:
            body = sample_banner(prep.styles.roles["body text"]) + body
            lines = [SAMPLE_MARK, *lines]
        parts = [
            ("docProps/core.xml", _core(info)),
            ("word/document.xml", prep.document_open + body + prep.document_close),
            ("word/_rels/document.xml.rels", prep.rels_open + _links(writer.doc_links)),
            *zip(HEADERS, _headers(prep, info), strict=True),
            (
                "word/footnotes.xml",
                prep.footnotes_open + "".join(writer.footnotes) + "</w:footnotes>",
            ),
        ]
        if writer.note_links:
            parts.append(
                (
                    "word/_rels/footnotes.xml.rels",
                    f'{XML_HEAD}<Relationships xmlns="{PKG_REL}">' + _links(writer.note_links),
                )
            )
        nums = "".join(
            f'<w:num w:numId="{num}"><w:abstractNumId w:val="{prep.decimal_abstract}"/>'
            f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            "</w:num>"
            for num, level, start in writer.nums
        )
        parts.append(
            (
                "word/numbering.xml",
                prep.numbering_open + prep.numbering_nums + nums + "</w:numbering>",
            )
        )
        data = write_zip([(name, xml.encode("utf-8")) for name, xml in parts], prep.base_zip)
        return data, "\n".join(lines)


def write_docx(markdown: str, info: DocInfo, letterhead: Letterhead) -> bytes:
    """Render Markdown on a letterhead into .docx bytes."""
    return letterhead.render(markdown, info)


@lru_cache(maxsize=8)
def _from_file(path: Path, _key: tuple[str, int, int]) -> Letterhead:
    return Letterhead(prepare(read_package(path), path), rel(path))


@lru_cache(maxsize=8)
def _builtin(header: HeaderInfo) -> Letterhead:
    for what, value in (("name", header.name), ("website", header.website)):
        check_storable(value, "letterhead", f"organization.{what}")
    for n, line in enumerate(header.address):
        check_storable(line, "letterhead", f"organization.address[{n}]")
    parts = builtin_parts(header.name, tuple(header.address), header.website)
    return Letterhead(prepare(parts, None), "built-in letterhead")


def _headers(prep: Prepared, info: DocInfo) -> tuple[str, str]:
    """The first page's header and the later pages': the letterhead's, or the running header,
    each under the sample mark when the document is a sample."""
    style = prep.styles.roles["header"]
    mark = sample_header(style) if info.sample else ""
    later = running_header(info.running_header, style) if info.running_header else None
    return prep.first_header.xml(mark), prep.later_header.xml(mark, later)


def _links(links: dict[str, str]) -> str:
    return (
        "".join(
            f'<Relationship Id="{rid}" Type="{REL_TYPE}hyperlink" Target="{attr(url)}" '
            'TargetMode="External"/>'
            for url, rid in links.items()
        )
        + "</Relationships>"
    )


def _core(info: DocInfo) -> str:
    stamp = (info.date or dt.date(2000, 1, 1)).strftime("%Y-%m-%dT00:00:00Z")
    return (
        f"{XML_HEAD}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{esc(info.title)}</dc:title><dc:subject>{esc(info.subject)}</dc:subject>"
        f"<dc:creator>{esc(info.author)}</dc:creator><cp:keywords>{esc(info.keywords)}</cp:keywords>"
        f"<cp:lastModifiedBy>{esc(info.author)}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )
