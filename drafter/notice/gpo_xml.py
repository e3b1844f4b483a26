"""Read the Federal Register XML of a document (the API's full_text_xml_url) with lxml.

The schema is GPO's (see its Federal Register XML user guide): a NOTICE (or PRORULE, RULE)
holds a PREAMB with AGENCY, SUBAGY, DEPDOC, SUBJECT and the captioned sections AGY, ACT, SUM,
DATES, ADD, FURINF, then SUPLINF with headings HD SOURCE="HD1|HD2|HD3", paragraphs P and FP,
footnote calls <SU>1</SU><FTREF/>, footnotes FTNT, tables GPOTABLE, and PRTPAGE P="59943"
where a printed page begins. A whole day's issue (FEDREG) is read when it holds one document.
"""

from __future__ import annotations

import datetime as dt
import re

from lxml import etree

from drafter.errors import Location, NoticeError
from drafter.notice.document import Block, Notice, clean, plain_id, preamble_fields

DOCUMENTS = ("NOTICE", "PRORULE", "RULE")
SECTIONS = {
    "AGY": "agency",
    "ACT": "action",
    "SUM": "summary",
    "DATES": "dates",
    "EFFDATE": "dates",
    "ADD": "addresses",
    "FURINF": "contact",
}
SKIPPED = {"FTNT", "GPOTABLE", "GPH", "MATH", "LSTSUB", "REGTEXT", "AUTH"}
ENDS = {"SIG", "FRDOC", "BILCOD"}
FRDOC_RE = re.compile(r"FR Doc\.?\s*([0-9A-Z]+(?:-[0-9]+)+)\s+Filed\s+\d+-\d+-(\d{2})")


def read_xml(data: bytes, source: str) -> Notice:
    """A Notice from Federal Register XML; raise NoticeError when it is not one."""
    # No DTD, no entities, no network: the file may come from anywhere.
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line, col = error.position if error.position else (0, 0)
        message = re.sub(r", line \d+, column \d+$", "", error.msg)
        raise NoticeError(
            f"not well-formed XML: {message}",
            location=Location(source, line, col),
            hint="save the notice's XML again from federalregister.gov, or use its text (.txt)",
        ) from None
    doc = _document(root, source)
    preamb = doc.find("PREAMB")
    if preamb is None:
        raise NoticeError(
            f"<{doc.tag}> has no PREAMB: this is not a Federal Register document's XML",
            location=Location(source, _line(doc)),
            hint="save the notice's XML (full_text_xml_url) from federalregister.gov",
        )
    fields, agency_lines, docket_lines, subject = _preamble(preamb)
    first_page = _first_page(doc)
    body = _body(doc.find(".//SUPLINF"), first_page)
    frdoc = FRDOC_RE.search(plain_id("".join(doc.findtext("FRDOC") or "")))
    volume, published = _issue(root)
    return Notice(
        source=source,
        fr_doc=frdoc.group(1) if frdoc else "",
        volume=volume,
        published=published,
        start_page=first_page,
        end_page=_last_page(doc, first_page),
        filed_year=2000 + int(frdoc.group(2)) if frdoc else None,
        agency_lines=agency_lines,
        docket_lines=docket_lines,
        subject=subject,
        **preamble_fields(fields),
        body=body,
    )


