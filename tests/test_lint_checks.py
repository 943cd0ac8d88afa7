"""Non-lexical checks: shouting, exclamations, readability, sentence length, placeholders."""

from __future__ import annotations

import pytest
import textstat

from tactful.lint.checks import (
    _PLACEHOLDER_START,
    _may_hold_placeholder,
    run_check,
    validate_params,
)
from tactful.lint.readability import reading_ease
from tactful.lint.tokens import tokenize


def spans(check: str, text: str, lang: str = "en", profile: str | None = None, **params: object):
    hits = run_check(check, text, tokenize(text, lang), lang, params, profile)
    return [text[h.start : h.end] for h in hits]


def test_shouting_flags_capitals_but_not_acronyms_or_references() -> None:
    text = "PAYEZ MAINTENANT. IBAN FR76 3000 1007, BIC BNPAFRPP, réf. F-2026-001, TVA, ACME, EDF."
    assert spans("shouting", text, "fr", min_letters=4, allow=["ACME"]) == ["PAYEZ MAINTENANT"]


def test_shouting_min_letters() -> None:
    assert spans("shouting", "PAY NOW or ELSE", min_letters=4) == ["ELSE"]
    assert spans("shouting", "PAY NOW", min_letters=3) == ["PAY NOW"]


def test_shouting_skips_sms_keywords_after_reply_verbs() -> None:
    assert spans("shouting", "Reply HELP for options, or text CALL.", min_letters=4) == []
    assert spans("shouting", "Réglez en répondant PAYER ou tapez OUI.", "fr", min_letters=3) == []
    # a keyword verb does not excuse a shouted phrase, nor capitals elsewhere
    assert spans("shouting", "Reply NOW TODAY. HELP is here.", min_letters=3) == [
        "NOW TODAY",
        "HELP",
    ]


def test_shouting_skips_a_second_keyword_and_reference_codes() -> None:
    # "Reply PAY … or CALL": a second keyword offered as an alternative, in the same sentence
    assert spans("shouting", "Reply PAY for a link or CALL to talk to us.", min_letters=4) == []
    assert spans("shouting", "Reply PAY for a link. Or CALL NOW.", min_letters=3) == ["CALL NOW"]
    # one adverb between the verb and its keyword: "répondez simplement « REPORT »"
    assert spans("shouting", "Répondez simplement « REPORT » à ce SMS.", min_letters=4) == []
    assert spans("shouting", "Répondez rapidement : PAYEZ.", min_letters=4) == ["PAYEZ"]
    # a capitalised part of a reference joined to digits is an identifier
    assert spans("shouting", "Quote DOSS-5521 or INV/2026 when you pay.", min_letters=4) == []
    assert spans("shouting", "Quote DOSS-5521 and PAY TODAY.", min_letters=3) == ["PAY TODAY"]


def test_shouting_skips_headings_above_a_body_but_not_a_shouted_line() -> None:
    letter = "ACCOUNT STATEMENT\nDear Ms Okafor,\nYour balance is £45.\nPAY NOW!\nFINAL DEMAND."
    assert spans("shouting", letter, min_letters=3) == ["PAY NOW", "FINAL DEMAND"]
    assert spans("shouting", "AVIS FINAL – RÉGLEZ SANS DÉLAI", "fr") == [
        "AVIS FINAL",
        "RÉGLEZ SANS DÉLAI",
    ]


def test_shouting_skips_identifiers() -> None:
    # capitals joined to a number are a reference
    assert spans("shouting", "Dossier DOSS-5521, facture 2026/FACT.", "fr") == []


def test_sentence_length_ends_at_line_breaks() -> None:
    items = "\n".join(f"- invoice {n} of 12 May for 40 euros" for n in range(6))
    assert spans("sentence-length", "Details:\n" + items, max_words=12) == []
    one_line = items.replace("\n", " ")
    assert spans("sentence-length", one_line, max_words=12) == [one_line[2:]]


def test_exclamations() -> None:
    assert spans("exclamations", "Pay now!! Really?! Thanks!", max_run=1, max_per_message=5) == [
        "!!",
        "?!",
    ]
    assert spans("exclamations", "Hello! Thanks! Bye!", max_run=1, max_per_message=1) == ["!", "!"]
    assert spans("exclamations", "Merci !", max_run=1, max_per_message=1) == []


@pytest.mark.parametrize(
    "leftover",
    ["{{ name }}", "{% if x %}", "%(amount)s", "%s", ":number", "__NAME__", "${amount}", "[NAME]"],
)
def test_placeholders(leftover: str) -> None:
    assert spans("placeholder", f"Dear customer, you owe {leftover} today.") == [leftover]


@pytest.mark.parametrize(
    "clean",
    [
        "Objet : relance du 12:30, voir https://example.com/a:b.",
        "You owe $50 (50%).",
        "{# tactful: ignore[GLT001] quoted #} Merci.",
    ],
)
def test_placeholder_false_friends(clean: str) -> None:
    assert spans("placeholder", clean, "fr") == []


