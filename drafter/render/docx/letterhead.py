"""Turn a letterhead's parts into what every render reuses: done once per letterhead.

The letterhead's styles, settings, header, footer, theme and media are kept as they are; the
parts a render writes (document, footnotes, numbering, core properties, the document's
relationships) are reduced to their constant pieces: the final section properties, the
footnote separators, the letterhead's own list definitions, its relationships.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from drafter.errors import LetterheadError, Location, rel
from drafter.render.docx.ooxml import (
    CT,
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
    parse_part,
    serialize,
    w,
    write_zip,
)
from drafter.render.docx.styles import STYLES, style_xml

_MAIN = "word/document.xml"
_DOC_RELS = "word/_rels/document.xml.rels"
_FOOTNOTES = "word/footnotes.xml"
_NUMBERING = "word/numbering.xml"
_CORE = "docProps/core.xml"
_APP = "docProps/app.xml"
_CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_THUMB_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
_APP_REL = REL_TYPE + "extended-properties"
# Parts that belonged to the old body (or describe it) and so leave with it.
_BODY_RELS = {"comments", "commentsExtended", "commentsIds", "commentsExtensible", "hyperlink"}
_SEPARATORS = {"separator", "continuationSeparator", "continuationNotice"}

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
    '<w:sectPr><w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:top="1440" w:right="1440" '
    'w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>'
)
# Settings children that come after w:footnotePr in CT_Settings, where it must be inserted.
_AFTER_FOOTNOTE_PR = (
    "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang",
    "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
    "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)  # fmt: skip


@dataclass(frozen=True)
class Styles:
    """Style ids by role, and every paragraph style a container may name."""

    roles: dict[str, str]  # body, title, heading 1..3, list number, ... → style id
    paragraph: dict[str, str]  # lower-cased name → style id
    names: tuple[str, ...]  # paragraph style names as Word shows them


@dataclass(frozen=True)
class Prepared:
    """A letterhead's parts, ready to wrap each document's body."""

    base_zip: bytes  # the constant parts, already compressed
    document_open: str
    document_close: str  # the letterhead's final sectPr and the closing tags
    rels_open: str  # document.xml.rels up to its closing tag
    first_link: int  # hyperlink relationship ids are rId<first_link>, rId<first_link + 1> …
    footnotes_open: str  # root and separators
    first_footnote: int
    numbering_open: str  # root, picture bullets, abstract definitions
    numbering_nums: str  # the letterhead's own w:num elements
    decimal_abstract: int
    bullet_num: int
    first_num: int
    text_width: int  # twips between the margins
    styles: Styles = field(repr=False)


def _refuse(origin: Path | None, message: str) -> LetterheadError:
    where = Location(file=rel(origin)) if origin else Location()
    return LetterheadError(message, location=where, hint="save it again from Word as a .docx")


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _rels_name(part: str) -> str:
    head, tail = posixpath.split(part)
    return posixpath.join(head, "_rels", tail + ".rels")


def prepare(parts: dict[str, bytes], origin: Path | None) -> Prepared:
    """Everything a render needs from a letterhead, checked and computed once."""
    parts = dict(parts)
    xml = {}
    if origin is not None:  # a user's file: every XML part must parse without DTDs
        for name, data in parts.items():
            if name.endswith((".xml", ".rels")):
                xml[name] = parse_part(data, name, origin)

    def load(name: str) -> etree._Element | None:
        if name not in parts:
            return None
        return xml.get(name) if name in xml else etree.fromstring(parts[name])

    drop: set[str] = {"[Content_Types].xml", "_rels/.rels", _MAIN, _DOC_RELS, _CORE, _APP}

    # Content types, and what the package relationships point at.
    types = load("[Content_Types].xml")
    if types is None:
        raise _refuse(origin, "letterhead has no [Content_Types].xml")
    main_type = ""
    for o in types.iter(f"{{{CT}}}Override"):
        if o.get("PartName", "").lstrip("/").lower() == _MAIN:
            main_type = o.get("ContentType", "")
    if "macroEnabled" in main_type:
        raise LetterheadError(
            "letterhead is a macro-enabled document",
            location=Location(file=rel(origin)) if origin else Location(),
            hint="save it as a plain .docx (Word Document) without macros",
        )
    pkg_keep = []
    pkg = load("_rels/.rels")
    for r in pkg if pkg is not None else ():
        kind, target = r.get("Type", ""), _resolve("", r.get("Target", ""))
        if kind == REL_TYPE + "officeDocument":
            if target != _MAIN:
                raise _refuse(origin, f"letterhead's main part is {target}, not {_MAIN}")
        elif kind in (_CORE_REL, _APP_REL, _THUMB_REL):
            drop.add(target)
        else:
            pkg_keep.append(r)

    # The document's relationships: drop the old body's, find footnotes and numbering.
    doc_rels = load(_DOC_RELS)
    kept_rels, ids = [], set()
    footnotes = numbering = None
    for r in doc_rels if doc_rels is not None else ():
        kind = r.get("Type", "").rsplit("/", 1)[-1]
        target = r.get("Target", "")
        internal = r.get("TargetMode", "Internal") != "External"
        path = _resolve(_MAIN, target) if internal else ""
        if kind in _BODY_RELS or kind in ("footnotes", "numbering"):
            if internal:
                drop.update((path, _rels_name(path)))
            if kind == "footnotes" and internal:
                footnotes = load(path)
            elif kind == "numbering" and internal:
                numbering = load(path)
            continue
        if kind == "endnotes" and internal:
            _strip_notes(load(path), "endnote", parts, path)
        kept_rels.append(r)
        ids.add(r.get("Id", ""))

    # Styles and settings: found through the relationships, created when missing.
    numbers = [int(m.group(1)) for i in ids if (m := re.fullmatch(r"rId(\d+)", i))]
    next_id = max(numbers, default=0) + 1
    rel_lines = [_relationship(r) for r in kept_rels]
    wanted = {"footnotes": _FOOTNOTES, "numbering": _NUMBERING}  # kind → part name
    added = ["footnotes", "numbering"]  # relationships to add
    for kind in ("styles", "settings"):
        found = [r for r in kept_rels if r.get("Type") == REL_TYPE + kind]
        wanted[kind] = _resolve(_MAIN, found[0].get("Target", "")) if found else f"word/{kind}.xml"
        if not found:
            added.append(kind)
    for kind in added:
        rel_lines.append(_new_rel(f"rId{next_id}", kind, wanted[kind].removeprefix("word/")))
        next_id += 1
    rels_open = f'{XML_HEAD}<Relationships xmlns="{PKG_REL}">' + "".join(rel_lines)

    styles_el, styles = _styles(load(wanted["styles"]))
    parts[wanted["styles"]] = _bytes(styles_el)
    separators, first_footnote, sep_ids = _separators(footnotes)
    settings = load(wanted["settings"])
    if settings is None:
        settings = etree.fromstring(f"<w:settings {NS_DECL}/>")
    _footnote_pr(settings, sep_ids)
    parts[wanted["settings"]] = _bytes(settings)
    numbering_open, nums, decimal_abs, bullet_num = _numbering(numbering)

    document = load(_MAIN)
    body = document.find(w("body")) if document is not None else None
    sect = body[-1] if body is not None and len(body) and body[-1].tag == w("sectPr") else None
    sect_xml = serialize(sect) if sect is not None else _DEFAULT_SECT

    # The constant parts, compressed once.
    keep = [(name, data) for name, data in parts.items() if name not in drop]
    kept_names = {name.lower() for name, _ in keep}
    const = [
        ("[Content_Types].xml", _content_types(types, kept_names, wanted).encode()),
        ("_rels/.rels", _package_rels(pkg_keep).encode()),
        (_APP, _APP_XML.encode()),
        *keep,
    ]
    return Prepared(
        base_zip=write_zip(const),
        document_open=f"{XML_HEAD}<w:document {NS_DECL}><w:body>",
        document_close=f"{sect_xml}</w:body></w:document>",
        rels_open=rels_open,
        first_link=next_id,
        footnotes_open=f"{XML_HEAD}<w:footnotes {NS_DECL}>{separators}",
        first_footnote=first_footnote,
        numbering_open=numbering_open,
        numbering_nums=nums,
        decimal_abstract=decimal_abs,
        bullet_num=bullet_num,
        first_num=bullet_num + 1,
        text_width=_text_width(sect),
        styles=styles,
    )


def _new_rel(rid: str, kind: str, target: str) -> str:
    return f'<Relationship Id="{rid}" Type="{REL_TYPE}{kind}" Target="{target}"/>'


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _strip_notes(root: etree._Element | None, tag: str, parts: dict[str, bytes], path: str) -> None:
    """Remove the old body's endnotes, keeping the separators."""
    if root is None:
        return
    for note in list(root.iter(w(tag))):
        if note.get(w("type")) not in _SEPARATORS:
            root.remove(note)
    parts[path] = _bytes(root)


