"""The built-in English templates, rendered on their own.

These tests load ``templates/en`` in a sandboxed Jinja environment that follows
docs/templates.md (strict undefined, babel-backed ``money``/``date``/``plural``
filters, the documented variables) so that every one of the 75 bodies and the
subjects can be checked without depending on the renderer's internals.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace as NS
from typing import Any

import pytest
from babel.dates import format_date
from babel.numbers import format_currency
from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from _helpers import agency_party, sample_debts, template_context

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
STAGES = ("courtesy", "reminder", "second_reminder", "formal_notice", "final_notice")
CHANNELS = ("letter", "email", "sms")
PROFILES = ("standard", "first_time", "repeat", "hardship", "business")
LATE_STAGES = ("formal_notice", "final_notice")
FORBIDDEN = ("bailiff", "arrest", "employer", "seize", "solicitor", "immediately", "last chance")
GSM7 = set(
    "@£$¥èéùìòÇ\nØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = set("^{}\\[~]|€")
US_INITIAL = (
    "This is a communication from a debt collector. This is an attempt to collect a debt "
    "and any information obtained will be used for that purpose."
)
US_LATER = "This communication is from a debt collector."


def make_env(locale: str) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined, autoescape=False
    )
    currency = "USD" if locale == "en_US" else "GBP"
    env.filters["money"] = lambda amount, code=currency: format_currency(
        amount, code, locale=locale
    )
    env.filters["date"] = lambda day, fmt="long": format_date(day, fmt, locale=locale)
    env.filters["plural"] = lambda n, one, other: one if n == 1 else other
    env.filters["address"] = lambda a: [*a.lines, f"{a.city} {a.postal_code}"]
    return env


def tidy(text: str) -> str:
    """The renderer's whitespace rules: trailing spaces, runs of blank lines, trim."""
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _party(name: str, phone: str) -> dict[str, Any]:
    return {
        "name": name,
        "address": NS(lines=["1 Wellington Street"], postal_code="LS1 4DL", city="Leeds",
                      country="GB"),
        "phone": phone,
        "email": "help@example.org",
        "opening_hours": "Monday to Friday, 8am to 6pm",
        "legal_ids": {},
    }


def _debts(multi: bool) -> list[NS]:
    return sample_debts(
        multi, prefix="INV", currency="GBP", description="Water supply, January 2026"
    )


def _plan(total: Decimal) -> NS:
    dates = [dt.date(2026, month, 1) for month in range(4, 10)]
    amounts = [Decimal("2057.61")] * 5 + [Decimal("2057.62")]
    instalments = [
        NS(number=i + 1, date=d, amount=a)
        for i, (d, a) in enumerate(zip(dates, amounts, strict=True))
    ]
    return NS(
        count=6,
        instalments=instalments,
        amount=amounts[0],
        last_amount=amounts[-1],
        first_date=dates[0],
        last_date=dates[-1],
        total=total,
    )


ADVICE = [
    NS(
        name="MoneyHelper",
        phone="0800 138 7777",
        url="https://www.moneyhelper.org.uk",
        description="x",
        long_name="MoneyHelper",
    ),
    NS(name="StepChange", phone="0800 138 1111", url="https://www.stepchange.org", description="x",
       long_name="StepChange"),
    NS(name="National Debtline", phone=None, url="https://nationaldebtline.org", description="x",
       long_name="National Debtline"),
]


def context(
    stage: str,
    channel: str,
    profile: str,
    *,
    jurisdiction: str | None = "UK",
    agency: bool = False,
    plan: bool = True,
    multi: bool = False,
    legal: bool = False,
    time_barred: bool = False,
    link: bool = True,
    iban: bool = True,
    advice: bool = True,
    first_letter: tuple[str | None, dt.date | None] = (None, None),
) -> dict[str, Any]:
    creditor = NS(
        **_party("Northern Water Services Limited", "0800 123 4567"),
        payment_link="https://pay.example.org/account" if link else None,
        iban="GB29 NWBK 6016 1331 9268 19" if iban else None,
        bic="NWBKGB2L" if iban else None,
        website=None,
    )
    party = _party("Fairway Collections Ltd", "0800 765 4321")
    agency_ = agency_party(party, first_letter) if agency else None
    return template_context(
        locale={"US": "en_US", "UK": "en_GB"}.get(jurisdiction or "", "en"),
        language="en",
        stage=stage,
        channel=channel,
        profile=profile,
        jurisdiction=jurisdiction,
        debtor=NS(
            name="Alexandra Montgomery-Fitzwilliam",
            salutation="Ms",
            email="a@example.org",
            phone="+447700900123",
            address=None,
            is_business=profile == "business",
        ),
        creditor=creditor,
        agency=agency_,
        debts=_debts(multi),
        currency="GBP",
        plan=_plan if plan else None,
        advice=ADVICE if advice else [],
        time_barred=time_barred,
        legal=legal,
    )


