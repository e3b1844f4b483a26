"""Turn a letterhead's parts into what every render reuses: done once per letterhead.

What a letterhead may contribute is decided in intake (an allow-list). Here the kept parts are
brought into shape under drafter's own part names: styles completed with the ones drafter
writes with, settings cleared of what a letter must not inherit (an attached template, a mail
merge, protection, tracked changes), the first section's page setup, headers and footers, the
footnote separators and list definitions, a font table and theme when the letterhead has none,
every property element's children in schema order. The parts a render writes (document,
footnotes, numbering, core properties, the document's relationships and the two headers) are
reduced to their constant pieces.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from drafter.errors import Problem
from drafter.render.docx.builtin import CT_THEME, FONT_TABLE, THEME
from drafter.render.docx.intake import MAIN, Output, Rel, Source, internal, is_kind, unlink
from drafter.render.docx.numbering import numbering, whole
from drafter.render.docx.ooxml import (
    CT_APP,
    CT_CORE,
    CT_MAIN,
    CT_RELS,
    CT_WML,
    NS_DECL,
    PKG_REL,
    REL_TYPE,
    XML_HEAD,
    attr,
    serialize,
    w,
    write_zip,
)
from drafter.render.docx.pages import Story, empty_story, has_page_field, page_x_of_y, story
from drafter.render.docx.schema import reorder, tidy_ignorable
from drafter.render.docx.styles import Styles, complete_styles

_CORE = "docProps/core.xml"
_APP = "docProps/app.xml"
_CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_APP_REL = REL_TYPE + "extended-properties"
_SEPARATORS = {"separator", "continuationSeparator", "continuationNotice"}
# Settings a letter must not inherit from its letterhead.
_DROPPED_SETTINGS = (
    "attachedTemplate", "mailMerge", "documentProtection", "writeProtection", "trackRevisions",
    "evenAndOddHeaders", "rsids", "attachedSchema", "updateFields",
)  # fmt: skip
_SCHEMA_LIBRARY = "{http://schemas.openxmlformats.org/schemaLibrary/2006/main}schemaLibrary"
# Fields that fetch outside content when Word updates them.
_FETCHING = re.compile(r"\s*(INCLUDEPICTURE|INCLUDETEXT|LINK|DDE|DDEAUTO|IMPORT)\b", re.I)

_APP_XML = (
    f"{XML_HEAD}<Properties "
    'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>drafter</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)
_DEFAULT_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote>"
)
_DEFAULT_SECT = (
    f'<w:sectPr {NS_DECL}><w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:top="1440" '
    'w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/>'
    "</w:sectPr>"
)
# The document's relationships: fixed ids, hyperlinks after them.
_RIDS = {
    "styles": "rId1", "settings": "rId2", "fontTable": "rId3", "theme": "rId4",
    "numbering": "rId5", "footnotes": "rId6", "endnotes": "rId7",
    "header1": "rId8", "header2": "rId9", "footer1": "rId10", "footer2": "rId11",
}  # fmt: skip
FIRST_LINK = 12
HEADERS = ("word/header1.xml", "word/header2.xml")  # first page, later pages


@dataclass(frozen=True)
class Prepared:
    """A letterhead's parts, ready to wrap each document's body."""

    base_zip: bytes  # the constant parts, already compressed
    document_open: str
    document_close: str  # the section properties and the closing tags
    rels_open: str  # document.xml.rels up to the hyperlinks
    first_link: int  # hyperlink relationship ids are rId<first_link>, rId<first_link + 1> …
    footnotes_open: str  # root and separators
    first_footnote: int
    numbering_open: str  # root, abstract definitions
    numbering_nums: str  # the letterhead's own w:num elements and drafter's bullet list
    decimal_abstract: int
    bullet_num: int
    first_num: int
    text_width: int  # twips between the margins
    first_header: Story  # the first page's header
    later_header: Story  # the later pages' header, unless a render gives a running header
    styles: Styles = field(repr=False)
    warnings: tuple[Problem, ...] = ()


def prepare(parts: dict[str, bytes], origin: Path | None) -> Prepared:
    """Everything a render needs from a letterhead, checked and computed once."""
    src = Source(dict(parts), origin)
    for r in src.rels(""):
        if r.kind == "officeDocument" and r.target.lower() != MAIN:
            raise src.refuse(f"letterhead's main part is {r.target}, not {MAIN}")
    doc_rels = src.rels(MAIN)
    out = Output(src)

    def part(kind: str) -> str | None:
        return internal(src, doc_rels, kind)

    def root_of(kind: str, default: str) -> etree._Element:
        name = part(kind)
        found = src.xml(name) if name else None
        return found if found is not None else etree.fromstring(default.encode())

    styles_root = root_of("styles", f"<w:styles {NS_DECL}/>")
    styles = complete_styles(styles_root)
    out.link(part("styles"), "word/styles.xml", styles_root, set())
    out.add("word/styles.xml", styles_root, CT_WML + "styles+xml")

    separators, first_footnote, sep_ids = _separators(src, part("footnotes"))
    endnotes = part("endnotes")
    settings = root_of("settings", f"<w:settings {NS_DECL}/>")
    _settings(settings, src, sep_ids, keep_endnotes=endnotes is not None)
    out.link(part("settings"), "word/settings.xml", settings, set())
    out.add("word/settings.xml", settings, CT_WML + "settings+xml")
    fonts = root_of("fontTable", FONT_TABLE)
    out.link(part("fontTable"), "word/fontTable.xml", fonts, {"font"})
    out.add("word/fontTable.xml", fonts, CT_WML + "fontTable+xml")
    theme = root_of("theme", THEME)
    out.link(part("theme"), "word/theme/theme1.xml", theme, {"image"})
    out.add("word/theme/theme1.xml", theme, CT_THEME)
    if endnotes is not None:
        notes = src.xml(endnotes)
        assert notes is not None  # internal() found the part
        for note in list(notes.iter(w("endnote"))):
            if note.get(w("type")) not in _SEPARATORS:
                notes.remove(note)
        out.link(endnotes, "word/endnotes.xml", notes, set())
        out.add("word/endnotes.xml", notes, CT_WML + "endnotes+xml")
    numbering_open, nums, decimal_abs, bullet_num = numbering(src, part("numbering"))

    sect, stories = _section(src, doc_rels)
    first_header, later_header = (_header(src, out, name, new) for name, new in zip(
        stories[:2], HEADERS, strict=True))  # fmt: skip
    for name, new in zip(stories[2:], ("word/footer1.xml", "word/footer2.xml"), strict=True):
        _footer(src, out, name, new, styles.roles["footer"])

    rel_lines = [
        _relationship(_RIDS[kind], kind, target)
        for kind, target in (
            ("styles", "styles.xml"),
            ("settings", "settings.xml"),
            ("fontTable", "fontTable.xml"),
            ("theme", "theme/theme1.xml"),
            ("numbering", "numbering.xml"),
            ("footnotes", "footnotes.xml"),
            *([("endnotes", "endnotes.xml")] if endnotes else []),
        )
    ]
    rel_lines += [
        _relationship(_RIDS[f"{kind}{n}"], kind, f"{kind}{n}.xml")
        for kind in ("header", "footer")
        for n in (1, 2)
    ]
    const = [
        ("[Content_Types].xml", _content_types(out.types).encode()),
        ("_rels/.rels", _PACKAGE_RELS.encode()),
        (_APP, _APP_XML.encode()),
        *sorted(out.parts.items()),
    ]
    return Prepared(
        base_zip=write_zip(const),
        document_open=f"{XML_HEAD}<w:document {NS_DECL}><w:body>",
        document_close=f"{serialize(sect)}</w:body></w:document>",
        rels_open=f'{XML_HEAD}<Relationships xmlns="{PKG_REL}">' + "".join(rel_lines),
        first_link=FIRST_LINK,
        footnotes_open=f"{XML_HEAD}<w:footnotes {NS_DECL}>{separators}",
        first_footnote=first_footnote,
        numbering_open=numbering_open,
        numbering_nums=nums,
        decimal_abstract=decimal_abs,
        bullet_num=bullet_num,
        first_num=bullet_num + 1,
        text_width=_text_width(sect),
        first_header=first_header,
        later_header=later_header,
        styles=styles,
        warnings=tuple(src.warnings),
    )


def _relationship(rid: str, kind: str, target: str) -> str:
    return f'<Relationship Id="{rid}" Type="{REL_TYPE}{kind}" Target="{target}"/>'


_PACKAGE_RELS = (
    f'{XML_HEAD}<Relationships xmlns="{PKG_REL}">'
    f'<Relationship Id="rId1" Type="{REL_TYPE}officeDocument" Target="{MAIN}"/>'
    f'<Relationship Id="rId2" Type="{_CORE_REL}" Target="{_CORE}"/>'
    f'<Relationship Id="rId3" Type="{_APP_REL}" Target="{_APP}"/>'
    "</Relationships>"
)


def _section(src: Source, doc_rels: list[Rel]) -> tuple[etree._Element, list[str | None]]:
    """The first section's properties, pointing at drafter's two headers and two footers, and
    the letterhead parts those are made from: [first header, later header, first footer,
    later footer] (None where the letterhead has none)."""
    document = src.xml(MAIN)
    body = document.find(w("body")) if document is not None else None
    found = body.find(f".//{w('sectPr')}") if body is not None else None
    sect = copy.deepcopy(found) if found is not None else etree.fromstring(_DEFAULT_SECT)
    targets = {r.id: r.target for r in doc_rels if not r.external}
    refs: dict[tuple[str, str], str | None] = {}
    for ref in sect.findall(w("headerReference")) + sect.findall(w("footerReference")):
        kind = "header" if ref.tag == w("headerReference") else "footer"
        target = targets.get(ref.get(f"{{{_R}}}id", ""), "")
        part = src.find(target) if is_kind(src, target, kind) else None
        refs[(kind, ref.get(w("type"), "default"))] = part
        sect.remove(ref)
    title = sect.find(w("titlePg"))
    title_pg = title is not None and title.get(w("val"), "1") not in ("0", "false", "off")
    stories: list[str | None] = []
    for kind in ("header", "footer"):
        later = refs.get((kind, "default"))
        stories += [refs.get((kind, "first")) if title_pg else later, later]
    for tag in ("printerSettings", "sectPrChange", "titlePg"):
        for el in sect.findall(w(tag)):
            sect.remove(el)
    unlink(sect, set())
    for n, (kind, slot) in enumerate(
        (("header", "first"), ("header", "default"), ("footer", "first"), ("footer", "default"))
    ):
        ref = etree.Element(w(f"{kind}Reference"))
        ref.set(w("type"), slot)
        ref.set(f"{{{_R}}}id", _RIDS[f"{kind}{1 + n % 2}"])
        sect.insert(n, ref)
    etree.SubElement(sect, w("titlePg"))
    reorder(sect)
    return sect, stories


_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def _header(src: Source, out: Output, name: str | None, new: str) -> Story:
    out.types[new] = CT_WML + "header+xml"
    if name is None:
        return empty_story("hdr")
    root = _story_root(src, out, name, new)
    return story(root)


def _footer(src: Source, out: Output, name: str | None, new: str, style: str) -> None:
    if name is None:
        root = etree.fromstring(empty_story("ftr").xml(inner="").encode())
    else:
        root = _story_root(src, out, name, new)
    if not has_page_field(root):
        root.append(etree.fromstring(f"<w:ftr {NS_DECL}>{page_x_of_y(style)}</w:ftr>")[0])
    out.add(new, root, CT_WML + "footer+xml")


def _story_root(src: Source, out: Output, name: str, new: str) -> etree._Element:
    """A copy of a letterhead's header or footer with its images and hyperlinks."""
    found = src.xml(name)
    assert found is not None  # a target the package holds
    root = copy.deepcopy(found)
    codes = [t.text or "" for t in root.iter(w("instrText"))]
    codes += [f.get(w("instr"), "") for f in root.iter(w("fldSimple"))]
    for code in codes:
        fetch = _FETCHING.match(code)
        if fetch:
            raise src.refuse(
                f"letterhead's {name} has a {fetch.group(1).upper()} field, which fetches "
                "content from outside the document",
                "replace the field with the picture or text itself and save the letterhead again",
            )
    out.link(name, new, root, {"image", "hyperlink"})
    tidy_ignorable(root)
    for drawing in root.iter(_DOC_PR):  # each picture's id is unique in the document
        out.drawings += 1
        drawing.set("id", str(out.drawings))
    reorder(root)
    return root