def _document(root: etree._Element, source: str) -> etree._Element:
    if root.tag in DOCUMENTS:
        return root
    found = [el for tag in DOCUMENTS for el in root.iter(tag)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise NoticeError(
            f"<{root.tag}> holds no NOTICE, PRORULE or RULE: this is not Federal Register XML",
            location=Location(source, _line(root)),
            hint="save the notice's XML (full_text_xml_url) from federalregister.gov",
        )
    raise NoticeError(
        f"this XML holds {len(found)} documents (a whole issue of the Federal Register?)",
        location=Location(source),
        hint="save the one notice's XML (its full_text_xml_url), or pass its document number",
    )


def _line(el: etree._Element) -> int:
    line = getattr(el, "sourceline", None)
    return line if isinstance(line, int) else 0


def _issue(root: etree._Element) -> tuple[int | None, dt.date | None]:
    """Volume and date, which only a whole issue's XML (FEDREG) carries."""
    volume = root.findtext("VOL") if root.tag == "FEDREG" else None
    date = root.findtext("DATE") if root.tag == "FEDREG" else None
    published = None
    if date:
        match = re.search(r"\w+ \d{1,2}, \d{4}", date)
        if match:
            published = dt.datetime.strptime(match.group(), "%B %d, %Y").date()
    return (int(volume) if volume and volume.strip().isdigit() else None), published


def text_of(el: etree._Element) -> str:
    """An element's words, without footnote calls, page marks or footnotes."""
    parts = [el.text or ""] if isinstance(el.tag, str) else []
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        following = child.getnext()
        next_tag = following.tag if following is not None else None
        if tag in ("PRTPAGE", "FTREF", "FTNT") or (tag == "SU" and next_tag == "FTREF"):
            pass
        elif tag:
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _preamble(
    preamb: etree._Element,
) -> tuple[dict[str, list[str]], tuple[str, ...], tuple[str, ...], str]:
    fields: dict[str, list[str]] = {}
    agencies: list[str] = []
    dockets: list[str] = []
    subject = ""
    current: list[str] | None = None
    for child in preamb:
        tag = child.tag
        if tag in ("AGENCY", "SUBAGY"):
            agencies.append(clean(text_of(child)))
        elif tag == "DEPDOC":
            dockets.append(plain_id(clean(text_of(child))))
        elif tag == "SUBJECT":
            subject = clean(text_of(child))
        elif tag in SECTIONS:
            current = fields.setdefault(SECTIONS[tag], [])
            current += [clean(text_of(p)) for p in child if p.tag in ("P", "FP")]
        elif tag in ("P", "FP") and current is not None:
            current.append(clean(text_of(child)))  # a paragraph set loose after its section
    return fields, tuple(agencies), tuple(dockets), subject


def _first_page(doc: etree._Element) -> int | None:
    """The page the document starts on: its first PRTPAGE when no words come before it (the
    document starts at the top of that page), else the page before it."""
    first = next(doc.iter("PRTPAGE"), None)
    if first is None or not (first.get("P") or "").isdigit():
        return None
    xml = etree.tostring(doc, encoding="unicode")
    before = re.sub(r"<[^>]*>", "", xml[: xml.find("<PRTPAGE")])
    page = int(first.get("P", "0"))
    return page if not before.strip() else page - 1


def _last_page(doc: etree._Element, first: int | None) -> int | None:
    pages = [int(p) for p in (m.get("P", "") for m in doc.iter("PRTPAGE")) if p.isdigit()]
    return max([*pages, first]) if first is not None else None


def _body(suplinf: etree._Element | None, page: int | None) -> tuple[Block, ...]:
    blocks: list[Block] = []
    if suplinf is None:
        return ()
    state = {"page": page}

    def turn(el: etree._Element) -> None:
        for mark in el.iter("PRTPAGE"):
            if (mark.get("P") or "").isdigit():
                state["page"] = int(mark.get("P", "0"))

    def walk(el: etree._Element) -> bool:
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in ENDS:
                return False
            if tag == "PRTPAGE":
                turn(child)
            elif tag == "HD":
                source = child.get("SOURCE", "")
                if source.startswith("HD") and source[2:].isdigit():
                    text = clean(text_of(child))
                    if text:
                        blocks.append(Block("heading", text, state["page"], int(source[2:])))
            elif tag in ("P", "FP"):
                text = clean(text_of(child))
                if text:
                    blocks.append(Block("para", text, state["page"]))
                turn(child)
            elif tag in SKIPPED:
                turn(child)
            elif tag and not walk(child):  # EXTRACT, NOTE and other containers
                return False
        return True

    walk(suplinf)
    return tuple(blocks)
