"""Built-in templates rendered with the examples lint clean at their own stage (issue 3 point 9).

Each example is rendered as given and, where it names an agency, also as sent by that
collection agency; every stage x channel x profile. The linter must report no threat,
guilt, jargon or pressure finding, in the body or the subject, at the message's own stage.
"""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from tactful.lint import Linter
from tactful.rendering import Renderer

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NAMES = ("fr_consumer", "fr_business", "uk_consumer", "us_agency")
STAGES = ("courtesy", "reminder", "second_reminder", "formal_notice", "final_notice")
CHANNELS = ("letter", "email", "sms")
PROFILES = ("standard", "first_time", "repeat", "hardship", "business")
TONE = {"threat", "guilt", "jargon", "pressure"}


def variants(name: str) -> list[tuple[str, dict[str, Any]]]:
    base = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    out = [(name, base)]
    if base.get("agency") and base.get("sender_role") != "collection_agency":
        agency = copy.deepcopy(base)
        agency["sender_role"] = "collection_agency"
        out.append((f"{name}+agency", agency))
    legal = copy.deepcopy(base)
    legal["legal_action_planned"] = True
    out.append((f"{name}+legal", legal))
    return out


@pytest.fixture(scope="module")
def tools() -> tuple[Renderer, Linter]:
    return Renderer(), Linter()


@pytest.mark.parametrize("name", NAMES)
def test_builtin_templates_lint_clean(name: str, tools: tuple[Renderer, Linter]) -> None:
    renderer, linter = tools
    dirty = []
    checked = 0
    for label, base in variants(name):
        for stage, channel, profile in itertools.product(STAGES, CHANNELS, PROFILES):
            data = copy.deepcopy(base)
            data.update(stage=stage, channel=channel, profile=profile)
            message = renderer.render(data)
            report = linter.lint(
                message, locale=data["locale"], stage=stage, channel=channel, profile=profile
            )
            checked += 1
            for finding in [*report.findings, *report.subject_findings]:
                if finding.category in TONE:
                    dirty.append(f"{label} {channel}/{stage}/{profile}: {finding.code} "
                                 f"{finding.match!r}")
    assert checked >= 150
    assert not dirty, f"{len(dirty)} findings, e.g.\n" + "\n".join(dirty[:15])
