"""What drafter takes from a letterhead package: an allow-list, checked before anything is kept.

A letterhead contributes its styles, settings, web settings, list definitions, font table (with
embedded fonts), theme, the first section's headers and footers, and the images those use.
Everything else stays behind: the old body and what hangs off it (comments, custom XML, the
glossary), an attached template, mail-merge sources, and every link to an outside resource but
hyperlinks, each such link with a warning that names the letterhead. Macros, ActiveX controls
and embedded objects are refused, whatever the content types claim.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from drafter.errors import LetterheadError, Location, Problem, rel
from drafter.render.docx.ooxml import (
    CT,
    PKG_REL,
    REL_TYPE,
    XML_HEAD,
    R,
    attr,
    parse_part,
    w,
)
from drafter.render.docx.schema import reorder, tidy_ignorable

MAIN = "word/document.xml"
RESAVE = "save it again from Word as a .docx"

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: VBA projects, OLE objects, ActiveX
_ZIP = b"PK\x03\x04"  # an embedded Office package
_ACTIVE_HINT = (
    "drafter copies no macros, ActiveX controls or embedded objects: save a copy of the "
    "letterhead without them as a plain .docx (Word Document)"
)
# What each kind of active content looks like: in a part's name, content type or
# relationship type. Any one of them is enough.
_ACTIVE = (
    ("a macro project", re.compile(r"vbaProject|vbaData|macroEnabled", re.I)),
    ("an ActiveX control", re.compile(r"activeX|/control$", re.I)),
    ("an embedded object", re.compile(r"oleObject|(?:^|/)embeddings/|/package$", re.I)),
)
_NOUNS = {
    "image": "image",
    "attachedTemplate": "template",
    "subDocument": "subdocument",
    "frame": "frame",
    "font": "font",
    "mailMergeSource": "mail-merge data source",
    "mailMergeHeaderSource": "mail-merge data source",
    "recipientData": "mail-merge recipient list",
}
_R_ATTR = f"{{{R}}}"
_OWNERS = {w("drawing"), w("pict"), w("object")}
_ALT = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"


@dataclass(frozen=True)
class Rel:
    """One relationship of a part."""

    id: str
    type: str
    target: str  # a part name of this package, or the outside URL
    external: bool

    @property
    def kind(self) -> str:
        return self.type.rsplit("/", 1)[-1]


def rels_name(part: str) -> str:
    """Where a part's relationships are stored: word/x.xml → word/_rels/x.xml.rels."""
    head, tail = posixpath.split(part)
    return posixpath.join(head, "_rels", tail + ".rels")


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _short(text: str, limit: int = 120) -> str:
    text = text if text.isprintable() else ascii(text)[1:-1]
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Source:
    """A letterhead's parts, refused when they carry active content, read on demand."""

    def __init__(self, parts: dict[str, bytes], origin: Path | None):
        self.parts = parts
        self.origin = origin
        self.where = Location(file=rel(origin)) if origin else Location()
        self.warnings: list[Problem] = []
        self._xml: dict[str, etree._Element | None] = {}
        self._names = {name.lower(): name for name in parts}
        self._defaults, self._overrides = self._content_types()
        self._refuse_active()
        self._warn_outside_links()

    # --- reading -------------------------------------------------------------------------

    def refuse(self, message: str, hint: str = RESAVE) -> LetterheadError:
        return LetterheadError(message, location=self.where, hint=hint)

    def find(self, name: str) -> str | None:
        """The stored name of a part (part names are case-insensitive)."""
        return self._names.get(name.lower())

    def xml(self, name: str) -> etree._Element | None:
        """A part's XML, parsed once (None when absent); callers may change it."""
        found = self.find(name)
        if found is None:
            return None
        if found not in self._xml:
            data = self.parts[found]
            if self.origin is None:  # the built-in letterhead: our own, well-formed XML
                self._xml[found] = etree.fromstring(data)
            else:
                self._xml[found] = parse_part(data, found, self.origin)
        return self._xml[found]

    def content_type(self, name: str) -> str:
        override = self._overrides.get(name.lower())
        if override is not None:
            return override
        return self._defaults.get(posixpath.splitext(name)[1].lstrip(".").lower(), "")

    def rels(self, part: str) -> list[Rel]:
        """The relationships of a part (of the package, for ""), targets resolved."""
        root = self.xml(rels_name(part) if part else "_rels/.rels")
        found = []
        for r in root if root is not None else ():
            if not isinstance(r.tag, str):
                continue
            external = r.get("TargetMode", "Internal") == "External"
            target = r.get("Target", "")
            found.append(
                Rel(
                    id=r.get("Id", ""),
                    type=r.get("Type", ""),
                    target=target if external else _resolve(part, target),
                    external=external,
                )
            )
        return found

    def warn(self, message: str, hint: str) -> None:
        problem = Problem(message, self.where, hint, severity="warning")
        if problem not in self.warnings:
            self.warnings.append(problem)

    # --- checks ------------------------------------------------------------------------

    def _content_types(self) -> tuple[dict[str, str], dict[str, str]]:
        types = self.xml("[Content_Types].xml")
        if types is None:
            raise self.refuse("letterhead has no [Content_Types].xml")
        defaults = {
            d.get("Extension", "").lower(): d.get("ContentType", "")
            for d in types.iter(f"{{{CT}}}Default")
        }
        overrides = {
            o.get("PartName", "").lstrip("/").lower(): o.get("ContentType", "")
            for o in types.iter(f"{{{CT}}}Override")
        }
        return defaults, overrides

    def _refuse_active(self) -> None:
        if "macroEnabled" in self._overrides.get(MAIN, ""):
            raise self.refuse(
                "letterhead is a macro-enabled document",
                "save it as a plain .docx (Word Document) without macros",
            )
        for name, data in self.parts.items():
            what = self._active(name) or self._active(self.content_type(name))
            if what is None and data.startswith(_OLE):
                what = "an OLE compound file (a macro project or an embedded object)"
            if what is None and data.startswith(_ZIP):
                what = "an embedded object"
            if what is not None:
                raise self.refuse(f"letterhead contains {what} ({_short(name)})", _ACTIVE_HINT)
        for name in self.parts:
            if not name.endswith(".rels"):
                continue
            for r in self._rels_file(name):
                what = self._active(r.type)
                if what is not None:
                    raise self.refuse(
                        f"letterhead contains {what} ({_short(r.target)}, "
                        f"linked from {_short(name)})",
                        _ACTIVE_HINT,
                    )

    @staticmethod
    def _active(text: str) -> str | None:
        for what, pattern in _ACTIVE:
            if pattern.search(text):
                return what
        return None

    def _rels_file(self, name: str) -> list[Rel]:
        root = self.xml(name)
        return [
            Rel(r.get("Id", ""), r.get("Type", ""), r.get("Target", ""), False)
            for r in (root if root is not None else ())
            if isinstance(r.tag, str)
        ]

    def _warn_outside_links(self) -> None:
        for name in sorted(self.parts):
            if not name.endswith(".rels"):
                continue
            root = self.xml(name)
            for r in root if root is not None else ():
                if r.get("TargetMode") != "External":
                    continue
                kind = r.get("Type", "").rsplit("/", 1)[-1]
                target = _short(r.get("Target", ""))
                if kind == "hyperlink":
                    continue
                if kind == "attachedTemplate":
                    self.warn(
                        f"letterhead attaches the template {target}, which drafter leaves out",
                        "a letter needs only the letterhead's styles, header and footer",
                    )
                else:
                    noun = _NOUNS.get(kind, f"resource ({kind})")
                    self.warn(
                        f"letterhead links to an outside {noun} at {target}, "
                        "which drafter leaves out",
                        "put what the letterhead needs into the file itself and save it again",
                    )


