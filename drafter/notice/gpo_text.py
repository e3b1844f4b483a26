"""Read the GPO text rendition of a Federal Register document (the API's raw_text_url).

The rendition is plain text: header lines in brackets, the preamble's captions (AGENCY:,
ACTION:, SUMMARY:, DATES:, ADDRESSES:, FOR FURTHER INFORMATION CONTACT:), then
SUPPLEMENTARY INFORMATION: with flush-left headings, paragraphs whose first line is
indented, footnote calls as \\1\\ and footnotes between dashed lines, and [[Page N]]
where a printed page begins, sometimes in the middle of a paragraph.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from drafter.errors import Location, NoticeError
from drafter.notice.document import Block, Notice, clean, plain_id, preamble_fields

HEADER_RE = re.compile(
    r"\[Federal Register Volume (\d+), Number (\d+) \(\w+, (\w+ \d{1,2}, \d{4})\)\]"
)
PAGES_RE = re.compile(r"^\[Pages? (\d+)(?:\s*-\s*(\d+))?\]", re.M)
FR_DOC_RE = re.compile(r"^\[FR Doc No: ([^\]]+)\]", re.M)
FOOTER_RE = re.compile(r"^\s*\[FR Doc\. ?(\S+?)\s+Filed (\d{1,2})-(\d{1,2})-(\d{2})", re.M)
CAPTION_RE = re.compile(
    r"^(AGENCY|ACTION|SUMMARY|DATES?|EFFECTIVE DATES?|COMMENT DATES?|ADDRESS(?:ES)?"
    r"|FOR FURTHER INFORMATION CONTACT|SUPPLEMENTARY INFORMATION):\s*(.*)$"
)
PAGE_RE = re.compile(r"^\s*\[\[Page (\d+)\]\]\s*$")
RULE_RE = re.compile(r"^\s*(?:-{20,}|={20,})\s*$")
END_RE = re.compile(r"^\s*(?:Dated:|\[FR Doc\.|BILLING CODE)")
CALL_RE = re.compile(r"\\\d+\\")
CAPTION_FIELD = {
    "AGENCY": "agency",
    "ACTION": "action",
    "SUMMARY": "summary",
    "DATE": "dates",
    "DATES": "dates",
    "EFFECTIVE DATE": "dates",
    "EFFECTIVE DATES": "dates",
    "COMMENT DATE": "dates",
    "COMMENT DATES": "dates",
    "ADDRESS": "addresses",
    "ADDRESSES": "addresses",
    "FOR FURTHER INFORMATION CONTACT": "contact",
}


def typeset(text: str) -> str:
    """The rendition's typewriter marks as the printed notice has them."""
    text = CALL_RE.sub("", text)
    text = text.replace("``", "“").replace("''", "”").replace("`", "‘").replace("'", "’")
    text = text.replace("--", "—").replace("[bull]", "•")
    return clean(text)


def join_lines(lines: list[str]) -> str:
    """A paragraph's lines as one: a line ending in a hyphen runs on without a space."""
    out = ""
    for line in (x.strip() for x in lines):
        if out and not out.endswith("-"):
            out += " "
        out += line
    return out


def read_text(text: str, source: str) -> Notice:
    """A Notice from the GPO text rendition; raise NoticeError when it is not one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if CAPTION_RE.match(line)]
    if not starts:
        raise NoticeError(
            "this is not a Federal Register text rendition: it has none of the captions "
            "AGENCY:, ACTION:, SUMMARY:, DATES:",
            location=Location(source),
            hint="save the notice's text (.txt) or XML (.xml) rendition from "
            "federalregister.gov, or pass its document number",
        )
    head, preamble, body = _split(lines, starts[0])
    fields = _captions(preamble)
    agency_lines, docket_lines, subject = _masthead(head)
    header = HEADER_RE.search(text)
    pages = PAGES_RE.search(text)
    fr_doc = FR_DOC_RE.search(text)
    footer = FOOTER_RE.search(text)
    blocks = _body(body, int(pages.group(1)) if pages else None)
    return Notice(
        source=source,
        fr_doc=plain_id(fr_doc.group(1) if fr_doc else footer.group(1) if footer else ""),
        volume=int(header.group(1)) if header else None,
        issue=int(header.group(2)) if header else None,
        published=_date(header.group(3)) if header else None,
        start_page=int(pages.group(1)) if pages else None,
        end_page=int(pages.group(2) or pages.group(1)) if pages else None,
        filed_year=2000 + int(footer.group(4)) if footer else None,
        agency_lines=agency_lines,
        docket_lines=docket_lines,
        subject=subject,
        **preamble_fields(fields),
        body=blocks,
    )


def _date(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text, "%B %d, %Y").date()
    except ValueError:
        return None


def _split(lines: list[str], first: int) -> tuple[list[str], list[str], list[str]]:
    """The masthead before the captions, the captions, and the supplementary information."""
    supl = next(
        (i for i in range(first, len(lines)) if lines[i].startswith("SUPPLEMENTARY INFORMATION:")),
        len(lines),
    )
    end = next((i for i in range(supl + 1, len(lines)) if END_RE.match(lines[i])), len(lines))
    return lines[:first], lines[first:supl], lines[supl + 1 : end]


def _masthead(lines: list[str]) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """Agency lines, docket lines and the subject, from the lines above AGENCY:."""
    chunks: list[list[str]] = [[]]
    for line in lines:
        if not line.strip() or RULE_RE.match(line):
            chunks.append([])
        elif (
            not (line.startswith("[") and "Federal Register" in line)
            and not line.startswith(
                ("[Notices]", "[Proposed Rules]", "[Rules and Regulations]", "[Pages", "[FR Doc No")
            )
            and not line.startswith("From the Federal Register")
        ):
            chunks[-1].append(line.strip())
    texts = [" ".join(chunk) for chunk in chunks if chunk]
    dockets = tuple(plain_id(t) for t in texts if t.startswith("[") and "ocket" in t)
    plain = [t for t in texts if not t.startswith("[") and not re.match(r"^\d+ CFR", t)]
    subject = typeset(plain[-1]) if plain else ""
    return tuple(clean(t) for t in plain[:-1]), dockets, subject


def _captions(lines: list[str]) -> dict[str, list[str]]:
    """Each caption's paragraphs: AGENCY: → agency, DATES: → dates, …"""
    fields: dict[str, list[str]] = {}
    current: list[str] | None = None
    para: list[str] = []

    def flush() -> None:
        if current is not None and para:
            current.append(typeset(join_lines(para)))
        para.clear()

    for line in lines:
        match = CAPTION_RE.match(line)
        if match:
            flush()
            current = fields.setdefault(CAPTION_FIELD.get(match.group(1), "other"), [])
            para.append(match.group(2))
        elif not line.strip() or RULE_RE.match(line) or PAGE_RE.match(line):
            flush()
        else:
            para.append(line)
    flush()
    return fields


