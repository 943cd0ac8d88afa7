"""What the linter reports: :class:`Finding` and :class:`LintReport`."""

from __future__ import annotations

from collections import deque
from dataclasses import asdict, dataclass, field, fields
from itertools import repeat
from operator import call
from typing import Any

__all__ = ["SEVERITIES", "Finding", "LintReport", "severity_rank"]

SEVERITIES = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    """``info`` < ``warning`` < ``error``."""
    return SEVERITIES.index(severity)


@dataclass(frozen=True, slots=True)
class Finding:
    """One flagged wording. ``text[start:end] == match`` always holds for the
    text the finding was made on (``part`` says which: ``"text"`` or ``"subject"``)."""

    code: str
    name: str
    category: str
    severity: str
    start: int
    end: int
    line: int
    column: int
    match: str
    message: str
    why: str = ""
    suggestions: tuple[str, ...] = ()
    note: str = ""
    part: str = "text"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["suggestions"] = list(self.suggestions)
        return data


#: each field's slot setter, in field order
_SETTERS = tuple(getattr(Finding, f.name).__set__ for f in fields(Finding))
_new = object.__new__


def new_finding(values: tuple[Any, ...]) -> Finding:
    """``Finding(*values)`` (every field, in field order) in a third less time: the slots
    are filled in one C-level loop instead of one ``object.__setattr__`` call per field
    (the linter makes one per finding)."""
    finding = _new(Finding)
    deque(map(call, _SETTERS, repeat(finding), values), 0)
    return finding


@dataclass(slots=True)
class LintReport:
    """The findings for one text.

    ``findings`` holds the body findings (offsets into the linted text). When a
    :class:`~tactful.rendering.RenderedMessage` with a subject is linted,
    ``subject_findings`` holds the subject's findings, whose offsets, line and
    column refer to the *subject* (``part == "subject"``). ``all_findings``
    joins both.
    """

    locale: str
    stage: str | None = None
    channel: str | None = None
    profile: str | None = None
    findings: list[Finding] = field(default_factory=list)
    subject_findings: list[Finding] = field(default_factory=list)

    @property
    def all_findings(self) -> list[Finding]:
        return [*self.subject_findings, *self.findings]

    @property
    def ok(self) -> bool:
        """True when nothing at warning or above was found."""
        return not self.at_or_above("warning")

    def at_or_above(self, severity: str) -> list[Finding]:
        rank = severity_rank(severity)
        return [f for f in self.all_findings if severity_rank(f.severity) >= rank]

    @property
    def categories(self) -> set[str]:
        return {f.category for f in self.all_findings}

    def to_dict(self) -> dict[str, Any]:
        return {
            "locale": self.locale,
            "stage": self.stage,
            "channel": self.channel,
            "profile": self.profile,
            "findings": [f.to_dict() for f in self.all_findings],
        }