class Output:
    """The parts a prepared letterhead keeps, under drafter's own names."""

    def __init__(self, source: Source):
        self.src = source
        self.parts: dict[str, bytes] = {}
        self.types: dict[str, str] = {}  # part name → content type
        self._copies: dict[str, str] = {}  # a source image or font → its name here
        self.drawings = 0  # pictures numbered so far (wp:docPr ids)

    def link(self, old: str | None, new: str, root: etree._Element, allowed: set[str]) -> None:
        """Give part ``new`` (made from ``old``) the relationships of ``allowed`` kinds.

        Images and fonts it uses are copied along; a reference to anything left out is
        removed from ``root`` with what holds it (a picture, an embedded font, a setting).
        """
        kept: list[str] = []
        ids: set[str] = set()
        for r in self.src.rels(old) if old else ():
            if r.kind not in allowed or (r.kind == "hyperlink" and not r.external):
                continue
            if r.external:
                if r.kind != "hyperlink":
                    continue
                target = r.target
            else:
                copy = self._copy(r)
                if copy is None:
                    continue
                target = posixpath.relpath(copy, posixpath.dirname(new))
            mode = ' TargetMode="External"' if r.external else ""
            kept.append(
                f'<Relationship Id="{attr(r.id)}" Type="{attr(r.type)}" '
                f'Target="{attr(target)}"{mode}/>'
            )
            ids.add(r.id)
        unlink(root, ids)
        if kept:
            self.parts[rels_name(new)] = (
                f'{XML_HEAD}<Relationships xmlns="{PKG_REL}">{"".join(kept)}</Relationships>'
            ).encode()

    def add(self, name: str, root: etree._Element, content_type: str) -> None:
        reorder(root)
        tidy_ignorable(root)
        self.parts[name] = to_bytes(root)
        self.types[name] = content_type

    def _copy(self, r: Rel) -> str | None:
        found = self.src.find(r.target)
        if found is None:
            return None
        if found in self._copies:
            return self._copies[found]
        content_type = self.src.content_type(found)
        ext = posixpath.splitext(found)[1].lower()
        if r.kind == "image" and _is_image(content_type, self.src.parts[found]):
            name = f"word/media/image{len(self._copies) + 1}{ext}"
        elif r.kind == "font" and "font" in content_type:
            name = f"word/fonts/font{len(self._copies) + 1}{ext}"
        else:
            return None
        self._copies[found] = name
        self.parts[name] = self.src.parts[found]
        self.types[name] = content_type
        return name


