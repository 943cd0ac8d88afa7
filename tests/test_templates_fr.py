"""The built-in French letter and email templates, rendered on their own.

Like tests/test_templates_en.py, these tests load ``templates/fr`` in a sandboxed
Jinja environment that follows docs/templates.md (strict undefined, babel-backed
``money``/``date``/``plural`` filters, the documented variables), so that the 50
letter and email bodies and their subjects are checked without depending on the
renderer's internals. SMS bodies are tested elsewhere.
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
from test_templates_en import _plan, tidy  # same whitespace rules and six-month plan

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
STAGES = ("courtesy", "reminder", "second_reminder", "formal_notice", "final_notice")
CHANNELS = ("letter", "email")
PROFILES = ("standard", "first_time", "repeat", "hardship", "business")
CONSUMER = ("standard", "first_time", "repeat", "hardship")
LATE_STAGES = ("formal_notice", "final_notice")
NB = "\u00a0"
TOTAL = format_currency(Decimal("12345.67"), "EUR", locale="fr_FR")  # 12 345,67 €
TOTAL_MULTI = format_currency(Decimal("12545.67"), "EUR", locale="fr_FR")
FORBIDDEN = (
    "immédiatement",
    "dernière chance",
    "sans délai",
    "urgent",
    "huitaine",
    "nonobstant",
    "huissier",
    "commissaire de justice",
    "saisie",
    "employeur",
    "contentieux",
    "mauvais payeur",
    "!",
)
# Code des procédures civiles d'exécution, L111-8 al. 2 and 3 (R124-4 5°), as published.
L111_8 = (
    "Les frais de recouvrement entrepris sans titre exécutoire restent à la charge du créancier, "
    "sauf s'ils concernent un acte dont l'accomplissement est prescrit par la loi au créancier. "
    "Toute stipulation contraire est réputée non écrite, sauf disposition législative contraire.",
    "Cependant, le créancier qui justifie du caractère nécessaire des démarches entreprises pour "
    "recouvrer sa créance peut demander au juge de l'exécution de laisser tout ou partie des "
    "frais ainsi exposés à la charge du débiteur de mauvaise foi.",
)


def make_env() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined, autoescape=False
    )
    env.filters["money"] = lambda amount, code="EUR": format_currency(amount, code, locale="fr_FR")
    env.filters["date"] = lambda day, fmt="long": format_date(day, fmt, locale="fr_FR")
    env.filters["plural"] = lambda n, one, other: one if n in (0, 1) else other
    env.filters["address"] = lambda a: [*a.lines, f"{a.postal_code} {a.city}"]
    return env


def plain(text: str) -> str:
    """No-break spaces as ordinary spaces, for comparisons."""
    return text.replace(NB, " ").replace("\u202f", " ")


def prose(text: str) -> str:
    """The text without the statutory quotation, which must be reproduced word for word."""
    return re.sub(r"«[^»]*»", "", plain(text))


def _party(name: str, phone: str, street: str, city: str) -> dict[str, Any]:
    return {
        "name": name,
        "address": NS(lines=[street], postal_code="69002", city=city, country="FR"),
        "phone": phone,
        "email": "contact@example.org",
        "opening_hours": "du lundi au vendredi, de 9 h à 18 h",
        "legal_ids": {},
    }


def _debts(multi: bool) -> list[NS]:
    return sample_debts(multi, prefix="FA", currency="EUR", description="Travaux de toiture")


ADVICE = [
    NS(
        name="Points conseil budget (Banque de France)",
        phone=None,
        url="https://www.mesquestionsdargent.fr",
        description="conseil gratuit et confidentiel pour faire le point sur votre budget",
    ),
    NS(
        name="Banque de France – procédure de surendettement",
        phone=None,
        url="https://www.banque-france.fr/surendettement",
        description="si vous ne pouvez plus faire face à vos dettes",
    ),
]


def context(
    stage: str,
    channel: str,
    profile: str,
    *,
    jurisdiction: str | None = "FR",
    agency: bool = False,
    plan: bool = True,
    multi: bool = False,
    legal: bool = False,
    time_barred: bool = False,
    link: bool = True,
    iban: bool = True,
    advice: bool = True,
    salutation: str | None = "Madame",
    first_letter: tuple[str | None, dt.date | None] = (None, None),
) -> dict[str, Any]:
    creditor = NS(
        **_party("Énergie Claire SAS", "01 23 45 67 89", "8 avenue de l'Opéra", "Paris"),
        payment_link="https://pay.example.org/compte" if link else None,
        iban="FR76 3000 6000 0112 3456 7890 189" if iban else None,
        bic="AGRIFRPP" if iban else None,
        website=None,
    )
    party = _party("Recouvra Conseil SAS", "04 72 00 00 00", "5 rue de la République", "Lyon")
    agency_ = agency_party(party, first_letter) if agency else None
    return template_context(
        locale="fr_FR",
        language="fr",
        stage=stage,
        channel=channel,
        profile=profile,
        jurisdiction=jurisdiction,
        debtor=NS(
            name="Atelier Dubois SARL" if profile == "business" else "Camille Martin",
            salutation=None if profile == "business" else salutation,
            email="c@example.org",
            phone="+33612345678",
            address=None,
            is_business=profile == "business",
        ),
        creditor=creditor,
        agency=agency_,
        debts=_debts(multi),
        currency="EUR",
        plan=_plan if plan else None,
        advice=ADVICE if advice else [],
        time_barred=time_barred,
        legal=legal,
    )


Renderer = Callable[..., str]
ENV = make_env()


@pytest.fixture(scope="module")
def render() -> Renderer:
    def _render(stage: str, channel: str, profile: str, **kw: Any) -> str:
        ctx = context(stage, channel, profile, **kw)
        return tidy(ENV.get_template(f"fr/{channel}/{stage}/{profile}.txt.j2").render(ctx))

    return _render


def subject(stage: str, channel: str, profile: str, **kw: Any) -> str:
    name = f"fr/{channel}/{stage}/{profile}.subject.j2"
    return tidy(ENV.get_template(name).render(context(stage, channel, profile, **kw)))


def combos() -> Iterator[tuple[str, str, str]]:
    for stage in STAGES:
        for channel in CHANNELS:
            for profile in PROFILES:
                yield stage, channel, profile


VARIANTS: list[dict[str, Any]] = [
    {},
    {"agency": True, "multi": True, "legal": True},
    {"jurisdiction": None, "plan": False, "link": False, "iban": False, "advice": False},
    {"agency": True, "legal": True, "time_barred": True, "salutation": None},
]


def test_all_50_bodies_and_subjects_exist() -> None:
    missing = [
        f"{c}/{s}/{p}.{kind}"
        for s, c, p in combos()
        for kind in ("txt.j2", "subject.j2")
        if not (TEMPLATES / "fr" / c / s / f"{p}.{kind}").exists()
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
        assert "{" not in text and "}" not in text
        assert "FA-2026-004512" in text
        assert (TOTAL_MULTI if variant.get("multi") else TOTAL) in text
        assert "4 février 2026" in text
        assert ("04 72 00 00 00" if variant.get("agency") else "01 23 45 67 89") in text
        assert "du lundi au vendredi, de 9 h à 18 h" in text
        if variant.get("link", True):
            assert "https://pay.example.org/compte" in text
        if variant.get("iban", True):
            assert "FR76 3000 6000 0112 3456 7890 189" in text


@pytest.mark.parametrize(("stage", "channel", "profile"), list(combos()))
def test_tone_and_typography(render: Renderer, stage: str, channel: str, profile: str) -> None:
    for variant in VARIANTS:
        text = render(stage, channel, profile, **variant)
        words = prose(text)
        for data in ("FR76", "AGRIFRPP", "FA-", "IBAN", "BIC", "SAS", "SARL", "L111-8"):
            words = words.replace(data, "")
        assert not re.search(r"\b[A-ZÀ-Ý]{3,}\b", words), "no shouting in capitals"
        lowered = words.lower()
        for word in FORBIDDEN:
            assert word not in lowered, word
        if profile != "business":
            assert "créance" not in lowered and "débiteur" not in lowered
        if stage not in LATE_STAGES:
            assert "justice" not in lowered and "tribunal" not in lowered and "juge" not in lowered
            assert "mise en demeure" not in lowered
            assert "société de recouvrement" not in lowered or variant.get("agency")
        # French typography: no-break space before : ; ? and inside « ».
        assert not re.search(r"[ \t][:;?]", text), "ordinary space before : ; ?"
        assert not re.search(r"\w[:;?](\s|$)", text), "missing space before : ; ?"
        assert "« " not in text and " »" not in text


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("stage", LATE_STAGES)
def test_legal_action_only_when_planned_and_not_time_barred(
    render: Renderer, stage: str, channel: str
) -> None:
    for profile in PROFILES:
        assert "action en justice" in render(stage, channel, profile, legal=True)
        assert "action en justice" not in render(stage, channel, profile, legal=False)
        assert "action en justice" not in render(
            stage, channel, profile, legal=True, time_barred=True
        )
        calm = render(stage, channel, profile)
        assert "Sans paiement ni nouvelles de votre part d'ici le 30 mars 2026" in calm
        assert "société de recouvrement amiable" in calm
        assert "rendre votre dossier à Énergie Claire SAS" in render(
            stage, channel, profile, agency=True
        )


@pytest.mark.parametrize("channel", CHANNELS)
def test_formal_notice_says_what_a_mise_en_demeure_means(render: Renderer, channel: str) -> None:
    for profile in PROFILES:
        text = render("formal_notice", channel, profile)
        assert "est une mise en demeure" in text
        assert "Concrètement, cela veut dire" in text
        assert "30 mars 2026" in text
        assert subject("formal_notice", channel, profile).startswith("Mise en demeure")
        assert ("Ce message" if channel == "email" else "Ce courrier") in text


@pytest.mark.parametrize(("stage", "channel", "profile"), list(combos()))
def test_agency_mentions(render: Renderer, stage: str, channel: str, profile: str) -> None:
    text = plain(render(stage, channel, profile, agency=True, multi=True))
    assert "Recouvra Conseil SAS (5 rue de la République, 69002 Lyon)" in text
    assert "société de recouvrement amiable" in text
    assert "pour le compte d'Énergie Claire SAS (8 avenue de l'Opéra, 69002 Paris)" in text
    assert "12 345,67 € facturés" in text
    assert "250,00 € facturés, dont 50,00 € déjà réglés" in text
    assert "- intérêts : 0,00 €" in text and "- autres frais : 0,00 €" in text
    for paragraph in L111_8:
        assert f"« {paragraph} »" in text
    assert ("par courrier plutôt que par e-mail" in text) == (channel == "email")
    creditor = render(stage, channel, profile)
    for mention in ("pour le compte", "L111-8", "facturés", "par courrier plutôt"):
        assert mention not in creditor
    other = plain(render(stage, channel, profile, agency=True, jurisdiction=None))
    assert "pour le compte d'Énergie Claire SAS" in other and "L111-8" not in other


@pytest.mark.parametrize(("stage", "channel", "profile"), list(combos()))
def test_fee_claims_and_b2b_indemnity(
    render: Renderer, stage: str, channel: str, profile: str
) -> None:
    for variant in VARIANTS:
        words = prose(render(stage, channel, profile, **variant)).lower()
        assert "dommages" not in words
        assert "à votre charge" not in words
        if profile == "business":
            continue
        claims = ("40 €", "indemnité", "pénalités", "frais de recouvrement", "frais de dossier")
        for claim in claims:
            assert claim not in words, claim
    if profile == "business" and stage not in ("courtesy", "reminder"):
        text = plain(render(stage, channel, profile))
        assert "pénalités de retard" in text
        assert "indemnité forfaitaire pour frais de recouvrement de 40 € par facture" in text
        assert "L441-10" in text
        abroad = plain(render(stage, channel, profile, jurisdiction=None))
        assert "pénalités de retard" in abroad and "40 €" not in abroad


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("stage", STAGES)
def test_profiles_read_differently(render: Renderer, stage: str, channel: str) -> None:
    texts = {p: render(stage, channel, p) for p in PROFILES}
    assert len(set(texts.values())) == len(PROFILES)
    subjects = {p: subject(stage, channel, p) for p in PROFILES}
    assert len(set(subjects.values())) == len(PROFILES)


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("channel", CHANNELS)
def test_hardship_leads_with_help(render: Renderer, stage: str, channel: str) -> None:
    text = render(stage, channel, "hardship")
    assert text.index("1 avril 2026") < text.index(TOTAL)
    assert text.index("Banque de France") < text.index(TOTAL)
    assert "Points conseil budget" in text and "surendettement" in text
    no_plan = render(stage, channel, "hardship", plan=False)
    assert "ce que vous pouvez payer chaque mois" in no_plan
    no_advice = render(stage, channel, "hardship", advice=False)
    assert "conseil budgétaire" in no_advice


@pytest.mark.parametrize("stage", STAGES)
def test_consumers_are_pointed_to_free_advice_from_the_second_reminder(
    render: Renderer, stage: str
) -> None:
    for profile in ("standard", "first_time", "repeat"):
        text = render(stage, "letter", profile)
        assert ("Point conseil budget" in text) == (stage not in ("courtesy", "reminder"))
        assert "Banque de France" not in text, "Points conseil budget are labelled by the State"
    assert "conseil budget" not in render(stage, "letter", "business")


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("stage", STAGES)
def test_a_business_is_pointed_to_help_for_businesses(stage: str, channel: str) -> None:
    """Surendettement and Points conseil budget are for individuals only."""
    for profile in ("hardship", "standard"):
        ctx = context(stage, channel, profile, salutation=None)
        ctx["debtor"] = NS(**{**vars(ctx["debtor"]), "name": "Atelier Dubois SARL",
                              "is_business": True})
        name = f"fr/{channel}/{stage}/{profile}.txt.j2"
        text = tidy(ENV.get_template(name).render(ctx))
        assert "surendettement" not in text and "conseil budget" not in text
        assert "Atelier Dubois" not in text
        if profile == "hardship" or stage not in ("courtesy", "reminder"):
            assert "Médiateur des entreprises" in text and "CIP" in text
        if profile == "hardship":
            assert "entretien de prévention" in text


def test_first_time_assumes_an_oversight_and_repeat_is_firm(render: Renderer) -> None:
    for channel in CHANNELS:
        assert "simple oubli" in render("reminder", channel, "first_time")
        assert "toujours payé à temps" in render("second_reminder", channel, "first_time")
        assert "Nous vous demandons de payer" in render("reminder", channel, "repeat")
        assert "oubli" not in render("reminder", channel, "repeat")


def test_courtesy_says_ignore_if_paid(render: Renderer) -> None:
    for channel in CHANNELS:
        for profile in ("standard", "first_time", "repeat", "hardship"):
            assert "déjà payé, ne tenez pas compte" in render("courtesy", channel, profile)


def test_greetings_and_sign_offs(render: Renderer) -> None:
    letter = render("reminder", "letter", "standard")
    assert letter.startswith("Madame,")
    assert "Nous vous prions d'agréer, Madame, nos sincères salutations." in letter
    assert render("reminder", "letter", "standard", salutation="M.").startswith("Monsieur,")
    assert render("reminder", "letter", "standard", salutation=None).startswith("Madame, Monsieur,")
    assert render("reminder", "letter", "business").startswith("Madame, Monsieur,")
    email = render("reminder", "email", "standard")
    assert email.startswith("Bonjour Madame,")
    assert render("reminder", "email", "standard", salutation="M.").startswith("Bonjour Monsieur,")
    no_title = render("reminder", "email", "standard", salutation=None)
    assert no_title.startswith("Bonjour Camille Martin,")
    assert "Bien cordialement," in email and "répondre à ce message" in email
    assert render("reminder", "email", "business").startswith("Bonjour,")


def test_multiple_debts_are_listed(render: Renderer) -> None:
    text = plain(render("reminder", "letter", "standard", multi=True))
    assert "- Référence FA-2026-004999 : 200,00 € (après votre versement de 50,00 €)" in text
    assert "Total à régler : 12 545,67 €." in text
    assert "les références FA-2026-004512, FA-2026-004999" in text
    business = plain(render("reminder", "letter", "business", multi=True))
    assert "Les factures suivantes restent à régler :" in business


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("channel", CHANNELS)
def test_subjects_are_one_line_with_reference(stage: str, channel: str) -> None:
    for profile in PROFILES:
        for multi in (False, True):
            text = subject(stage, channel, profile, multi=multi)
            assert "\n" not in text
            assert "FA-2026-004512" in text
            assert "!" not in text and "  " not in text
            assert not re.search(r"[ \t][:;?]", text)
            assert TOTAL not in text, "no amount in a subject line (email previews)"


@pytest.mark.parametrize("stage", STAGES)
def test_output_does_not_depend_on_trim_blocks(stage: str) -> None:
    trimmed = make_env()
    trimmed.trim_blocks = True
    trimmed.lstrip_blocks = True
    for channel in CHANNELS:
        for profile in PROFILES:
            name = f"fr/{channel}/{stage}/{profile}.txt.j2"
            for variant in VARIANTS:
                ctx = context(stage, channel, profile, **variant)
                expected = tidy(ENV.get_template(name).render(ctx))
                assert tidy(trimmed.get_template(name).render(ctx)) == expected
                assert "\n\n" in expected
