"""Bluebook-like citation text for footnotes: full forms, short forms, *Id.*, reporter cites.

Every form is Markdown (italics as ``*...*``, URLs as ``<https://...>`` autolinks) and ends with
a period. Page numbers of five or more digits take thousands commas (Bluebook R6.2(a)) unless
``page_commas`` is off.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from drafter.model import Source

_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
           "Dec.")  # fmt: skip
_REPORTER_RE = re.compile(
    r"(?P<vol>\d+)\s+(?P<rep>[^\d\s§(][^§(]*?)\s+(?P<page>\d+(?:,\d{3})*)(?P<rest>.*)"
)
_NUMBER_RE = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+\b")
_TRAILING_PAREN_RE = re.compile(r"\s*(\([^()]*\))\s*$")
_PAGE_LOC_RE = re.compile(r"(?:(?:pp?\.|pages?|at)\s*)?(\d[\d,\s\-–]*\d|\d)")
_PAREN_LOC_RE = re.compile(r"(?:prepared )?(?:statement|testimony|remarks|comments?) of\b.*")
_CORPORATE_RE = re.compile(r",?\s+(?:Inc\.|LLC|L\.L\.C\.|Corp\.|Co\.|Ltd\.|L\.P\.|LLP|N\.A\.)$")
_MD_SPECIAL_RE = re.compile(r"([\\`*_\[\]<>])")
_AUTOLINK_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*")


def bluebook_date(date: dt.date, *, day: bool = True) -> str:
    """Format a date with Bluebook month abbreviations: "Aug. 30, 2023" or "Aug. 2023"."""
    month = _MONTHS[date.month - 1]
    return f"{month} {date.day}, {date.year}" if day else f"{month} {date.year}"


def _group(number: str, commas: bool) -> str:
    """Put thousands commas in a number of five or more digits (Bluebook R6.2(a)), else none."""
    digits = number.replace(",", "")
    if not commas or len(digits) < 5:
        return digits
    head = len(digits) % 3 or 3
    return ",".join([digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)])


def _group_all(text: str, commas: bool) -> str:
    """Apply the Bluebook comma rule to every number in text."""
    return _NUMBER_RE.sub(lambda m: _group(m[0], commas), text)


def fr_cite(citation: str, date: dt.date | None = None, *, page_commas: bool = True) -> str:
    """Normalize a reporter citation ("88 Fed. Reg. 59942") and append its date when given."""
    text = " ".join(citation.split())
    m = _REPORTER_RE.fullmatch(text)
    if m:
        rest = m["rest"]
        cut = rest.find("(") if "(" in rest else len(rest)
        rest = _group_all(rest[:cut], page_commas) + rest[cut:]
        text = f"{m['vol']} {m['rep']} {_group(m['page'], page_commas)}{rest}"
    if date is not None and not re.search(r"\([^()]*\d{4}\)$", text):
        text = f"{text} ({bluebook_date(date)})"
    return text


@dataclass(frozen=True)
class _Pin:
    """A parsed locator: a page pin, a parenthetical ("statement of X"), or other text."""

    page: str = ""
    paren: str = ""
    other: str = ""

    @classmethod
    def parse(cls, locator: str, commas: bool) -> _Pin:
        """Classify a locator and apply the comma rule to page numbers."""
        if m := _PAGE_LOC_RE.fullmatch(locator):
            return cls(page=_group_all(m[1], commas))
        if _PAREN_LOC_RE.fullmatch(locator):
            return cls(paren=locator)
        return cls(other=locator)

    def lead(self, page_lead: str = ", at ", other_lead: str = ", ") -> str:
        """Return the pin as text that follows a title or citation."""
        if self.page:
            return page_lead + self.page
        return other_lead + self.other if self.other else ""

    def tail(self) -> str:
        """Return the parenthetical part of the pin, if any."""
        return f" ({self.paren})" if self.paren else ""


def escape_md(text: str) -> str:
    """Escape Markdown punctuation in a plain-text field and collapse its whitespace."""
    return _MD_SPECIAL_RE.sub(r"\\\1", " ".join(text.split()))


def _url(url: str) -> str:
    """Return a URL as a Markdown autolink (or a link when it cannot be one)."""
    url = url.strip().replace(" ", "%20")
    return f"<{url}>" if _AUTOLINK_RE.fullmatch(url) else f"[{escape_md(url)}]({url})"


def end_period(text: str) -> str:
    """End footnote text with exactly one period."""
    text = text.strip()
    return text if text.rstrip("*_").endswith(".") else f"{text}."


def _split_paren(citation: str) -> tuple[str, str]:
    """Split "593 U.S. 1 (2021)" into ("593 U.S. 1", "(2021)")."""
    citation = " ".join(citation.split())
    m = _TRAILING_PAREN_RE.search(citation)
    return (citation[: m.start()], m[1]) if m else (citation, "")


def _join(*parts: str) -> str:
    """Join the non-empty parts with commas."""
    return ", ".join(p for p in parts if p)


def _date_paren(src: Source, *, day: bool = True, before: str = "") -> str:
    """Return " (Publisher Aug. 30, 2023)" from the parts that exist, or ""."""
    inside = " ".join(
        p for p in (before, bluebook_date(src.date, day=day) if src.date else "") if p
    )
    return f" ({inside})" if inside else ""


def format_full(src: Source, locator: str = "", *, page_commas: bool = True) -> str:
    """Format the first citation of a source as Markdown footnote text ending with a period."""
    pin = _Pin.parse(locator, page_commas)
    if src.full:
        return end_period(src.full.strip().rstrip(".") + pin.lead() + pin.tail())
    if src.type in ("case", "notice"):
        return end_period(_reporter_full(src, pin, page_commas))
    if src.type == "statute":
        return end_period(_statute(src, pin))
    if not locator and src.pages:
        pin = _Pin(page=_group_all(src.pages, page_commas))
    title, author = f"*{escape_md(src.title)}*", escape_md(src.author)
    url = _url(src.url) if src.url else ""
    extra = " ".join(src.citation.split())
    if src.type == "hearing":
        body = _join(title, author, extra) + pin.lead() + _date_paren(src)
    elif src.type == "report":
        publisher = escape_md(src.publisher) if src.publisher != src.author else ""
        body = (
            _join(author, title, extra) + pin.lead() + _date_paren(src, day=False, before=publisher)
        )
    else:  # article, web
        body = _join(author, title, escape_md(src.publisher), extra) + pin.lead() + _date_paren(src)
    return end_period(_join(body + pin.tail(), url))


def _reporter_full(src: Source, pin: _Pin, commas: bool) -> str:
    """Format a case or a Federal Register notice: title, reporter cite with pin, date."""
    core, paren = _split_paren(src.citation)
    title = f"*{escape_md(src.title)}*" if src.type == "case" else escape_md(src.title)
    head = title if src.type == "case" else _join(escape_md(src.author), title)
    if not core:
        url = _url(src.url) if src.url else ""
        return _join(head + pin.lead() + _date_paren(src) + pin.tail(), url)
    if not paren and src.date:
        paren = f"({src.date.year})" if src.type == "case" else f"({bluebook_date(src.date)})"
    cite = fr_cite(core + pin.lead(", "), page_commas=commas)
    return _join(head, cite) + (f" {paren}" if paren else "") + pin.tail()


def _statute(src: Source, pin: _Pin) -> str:
    """Format a statute: citation (or title), subsection or pin, then its year if dated."""
    core, paren = _split_paren(src.citation or escape_md(src.title))
    if not paren and src.date:
        paren = f"({src.date.year})"
    text = core + (pin.other if pin.other.startswith("(") else pin.lead())
    return text + (f" {paren}" if paren else "") + pin.tail()


def case_short_name(src: Source) -> str:
    """Return a case's short name: ``short:``, else the first party without "LLC", "Inc."."""
    if src.short:
        return src.short
    parties = [p.strip() for p in src.title.split(" v. ")]
    name = (
        parties[1] if len(parties) > 1 and parties[0] in ("United States", "U.S.") else parties[0]
    )
    while (m := _CORPORATE_RE.search(name)) and m.start() > 0:
        name = name[: m.start()]
    return name


