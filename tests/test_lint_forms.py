"""Lemma patterns match the verb forms spaCy's lookup tables leave out (tactful.lint.compile)."""

from __future__ import annotations

import pytest

from _helpers import linter_from
from tactful.lint import Linter

RULES = """\
version: 1
rules:
  - code: THR960
    name: forms
    category: threat
    severity: warning
    message: {fr: "« {match} »", en: "'{match}'"}
    why: {fr: "Test.", en: "Test."}
    patterns:
      fr:
        - "tribunal *2 saisir"
        - "dossier *2 envoyer"
        - "avocat *2 prendre"
        - "nous savoir où"
        - "quelqu'un devoir payer"
        - "vous être seul"
        - "charger de recouvrement"
      en:
        - "who do owe"
    examples:
      fr: {flag: ["Le tribunal sera saisi."], pass: ["Merci."]}
      en: {flag: ["Who does owe it?"], pass: ["Thanks."]}
"""


@pytest.fixture(scope="module")
def linter(tmp_path_factory: pytest.TempPathFactory) -> Linter:
    return linter_from(tmp_path_factory.mktemp("forms"), RULES)


def flagged(linter: Linter, text: str, locale: str = "fr") -> bool:
    return any(f.code == "THR960" for f in linter.lint(text, locale=locale).all_findings)


@pytest.mark.parametrize(
    "text",
    [
        "Le tribunal sera saisi lundi.",  # masculine participle, its own lemma in spaCy's table
        "Votre dossier sera envoyé demain.",
        "Un avocat a été pris pour ce dossier.",  # irregular participle
        "Nous savons où vous trouver.",  # "savons" is "savon" in spaCy's table
        "Quelqu'un doit payer.",  # "doit" is missing from it
        "Vous êtes seul, vous n'êtes pas seul, je suis seul.",  # inflected forms still match
    ],
)
def test_forms_missing_from_the_lookup_table_match(linter: Linter, text: str) -> None:
    assert flagged(linter, text), text


@pytest.mark.parametrize(
    "text",
    [
        "La saisie du tribunal est enregistrée.",  # the noun is not the participle
        "Les frais sont à la charge de recouvrement.",  # "chargé" without its accent is "charge"
        "Le dossier envoie un signal.",  # another verb form in the gap is fine, not this one
    ],
)
def test_nouns_and_accentless_look_alikes_do_not_match(linter: Linter, text: str) -> None:
    if "envoie" in text:  # a finite form of the verb: matched as before
        assert flagged(linter, text)
    else:
        assert not flagged(linter, text), text


def test_english_does_is_a_form_of_do(linter: Linter) -> None:
    assert flagged(linter, "Who does owe the money?", locale="en")
