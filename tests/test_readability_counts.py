"""Readability's shortcuts count exactly what textstat's definitions count."""

from __future__ import annotations

import pytest

from tactful.lint import readability
from tactful.lint.readability import _few_words, count_words, reading_ease

SENTENCES = [
    "Merci.",
    "Bonjour Madame,",
    "— —  ' !",
    "Payez — ' maintenant",
    "It's — done",
    "Un deux trois",
    "« Oui » dit-il",
    "L' ' '",
    "Ref : INV-001 — 12,50 €",
    "a ' b",
    "…  …  …  word",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_few_words_agrees_with_the_word_count(sentence: str) -> None:
    assert _few_words(sentence) == (count_words(sentence) <= 2)


def test_the_syllable_memo_is_bounded_and_changes_no_score(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = " ".join(f"Client{i} a réglé la facture numéro {i}." for i in range(40))
    expected = reading_ease(text, "fr")
    monkeypatch.setattr(readability._Syllables, "LIMIT", 10)
    readability._memo.cache_clear()
    assert reading_ease(text, "fr") == expected
    assert 0 < len(readability._memo("fr")) <= 10
    readability._memo.cache_clear()
