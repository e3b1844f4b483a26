"""Fitting an op-ed to its outlet's word range: pure functions over "cuts" of a draft.

A cut says which candidate arguments a draft keeps and which parts take their short form;
``fit`` tries cuts from the fullest draft down (or up, for a draft too short) and keeps the
first whose body lands inside the range with a margin below the maximum.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

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
    """One way of cutting the draft: which candidate arguments, which of them short."""

    points: tuple[int, ...]
    short: frozenset[int] = frozenset()
    lede: bool = False  # short lede
    close: bool = False  # short close (one ask)
    concession: bool = False  # short "to be sure" paragraph


def budget_for(outlet: Outlet, words: int | None = None) -> Budget:
    """The outlet's range; ``--words N`` makes N the maximum (the minimum at most 3/4 of N)."""
    low, high = outlet.words
    if words:
        low, high = min(low, round(words * 0.75)), words
    target = max(low, high - max(1, round(high * MARGIN)))
    return Budget(low, high, target)


def cuts(n: int, concession: bool = True) -> list[Cut]:
    """The cuts of a draft of n arguments, from the fullest, in the order they are tried.

    Arguments switch to their short form from the lowest priority up, then the lowest are
    dropped down to two, then the lede, the close and the concession shorten, then the draft
    keeps one argument.
    """
    out = [Cut(tuple(range(n)))]
    for i in reversed(range(n)):
        out.append(replace(out[-1], short=out[-1].short | {i}))
    short = frozenset(range(n))
    for keep in range(n - 1, 1, -1):
        out.append(Cut(tuple(range(keep)), short & set(range(keep))))
    out.append(replace(out[-1], lede=True))
    out.append(replace(out[-1], close=True))
    if concession:
        out.append(replace(out[-1], concession=True))
    if n > 1:
        out.append(replace(out[-1], points=(0,), short=frozenset({0})))
    return out


def growths(n: int, available: int) -> Iterator[Cut]:
    """Longer drafts for a body under the minimum: one more argument at a time, full then short."""
    for k in range(n, available):
        yield Cut(tuple(range(k + 1)))
        yield Cut(tuple(range(k + 1)), frozenset({k}))


def relaxations(cut: Cut) -> Iterator[Cut]:
    """A cut with one part back in full: the arguments by priority, then the concession, the
    close and the lede (for a cut that fell under the minimum in one step).
    """
    for i in sorted(cut.short):
        yield replace(cut, short=cut.short - {i})
    for part in ("concession", "close", "lede"):
        if getattr(cut, part):
            yield replace(cut, **{part: False})


Tried = list[tuple[Cut, int]]


def fit(
    count: Callable[[Cut], int], budget: Budget, n: int, available: int, *, concession: bool = True
) -> tuple[Cut | None, Tried]:
    """Choose a cut and return it with every (cut, words) tried; the cut is None when none fits.

    The first cut inside [min, target] wins. A cut that jumps from over the target to under
    the minimum tries its relaxations first; a draft under the minimum at full length, its
    growths. Failing all that: the first cut inside the range, else the longest under the
    maximum (a draft too short is better than one too long).
    """
    tried: Tried = []

    def attempt(cut: Cut) -> bool:
        tried.append((cut, count(cut)))
        return budget.min <= tried[-1][1] <= budget.target

    previous = budget.max + 1
    for cut in cuts(n, concession):
        if attempt(cut):
            return cut, tried
        words = tried[-1][1]
        if previous > budget.target and words < budget.min:  # one step from too long to too short
            for relaxed in relaxations(cut):
                if attempt(relaxed):
                    return relaxed, tried
        previous = words
    if tried[0][1] < budget.min:
        for cut in growths(n, available):
            if attempt(cut):
                return cut, tried
            if tried[-1][1] > budget.max and cut.short:
                break  # even the newest argument's short form is too long
    inside = [t for t in tried if budget.min <= t[1] <= budget.max]
    under = [t for t in tried if t[1] <= budget.max]
    if inside:
        return inside[0][0], tried
    return (max(under, key=lambda t: t[1])[0] if under else None), tried
