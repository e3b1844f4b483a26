"""The paragraph and character styles drafter writes with, and the built-in letterhead's parts.

One table of style definitions serves twice: it makes the built-in letterhead's styles.xml, and
it supplies any style a user's letterhead lacks (based on that letterhead's own Body Text, so
fonts and sizes follow the user's document defaults).
"""

from __future__ import annotations

from dataclasses import dataclass

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
)
from drafter.render.docx.ooxml import text as esc


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
)

# Only the built-in letterhead carries these; a user's letterhead has its own.
_BASE_STYLES: tuple[StyleDef, ...] = (
    StyleDef("Normal", "Normal", ppr="<w:widowControl/>", flags="<w:qFormat/>"),
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
    ids = {s.name.lower(): s.style_id for s in (*_BASE_STYLES, *STYLES)}
    body = [style_xml(_BASE_STYLES[0], ids, default=True), _DEFAULT_CHAR, _DEFAULT_TABLE]
    body += [style_xml(s, ids) for s in (*_BASE_STYLES[1:], *STYLES)]
    return f"{XML_HEAD}<w:styles {NS_DECL}>{_DOC_DEFAULTS}{''.join(body)}</w:styles>"


def _run(value: str, rpr: str = "") -> str:
    rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{esc(value)}</w:t></w:r>'


def _field(code: str, rpr: str) -> str:
    r = f"<w:rPr>{rpr}</w:rPr>"
    return (
        f'<w:r>{r}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{r}<w:instrText xml:space="preserve"> {code} </w:instrText></w:r>'
        f'<w:r>{r}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{r}<w:t>1</w:t></w:r>"
        f'<w:r>{r}<w:fldChar w:fldCharType="end"/></w:r>'
    )


_RULE = '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="4" w:color="404040"/></w:pBdr>'


def _header(paragraphs: list[str]) -> str:
    return f"{XML_HEAD}<w:hdr {NS_DECL}>{''.join(paragraphs)}</w:hdr>"


def _footer() -> str:
    rpr = '<w:sz w:val="18"/><w:szCs w:val="18"/>'
    runs = _run("Page ", rpr) + _field("PAGE", rpr) + _run(" of ", rpr) + _field("NUMPAGES", rpr)
    para = f'<w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>{runs}</w:p>'
    return f"{XML_HEAD}<w:ftr {NS_DECL}>{para}</w:ftr>"


def _display_url(url: str) -> str:
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            url = url[len(scheme) :]
    return url.rstrip("/")


def builtin_parts(name: str, address: tuple[str, ...], website: str) -> dict[str, bytes]:
    """The parts of the built-in letterhead: Letter size, 1-inch margins, a centered header."""
    name_rpr = '<w:b/><w:bCs/><w:smallCaps/><w:sz w:val="32"/><w:szCs w:val="32"/>'
    small = '<w:sz w:val="19"/><w:szCs w:val="19"/>'
    line = " \u00b7 ".join([*address, _display_url(website)] if website else address)
    first = [
        f'<w:p><w:pPr><w:pStyle w:val="Header"/>{"" if line else _RULE}'
        f'<w:spacing w:after="{40 if line else 0}"/></w:pPr>{_run(name, name_rpr)}</w:p>'
    ]
    if line:
        first.append(
            f'<w:p><w:pPr><w:pStyle w:val="Header"/>{_RULE}</w:pPr>{_run(line, small)}</w:p>'
        )
    later = (
        f'<w:p><w:pPr><w:pStyle w:val="Header"/>{_RULE}</w:pPr>'
        f"{_run(name, '<w:smallCaps/>' + small)}</w:p>"
    )
    settings = (
        f"{XML_HEAD}<w:settings {NS_DECL}>"
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>'
    )
    sect = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rId11"/>'
        '<w:headerReference w:type="first" r:id="rId10"/>'
        '<w:footerReference w:type="default" r:id="rId12"/>'
        '<w:footerReference w:type="first" r:id="rId13"/>'
        '<w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" '
        'w:left="1440" w:header="720" w:footer="720" w:gutter="0"/><w:cols w:space="720"/>'
        "<w:titlePg/></w:sectPr>"
    )
    document = f"{XML_HEAD}<w:document {NS_DECL}><w:body><w:p/>{sect}</w:body></w:document>"
    rel = REL_TYPE
    doc_rels = (
        f'{XML_HEAD}<Relationships xmlns="{PKG_REL}">'
        f'<Relationship Id="rId1" Type="{rel}styles" Target="styles.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}settings" Target="settings.xml"/>'
        f'<Relationship Id="rId10" Type="{rel}header" Target="header1.xml"/>'
        f'<Relationship Id="rId11" Type="{rel}header" Target="header2.xml"/>'
        f'<Relationship Id="rId12" Type="{rel}footer" Target="footer1.xml"/>'
        f'<Relationship Id="rId13" Type="{rel}footer" Target="footer2.xml"/>'
        "</Relationships>"
    )
    pkg_rels = (
        f'{XML_HEAD}<Relationships xmlns="{PKG_REL}">'
        f'<Relationship Id="rId1" Type="{rel}officeDocument" Target="word/document.xml"/>'
        "</Relationships>"
    )
    overrides = {
        "/word/document.xml": CT_MAIN,
        "/word/styles.xml": CT_WML + "styles+xml",
        "/word/settings.xml": CT_WML + "settings+xml",
        "/word/header1.xml": CT_WML + "header+xml",
        "/word/header2.xml": CT_WML + "header+xml",
        "/word/footer1.xml": CT_WML + "footer+xml",
        "/word/footer2.xml": CT_WML + "footer+xml",
        "/docProps/core.xml": CT_CORE,
        "/docProps/app.xml": CT_APP,
    }
    types = (
        f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="{CT_RELS}"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{k}" ContentType="{v}"/>' for k, v in overrides.items())
        + "</Types>"
    )
    parts = {
        "[Content_Types].xml": types,
        "_rels/.rels": pkg_rels,
        "word/document.xml": document,
        "word/_rels/document.xml.rels": doc_rels,
        "word/styles.xml": builtin_styles(),
        "word/settings.xml": settings,
        "word/header1.xml": _header(first),
        "word/header2.xml": _header([later]),
        "word/footer1.xml": _footer(),
        "word/footer2.xml": _footer(),
    }
    return {k: v.encode("utf-8") for k, v in parts.items()}
