"""What a debtor read in the trial of every example at every stage (issue 2, rendering).

* courtesy messages about payments already missed say so gently, in the past tense, instead
  of announcing them as coming up; before the due dates they still announce them;
* a collection agency never thanks the debtor for being a customer, for their trust or loyalty;
* Canadian (Quebec) French says "courriel", never "e-mail".
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tactful.rendering import RenderedMessage, Renderer

ROOT = Path(__file__).resolve().parents[1]
NAMES = ("fr_consumer", "fr_business", "uk_consumer", "us_agency")
STAGES = ("courtesy", "reminder", "second_reminder", "formal_notice", "final_notice")
CHANNELS = ("letter", "email", "sms")
PROFILES = ("standard", "first_time", "repeat", "hardship", "business")
AGENCY = {
    "name": "Recouvrement Exemple",
    "address": {"lines": ["3 rue Neuve"], "postal_code": "69001", "city": "Lyon",
                "country": "FR"},
    "phone": "04 00 00 00 00",
    "email": "aide@example.org",
}
RENDERER = Renderer()

#: wording that announces a payment as still to come
COMING = {
    "en": re.compile(r"coming up|is due on|are due|is due (on|from|between)|due soon|"
                     r"falls due|make sure your payment reaches us", re.I),
    "fr": re.compile(r"à venir|approche|arrivent? (bientôt )?à échéance|à effectuer au plus "
                     r"tard|avant (votre paiement|vos paiements|échéance)|à régler (le|les|entre)|"
                     r"est prévu|sont prévus|\) prévus? (le|les|entre)|prochaine|d'ici là", re.I),
}
#: wording that says, gently, that a payment was missed
MISSED = {
    "en": re.compile(r"not reached us yet|not received (payment )?yet|was due|were due"),
    "fr": re.compile(r"pas encore (reçu|parvenu|réglé|enregistré)|attendus? (le|les)|"
                     r"échues? (le|les)|en attente"),
}


def example(name: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "examples" / f"{name}.json").read_text("utf-8"))
    return data | changes


def read(message: RenderedMessage) -> str:
    """What the debtor reads: subject and text, spaces made plain."""
    text = f"{message.subject or ''}\n{message.text}"
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def debts_due_after(data: dict[str, Any], days: int) -> dict[str, Any]:
    """``data`` sent ``days`` before its first due date (every debt still to come)."""
    import datetime as dt

    first = min(dt.date.fromisoformat(d["due_date"]) for d in data["debts"])
    return data | {"send_date": (first - dt.timedelta(days=days)).isoformat()}


@pytest.mark.parametrize("name", NAMES)
def test_courtesy_about_a_missed_payment_says_it_was_due(name: str) -> None:
    """Every example is overdue at its send date: every courtesy message, subject included,
    says the payment was due and has not reached the creditor yet, and nothing announces it
    as coming up; sent before the due dates, the same messages announce it."""
    lang = name[:2] if name.startswith("fr") else "en"
    for channel, profile, agency in itertools.product(CHANNELS, PROFILES, (False, True)):
        data = example(name, stage="courtesy", channel=channel, profile=profile)
        if agency:
            data |= {"sender_role": "collection_agency", "agency": data.get("agency", AGENCY)}
        where = (channel, profile, agency)
        late = read(RENDERER.render(data))
        # (a US collection agency words its messages for Regulation F in place of the stage's
        # wording: its first letter or email is the validation notice, which states the debt as
        # of its due date and the amount now, and its SMS only say who writes and the debt)
        notice = name == "us_agency"
        assert not COMING[lang].search(late), (where, COMING[lang].search(late), late)
        assert notice or MISSED[lang].search(late), (where, late)
        coming = read(RENDERER.render(debts_due_after(data, 10)))
        assert notice or COMING[lang].search(coming), (where, coming)
        assert not MISSED[lang].search(coming), (where, MISSED[lang].search(coming), coming)


@pytest.mark.parametrize("lang", ("fr", "en"))
def test_a_payment_due_on_the_send_date_is_coming_not_missed(lang: str) -> None:
    name = "fr_consumer" if lang == "fr" else "uk_consumer"
    data = debts_due_after(example(name, stage="courtesy"), 0)
    text = read(RENDERER.render(data))
    assert COMING[lang].search(text) and not MISSED[lang].search(text), text


#: a collection agency has no customer relationship with the debtor
CUSTOMER = re.compile(r"customer|being with us|your trust|your business|always paying on time|"
                      r"confiance|fidélité", re.I)


@pytest.mark.parametrize("name", NAMES)
def test_an_agency_never_thanks_the_debtor_for_being_a_customer(name: str) -> None:
    for stage, channel, profile in itertools.product(STAGES, CHANNELS, PROFILES):
        data = example(name, stage=stage, channel=channel, profile=profile,
                       sender_role="collection_agency")
        data.setdefault("agency", AGENCY)
        text = read(RENDERER.render(data))
        assert not CUSTOMER.search(text), (stage, channel, profile, text)


@pytest.mark.parametrize("lang", ("fr", "en"))
def test_the_creditor_still_thanks_a_first_time_customer(lang: str) -> None:
    name = "fr_consumer" if lang == "fr" else "uk_consumer"
    for channel in CHANNELS:
        data = example(name, stage="courtesy", channel=channel, profile="first_time")
        assert CUSTOMER.search(read(RENDERER.render(data))), channel


@pytest.mark.parametrize("name", ("fr_consumer", "fr_business"))
def test_quebec_french_says_courriel(name: str) -> None:
    """fr_CA (or plain fr to a debtor in Canada) says "courriel"; French from France keeps
    "e-mail"; nothing else in the built-in French wording differs (letters write the
    French addresses with their country, abroad from Canada, and babel groups digits with
    another space)."""
    quebec = {"fr_CA": {}, "fr": {"country": "CA"}}
    for stage, channel, profile, agency in itertools.product(
            STAGES, ("letter", "email"), PROFILES, (False, True)):
        data = example(name, stage=stage, channel=channel, profile=profile)
        if agency:
            data |= {"sender_role": "collection_agency", "agency": AGENCY}
        france = RENDERER.render(data | {"locale": "fr_FR"})
        assert "e-mail" in france.text and "courriel" not in france.text
        for locale, address in quebec.items():
            debtor = data["debtor"] | {"address": data["debtor"]["address"] | address}
            message = RENDERER.render(data | {"locale": locale, "debtor": debtor})
            for part in (message.subject or "", message.text, message.html or ""):
                assert "e-mail" not in part.lower(), (locale, stage, channel, profile)
            assert "par courriel à" in message.text
            if locale == "fr_CA" and channel == "email" and not agency:  # (no address)
                assert read(message) == read(france).replace("e-mail", "courriel")
