"""Matching behaviour of the linter engine, with the test-only rules in
tests/fixtures/rules/traps.yaml (the required traps of the issue)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _helpers import linter_from
from tactful.errors import InputError
from tactful.lint import Finding, Linter, LintReport, lint

FIXTURE_RULES = Path(__file__).parent / "fixtures" / "rules" / "traps.yaml"


@pytest.fixture(scope="module")
def linter(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Linter]:
    patch = pytest.MonkeyPatch()
    patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    try:
        yield Linter(rules=FIXTURE_RULES)
    finally:
        patch.undo()


def codes(report: LintReport) -> list[str]:
    return [f.code for f in report.all_findings]



# --- the traps named in the issue ------------------------------------------


def test_negated_reassurance_is_clean(linter: Linter) -> None:
    text = "Nous ne transmettrons jamais votre dossier à votre employeur."
    assert "THR901" not in codes(linter.lint(text, locale="fr"))


def test_same_words_without_negation_are_flagged(linter: Linter) -> None:
    text = "Nous transmettrons votre dossier à votre employeur."
    assert "THR901" in codes(linter.lint(text, locale="fr"))


def test_negation_undercut_by_yet_is_a_veiled_threat(linter: Linter) -> None:
    text = "We haven't contacted your family yet, but that could change."
    report = linter.lint(text, locale="en")
    [finding] = [f for f in report.findings if f.code == "THR901"]
    assert finding.match == "contacted your family"
    assert finding.severity == "error"


@pytest.mark.parametrize(
    "text",
    [
        "Nous ne contacterons pas votre famille pour le moment.",
        "Nous n'avons pas encore prévenu votre employeur.",
    ],
)
def test_french_undercut_cues(linter: Linter, text: str) -> None:
    assert "THR901" in codes(linter.lint(text, locale="fr"))


def test_negation_does_not_cross_a_clause(linter: Linter) -> None:
    text = "If you do not pay, we will contact your employer."
    assert "THR901" in codes(linter.lint(text, locale="en"))


def test_french_imperative_after_a_negated_clause_is_not_negated() -> None:
    # « payez » opens an order of its own: the negation before the comma does not reach it,
    # while a list after « ni » still carries the negation on
    from tactful import lint

    report = lint("Nous n'accepterons plus d'excuses, payez immédiatement.", locale="fr")
    assert "PRS001" in codes(report)
    report = lint("Nous ne contacterons ni votre employeur, ni vos voisins.", locale="fr")
    assert not [f for f in report.findings if f.category == "threat"]


def test_saisie_de_coordonnees_is_clean(linter: Linter) -> None:
    report = linter.lint("La saisie de vos coordonnées prend deux minutes.", locale="fr")
    assert "THR902" not in codes(report)
    report = linter.lint("Nous procéderons à la saisie de votre salaire.", locale="fr")
    assert "THR902" in codes(report)


def test_free_of_charge_is_clean(linter: Linter) -> None:
    assert "THR903" not in codes(linter.lint("Advice is free of charge.", locale="en"))
    assert "THR903" in codes(linter.lint("We will press charges.", locale="en"))


def test_execute_the_payment_is_clean(linter: Linter) -> None:
    assert "JAR901" not in codes(linter.lint("We will execute the payment.", locale="en"))
    assert "JAR901" in codes(linter.lint("We will execute the writ.", locale="en"))


# --- token patterns ------------------------------------------------------------


def test_lemma_matches_inflections(linter: Linter) -> None:
    for text in ("Nous avons informé votre employeur.", "Nous informerons vos voisins."):
        assert "THR901" in codes(linter.lint(text, locale="fr")), text


def test_gap_is_bounded(linter: Linter) -> None:
    near = "We will tell your kind, patient employer."
    far = "We will tell you that a very kind and patient employer helped."
    assert "THR901" in codes(linter.lint(near, locale="en"))
    assert "THR901" not in codes(linter.lint(far, locale="en"))


def test_patterns_stay_inside_a_sentence(linter: Linter) -> None:
    text = "We will tell you more. Your employer is not involved."
    assert "THR901" not in codes(linter.lint(text, locale="en"))


def test_number_item_and_requires(linter: Linter) -> None:
    flagged = linter.lint("Pay within 1 000 hours.", locale="en", profile="hardship")
    assert [f.match for f in flagged.findings if f.code == "PRS901"] == ["within 1 000 hours"]
    unrelated = linter.lint("Our office replies within 24 hours.", locale="en", profile="hardship")
    assert "PRS901" not in codes(unrelated)


def test_regex_escape_hatch(linter: Linter) -> None:
    report = linter.lint("Discount today only: pay now.", locale="en", profile="hardship")
    assert [f.match for f in report.findings if f.code == "PRS901"] == ["today only"]


def test_optional_items_extend_the_match(linter: Linter) -> None:
    matches = {
        text: [f.match for f in linter.lint(text, locale="fr").findings if f.code == "GLT901"]
        for text in ("Vous devriez avoir honte.", "Quelle honte.", "Vous n'avez pas honte.")
    }
    assert matches == {
        "Vous devriez avoir honte.": ["avoir honte"],
        "Quelle honte.": ["honte"],
        "Vous n'avez pas honte.": [],  # negated
    }


def test_negation_words_named_by_the_pattern_do_not_negate_it(tmp_path: Path) -> None:
    custom = linter_from(
        tmp_path,
        """\
