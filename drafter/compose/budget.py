"""Fitting an op-ed to its outlet's word range, without padding: pure functions over "cuts".

A cut says how many of the lead position's points a draft makes, whether the news peg gets a
second paragraph, and how many other positions lend a supporting paragraph. ``fit`` tries
the cuts in order of preference, three points first, then two, then the longer cuts (only
to reach the outlet's minimum), and keeps the first whose body lands inside the range with a
margin below the maximum. A draft that cannot reach the minimum is not padded: ``fit``
reports it and the caller fails with the words that are missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from drafter.model import Outlet

MARGIN = 0.05  # aim this share of the maximum below it: editors count words differently


@dataclass(frozen=True)
class Budget:
    """The outlet's word range and the length aimed for inside it."""

    min: int
    max: int
    target: int


@dataclass(frozen=True)
class Cut:
    """One shape of the draft: the lead's points, the peg's second paragraph, lent paragraphs."""

    points: int
    more_lede: bool = False
    support: int = 0


def budget_for(outlet: Outlet, words: int | None = None) -> Budget:
    """The outlet's range; ``--words N`` makes N the maximum (the minimum at most 3/4 of N)."""
    low, high = outlet.words
    if words:
        low, high = min(low, round(words * 0.75)), words
    target = max(low, high - max(1, round(high * MARGIN)))
    return Budget(low, high, target)


def cuts(points: int, more_lede: bool, support: int, *, fewest: int = 2) -> list[Cut]:
    """The cuts of a draft, in order of preference.

    All the lead's points (up to three), then the fewest it may make; then, for a slot the
    lead cannot fill alone, the peg's second paragraph and one lent paragraph after another.
    """
    most = Cut(points)
    out = [most]
    if min(fewest, points) < points:
        out.append(Cut(min(fewest, points)))
    if more_lede:
        out.append(Cut(points, True))
    out += [Cut(points, more_lede, n) for n in range(1, support + 1)]
    return out


Tried = list[tuple[Cut, int]]


@dataclass(frozen=True)
class Fit:
    """What fitting found: the cut to use (None when none fits) and every cut tried."""

    cut: Cut | None
    tried: Tried
    minimum: int

    @property
    def longest(self) -> tuple[Cut, int]:
        return max(self.tried, key=lambda t: t[1])

    @property
    def shortest(self) -> tuple[Cut, int]:
        return min(self.tried, key=lambda t: t[1])

    @property
    def too_short(self) -> bool:
        """No cut fits because even the longest stays under the minimum."""
        return self.cut is None and self.longest[1] < self.minimum


def fit(count: Callable[[Cut], int], budget: Budget, order: list[Cut]) -> Fit:
    """Choose a cut: the first inside [min, target], else the first inside [min, max].

    Every cut is counted, so that a failure can say what the draft can and cannot reach.
    """
    tried = [(cut, count(cut)) for cut in order]
    for low, high in ((budget.min, budget.target), (budget.min, budget.max)):
        for cut, words in tried:
            if low <= words <= high:
                return Fit(cut, tried, budget.min)
    return Fit(None, tried, budget.min)