Renderer = Callable[..., str]


@pytest.fixture(scope="module")
def render() -> Renderer:
    envs = {loc: make_env(loc) for loc in ("en_GB", "en_US")}

    def _render(stage: str, channel: str, profile: str, **kw: Any) -> str:
        ctx = context(stage, channel, profile, **kw)
        env = envs["en_US" if ctx["jurisdiction"] == "US" else "en_GB"]
        template = env.get_template(f"en/{channel}/{stage}/{profile}.txt.j2")
        text = tidy(template.render(ctx))
        # as the renderer does (docs/templates.md, sms_compact): more compact while too long
        for level in (1, 2, 3) if channel == "sms" else ():
            units, limit = _sms_units(text)
            if units <= limit:
                break
            text = tidy(template.render({**ctx, "sms_compact": level}))
        return text

    return _render


def subject(stage: str, channel: str, profile: str, **kw: Any) -> str:
    name = f"en/{channel}/{stage}/{profile}.subject.j2"
    if not (TEMPLATES / name).exists():
        name = f"en/{channel}/{stage}/standard.subject.j2"
    return tidy(make_env("en_GB").get_template(name).render(context(stage, channel, profile, **kw)))


def combos() -> Iterator[tuple[str, str, str]]:
    for stage in STAGES:
        for channel in CHANNELS:
            for profile in PROFILES:
                yield stage, channel, profile


VARIANTS: list[dict[str, Any]] = [
    {},
    {"jurisdiction": "US", "agency": True, "multi": True},
    {"jurisdiction": None, "plan": False, "link": False, "iban": False, "advice": False},
    {"jurisdiction": "UK", "agency": True, "legal": True},
]


def test_all_75_bodies_exist() -> None:
    missing = [
        c for c in combos() if not (TEMPLATES / "en" / c[1] / c[0] / f"{c[2]}.txt.j2").exists()
    ]
    assert missing == []


@pytest.mark.parametrize(("stage", "channel", "profile"), list(combos()))
def test_every_body_states_the_facts(
    render: Renderer, stage: str, channel: str, profile: str
) -> None:
    for variant in VARIANTS:
        text = render(stage, channel, profile, **variant)
        assert "  " not in text
        assert "\n\n\n" not in text
        assert "INV-2026-004512" in text
        us = variant.get("jurisdiction") == "US"
        total = "12,545.67" if variant.get("multi") else "12,345.67"
        assert total in text
        assert ("0800 765 4321" if variant.get("agency") else "0800 123 4567") in text
        if channel != "sms":
            assert ("February 4, 2026" if us else "4 February 2026") in text
            if variant.get("link", True):
                assert "https://pay.example.org/account" in text
            if variant.get("iban", True):
                assert "GB29 NWBK 6016 1331 9268 19" in text
            assert "Monday to Friday, 8am to 6pm" in text


