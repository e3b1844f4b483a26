"""A Federal Register notice as read from any rendition: its header facts and its blocks.

The text and XML readers both produce a ``Notice``; the API's JSON record, when there is one,
is an ``ApiRecord`` that fills what the rendition lacks. Everything after reading (questions,
dates, dockets) works on these two shapes only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# A regulations.gov docket ID: agency acronym, optional sub-office parts, year, sequence.
REGS_DOCKET_RE = re.compile(r"\b[A-Z][A-Z0-9]{1,9}(?:[-_][A-Z0-9]{1,12})*-\d{4}-\d{4}\b")


@dataclass(frozen=True)
class Block:
    """A heading or a paragraph of the notice's body, with the page it starts on."""

    kind: str  # "heading" | "para"
    text: str
    page: int | None = None
    level: int = 0  # headings: 1 for the notice's top sections ("I. Introduction")


@dataclass(frozen=True)
class Notice:
    """What a text or XML rendition says, before any interpretation."""

    source: str  # the file or address it came from, for messages
    fr_doc: str = ""
    volume: int | None = None
    issue: int | None = None
    published: dt.date | None = None
    start_page: int | None = None
    end_page: int | None = None
    filed_year: int | None = None  # from "[FR Doc. … Filed 8-29-23; 8:45 am]"
    agency_lines: tuple[str, ...] = ()  # "LIBRARY OF CONGRESS", "Copyright Office"
    docket_lines: tuple[str, ...] = ()  # "[Docket No. 2023-6]"
    subject: str = ""
    agency: str = ""  # the AGENCY: caption
    action: str = ""
    summary: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    contact: tuple[str, ...] = ()
    body: tuple[Block, ...] = ()


@dataclass(frozen=True)
class ApiRecord:
    """The Federal Register API's record of a document (GET /api/v1/documents/{n}.json)."""

    document_number: str
    title: str = ""
    volume: int | None = None
    start_page: int | None = None
    end_page: int | None = None
    publication_date: dt.date | None = None
    comments_close_on: dt.date | None = None
    dates: str = ""
    action: str = ""
    docket_ids: tuple[str, ...] = ()
    regs_docket_id: str = ""
    agency_names: tuple[str, ...] = ()  # most specific first
    comment_url: str = ""
    full_text_xml_url: str = ""
    raw_text_url: str = ""
    html_url: str = ""


@dataclass(frozen=True)
class Reading:
    """A notice as read, with the API record that came with it (if any) and how it was read."""

    notice: Notice
    api: ApiRecord | None = None
    how: str = ""  # "text", "xml", "json+text", "api+xml", …
    notes: tuple[str, ...] = field(default=())


def preamble_fields(fields: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """The preamble's captions (AGENCY, ACTION, SUMMARY, DATES, ADDRESSES, FOR FURTHER
    INFORMATION CONTACT) as Notice fields, from their lines by caption, in either rendition."""
    return {
        "agency": " ".join(fields.get("agency", ())),
        "action": " ".join(fields.get("action", ())),
        "summary": tuple(fields.get("summary", ())),
        "dates": tuple(fields.get("dates", ())),
        "addresses": tuple(fields.get("addresses", ())),
        "contact": tuple(fields.get("contact", ())),
    }


def clean(text: str) -> str:
    """One line of text: whitespace collapsed, no space before closing punctuation."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r" +([,.;:?!)\]”])", r"\1", text)


def plain_id(text: str) -> str:
    """An identifier as typed: en and em dashes between digits or letters become hyphens."""
    return re.sub(r"\s*[–—‑]\s*", "-", text.strip())


def hyphens(text: str) -> str:
    """Text with the XML's en dashes inside identifiers (NTIA-2026–0002) made hyphens."""
    return re.sub(r"(?<=[A-Za-z0-9])[–—‑](?=[A-Za-z0-9])", "-", text)


def docket_ids(text: str) -> list[str]:
    """The regulations.gov docket IDs a text names, in order, each once."""
    return list(dict.fromkeys(REGS_DOCKET_RE.findall(hyphens(text))))