def _settings(
    settings: etree._Element, src: Source, sep_ids: list[int], *, keep_endnotes: bool
) -> None:
    """Clear what a letter must not inherit; point footnote properties at the separators."""
    for tag in _DROPPED_SETTINGS:
        for el in settings.findall(w(tag)):
            if tag == "mailMerge":
                src.warn(
                    "letterhead sets up a mail merge from an outside data source, "
                    "which drafter leaves out",
                    "a letter needs only the letterhead's styles, header and footer",
                )
            settings.remove(el)
    for el in settings.findall(_SCHEMA_LIBRARY):
        settings.remove(el)
    pr = settings.find(w("footnotePr"))
    if pr is None:
        pr = etree.SubElement(settings, w("footnotePr"))
    for old in pr.findall(w("footnote")):
        pr.remove(old)
    for sep in sep_ids:
        etree.SubElement(pr, w("footnote")).set(w("id"), str(sep))
    end = settings.find(w("endnotePr"))
    if end is not None and not keep_endnotes:
        settings.remove(end)


def _separators(src: Source, name: str | None) -> tuple[str, int, list[int]]:
    """The letterhead's separator footnotes (or Word's usual pair), their ids, the next id."""
    root = src.xml(name) if name else None
    kept = []
    if root is not None:
        kept = [n for n in root.iter(w("footnote")) if n.get(w("type")) in _SEPARATORS]
    if not kept:
        return _DEFAULT_SEPARATORS, 1, [-1, 0]
    order = {"separator": 0, "continuationSeparator": 1, "continuationNotice": 2}
    kept.sort(key=lambda n: order[n.get(w("type"), "")])
    ids = [whole(src, n, "id", name or "") for n in kept]
    for n in kept:
        unlink(n, set())
        reorder(n)
    return "".join(serialize(n) for n in kept), max(ids) + 1, ids


def _text_width(sect: etree._Element) -> int:
    width, left, right = 12240, 1440, 1440
    size, margins = sect.find(w("pgSz")), sect.find(w("pgMar"))
    try:
        if size is not None:
            width = int(size.get(w("w"), width))
        if margins is not None:
            left = int(margins.get(w("left"), left))
            right = int(margins.get(w("right"), right))
    except ValueError:
        pass
    return max(width - left - right, 1440)


def _content_types(kept: dict[str, str]) -> str:
    overrides = {
        MAIN: CT_MAIN,
        "word/footnotes.xml": CT_WML + "footnotes+xml",
        "word/numbering.xml": CT_WML + "numbering+xml",
        **kept,
        _CORE: CT_CORE,
        _APP: CT_APP,
    }
    return (
        f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="{CT_RELS}"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(
            f'<Override PartName="/{attr(k)}" ContentType="{attr(v)}"/>'
            for k, v in sorted(overrides.items())
        )
        + "</Types>"
    )