@pytest.mark.parametrize(("stage", "channel", "profile"), list(combos()))
def test_tone_basics(render: Renderer, stage: str, channel: str, profile: str) -> None:
    for variant in VARIANTS:
        text = render(stage, channel, profile, **variant)
        assert "!" not in text
        prose = text
        for data in ("GB29 NWBK 6016 1331 9268 19", "NWBKGB2L", "INV-", "STOP", "IBAN", "BIC"):
            prose = prose.replace(data, "")
        assert not re.search(r"\b[A-Z]{3,}\b", prose), "no shouting in capitals"
        lowered = text.lower()
        for word in FORBIDDEN:
            assert word not in lowered, word
        if stage not in LATE_STAGES:
            assert not re.search(r"\bcourts?\b", lowered)
            assert "legal action" not in lowered
            assert "collection agency" not in lowered


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("stage", LATE_STAGES)
def test_legal_action_only_when_planned_and_not_time_barred(
    render: Renderer, stage: str, channel: str
) -> None:
    for profile in PROFILES:
        if channel == "sms" and profile == "hardship":
            continue  # the hardship SMS only offers help; the letter carries the next step
        assert "legal action" in render(stage, channel, profile, legal=True)
        assert "legal action" not in render(stage, channel, profile, legal=False)
        assert "legal action" not in render(stage, channel, profile, legal=True, time_barred=True)
        assert "30 March 2026" in render(stage, channel, profile) or channel == "sms"


@pytest.mark.parametrize(("stage", "channel", "profile"), list(combos()))
def test_us_agency_disclosures_and_opt_out(
    render: Renderer, stage: str, channel: str, profile: str
) -> None:
    """A US agency's first message (no first letter given) says that it is attempting to collect
    a debt and how information will be used, whatever the stage (a consumer's letter or email in
    the validation notice's words); later ones that they come from a debt collector."""
    first = render(stage, channel, profile, jurisdiction="US", agency=True)
    later = render(stage, channel, profile, jurisdiction="US", agency=True,
                   first_letter=("FL-77", dt.date(2026, 3, 2)))
    assert re.search(r"attempt(ing)? to collect a debt", first)
    assert "any information obtained will be used for that purpose" in first.lower()
    assert US_LATER in later and "attempt" not in later
    for text in (first, later):
        assert "Reply STOP" in text if channel == "sms" else True
        if channel == "email":
            assert 'reply with "unsubscribe"' in text
    if channel != "sms":
        if profile == "business":  # no FDCPA validation notice for a business debt
            assert US_INITIAL in first
            assert "on behalf of Northern Water Services Limited" in first
        else:
            assert "a debt that you owe to Northern Water Services Limited" in first
        assert "on behalf of Northern Water Services Limited" in later
        assert "This follows our first letter of March 2, 2026 (reference FL-77)." in later
    creditor_text = render(stage, channel, profile, jurisdiction="US")
    assert "debt collector" not in creditor_text
    assert "unsubscribe" not in creditor_text


def _sms_units(text: str) -> tuple[int, int]:
    """(length in encoding units, limit for two segments)."""
    text = text.replace("\u00a0", " ")
    if all(ch in GSM7 or ch in GSM7_EXTENSION for ch in text):
        return len(text) + sum(ch in GSM7_EXTENSION for ch in text), 306
    return len(text), 134


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("stage", STAGES)
def test_sms_fits_two_gsm7_segments(render: Renderer, stage: str, profile: str) -> None:
    # an agency's first message, and later ones recalling a first letter by date or reference
    firsts = [(None, None), ("FL-2026-000123", dt.date(2026, 3, 2)), ("FL-2026-000123", None)]
    for jurisdiction in ("UK", "US", None):
        for agency in (False, True):
            for legal in (False, True):
                for first in firsts if agency else firsts[:1]:
                    text = render(
                        stage,
                        "sms",
                        profile,
                        jurisdiction=jurisdiction,
                        agency=agency,
                        multi=True,
                        legal=legal,
                        first_letter=first,
                    )
                    units, limit = _sms_units(text)
                    assert limit == 306, "SMS must stay GSM-7"
                    assert units <= limit, (stage, profile, jurisdiction, agency, first, units)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("stage", STAGES)
def test_profiles_read_differently(render: Renderer, stage: str, channel: str) -> None:
    texts = {p: render(stage, channel, p) for p in PROFILES}
    assert len(set(texts.values())) == len(PROFILES)


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("channel", ("letter", "email"))
def test_hardship_leads_with_help(render: Renderer, stage: str, channel: str) -> None:
    text = render(stage, channel, "hardship")
    assert text.index("1 April 2026") < text.index("12,345.67")
    assert "MoneyHelper" in text and "0800 138 7777" in text
    no_plan = render(stage, channel, "hardship", plan=False)
    assert "what you can afford" in no_plan
    us = render(stage, channel, "hardship", jurisdiction="US", advice=False)
    assert "nonprofit credit counseling" in us


