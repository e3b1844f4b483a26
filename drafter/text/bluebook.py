"""Bluebook footnote forms (21st ed., Bluepages): the full citation, the short form, *Id.*

Each form is Markdown (italics as ``*...*``, URLs as ``<https://...>`` autolinks) without the
final period: the caller joins the forms of one note with signals and ends the sentence.

- Cases: "*Google LLC v. Oracle Am., Inc.*, 593 U.S. 1, 12 (2021)", names abbreviated per
  T6; short "*Google*, 593 U.S. at 12", never *supra*; unreported cases by docket number and
  slip opinion or Westlaw.
- Federal Register: "Title, 88 Fed. Reg. 59,942, 59,945 (Aug. 30, 2023)", later
  "Title, 88 Fed. Reg. at 59,945".
- Statutes: "Name, Pub. L. No. 119-12, § 3, 139 Stat. 55 (2025)" (with "(codified at …)"),
  or a code section "17 U.S.C. § 107(a)"; later "Name § 3", a code section again.
- Hearings: "*Title: Hearing Before the S. Comm. on Com., Sci., & Transp.*, 119th Cong. 12
  (2025) (statement of Brad Smith, …)".
- Reports, articles, web pages: "Author, *Title* 12 (May 2025), <url>", later
  "Author, *supra* note 4, at 12", or "*Short*, *supra* note 4" with "[hereinafter *Short*]"
  on the first citation when the short title differs from the title.
- ``full:`` replaces the first form as written; ``short:`` with it gives "Short, *supra*".
"""

from __future__ import annotations

import re

from drafter.model import Source
from drafter.text.pins import (
    Pin,
    Reporter,
    bluebook_date,
    escape_md,
    fr_cite,
    split_parens,
)
from drafter.text.t6 import abbreviate, is_institution, title_case

__all__ = [
    "bluebook_date",
    "case_short_name",
    "congress_of",
    "escape_md",
    "format_full",
    "format_id",
    "format_short",
    "fr_cite",
    "hereinafter",
    "without_hereinafter",
]

_CORPORATE_RE = re.compile(r",?\s+(?:Inc\.|LLC|L\.L\.C\.|Corp\.|Co\.|Ltd\.|L\.P\.|LLP|N\.A\.|PBC)$")
_YEAR_RE = re.compile(r"\b(?:1[789]\d\d|20\d\d)\b")
_STATEMENT_RE = re.compile(r"\((?:prepared )?(?:statement|testimony|remarks) of")
_AUTOLINK_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*")


def _url(url: str) -> str:
    """Return a URL as a Markdown autolink (or a link when it cannot be one)."""
    url = url.strip().replace(" ", "%20")
    return f"<{url}>" if _AUTOLINK_RE.fullmatch(url) else f"[{escape_md(url)}]({url})"


def _join(*parts: str) -> str:
    """Join the non-empty parts with commas."""
    return ", ".join(p for p in parts if p)


def _author(src: Source, bare: bool = False) -> str:
    """The author as cited: T6 abbreviations for an institution, a person's name as written."""
    if bare or not src.author:
        return ""
    name = " ".join(src.author.split())
    return escape_md(abbreviate(name) if is_institution(name) else name)


def _title(src: Source) -> str:
    return escape_md(title_case(" ".join(src.title.split())))


def hereinafter(src: Source) -> str:
    """The short title a first citation introduces with "[hereinafter …]", or ""."""
    if not src.short or src.type in ("case", "statute"):
        return ""
    if " ".join(src.short.split()) == " ".join(src.title.split()):
        return ""
    return src.short


def without_hereinafter(text: str, src: Source) -> str:
    """A first citation without its "[hereinafter …]": for a source no later note shortens."""
    for short in (_short_name(src), escape_md(src.short)):
        text = text.replace(f" \\[hereinafter {short}\\]", "", 1)
    return text


def _short_name(src: Source) -> str:
    """A source's short title as printed: italic for titled works, roman for notices."""
    short = escape_md(" ".join(src.short.split()))
    return short if src.type == "notice" else f"*{short}*"


