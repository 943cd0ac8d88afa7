"""Cheap literal pre-tests for regex patterns (run time, no compile step needed).

``required_literals(regex)`` reads the parsed regex and returns lowercase ASCII strings
of which every match must contain one (``None`` when it finds none worth testing). A
text whose lowercase form holds none of them cannot match, so the regex is not run:
``str.__contains__`` is much faster than a search starting with ``\\b``.

The test is exact for texts without the few non-ASCII characters that match an ASCII
letter when ignoring case (``İ ı ſ K``): :func:`lowered` returns ``None`` for those
and the caller runs every regex.
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

__all__ = ["lowered", "required_literals"]

_MAX_STRINGS = 64
_MAX_REPEAT = 2
_CASE_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")
Strings = frozenset[str]


def lowered(text: str) -> str | None:
    """The text for the literal tests, or ``None`` when they do not apply to it."""
    return None if _CASE_TRAPS.search(text) else text.lower()


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
