"""From a notice as read to the docket it asks for: ID, citation, dates, channel, questions.

Every value comes from the notice's own words where it has them (the text or XML), else
from the API's record; what neither gives is left out and said in the notes, which the
import shows and writes into the file as comments for the staffer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from drafter.errors import NoticeError
from drafter.model import Agency
from drafter.notice.dates import Deadlines, read_dates
from drafter.notice.document import Reading, clean, docket_ids, hyphens
from drafter.notice.questions import FoundQuestion, QuestionList, find_questions, for_docket

AGENCY_NUMBER_RE = re.compile(r"Docket\s+(?:Nos?\.?|Numbers?|ID)\s*:?\s*([^\];]+)", re.I)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL_RE = re.compile(r"https?://[^\s)>\]]+[^\s)>\].,;]")
EXTENSION_RE = re.compile(r"extension|extend|reopen", re.I)
FIRST_VOLUME_YEAR = 1935  # volume 1 is 1936: volume = year - 1935


@dataclass(frozen=True)
class ImportedDocket:
    """What `agencies import` writes for one docket."""

    id: str
    title: str
    fr_doc: str
    agency_number: str = ""
    citation: str = ""
    published: dt.date | None = None
    deadline: dt.date | None = None
    deadline_time: str = ""
    reply_deadline: dt.date | None = None
    channel: str = "regulations.gov"
    contact: str = ""
    questions: tuple[FoundQuestion, ...] = ()
    style: str = "none"  # how the notice asks: numbered, bulleted, prose, none
    extension: bool = False  # the notice only moves the deadlines of an earlier one
    url: str = ""
    notes: tuple[str, ...] = ()


def candidate_dockets(reading: Reading) -> list[str]:
    """The regulations.gov docket IDs the notice and its record name, most explicit first."""
    notice, api = reading.notice, reading.api
    found: list[str] = []
    if api:
        found += [api.regs_docket_id, *[d for d in api.docket_ids if docket_ids(d) == [d]]]
    for text in (*notice.docket_lines, *notice.addresses, *notice.summary, *notice.dates):
        found += docket_ids(text)
    for block in notice.body:
        if block.kind == "heading":
            found += docket_ids(block.text)
    return [d for d in dict.fromkeys(found) if d]


def agency_number(reading: Reading) -> str:
    """The agency's own docket number ("2023-6"), which is not a regulations.gov ID."""
    texts = [*reading.notice.docket_lines, *(reading.api.docket_ids if reading.api else ())]
    for text in texts:
        match = AGENCY_NUMBER_RE.search(hyphens(text))
        if match:
            value = clean(match.group(1)).rstrip(".")
            if value and not docket_ids(value):
                return value
    return ""


def choose_docket(
    reading: Reading, wanted: str | None, agency: Agency | None, short_name: str
) -> tuple[str, list[str]]:
    """The docket to import, and notes on how it was chosen."""
    candidates = candidate_dockets(reading)
    notes: list[str] = []
    if wanted:
        if candidates and wanted not in candidates:
            notes.append(f"the notice names {', '.join(candidates)}, not {wanted}: check --docket")
        elif not candidates:
            notes.append(f"the notice names no regulations.gov docket; {wanted} is from --docket")
        return wanted, notes
    if len(candidates) == 1:
        return candidates[0], notes
    own = [d for d in candidates if d.split("-")[0] == short_name.upper()]
    if len(candidates) > 1 and len(own) == 1:
        return own[0], notes
    existing = _existing(reading, agency)
    if existing and (not candidates or existing in candidates):
        return existing, notes
    if candidates:
        raise NoticeError(
            f"the notice names {len(candidates)} regulations.gov dockets: {', '.join(candidates)}",
            hint=f"choose one with --docket, e.g. --docket {candidates[0]}",
        )
    number = agency_number(reading)
    own_number = f" (its own docket number is {number})" if number else ""
    raise NoticeError(
        f"the notice names no regulations.gov docket ID{own_number}",
        hint="pass it with --docket (find it on regulations.gov), or save the API's record "
        "beside the file as NAME.json: it has the ID",
    )


