"""The paragraph and character styles drafter writes with, a letterhead's styles completed
with them, and the built-in letterhead's styles.xml.

One table of style definitions serves twice: it makes the built-in letterhead's styles.xml, and
it supplies any style a user's letterhead lacks (based on that letterhead's own Body Text, so
fonts and sizes follow the user's document defaults).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from lxml import etree

from drafter.render.docx.ooxml import NS_DECL, XML_HEAD, w


@dataclass(frozen=True)
class StyleDef:
    """A paragraph or character style drafter needs in a document."""

    name: str  # as Word stores it: built-in names are lower case ("heading 1")
    style_id: str
    kind: str = "paragraph"  # paragraph | character | table
    based_on: str = ""  # a style name
    next: str = ""  # a style name
    ppr: str = ""
    rpr: str = ""
    flags: str = "<w:qFormat/>"
    custom: bool = False  # not one of Word's built-in style names


_MONO = '<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New"/>'
_BODY = '<w:spacing w:after="160" w:line="264" w:lineRule="auto"/>'

#: Styles every rendered document may use, in styles.xml order.
STYLES: tuple[StyleDef, ...] = (
    StyleDef("Body Text", "BodyText", based_on="Normal", ppr=_BODY),
    StyleDef(
        "Title",
        "Title",
        based_on="Normal",
        next="Body Text",
        ppr='<w:keepNext/><w:spacing w:before="240" w:after="240"/><w:jc w:val="center"/>',
        rpr='<w:b/><w:bCs/><w:kern w:val="28"/><w:sz w:val="32"/><w:szCs w:val="32"/>',
    ),
    StyleDef(
        "heading 1",
        "Heading1",
        based_on="Normal",
        next="Body Text",
        ppr='<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="120"/>'
        '<w:outlineLvl w:val="0"/>',
        rpr='<w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/>',
    ),
    StyleDef(
        "heading 2",
        "Heading2",
        based_on="Normal",
        next="Body Text",
        ppr='<w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="100"/>'
        '<w:outlineLvl w:val="1"/>',
        rpr="<w:b/><w:bCs/>",
    ),
    StyleDef(
        "heading 3",
        "Heading3",
        based_on="Normal",
        next="Body Text",
        ppr='<w:keepNext/><w:keepLines/><w:spacing w:before="160" w:after="80"/>'
        '<w:outlineLvl w:val="2"/>',
        rpr="<w:b/><w:bCs/><w:i/><w:iCs/>",
    ),
    StyleDef(
        "List Number",
        "ListNumber",
        based_on="Body Text",
        ppr='<w:spacing w:after="80"/>',
    ),
    StyleDef(
        "List Bullet",
        "ListBullet",
        based_on="Body Text",
        ppr='<w:spacing w:after="80"/>',
    ),
    StyleDef(
        "Quote",
        "Quote",
        based_on="Body Text",
        next="Body Text",
        ppr='<w:spacing w:after="160" w:line="240" w:lineRule="auto"/>'
        '<w:ind w:left="720" w:right="720"/>',
    ),
    StyleDef(
        "Question",  # a docket question quoted before its answer, kept with the answer
        "Question",
        custom=True,
        based_on="Quote",  # read back as a block quote (pandoc follows basedOn)
        next="Body Text",
        ppr="<w:keepNext/><w:keepLines/>",
        rpr="<w:i/><w:iCs/>",
    ),
    StyleDef(
        "Restated Question",  # a docket question in the letter's own words: not a quotation
        "RestatedQuestion",
        custom=True,
        based_on="Body Text",
        next="Body Text",
        ppr="<w:keepNext/><w:keepLines/>",
        rpr="<w:i/><w:iCs/>",
    ),
    StyleDef(
        "footnote text",
        "FootnoteText",
        based_on="Normal",
        ppr='<w:spacing w:after="60" w:line="240" w:lineRule="auto"/>',
        rpr='<w:sz w:val="20"/><w:szCs w:val="20"/>',
        flags='<w:uiPriority w:val="99"/><w:unhideWhenUsed/>',
    ),
    StyleDef(
        "footnote reference",
        "FootnoteReference",
        kind="character",
        rpr='<w:vertAlign w:val="superscript"/>',
        flags='<w:uiPriority w:val="99"/><w:unhideWhenUsed/>',
    ),
    StyleDef(
        "Hyperlink",
        "Hyperlink",
        kind="character",
        rpr='<w:color w:val="0563C1"/><w:u w:val="single"/>',
        flags='<w:uiPriority w:val="99"/><w:unhideWhenUsed/>',
    ),
    StyleDef(
        "Verbatim Char",  # pandoc's name, so pandoc reads inline code back as code
        "VerbatimChar",
        kind="character",
        custom=True,
        rpr=_MONO,
    ),
    StyleDef(
        "Source Code",
        "SourceCode",
        custom=True,
        based_on="Normal",
        ppr='<w:spacing w:after="160" w:line="240" w:lineRule="auto"/><w:ind w:left="360"/>',
        rpr=_MONO + '<w:sz w:val="20"/><w:szCs w:val="20"/>',
    ),
    StyleDef(
        "Date", "Date", based_on="Body Text", next="Body Text", ppr='<w:spacing w:after="240"/>'
    ),
    StyleDef(
        "Address",
        "Address",
        custom=True,
        based_on="Body Text",
        next="Body Text",
        ppr='<w:spacing w:after="240" w:line="240" w:lineRule="auto"/>',
    ),
    StyleDef(
        "Re Line",
        "ReLine",
        custom=True,
        based_on="Body Text",
        next="Body Text",
        ppr='<w:spacing w:after="240" w:line="240" w:lineRule="auto"/>'
        '<w:ind w:left="720" w:right="720"/>',
        rpr="<w:b/><w:bCs/>",
    ),
    StyleDef(
        "Signature",
        "Signature",
        based_on="Body Text",
        ppr='<w:keepNext/><w:keepLines/><w:spacing w:after="240" w:line="240" w:lineRule="auto"/>',
    ),
    StyleDef(
        "header",
        "Header",
        based_on="Normal",
        ppr='<w:tabs><w:tab w:val="center" w:pos="4680"/><w:tab w:val="right" w:pos="9360"/>'
        '</w:tabs><w:jc w:val="center"/>',
        flags='<w:uiPriority w:val="99"/><w:unhideWhenUsed/>',
    ),
    StyleDef(
        "footer",
        "Footer",
        based_on="Normal",
        ppr='<w:tabs><w:tab w:val="center" w:pos="4680"/><w:tab w:val="right" w:pos="9360"/>'
        '</w:tabs><w:jc w:val="center"/>',
        rpr='<w:sz w:val="18"/><w:szCs w:val="18"/>',
        flags='<w:uiPriority w:val="99"/><w:unhideWhenUsed/>',
    ),
)

# Only the built-in letterhead carries this; a user's letterhead has its own.
_NORMAL = StyleDef("Normal", "Normal", ppr="<w:widowControl/>", flags="<w:qFormat/>")


def style_xml(style: StyleDef, ids: dict[str, str], *, default: bool = False) -> str:
    """One w:style element; ``ids`` maps lower-cased style names to style ids."""
    head = f'<w:style w:type="{style.kind}"'
    if default:
        head += ' w:default="1"'
    if style.custom:
        head += ' w:customStyle="1"'
    parts = [f'{head} w:styleId="{style.style_id}"><w:name w:val="{style.name}"/>']
    if style.based_on and style.based_on.lower() in ids:
        parts.append(f'<w:basedOn w:val="{ids[style.based_on.lower()]}"/>')
    if style.next and style.next.lower() in ids:
        parts.append(f'<w:next w:val="{ids[style.next.lower()]}"/>')
    parts.append(style.flags)
    if style.ppr:
        parts.append(f"<w:pPr>{style.ppr}</w:pPr>")
    if style.rpr:
        parts.append(f"<w:rPr>{style.rpr}</w:rPr>")
    parts.append("</w:style>")
    return "".join(parts)


# --- a letterhead's styles, completed -------------------------------------------------------


@dataclass(frozen=True)
class Styles:
    """Style ids by role, and every paragraph style a container may name."""

    roles: dict[str, str]  # body text, title, heading 1..3, list number, header ... → style id
    paragraph: dict[str, str]  # lower-cased name → style id
    names: tuple[str, ...]  # paragraph style names as Word shows them


def complete_styles(root: etree._Element) -> Styles:
    """Find the styles drafter writes with, adding those the letterhead lacks."""
    by_kind: dict[str, dict[str, str]] = {"paragraph": {}, "character": {}, "table": {}}
    shown: list[str] = []
    taken = set()
    normal = ""
    for s in root.iter(w("style")):
        sid, kind = s.get(w("styleId"), ""), s.get(w("type"), "paragraph")
        name_el = s.find(w("name"))
        name = name_el.get(w("val"), sid) if name_el is not None else sid
        taken.add(sid)
        by_kind.setdefault(kind, {}).setdefault(name.lower(), sid)
        if kind == "paragraph":
            shown.append(name)
            if s.get(w("default")) in ("1", "true", "on"):
                normal = sid
    para = by_kind["paragraph"]
    if normal:
        para.setdefault("normal", normal)
    roles = {}
    for style in STYLES:
        found = by_kind[style.kind].get(style.name.lower())
        if found is None:
            sid = style.style_id
            while sid in taken:
                sid += "1"
            taken.add(sid)
            frag = f"<w:styles {NS_DECL}>{style_xml(replace(style, style_id=sid), para)}</w:styles>"
            root.append(etree.fromstring(frag)[0])
            by_kind[style.kind][style.name.lower()] = sid
            if style.kind == "paragraph":
                shown.append(style.name)
            found = sid
        roles[style.name.lower()] = found
    for s in root.iter(w("style")):  # a reference to a style that is not there is dropped
        for ref in s.findall(w("basedOn")) + s.findall(w("next")) + s.findall(w("link")):
            if ref.get(w("val")) not in taken:
                s.remove(ref)
    names = tuple(sorted({n[:1].upper() + n[1:] for n in shown}, key=str.lower))
    return Styles(roles=roles, paragraph=dict(para), names=names)


# --- the built-in letterhead -----------------------------------------------------------------

_FONT = "Times New Roman"
_DOC_DEFAULTS = (
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    f'<w:rFonts w:ascii="{_FONT}" w:eastAsia="{_FONT}" w:hAnsi="{_FONT}" w:cs="{_FONT}"/>'
    '<w:sz w:val="24"/><w:szCs w:val="24"/>'
    '<w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="ar-SA"/>'
    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
)
_DEFAULT_CHAR = (
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
    "<w:unhideWhenUsed/></w:style>"
)
_DEFAULT_TABLE = (
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" '
    'w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    "</w:style>"
)


def builtin_styles() -> str:
    """styles.xml of the built-in letterhead."""
    ids = {s.name.lower(): s.style_id for s in (_NORMAL, *STYLES)}
    body = [style_xml(_NORMAL, ids, default=True), _DEFAULT_CHAR, _DEFAULT_TABLE]
    body += [style_xml(s, ids) for s in STYLES]
    return f"{XML_HEAD}<w:styles {NS_DECL}>{_DOC_DEFAULTS}{''.join(body)}</w:styles>"
