"""Cheap literal pre-tests for regex patterns (run time, no compile step needed).

``required_literals(regex)`` reads the parsed regex and returns lowercase ASCII strings
of which every match must contain one (``None`` when it finds none worth testing). A
text whose lowercase form holds none of them cannot match, so the regex is not run:
``str.__contains__`` is much faster than a search starting with ``\\b``.

The test is exact for texts without the few non-ASCII characters that match an ASCII
letter when ignoring case (``İ ı ſ K``): :func:`lowered` returns ``None`` for those
and the caller runs every regex.

:class:`LiteralScan` runs the tests of many regexes at once, through the text's chunks
(``low.split()``): which literals' keys a chunk holds is found once per distinct chunk.
"""

from __future__ import annotations

import re
from functools import reduce
from itertools import compress, product
from operator import or_
from typing import Any

try:  # Python ≥ 3.11
    from re import _constants as sre_c  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sre_c  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

__all__ = ["LiteralScan", "lowered", "required_literals"]

_MAX_STRINGS = 64
_MAX_REPEAT = 2
_CASE_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")
Strings = frozenset[str]


def lowered(text: str, low: str | None = None) -> str | None:
    """The text for the literal tests, or ``None`` when they do not apply to it. ``low``:
    the text lowercased already, as the tokenizer does (apostrophes ’ and ʼ made '), which
    serves as well: a literal is ASCII, so it occurs in it wherever it occurs in
    ``text.lower()``."""
    if text.isascii():
        return text.lower() if low is None else low
    if _CASE_TRAPS.search(text):
        return None
    return text.lower() if low is None else low


class LiteralScan:
    """Which of several regexes may match a lowered text, given each one's literals
    (from :func:`required_literals`; ``None``: always run).

    A literal is looked for through its *key*, its longest piece without whitespace: wherever
    the literal occurs, its key occurs within one of the text's *chunks* (``low.split()``).
    A text has a few chunks, the same from text to text, so the keys a chunk holds are found
    once per distinct chunk. A literal that is its key then occurs; any other is tested
    (``in``) only in a text holding its key.
    """

    __slots__ = (
        "_all", "_always", "_checked", "_found", "_key_bits", "_keys", "_masks", "_unkeyed",
        "_words",
    )

    def __init__(self, literals: list[tuple[str, ...] | None]) -> None:
        self._all = frozenset(range(len(literals)))
        self._always = frozenset(n for n, lits in enumerate(literals) if lits is None)
        by_literal: dict[str, set[int]] = {}
        for n, lits in enumerate(literals):
            for lit in lits or ():
                by_literal.setdefault(lit, set()).add(n)
        keys: dict[str, int] = {}  # key → its number
        #: per key, the regexes of the literal equal to it (they may match where it occurs)
        words: list[frozenset[int]] = []
        #: per key, the other literals holding it, with their regexes
        checked: list[list[tuple[str, frozenset[int]]]] = []
        unkeyed: list[tuple[str, frozenset[int]]] = []  # whitespace only: tested in every text
        for lit, regexes in sorted(by_literal.items()):
            key = max(lit.split(), key=len, default="")
            if not key:
                unkeyed.append((lit, frozenset(regexes)))
                continue
            if key not in keys:
                keys[key] = len(keys)
                words.append(frozenset())
                checked.append([])
            b = keys[key]
            if key == lit:
                words[b] = frozenset(regexes)
            else:
                checked[b].append((lit, frozenset(regexes)))
        self._keys = tuple(keys)
        self._key_bits = tuple(1 << b for b in range(len(keys)))
        self._words = tuple(words)
        self._checked = tuple(map(tuple, checked))
        self._unkeyed = tuple(unkeyed)
        #: chunk → the bits of the keys it holds, for the chunks seen (bounded)
        self._masks: dict[str, int] = {}
        #: keys found (bits) → the regexes that may match, for sets of keys seen that hold no
        #: literal to test (bounded)
        self._found: dict[int, frozenset[int]] = {0: self._always}

    def which(self, low: str | None) -> frozenset[int]:
        """The regexes that may match the text whose :func:`lowered` form is ``low``
        (every regex when ``low`` is ``None``)."""
        if low is None:
            return self._all
        out = self._always
        for lit, regexes in self._unkeyed:
            if lit in low:
                out = out | regexes
        if not self._keys:
            return out
        chunks = low.split()
        masks = self._masks
        try:  # every chunk seen before (a batch): C-level loops (most chunks hold no key)
            found = reduce(or_, filter(None, map(masks.__getitem__, chunks)), 0)
        except KeyError:
            found = 0
            for chunk in chunks:
                mask = masks.get(chunk)
                found |= mask if mask is not None else self._mask(chunk)
        if not self._unkeyed:
            known = self._found.get(found)
            if known is not None:
                return known
        words, checked = self._words, self._checked
        keys, tested = found, False
        while found:
            bit = found & -found
            found ^= bit
            b = bit.bit_length() - 1
            if words[b]:
                out = out | words[b]
            for lit, regexes in checked[b]:
                tested = True
                if lit in low:
                    out = out | regexes
        if not tested and not self._unkeyed and len(self._found) < _MAX_FOUND:
            self._found[keys] = out
        return out

    def _mask(self, chunk: str) -> int:
        """The bits of the keys ``chunk`` holds (remembered for the first chunks seen)."""
        mask = sum(compress(self._key_bits, map(chunk.__contains__, self._keys)))
        if len(self._masks) < _MAX_CHUNKS:
            self._masks[chunk] = mask
        return mask


