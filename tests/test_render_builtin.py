"""Every built-in combination renders for every example of its language."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from tactful.formatting import formatters_for
from tactful.models import parse_request
from tactful.rendering import Renderer

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = {
    "fr": ("fr_consumer", "fr_business"),
    "en": ("uk_consumer", "us_agency"),
}
STAGES = ("courtesy", "reminder", "second_reminder", "formal_notice", "final_notice")
CHANNELS = ("letter", "email", "sms")
PROFILES = ("standard", "first_time", "repeat", "hardship", "business")
RENDERER = Renderer()


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "examples" / f"{name}.json").read_text("utf-8"))
    return data


CASES = [
    pytest.param(name, stage, channel, profile, id=f"{name}-{channel}-{stage}-{profile}")
    for names in EXAMPLES.values()
    for name, (stage, channel, profile) in itertools.product(
        names, itertools.product(STAGES, CHANNELS, PROFILES)
    )
]


@pytest.mark.parametrize(("name", "stage", "channel", "profile"), CASES)
def test_builtin_combination(name: str, stage: str, channel: str, profile: str) -> None:
    data = load(name) | {"stage": stage, "channel": channel, "profile": profile}
    request = parse_request(data)
    message = RENDERER.render(request)
    fmt = formatters_for(request.locale)
    text = message.text
    assert fmt.money(request.total_outstanding, request.currency).replace(
        "\u00a0", " ").replace("\u202f", " ") in text.replace("\u00a0", " ").replace("\u202f", " ")
    assert request.debts[0].reference in text
    due = min(d.due_date for d in request.debts)
    styles = ("long", "medium", "short") if channel == "sms" else ("long",)
    dates = {fmt.date(d, style) for d in (request.effective_deadline, due) for style in styles}
    dues = sorted({d.due_date for d in request.debts})
    if len(dues) == 2 and (dues[0].year, dues[0].month) == (dues[1].year, dues[1].month):
        dates.add(f"{dues[0].day} et {fmt.date(dues[1])}")  # « les 4 et 19 février 2026 »
    assert any(d.replace("\u00a0", " ") in text.replace("\u00a0", " ") for d in dates)
    for marker in ("{{", "{%", "}}", "%}"):
        assert marker not in text
    if channel == "sms":
        assert message.sms_segments is not None and message.sms_segments <= 2
    else:
        assert message.subject
        assert message.html is not None and "{{" not in message.html


@pytest.mark.parametrize("name", ("fr_consumer", "uk_consumer", "us_agency"))
@pytest.mark.parametrize("channel", CHANNELS)
def test_business_terms_never_reach_a_consumer(name: str, channel: str) -> None:
    """The business profile asked for a debtor who is not a business: the standard templates
    are used (no late-payment penalties, no 40 € indemnity) and the audit says so."""
    data = load(name) | {"stage": "formal_notice", "channel": channel, "profile": "business"}
    message = RENDERER.render(parse_request(data))
    standard = RENDERER.render(parse_request(data | {"profile": "standard"}))
    assert message.text == standard.text and message.html == standard.html
    assert (message.audit.requested_profile, message.audit.used_profile) == ("business", "standard")
    assert "L441" not in message.text and "Late Payment" not in message.text
    data["debtor"] = {**data["debtor"], "is_business": True}
    b2b = RENDERER.render(parse_request(data))
    assert b2b.audit.used_profile == "business" and b2b.text != standard.text
