"""Lint a masked text (same length as its source) with the source's suppressions.

Masking (:mod:`tactful.lint.masking`) blanks comments, so ``tactful: ignore[…]``
directives written in ``{# … #}`` or ``<!-- … -->`` are read from the source
here; bare directives are reported as SUP001 at their source position.
"""

from __future__ import annotations

from typing import Any

from .engine import Linter, _line_starts
from .findings import Finding
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
    report = linter.lint(masked, locale=locale, stage=stage, channel=channel, profile=profile)
    lang = report.locale.replace("-", "_").split("_")[0].lower()
    sup = parse_suppressions(source)
    found = [f for f in report.findings if not sup.suppressed(f.code, f.line)]
    seen = {(f.code, f.start) for f in found}
    if sup.bare:
        bare = linter._bare_ignores(source, lang, "text", sup.bare, _line_starts(source))
        found += [f for f in bare if (f.code, f.start) not in seen]
    found.sort(key=lambda f: (f.start, f.end, f.code))
    return lang, found
