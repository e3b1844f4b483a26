"""What stands on every page around the body: headers, footers and the marks drafter adds.

The letterhead's first section gives the first page its header and footer and the later pages
theirs. On top of those, a document may carry a running header on the pages after the first
("Comments of … — Docket No. …", in place of the letterhead's later-page header), and a sample
mark: "SAMPLE — NOT FOR FILING" at the top of every page's header and as a banner above the
body. A footer without a page number gets "Page X of Y".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from drafter.render import SAMPLE_MARK
from drafter.render.docx.ooxml import NS_DECL, XML_HEAD, W, serialize, w
from drafter.render.docx.ooxml import text as esc

RULE = '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="4" w:color="404040"/></w:pBdr>'
SMALL = '<w:sz w:val="19"/><w:szCs w:val="19"/>'
_LARGE = '<w:sz w:val="28"/><w:szCs w:val="28"/>'
_MARK = '<w:b/><w:bCs/><w:color w:val="C00000"/><w:spacing w:val="20"/>'
_BOX = "".join(
    f'<w:{side} w:val="single" w:sz="12" w:space="4" w:color="C00000"/>'
    for side in ("top", "left", "bottom", "right")
)


def run(value: str, rpr: str = "") -> str:
    """A run of text (``rpr``: the inside of its w:rPr)."""
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{esc(value)}</w:t></w:r>'


def field(code: str, rpr: str, shown: str = "1") -> str:
    """A complex field (PAGE, NUMPAGES) with the value shown until it is updated."""
    r = f"<w:rPr>{rpr}</w:rPr>"
    return (
        f'<w:r>{r}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{r}<w:instrText xml:space="preserve"> {code} </w:instrText></w:r>'
        f'<w:r>{r}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{r}<w:t>{shown}</w:t></w:r>"
        f'<w:r>{r}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def page_x_of_y(style: str) -> str:
    """A centered footer paragraph: "Page X of Y"."""
    rpr = '<w:sz w:val="18"/><w:szCs w:val="18"/>'
    runs = run("Page ", rpr) + field("PAGE", rpr) + run(" of ", rpr) + field("NUMPAGES", rpr)
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/><w:jc w:val="center"/></w:pPr>{runs}</w:p>'


def running_header(text: str, style: str) -> str:
    """The header line of the pages after the first, over a rule."""
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{RULE}<w:jc w:val="center"/></w:pPr>'
        f"{run(text, SMALL)}</w:p>"
    )


def sample_header(style: str) -> str:
    """The sample mark at the top of a header."""
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/><w:spacing w:after="60"/>'
        f'<w:jc w:val="center"/></w:pPr>{run(SAMPLE_MARK, _MARK + SMALL)}</w:p>'
    )


def sample_banner(style: str) -> str:
    """The sample mark above the body of the first page: boxed, red, bold."""
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/><w:pBdr>{_BOX}</w:pBdr>'
        '<w:spacing w:before="0" w:after="360"/><w:jc w:val="center"/></w:pPr>'
        f"{run(SAMPLE_MARK, _MARK + _LARGE)}</w:p>"
    )


def has_page_field(root: etree._Element) -> bool:
    """Whether a header or footer shows the page number."""
    codes = [t.text or "" for t in root.iter(w("instrText"))]
    codes += [f.get(w("instr"), "") for f in root.iter(w("fldSimple"))]
    return any(re.match(r"\s*PAGE\b", code) for code in codes)


@dataclass(frozen=True)
class Story:
    """A header or footer part as text, so a render can add paragraphs at its top."""

    head: str  # the XML declaration and the root's start tag
    inner: str
    tail: str  # the root's end tag

    def xml(self, top: str = "", inner: str | None = None) -> str:
        """The part with ``top`` put before its content (or before ``inner`` instead)."""
        return f"{self.head}{top}{self.inner if inner is None else inner}{self.tail}"

    def append(self, paragraph: str) -> Story:
        return Story(self.head, self.inner + paragraph, self.tail)


def story(root: etree._Element) -> Story:
    """Split a header or footer element into start tag, content and end tag.

    The start tag declares the prefix ``w`` for WordprocessingML, which the paragraphs a
    render adds are written with.
    """
    if root.nsmap.get("w") != W:
        nsmap: dict[str, str] = {"w": W}
        for prefix, uri in root.nsmap.items():
            if prefix and prefix != "w" and uri != W:
                nsmap[prefix] = uri
        fresh = etree.Element(root.tag, nsmap=nsmap)
        for key, value in root.attrib.items():
            fresh.set(key, value)
        fresh.extend(list(root))
        root = fresh
    text = serialize(root)
    start = re.match(r"<[^>]*>", text)
    assert start is not None  # serialize() always starts with the root's start tag
    head = start.group()
    if head.endswith("/>"):  # an empty story: <w:hdr .../>
        name = head[1:].split()[0].rstrip("/>")
        return Story(XML_HEAD + head[:-2] + ">", "", f"</{name}>")
    end = text.rindex("</")
    return Story(XML_HEAD + head, text[len(head) : end], text[end:])


def empty_story(tag: str) -> Story:
    """A header (``hdr``) or footer (``ftr``) with one empty paragraph."""
    return Story(f"{XML_HEAD}<w:{tag} {NS_DECL}>", "<w:p/>", f"</w:{tag}>")
