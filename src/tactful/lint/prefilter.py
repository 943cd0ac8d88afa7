"""Cheap literal pre-tests for regex patterns (run time, no compile step needed).

``required_literals(regex)`` reads the parsed regex and returns lowercase ASCII strings
of which every match must contain one (``None`` when it finds none worth testing). A
text whose lowercase form holds none of them cannot match, so the regex is not run:
``str.__contains__`` is much faster than a search starting with ``\\b``.

The test is exact for texts without the few non-ASCII characters that match an ASCII
letter when ignoring case (``İ ı ſ K``): :func:`lowered` returns ``None`` for those
and the caller runs every regex.

:class:`LiteralScan` runs the tests of many regexes at once: one search of a regex
holding every literal (as a trie) tells which regexes may match.
"""

from __future__ import annotations

import re
from itertools import product
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

    One regex finds the longest literal starting at a position; each search starts one
    character after the last match, so occurrences may overlap. Every literal occurring at
    a position is a prefix of the longest one found there, so the literals present are
    exactly the literals contained in the strings found.
    """

    __slots__ = ("_all", "_always", "_by_found", "_regex")

    def __init__(self, literals: list[tuple[str, ...] | None]) -> None:
        self._all = frozenset(range(len(literals)))
        self._always = frozenset(n for n, lits in enumerate(literals) if lits is None)
        by_literal: dict[str, set[int]] = {}
        for n, lits in enumerate(literals):
            for lit in lits or ():
                by_literal.setdefault(lit, set()).add(n)
        #: a literal found → the regexes holding it or one of its substrings (or none)
        self._by_found = {
            found: self._always.union(*(ns for lit, ns in by_literal.items() if lit in found))
            for found in by_literal
        }
        self._regex = re.compile(_trie(sorted(by_literal))) if by_literal else None

    def which(self, low: str | None) -> frozenset[int]:
        """The regexes that may match the text whose :func:`lowered` form is ``low``
        (every regex when ``low`` is ``None``)."""
        if low is None:
            return self._all
        if self._regex is None:
            return self._always
        search = self._regex.search
        m = search(low)
        if m is None:
            return self._always
        by_found = self._by_found
        out = by_found[m.group()]
        m = search(low, m.start() + 1)  # occurrences may overlap
        while m is not None:
            out = out | by_found[m.group()]
            m = search(low, m.start() + 1)
        return out


def _trie(words: list[str]) -> str:
    """A regex matching each of ``words`` (non-empty), the longest first at a position."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = [re.escape(c) + build(sub) for c, sub in sorted(node.items()) if c]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return build(root)


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