def test_sentence_length_per_profile() -> None:
    text = "One two three four five six seven eight nine ten. Short one."
    assert spans("sentence-length", text, max_words={"default": 12, "hardship": 8}) == []
    flagged = spans(
        "sentence-length", text, profile="hardship", max_words={"default": 12, "hardship": 8}
    )
    assert flagged == ["One two three four five six seven eight nine ten"]


HARD_FR = (
    "Conformément aux dispositions contractuelles susmentionnées, nonobstant toute contestation "
    "ultérieure, la créance demeure intégralement exigible, majorée des pénalités de retard."
)
EASY_FR = (
    "Merci. Vous pouvez payer en trois fois. Appelez-nous si besoin. Nous sommes là pour vous."
)


@pytest.mark.parametrize(
    "text",
    [
        HARD_FR,
        EASY_FR,
        "L'huissier n'est pas venu aujourd'hui. Nous restons à votre écoute, n'hésitez pas.",
        "Bonjour Madame, votre facture F-2026-001 de 1 234,56 € reste à régler avant le 15 mars.",
    ],
)
def test_french_score_equals_textstat(text: str) -> None:
    textstat.set_lang("fr")
    assert reading_ease(text, "fr") == pytest.approx(textstat.flesch_reading_ease(text), abs=0.01)


def test_readability_thresholds_by_profile_and_min_words() -> None:
    params = {"min_score": {"default": 40, "hardship": 110}, "min_words": 8}
    assert spans("readability", HARD_FR, "fr", **params) == [HARD_FR]
    assert spans("readability", EASY_FR, "fr", **params) == []
    assert spans("readability", EASY_FR, "fr", profile="hardship", **params) == [EASY_FR]
    assert spans("readability", HARD_FR, "fr", min_score=40, min_words=100) == []


def test_readability_threshold_per_language_and_profile() -> None:
    text = " ".join(["Your bill is due. Please pay it online or call us today."] * 4)
    scores = {lang: reading_ease(text, lang) for lang in ("en", "fr")}
    per_lang = {"en": {"default": scores["en"] - 1}, "fr": {"default": scores["fr"] + 1}}
    assert spans("readability", text, "en", min_score=per_lang) == []
    assert len(spans("readability", text, "fr", min_score=per_lang)) == 1
    hard = {"en": {"default": 0, "hardship": scores["en"] + 1}}
    assert len(spans("readability", text, "en", "hardship", min_score=hard)) == 1
    assert validate_params("readability", {"min_score": {"fr": {"default": "x"}}})
    assert validate_params("readability", {"min_score": {"fr": {"default": 60}, "en": 45}}) is None


def test_english_flesch_is_ordered() -> None:
    easy = "You can pay in parts. Call us. We will help."
    hard = "Notwithstanding subsequent communications, the aforementioned indebtedness remains."
    assert reading_ease(easy, "en") > 80 > reading_ease(hard, "en")


def test_params_validation() -> None:
    assert validate_params("shouting", {"min_letters": 4, "allow": ["ACME"]}) is None
    assert "min_leters" in (validate_params("shouting", {"min_leters": 4}) or "")
    assert "integer" in (validate_params("exclamations", {"max_run": "two"}) or "")
    assert validate_params("readability", {"min_score": {"default": 50, "hardship": 60}}) is None
    assert "number" in (validate_params("sentence-length", {"max_words": "long"}) or "")


def test_shouting_reads_unknown_short_capitals_as_acronyms() -> None:
    # organisations and schemes nobody listed: no word of English or French
    assert spans("shouting", "Free advice: call the NFCC or the CFPB.", min_letters=4) == []
    assert spans("shouting", "Contactez la CNIL ou la DGCCRF.", "fr", min_letters=4) == []
    # short words that are words still shout, alone or in a run
    assert spans("shouting", "This is your FINAL notice.", min_letters=4) == ["FINAL"]
    assert spans("shouting", "URGENT : réglez votre DETTE.", "fr", min_letters=4) == [
        "URGENT",
        "DETTE",
    ]
    assert spans("shouting", "THE NFCC SAYS so", min_letters=3) == ["THE NFCC SAYS"]


def test_word_lists_are_fresh() -> None:
    """`python -m tactful.lint.words` regenerates _compiled/words.json from spaCy's tables."""
    import json

    from tactful.lint import words

    assert json.loads(words.TARGET.read_text(encoding="utf-8")) == words.build()


@pytest.mark.parametrize(
    "text",
    ["Hello {{ name }}", "100 %", "see [NAME]", "costs $5", "__X__", "Note: pay", "Note:pay",
     "a:b", "a :x", "plain text", "", "ratio 3:2", "time 10:_x"],
)
def test_placeholder_pretest_agrees_with_its_regex(text: str) -> None:
    assert _may_hold_placeholder(text) == (_PLACEHOLDER_START.search(text) is not None)
