"""SMS for a consumer with two or three debts and a long payment link (issue 2, E8 trial).

Every stage x profile, in French and in English, as the creditor (with and without planned
legal action) and as a collection agency, at courtesy both before the due dates and after
them: at most two GSM-7 parts, the total, the due dates (both of two; the first and the last
of three, as "entre le ... et le ..." or, in English, "from ..." when there is no room) and a
way to pay. Long SMS word themselves more compactly through ``sms_compact``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from tactful.formatting import formatters_for
from tactful.rendering import Renderer, gsm_friendly

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("courtesy", "reminder", "second_reminder", "formal_notice", "final_notice")
PROFILES = ("standard", "first_time", "repeat", "hardship", "business")
RENDERER = Renderer()

#: ~60 characters, as payment providers' links with a customer path and a token often are
LINKS = {
    "fr_consumer": "https://paiement.energie-claire.example/client/FA-2026-0142/sms",
    "uk_consumer": "https://pay.northernfibre.example/account/INV-55120/sms-link",
}
#: debts added to each example's own: one the month after, one two months before (another year)
MORE_DEBTS = {
    "fr_consumer": [
        {"reference": "FA-2026-0198", "amount": 98.40, "currency": "EUR",
         "issue_date": "2026-02-04", "due_date": "2026-03-04"},
        {"reference": "FA-2025-1187", "amount": 61.15, "currency": "EUR",
         "issue_date": "2025-11-19", "due_date": "2025-12-19"},
    ],
    "uk_consumer": [
        {"reference": "INV-55391", "amount": 42.00, "currency": "GBP",
         "issue_date": "2026-02-09", "due_date": "2026-03-09"},
        {"reference": "INV-54877", "amount": 39.99, "currency": "GBP",
         "issue_date": "2025-11-09", "due_date": "2025-12-09"},
    ],
}
AGENCY = {
    "name": "Cabinet Morel et Associés",
    "address": {"lines": ["5 rue Garibaldi"], "postal_code": "69006", "city": "Lyon"},
    "phone": "04 72 00 00 00",
    "email": "contact@cabinet-morel.example",
}
VARIANTS = ({}, {"legal_action_planned": True}, {"sender_role": "collection_agency"})


def requests(name: str, stage: str, profile: str) -> list[dict[str, Any]]:
    base = json.loads((ROOT / "examples" / f"{name}.json").read_text("utf-8"))
    base |= {"stage": stage, "channel": "sms", "profile": profile}
    base["creditor"] = base["creditor"] | {"payment_link": LINKS[name]}
    out = []
    for count, variant in itertools.product((2, 3), VARIANTS):
        data = base | variant | {"debts": [*base["debts"], *MORE_DEBTS[name]][:count]}
        if "sender_role" in variant:
            data["agency"] = AGENCY
        out.append(data)
        if stage == "courtesy":  # also before any due date: the payments are coming up
            out.append(data | {"send_date": "2025-11-28"})
    return out


def day(d: dt.date, fr: bool) -> str:
    """The day and month as both languages' SMS print them ("1er mars", "19 fevrier", "9 Dec")."""
    if fr:
        months = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "aout",
                  "septembre", "octobre", "novembre", "décembre")
        return f"{'1er' if d.day == 1 else d.day} {months[d.month - 1]}"
    return formatters_for("en_GB").date(d, "d MMM")


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("name", sorted(LINKS))
def test_several_debts_and_a_long_link_fit_in_two_parts(
    name: str, stage: str, profile: str
) -> None:
    fr = name.startswith("fr")
    for data in requests(name, stage, profile):
        message = RENDERER.render(data)
        text = message.text
        where = (len(data["debts"]), data.get("sender_role"), data.get("send_date"), text)
        assert message.sms_encoding == "GSM-7", where
        assert message.sms_segments is not None and message.sms_segments <= 2, where
        total = sum(float(d["amount"]) for d in data["debts"])
        money = formatters_for(data["locale"]).money(total, data["debts"][0]["currency"])
        assert gsm_friendly(money) in text, where
        dues = sorted({dt.date.fromisoformat(d["due_date"]) for d in data["debts"]})
        # the first due date always; the last one too in French, and in English unless the
        # message has had to say "from <the first>"
        assert day(dues[0], fr) in text, where
        if fr or f"from {day(dues[0], fr)}" not in text:
            assert day(dues[-1], fr) in text, where
        if len(dues) == 2 and fr:
            assert all(day(d, fr) in text for d in dues), where
        agency = data.get("sender_role") == "collection_agency"
        ways = [AGENCY["phone"]] if agency else [data["creditor"]["phone"], LINKS[name]]
        assert any(way in text for way in ways), where