version: 1
rules:
  - code: PRS950
    name: no-choice
    category: pressure
    severity: warning
    message: {en: "'{match}' sounds like coercion."}
    why: {en: "It removes the reader's options."}
    patterns: {en: ["have no choice but"]}
    unless: {negated: true}
    examples:
      en: {flag: ["We have no choice but to act."], pass: ["We never have no choice but."]}
""",
    )
    assert codes(custom.lint("We will have no choice but to act.", locale="en")) == ["PRS950"]
    assert codes(custom.lint("We will not have no choice but to act.", locale="en")) == []


def test_near_guard_can_look_on_one_side_only(tmp_path: Path) -> None:
    custom = linter_from(
        tmp_path,
        """\
version: 1
rules:
  - code: THR950
    name: cut-off
    category: threat
    severity: warning
    message: {fr: "« {match} » annonce une coupure."}
    why: {fr: "Cela inquiète."}
    patterns:
      fr:
        - {tokens: "téléphone *2 couper", unless: {near: [{tokens: "si", window: 1, side: before}]}}
        - {tokens: "compteur *2 couper", unless: {near: [{tokens: "si", window: 1, side: after}]}}
        - {tokens: "gaz *2 couper", unless: {near: [{tokens: "si", window: 1}]}}
    examples:
      fr: {flag: ["Votre téléphone sera coupé."], pass: ["Si votre téléphone est coupé, appelez."]}
