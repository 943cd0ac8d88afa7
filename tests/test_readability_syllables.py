"""The lazily parsed hyphenation patterns count exactly what pyphen counts."""

from __future__ import annotations

import pyphen
import pytest

from tactful.lint.readability import _dictionary

WORDS = {
    "en": [
        "invoice",
        "payment",
        "unfortunately",
        "immediately",
        "arrangement",
        "solicitors",
        "outstanding",
        "hyphenation",
        "a",
        "be",
        "reasonable",
        "consideration",
        "proceedings",
        "bailiffs",
    ],
    "fr": [
        "facture",
        "règlement",
        "malheureusement",
        "immédiatement",
        "échéancier",
        "huissier",
        "impayée",
        "ardent",
        "argent",
        "parent",
        "comment",
        "éminent",
        "latent",
        "procédure",
        "recouvrement",
    ],
}


@pytest.mark.parametrize(("lang", "pyphen_lang"), [("en", "en_US"), ("fr", "fr")])
def test_counts_equal_pyphen(lang: str, pyphen_lang: str) -> None:
    reference = pyphen.Pyphen(lang=pyphen_lang)
    patterns = _dictionary(lang)
    words = WORDS[lang] + [key.strip(".") for key in list(patterns._raw)[::7]]
    assert [patterns.count(w) for w in words] == [len(reference.positions(w)) for w in words]


def test_repeated_french_patterns_resolved_like_pyphen() -> None:
    patterns = _dictionary("fr")
    assert patterns._pyphen is None  # parsed lazily, not handed to pyphen
    assert patterns._repeated  # the French dictionary lists some patterns twice
    reference = pyphen.Pyphen(lang="fr")
    words = [key.strip(".-") for key in patterns._repeated]
    assert [patterns.count(w) for w in words] == [len(reference.positions(w)) for w in words]


@pytest.mark.parametrize(("lang", "pyphen_lang"), [("en", "en_US"), ("fr", "fr")])
def test_words_with_digits_count_like_pyphen(lang: str, pyphen_lang: str) -> None:
    reference = pyphen.Pyphen(lang=pyphen_lang)
    patterns = _dictionary(lang)
    words = ["f-2026-001", "inv2026payment", "1234,56", "a1b2c3", "réf42facture", "2nd", "x9"]
    assert [patterns.count(w) for w in words] == [len(reference.positions(w)) for w in words]


def test_only_dictionary_patterns_are_cached() -> None:
    """Pieces of the words looked up (debtors' names, references) are never kept."""
    patterns = _dictionary("en")
    for word in ("zqxwvk", "Okonkwo-Zbigniewska", "ref-77x9qz"):
        patterns.count(word)
    assert set(patterns._parsed) <= set(patterns._raw)
