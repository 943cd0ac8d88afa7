"""Compile rule files into the JSON artefact the linter loads at run time.

Run ``python -m tactful.lint.compile`` after editing ``tone_rules.yaml`` to
regenerate ``src/tactful/lint/_compiled/default.jsonl`` (a test fails while it is
stale). This module imports PyYAML, pydantic and spaCy's lookup tables; the
run-time path never imports it when an up-to-date artefact exists.

Each lemma used in a pattern is expanded to the surface forms spaCy's lookup
table maps to it (plus itself and accent-folded variants), so matching at run
time is a set membership test on the lowercased token.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from .artefact import DEFAULT_ARTEFACT, FORMAT, write_artefact
from .patterns import Gap, Item, Num, Word, parse_pattern
from .schema import Near, PatternSpec, Rule
from .tokens import fold

__all__ = ["FORMAT", "compile_rules", "lookups_version", "main", "sha256_of"]

LANGS = ("fr", "en")

#: cues that undercut a negation ("not yet", "for now"): the match is flagged after all
UNDERCUT = {
    "fr": [
        "pas encore", "pour l'instant", "pour le moment", "à ce stade", "tant que", "sauf si",
        "à moins que|qu'", "cela|ça|ceci pouvoir changer", "jusqu'à présent|maintenant",
        "pour l'heure", "préférer ne pas", "n'est-ce pas", "encore rien|personne",
        "pouvoir pas|plus *2 garantir|promettre|assurer",
    ],
    "en": [
        "=yet", "for now", "so far", "at this stage|point", "unless", "as long as",
        "that|this|things =could|=can|=might|=may change", "for the time being",
        "at the moment", "until now", "rather not", "prefer not",
    ],
}  # fmt: skip


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def lookups_version() -> str:
    from importlib.metadata import version

    return version("spacy-lookups-data")


@cache
def _lemma_table(lang: str) -> dict[str, str]:
    """spaCy's lemma lookup table for ``lang`` as ``{form: lemma}`` (lowercase forms)."""
    from spacy.lookups import load_language_data, registry

    raw = load_language_data(registry.lookups.get(lang)["lemma_lookup"])
    table: dict[str, str] = {}
    for form, lemma in raw.items():
        value = lemma[0] if isinstance(lemma, list) else lemma
        table.setdefault(form.lower(), str(value).lower())
    return table


@cache
def _inverse(lang: str) -> dict[str, frozenset[str]]:
    inverse: dict[str, set[str]] = {}
    for form, lemma in _lemma_table(lang).items():
        inverse.setdefault(lemma, set()).add(form)
    return {lemma: frozenset(forms) for lemma, forms in inverse.items()}


#: finite forms spaCy's lookup tables leave out or map elsewhere ("est" → "est" the compass
#: point, "savons" → "savon", "does" → "doe"): reviewed by hand, verbs only
MISSING_FORMS: dict[str, dict[str, tuple[str, ...]]] = {
    "fr": {
        "être": ("suis", "est", "sommes", "étais", "été", "étant"),
        "avoir": ("as", "aura"),
        "savoir": ("savons",),
        "devoir": ("doit",),
        "faire": ("fait", "faits"),
        "dire": ("dit", "dits"),
    },
    "en": {"do": ("does",)},
}

#: French irregular past participles by verb ending: "prendre" → "pris", "transmettre" → "transmis"
_FR_PARTICIPLE_ENDINGS = (
    ("prendre", "pris"), ("mettre", "mis"), ("crire", "crit"), ("uire", "uit"),
    ("indre", "int"), ("oindre", "oint"),
)  # fmt: skip