#: chunks whose keys a scan remembers
_MAX_CHUNKS = 50_000
#: sets of keys whose regexes a scan remembers
_MAX_FOUND = 4096


def required_literals(regex: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lowercase strings one of which every match of ``regex`` contains, or ``None``."""
    try:
        parsed = sre_parse.parse(regex.pattern, regex.flags)
    except (re.error, RecursionError):  # pragma: no cover - it compiled already
        return None
    best = _factor(list(parsed))
    if not best or min(map(len, best)) < 2:
        return None
    return tuple(sorted(best))


def _literal(code: int) -> Strings | None:
    char = chr(code).lower()
    return frozenset((char,)) if char.isascii() and len(char) == 1 else None


def _exact(op: Any, av: Any) -> Strings | None:
    """Every string the node can match, when they are few and ASCII, else ``None``."""
    if op is sre_c.LITERAL:
        return _literal(av)
    if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
        return frozenset(("",))
    if op is sre_c.SUBPATTERN:
        return _exact_seq(list(av[-1]))
    if op is sre_c.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            strings = _exact_seq(list(alt))
            if strings is None:
                return None
            out |= strings
        return _capped(out)
    if op is sre_c.IN:
        chars: set[str] = set()
        for sub_op, sub_av in av:
            strings = _literal(sub_av) if sub_op is sre_c.LITERAL else None
            if strings is None:
                return None
            chars |= strings
        return _capped(chars)
    if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
        low, high, body = av
        one = _exact_seq(list(body))
        if one is None or high > _MAX_REPEAT:
            return None
        out = set()
        for count in range(low, high + 1):
            out |= {"".join(p) for p in product(sorted(one), repeat=count)}
        return _capped(out)
    return None


def _exact_seq(nodes: list[Any]) -> Strings | None:
    out: Strings | None = frozenset(("",))
    for op, av in nodes:
        strings = _exact(op, av)
        if strings is None or out is None:
            return None
        out = _capped({a + b for a, b in product(out, strings)})
    return out


def _factor(nodes: list[Any]) -> Strings | None:
    """Strings one of which every match of the sequence ``nodes`` contains."""
    candidates: list[Strings] = []
    run: Strings | None = frozenset(("",))
    for op, av in nodes:
        strings = _exact(op, av)
        if strings is not None and run is not None:
            joined = _capped({a + b for a, b in product(run, strings)})
            if joined is not None:
                run = joined
                continue
        if run is not None:
            candidates.append(run)
        run = strings
        if strings is None:
            inner = _inner_factor(op, av)
            if inner is not None:
                candidates.append(inner)
            run = frozenset(("",))
    if run is not None:
        candidates.append(run)
    return max(candidates, key=lambda s: (min(map(len, s)), -len(s)), default=None)


def _inner_factor(op: Any, av: Any) -> Strings | None:
    if op is sre_c.SUBPATTERN:
        return _factor(list(av[-1]))
    if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT) and av[0] >= 1:
        return _factor(list(av[2]))
    if op is sre_c.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            strings = _factor(list(alt))
            if not strings:
                return None
            out |= strings
        return _capped(out)
    return None


def _capped(strings: set[str] | Strings) -> Strings | None:
    return frozenset(strings) if len(strings) <= _MAX_STRINGS else None
