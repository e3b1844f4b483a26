"""What a caller asks to draft: a letter to an agency, or an op-ed for an outlet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LetterRequest:
    """What to draft a comment letter for."""

    agency: str
    docket: str = ""
    general: bool = False  # a letter with no docket, even when the agency has one open
    positions: tuple[str, ...] = ()
    emphasis: tuple[str, ...] = ()
    signer: str = ""
    date: dt.date | None = None  # the letter's date; None: ``today``
    vars: Mapping[str, Any] = field(default_factory=dict)
    allow_placeholders: bool = False  # an internal draft: placeholders warn instead of failing
    # The day the letter is drafted on: deadlines count from it, and the next open docket is
    # chosen by it. The library never reads the clock's date from anywhere else.
    today: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True)
class OpedRequest:
    """What to draft an op-ed for."""

    outlet: str = ""  # "" picks the-hill when the workspace has it, else the first outlet
    positions: tuple[str, ...] = ()
    words: int | None = None
    peg: str = ""
    peg_date: dt.date | None = None  # when the --peg news happened (older than 30 days warns)
    headline: str = ""
    signer: str = ""
    date: dt.date | None = None  # the op-ed's date; None: ``today``
    emphasis: tuple[str, ...] = ()
    vars: Mapping[str, Any] = field(default_factory=dict)
    allow_placeholders: bool = False  # an internal draft: placeholders warn instead of failing
    today: dt.date = field(default_factory=dt.date.today)  # the day the op-ed is drafted on
