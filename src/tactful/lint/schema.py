"""Pydantic models of a rule file (docs/rule-format.md); compile time only."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = ["CATEGORY_BY_PREFIX", "CHECKS", "Rule", "RuleFile"]

Severity = Literal["info", "warning", "error"]
Stage = Literal["courtesy", "reminder", "second_reminder", "formal_notice", "final_notice"]
Channel = Literal["letter", "email", "sms"]
Lang = Literal["fr", "en"]
Category = Literal["threat", "guilt", "jargon", "pressure", "readability", "placeholder"]
CheckName = Literal[
    "shouting", "exclamations", "readability", "sentence-length", "placeholder", "model"
]

CHECKS: tuple[str, ...] = (
    "shouting", "exclamations", "readability", "sentence-length", "placeholder", "model",
)  # fmt: skip
LEXICAL = frozenset({"threat", "guilt", "jargon", "pressure"})
CATEGORY_BY_PREFIX = {
    "THR": "threat",
    "GLT": "guilt",
    "JAR": "jargon",
    "PRS": "pressure",
    "RDB": "readability",
    "PLH": "placeholder",
    "SUP": "suppression",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Near(_Strict):
    tokens: str | None = None
    regex: str | None = None
    window: int = Field(default=5, ge=0, le=30)
    #: where the context must stand: on either side of the match, or only before / after it
    side: Literal["both", "before", "after"] = "both"

    @model_validator(mode="after")
    def _one_kind(self) -> Near:
        if (self.tokens is None) == (self.regex is None):
            raise ValueError("give exactly one of 'tokens' or 'regex'")
        return self


class PatternGuard(_Strict):
    negated: bool = False
    near: list[Near] = Field(default_factory=list)


class PatternRequires(_Strict):
    near: list[Near] = Field(default_factory=list)


class PatternSpec(_Strict):
    tokens: str | None = None
    regex: str | None = None
    unless: PatternGuard | None = None
    requires: PatternRequires | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> PatternSpec:
        if (self.tokens is None) == (self.regex is None):
            raise ValueError("give exactly one of 'tokens' or 'regex'")
        return self


class RuleGuard(_Strict):
    negated: bool = False
    near: dict[Lang, list[Near]] = Field(default_factory=dict)


class RuleRequires(_Strict):
    near: dict[Lang, list[Near]] = Field(default_factory=dict)


class Example(_Strict):
    text: str
    stage: Stage | None = None
    channel: Channel | None = None
    profile: str | None = None


class Examples(_Strict):
    flag: list[str | Example] = Field(default_factory=list)
    pass_: list[str | Example] = Field(default_factory=list, alias="pass")


class Rule(_Strict):
    code: str = Field(pattern=r"^[A-Z]{3}\d{3}$")
    name: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    category: Category
    severity: Severity
    stages: list[Stage] | None = None
    severity_by_stage: dict[Stage, Severity] = Field(default_factory=dict)
    channels: list[Channel] | None = None
    profiles: list[str] | None = None
    message: dict[Lang, str]
    why: dict[Lang, str]
    suggest: dict[Lang, list[str]] = Field(default_factory=dict)
    #: per language, a wording the rule flags (a pattern, see docs/rule-format.md "Plain
    #: words") -> the plain words to use instead: a finding whose match holds it gets these
    #: suggestions instead of the rule's general ``suggest``
    plain: dict[Lang, dict[str, str | list[str]]] = Field(default_factory=dict)
    patterns: dict[Lang, list[str | PatternSpec]] | None = None
    check: CheckName | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    unless: RuleGuard | None = None
    requires: RuleRequires | None = None
    examples: dict[Lang, Examples]

    @field_validator("message", "why")
    @classmethod
    def _not_empty(cls, value: dict[str, str]) -> dict[str, str]:
        if not value:
            raise ValueError("give at least one language")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Rule:
        expected = CATEGORY_BY_PREFIX.get(self.code[:3])
        if expected is not None and expected != self.category:
            raise ValueError(f"code prefix {self.code[:3]} is for category {expected!r}")
        if (self.patterns is None) == (self.check is None):
            raise ValueError("a rule has either 'patterns' or 'check'")
        if self.patterns is not None and self.category not in LEXICAL:
            raise ValueError(f"a lexical rule's category is one of {sorted(LEXICAL)}")
        if self.check is None and self.params:
            raise ValueError("'params' only applies to a 'check' rule")
        if self.plain and self.patterns is None:
            raise ValueError("'plain' only applies to a rule with 'patterns'")
        for lang, table in self.plain.items():
            for key, words in table.items():
                if not key.strip() or not words or (
                    isinstance(words, list) and not all(w.strip() for w in words)
                ):
                    raise ValueError(f"plain.{lang}: give a wording and its plain words")
        return self


class RuleFile(_Strict):
    version: Literal[1]
    extends: Literal["default"] | None = None
    disable: list[str] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)


def pattern_text(spec: str | PatternSpec) -> tuple[str, bool]:
    """Return ``(source, is_regex)`` of a pattern entry."""
    if isinstance(spec, str):
        return spec, False
    if spec.regex is not None:
        return spec.regex, True
    return spec.tokens or "", False


def check_regex(source: str) -> str | None:
    """Return an error message if ``source`` is not a valid Python regex."""
    try:
        re.compile(source, re.IGNORECASE)
    except re.error as exc:
        return f"invalid regex: {exc}"
    return None