@cache
def _participles(lemma: str, lang: str) -> frozenset[str]:
    """The past participles of the French verb ``lemma`` that spaCy's table keeps as lemmas
    of their own ("saisi", "envoyé", "engagé", "pris", "coupé" with "coupée"), so that "le
    tribunal sera saisi" matches the lemma ``saisir``. A feminine form that is a noun of its
    own in the table stays out ("la saisie de vos coordonnées", "une prise en charge"), and
    a form the table gives to another lemma is kept there."""
    if lang != "fr":
        return frozenset()
    table = _lemma_table(lang)
    stems: list[str] = []
    if lemma.endswith("er") and lemma != "aller":
        stems.append(lemma[:-2] + "é")
    elif lemma.endswith("ir") and table.get(lemma[:-2] + "issons") == lemma:  # finir, saisir
        stems.append(lemma[:-2] + "i")
    for ending, participle in _FR_PARTICIPLE_ENDINGS:
        if lemma.endswith(ending):
            stems.append(lemma[: -len(ending)] + participle)
    found = set()
    for stem in stems:
        plural = stem if stem.endswith("s") else stem + "s"
        for form in (stem, plural):
            if table.get(form, form) in (form, stem, lemma):
                found.add(form)
        # feminine forms only when the table files them under the participle ("coupée" →
        # "coupé"), not when they are words of their own ("saisie", "prise")
        for form in (stem + "e", stem + "es"):
            if table.get(form) in (stem, lemma):
                found.add(form)
    return frozenset(found)


def _forms(lemma: str, lang: str) -> set[str]:
    forms = {lemma, *_inverse(lang).get(lemma, ())}
    forms |= {fold(f) for f in forms}
    # the added forms go without the accent-folded variant when that is another word
    # ("chargé" → "charge", "passé" → "passe")
    table = _lemma_table(lang)
    for form in (*MISSING_FORMS.get(lang, {}).get(lemma, ()), *_participles(lemma, lang)):
        forms.add(form)
        if table.get(fold(form), lemma) == lemma:
            forms.add(fold(form))
    return forms