def _separators(footnotes: etree._Element | None) -> tuple[str, int, list[int]]:
    """The letterhead's separator footnotes (or Word's usual pair), their ids, the next id."""
    kept = []
    if footnotes is not None:
        kept = [n for n in footnotes.iter(w("footnote")) if n.get(w("type")) in _SEPARATORS]
    if not kept:
        return _DEFAULT_SEPARATORS, 1, [-1, 0]
    order = {"separator": 0, "continuationSeparator": 1, "continuationNotice": 2}
    kept.sort(key=lambda n: order[n.get(w("type"))])
    ids = [int(n.get(w("id"), "0")) for n in kept]
    return "".join(serialize(n) for n in kept), max(ids) + 1, ids


def _footnote_pr(settings: etree._Element, sep_ids: list[int]) -> None:
    """Point settings' footnote properties at the separators that footnotes.xml holds."""
    pr = settings.find(w("footnotePr"))
    if pr is None:
        pr = etree.Element(w("footnotePr"))
        later = [settings.find(w(tag)) for tag in _AFTER_FOOTNOTE_PR]
        anchor = next((el for el in later if el is not None), None)
        if anchor is None:
            settings.append(pr)
        else:
            anchor.addprevious(pr)
    for old in pr.findall(w("footnote")):
        pr.remove(old)
    for sep in sep_ids:  # after any numbering properties, as the schema orders them
        etree.SubElement(pr, w("footnote")).set(w("id"), str(sep))