@dataclass
class _Chunk:
    lines: list[str] = field(default_factory=list)
    page: int | None = None
    interrupted: bool = False  # a page marker or footnotes came just before it


def _chunks(lines: list[str], page: int | None) -> list[_Chunk]:
    """Blank-line separated runs of lines, footnotes left out, pages followed."""
    chunks: list[_Chunk] = []
    current = _Chunk(page=page)
    in_notes = interrupted = False
    for line in lines:
        marker = PAGE_RE.match(line)
        if marker:
            page = int(marker.group(1))
        if marker or RULE_RE.match(line) or not line.strip():
            if current.lines:
                chunks.append(current)
            if RULE_RE.match(line):
                in_notes = not in_notes
            interrupted = interrupted or bool(marker) or bool(RULE_RE.match(line))
            current = _Chunk(page=page, interrupted=interrupted)
            continue
        if in_notes:
            continue
        if not current.lines:
            current.page, current.interrupted = page, interrupted
            interrupted = False
        current.lines.append(line)
    if current.lines:
        chunks.append(current)
    return chunks


def _heading_level(text: str, last_labelled: int) -> int:
    if re.match(r"^[IVXL]+\.\s", text):
        return 1
    if re.match(r"^[A-Z]\.\s", text):
        return 2
    if re.match(r"^\d+\.\s", text):
        return 3
    return last_labelled + 1 if last_labelled else 1


def _looks_like_heading(chunk: _Chunk) -> bool:
    """A flush-left line or two, not ending like a sentence (unless labelled "VI." or "A.")."""
    if len(chunk.lines) > 2:
        return False
    line = join_lines(chunk.lines)
    if len(line) > 150 or line[:1].islower():
        return False
    return not line.endswith((".", ",", ";", ":")) or bool(
        re.match(r"^[IVXL]+\.\s|^[A-Z]\.\s", line)
    )


def _body(lines: list[str], page: int | None) -> tuple[Block, ...]:
    blocks: list[Block] = []
    open_para: list[str] = []
    open_page: int | None = None
    last_labelled = 0

    def close() -> None:
        nonlocal open_para
        if open_para:
            text = typeset(join_lines(open_para))
            if text:
                blocks.append(Block("para", text, open_page))
        open_para = []

    for chunk in _chunks(lines, page):
        first = chunk.lines[0]
        indented = first.startswith("  ")
        if indented and sum(line.startswith("  ") for line in chunk.lines) > 1:
            close()  # a table or other preformatted lines: not prose
            continue
        running_on = open_para and not _ends_sentence(open_para[-1])
        if (
            not indented
            and open_para
            and chunk.interrupted
            and (running_on or not _looks_like_heading(chunk))
        ):
            open_para += chunk.lines  # the paragraph goes on past a page or its footnotes
            continue
        close()
        if indented:
            open_para, open_page = list(chunk.lines), chunk.page
        elif _looks_like_heading(chunk):
            text = typeset(join_lines(chunk.lines))
            level = _heading_level(text, last_labelled)
            if re.match(r"^(?:[IVXL]+|[A-Z]|\d+)\.\s", text):
                last_labelled = level
            blocks.append(Block("heading", text, chunk.page, level))
        else:
            open_para, open_page = list(chunk.lines), chunk.page  # a flush paragraph
    close()
    return tuple(blocks)


def _ends_sentence(line: str) -> bool:
    return CALL_RE.sub("", line).rstrip().endswith((".", "?", "!", ":", ";", "''", '"', ")"))
