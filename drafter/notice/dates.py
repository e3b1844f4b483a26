"""Read the deadlines out of a notice's DATES caption: comments, reply comments, time zone.

"Written comments are due no later than 11:59 p.m. Eastern Time on Wednesday, October 18,
2023. Written reply comments are due no later than …" gives a deadline, a reply deadline
and the time. A sentence that extends a period ("is extended", "are now due") marks the
deadlines as extended; a sentence that names a docket gives that docket its own deadline.
Dates that are not deadlines ("the notice published on August 30, 2023") are passed over:
a deadline follows words such as due, by, before, until or no later than.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from drafter.notice.document import docket_ids

MONTH_NAMES = (
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
    ("october", "oct"), ("november", "nov"), ("december", "dec"),
)  # fmt: skip
MONTHS = {name: i + 1 for i, names in enumerate(MONTH_NAMES) for name in names}
DATE_RE = re.compile(
    r"\b(?P<month>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})\b"
    r"|\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})\b"
)
BEFORE_RE = re.compile(
    r"\b(?:due|by|before|until|through|no later than|deadline|closes?|extended to|now)\b",
    re.I,
)
TIME_RE = re.compile(
    r"\b(?P<clock>\d{1,2}(?::\d{2})?\s*[ap]\.\s?m\.|\d{1,2}(?::\d{2})?\s*[ap]m\b|midnight|noon)"
    r"(?:,?\s*\(?(?P<zone>(?:Eastern|Central|Mountain|Pacific|Alaska|Hawaii)"
    r"(?:\s+(?:Standard|Daylight|Prevailing))?(?:\s+Time)?|E[SD]?T|C[SD]?T|M[SD]?T|P[SD]?T)\)?)?",
    re.I,
)
REPLY_RE = re.compile(r"\brepl(?:y|ies)\b|\brebuttal\b|\bresponsive comments\b", re.I)
EXTEND_RE = re.compile(r"\bextend|\bnow due\b|\breopen", re.I)
# Abbreviations whose period does not end a sentence.
ABBREV_RE = re.compile(r"\b(?:[ap]\.m|No|U\.S|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.")


@dataclass(frozen=True)
class Deadlines:
    deadline: dt.date | None = None
    reply_deadline: dt.date | None = None
    time: str = ""  # "11:59 p.m. Eastern Time", as the notice says it
    extended: bool = False
    by_docket: dict[str, tuple[dt.date, str]] = field(default_factory=dict)

    def for_docket(self, docket: str) -> Deadlines:
        """The deadlines of one docket of the notice, when a sentence names it."""
        if docket not in self.by_docket:
            return self
        day, time = self.by_docket[docket]
        return Deadlines(day, self.reply_deadline, time or self.time, self.extended)


def sentences(text: str) -> list[str]:
    protected = ABBREV_RE.sub(lambda m: m.group().replace(".", "\0"), text)
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z(“\"])|;\s+", protected)
    return [p.replace("\0", ".").strip() for p in parts if p.strip()]


def read_dates(paragraphs: Sequence[str], dockets: Sequence[str] = ()) -> Deadlines:
    """The deadlines a DATES caption states."""
    deadline = reply = None
    time = ""
    extended = False
    by_docket: dict[str, tuple[dt.date, str]] = {}
    for sentence in (s for p in paragraphs for s in sentences(p)):
        found = _deadlines(sentence)
        if not found:
            continue
        last = found[-1]  # "extended from October 18 to October 30": the later one holds
        extended = extended or bool(EXTEND_RE.search(sentence))
        clock = TIME_RE.search(sentence)
        named = [d for d in docket_ids(sentence) if d in dockets]
        if REPLY_RE.search(sentence):
            reply = last if reply is None or extended else min(reply, last)
        elif len(named) == 1:
            by_docket[named[0]] = (last, _time(clock) if clock else "")
            deadline = last if deadline is None else min(deadline, last)
        else:
            deadline = last if deadline is None or extended else min(deadline, last)
        if clock and not time:
            time = _time(clock)
    return Deadlines(deadline, reply, time, extended, by_docket)


def _deadlines(sentence: str) -> list[dt.date]:
    """The dates of a sentence that are deadlines: each after a word like due, by, before."""
    out: list[dt.date] = []
    start = 0
    extends = EXTEND_RE.search(sentence)
    for match in DATE_RE.finditer(sentence):
        before = sentence[start : match.start()]
        start = match.end()
        day = _date(match)
        if day is not None and (
            BEFORE_RE.search(before[-90:]) or (extends and re.search(r"\bto\s*$", before))
        ):
            out.append(day)
    return out


def _date(match: re.Match[str]) -> dt.date | None:
    try:
        if match.group("month"):
            month = MONTHS.get(match.group("month").lower())
            if month is None:
                return None
            return dt.date(int(match.group("year")), month, int(match.group("day")))
        return dt.date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None


def _time(match: re.Match[str]) -> str:
    clock = re.sub(r"\s+", " ", match.group("clock"))
    zone = match.group("zone")
    return f"{clock} {' '.join(zone.split())}" if zone else clock
