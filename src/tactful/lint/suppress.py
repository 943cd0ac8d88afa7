"""``tactful: ignore[CODE1,CODE2] reason`` suppression comments.

A directive anywhere in a line (plain text, ``{# … #}`` or ``<!-- … -->``)
suppresses the listed codes (or code prefixes) on that line; when the comment
is alone on its line it applies to the next line too. A bare
``tactful: ignore`` is reported as SUP001 (severity error).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Directive", "Suppressions", "parse_suppressions"]

_DIRECTIVE = re.compile(r"tactful:\s*ignore\b(?:\[([^\]\n]*)\])?")
_OPENERS = re.compile(r"^\s*(?:\{#-?|<!--|#|//|%|;)?\s*$")


@dataclass(frozen=True, slots=True)
class Directive:
    start: int
    end: int
    line: int


@dataclass(slots=True)
class Suppressions:
    """Codes suppressed per 1-based line, and bare directives (→ SUP001)."""

    by_line: dict[int, set[str]] = field(default_factory=dict)
    bare: list[Directive] = field(default_factory=list)

    def suppressed(self, code: str, line: int) -> bool:
        codes = self.by_line.get(line)
        return bool(codes) and any(code.startswith(c) for c in codes or ())


def parse_suppressions(text: str) -> Suppressions:
    """Find every suppression directive in ``text``."""
    result = Suppressions()
    if "tactful:" not in text:
        return result
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        for m in _DIRECTIVE.finditer(line):
            if m.group(1) is None or not m.group(1).strip():
                result.bare.append(Directive(offset + m.start(), offset + m.end(), number))
                continue
            codes = {c.strip().upper() for c in re.split(r"[,\s]+", m.group(1)) if c.strip()}
            targets = [number]
            if _OPENERS.match(line[: m.start()]):
                targets.append(number + 1)
            for target in targets:
                result.by_line.setdefault(target, set()).update(codes)
        offset += len(line) + 1
    return result
