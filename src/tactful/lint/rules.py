"""Run-time rule objects built from the compiled artefact (no YAML, no pydantic)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .matcher import (
    Guard,
    Near,
    Seq,
    Starts,
    compile_items,
    find_in_sentence,
    pattern_words,
    start_forms,
)
from .tokens import tokenize

__all__ = ["Pattern", "PlainEntry", "RuntimeRule", "build_rule", "plain_words"]


#: a wording a rule flags and its plain words: (the wording as written in the rule file, the
#: wording compiled, its plain words, what a match of it can start with)
PlainEntry = tuple[str, Seq, tuple[str, ...], Starts]


@dataclass(slots=True)
class Pattern:
    items: Seq | None
    regex: re.Pattern[str] | None
    unless: Guard
    requires: tuple[Near, ...]
    words: frozenset[str] = frozenset()


@dataclass(slots=True)
class RuntimeRule:
    code: str
    name: str
    category: str
    severity: str
    message: Mapping[str, str]
    why: Mapping[str, str]
    suggest: Mapping[str, Sequence[str]]
    stages: frozenset[str] | None = None
    severity_by_stage: Mapping[str, str] = field(default_factory=dict)
    channels: frozenset[str] | None = None
    profiles: frozenset[str] | None = None
    check: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    patterns: Mapping[str, list[Pattern]] = field(default_factory=dict)
    unless: dict[str, Guard] = field(default_factory=dict)
    requires: dict[str, tuple[Near, ...]] = field(default_factory=dict)
    examples: Mapping[str, Any] = field(default_factory=dict)
    #: per language, the wordings with plain words: see :func:`plain_words`
    plain: Mapping[str, tuple[PlainEntry, ...]] = field(default_factory=dict)

    def applies(self, stage: str | None, channel: str | None, profile: str | None) -> bool:
        if (
            stage is not None
            and self.stages is not None
            and stage not in self.stages
            and stage not in self.severity_by_stage
        ):
            return False
        if channel is not None and self.channels is not None and channel not in self.channels:
            return False
        return not (
            profile is not None and self.profiles is not None and profile not in self.profiles
        )

    def localized(self, table: Mapping[str, Any], lang: str, default: Any = "") -> Any:
        if lang in table:
            return table[lang]
        return table.get("en", next(iter(table.values()), default)) if table else default


def _near(raw: Mapping[str, Any]) -> Near:
    side = str(raw.get("s", "both"))
    if "re" in raw:
        return Near(None, re.compile(raw["re"], re.IGNORECASE), int(raw["w"]), side)
    return Near(compile_items(raw["t"]), None, int(raw["w"]), side)


def _nears(raw: Sequence[Mapping[str, Any]]) -> tuple[Near, ...]:
    return tuple(map(_near, raw))  # most often (), which the garbage collector never scans


def _guard(raw: Mapping[str, Any] | None) -> Guard:
    raw = raw or {}
    return Guard(bool(raw.get("neg")), _nears(raw.get("near", ())))


def _pattern(raw: Mapping[str, Any]) -> Pattern:
    items = compile_items(raw["t"]) if "t" in raw else None
    regex = re.compile(raw["re"], re.IGNORECASE) if "re" in raw else None
    requires = _nears((raw.get("requires") or {}).get("near", ()))
    words = pattern_words(items) if items is not None else frozenset()
    return Pattern(items, regex, _guard(raw.get("unless")), requires, words)


class _Patterns(Mapping[str, list[Pattern]]):
    """A rule's patterns per language, built from the artefact on first use of a
    language (a command-line run lints one language: the other is never built). Once built,
    a language's raw patterns are let go: the decoded artefact line is freed when every
    rule has built its patterns from it, instead of being held as long as the linter (tens
    of thousands of lists and dicts for the garbage collector to scan)."""

    __slots__ = ("_built", "_langs", "_raw")

    def __init__(
        self, raw: Mapping[str, Sequence[Mapping[str, Any]] | Callable[[], Sequence[Any]]]
    ) -> None:
        self._langs = tuple(raw)
        self._raw = dict(raw)
        self._built: dict[str, list[Pattern]] = {}

    def __getitem__(self, lang: str) -> list[Pattern]:
        built = self._built.get(lang)
        if built is None:
            raw = self._raw[lang]
            if callable(raw):  # a loaded artefact decodes a language's patterns on demand
                raw = raw()
            built = self._built[lang] = [_pattern(p) for p in raw]
            del self._raw[lang]
        return built

    def __iter__(self) -> Iterator[str]:
        return iter(self._langs)

    def __len__(self) -> int:
        return len(self._langs)


def _maybe_set(value: Any) -> frozenset[str] | None:
    return frozenset(value) if value is not None else None


def build_rule(raw: Mapping[str, Any]) -> RuntimeRule:
    return RuntimeRule(
        code=raw["code"],
        name=raw["name"],
        category=raw["category"],
        severity=raw["severity"],
        message=raw["message"],
        why=raw.get("why", {}),
        suggest=raw.get("suggest", {}),
        stages=_maybe_set(raw.get("stages")),
        severity_by_stage=raw.get("severity_by_stage", {}),
        channels=_maybe_set(raw.get("channels")),
        profiles=_maybe_set(raw.get("profiles")),
        check=raw.get("check"),
        params=raw.get("params", {}),
        patterns=_Patterns(raw.get("patterns", {})),
        plain={
            lang: tuple(_plain_entry(key, items, words) for key, items, words in entries)
            for lang, entries in raw.get("plain", {}).items()
        },
        unless={lang: _guard(g) for lang, g in raw.get("unless", {}).items()},
        requires={lang: _nears(g.get("near", ())) for lang, g in raw.get("requires", {}).items()},
        examples=raw.get("examples", {}),
    )


def _plain_entry(key: str, raw: Any, words: Sequence[str]) -> PlainEntry:
    items = compile_items(raw)
    return key, items, tuple(words), start_forms(items)


def plain_words(entries: Sequence[PlainEntry], match: str, lang: str) -> tuple[str, ...] | None:
    """The plain words of the first of a rule's ``entries`` whose wording occurs in
    ``match`` (the flagged text), or ``None``: "remittance" in "remittance is required"
    gives "payment". Each wording is tried only where the words it can start with occur."""
    toks = tokenize(match, lang)
    n = len(toks)
    for _key, items, words, starts in entries:
        if find_in_sentence(items, toks, 0, n, starts):
            return words
    return None