""",
    )

    def flagged(text: str) -> bool:
        return codes(custom.lint(text, locale="fr")) == ["THR950"]

    # before: only a "si" ahead of the match guards it
    assert not flagged("Si votre téléphone est coupé, écrivez-nous.")
    assert flagged("Votre téléphone sera coupé si vous ne payez pas.")
    # after: only a "si" following the match guards it
    assert flagged("Si votre compteur est coupé, écrivez-nous.")
    assert not flagged("Votre compteur sera coupé si vous ne payez pas.")
    # both sides (the default)
    assert not flagged("Si votre gaz est coupé, écrivez-nous.")
    assert not flagged("Votre gaz sera coupé si vous ne payez pas.")
    assert flagged("Votre gaz sera coupé demain.")


# --- stages, channels, profiles --------------------------------------------------


def test_stage_scoped_rule(linter: Linter) -> None:
    text = "Nous procéderons à la saisie de votre salaire."
    at = {s: codes(linter.lint(text, locale="fr", stage=s)) for s in ("reminder", "final_notice")}
    assert "THR902" in at["reminder"]
    assert "THR902" not in at["final_notice"]


def test_severity_by_stage(linter: Linter) -> None:
    text = "Nous procéderons à la saisie de votre salaire."
    report = linter.lint(text, locale="fr", stage="second_reminder")
    assert [f.severity for f in report.findings if f.code == "THR902"] == ["info"]
    report = linter.lint(text, locale="fr", stage="courtesy")
    assert [f.severity for f in report.findings if f.code == "THR902"] == ["warning"]


def test_unknown_stage_reports_stage_rules_at_info_with_a_note(linter: Linter) -> None:
    report = linter.lint("Nous procéderons à la saisie de votre salaire.", locale="fr")
    [finding] = [f for f in report.findings if f.code == "THR902"]
    assert finding.severity == "info"
    assert "étape" in finding.note


def test_channel_and_profile_filters(linter: Linter) -> None:
    text = "We will execute the writ."
    assert "JAR901" in codes(linter.lint(text, locale="en", channel="letter"))
    assert "JAR901" not in codes(linter.lint(text, locale="en", channel="sms"))
    deadline = "Pay within 24 hours."
    assert "PRS901" in codes(linter.lint(deadline, locale="en", profile="hardship"))
    assert "PRS901" not in codes(linter.lint(deadline, locale="en", profile="business"))


# --- findings -----------------------------------------------------------------


def test_finding_fields(linter: Linter) -> None:
    text = "Bonjour,\n\nVous êtes un mauvais payeur."
    [finding] = [f for f in linter.lint(text, locale="fr").findings if f.code == "GLT901"]
    assert isinstance(finding, Finding)
    assert (finding.line, finding.column) == (3, 14)
    assert text[finding.start : finding.end] == finding.match == "mauvais payeur"
    assert finding.category == "guilt" and finding.name == "your-fault"
    assert finding.message == "« mauvais payeur » culpabilise."
    assert finding.why and isinstance(finding.suggestions, tuple)


def test_messages_are_localized(linter: Linter) -> None:
    report = linter.lint("People like you never pay.", locale="en_GB")
    assert report.findings[0].message == "'People like you' blames the reader."


def test_locale_may_be_a_babel_locale_and_a_wrong_type_names_the_field(linter: Linter) -> None:
    from babel import Locale

    report = linter.lint("People like you never pay.", locale=Locale.parse("en_GB"))
    assert report.locale == "en_GB" and report.findings[0].code
    with pytest.raises(InputError, match="locale"):
        linter.lint("People like you never pay.", locale=5)
    with pytest.raises(InputError, match="locale"):
        linter.lint_many([("People like you never pay.", {"locale": 5})])
    with pytest.raises(InputError, match="rules must be"):
        Linter(rules=5)  # type: ignore[arg-type]


def test_locale_is_inferred(linter: Linter) -> None:
    assert linter.lint("Vous êtes un mauvais payeur et nous le savons.").locale == "fr"
    assert linter.lint("People like you never pay the bill.").locale == "en"


def test_bad_inputs_raise_clear_errors(linter: Linter) -> None:
    with pytest.raises(InputError, match="locale"):
        linter.lint("x", locale="de")
    with pytest.raises(InputError, match="stage"):
        linter.lint("x", locale="fr", stage="eventually")
    with pytest.raises(InputError, match="channel"):
        linter.lint("x", locale="fr", channel="fax")


def test_rendered_message_lints_subject_and_text(linter: Linter) -> None:
    message = SimpleNamespace(
        subject="PAYEZ MAINTENANT",
        text="Vous êtes un mauvais payeur.",
        locale="fr_FR",
        stage=SimpleNamespace(value="reminder"),
        channel="email",
        profile="standard",
    )
    report = linter.lint(message)
    assert report.stage == "reminder" and report.locale == "fr_FR"
    assert [f.code for f in report.findings] == ["GLT901"]
    [subject] = report.subject_findings
    assert subject.part == "subject" and subject.code == "PRS101"
    assert message.subject[subject.start : subject.end] == subject.match
    assert len(report.all_findings) == 2 and not report.ok


def test_lint_many(linter: Linter) -> None:
    reports = linter.lint_many(
        [
            "People like you never pay.",
            ("Payez sous 48 heures.", {"locale": "fr", "profile": "hardship"}),
        ]
    )
    assert [codes(r) for r in reports] == [["GLT901"], ["PRS901"]]


def test_module_level_lint_uses_default_rules() -> None:
    report = lint("Merci pour votre paiement.", locale="fr", stage="reminder")
    assert isinstance(report, LintReport)
    assert report.findings == []


# --- suppression --------------------------------------------------------------


def test_suppression_on_the_same_line(linter: Linter) -> None:
    text = "Vous êtes un mauvais payeur. {# tactful: ignore[GLT901] quoted from a complaint #}"
    assert "GLT901" not in codes(linter.lint(text, locale="fr"))


def test_suppression_alone_on_its_line_covers_the_next_line(linter: Linter) -> None:
    text = (
        "<!-- tactful: ignore[GLT, PRS101] quoted -->\n"
        "Vous êtes un mauvais payeur.\n"
        "Mauvais payeur."
    )
    found = [(f.code, f.line) for f in linter.lint(text, locale="fr").findings]
    assert ("GLT901", 2) not in found
    assert ("GLT901", 3) in found


def test_bare_ignore_is_an_error(linter: Linter) -> None:
    text = "Vous êtes un mauvais payeur. tactful: ignore because"
    report = linter.lint(text, locale="fr")
    [sup] = [f for f in report.findings if f.code == "SUP001"]
    assert sup.severity == "error" and sup.match == "tactful: ignore"
    assert "GLT901" in codes(report)


# --- property: offsets ----------------------------------------------------------

_VOCAB = (
    "Nous ne transmettrons jamais votre dossier à votre employeur mauvais payeur PAYEZ "
    "l'huissier won't haven't people like you 24 hours within pay !! {{ x }} saisie de "
    "coordonnées \n ’ É é œ İ ß"
)
WORDS = st.sampled_from(_VOCAB.split(" "))


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, max_size=40), st.sampled_from(["fr", "en"]))
def test_offsets_always_match(linter: Linter, words: list[str], lang: str) -> None:
    text = " ".join(words)
    report = linter.lint(text, locale=lang, profile="hardship")
    lines = text.split("\n")
    for f in report.findings:
        assert text[f.start : f.end] == f.match
        assert lines[f.line - 1][f.column - 1 :].startswith(f.match.split("\n")[0])


def test_real_rendered_message_is_linted() -> None:
    from tactful.rendering import RenderedMessage

    fields = RenderedMessage.__dataclass_fields__
    assert {"text", "subject", "locale", "stage", "channel", "profile"} <= set(fields)
    message = SimpleNamespace(
        text="Votre facture reste impayée.",
        subject="Relance",
        locale="fr_FR",
        stage="reminder",
        channel="email",
        profile="standard",
    )
    report = lint(message)
    assert (report.locale, report.stage, report.channel) == ("fr_FR", "reminder", "email")


# --- negation refinements (not hesitating, object "you", concessive "even") ----


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Nous n'hésiterons pas à prévenir votre employeur.", "fr"),
        ("We will not hesitate to contact your employer.", "en"),
        ("We won't hesitate to tell your family.", "en"),
    ],
)
def test_not_hesitating_is_not_a_negation(linter: Linter, text: str, locale: str) -> None:
    assert "THR901" in codes(linter.lint(text, locale=locale))


def test_object_you_does_not_stop_the_negation_scope(linter: Linter) -> None:
    # "you" after a verb is the object: the "not" before it still negates the match
    text = "We will not ask you to inform your employer."
    assert "THR901" not in codes(linter.lint(text, locale="en"))
    # "you" after "that" is a subject: the "not" before it belongs to another verb
    text = "It is not true that you must inform your employer."
    assert "THR901" in codes(linter.lint(text, locale="en"))


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Even at this stage, we will not contact your employer.", "en"),
        ("Même à ce stade, nous ne contacterons pas votre employeur.", "fr"),
    ],
)
def test_even_makes_an_undercut_cue_concessive(linter: Linter, text: str, locale: str) -> None:
    assert "THR901" not in codes(linter.lint(text, locale=locale))
    plain = text.replace("Even a", "A").replace("Même à", "À")
    assert "THR901" in codes(linter.lint(plain, locale=locale))


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Why not tell your family about it?", "en"),
        ("Pourquoi ne pas prévenir votre famille ?", "fr"),
    ],
)
def test_why_not_is_a_suggestion(linter: Linter, text: str, locale: str) -> None:
    assert "THR901" in codes(linter.lint(text, locale=locale))


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Accounts not paid on time: we inform your employer.", "en"),
        ("Factures restées sans règlement : nous prévenons votre employeur.", "fr"),
    ],
)
def test_unpaid_participle_does_not_negate(linter: Linter, text: str, locale: str) -> None:
    assert "THR901" in codes(linter.lint(text.replace(":", ""), locale=locale))


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # a relative clause of not paying describes the debtors, the main verb stands
        ("Customers who don't pay will see us tell their family.", True),
        ("People that never pay get a letter and we inform their employer.", True),
        # a negated main verb inside the relative clause still negates
        ("We are a firm that will never tell your family.", False),
    ],
)
def test_relative_clause_of_not_paying_does_not_negate(
    linter: Linter, text: str, flagged: bool
) -> None:
    assert ("THR901" in codes(linter.lint(text, locale="en"))) is flagged


def test_cannot_is_a_negation(linter: Linter) -> None:
    assert "THR901" not in codes(linter.lint("We cannot tell your family.", locale="en"))


def test_rather_not_undercuts_a_negation(linter: Linter) -> None:
    assert "THR901" in codes(linter.lint("We'd rather not tell your family.", locale="en"))
    assert "THR901" not in codes(linter.lint("We will not tell your family.", locale="en"))


@pytest.mark.parametrize(
    ("text", "locale", "flagged"),
    [
        # the match is the subject of a negated auxiliary: a reassurance
        ("Your employer will not be contacted.", "en", False),
        ("Votre employeur n'en sera jamais informé.", "fr", False),
        # "or" and list items carry on the negation of the previous clause
        ("We would never call you or tell your family.", "en", False),
        ("Nous n'avons aucune intention d'écrire à votre banque, à votre employeur.", "fr", False),
        # ... but not the negation of a condition
        ("If you do not pay, contact your employer.", "en", True),
        # "nothing", "inutile"
        ("Nothing will be said to your employer.", "en", False),
        # an undercut cue may stand in a short fragment after the sentence
        ("We have not told your family. Yet.", "en", True),
        ("Nous n'avons encore rien transmis à votre famille.", "fr", True),
    ],
)
def test_negation_scope_refinements(linter: Linter, text: str, locale: str, flagged: bool) -> None:
    assert ("THR901" in codes(linter.lint(text, locale=locale))) is flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # a list of several items carries the negation to its last item
        ("We will not call your bank, tell your landlord or tell your family.", False),
        ("We will not call your bank, your landlord, tell your family.", False),
        # a clause with its own subject is no list item: the negation stops there
        ("We won't sue, we will phone your bank, tell your landlord or tell your family.", True),
        ("If you do not pay, we call your bank, tell your landlord or tell your family.", True),
    ],
)
def test_negation_carries_along_a_list_of_several_items(
    linter: Linter, text: str, flagged: bool
) -> None:
    assert ("THR901" in codes(linter.lint(text, locale="en"))) is flagged


def test_a_clause_after_a_colon_is_no_list_item() -> None:
    """A short clause carries on a negation only after a comma (a list): after a colon it
    explains, and "maintenant ou jamais" stays an ultimatum."""
    text = "Vous n'aurez pas de seconde chance : c'est maintenant ou jamais."
    report = lint(text, locale="fr", stage="formal_notice")
    assert "pressure" in {f.category for f in report.findings}


def test_one_finding_per_span_and_category() -> None:
    """Overlapping rule families report a span once per category, the most severe rule."""
    import json
    from pathlib import Path

    from tactful.lint import Linter

    linter = Linter()
    checks = {r.code for r in linter.rules if r.check is not None}  # shouting etc. stay apart
    text = "Unless full payment is made in 8 days, legal action will be taken."
    threat = [f for f in linter.lint(text, locale="en", stage="reminder").findings
              if f.category == "threat"]
    assert len({(f.start, f.end) for f in threat}) == len(threat) >= 1
    corpus = Path(__file__).parent / "corpus"
    for name in ("en.jsonl", "fr.jsonl"):
        for line in (corpus / name).read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            report = linter.lint(item["text"], locale=name[:2], stage=item["stage"])
            keys = [(f.start, f.end, f.category) for f in report.findings if f.code not in checks]
            assert len(keys) == len(set(keys)), item["id"]


# --- restrictive « ne … que » and the negation after a match ---------------------


@pytest.mark.parametrize(
    ("text", "code", "flagged"),
    [
        # « ne … que » restricts, it does not negate
        ("Vous n'êtes qu'un mauvais payeur.", "GLT901", True),
        ("Il ne nous reste qu'à prévenir votre employeur.", "THR901", True),
        ("Nous n'aurons plus qu'à prévenir votre employeur.", "THR901", False),
        ("Nous ne ferons que prévenir votre employeur.", "THR901", True),
        # a real negation before the « que » still negates
        ("Vous n'êtes pas un mauvais payeur.", "GLT901", False),
        ("Nous ne préviendrons jamais votre employeur, quoi que vous fassiez.", "THR901", False),
        ("Nous ne contacterons pas votre employeur, ni qui que ce soit.", "THR901", False),
    ],
)
def test_restrictive_ne_que_is_not_a_negation(
    linter: Linter, text: str, code: str, flagged: bool
) -> None:
    assert (code in codes(linter.lint(text, locale="fr"))) is flagged


@pytest.mark.parametrize(
    ("text", "locale", "flagged"),
    [
        # the match is the subject of the negated auxiliary right after it: taken back
        ("Irresponsible is not a word we would use.", "en", False),
        ("Un mauvais payeur n'est pas ce que nous voyons.", "fr", False),
        # the negation belongs to another predicate or a complement: the reproach stays
        ("Your irresponsible spending is not our problem.", "en", True),
        ("People like you are not welcome here.", "en", True),
        ("Irresponsible people like you do not pay.", "en", True),
        ("Avoir honte de ne pas payer, c'est normal.", "fr", True),
        ("Un mauvais payeur comme vous ne paie jamais.", "fr", True),
        ("Votre attitude de mauvais payeur n'est pas acceptable.", "fr", True),
    ],
)
def test_negation_after_the_match_only_when_it_is_the_subject(
    linter: Linter, text: str, locale: str, flagged: bool
) -> None:
    assert ("GLT901" in codes(linter.lint(text, locale=locale))) is flagged


@pytest.mark.parametrize(
    ("text", "locale", "flagged"),
    [
        # a threat to the reader's things negated right after it is a reassurance
        ("Contacting your family is not something we do.", "en", False),
        ("Telling your employer will never be our approach.", "en", False),
        ("Contacter votre employeur n'est pas dans nos habitudes.", "fr", False),
        # "to not" / « de ne pas »: the negation is inside a complement
        ("We will tell your family to not worry.", "en", True),
        ("Nous allons prévenir votre famille de ne pas s'inquiéter.", "fr", True),
    ],
)
def test_negation_after_a_threat(linter: Linter, text: str, locale: str, flagged: bool) -> None:
    assert ("THR901" in codes(linter.lint(text, locale=locale))) is flagged



@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Responsible adults pay their bills on time.", "Responsible adults"),
        ("We will send the bailiffs to your door.", "bailiffs to your door"),
    ],
)
def test_one_finding_per_stretch_of_words_and_category(text: str, kept: str) -> None:
    """Overlapping wording rules of one category give one finding: the most severe,
    then the core rule (lowest code)."""
    findings = lint(text, locale="en", stage="reminder").findings
    by_category: dict[str, list[Finding]] = {}
    for f in findings:
        by_category.setdefault(f.category, []).append(f)
    assert by_category
    for group in by_category.values():
        spans = sorted((f.start, f.end) for f in group)
        assert all(a[1] <= b[0] for a, b in pairwise(spans)), group
    assert kept in [f.match for f in findings]


def test_checks_are_not_merged_with_wording_rules() -> None:
    """A shouted "URGENT" is both urgency (a wording rule) and shouting (a check)."""
    found = {(f.code, f.match) for f in lint("Payment is URGENT.", locale="en").findings}
    assert {("PRS901", "URGENT")} < found and len(found) == 2


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Ne soyez pas surpris de voir un commissaire de justice chez vous.", "fr"),
        ("N'oubliez pas que nous pouvons saisir votre salaire.", "fr"),
        ("Votre mari sera sans doute intéressé d'apprendre que vous avez des dettes.", "fr"),
        ("Don't be surprised when the bailiffs knock on your door.", "en"),
    ],
)
def test_negating_surprise_or_forgetting_asserts_what_follows(text: str, locale: str) -> None:
    found = lint(text, locale=locale, stage="reminder").findings
    assert "threat" in {f.category for f in found}


@pytest.mark.parametrize(
    ("text", "locale", "flagged"),
    [
        # the negated infinitive or gerund is the subject: the statement itself is a threat
        ("Ne pas payer une facture est un délit.", "fr", True),
        ("Ne jamais régler ses dettes peut conduire en prison.", "fr", True),
        ("Not paying could land you in jail.", "en", True),
        # the statement itself negated stays a reassurance
        ("Ne pas payer une facture n'est pas un délit.", "fr", False),
        ("Ne pas payer une facture ne vous enverra jamais en prison.", "fr", False),
        ("Not paying a debt is not a crime.", "en", False),
        ("Nous ne porterons pas plainte.", "fr", False),
        # « pas d'autre choix que de… » announces the step as the only one left
        ("Nous n'aurons pas d'autre choix que de saisir le tribunal.", "fr", True),
        ("Nous n'aurons plus d'autre choix que d'engager des poursuites.", "fr", True),
        ("Nous ne saisirons pas le tribunal.", "fr", False),
    ],
)
def test_negated_infinitive_subject_does_not_negate_the_statement(
    text: str, locale: str, flagged: bool
) -> None:
    report = lint(text, locale=locale, stage="reminder")
    assert any(f.category == "threat" for f in report.findings) is flagged, text


def test_new_finding_is_the_dataclass_constructor() -> None:
    from dataclasses import FrozenInstanceError

    from tactful.lint.findings import new_finding

    values = ("THR001", "n", "threat", "error", 3, 9, 1, 4, "huissier", "m", "w", ("s",), "", "x")
    made = new_finding(values)
    assert type(made) is Finding
    assert made == Finding(*values) and hash(made) == hash(Finding(*values))
    assert made.to_dict()["suggestions"] == ["s"]
    with pytest.raises(FrozenInstanceError):
        made.code = "X"  # type: ignore[misc]


# --- a subject negated by any verb, a participle phrase, a question denied ------------


@pytest.mark.parametrize(
    ("text", "code", "flagged"),
    [
        # a threat that is the subject of a negated verb, auxiliary or not
        ("Prévenir votre employeur ne fait pas partie de nos méthodes.", "THR901", False),
        # a judgement keeps to the auxiliary: « un mauvais payeur ne paie jamais » still judges
        ("Un mauvais payeur ne paie jamais.", "GLT901", True),
        # « ne tarderons pas à » affirms, like « n'hésiterons pas à »
        ("Nous ne tarderons pas à prévenir votre employeur.", "THR901", True),
        # a question answered « non » at once names the feared thing only to deny it
        ("Prévenir votre employeur ? Non, ce n'est pas notre façon de faire.", "THR901", False),
        ("Prévenir votre employeur ? Oui, dès demain.", "THR901", True),
        ("Prévenir votre employeur ? Non ? Alors payez.", "THR901", True),
    ],
)
def test_french_subject_negation_and_denied_question(
    linter: Linter, text: str, code: str, flagged: bool
) -> None:
    assert (code in codes(linter.lint(text, locale="fr"))) is flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("L'huissier mentionné dans notre courrier ne viendra pas : c'était une erreur.", False),
        ("L'huissier mandaté par nos soins viendra chez vous.", True),
        # an object relative clause (« dont » + subject + verb) stands there too
        ("L'huissier dont parle votre voisin n'a jamais reçu de mandat de notre part.", False),
        ("L'huissier dont nous vous avons parlé viendra chez vous.", True),
    ],
)
def test_participle_phrase_between_a_subject_and_its_negated_verb(
    text: str, flagged: bool
) -> None:
    report = lint(text, locale="fr", stage="reminder")
    assert ("threat" in {f.category for f in report.findings}) is flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # the expletive « ne » after « avant que / de peur que » negates nothing
        ("Réglez avant que nous ne prévenions votre employeur.", True),
        ("Réglez avant que nous ne contactions pas votre employeur.", False),
    ],
)
def test_expletive_ne_is_not_a_negation(linter: Linter, text: str, flagged: bool) -> None:
    assert ("THR901" in codes(linter.lint(text, locale="fr"))) is flagged


@pytest.mark.parametrize(
    ("text", "category", "flagged"),
    [
        # a list of subjects opened by the match, then a negated verb: a reassurance
        ("Vos voisins, votre famille et vos collègues ne seront jamais prévenus.", "threat", False),
        ("Votre employeur ou vos proches ne seront pas contactés.", "threat", False),
        ("Votre employeur et vos proches seront contactés.", "threat", True),
        # « ce n'est pas… » after a comma is no list item
        ("Demandez de l'aide à votre famille, ce n'est pas notre problème.", "pressure", True),
    ],
)
def test_french_list_of_subjects_before_a_negated_verb(
    text: str, category: str, flagged: bool
) -> None:
    report = lint(text, locale="fr", stage="reminder")
    assert (category in {f.category for f in report.all_findings}) is flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Indiquez la référence DOSS-5521 sur votre virement.", False),
        ("Votre dossier 2026/FACT est à jour.", False),
        ("PAYEZ MAINTENANT la facture 5521.", True),
    ],
)
def test_capitals_joined_to_a_number_are_an_identifier(text: str, flagged: bool) -> None:
    report = lint(text, locale="fr", stage="reminder")
    assert ("PRS901" in codes(report)) is flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # a card-statement descriptor glues its parts with a star
        ("The charge will read HARBOUR*GYM on your statement.", False),
        ("SETTLE TODAY or HARBOUR*GYM closes your account.", True),
    ],
)
def test_capitals_joined_by_a_star_are_a_card_descriptor(text: str, flagged: bool) -> None:
    report = lint(text, locale="en", stage="reminder")
    assert ("PRS901" in codes(report)) is flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # a reader's question answered "No." at once names the feared thing only to deny it
        ("'Will you take my car?' No. We only ask for the balance.", False),
        ("'Will you take my car?' No one can stop us. Pay today.", True),
        ("Want us to take your car? No? Then pay today.", True),
        ("We will take your car.", True),
        # "don't make us / do not force us to" announces the step
        ("Don't make us send the bailiffs round.", True),
        ("Do not force us to take your car.", True),
        ("We will not make you hand over your car.", False),
    ],
)
def test_english_denied_question_and_forcing(text: str, flagged: bool) -> None:
    report = lint(text, locale="en", stage="reminder")
    assert ("threat" in {f.category for f in report.findings}) is flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # a negated purpose names the consequence to avoid
        ("Réglez pour ne pas risquer la saisie de votre salaire.", True),
        ("Réglez afin de ne plus subir de saisie sur salaire.", True),
        # a plain negation still reassures
        ("Nous ne ferons jamais de saisie sur votre salaire.", False),
    ],
)
def test_french_negated_purpose_is_no_reassurance(text: str, flagged: bool) -> None:
    report = lint(text, locale="fr", stage="reminder")
    assert ("threat" in {f.category for f in report.all_findings}) is flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # « tant que » a dialogue or an agreement is in place: the reassurance lasts with it
        ("Nous ne contacterons pas votre employeur tant que le dialogue reste ouvert.", False),
        ("Nous ne contacterons pas votre employeur tant qu'un échéancier nous lie.", False),
        # « tant que » anything else still hints that the reassurance is temporary
        ("Nous ne contacterons pas votre employeur tant que vous payez.", True),
    ],
)
def test_french_cooperation_condition_does_not_undercut(
    linter: Linter, text: str, flagged: bool
) -> None:
    assert ("THR901" in codes(linter.lint(text, locale="fr"))) is flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # « sans peine / sans doute » are adverbs: their « sans » negates nothing
        ("Vous devinez sans peine que nous contacterons votre employeur.", True),
        ("Nous réglerons cela sans contacter votre employeur.", False),
        # « sans autre formalité / sans préavis » say how the step is taken
        ("Nous contacterons votre employeur sans autre formalité.", True),
        ("Sans préavis, nous contacterons votre employeur.", True),
        # litotes: « vous n'êtes pas sans savoir » affirms
        ("Vous n'êtes pas sans savoir que nous contacterons votre employeur.", True),
        # « nous ne pouvons pas garantir » undercuts the reassurance that follows
        ("Nous ne pouvons pas vous garantir que nous ne contacterons pas votre employeur.", True),
    ],
)
def test_french_sans_idiom_is_no_negation(linter: Linter, text: str, flagged: bool) -> None:
    assert ("THR901" in codes(linter.lint(text, locale="fr"))) is flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # a hedged rumour denied at once is dispelled
        ("You may have heard that a late bill means court. That isn't true.", False),
        ("Have you heard that late bills go to court? They don't.", False),
        ("Some people worry that asking for a plan means court. No, it does not.", False),
        # what the reader was told, unhedged, recalls our warning
        ("You were told in May that we would start court proceedings. We have not heard.", True),
        # an order to picture the threat, and a next sentence opening a new claim with "No …"
        ("Imagine bailiffs at your door. Nobody wants that.", True),
        ("Some people worry that a late bill means court. No payment has reached us since.", True),
    ],
)
def test_english_dispelled_fear_cues(text: str, flagged: bool) -> None:
    from tactful import lint

    found = {f.category for f in lint(text, locale="en", stage="reminder").findings}
    assert ("threat" in found) is flagged


def test_french_fear_that_waves_the_threat_away_is_not_dispelled() -> None:
    # denying « c'est une menace en l'air » affirms the seizure; denying the fear dispels it
    waved = "Certains pensent que la saisie sur salaire est du bluff. Ce n'est pas le cas."
    feared = "Certains clients craignent une saisie sur salaire. Ce n'est pas le cas."
    assert "THR006" in codes(lint(waved, locale="fr", stage="reminder"))
    assert "THR006" not in codes(lint(feared, locale="fr", stage="reminder"))
