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


def _due_dates_in(text: str, dues: list[Any], fmt: Any) -> bool:
    """Every due date as the SMS prints it ("4 Feb 2026", "Feb 4, 2026"), or two in one
    ("4 and 19 Feb 2026", "Feb 4 and 19, 2026", "4 Feb and 4 Mar 2026", "Feb 4 and Mar 4, 2026")."""
    text = text.replace("\u00a0", " ")
    shown = [fmt.date(d, "medium") for d in dues]
    if all(s in text for s in shown):
        return True
    if len(dues) != 2 or dues[0].year != dues[1].year:
        return False
    a, b = dues
    if shown[0].startswith(fmt.date(a, "MMM")):  # US style
        first = fmt.date(a, "MMM d")
        last = f"{b.day}, {b.year}" if a.month == b.month else shown[1]
    else:
        first, last = fmt.date(a, "d" if a.month == b.month else "d MMM"), shown[1]
    return f"{first} and {last}" in text


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize(
    ("name", "locale"), [("uk_consumer", None), ("us_agency", None), ("fr_business", "en_GB")]
)
def test_english_sms_give_every_due_date(name: str, locale: str | None, stage: str) -> None:
    """Every English SMS states the debts' own due dates, not only the date to pay by, within
    two GSM-7 parts (more compact wording through sms_compact when needed), with the US
    collection agency's first-message disclosure."""
    for profile, legal in itertools.product(PROFILES, (False, True)):
        data = load(name) | {"stage": stage, "channel": "sms", "profile": profile,
                             "legal_action_planned": legal}
        if locale:
            data["locale"] = locale
        data["debtor"] = {**data["debtor"], "is_business": profile == "business"}
        request = parse_request(data)
        message = RENDERER.render(request)
        where = (name, stage, profile, legal, message.text)
        dues = sorted({d.due_date for d in request.debts})
        assert _due_dates_in(message.text, dues, formatters_for(request.locale)), where
        assert message.sms_encoding == "GSM-7" and message.sms_segments is not None, where
        assert message.sms_segments <= 2, where
        if name == "us_agency":  # the agency's first message: its request recalls no letter
            assert message.text.startswith(
                "Fairway Recovery Services LLC is a debt collector attempting to collect a debt"
            ), where
            assert "; any information obtained will be used for that purpose. " in message.text
            assert message.text.endswith(" Reply STOP to opt out."), where
