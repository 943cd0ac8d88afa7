"""Reading-ease scores without textstat: Flesch (English), Kandel–Moles (French).

Word and sentence counting follow textstat's definitions so the French score
equals ``textstat.flesch_reading_ease`` with ``lang="fr"``; syllables are
counted with pyphen (what textstat uses outside English), cached per word.
pyphen is imported on first use only.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["count_words", "reading_ease", "text_words"]

_CONTRACTION_ENDINGS = r"(?:s|m|t|ll|re|ve|d|n't)\b"
_NONCONTRACTION_APOSTROPHE = re.compile(r"'(?!" + _CONTRACTION_ENDINGS + ")")
_PUNCT_KEEP_APOSTROPHE = re.compile(r"[^\w\s']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
_DIGIT = re.compile(r"\d")
#: a whitespace-separated piece that text_words may drop: no word character in it
_PUNCT_ONLY_PIECE = re.compile(r"(?<!\S)[^\w\s]+(?!\S)")

#: (base, per word per sentence, per syllable per word)
FORMULAS = {"fr": (207.0, 1.015, 73.6), "en": (206.835, 1.015, 84.6)}
_PYPHEN_LANG = {"fr": "fr", "en": "en_US"}


def text_words(text: str) -> list[str]:
    """Words as textstat counts them (punctuation removed, contractions kept)."""
    text = _NONCONTRACTION_APOSTROPHE.sub("", text)
    return _PUNCT_KEEP_APOSTROPHE.sub("", text).split()


def count_words(text: str) -> int:
    return len(text_words(text))


def _few_words(sentence: str) -> bool:
    """``count_words(sentence) <= 2``, without the two substitutions for most sentences.

    Dropping punctuation can only remove a whitespace-separated piece made of punctuation
    alone, so a sentence of at most two pieces has at most two words, and one of more
    pieces, none of them punctuation alone, has as many words as pieces.
    """
    pieces = sentence.split()
    if len(pieces) <= 2:
        return True
    if _PUNCT_ONLY_PIECE.search(sentence) is None:
        return False
    return count_words(sentence) <= 2


def sentences_found(text: str) -> int:
    """The sentences of ``text`` that count (those of more than two words), without
    :func:`count_sentences`' floor of one: counts of pieces of a text add up."""
    sentences = _SENTENCE.findall(text)
    return len(sentences) - sum(1 for s in sentences if _few_words(s))


def count_sentences(text: str) -> int:
    if not text:
        return 0
    return max(1, sentences_found(text))


