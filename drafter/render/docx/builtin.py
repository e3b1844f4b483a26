"""The built-in letterhead, and the theme and font table any letterhead without them gets.

The built-in letterhead is a small Word package made here: US Letter, one-inch margins, serif
type, the organization's name over its address and website centered at the top of the first
page, its name alone over a rule on later pages, and "Page X of Y" at the foot of every page.
It goes through the same preparation as a user's letterhead.
"""

from __future__ import annotations

from drafter.render.docx.ooxml import CT_MAIN, CT_RELS, CT_WML, NS_DECL, PKG_REL, REL_TYPE, XML_HEAD
from drafter.render.docx.pages import RULE, SMALL, page_x_of_y, run
from drafter.render.docx.styles import builtin_styles

FONT = "Times New Roman"
CT_THEME = "application/vnd.openxmlformats-officedocument.theme+xml"

#: The font table of a letterhead that has none: the fonts drafter's styles name.
FONT_TABLE = (
    f"{XML_HEAD}<w:fonts {NS_DECL}>"
    '<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/>'
    '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
    '<w:font w:name="Courier New"><w:panose1 w:val="02070309020205020404"/>'
    '<w:charset w:val="00"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
    "</w:fonts>"
)


def _solid(color: str) -> str:
    return f'<a:solidFill><a:schemeClr val="{color}"/></a:solidFill>'


def _line(width: int) -> str:
    return (
        f'<a:ln w="{width}" cap="flat" cmpd="sng" algn="ctr">{_solid("phClr")}'
        '<a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>'
    )


_COLORS = (
    ("dk1", '<a:sysClr val="windowText" lastClr="000000"/>'),
    ("lt1", '<a:sysClr val="window" lastClr="FFFFFF"/>'),
    ("dk2", '<a:srgbClr val="1F2A44"/>'),
    ("lt2", '<a:srgbClr val="E8E6E1"/>'),
    ("accent1", '<a:srgbClr val="2F5597"/>'),
    ("accent2", '<a:srgbClr val="9E3A26"/>'),
    ("accent3", '<a:srgbClr val="5B7F3A"/>'),
    ("accent4", '<a:srgbClr val="6B4C8A"/>'),
    ("accent5", '<a:srgbClr val="2E7D8C"/>'),
    ("accent6", '<a:srgbClr val="B8751E"/>'),
    ("hlink", '<a:srgbClr val="0563C1"/>'),
    ("folHlink", '<a:srgbClr val="6B4C8A"/>'),
)
_FONTS = f'<a:latin typeface="{FONT}"/><a:ea typeface=""/><a:cs typeface=""/>'

#: A plain DrawingML theme for a letterhead that has none: Word expects one in every package.
THEME = (
    f"{XML_HEAD}"
    '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="drafter">'
    '<a:themeElements><a:clrScheme name="drafter">'
    + "".join(f"<a:{name}>{color}</a:{name}>" for name, color in _COLORS)
    + '</a:clrScheme><a:fontScheme name="drafter">'
    f"<a:majorFont>{_FONTS}</a:majorFont><a:minorFont>{_FONTS}</a:minorFont></a:fontScheme>"
    '<a:fmtScheme name="drafter"><a:fillStyleLst>'
    + _solid("phClr") * 3
    + "</a:fillStyleLst><a:lnStyleLst>"
    + _line(6350)
    + _line(12700)
    + _line(19050)
    + "</a:lnStyleLst><a:effectStyleLst>"
    + "<a:effectStyle><a:effectLst/></a:effectStyle>" * 3
    + "</a:effectStyleLst><a:bgFillStyleLst>"
    + _solid("phClr") * 3
    + "</a:bgFillStyleLst></a:fmtScheme></a:themeElements>"
    "<a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
)


_ROOM = 480  # twips below the first page's rule: a third of an inch
_NAME_GAP = '<w:spacing w:after="40"/>'


def _display_url(url: str) -> str:
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            url = url[len(scheme) :]
    return url.rstrip("/")


def _story(tag: str, paragraphs: list[str]) -> str:
    return f"{XML_HEAD}<w:{tag} {NS_DECL}>{''.join(paragraphs)}</w:{tag}>"


def builtin_parts(name: str, address: tuple[str, ...], website: str) -> dict[str, bytes]:
    """The parts of the built-in letterhead."""
    name_rpr = '<w:b/><w:bCs/><w:smallCaps/><w:sz w:val="32"/><w:szCs w:val="32"/>'
    line = " \u00b7 ".join([*address, _display_url(website)] if website else address)
    # The first page's header ends in a rule with room below it: a header taller than the
    # top margin moves the body down, so the date never touches the rule.
    room = f'{RULE}<w:spacing w:after="{_ROOM}"/>'
    first = [
        f'<w:p><w:pPr><w:pStyle w:val="Header"/>{room if not line else _NAME_GAP}</w:pPr>'
        f"{run(name, name_rpr)}</w:p>"
    ]
    if line:
        first.append(
            f'<w:p><w:pPr><w:pStyle w:val="Header"/>{room}</w:pPr>{run(line, SMALL)}</w:p>'
        )
    later = (
        f'<w:p><w:pPr><w:pStyle w:val="Header"/>{RULE}</w:pPr>'
        f"{run(name, '<w:smallCaps/>' + SMALL)}</w:p>"
    )
    settings = (
        f"{XML_HEAD}<w:settings {NS_DECL}>"
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>'
    )
    sect = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rId11"/>'
        '<w:headerReference w:type="first" r:id="rId10"/>'
        '<w:footerReference w:type="default" r:id="rId12"/>'
        '<w:footerReference w:type="first" r:id="rId12"/>'
        '<w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" '
        'w:left="1440" w:header="720" w:footer="720" w:gutter="0"/><w:cols w:space="720"/>'
        "<w:titlePg/></w:sectPr>"
    )
    document = f"{XML_HEAD}<w:document {NS_DECL}><w:body><w:p/>{sect}</w:body></w:document>"
    doc_rels = (
        f'{XML_HEAD}<Relationships xmlns="{PKG_REL}">'
        f'<Relationship Id="rId1" Type="{REL_TYPE}styles" Target="styles.xml"/>'
        f'<Relationship Id="rId2" Type="{REL_TYPE}settings" Target="settings.xml"/>'
        f'<Relationship Id="rId10" Type="{REL_TYPE}header" Target="header1.xml"/>'
        f'<Relationship Id="rId11" Type="{REL_TYPE}header" Target="header2.xml"/>'
        f'<Relationship Id="rId12" Type="{REL_TYPE}footer" Target="footer1.xml"/>'
        "</Relationships>"
    )
    pkg_rels = (
        f'{XML_HEAD}<Relationships xmlns="{PKG_REL}">'
        f'<Relationship Id="rId1" Type="{REL_TYPE}officeDocument" Target="word/document.xml"/>'
        "</Relationships>"
    )
    overrides = {
        "/word/document.xml": CT_MAIN,
        "/word/styles.xml": CT_WML + "styles+xml",
        "/word/settings.xml": CT_WML + "settings+xml",
        "/word/header1.xml": CT_WML + "header+xml",
        "/word/header2.xml": CT_WML + "header+xml",
        "/word/footer1.xml": CT_WML + "footer+xml",
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
        "word/header1.xml": _story("hdr", first),
        "word/header2.xml": _story("hdr", [later]),
        "word/footer1.xml": _story("ftr", [page_x_of_y("Footer")]),
    }
    return {k: v.encode("utf-8") for k, v in parts.items()}
