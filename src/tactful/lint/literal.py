"""Lint a masked text (same length as its source) with the source's suppressions.

Masking (:mod:`tactful.lint.masking`) blanks comments, so ``tactful: ignore[…]``
directives written in ``{# … #}`` or ``<!-- … -->`` are read from the source
here; bare directives are reported as SUP001 at their source position. A masked
text padded with :data:`~tactful.lint.masking.FILL` (decoded HTML character
references) is linted without the padding, its findings moved back to the source.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from typing import Any

from .engine import Linter, _line_starts
from .findings import Finding
from .masking import FILL, compact
from .suppress import parse_suppressions

__all__ = ["lint_masked"]


def lint_masked(
    linter: Linter,
    source: str,
    masked: str,
    *,
    locale: str | None,
    stage: Any = None,
    channel: Any = None,
    profile: Any = None,
) -> tuple[str, list[Finding]]:
    """Return the language used and the findings (positions valid in ``source``)."""
    text, offsets = compact(masked) if FILL in masked else (masked, [])
    report = linter.lint(text, locale=locale, stage=stage, channel=channel, profile=profile)
    lang = report.locale.replace("-", "_").split("_")[0].lower()
    sup = parse_suppressions(source)
    findings = report.findings
    if len(text) != len(masked):
        findings = _moved(findings, masked, offsets, _line_starts(source))
    found = [f for f in findings if not sup.suppressed(f.code, f.line)]
    seen = {(f.code, f.start) for f in found}
    if sup.bare:
        bare = linter._bare_ignores(source, lang, "text", sup.bare, _line_starts(source))
        found += [f for f in bare if (f.code, f.start) not in seen]
    found.sort(key=lambda f: (f.start, f.end, f.code))
    return lang, found


def _moved(
    findings: list[Finding], masked: str, offsets: list[int], line_starts: list[int]
) -> list[Finding]:
    """Findings on the compacted text, at their offsets, lines and columns in the source."""
    out = []
    for f in findings:
        start = offsets[f.start]
        end = offsets[f.end - 1] + 1 if f.end > f.start else start
        while end < len(masked) and masked[end] == FILL:
            end += 1
        line = bisect_right(line_starts, start)
        out.append(replace(f, start=start, end=end, line=line,
                           column=start - line_starts[line - 1] + 1))
    return out
