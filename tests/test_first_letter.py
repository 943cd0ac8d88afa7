"""A collection agency's later messages recall its first letter (France: CPCE R124-4,
last paragraph): request fields, wording in both languages, validation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tactful import RequestError, render

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
AGENCY = {
    "name": "Recouvra SAS", "phone": "02 40 00 00 00", "email": "contact@recouvra.example",
    "address": {"lines": ["5 rue du Port"], "postal_code": "44000", "city": "Nantes",
                "country": "FR"},
}  # fmt: skip


def request(example: str, **agency: Any) -> dict[str, Any]:
    data = json.loads((EXAMPLES / example).read_text(encoding="utf-8"))
    data.update(sender_role="collection_agency", agency={**AGENCY, **agency})
    data.update(stage="second_reminder", send_date="2026-03-15")
    return data


@pytest.mark.parametrize("channel", ["letter", "email"])
def test_french_letters_and_emails_recall_the_first_letter(channel: str) -> None:
    data = request("fr_consumer.json", first_letter_reference="RC-2026-0099",
                   first_letter_date="2026-03-01")
    text = render({**data, "channel": channel}).text.replace("\u00a0", " ")
    assert ("Nous vous avons écrit une première fois le 1er mars 2026 "
            "(courrier de référence RC-2026-0099).") in text
    without = render({**request("fr_consumer.json"), "channel": channel}).text
    assert "première fois" not in without


def test_french_sms_recalls_it_briefly() -> None:
    data = request("fr_consumer.json", first_letter_reference="RC-2026-0099",
                   first_letter_date="2026-03-01")
    sms = render({**data, "channel": "sms"})
    assert "(courrier RC-2026-0099 du 01/03/26)" in sms.text
    assert sms.sms_segments <= 2


def test_english_letters_recall_it_too() -> None:
    data = request("uk_consumer.json", first_letter_reference="FC-77",
                   first_letter_date="2026-03-02")
    text = render({**data, "channel": "letter"}).text
    assert "This follows our first letter of 2 March 2026 (reference FC-77)." in text
    only_ref = request("uk_consumer.json", first_letter_reference="FC-77")
    assert "This follows our first letter (reference FC-77)." in render(only_ref).text


def test_first_letter_cannot_postdate_the_message() -> None:
    data = request("fr_consumer.json", first_letter_date="2026-04-01")
    with pytest.raises(RequestError, match=r"agency\.first_letter_date"):
        render(data)