class _Patterns:
    """pyphen's hyphenation for one dictionary, its patterns parsed on first lookup.

    ``pyphen.Pyphen`` parses every pattern of a dictionary up front (tens of ms, most of
    a cold ``tactful lint``); a text needs a few hundred of them. The dictionary lines
    are indexed by their letters (digits removed, as pyphen keys them) and a line is
    parsed the way pyphen parses it when a word first needs it, so :meth:`count`
    equals ``len(pyphen.Pyphen(lang=...).positions(word))``. A dictionary using
    pyphen's rarer syntax (``^^hh`` escapes, ``/`` alternatives, padded lines) is handed
    to pyphen itself.
    """

    def __init__(self, lang: str) -> None:
        import pyphen

        self._parse = pyphen.parse
        self._left, self._right = 2, 2  # pyphen.Pyphen's defaults
        path = Path(pyphen.LANGUAGES[pyphen.language_fallback(lang)])
        with path.open("rb") as fd:
            encoding = fd.readline().decode()
        if encoding.lower() == "microsoft-cp1251":
            encoding = "cp1251"
        text = path.read_text(encoding)
        lines = text.split("\n")[1:]
        keys = _DIGIT.sub("", text).split("\n")[1:]
        self._raw = {
            key: line
            for key, line in zip(keys, lines, strict=True)
            if line and not line.startswith(pyphen.ignored)
        }
        #: a pattern listed twice: pyphen keeps the last one that is not all zeros
        self._repeated: dict[str, list[str]] = {}
        if len(self._raw) != sum(
            1 for line in lines if line and not line.startswith(pyphen.ignored)
        ):
            for key, line in zip(keys, lines, strict=True):
                if line and not line.startswith(pyphen.ignored):
                    self._repeated.setdefault(key, []).append(line)
            self._repeated = {k: v for k, v in self._repeated.items() if len(v) > 1}
        self._pyphen: Any = None
        if "^^" in text or "/" in text or any(line != line.strip() for line in lines):
            self._pyphen = pyphen.Pyphen(lang=lang)
        self._maxlen = max(map(len, self._raw), default=0)
        self._parsed: dict[str, tuple[int, tuple[int, ...]] | None] = {}

    def _pattern(self, key: str) -> tuple[int, tuple[int, ...]] | None:
        if key in self._parsed:
            return self._parsed[key]
        single = self._raw.get(key)
        if single is None:
            # not a pattern: nothing to parse, and nothing kept (keys come from the words
            # of texts, debtors' names included: only the dictionary's own keys are cached)
            return None
        found = None
        candidates = self._repeated.get(key) or ([single] if single is not None else [])
        for line in reversed(candidates):
            found = self._values(line)
            if found is not None:
                break
        self._parsed[key] = found
        return found

    def _values(self, line: str) -> tuple[int, tuple[int, ...]] | None:
        """pyphen.HyphDict.__init__, for one pattern line."""
        values = tuple(int(i or "0") for i, _string in self._parse(line))
        if max(values) == 0:
            return None
        start, end = 0, len(values)
        while not values[start]:
            start += 1
        while not values[end - 1]:
            end -= 1
        return start, values[start:end]

    def count(self, word: str) -> int:
        """Hyphenation points of ``word`` (pyphen.Pyphen.positions, counted)."""
        if self._pyphen is not None:
            return len(self._pyphen.positions(word))
        word = word.lower()  # pyphen.HyphDict.positions
        pointed_word = f".{word}."
        references = [0] * (len(pointed_word) + 1)
        # patterns hold no digits: a piece of the word holding one matches none, so the
        # pieces starting at i stop before the next digit ("f-2026-001", amounts)
        digits = [k for k, char in enumerate(pointed_word) if char.isdecimal()]
        digits.append(len(pointed_word))
        next_digit = 0
        for i in range(len(pointed_word) - 1):
            while digits[next_digit] < i:
                next_digit += 1
            stop = min(i + self._maxlen, len(pointed_word), digits[next_digit]) + 1
            for j in range(i + 1, stop):
                pattern = self._pattern(pointed_word[i:j])
                if not pattern:
                    continue
                offset, values = pattern
                slice_ = slice(i + offset, i + offset + len(values))
                references[slice_] = map(max, values, references[slice_])
        right = len(word) - self._right
        return sum(
            1
            for i, reference in enumerate(references)
            if reference % 2 and self._left <= i - 1 <= right
        )


@cache
def _dictionary(lang: str) -> _Patterns:
    return _Patterns(_PYPHEN_LANG.get(lang, lang))


def syllables(word: str, lang: str) -> int:
    """Syllables of one lowercase word (pyphen hyphenation points + 1; memoised by
    :func:`reading_ease` in a bounded memo, not here)."""
    return _dictionary(lang).count(word) + 1


class _Syllables(dict[str, int]):
    """Syllables per word as written (one dictionary look-up per word of a text).

    Bounded: batch texts carry names and addresses, so the memo is emptied when full
    rather than growing with every new one (it never leaves the process).
    """

    LIMIT = 50_000

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def __missing__(self, word: str) -> int:
        if len(self) >= self.LIMIT:
            self.clear()
        value = self[word] = syllables(word.lower(), self.lang)
        return value


@cache
def _memo(lang: str) -> _Syllables:
    return _Syllables(lang)


def reading_ease(text: str, lang: str, words: list[str] | None = None) -> float:
    """Flesch reading ease (English) or Kandel–Moles (French); 0.0 for empty text.

    ``words`` may pass ``text_words(text)`` when the caller already has them.
    """
    if words is None:
        words = text_words(text)
    sentences = count_sentences(text)
    if not words or not sentences:
        return 0.0
    return ease(len(words), sentences, sum(map(_memo(lang).__getitem__, words)), lang)


def ease(words: int, sentences: int, syllables: int, lang: str) -> float:
    """The reading-ease formula of ``lang`` on counts (``words`` and ``sentences`` > 0)."""
    base, per_sentence, per_syllable = FORMULAS.get(lang, FORMULAS["en"])
    return base - per_sentence * words / sentences - per_syllable * syllables / words
