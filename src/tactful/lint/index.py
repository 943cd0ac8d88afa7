"""Per-language lookup structures of the :class:`~tactful.lint.engine.Linter`, built on
the first text of a language: token patterns by anchor word and rarest required word,
regex patterns with their literal pre-test, number-anchored patterns and check rules."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .matcher import Near, Seq
from .prefilter import LiteralScan, required_literals
from .rules import Pattern, RuntimeRule

__all__ = ["Anchors", "GuardPlan", "LangIndex", "Unit", "guard_plan"]

#: what :meth:`~tactful.lint.engine._Context.keep` checks for one pattern of one rule in
#: one language: negation applies, ``unless`` contexts, non-empty ``requires`` groups (one
#: of each group must be near), the pattern's own words and whether the rule judges
#: (a guilt rule)
GuardPlan = tuple[bool, tuple[Near, ...], tuple[tuple[Near, ...], ...], frozenset[str], bool]

#: anchor forms, then rule, pattern, items, anchor item, single-form required words,
#: multi-form required items and the pattern's guard plan
Unit = tuple[
    frozenset[str], int, int, Seq, int, frozenset[str], tuple[frozenset[str], ...], GuardPlan
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
#: frequent too, if less so: other function words and the words of any letter about a debt
_FREQUENT_WORDS = """
    ai alors après as aucun aucune aussi autre autres avant avoir bien c' car ceci cela
    celui cet chez comme comment dans depuis donc dont encore entre fait faire faut j'
    jusqu' leurs là m' mais moins même non notre nos peu peut plus quand quel quelle
    rien sans si sont sous t' tant toujours tout toute toutes tous très trop votre
    aujourd'hui déjà jour jours temps ici maintenant
    facture factures montant paiement paiements payer payé réglement règlement régler
    compte dette dettes somme sommes date délai
    about after again all also any anything because before being could did does done
    each even ever get go going how just know let like make more most much must now
    one only other out over please should some still such then there these those time
    too up very way what when where which who why any can't
    account amount balance debt debts invoice invoices owe owed pay paid paying payment
    payments today
"""
_FREQUENT = frozenset(_FREQUENT_WORDS.split())


def _rarity(forms: frozenset[str]) -> tuple[int, int]:
    """Sort key of a required word's forms: rare words first, then fewer forms."""
    if not forms.isdisjoint(_COMMON):
        return 2, len(forms)
    return (1 if not forms.isdisjoint(_FREQUENT) else 0), len(forms)


@dataclass(slots=True)
class Anchors:
    """Token-anchored patterns of one language, one *unit* per pattern and anchor item.

    Each unit has a *key*: the forms of its most selective word item (the anchor or a
    required word after it). ``by_key`` maps a key form to the anchor forms of the units
    keyed on it, and those to the units: a sentence holding no key form of a unit, or no
    anchor form, cannot match it, so the unit is not tried. A unit found keeps the other
    required words to check (``single``: forms of one-form items; ``multi``: alternatives
    of the others)."""

    units: list[Unit] = field(default_factory=list)
    by_key: dict[str, dict[str, list[int]]] = field(default_factory=dict)

    def add(self, ri: int, pi: int, items: Seq, k: int, plan: GuardPlan) -> None:
        """Anchor pattern ``pi`` of rule ``ri`` at its word item ``k``."""
        forms: frozenset[str] = items[k][1]
        required = [it[1] for it in items[k + 1 :] if it[0] == "f" and not it[2]]
        choices = [*required, forms]
        key_at = choices.index(min(choices, key=_rarity))
        rest = [alts for n, alts in enumerate(required) if n != key_at]
        single = frozenset(f for alts in rest if len(alts) == 1 for f in alts)
        multi = tuple(alts for alts in rest if len(alts) > 1)
        unit = len(self.units)
        for key_form in choices[key_at]:
            by_anchor = self.by_key.setdefault(key_form, {})
            # keyed on the anchor itself: the key form is the anchor form
            for anchor in forms if key_at < len(required) else (key_form,):
                by_anchor.setdefault(anchor, []).append(unit)
        self.units.append((forms, ri, pi, items, k, single, multi, plan))

    def candidates(self, forms: set[str]) -> set[int]:
        """The units whose key and anchor occur among ``forms`` (a sentence's words)."""
        found: set[int] = set()
        by_key = self.by_key
        for form in forms:
            by_anchor = by_key.get(form)
            if by_anchor is not None:
                for anchor in by_anchor.keys() & forms:
                    found.update(by_anchor[anchor])
        return found


def guard_plan(rule: RuntimeRule, pattern: Pattern, lang: str) -> GuardPlan:
    """The guards of ``pattern`` (of ``rule``) in ``lang``, gathered once."""
    guard = rule.unless.get(lang)
    negated = pattern.unless.negated or (guard is not None and guard.negated)
    unless = (*pattern.unless.near, *(guard.near if guard is not None else ()))
    requires = tuple(
        tuple(group) for group in (pattern.requires, rule.requires.get(lang, [])) if group
    )
    return negated, unless, requires, pattern.words, rule.category == "guilt"


@dataclass(slots=True)
class LangIndex:
    """Everything the engine looks up for one language."""

    anchors: Anchors = field(default_factory=Anchors)
    by_number: list[tuple[int, int, Seq, int, GuardPlan]] = field(default_factory=list)
    regexes: list[tuple[int, int, re.Pattern[str], tuple[str, ...] | None, GuardPlan]] = field(
        default_factory=list
    )
    checks: list[int] = field(default_factory=list)
    #: which of ``regexes`` may match a text (their literal pre-tests, run at once)
    scan: LiteralScan = field(default_factory=lambda: LiteralScan([]))

    @classmethod
    def build(cls, rules: Sequence[RuntimeRule], lang: str) -> LangIndex:
        index = cls()
        for ri, rule in enumerate(rules):
            if rule.check is not None:
                index.checks.append(ri)
                continue
            for pi, pattern in enumerate(rule.patterns.get(lang, [])):
                plan = guard_plan(rule, pattern, lang)
                if pattern.regex is not None:
                    literals = required_literals(pattern.regex)
                    index.regexes.append((ri, pi, pattern.regex, literals, plan))
                    continue
                assert pattern.items is not None
                index.add_anchors(ri, pi, pattern.items, plan)
        index.scan = LiteralScan([entry[3] for entry in index.regexes])
        return index

    def add_anchors(self, ri: int, pi: int, items: Seq, plan: GuardPlan) -> None:
        """Anchor a pattern at each item a match can start with: its first item, and the
        next one while the items before are optional."""
        for k, item in enumerate(items):
            if item[0] == "g":
                return
            if item[0] == "f":
                self.anchors.add(ri, pi, items, k, plan)
            else:
                self.by_number.append((ri, pi, items, k, plan))
            if not item[-1]:
                return