def _tail(src: Source, pin: Pin, url: str = "", *, visited: str = "") -> str:
    """URL, "(last visited …)", "[hereinafter …]" and the parentheticals, in that order."""
    out = f", {url}" if url else ""
    if visited:
        out += f" (last visited {visited})"
    if hereinafter(src):
        out += f" \\[hereinafter {_short_name(src)}\\]"
    return out + pin.tail()


# ---------------------------------------------------------------- first citation


def format_full(
    src: Source, locator: str = "", *, suffix: str = "", commas: bool = True, bare: bool = False
) -> str:
    """The first citation of a source, without the final period."""
    pin = Pin.parse(locator, suffix, commas=commas)
    if src.full:
        text = src.full.strip().rstrip(".") + pin.after_supra()
        if hereinafter(src) and src.short not in src.full:
            text += f" \\[hereinafter {escape_md(src.short)}\\]"
        return text + pin.tail()
    if src.type == "case":
        return _case_full(src, pin, commas)
    if src.type == "notice":
        return _notice_full(src, pin, commas)
    if src.type == "statute":
        return _statute_full(src, pin)
    if src.type == "hearing":
        return _hearing_full(src, pin)
    if not locator and src.pages:
        pin = Pin.parse(f"pp. {src.pages}", suffix, commas=commas)
    return _work_full(src, pin, bare)


def _case_full(src: Source, pin: Pin, commas: bool) -> str:
    name = f"*{escape_md(abbreviate(' '.join(src.title.split())))}*"
    core, parens = split_parens(src.citation)
    if not parens and src.date:
        parens = [f"({src.date.year})"]
    cite = _case_core(core, pin, commas)
    head = _join(name, cite) if cite else name + pin.after_title(at=True)
    return " ".join([head, *parens]) + pin.tail()


def _case_core(core: str, pin: Pin, commas: bool) -> str:
    """A case's docket number and reporter with the pinpoint in its place."""
    docket, reporter = _case_parts(core)
    if reporter:
        at = f", at {pin.page}" if reporter.westlaw and pin.page else pin.after_reporter()
        return _join(docket, reporter.full(commas) + at)
    if docket:
        return docket + (f", slip op. at {pin.page}" if pin.page else pin.after_reporter())
    return ""


def _case_parts(core: str) -> tuple[str, Reporter | None]:
    """Split "No. C 24-05417 WHA, 2025 WL 1741691" into the docket number and reporter."""
    if not core:
        return "", None
    head, _, last = core.rpartition(", ")
    reporter = Reporter.parse(last or core)
    return (head, reporter) if reporter else (core, None)


def _notice_full(src: Source, pin: Pin, commas: bool) -> str:
    core, parens = split_parens(src.citation)
    reporter = Reporter.parse(core)
    cite = reporter.full(commas) if reporter else escape_md(core)
    if not any(_YEAR_RE.search(p) for p in parens[:1]) and src.date:
        parens.insert(0, f"({bluebook_date(src.date)})")
    head = (
        _join(_title(src), cite) + pin.after_reporter() if cite else _title(src) + pin.after_supra()
    )
    url = "" if reporter or not src.url else _url(src.url)
    return " ".join([head, *parens]) + _tail(src, pin, url)


def _statute_full(src: Source, pin: Pin) -> str:
    if not (src.public_law or src.code):  # a citation written out in full
        core, parens = split_parens(src.citation or src.title)
        if not parens and src.date:
            parens = [f"({src.date.year})"]
        return " ".join([_code_pin(core, pin), *parens]) + pin.tail()
    year = f"({src.date.year})" if src.date else ""
    if not src.public_law:
        return " ".join(p for p in (_code_pin(src.code, pin), year) if p) + pin.tail()
    name = escape_md(" ".join(src.title.split()))
    section = pin.text if pin.kind == "section" else ""
    stat = src.stat + (f", {pin.page}" if pin.page and src.stat else "")
    if year and _YEAR_RE.search(name):
        year = ""  # "Economic Stimulus Act of 2008, …": the name gives the year
    head = _join(name, f"Pub. L. No. {src.public_law}", section + pin.subsection, stat)
    codified = f" (codified at {src.code})" if src.code else ""
    return f"{head}{' ' + year if year else ''}{codified}" + pin.tail()


