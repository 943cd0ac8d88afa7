"""The run-time tokenizer: elisions, contractions, offsets, sentences, clauses."""

from __future__ import annotations

import pytest

from tactful.lint.tokens import fold, tokenize


def pieces(text: str, lang: str) -> list[tuple[str, str]]:
    toks = tokenize(text, lang)
    return [(text[a:b], n) for a, b, n in zip(toks.starts, toks.ends, toks.norms, strict=True)]


def test_french_elisions_are_split_with_lemmas() -> None:
    assert pieces("L’huissier qu'il n'a jusqu'ici", "fr") == [
        ("L’", "le"),
        ("huissier", "huissier"),
        ("qu'", "que"),
        ("il", "il"),
        ("n'", "ne"),
        ("a", "a"),
        ("jusqu'", "jusque"),
        ("ici", "ici"),
    ]


def test_french_words_with_apostrophes_stay_whole() -> None:
    assert [n for _, n in pieces("aujourd'hui quelqu'un", "fr")] == ["aujourd'hui", "quelqu'un"]


@pytest.mark.parametrize(
    ("text", "norms"),
    [
        ("won't", ["will", "not"]),
        ("can't", ["can", "not"]),
        ("haven't", ["have", "not"]),
        ("We’ll", ["we", "will"]),
        ("you're", ["you", "be"]),
        ("I've", ["i", "have"]),
    ],
)
def test_english_contractions(text: str, norms: list[str]) -> None:
    assert [n for _, n in pieces(text, "en")] == norms
    toks = tokenize(text, "en")
    assert "".join(text[a:b] for a, b in zip(toks.starts, toks.ends, strict=True)) == text


def test_numbers_are_one_token() -> None:
    toks = tokenize("Montant : 1 234,56 € au 15/03.", "fr")
    assert toks.norms[1] == "1 234,56" and 1 in toks.nums


def test_sentences_and_clauses() -> None:
    toks = tokenize("We did not call, but we will. Pay now!\n\nThanks", "en")
    assert toks.sents == [0, 0, 0, 0, 0, 0, 0, 1, 1, 2]
    assert toks.clauses[3] != toks.clauses[4]  # comma
    assert toks.clauses[4] == toks.clauses[5]  # "but" after a comma opens a single clause


def test_fold() -> None:
    assert fold("Échéance Cœur") == "echeance coeur"
