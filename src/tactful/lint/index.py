"""Per-language lookup structures of the :class:`~tactful.lint.engine.Linter`, built on
the first text of a language: token patterns by anchor word and rarest required word,
regex patterns with their literal pre-test, number-anchored patterns and check rules."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from .matcher import Near, Seq, interned
from .prefilter import LiteralScan, required_literals
from .rules import Pattern, RuntimeRule

__all__ = ["Anchors", "GuardPlan", "LangIndex", "Unit", "guard_plan"]

#: what :meth:`~tactful.lint.engine._Context.keep` checks for one pattern of one rule in
#: one language: negation applies, ``unless`` contexts, non-empty ``requires`` groups (one
#: of each group must be near), the negation cues among the pattern's own words and whether
#: the rule judges (a guilt rule). The ``unless`` contexts and each ``requires`` group come
#: with the words one of which starts any match of theirs (``None``: a number or anything may
#: start one): a sentence without them needs no closer look.
GuardPlan = tuple[
    bool,
    tuple[Near, ...],
    frozenset[str] | None,
    tuple[tuple[tuple[Near, ...], frozenset[str] | None], ...],
    frozenset[str],
    bool,
]

#: anchor forms, then rule, pattern, items, anchor item, single-form required words,
#: multi-form required items, the pattern's guard plan and, when every item after the
#: anchor is a plain word (no gap, number or optional word), their forms in order
Unit = tuple[
    frozenset[str],
    int,
    int,
    Seq,
    int,
    frozenset[str],
    tuple[frozenset[str], ...],
    GuardPlan,
    tuple[frozenset[str], ...] | None,
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


#: word items of a unit looked up with bit masks: its anchor and its two rarest required words
SLOTS = 3
#: forms whose mask is kept (the words of the texts seen, rule words or not)
_MAX_MASKS = 50_000
#: masks found by testing every item before the forms are indexed (cheaper for a
#: single short text, as on the command line)
_SCANNED = 400


@dataclass(slots=True)
class Anchors:
    """Token-anchored patterns of one language, one *unit* per pattern and anchor item.

    A sentence can only match a unit when it holds a form of each of the unit's word
    items: its anchor and the required words after it. Three of them (the anchor and the
    two rarest required words) are looked up at once with bit masks: with ``U`` units, unit
    ``n``'s item ``s`` owns bit ``s * U + n`` (a unit with fewer items looks its anchor up
    in the slots left), each form has the mask of the items it belongs to, and a unit is a
    candidate when its three bits are all set in the union of the masks of the sentence's
    forms: bit ``n`` of ``union & union >> U & union >> 2 * U``. A candidate still checks
    its other required words (``single``: forms of one-form items; ``multi``: alternatives
    of the others)."""

    units: list[Unit] = field(default_factory=list)
    #: per unit, its looked-up items (the forms of each), one per slot
    looked_up: list[tuple[frozenset[str], ...]] = field(default_factory=list)
    _item_bits: dict[frozenset[str], int] | None = None  # see item_bits
    _by_form: dict[str, tuple[int, ...]] | None = None  # form → its items' bits, on first use
    _masks: dict[str, int] = field(default_factory=dict)
    _active: dict[int, tuple[list[bool], int]] = field(default_factory=dict)

    def add(self, ri: int, pi: int, items: Seq, k: int, plan: GuardPlan) -> None:
        """Anchor pattern ``pi`` of rule ``ri`` at its word item ``k``."""
        forms: frozenset[str] = items[k][1]
        required = [it[1] for it in items[k + 1 :] if it[0] == "f" and not it[2]]
        required.sort(key=_rarity)
        looked_up, rest = [forms, *required[: SLOTS - 1]], required[SLOTS - 1 :]
        single = frozenset(f for alts in rest if len(alts) == 1 for f in alts)
        multi = tuple(alts for alts in rest if len(alts) > 1)
        self.looked_up.append(tuple(looked_up + [forms] * (SLOTS - len(looked_up))))
        tail = items[k + 1 :]
        words = tuple(it[1] for it in tail if it[0] == "f" and not it[2])
        plain = words if len(words) == len(tail) else None
        self.units.append((forms, ri, pi, items, k, single, multi, plan, plain))
        self._item_bits = self._by_form = None
        self._masks.clear()
        self._active.clear()

    @property
    def item_bits(self) -> dict[frozenset[str], int]:
        """Each distinct set of forms of a looked-up item → the bits of the items using it."""
        item_bits = self._item_bits
        if item_bits is None:
            item_bits = self._item_bits = {}
            width = len(self.units)
            for n, items in enumerate(self.looked_up):
                for slot, forms in enumerate(items):
                    item_bits[forms] = item_bits.get(forms, 0) | 1 << (slot * width + n)
        return item_bits

    def _mask(self, form: str) -> int:
        """The bits of the looked-up items ``form`` belongs to (0 for most words)."""
        by_form = self._by_form
        mask = 0
        if by_form is None and len(self._masks) < _SCANNED:
            # a few words (one short text): test each item's forms
            for forms, bits in self.item_bits.items():
                if form in forms:
                    mask |= bits
        else:
            if by_form is None:  # many words: index the forms once
                by_form = self._by_form = _by_form(self.item_bits)
            for bits in by_form.get(form, ()):
                mask |= bits
        if len(self._masks) < _MAX_MASKS:
            self._masks[form] = mask
        return mask

    def selected(self, active: list[bool]) -> int:
        """The bit of each unit of an active rule (bit ``n``), for ``active``."""
        cached = self._active.get(id(active))
        if cached is None or cached[0] is not active:
            bits = 0
            for n, unit in enumerate(self.units):
                if active[unit[1]]:
                    bits |= 1 << n
            cached = self._active[id(active)] = (active, bits)
        return cached[1]

    def candidates(self, forms: set[str], selected: int) -> list[int]:
        """The units among ``selected`` whose anchor and two rarest required words occur
        among ``forms`` (a sentence's words), in order."""
        try:  # every form seen before (a batch): one C-level loop
            union = reduce(or_, map(self._masks.__getitem__, forms), 0)
        except KeyError:
            union = 0
            masks = self._masks
            for form in forms:
                mask = masks.get(form)
                union |= mask if mask is not None else self._mask(form)
        width = len(self.units)
        # the narrowest first: each AND is as wide as its narrower side
        found = selected & union >> (2 * width) & union >> width & union
        out = []
        while found:
            low = found & -found
            out.append(low.bit_length() - 1)
            found ^= low
        return out


def _by_form(item_bits: dict[frozenset[str], int]) -> dict[str, tuple[int, ...]]:
    """Form → the bits of the items it belongs to (tuples of ints, which the garbage
    collector stops scanning, unlike lists)."""
    by_form: dict[str, list[int]] = {}
    for forms, bits in item_bits.items():
        for f in forms:
            if f in by_form:
                by_form[f].append(bits)
            else:
                by_form[f] = [bits]
    return {f: tuple(bits) for f, bits in by_form.items()}


def guard_plan(rule: RuntimeRule, pattern: Pattern, lang: str) -> GuardPlan:
    """The guards of ``pattern`` (of ``rule``) in ``lang``, gathered once."""
    guard = rule.unless.get(lang)
    negated = pattern.unless.negated or (guard is not None and guard.negated)
    unless = (*pattern.unless.near, *(guard.near if guard is not None else ()))
    requires = tuple(
        (tuple(group), _first_words(group))
        for group in (pattern.requires, rule.requires.get(lang, ()))
        if group
    )
    return (
        negated, unless, _first_words(unless), requires, pattern.words, rule.category == "guilt"
    )


def _first_words(nears: Sequence[Near]) -> frozenset[str] | None:
    """The words one of which starts any match of any of ``nears`` (``None``: unknown)."""
    words: set[str] = set()
    for near in nears:
        if near.starts is None or near.starts[1]:
            return None
        words |= near.starts[0]
    return interned(frozenset(words))


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
