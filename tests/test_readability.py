"""Readability: syllables, sentences, the Flesch–Kincaid grade, words as a reader counts them."""

from __future__ import annotations

import pytest

from drafter.text.readability import body_text, count_words, grade, sentences, syllables, words


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("the", 1),
        ("data", 2),
        ("policy", 3),
        ("innovation", 4),
        ("regulatory", 5),
        ("a", 1),
        ("make", 1),
        ("used", 1),
        ("states", 1),
        ("firms", 1),
        ("through", 1),
        ("table", 2),
        ("people", 2),
        ("create", 2),
        ("mandates", 2),
        ("worried", 2),
        ("created", 3),
        ("every", 3),
        ("agencies", 3),
        ("companies", 3),
        ("idea", 3),
        ("licensing", 3),
        ("american", 4),
        ("available", 4),
        ("technology", 4),
        ("university", 5),
        ("hyperrealistic", 6),
        ("Policy", 3),
        ("policy's", 3),
        ("2026", 1),
    ],
)
def test_syllables(word, expected):
    assert syllables(word) == expected


def test_sentences_do_not_end_at_abbreviations():
    text = (
        "Sen. Marsha Blackburn wrote to the U.S. Copyright Office. It said no. "
        'See Bartz v. Anthropic, No. 3:24 at 4. "Why?" she asked. The end'
    )
    assert sentences(text) == [
        "Sen. Marsha Blackburn wrote to the U.S. Copyright Office.",
        "It said no.",
        "See Bartz v. Anthropic, No. 3:24 at 4.",
        '"Why?" she asked.',
        "The end",
    ]


def test_grade_of_a_known_sentence():
    # The example of Wikipedia's Flesch–Kincaid article: 13 words, 24 syllables, grade 11.3.
    text = "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature."
    assert len(words(text)) == 13
    assert sum(map(syllables, words(text))) == 24
    assert grade(text) == pytest.approx(11.3, abs=0.05)


def test_grade_of_plain_words_is_low_and_formula_exact():
    text = "The cat sat on the mat. The dog ran to the red door."
    assert grade(text) == pytest.approx(0.39 * 13 / 2 + 11.8 * 13 / 13 - 15.59)
    assert grade("") == 0.0


def test_body_leaves_out_headline_dek_and_bio_and_counts_links_as_text():
    markdown = (
        "# A Headline Here\n\n*The dek, in italics.*\n\n"
        "First paragraph with [a link](https://example.org/a.b) in it.\n\n"
        "*Emphasis* at the start is not a dek or a bio *line*.\n\n"
        "*Jordan Example is a director.*\n"
    )
    body = body_text(markdown)
    assert body == (
        "First paragraph with a link in it.\n\nEmphasis at the start is not a dek or a bio line."
    )
    assert len(body.split()) == 19
    assert count_words("Read [the report](https://example.org/report), *now*.") == 4
