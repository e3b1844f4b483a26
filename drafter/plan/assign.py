"""Whole-letter assignment: each argument written in full once, under the question it answers
best, and only pointed to from the other questions it also answers.

Answering question by question, in order, spends an argument on the first question that
mentions its subject and leaves the question it fits best with a "see also". Here every
(question, argument) pair that clears the threshold competes at once: the assignment that
maximizes the letter's total score wins (the Hungarian method, exact), with room for
MAX_FULL arguments under one question and a question's second argument counting for less,
so that answers spread over the questions rather than piling up under one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from drafter.plan.relevance import Score

MAX_FULL = 2  # arguments written in full under one question
MAX_POINTERS = 3  # answers given elsewhere that one question points to
# A pointer needs less than an answer made in full (the answer it points to is there to
# read), but it must be a close second: this much, and this share of the argument's best.
POINTER_FLOOR = 1.4
POINTER_SHARE = 0.7
SECOND_PLACE = 0.8  # what a question's second argument counts for, against its first


@dataclass(frozen=True)
class Use:
    """One argument in one answer: written in full, or a pointer to where it is."""

    key: str
    score: Score | None
    full: bool
    see: str = ""  # the question whose answer makes it in full
    pinned: bool = False


def assign(
    questions: Sequence[str],
    scores: Mapping[str, Mapping[str, Score]],
    *,
    made: Mapping[str, str] | None = None,
) -> dict[str, list[Use]]:
    """The arguments of each question, best first: those made in full here, then pointers.

    ``made`` names arguments already written in full elsewhere (pinned by a response plan),
    by the question that makes them; they are only pointed to.
    """
    made = dict(made or {})
    eligible = {
        (q, key): s
        for q in questions
        for key, s in scores.get(q, {}).items()
        if s.answers and key not in made
    }
    keys = sorted({key for _, key in eligible})
    slots = [(q, place) for q in questions for place in range(MAX_FULL)]
    chosen: dict[str, list[Use]] = {q: [] for q in questions}
    if keys and slots:
        weights = [
            [
                eligible[(q, key)].total * (SECOND_PLACE if place else 1.0)
                if (q, key) in eligible
                else 0.0
                for q, place in slots
            ]
            for key in keys
        ]
        for key, column in zip(keys, best_assignment(weights), strict=True):
            if column < 0:
                continue
            q = slots[column][0]
            chosen[q].append(Use(key, eligible[(q, key)], full=True))
            made[key] = q
    best: dict[str, float] = {}
    for q in questions:
        for key, s in scores.get(q, {}).items():
            best[key] = max(best.get(key, 0.0), s.total)
    for q in questions:
        chosen[q].sort(key=lambda u: -(u.score.total if u.score else 0.0))
        here = {u.key for u in chosen[q]}
        pointers = sorted(
            (
                (s.total, key)
                for key, s in scores.get(q, {}).items()
                if s.total >= POINTER_FLOOR
                and s.total >= POINTER_SHARE * best.get(key, 0.0)
                and key in made
                and made[key] != q
                and key not in here
            ),
            key=lambda pair: (-pair[0], pair[1]),
        )
        chosen[q] += [
            Use(key, scores[q][key], full=False, see=made[key])
            for _, key in pointers[:MAX_POINTERS]
        ]
    return chosen


def best_assignment(weights: Sequence[Sequence[float]]) -> list[int]:
    """For each row, the column it takes (or -1) so that the total weight is largest; each
    column is taken at most once and a zero weight counts as not taken."""
    rows, columns = len(weights), len(weights[0]) if weights else 0
    width = max(columns, rows)  # padding columns: a row may go unassigned
    cost = [[-w for w in row] + [0.0] * (width - columns) for row in weights]
    taken = _hungarian(cost)
    return [c if c < columns and weights[r][c] > 0 else -1 for r, c in enumerate(taken)]


def _hungarian(cost: list[list[float]]) -> list[int]:
    """The least-cost assignment of rows to columns (rows <= columns): the column of each row.

    The O(n²m) method with potentials (Kuhn and Munkres, as usually taught): each row in
    turn is added along the shortest augmenting path in the reduced costs.
    """
    n, m = len(cost), len(cost[0])
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    owner, way = [0] * (m + 1), [0] * (m + 1)  # owner[j]: the row holding column j (1-based)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        least = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = owner[j0], inf, 0
            for j in range(1, m + 1):
                if used[j]:
                    continue
                reduced = cost[i0 - 1][j - 1] - u[i0] - v[j]
                if reduced < least[j]:
                    least[j], way[j] = reduced, j0
                if least[j] < delta:
                    delta, j1 = least[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    least[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    column = [-1] * n
    for j in range(1, m + 1):
        if owner[j]:
            column[owner[j] - 1] = j - 1
    return column