def format_short(
    src: Source, first_note: int, locator: str = "", *, page_commas: bool = True
) -> str:
    """Format a later citation: case short form, statute again, or "*supra* note N"."""
    pin = _Pin.parse(locator, page_commas)
    if src.type == "statute" or (src.full and not src.short):  # statutes take no supra
        return format_full(src, locator, page_commas=page_commas)
    supra = f"*supra* note {first_note}"
    if src.full:
        return end_period(_join(src.short, supra) + pin.lead() + pin.tail())
    if src.type == "case":
        name = f"*{escape_md(case_short_name(src))}*"
        m = _REPORTER_RE.fullmatch(_split_paren(src.citation)[0])
        if m:
            at = f" at {pin.page}" if pin.page else f" {_group(m['page'], page_commas)}"
            return end_period(_join(name, f"{m['vol']} {m['rep']}{at}", pin.other) + pin.tail())
        return end_period(_join(name, supra) + pin.lead() + pin.tail())
    short = escape_md(src.short or src.title)
    if src.type == "notice":
        head = _join(escape_md(src.author), short)
    elif src.type == "hearing":
        head = f"*{short}*"
    else:
        head = _join(escape_md(src.author), f"*{short}*")
    return end_period(_join(head, supra) + pin.lead() + pin.tail())


def format_id(locator: str = "", *, page_commas: bool = True, capital: bool = True) -> str:
    """Format a citation to the source cited just before: "*Id.*", "*Id.* at 4."."""
    pin = _Pin.parse(locator, page_commas)
    return end_period(("*Id.*" if capital else "*id.*") + pin.lead(" at ", " ") + pin.tail())