@pytest.mark.parametrize("channel", ("letter", "email"))
def test_phone_preposition_follows_the_variety_of_english(render: Renderer, channel: str) -> None:
    """"Call us on 0800…" in British English, "at 1-800…" in American English."""
    uk = render("reminder", channel, "standard", jurisdiction="UK")
    us = render("reminder", channel, "standard", jurisdiction="US")
    assert "by phone, on 0800 123 4567" in uk and "contact us on 0800 123 4567" in uk
    assert "by phone, at 0800 123 4567" in us and "contact us at 0800 123 4567" in us


@pytest.mark.parametrize("stage", [s for s in STAGES if s != "final_notice"])
def test_uk_consumer_messages_signpost_free_advice(render: Renderer, stage: str) -> None:
    for profile in ("standard", "first_time", "repeat", "hardship"):
        assert "MoneyHelper" in render(stage, "letter", profile, jurisdiction="UK")
    assert "MoneyHelper" not in render(stage, "letter", "standard", jurisdiction="US")


@pytest.mark.parametrize("stage", ("second_reminder", "formal_notice", "final_notice"))
def test_business_terms_are_worded_as_may(render: Renderer, stage: str) -> None:
    uk = render(stage, "letter", "business", jurisdiction="UK")
    assert "Late Payment of Commercial Debts (Interest) Act 1998" in uk
    assert "may be added" in uk
    other = render(stage, "letter", "business", jurisdiction="US")
    assert "Late Payment of Commercial Debts" not in other
    assert "may be added" in other


def test_courtesy_says_ignore_if_paid(render: Renderer) -> None:
    for channel in CHANNELS:
        for profile in ("standard", "first_time", "hardship"):
            assert "already paid" in render("courtesy", channel, profile).lower()


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("channel", ("letter", "email"))
def test_subjects_are_one_line_with_reference(stage: str, channel: str) -> None:
    for profile in PROFILES:
        text = subject(stage, channel, profile)
        assert "\n" not in text
        assert "INV-2026-004512" in text
        assert "!" not in text
        assert "12,345.67" not in text, "no amount in a subject line (email previews)"


@pytest.mark.parametrize("stage", STAGES)
def test_output_does_not_depend_on_trim_blocks(stage: str) -> None:
    plain = make_env("en_GB")
    trimmed = make_env("en_GB")
    trimmed.trim_blocks = True
    trimmed.lstrip_blocks = True
    for channel in CHANNELS:
        for profile in PROFILES:
            name = f"en/{channel}/{stage}/{profile}.txt.j2"
            for variant in VARIANTS:
                ctx = context(stage, channel, profile, **variant)
                expected = tidy(plain.get_template(name).render(ctx))
                assert tidy(trimmed.get_template(name).render(ctx)) == expected
                assert "\n\n" in expected or channel == "sms"


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("stage", STAGES)
def test_sms_give_the_due_dates(render: Renderer, stage: str, profile: str) -> None:
    """Every SMS states the debt's own due date, not only the date to pay by: "4 Feb 2026" /
    "Feb 4, 2026"; two debts "4 Feb and 4 Mar 2026" / "Feb 4 and Mar 4, 2026", or, at
    sms_compact 2 when two due dates in different months leave no room, the first one
    ("due from 4 Feb 2026", "has been due since Feb 4, 2026")."""
    for variant in [*VARIANTS, {"multi": True}, {"multi": True, "legal": True, "agency": True}]:
        text = render(stage, "sms", profile, **variant)
        us = variant.get("jurisdiction") == "US"
        first = "Feb 4, 2026" if us else "4 Feb 2026"
        if not variant.get("multi"):
            assert f"on {first}" in text, (variant, text)
            continue
        both = "on Feb 4 and Mar 4, 2026" if us else "on 4 Feb and 4 Mar 2026"
        assert both in text or f"from {first}" in text or f"since {first}" in text, (variant, text)
        if both not in text:  # the first due date only: a last resort, at sms_compact 2
            assert "and 1 other" in text, (variant, text)