def _existing(reading: Reading, agency: Agency | None) -> str:
    """A docket of the agency that this notice (or the notice it extends) already made."""
    if agency is None:
        return ""
    notice = reading.notice
    number = agency_number(reading)
    cited = {m.replace(" ", "") for m in re.findall(r"\d+ FR \d+", " ".join(notice.dates))}
    for docket in agency.dockets:
        cite = re.sub(r"\s*Fed\.\s*Reg\.\s*", "FR", docket.citation).replace(",", "")
        if (
            (notice.fr_doc and docket.fr_doc == notice.fr_doc)
            or (number and docket.agency_number == number)
            or cite.replace(" ", "") in cited
        ):
            return docket.id
    return ""


def extract(
    reading: Reading, docket: str, extra_notes: Sequence[str] = (), dockets: Sequence[str] = ()
) -> ImportedDocket:
    """The docket entry for `docket`, from the notice as read."""
    notice, api = reading.notice, reading.api
    notes = list(extra_notes)
    deadlines = read_dates(notice.dates or ((api.dates,) if api else ()), dockets)
    deadlines = deadlines.for_docket(docket)
    deadline = deadlines.deadline
    if deadline is None and api and api.comments_close_on and not deadlines.reply_deadline:
        deadline = api.comments_close_on
        notes.append("deadline from the API record (the DATES caption gives none)")
    found: QuestionList = find_questions(notice.body, dockets)
    questions = for_docket(found, docket)
    extension = not questions and (deadlines.extended or bool(EXTENSION_RE.search(notice.action)))
    if found.style in ("bulleted", "prose") and questions:
        notes.append(
            f"the notice does not number its questions: numbered 1–{len(questions)} in order "
            "(generated: true)"
        )
    elif any(q.generated for q in questions):
        notes.append("some question numbers are generated (generated: true)")
    if not questions and not extension:
        notes.append("no questions found in the notice: add them by hand if it asks any")
    fr_doc = notice.fr_doc or (api.document_number if api else "")
    return ImportedDocket(
        id=docket,
        title=notice.subject or (api.title if api else ""),
        fr_doc=fr_doc,
        agency_number=agency_number(reading),
        citation=_citation(reading, notes),
        published=notice.published or (api.publication_date if api else None),
        deadline=deadline,
        deadline_time=deadlines.time,
        reply_deadline=deadlines.reply_deadline,
        channel=_channel(notice.addresses, notes),
        contact=_contact(notice.contact),
        questions=questions,
        style=found.style if questions else "none",
        extension=extension,
        url=f"https://www.federalregister.gov/d/{fr_doc}" if fr_doc else "",
        notes=tuple(notes + _missing(reading, deadlines, deadline)),
    )


def _citation(reading: Reading, notes: list[str]) -> str:
    notice, api = reading.notice, reading.api
    volume = notice.volume or (api.volume if api else None)
    page = notice.start_page or (api.start_page if api else None)
    if volume is None and notice.filed_year:
        volume = notice.filed_year - FIRST_VOLUME_YEAR
        notes.append(
            f"volume {volume} inferred from the filing year {notice.filed_year} (the XML does "
            "not give it): check the citation"
        )
    if volume is None or page is None:
        notes.append("no Federal Register citation: add citation: like 88 Fed. Reg. 59942")
        return ""
    return f"{volume} Fed. Reg. {page}"


def _channel(addresses: Sequence[str], notes: list[str]) -> str:
    text = " ".join(addresses)
    if re.search(r"regulations\.gov", text, re.I):
        return "regulations.gov"
    email = EMAIL_RE.search(text)
    if email:
        return f"email: {email.group()}"
    url = URL_RE.search(text)
    if url:
        return url.group()
    notes.append("ADDRESSES names no regulations.gov, email or web address: check channel")
    return "regulations.gov"


def _contact(paragraphs: Sequence[str]) -> str:
    return hyphens(clean(" ".join(paragraphs))).rstrip(".")


def _missing(reading: Reading, deadlines: Deadlines, deadline: dt.date | None) -> list[str]:
    notes = []
    if reading.notice.published is None and not (reading.api and reading.api.publication_date):
        notes.append("no publication date (the XML does not give it): add published:")
    if deadline is None and deadlines.reply_deadline is None:
        notes.append("no comment deadline found in DATES: add deadline:")
    return notes