def _styles(root: etree._Element | None) -> tuple[etree._Element, Styles]:
    """Find the styles drafter writes with, adding those the letterhead lacks."""
    if root is None:
        root = etree.fromstring(f"<w:styles {NS_DECL}/>")
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
    names = tuple(sorted({n[:1].upper() + n[1:] for n in shown}, key=str.lower))
    return root, Styles(roles=roles, paragraph=dict(para), names=names)


def _numbering(root: etree._Element | None) -> tuple[str, str, int, int]:
    """The letterhead's list definitions, followed by drafter's decimal and bullet ones."""
    pics, abstracts, nums = [], [], []
    max_abs = max_num = 0
    for el in root if root is not None else ():
        if el.tag == w("numPicBullet"):
            pics.append(serialize(el))
        elif el.tag == w("abstractNum"):
            abstracts.append(serialize(el))
            max_abs = max(max_abs, int(el.get(w("abstractNumId"), "0")))
        elif el.tag == w("num"):
            nums.append(serialize(el))
            max_num = max(max_num, int(el.get(w("numId"), "0")))
    decimal_abs, bullet_abs = max_abs + 1, max_abs + 2
    mine = _abstract(decimal_abs, ("decimal", "lowerLetter", "lowerRoman"), None)
    mine += _abstract(bullet_abs, ("bullet",) * 3, ("\u2022", "\u25e6", "\u25aa"))
    bullet_num = max_num + 1
    nums.append(f'<w:num w:numId="{bullet_num}"><w:abstractNumId w:val="{bullet_abs}"/></w:num>')
    head = f"{XML_HEAD}<w:numbering {NS_DECL}>" + "".join(pics) + "".join(abstracts) + mine
    return head, "".join(nums), decimal_abs, bullet_num


def _abstract(aid: int, formats: tuple[str, ...], bullets: tuple[str, ...] | None) -> str:
    levels = []
    for lvl in range(9):
        fmt = formats[lvl % 3]
        label = bullets[lvl % 3] if bullets else f"%{lvl + 1}."
        left = 720 * (lvl + 1)
        levels.append(
            f'<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{attr(label)}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="360"/></w:pPr></w:lvl>'
        )
    return (
        f'<w:abstractNum w:abstractNumId="{aid}"><w:multiLevelType w:val="hybridMultilevel"/>'
        + "".join(levels)
        + "</w:abstractNum>"
    )


def _text_width(sect: etree._Element | None) -> int:
    width, left, right = 12240, 1440, 1440
    if sect is not None:
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


def _content_types(types: etree._Element, kept: set[str], wanted: dict[str, str]) -> str:
    defaults = {"rels": CT_RELS, "xml": "application/xml"}
    for d in types.iter(f"{{{CT}}}Default"):
        defaults.setdefault(d.get("Extension", "").lower(), d.get("ContentType", ""))
    overrides = {}
    for o in types.iter(f"{{{CT}}}Override"):
        name = o.get("PartName", "").lstrip("/")
        if name.lower() in kept:
            overrides["/" + name] = o.get("ContentType", "")
    overrides["/" + _MAIN] = CT_MAIN
    for kind, part in wanted.items():
        overrides["/" + part] = CT_WML + kind + "+xml"
    overrides["/" + _CORE] = CT_CORE
    overrides["/" + _APP] = CT_APP
    return (
        f'{XML_HEAD}<Types xmlns="{CT}">'
        + "".join(
            f'<Default Extension="{attr(k)}" ContentType="{attr(v)}"/>' for k, v in defaults.items()
        )
        + "".join(
            f'<Override PartName="{attr(k)}" ContentType="{attr(v)}"/>'
            for k, v in overrides.items()
        )
        + "</Types>"
    )


def _relationship(r: etree._Element) -> str:
    mode = r.get("TargetMode")
    return (
        f'<Relationship Id="{attr(r.get("Id", ""))}" Type="{attr(r.get("Type", ""))}" '
        f'Target="{attr(r.get("Target", ""))}"'
        + (f' TargetMode="{attr(mode)}"/>' if mode else "/>")
    )


def _package_rels(kept: list[etree._Element]) -> str:
    taken = {r.get("Id") for r in kept}
    n = 1
    fresh = []
    for kind, target in (
        (REL_TYPE + "officeDocument", _MAIN),
        (_CORE_REL, _CORE),
        (_APP_REL, _APP),
    ):
        while f"rId{n}" in taken:
            n += 1
        fresh.append(f'<Relationship Id="rId{n}" Type="{kind}" Target="{target}"/>')
        taken.add(f"rId{n}")
    return (
        f'{XML_HEAD}<Relationships xmlns="{PKG_REL}">'
        + "".join(fresh)
        + "".join(_relationship(r) for r in kept)
        + "</Relationships>"
    )
