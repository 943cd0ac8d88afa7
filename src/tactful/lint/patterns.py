"""Parse the token-pattern syntax of docs/rule-format.md (compile time only).

A pattern is a space-separated sequence of items:

* ``word`` — any inflection of the lemma ``word``;
* ``=word`` — exactly ``word``;
* ``a|b|=c`` — alternatives; a trailing ``?`` makes the item optional;
* ``*`` / ``*N`` — a gap of 0..N tokens (``*`` is ``*3``);
* ``#NUM`` — a number.

Words holding an apostrophe or a hyphen (``l'huissier``, ``peut-être``) are
split like the tokenizer splits text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .tokens import tokenize

__all__ = ["Gap", "Num", "PatternSyntaxError", "Word", "parse_pattern"]

MAX_GAP = 10
_WORD = re.compile(r"=?[\w'’-]+")


class PatternSyntaxError(ValueError):
    """A token pattern is malformed; the message quotes the faulty item."""


@dataclass(frozen=True)
class Word:
    """Alternatives: ``lemmas`` match any inflection, ``exact`` only the word itself."""

    lemmas: tuple[str, ...]
    exact: tuple[str, ...]
    optional: bool = False


@dataclass(frozen=True)
class Gap:
    size: int


@dataclass(frozen=True)
class Num:
    optional: bool = False


Item = Word | Gap | Num


def _split_compound(word: str, lang: str) -> list[str]:
    """``l'huissier`` → ``['le', 'huissier']`` using the runtime tokenizer."""
    return tokenize(word, lang).norms


def _parse_word(raw: str, lang: str) -> list[Item]:
    optional = raw.endswith("?")
    body = raw[:-1] if optional else raw
    alts = body.split("|")
    if not body or any(not _WORD.fullmatch(a) for a in alts):
        raise PatternSyntaxError(f"unknown item {raw!r}")
    if len(alts) == 1 and re.search(r"['’-]", body):
        exact = body.startswith("=")
        parts = _split_compound(body.lstrip("="), lang)
        if len(parts) > 1:
            return [Word((), (p,), optional) if exact else Word((p,), (), optional) for p in parts]
    lemmas: list[str] = []
    exact_words: list[str] = []
    for alt in alts:
        word = alt.lower().replace("’", "'")
        if word.startswith("="):
            exact_words.append(word[1:])
        else:
            lemmas.append(word)
    if any(not w for w in exact_words):
        raise PatternSyntaxError(f"unknown item {raw!r}")
    return [Word(tuple(lemmas), tuple(exact_words), optional)]


def _parse_item(raw: str, lang: str) -> list[Item]:
    if raw.startswith("*"):
        size = raw[1:] or "3"
        if not size.isdigit() or int(size) > MAX_GAP:
            raise PatternSyntaxError(f"unknown item {raw!r} (a gap is * or *N, N ≤ {MAX_GAP})")
        return [Gap(int(size))]
    if raw in ("#NUM", "#NUM?"):
        return [Num(optional=raw.endswith("?"))]
    if raw.startswith("#"):
        raise PatternSyntaxError(f"unknown item {raw!r}")
    return _parse_word(raw, lang)


def parse_pattern(text: str, lang: str) -> list[Item]:
    """Parse one token pattern; raise :class:`PatternSyntaxError` when invalid."""
    items: list[Item] = []
    for raw in text.split():
        items.extend(_parse_item(raw, lang))
    if not items:
        raise PatternSyntaxError("empty pattern")
    if isinstance(items[0], Gap) or isinstance(items[-1], Gap):
        raise PatternSyntaxError("a pattern cannot start or end with a gap")
    if all(isinstance(i, Gap) or getattr(i, "optional", False) for i in items):
        raise PatternSyntaxError("a pattern needs at least one required word")
    return items
