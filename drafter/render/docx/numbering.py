"""List definitions: the letterhead's own, followed by drafter's decimal and bullet lists."""

from __future__ import annotations

from lxml import etree

from drafter.render.docx.intake import Source, unlink
from drafter.render.docx.ooxml import NS_DECL, XML_HEAD, attr, serialize, w
from drafter.render.docx.schema import reorder


def whole(src: Source, el: etree._Element, name: str, part: str) -> int:
    """An id attribute's value, which must be a whole number (LetterheadError if not)."""
    value = el.get(w(name), "0")
    try:
        return int(value)
    except ValueError:
        raise src.refuse(
            f'letterhead part {part} has w:{name}="{value[:40]}", which is not a whole number'
        ) from None


def numbering(src: Source, name: str | None) -> tuple[str, str, int, int]:
    """The opening of numbering.xml up to the w:num elements, the letterhead's w:num elements
    with drafter's bullet list, the decimal definition's id and the bullet list's numId.

    Picture bullets go: their pictures belong to a part drafter does not keep.
    """
    root = src.xml(name) if name else None
    abstracts, nums = [], []
    max_abs = max_num = 0
    for el in root if root is not None else ():
        if el.tag == w("abstractNum"):
            max_abs = max(max_abs, whole(src, el, "abstractNumId", name or ""))
            for pic in list(el.iter(w("lvlPicBulletId"))):
                level = pic.getparent()
                if level is not None:
                    level.remove(pic)
            unlink(el, set())
            reorder(el)
            abstracts.append(serialize(el))
        elif el.tag == w("num"):
            max_num = max(max_num, whole(src, el, "numId", name or ""))
            for ref in el.iter(w("abstractNumId")):
                whole(src, ref, "val", name or "")
            reorder(el)
            nums.append(serialize(el))
    decimal_abs, bullet_abs = max_abs + 1, max_abs + 2
    mine = _abstract(decimal_abs, ("decimal", "lowerLetter", "lowerRoman"), None)
    mine += _abstract(bullet_abs, ("bullet",) * 3, ("\u2022", "\u25e6", "\u25aa"))
    bullet_num = max_num + 1
    nums.append(f'<w:num w:numId="{bullet_num}"><w:abstractNumId w:val="{bullet_abs}"/></w:num>')
    head = f"{XML_HEAD}<w:numbering {NS_DECL}>" + "".join(abstracts) + mine
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