def _code_pin(code: str, pin: Pin) -> str:
    """A code citation narrowed by the pinpoint: "17 U.S.C. § 107(a)", "Colo. Rev. Stat. § 6"."""
    if pin.kind == "section":
        head = code.split("§")[0].rstrip()
        return f"{head} {pin.text}{pin.subsection}".strip()
    return code + pin.subsection + (pin.after_reporter() if pin.kind else "")


def congress_of(src: Source) -> int:
    """The number of the Congress in session on the source's date (the 119th from 2025)."""
    assert src.date is not None
    year = src.date.year - (1 if src.date.month == 1 and src.date.day < 3 else 0)
    return (year - 1789) // 2 + 1


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "d", 3: "d"}.get(n % 10, "th")
    return f"{n}{suffix}"  # Bluebook writes "2d" and "3d", not "2nd" and "3rd"


def _statement(src: Source, *, short: bool = False) -> str:
    """ "(statement of Brad Smith, Vice Chair …)", or just the name in a short form."""
    if not src.witness:
        return ""
    who = " ".join(src.witness.split())
    return f" (statement of {escape_md(who.split(',')[0] if short else who)})"


def _hearing_full(src: Source, pin: Pin) -> str:
    title = title_case(" ".join(src.title.split()))
    committee = " ".join(src.author.split())
    if committee and "before the" not in title.lower():
        joiner = " " if "hearing" in title.lower() else ": Hearing "
        title += f"{joiner}Before the {abbreviate(committee, committee=True)}"
    head = f"*{escape_md(title)}*"
    session = f"{_ordinal(congress_of(src))} Cong." if src.date else ""
    where = " ".join(p for p in (session, pin.text) if p)
    body = _join(head, where) + (f" {pin.words}" if pin.words else "")
    if src.date:
        body += f" ({src.date.year})"
    named = [p for p in pin.parens if _STATEMENT_RE.match(p)]
    if named:  # another witness's statement: it replaces the default one and its url
        others = tuple(p for p in pin.parens if p not in named)
        rest = Pin(pin.kind, pin.text, pin.subsection, pin.words, others)
        return body + "".join(f" {p}" for p in named) + _tail(src, rest)
    url = _url(src.url) if src.url else ""
    return body + _statement(src) + _tail(src, pin, url)


def _names_statement(pin: Pin) -> bool:
    """Tell whether the citation names the statement it cites ("statement of Lisa Su")."""
    return any(_STATEMENT_RE.match(p) for p in pin.parens)


def _work_full(src: Source, pin: Pin, bare: bool) -> str:
    """Reports, articles and web pages: author, title, publication, pin, date, URL."""
    title = f"*{_title(src)}*"
    author = _author(src, bare)
    extra = " ".join(src.citation.split())
    reporter = Reporter.parse(extra) if src.type == "article" else None
    url = _url(src.url) if src.url else ""
    if src.type == "report":
        publisher = src.publisher if src.publisher and src.publisher != src.author else ""
        publisher = escape_md(abbreviate(publisher) if is_institution(publisher) else publisher)
        at = bool(extra) or src.title.rstrip()[-1:].isdigit()
        head = _join(author, title, escape_md(extra)) + pin.after_title(at=at)
        date = " ".join(p for p in (publisher, _month(src)) if p)
    elif reporter:  # an article in a journal: "12 Harv. L. Rev. 345, 350 (2020)"
        head = _join(author, title, reporter.full(True) + pin.after_reporter())
        date = str(src.date.year) if src.date else ""
    else:
        publisher = escape_md(" ".join(src.publisher.split()))
        head = _join(author, title, publisher, escape_md(extra)) + pin.after_supra()
        date = bluebook_date(src.date) if src.date else ""
        if not date and src.accessed:  # an undated page (Bluebook R18.2.1(d))
            return head + _tail(src, pin, url, visited=bluebook_date(src.accessed))
    return head + (f" ({date})" if date else "") + _tail(src, pin, url)