# The picture formats Word shows, by content type, and how their files begin.
_IMAGES: dict[str, tuple[bytes, ...]] = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/bmp": (b"BM",),
    "image/tiff": (b"II*\x00", b"MM\x00*"),
    "image/x-wmf": (b"\xd7\xcd\xc6\x9a", b"\x01\x00\x09\x00", b"\x02\x00\x09\x00"),
    "image/x-emf": (b"\x01\x00\x00\x00",),
}


def _is_image(content_type: str, data: bytes) -> bool:
    """Whether ``data`` is a picture of a format Word shows, as its content type says."""
    kind = content_type.lower()
    starts = _IMAGES.get(kind)
    if starts is None or not data.startswith(starts):
        return False
    return kind != "image/x-emf" or data[40:44] == b" EMF"


def unlink(root: etree._Element, ids: set[str]) -> None:
    """Remove every reference in ``root`` to a relationship not in ``ids``, and what holds it."""
    doomed = []
    for el in root.iter():
        for key, value in el.attrib.items():
            if str(key).startswith(_R_ATTR) and value not in ids:
                doomed.append((el, key))
    for el, key in doomed:
        owner = _owner(root, el)
        parent = owner.getparent() if owner is not None else None
        if owner is None:
            el.attrib.pop(key, "")
        elif parent is not None:
            parent.remove(owner)


def _owner(root: etree._Element, el: etree._Element) -> etree._Element | None:
    """What to remove with a broken reference: the picture or object holding it, the setting
    holding it, or nothing (the attribute alone goes)."""
    if el.tag.startswith(w("embed")):  # an embedded font of the font table
        return el
    node: etree._Element | None = el
    found = None
    while node is not None and node is not root:
        if node.tag in _OWNERS or node.tag == _ALT:
            found = node  # the outermost: an AlternateContent around a picture
        if node.getparent() is root and root.tag == w("settings"):
            return node
        node = node.getparent()
    return found


def to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
# What each kind of part drafter reads must hold at its root; a part that does not is ignored
# (as if the letterhead had none), not trusted.
_ROOTS = {
    "styles": w("styles"),
    "settings": w("settings"),
    "fontTable": w("fonts"),
    "theme": _A + "theme",
    "numbering": w("numbering"),
    "footnotes": w("footnotes"),
    "endnotes": w("endnotes"),
    "header": w("hdr"),
    "footer": w("ftr"),
}


def internal(source: Source, rels: list[Rel], kind: str) -> str | None:
    """The first internal target of ``kind`` among ``rels`` that the package holds as a
    part of that kind."""
    for r in rels:
        if r.kind == kind and not r.external and is_kind(source, r.target, kind):
            return source.find(r.target)
    return None


def is_kind(source: Source, name: str, kind: str) -> bool:
    """Whether part ``name`` is there and its root is what a part of ``kind`` holds."""
    root = source.xml(name) if source.find(name) else None
    if root is None or root.tag != _ROOTS[kind]:
        return False
    return kind != "theme" or root.find(_A + "themeElements") is not None


def is_hyperlink(r: Rel) -> bool:
    return r.type == REL_TYPE + "hyperlink"
