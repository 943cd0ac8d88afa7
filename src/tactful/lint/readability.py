"""Reading-ease scores without textstat: Flesch (English), Kandel–Moles (French).

Word and sentence counting follow textstat's definitions so the French score
equals ``textstat.flesch_reading_ease`` with ``lang="fr"``; syllables are
counted with pyphen (what textstat uses outside English), cached per word.
pyphen is imported on first use only.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

__all__ = ["count_words", "reading_ease", "text_words"]

_CONTRACTION_ENDINGS = r"(?:s|m|t|ll|re|ve|d|n't)\b"
_NONCONTRACTION_APOSTROPHE = re.compile(r"'(?!" + _CONTRACTION_ENDINGS + ")")
_PUNCT_KEEP_APOSTROPHE = re.compile(r"[^\w\s']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")

#: (base, per word per sentence, per syllable per word)
FORMULAS = {"fr": (207.0, 1.015, 73.6), "en": (206.835, 1.015, 84.6)}
_PYPHEN_LANG = {"fr": "fr", "en": "en_US"}


def text_words(text: str) -> list[str]:
    """Words as textstat counts them (punctuation removed, contractions kept)."""
    text = _NONCONTRACTION_APOSTROPHE.sub("", text)
    return _PUNCT_KEEP_APOSTROPHE.sub("", text).split()


def count_words(text: str) -> int:
    return len(text_words(text))


def count_sentences(text: str) -> int:
    if not text:
        return 0
    sentences = _SENTENCE.findall(text)
    ignored = sum(1 for s in sentences if count_words(s) <= 2)
    return max(1, len(sentences) - ignored)


@cache
def _dictionary(lang: str) -> Any:
    import pyphen

    return pyphen.Pyphen(lang=_PYPHEN_LANG.get(lang, lang))


@cache
def syllables(word: str, lang: str) -> int:
    """Syllables of one lowercase word (pyphen hyphenation points + 1)."""
    return len(_dictionary(lang).positions(word)) + 1


def reading_ease(text: str, lang: str) -> float:
    """Flesch reading ease (English) or Kandel–Moles (French); 0.0 for empty text."""
    words = text_words(text)
    sentences = count_sentences(text)
    if not words or not sentences:
        return 0.0
    total = sum(syllables(w.lower(), lang) for w in words)
    base, per_sentence, per_syllable = FORMULAS.get(lang, FORMULAS["en"])
    return base - per_sentence * len(words) / sentences - per_syllable * total / len(words)
