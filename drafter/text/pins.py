"""Pieces of a Bluebook citation: dates, page numbers, pinpoints, reporter citations.

Page numbers of five or more digits take thousands commas (Bluebook R6.2(a)) unless
``commas`` is off; a page range keeps its last two digits and drops the others it repeats
(R3.2(a): "245–47"). Every function here runs in linear time on its input.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
           "Dec.")  # fmt: skip
_NUMBER_RE = re.compile(r"\d+(?:,\d{3}(?!\d))*")
_PAGE_NUMBER_RE = re.compile(r"\*?\d+(?:,\d{3})*")
_RANGE_RE = re.compile(r"(\*?)(\d+(?:,\d{3})*)–(\*?)(\d+(?:,\d{3})*)")
_SUBSECTION_RE = re.compile(r"(?:\([A-Za-z0-9]{1,8}\))+")
_STATEMENT_RE = re.compile(r"(?:prepared )?(?:statement|testimony|remarks) of\b", re.I)
_MD_SPECIAL_RE = re.compile(r"([\\`*_\[\]<>])")


def bluebook_date(date: dt.date, *, day: bool = True) -> str:
    """Format a date with Bluebook month abbreviations: "Aug. 30, 2023" or "Aug. 2023"."""
    month = _MONTHS[date.month - 1]
    return f"{month} {date.day}, {date.year}" if day else f"{month} {date.year}"


def escape_md(text: str) -> str:
    """Escape Markdown punctuation in a plain-text field and collapse its whitespace."""
    return _MD_SPECIAL_RE.sub(r"\\\1", " ".join(text.split()))


def group(number: str, commas: bool) -> str:
    """Put thousands commas in a number of five or more digits (Bluebook R6.2(a)), else none."""
    digits = number.replace(",", "")
    if not commas or len(digits) < 5:
        return digits
    head = len(digits) % 3 or 3
    return ",".join([digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)])


def group_all(text: str, commas: bool) -> str:
    """Apply the comma rule to every number in text."""
    return _NUMBER_RE.sub(lambda m: group(m[0], commas), text)


def page_range(text: str, commas: bool) -> str:
    """Apply the comma rule to pages and shorten ranges: "59945–59947" → "59,945–47"."""

    def shorten(m: re.Match[str]) -> str:
        a, b = m[2].replace(",", ""), m[4].replace(",", "")
        if len(a) == len(b) and not m[1] and not m[3]:
            keep = len(b)
            while keep > 2 and a[: len(a) - keep + 1] == b[: len(b) - keep + 1]:
                keep -= 1
            return f"{group(a, commas)}–{b[-keep:]}"
        return f"{m[1]}{group(a, commas)}–{m[3]}{group(b, commas)}"

    return (
        group_all(_RANGE_RE.sub(shorten, text), commas) if "–" in text else group_all(text, commas)
    )


# ---------------------------------------------------------------- reporter citations


@dataclass(frozen=True)
class Reporter:
    """A reporter or register citation: "593 U.S. 1", "88 Fed. Reg. 59,942", "2025 WL 17"."""

    volume: str
    name: str
    page: str

    @classmethod
    def parse(cls, text: str) -> Reporter | None:
        """Read "VOLUME NAME PAGE"; None when text is not such a citation."""
        tokens = text.split()
        if len(tokens) < 3 or not tokens[0].isdigit() or "§" in text:
            return None
        page = tokens[-1]
        if not _PAGE_NUMBER_RE.fullmatch(page) or tokens[1][0].isdigit():
            return None
        return cls(tokens[0], " ".join(tokens[1:-1]), page)

    @property
    def westlaw(self) -> bool:
        return self.name in ("WL", "U.S. Dist. LEXIS", "LEXIS")

    def full(self, commas: bool) -> str:
        page = self.page if self.westlaw else group(self.page, commas)  # a document number
        return f"{self.volume} {self.name} {page}"

    def short(self, pin: str, commas: bool) -> str:
        """The short form: "593 U.S. at 39", "2025 WL 1741691, at *5", "593 U.S. 1"."""
        if self.westlaw:
            return self.full(commas) + (f", at {pin}" if pin else "")
        return f"{self.volume} {self.name} at {pin}" if pin else self.full(commas)


def split_parens(citation: str) -> tuple[str, list[str]]:
    """Split "No. 1 (N.D. Cal. 2025) (order)" into ("No. 1", ["(N.D. Cal. 2025)", "(order)"])."""
    text = " ".join(citation.split())
    groups: list[str] = []
    while text.endswith(")"):
        depth, i = 0, len(text) - 1
        while i >= 0:
            depth += {")": 1, "(": -1}.get(text[i], 0)
            if depth == 0:
                break
            i -= 1
        if i < 0 or (i > 0 and text[i - 1] != " "):
            break  # unbalanced, or "§ 107(a)": part of the citation
        groups.insert(0, text[i:])
        text = text[:i].rstrip()
    return text, groups


def fr_cite(citation: str, date: dt.date | None = None, *, page_commas: bool = True) -> str:
    """Normalize a reporter citation ("88 Fed. Reg. 59942") and append its date when given."""
    core, parens = split_parens(citation)
    head, _, rest = core.partition(", ")
    reporter = Reporter.parse(head)
    if reporter:
        core = reporter.full(page_commas) + (f", {group_all(rest, page_commas)}" if rest else "")
    text = " ".join([core, *parens])
    if date is not None and not any(re.search(r"\d{4}\)$", p) for p in parens):
        text = f"{text} ({bluebook_date(date)})"
    return text


# ---------------------------------------------------------------- pinpoints


@dataclass(frozen=True)
class Pin:
    """A parsed locator and suffix: the pinpoint, its kind, and what follows it.

    kind: "page" ("12", "3–5", "12 n.4"), "section" ("§ 3(a)"), "para" ("¶ 5"), "label"
    ("ch. 2", "tit. II"), or "" for none; text: the pinpoint as printed; subsection: a
    suffix such as "(a)" that continues a statute's section; words: other suffix text;
    parens: parenthetical suffixes ("(quoting X)").
    """

    kind: str = ""
    text: str = ""
    subsection: str = ""
    words: str = ""
    parens: tuple[str, ...] = ()

    @classmethod
    def parse(cls, locator: str, suffix: str = "", *, commas: bool = True) -> Pin:
        """Interpret a normalized locator ("p. 4", "§ 3", "¶ 5") and a suffix."""
        label, _, value = locator.partition(" ")
        kind, text = "", ""
        if label in ("p.", "pp.", "at"):
            kind, text = (
                "page",
                page_range(value.replace(" n. ", " n.").replace(" nn. ", " nn."), commas),
            )
        elif label in ("§", "§§"):
            kind, text = "section", f"{label} {value}"
        elif label in ("¶", "¶¶"):
            kind, text = "para", f"{label} {value}"
        elif label in ("n.", "nn."):
            kind, text = "page", f"{label}{value}"
        elif label:
            kind, text = "label", f"{label} {value}"
        subsection, words, parens = "", "", []
        rest = suffix.strip()
        if m := _SUBSECTION_RE.match(rest):
            subsection, rest = m[0], rest[m.end() :].strip().removeprefix(",").strip()
        core, groups = split_parens(rest)
        if _STATEMENT_RE.match(core):
            groups.insert(0, f"({core})")
            core = ""
        words, parens = core, groups
        return cls(kind, text, subsection, words, tuple(parens))

    @property
    def page(self) -> str:
        return self.text if self.kind == "page" else ""

    def _with_words(self, text: str) -> str:
        return f"{text} {self.words}" if self.words else text

    def after_reporter(self) -> str:
        """After a reporter citation: "593 U.S. 1, 12", "88 Fed. Reg. 59,942, ¶ 5"."""
        return self._with_words(f", {self.text}" if self.text else "")

    def after_title(self, *, at: bool) -> str:
        """After a work's title: "*Title* 12", "*Title*, at 12" (at=True), "*Title* § 3"."""
        if self.kind == "page":
            return self._with_words(f", at {self.text}" if at else f" {self.text}")
        return self._with_words(f" {self.text}" if self.text else "")

    def after_supra(self) -> str:
        """After "*supra* note 4": ", at 12", ", § 3", ", ¶ 5"."""
        if self.kind == "page":
            return self._with_words(f", at {self.text}")
        return self._with_words(f", {self.text}" if self.text else "")

    def after_id(self) -> str:
        """After "*Id.*": " at 12", " § 3", " ¶ 5"."""
        if self.kind == "page":
            return self._with_words(f" at {self.text}")
        return self._with_words(f" {self.text}" if self.text else "")

    def tail(self) -> str:
        """The parentheticals, each after a space."""
        return "".join(f" {p}" for p in self.parens)
