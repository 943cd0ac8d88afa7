"""The findings of one file, as every output format sees them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .findings import Finding, severity_rank

__all__ = ["FileReport", "counts", "failing"]


@dataclass
class FileReport:
    """``findings`` are positions in ``source`` (the file's own text)."""

    path: str
    source: str
    findings: list[Finding] = field(default_factory=list)
    locale: str | None = None
    stage: str | None = None
    channel: str | None = None
    profile: str | None = None
    kind: str = "text"  # text | html | template


def counts(reports: Iterable[FileReport]) -> dict[str, int]:
    out = {"info": 0, "warning": 0, "error": 0}
    for report in reports:
        for f in report.findings:
            out[f.severity] += 1
    return out


def failing(reports: Iterable[FileReport], fail_on: str) -> bool:
    threshold = severity_rank(fail_on)
    return any(severity_rank(f.severity) >= threshold for r in reports for f in r.findings)
