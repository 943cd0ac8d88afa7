"""Per-language lookup structures of the :class:`~tactful.lint.engine.Linter`, built on
the first text of a language: token patterns by anchor word and rarest required word,
regex patterns with their literal pre-test, number-anchored patterns and check rules."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .matcher import Seq
from .prefilter import required_literals
from .rules import RuntimeRule

__all__ = ["Anchored", "Anchors", "LangIndex"]

#: rule, pattern, items, anchor item, single-form required words, multi-form required items,
#: and the first four again as one tuple (what the engine tries)
Anchored = tuple[
    int, int, Seq, int, frozenset[str], tuple[frozenset[str], ...], tuple[int, int, Seq, int]
]


#: frequent words: a pattern keyed on one of them would be tried in almost every text
_COMMON_WORDS = """
    a à au aux avec ce ces cette d' de des du elle en est et il ils je l' la le les leur lui
    ma me mes mon n' ne nous on ou par pas plus pour qu' que qui s' sa se ses son sur ta te
    un une vos votre vous y été être avez avons
    an and are as at be been but by can do for from had has have he her his i if in is it
    its may me my no not of on or our so than that the their them they this to us was we
    were will with would you your ya thee yours
"""
_COMMON = frozenset(_COMMON_WORDS.split())


def _rarity(forms: frozenset[str]) -> tuple[bool, int]:
    return not forms.isdisjoint(_COMMON), len(forms)


@dataclass(slots=True)
class Anchors:
    """Token-anchored patterns of one language: per pattern and anchor item, the anchor
    forms and an entry with the word items required after the anchor (``single``: forms
    of one-form items; ``multi``: alternatives of the others), plus a *key*: the forms of
    its most selective required item. A text holding none of the key forms cannot match
    the pattern, so it is not tried."""

    units: list[tuple[frozenset[str], Anchored]] = field(default_factory=list)
    by_key: dict[str, list[int]] = field(default_factory=dict)

    def add(self, ri: int, pi: int, items: Seq, k: int) -> None:
        """Anchor pattern ``pi`` of rule ``ri`` at its word item ``k``."""
        forms: frozenset[str] = items[k][1]
        required = [it[1] for it in items[k + 1 :] if it[0] == "f" and not it[2]]
        single = frozenset(f for alts in required if len(alts) == 1 for f in alts)
        multi = tuple(alts for alts in required if len(alts) > 1)
        key = min([*required, forms], key=_rarity)
        unit = len(self.units)
        for f in key:
            self.by_key.setdefault(f, []).append(unit)
        self.units.append((forms, (ri, pi, items, k, single, multi, (ri, pi, items, k))))

    def for_text(self, forms: set[str]) -> dict[str, list[Anchored]]:
        """Anchor form → the entries whose key occurs among ``forms``."""
        found: set[int] = set()
        by_key = self.by_key
        for form in by_key.keys() & forms:
            found.update(by_key[form])
        out: dict[str, list[Anchored]] = {}
        units = self.units
        for n in sorted(found):
            anchor_forms, entry = units[n]
            for anchor in anchor_forms.intersection(forms):
                out.setdefault(anchor, []).append(entry)
        return out


@dataclass(slots=True)
class LangIndex:
    """Everything the engine looks up for one language."""

    anchors: Anchors = field(default_factory=Anchors)
    by_number: list[tuple[int, int, Seq, int]] = field(default_factory=list)
    regexes: list[tuple[int, int, re.Pattern[str], tuple[str, ...] | None]] = field(
        default_factory=list
    )
    checks: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, rules: Sequence[RuntimeRule], lang: str) -> LangIndex:
        index = cls()
        for ri, rule in enumerate(rules):
            if rule.check is not None:
                index.checks.append(ri)
                continue
            for pi, pattern in enumerate(rule.patterns.get(lang, [])):
                if pattern.regex is not None:
                    literals = required_literals(pattern.regex)
                    index.regexes.append((ri, pi, pattern.regex, literals))
                    continue
                assert pattern.items is not None
                index.add_anchors(ri, pi, pattern.items)
        return index

    def add_anchors(self, ri: int, pi: int, items: Seq) -> None:
        """Anchor a pattern at each item a match can start with: its first item, and the
        next one while the items before are optional."""
        for k, item in enumerate(items):
            if item[0] == "g":
                return
            if item[0] == "f":
                self.anchors.add(ri, pi, items, k)
            else:
                self.by_number.append((ri, pi, items, k))
            if not item[-1]:
                return