class _Compiler:
    """Collects the vocabulary (form → lemmas) while compiling patterns."""

    def __init__(self) -> None:
        self.vocab: dict[str, dict[str, set[str]]] = {lang: {} for lang in LANGS}

    def _note(self, lang: str, lemma: str, forms: set[str]) -> None:
        table = _lemma_table(lang)
        vocab = self.vocab[lang]
        for form in forms:
            entry = vocab.setdefault(form, set())
            entry.add(lemma)
            entry.add(table.get(form, form))

    def item(self, item: Item, lang: str) -> dict[str, Any]:
        if isinstance(item, Gap):
            return {"g": item.size}
        if isinstance(item, Num):
            return {"n": 1, "o": item.optional}
        assert isinstance(item, Word)
        forms: set[str] = set()
        for lemma in item.lemmas:
            lemma_forms = _forms(lemma, lang)
            self._note(lang, lemma, lemma_forms)
            forms |= lemma_forms
        for word in item.exact:
            forms |= {word, fold(word)}
        return {"f": sorted(forms), "o": item.optional}

    def tokens(self, source: str, lang: str) -> list[dict[str, Any]]:
        return [self.item(i, lang) for i in parse_pattern(source, lang)]

    def near(self, near: Near, lang: str) -> dict[str, Any]:
        out: dict[str, Any] = (
            {"re": near.regex, "w": near.window}
            if near.regex is not None
            else {"t": self.tokens(near.tokens or "", lang), "w": near.window}
        )
        if near.side != "both":
            out["s"] = near.side
        return out

    def guard(self, negated: bool, nears: list[Near], lang: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if negated:
            out["neg"] = True
        if nears:
            out["near"] = [self.near(n, lang) for n in nears]
        return out

    def pattern(self, spec: str | PatternSpec, lang: str) -> dict[str, Any]:
        if isinstance(spec, str):
            return {"t": self.tokens(spec, lang)}
        out: dict[str, Any] = (
            {"re": spec.regex}
            if spec.regex is not None
            else {"t": self.tokens(spec.tokens or "", lang)}
        )
        if spec.unless is not None:
            out["unless"] = self.guard(spec.unless.negated, spec.unless.near, lang)
        if spec.requires is not None:
            out["requires"] = self.guard(False, spec.requires.near, lang)
        return out

    def rule(self, rule: Rule) -> dict[str, Any]:
        out = rule.model_dump(
            mode="json",
            by_alias=True,
            exclude={"patterns", "unless", "requires", "plain"},
            exclude_none=True,
        )
        if rule.patterns is not None:
            out.update(self.pattern_fields(rule))
        if rule.plain:
            out["plain"] = {
                lang: [
                    [key, self.tokens(key, lang), [words] if isinstance(words, str) else words]
                    for key, words in table.items()
                ]
                for lang, table in rule.plain.items()
            }
        return out

    def pattern_fields(self, rule: Any) -> dict[str, dict[str, Any]]:
        """A rule's compiled ``patterns`` and its per-language ``unless``/``requires`` guards
        (shared by tone rules and jurisdiction pack rules; no patterns gives empty tables)."""
        patterns = rule.patterns or {}
        return {
            "patterns": {
                lang: [self.pattern(s, lang) for s in specs] for lang, specs in patterns.items()
            },
            "unless": {
                lang: self.guard(
                    bool(rule.unless and rule.unless.negated),
                    rule.unless.near.get(lang, []) if rule.unless else [],
                    lang,
                )
                for lang in patterns
            },
            "requires": {
                lang: self.guard(False, rule.requires.near.get(lang, []), lang)
                for lang in patterns
                if rule.requires is not None and rule.requires.near.get(lang)
            },
        }


def compile_rules(rules: Sequence[Rule], *, sources: Sequence[str]) -> dict[str, Any]:
    """Compile validated rules into the JSON-ready artefact."""
    compiler = _Compiler()
    compiled = [compiler.rule(r) for r in rules]
    undercut = {lang: [compiler.tokens(c, lang) for c in cues] for lang, cues in UNDERCUT.items()}
    return {
        "format": FORMAT,
        "sources": list(sources),
        "lookups": lookups_version(),
        "rules": compiled,
        "undercut": undercut,
        "vocab": {lang: vocab_text(v) for lang, v in compiler.vocab.items()},
    }


def vocab_text(vocab: dict[str, set[str]]) -> str:
    """The vocabulary as ``form\\tlemma lemma`` lines: one JSON string loads much faster
    than a large mapping, and the linter parses it only when asked for lemmas."""
    lines = (f"{form}\t{' '.join(sorted(lemmas))}" for form, lemmas in sorted(vocab.items()))
    return "\n".join(lines)


def compile_files(default_path: Path | None, paths: Sequence[Path]) -> dict[str, Any]:
    """Load, validate, layer and compile rule files."""
    from .loader import load_chain

    rules = load_chain(default_path, paths)
    files = ([default_path] if default_path is not None else []) + list(paths)
    return compile_rules(rules, sources=[sha256_of(p.read_bytes()) for p in files])


def write_json(artefact: dict[str, Any], target: Path) -> None:
    """Write a plain JSON artefact (the jurisdiction packs') atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".tmp{id(artefact)}")
    tmp.write_text(json.dumps(artefact, ensure_ascii=False, separators=(",", ":")), "utf-8")
    tmp.replace(target)


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate the committed artefact for the default ``tone_rules.yaml``."""
    from .._resources import data_path
    from ..errors import TactfulError

    parser = argparse.ArgumentParser(prog="python -m tactful.lint.compile", description=__doc__)
    parser.add_argument("--rules", type=Path, default=None, help="rule file (default: built-in)")
    parser.add_argument("--output", type=Path, default=DEFAULT_ARTEFACT)
    args = parser.parse_args(argv)
    try:
        artefact = compile_files(args.rules or data_path("tone_rules.yaml"), [])
    except TactfulError as exc:
        print(f"tactful: error: {exc}", file=sys.stderr)
        return 2
    write_artefact(artefact, args.output)
    print(f"wrote {args.output} ({len(artefact['rules'])} rules)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
