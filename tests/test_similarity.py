"""The similarity check of a batch: exact up to a few hundred drafts, MinHash-LSH beyond."""

from __future__ import annotations

import pickle
import random

import pytest

from drafter.batch import similarity
from drafter.batch.similarity import SimilarityCheck, method_for, shingles_of
from drafter.compose import checks


def texts(count: int, seed: int, *, words: int = 60, vocabulary: int = 13) -> dict[int, str]:
    rng = random.Random(seed)
    return {
        i: " ".join(f"w{rng.randrange(vocabulary)}" for _ in range(words)) for i in range(count)
    }


def check_all(drafts: dict[int, str], method: str, threshold: float, order=None, top=100):
    check = SimilarityCheck(method, threshold=threshold, top=top)
    for key in order or list(drafts):
        check.add(key, f"d{key:02}", f"t{key}", shingles_of(drafts[key]))
    return check.result()


def test_the_method_follows_the_size_of_the_batch():
    assert method_for(1) == "exact"
    assert method_for(similarity.EXACT_LIMIT) == "exact"
    assert method_for(similarity.EXACT_LIMIT + 1) == "minhash"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_exact_check_scores_every_pair_in_any_order(seed):
    drafts = texts(9, seed)
    drafts[9] = drafts[3]  # identical drafts: ties broken by campaign order
    order = list(drafts)
    random.Random(seed).shuffle(order)
    top, above, count = check_all(drafts, "exact", 0.3, order)
    expected = checks.most_similar({f"d{k:02}": t for k, t in drafts.items()}, n=0)
    assert [(p.a, p.b, p.similarity) for p in top] == [
        (a, b, pytest.approx(s)) for a, b, s in expected
    ]
    assert top[0].a == "d03" and top[0].b == "d09" and top[0].similarity == 1.0
    assert (top[0].a_target, top[0].b_target) == ("t3", "t9")
    assert count == sum(s > 0.3 for *_, s in expected) == len(above)
    assert check_all(drafts, "exact", 0.3) == (top, above, count)


def test_the_exact_check_keeps_the_top_pairs_only():
    drafts = texts(8, 4)
    top, _, _ = check_all(drafts, "exact", 1.0, top=3)
    expected = checks.most_similar({f"d{k:02}": t for k, t in drafts.items()}, n=3)
    assert [(p.a, p.b) for p in top] == [(a, b) for a, b, _ in expected]


def test_empty_drafts_are_alike():
    top, above, count = check_all({0: "", 1: "", 2: "one two three four five"}, "exact", 0.8)
    assert (top[0].a, top[0].b, top[0].similarity) == ("d00", "d01", 1.0)
    assert count == 1 and [(p.a, p.b) for p in above] == [("d00", "d01")]


def test_minhash_finds_the_near_copies_among_many_drafts():
    # 60 drafts of their own words, and three near-copies of drafts among them.
    drafts = texts(60, 5, words=400, vocabulary=5000)
    for copy, source in ((60, 7), (61, 21), (62, 40)):
        words = drafts[source].split()
        words[100:104] = ["changed"] * 4  # a few words changed: about 0.9 alike
        drafts[copy] = " ".join(words)
    order = list(drafts)
    random.Random(1).shuffle(order)
    top, above, count = check_all(drafts, "minhash", 0.8, order)
    assert {(p.a, p.b) for p in above} == {("d07", "d60"), ("d21", "d61"), ("d40", "d62")}
    assert count == 3
    exact = checks.most_similar({f"d{k:02}": t for k, t in drafts.items()}, n=3)
    for pair in above:
        score = next(s for a, b, s in exact if (a, b) == (pair.a, pair.b))
        assert abs(pair.similarity - score) < 0.1  # an estimate
    # The order in which drafts arrive changes nothing.
    assert check_all(drafts, "minhash", 0.8) == (top, above, count)


@pytest.mark.parametrize("threshold", [0.0, 0.5, 1.0])
def test_minhash_takes_any_threshold(threshold):
    drafts = texts(5, 2, words=200, vocabulary=50)
    drafts[5] = drafts[0]
    top, above, count = check_all(drafts, "minhash", threshold)
    assert (top[0].a, top[0].b, top[0].similarity) == ("d00", "d05", 1.0)
    assert count == len(above)
    assert count == 0 if threshold == 1.0 else count >= 1


def test_the_shingles_survive_the_trip_from_a_worker():
    text = texts(1, 3, words=300, vocabulary=900)[0]
    sent = pickle.loads(pickle.dumps(shingles_of(text)))
    assert sent == shingles_of(text) == frozenset(checks.shingles(text))
    for method in ("exact", "minhash"):
        check = SimilarityCheck(method, threshold=0.5)
        check.add(1, "a.docx", "a", sent)
        check.add(2, "b.docx", "b", shingles_of(text))
        (pair,), (above,), count = check.result()
        assert pair == above and pair.similarity == 1.0 and count == 1
