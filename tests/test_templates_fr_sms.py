"""The built-in French SMS bodies, rendered through the real renderer.

Every body is rendered for both French examples, as the creditor and as a
collection agency, with and without planned legal action, and must stay in
GSM-7 within two segments, state the facts and keep a calm tone.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tactful.channels import encoding, segments
from tactful.lint import lint
from tactful.rendering import RenderedMessage, Renderer

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates" / "fr"
STAGES = ("courtesy", "reminder", "second_reminder", "formal_notice", "final_notice")
PROFILES = ("standard", "first_time", "repeat", "hardship", "business")
LATE_STAGES = ("formal_notice", "final_notice")
EXAMPLES = ("fr_consumer", "fr_business")
#: the most SMS parts a built-in message may take (GSM-7: 306 septets)
MAX_SEGMENTS = 2
AGENCY = {
    "name": "Cabinet Morel et Associés",
    "address": {"lines": ["5 rue Garibaldi"], "postal_code": "69006", "city": "Lyon"},
    "phone": "04 72 00 00 00",
    "email": "contact@cabinet-morel.example",
}
FORBIDDEN = (
    "huissier", "commissaire de justice", "saisie", "saisir vos", "employeur", "immédiatement",
    "urgent", "sans délai", "dernière chance", "honte", "mauvais payeur", "!",
)
RENDERER = Renderer()


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "examples" / f"{name}.json").read_text("utf-8"))
    return data


def render(
    name: str, stage: str, profile: str, *, agency: bool = False, legal: bool = False,
    **changes: Any,
) -> RenderedMessage:
    data = example(name) | {
        "stage": stage, "channel": "sms", "profile": profile, "legal_action_planned": legal,
    } | changes
    if agency:
        data |= {"sender_role": "collection_agency", "agency": AGENCY}
    if profile == "business":  # B2B wording is for business debtors only
        data["debtor"] = {**data["debtor"], "is_business": True}
    return RENDERER.render(data)


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


CASES = [
    pytest.param(name, stage, profile, id=f"{name}-{stage}-{profile}")
    for name, stage, profile in itertools.product(EXAMPLES, STAGES, PROFILES)
]
VARIANTS = [
    {"agency": agency, "legal": legal}
    for agency, legal in itertools.product((False, True), (False, True))
]


def test_all_25_bodies_exist() -> None:
    missing = [
        (stage, profile)
        for stage, profile in itertools.product(STAGES, PROFILES)
        if not (TEMPLATES / "sms" / stage / f"{profile}.txt.j2").is_file()
    ]
    assert missing == []


@pytest.mark.parametrize(("name", "stage", "profile"), CASES)
def test_fits_the_configured_segments_in_gsm7(name: str, stage: str, profile: str) -> None:
    for variant in VARIANTS:
        message = render(name, stage, profile, **variant)
        assert message.audit.template == f"fr/sms/{stage}/{profile}.txt.j2"
        assert encoding(message.text) == "GSM-7", (variant, message.sms_encoding)
        assert message.sms_encoding == "GSM-7"
        assert message.sms_segments == segments(message.text)
        assert message.sms_segments <= MAX_SEGMENTS, (variant, len(message.text))


@pytest.mark.parametrize(("name", "stage", "profile"), CASES)
def test_states_the_facts(name: str, stage: str, profile: str) -> None:
    data = example(name)
    debts = data["debts"]
    total = sum(float(d["amount"]) - float(d.get("amount_paid", 0)) for d in debts)
    amount = f"{total:,.2f}".replace(",", " ").replace(".", ",") + " €"
    due = min(dt.date.fromisoformat(d["due_date"]) for d in debts)
    months = ("janvier", "février", "mars")
    dates = {
        f"{due.day} {months[due.month - 1]} {due.year}",
        "29 mars 2026",  # send_date 15 March + 14 days
    }
    dues = sorted({dt.date.fromisoformat(d["due_date"]) for d in debts})
    if len(dues) == 2 and dues[0].month == dues[1].month:  # « les 4 et 19 février 2026 »
        dates.add(f"{dues[0].day} et {dues[1].day} {months[dues[1].month - 1]} {dues[1].year}")
    for variant in VARIANTS:
        text = render(name, stage, profile, **variant).text
        assert "  " not in text and "\n" not in text
        assert amount in plain(text), amount
        assert debts[0]["reference"] in text
        assert any(d in text for d in dates)
        phone = AGENCY["phone"] if variant["agency"] else data["creditor"]["phone"]
        assert phone in text
        sender = AGENCY["name"] if variant["agency"] else data["creditor"]["name"]
        assert text.startswith(sender)
        if variant["agency"]:
            assert f"{AGENCY['name']}, pour {data['creditor']['name']}" in text
        elif profile != "hardship":
            assert data["creditor"]["payment_link"] in text
        for marker in ("{{", "{%", "}}", "%}", "None"):
            assert marker not in text


@pytest.mark.parametrize(("name", "stage", "profile"), CASES)
def test_calm_tone(name: str, stage: str, profile: str) -> None:
    for variant in VARIANTS:
        message = render(name, stage, profile, **variant)
        lowered = message.text.lower()
        for word in FORBIDDEN:
            assert word not in lowered, word
        prose = re.sub(r"https?://\S+|[A-Z]+-[\d-]+|\bSAS?\b|\bSARL\b", "", message.text)
        assert not re.search(r"\b[A-ZÉ]{3,}\b", prose), "no shouting in capitals"
        if stage not in LATE_STAGES:
            assert "justice" not in lowered and "recouvrement" not in lowered
        report = lint(message, locale="fr", stage=stage, channel="sms", profile=profile)
        assert [f.code for f in report.findings] == []


@pytest.mark.parametrize("stage", STAGES)
def test_profiles_read_differently(stage: str) -> None:
    texts = {p: render("fr_consumer", stage, p).text for p in PROFILES}
    assert len(set(texts.values())) == len(PROFILES)


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("stage", STAGES)
def test_hardship_leads_with_help(name: str, stage: str) -> None:
    text = plain(render(name, stage, "hardship").text)
    help_at = min(i for i in (text.find("aider"), text.find("étaler")) if i >= 0)
    assert help_at < text.index(" €")


def test_first_time_assumes_an_oversight() -> None:
    assert "oubli" in render("fr_consumer", "reminder", "first_time").text
    assert "simple oubli" in render("fr_consumer", "second_reminder", "first_time").text
    for stage in ("second_reminder", "final_notice"):
        text = render("fr_consumer", stage, "first_time").text
        assert "habitudes" not in text and "ressemble" not in text, "presumes too much"


@pytest.mark.parametrize("stage", ("courtesy", "reminder"))
@pytest.mark.parametrize("profile", PROFILES)
def test_several_debts_give_every_due_date(stage: str, profile: str) -> None:
    """F-8812 fell due on 4 February and F-8840 on 19 February: no SMS may give only the first."""
    for variant in VARIANTS:
        text = render("fr_business", stage, profile, **variant).text
        assert "les 4 et 19 février 2026" in text or "des 4 et 19 février 2026" in text, text


def test_business_speaks_of_invoices() -> None:
    business = example("fr_consumer")["debtor"] | {"is_business": True}
    one = render("fr_consumer", "reminder", "business", debtor=business).text
    assert "(facture FA-2026-0142, échue le 19 février 2026)" in one
    two = render("fr_business", "reminder", "business").text
    assert "(factures F-8812 et F-8840, échues les 4 et 19 février 2026)" in two
    assert "(réf. F-8812 et F-8840)" in render("fr_business", "reminder", "standard").text
    debts = example("fr_business")["debts"]
    three = [*debts, debts[0] | {"reference": "F-8900"}]
    assert "(factures F-8812 et 2 autres, échues les 4 et 19 février 2026)" in render(
        "fr_business", "reminder", "business", debts=three
    ).text


@pytest.mark.parametrize("stage", LATE_STAGES)
@pytest.mark.parametrize("profile", PROFILES)
def test_late_stages_state_the_next_step_with_a_date(stage: str, profile: str) -> None:
    creditor = render("fr_consumer", stage, profile).text
    assert "29 mars 2026" in creditor
    assert "société de recouvrement" in creditor
    assert "justice" not in creditor
    legal = render("fr_consumer", stage, profile, legal=True).text
    assert "Énergie Claire SAS pourra saisir la justice" in legal
    barred = render("fr_consumer", stage, profile, legal=True, time_barred=True).text
    assert "justice" not in barred
    agency = render("fr_consumer", stage, profile, agency=True).text
    assert "rendre le dossier à Énergie Claire SAS" in agency


def test_courtesy_says_ignore_if_paid() -> None:
    for profile in ("standard", "first_time", "hardship"):
        assert "ne tenez pas compte" in render("fr_consumer", "courtesy", profile).text.lower()


def test_hardship_signposts_free_advice() -> None:
    for stage in ("reminder", "second_reminder"):
        assert "mesquestionsdargent.fr" in render("fr_consumer", stage, "hardship").text


def test_august_dates_stay_gsm7() -> None:
    message = render(
        "fr_consumer", "second_reminder", "standard", send_date="2026-07-25"
    )
    assert "8 aout 2026" in message.text
    assert message.sms_encoding == "GSM-7"


#: a second electricity bill for fr_consumer, due the next month (the longest date wording:
#: « les 19 février et 4 mars 2026 »)
SECOND_CONSUMER_DEBT = {
    "reference": "FA-2026-0198", "amount": 98.40, "currency": "EUR",
    "issue_date": "2026-02-04", "due_date": "2026-03-04",
}
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "aout",
          "septembre", "octobre", "novembre", "décembre")


def debt_sets(name: str) -> list[list[dict[str, Any]]]:
    """One debt and two debts for each example."""
    debts = example(name)["debts"]
    if len(debts) == 1:
        return [debts, [*debts, SECOND_CONSUMER_DEBT]]
    return [debts[:1], debts[:2]]


def due_dates(debts: list[dict[str, Any]]) -> str:
    """The due dates as the SMS partial's day()/dues() print them."""
    days = sorted({dt.date.fromisoformat(d["due_date"]) for d in debts})

    def day(d: dt.date, month: bool = True, year: bool = True) -> str:
        text = "1er" if d.day == 1 else str(d.day)
        if month:
            text += f" {MONTHS[d.month - 1]}"
        return f"{text} {d.year}" if year else text

    if len(days) == 1:
        return day(days[0])
    first, last = days
    same_year = first.year == last.year
    same_month = same_year and first.month == last.month
    return f"{day(first, not same_month, not same_year)} et {day(last)}"


@pytest.mark.parametrize(("name", "stage", "profile"), CASES)
def test_every_sms_gives_every_due_date(name: str, stage: str, profile: str) -> None:
    """Not only the date to pay by: the debts' own due dates, at every stage, for one debt
    and for two, however compactly the body has to word itself to fit in two SMS parts."""
    for debts, variant in itertools.product(debt_sets(name), VARIANTS):
        message = render(name, stage, profile, debts=debts, **variant)
        expected = due_dates(debts)
        assert expected in message.text, (variant, expected, message.text)
        for debt in debts:
            assert debt["reference"] in message.text
        assert message.sms_encoding == "GSM-7", (variant, message.text)
        assert message.sms_segments <= MAX_SEGMENTS, (variant, message.text)


def test_due_dates_wording() -> None:
    consumer, business = debt_sets("fr_consumer"), debt_sets("fr_business")
    assert due_dates(consumer[0]) == "19 février 2026"
    assert due_dates(consumer[1]) == "19 février et 4 mars 2026"
    assert due_dates(business[0]) == "4 février 2026"
    assert due_dates(business[1]) == "4 et 19 février 2026"