def _month(src: Source) -> str:
    return bluebook_date(src.date, day=False) if src.date else ""


# ---------------------------------------------------------------- later citations


def case_short_name(src: Source) -> str:
    """A case's short name: ``short:``, else the first party without "LLC", "Inc."."""
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
    src: Source,
    first_note: int | str,
    locator: str = "",
    *,
    suffix: str = "",
    commas: bool = True,
    bare: bool = False,
) -> str:
    """A later citation, without the final period: case short form, statute, *supra*."""
    pin = Pin.parse(locator, suffix, commas=commas)
    supra = f"*supra* note {first_note}"
    if src.full and not src.short:
        return format_full(src, locator, suffix=suffix, commas=commas)
    if src.full:
        return _join(escape_md(src.short), supra) + pin.after_supra() + pin.tail()
    if src.type == "case":
        return _case_short(src, pin, commas)
    if src.type == "statute":
        return _statute_short(src, pin, locator, suffix, commas)
    if src.type == "notice":
        return _notice_short(src, pin, commas, supra)
    head = _short_name(src) if hereinafter(src) else _author(src, bare) or f"*{_title(src)}*"
    named = src.type == "hearing" and _names_statement(pin)
    statement = _statement(src, short=True) if src.type == "hearing" and not named else ""
    return _join(head, supra) + pin.after_supra() + statement + pin.tail()


def _case_short(src: Source, pin: Pin, commas: bool) -> str:
    name = f"*{escape_md(case_short_name(src))}*"
    docket, reporter = _case_parts(split_parens(src.citation)[0])
    if reporter:
        if pin.kind in ("", "page"):
            return _join(name, reporter.short(pin.page, commas)) + _words(pin) + pin.tail()
        return _join(name, reporter.full(commas)) + pin.after_reporter() + pin.tail()
    if docket:
        at = f"slip op. at {pin.page}" if pin.page else docket
        return _join(name, at) + _words(pin) + pin.tail()
    return name + pin.after_title(at=True) + pin.tail()


def _words(pin: Pin) -> str:
    return f" {pin.words}" if pin.words else ""


def _statute_short(src: Source, pin: Pin, locator: str, suffix: str, commas: bool) -> str:
    if not src.public_law:  # a code section: cited in full again (Bluepages B12.1.2)
        return format_full(src, locator, suffix=suffix, commas=commas)
    name = escape_md(" ".join((src.short or src.title).split()))
    if pin.kind == "section":
        return f"{name} {pin.text}{pin.subsection}" + pin.tail()
    return _join(name, f"Pub. L. No. {src.public_law}") + pin.after_reporter() + pin.tail()


def _notice_short(src: Source, pin: Pin, commas: bool, supra: str) -> str:
    head = _short_name(src) if hereinafter(src) else _title(src)
    core = split_parens(src.citation)[0]
    reporter = Reporter.parse(core)
    if reporter and pin.kind in ("", "page"):
        return _join(head, reporter.short(pin.page, commas)) + _words(pin) + pin.tail()
    if core:
        first = escape_md(core.split(", ")[0])
        return _join(head, first) + pin.after_reporter() + pin.tail()
    return _join(head, supra) + pin.after_supra() + pin.tail()


def format_id(
    locator: str = "", *, suffix: str = "", commas: bool = True, capital: bool = True
) -> str:
    """A citation of the source cited just before: "*Id.*", "*Id.* at 4", "*id.* § 3"."""
    pin = Pin.parse(locator, suffix, commas=commas)
    word = "*Id.*" if capital else "*id.*"
    return word + pin.subsection + pin.after_id() + pin.tail()
