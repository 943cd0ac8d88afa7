"""Every rule's inline examples: a ``flag`` example gets at least one finding of
that rule, a ``pass`` example none (default rules and the test fixture rules)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tactful.config import Config
from tactful.lint import Linter

FIXTURE_RULES = Path(__file__).parent / "fixtures" / "rules" / "traps.yaml"


def _cases(linter: Linter, origin: str) -> list[Any]:
    cases = []
    for rule in linter.rules:
        for lang, examples in rule.examples.items():
            for kind in ("flag", "pass"):
                for n, example in enumerate(examples.get(kind, []), start=1):
                    raw = {"text": example} if isinstance(example, str) else dict(example)
                    case_id = f"{origin}-{rule.code}-{rule.name}-{lang}-{kind}{n}"
                    cases.append(pytest.param(linter, rule.code, lang, kind, raw, id=case_id))
    return cases


_FIXTURE = Linter(rules=FIXTURE_RULES)


def _all_cases() -> list[Any]:
    return _cases(Linter(), "default") + _cases(_FIXTURE, "fixture")


_ALONE: dict[tuple[int, str], Linter] = {}


def _alone(linter: Linter, code: str) -> Linter:
    """The same rules with only ``code`` selected: overlapping rules of one category are
    merged into one finding per span, so an example is judged on its own rule."""
    key = (id(linter), code)
    if key not in _ALONE:
        rules = FIXTURE_RULES if linter is _FIXTURE else None
        _ALONE[key] = Linter(rules=rules, config=Config(select=(code,)))
    return _ALONE[key]


@pytest.mark.parametrize(("linter", "code", "lang", "kind", "example"), _all_cases())
def test_rule_example(
    linter: Linter, code: str, lang: str, kind: str, example: dict[str, Any]
) -> None:
    text = example.pop("text")
    report = _alone(linter, code).lint(text, locale=lang, **example)
    hits = [f for f in report.findings if f.code == code]
    if kind == "flag":
        assert hits, f"{code} should flag: {text!r}"
    else:
        assert not hits, f"{code} should not flag {text!r}: {[h.match for h in hits]}"
