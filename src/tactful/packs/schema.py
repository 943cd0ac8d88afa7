"""Pydantic models of a jurisdiction pack file (``src/tactful/packs/*.yaml``); compile time only.

A pack reuses the tone rules' pattern language (``tokens``/``regex`` patterns with
``unless``/``requires`` guards, see docs/rule-format.md) and adds what a legal
check needs: the facts-file level (``block``/``error``/``warn``/``info``), whether the
fact is verified, a citation, a ``when`` predicate over the message context, and a
``kind`` (``prohibited`` wording, ``required`` mention, ``caps`` statements).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..lint.schema import Lang, PatternSpec, RuleGuard, RuleRequires, Stage

__all__ = ["LEVEL_SEVERITY", "PackExample", "PackFile", "PackRule", "When"]

Level = Literal["block", "error", "warn", "info"]
Kind = Literal["prohibited", "required", "caps"]
#: facts-file level -> linter severity (an unverified fact never goes above ``warning``)
LEVEL_SEVERITY = {"block": "error", "error": "error", "warn": "warning", "info": "info"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class When(_Strict):
    """Context predicate: every given field must hold (omitted = any)."""

    sender_role: list[Literal["creditor", "collection_agency"]] | None = None
    debtor: Literal["consumer", "business"] | None = None
    time_barred: bool | None = None
    legal_action_planned: bool | None = None
    initial_contact: bool | None = None
    validation_notice: bool | None = None
    stages: list[Stage] | None = None
    channels: list[Literal["letter", "email", "sms"]] | None = None
    profiles: list[str] | None = None


class PackExample(_Strict):
    """A test case: ``text`` under a context (the pack's jurisdiction is implied)."""

    text: str
    subject: str | None = None
    context: dict[str, str | bool] = Field(default_factory=dict)


class PackExamples(_Strict):
    flag: list[PackExample] = Field(min_length=1)
    pass_: list[PackExample] = Field(min_length=1, alias="pass")


class PackRule(_Strict):
    code: str = Field(pattern=r"^(FR|US|UK)\d{3}$")
    name: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    kind: Kind
    level: Level
    verified: bool = True
    cite: str = Field(min_length=3)
    when: When = Field(default_factory=When)
    message: dict[Lang, str]
    why: dict[Lang, str]
    suggest: dict[Lang, list[str]] = Field(default_factory=dict)
    patterns: dict[Lang, list[str | PatternSpec]] | None = None
    #: ``required``: the exact text (compared after normalising spaces, quotes, apostrophes)
    text: dict[Lang, str] | None = None
    #: ``required``: a context value that must appear verbatim (``agency_name``…)
    names: list[Literal["agency_name", "creditor_name", "first_letter_reference"]] = Field(
        default_factory=list
    )
    #: ``caps``: the fewest consecutive capitalised words that make a statement in capitals
    min_words: int = Field(default=4, ge=2, le=20)
    unless: RuleGuard | None = None
    requires: RuleRequires | None = None
    examples: dict[Lang, PackExamples]

    @model_validator(mode="after")
    def _consistent(self) -> PackRule:
        if self.kind == "prohibited" and not self.patterns:
            raise ValueError("a prohibited rule needs 'patterns'")
        if self.kind == "required" and not (self.patterns or self.text or self.names):
            raise ValueError("a required rule needs 'patterns', 'text' or 'names'")
        if self.kind == "caps" and (self.patterns or self.text):
            raise ValueError("a caps rule takes no 'patterns' or 'text'")
        if not self.verified and self.level in ("block", "error"):
            raise ValueError("an unverified fact ships as 'warn' or 'info' (regulation.md)")
        return self

    @property
    def severity(self) -> str:
        return LEVEL_SEVERITY[self.level]


class PackFile(_Strict):
    version: Literal[1]
    jurisdiction: Literal["FR", "US", "UK"]
    title: dict[Lang, str]
    scope: dict[Lang, str]
    not_covered: dict[Lang, list[str]] = Field(default_factory=dict)
    rules: list[PackRule]

    @model_validator(mode="after")
    def _unique(self) -> PackFile:
        seen: set[str] = set()
        for rule in self.rules:
            if rule.code in seen:
                raise ValueError(f"duplicate rule code {rule.code}")
            if not rule.code.startswith(self.jurisdiction):
                raise ValueError(f"{rule.code}: codes in this pack start with {self.jurisdiction}")
            seen.add(rule.code)
        return self
