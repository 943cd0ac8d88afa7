"""Guess whether a text is French or English from stopword counts."""

from __future__ import annotations

import re

__all__ = ["infer_lang"]

_WORD = re.compile(r"[^\W\d_]+")
_FR = frozenset(
    [
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "de",
        "du",
        "et",
        "est",
        "vous",
        "votre",
        "vos",
        "nous",
        "notre",
        "nos",
        "pour",
        "pas",
        "que",
        "qui",
        "dans",
        "sur",
        "avec",
        "ce",
        "cette",
        "sont",
        "avez",
        "être",
        "merci",
        "au",
        "aux",
        "ne",
        "en",
        "par",
        "si",
    ]
)
_EN = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "is",
        "are",
        "you",
        "your",
        "we",
        "our",
        "for",
        "not",
        "that",
        "which",
        "in",
        "on",
        "with",
        "this",
        "be",
        "have",
        "has",
        "thank",
        "of",
        "to",
        "by",
        "if",
        "please",
        "it",
    ]
)


def infer_lang(text: str) -> str:
    """Return ``"fr"`` or ``"en"`` (English on a tie or an empty text)."""
    fr = en = 0
    for word in _WORD.findall(text.lower()):
        if word in _FR:
            fr += 1
        elif word in _EN:
            en += 1
    return "fr" if fr > en else "en"
