"""Jurisdiction and channel packs (tactful.packs): every rule's examples, realistic letters
and SMS per jurisdiction, SMS encoding, email and letter checks, and every built-in template
rendered with its example request against its jurisdiction's pack."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tactful import channels
from tactful.errors import InputError, RuleFileError
from tactful.packs import ComplianceContext, check_compliance, load_pack
from tactful.packs.compile import (
    JURISDICTIONS,
    artefact_path,
    compile_pack,
    is_fresh,
    load_pack_file,
)
from tactful.rendering import Renderer

ROOT = Path(__file__).resolve().parents[1]
DOCS_DIR = ROOT / "docs" / "jurisdictions"
EXAMPLES = ROOT / "examples"
STAGES = ("courtesy", "reminder", "second_reminder", "formal_notice", "final_notice")
CHANNELS = ("letter", "email", "sms")
PROFILES = ("standard", "first_time", "repeat", "hardship", "business")
L111_8 = (
    "« Les frais de recouvrement entrepris sans titre exécutoire restent à la charge du "
    "créancier, sauf s'ils concernent un acte dont l'accomplissement est prescrit par la loi au "
    "créancier. Toute stipulation contraire est réputée non écrite, sauf disposition législative "
    "contraire. »\n« Cependant, le créancier qui justifie du caractère nécessaire des démarches "
    "entreprises pour recouvrer sa créance peut demander au juge de l'exécution de laisser tout "
    "ou partie des frais ainsi exposés à la charge du débiteur de mauvaise foi. »"
)


def codes(text: Any, **context: Any) -> list[str]:
    return [f.code for f in check_compliance(text, ComplianceContext(**context))]


# --------------------------------------------------------------- rule examples


def _examples() -> list[Any]:
    out = []
    for j in JURISDICTIONS:
        for rule in load_pack(j).rules:
            for lang, examples in rule["examples"].items():
                for kind in ("flag", "pass"):
                    for i, ex in enumerate(examples[kind]):
                        out.append(pytest.param(j, rule, lang, kind, ex,
                                                id=f"{rule['code']}-{lang}-{kind}{i}"))
    return out


@pytest.mark.parametrize(("jurisdiction", "rule", "lang", "kind", "example"), _examples())
def test_rule_examples(jurisdiction: str, rule: Any, lang: str, kind: str, example: Any) -> None:
    values = {**example.get("context", {}), "jurisdiction": jurisdiction, "locale": lang}
    ctx = ComplianceContext.from_mapping(values, "example")
    found = [f for f in check_compliance(example["text"], ctx) if f.code == rule["code"]]
    assert bool(found) == (kind == "flag"), (example["text"], found)
    for f in found:
        assert f.category == "legal"
        assert rule["cite"] in f.why


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_compiled_packs_are_fresh_and_well_formed(jurisdiction: str) -> None:
    assert is_fresh(jurisdiction), "run python -m tactful.packs.compile"
    # is_fresh only hashes the pack file; the negation cues and the lint compiler feed the
    # artefact too, so compare it whole with a fresh compilation
    committed = json.loads(artefact_path(jurisdiction).read_text(encoding="utf-8"))
    assert committed == compile_pack(jurisdiction), "run python -m tactful.packs.compile"
    pack = load_pack_file(ROOT / "src" / "tactful" / "packs" / f"{jurisdiction.lower()}.yaml")
    assert pack.jurisdiction == jurisdiction
    for rule in pack.rules:
        assert rule.code.startswith(jurisdiction)
        assert rule.cite and rule.why
        assert rule.examples, rule.code
        if not rule.verified:
            assert rule.severity in ("warning", "info"), rule.code


def test_unverified_fact_cannot_ship_as_error(tmp_path: Path) -> None:
    from pydantic import ValidationError

    from tactful.packs.schema import PackRule

    raw = {
        "code": "US099", "name": "x", "kind": "required", "level": "error", "verified": False,
        "cite": "12 CFR", "message": {"en": "m"}, "why": {"en": "w"},
        "patterns": {"en": ["debt"]},
        "examples": {"en": {"flag": [{"text": "a"}], "pass": [{"text": "debt"}]}},
    }
    with pytest.raises(ValidationError, match="unverified"):
        PackRule.model_validate(raw)
    assert PackRule.model_validate({**raw, "level": "warn"}).severity == "warning"
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\njurisdiction: FR\ntitle: {fr: x}\nscope: {fr: x}\nrules: [{}]\n")
    with pytest.raises(RuleFileError, match=r"bad\.yaml \[rules\.0\.code\]"):
        load_pack_file(bad)


# ------------------------------------------------------------------- France

FR_AGENCY = dict(jurisdiction="FR", sender_role="collection_agency", stage="reminder",
                 channel="letter", locale="fr", agency_name="Recouvra SAS",
                 creditor_name="Énergie Claire")
FR_LETTER_HEAD = (
    "Recouvra SAS\n5 rue du Port\n44000 Nantes\n\nMadame Camille Martin\n12 rue des Lilas\n"
    "69003 Lyon\n\nNantes, le 15 mars 2026\n\nMadame,\n\n"
)


def test_fr_agency_letter_with_every_r124_4_mention_passes() -> None:
    body = (
        "Recouvra SAS (5 rue du Port, 44000 Nantes) est une société de recouvrement amiable. "
        "Nous vous écrivons pour le compte d'Énergie Claire (8 avenue de l'Opéra, 75001 Paris).\n"
        "La facture FA-12 de 312,40 € (principal 300,00 €, intérêts 12,40 €) reste à régler. "
        "Vous pouvez payer par virement ou par carte.\n" + L111_8
    )
    assert codes(FR_LETTER_HEAD + body, **FR_AGENCY) == []


def test_fr_agency_letter_missing_mentions_and_claiming_fees() -> None:
    letter = FR_LETTER_HEAD + (
        "Nous vous mettons en demeure de régler 312,40 €, plus des frais de recouvrement de "
        "45 €. Tous les frais de procédure seront à votre charge, ainsi que des dommages et "
        "intérêts. Ceci vaut commandement de payer."
    )
    found = codes(letter, **FR_AGENCY)
    for code in ("FR001", "FR002", "FR003", "FR004", "FR020", "FR021", "FR023", "FR024"):
        assert code in found, code
    assert "FR022" not in found  # the amount is there
    # a creditor writing itself owes no R124-4 mentions, but the claims stay unlawful
    own = codes(letter, **{**FR_AGENCY, "sender_role": "creditor"})
    assert not [c for c in own if c in ("FR020", "FR021", "FR023", "FR024")]
    assert {"FR001", "FR002", "FR003", "FR004"} <= set(own)


def test_fr_quoting_l111_8_is_not_claiming_fees() -> None:
    found = check_compliance(FR_LETTER_HEAD + L111_8, ComplianceContext(**FR_AGENCY))
    assert not [f for f in found if f.code in ("FR001", "FR002")]
    # the same words outside the statutory quotation are a claim
    claim = "Les frais de recouvrement entrepris restent à votre charge."
    assert {"FR001", "FR002"} <= set(codes(claim, **FR_AGENCY))


def test_fr_b2b_indemnity_only_for_businesses() -> None:
    text = "Une indemnité forfaitaire pour frais de recouvrement de 40 € s'ajoute (L441-10)."
    assert {"FR001", "FR008"} <= set(codes(text, jurisdiction="FR", locale="fr"))
    assert codes(text, jurisdiction="FR", locale="fr", business=True) == []
    assert codes(text, jurisdiction="FR", locale="fr", profile="business") == []


def test_fr_sms_false_legal_claims_and_fees() -> None:
    sms = "Recouvra: 45 EUR de frais de dossier ajoutes. Sans paiement, saisie sur salaire."
    found = codes(sms, jurisdiction="FR", channel="sms", stage="reminder", locale="fr")
    assert "FR001" in found and "FR005" in found
    assert "SMS001" not in found and "SMS002" not in found  # GSM-7, one segment


def test_fr_legal_action_depends_on_context() -> None:
    text = "Sans paiement d'ici le 29 mars, nous engagerons une action en justice."
    base = dict(jurisdiction="FR", locale="fr", stage="formal_notice")
    assert "FR007" in codes(text, **base)
    assert "FR007" not in codes(text, **base, legal_action_planned=True)
    assert "FR006" in codes(text, **base, legal_action_planned=True, time_barred=True)


# ---------------------------------------------------------------------- US

US_AGENCY = dict(jurisdiction="US", sender_role="collection_agency", locale="en_US")


def test_us_agency_sms_without_opt_out_implying_attorney_and_arrest() -> None:
    sms = ("This is an attempt to collect a debt. Pay $120 today or our attorney will file "
           "a lawsuit and you may be arrested.")
    found = codes(sms, **US_AGENCY, stage="reminder", channel="sms")
    for code in ("US001", "US003", "US005", "US021", "US023"):
        assert code in found, code
    assert "US020" not in found


def test_us_later_letter_needs_debt_collector_disclosure() -> None:
    letter = "Your account with Riverside Medical Group is still unpaid. Please call us."
    assert "US022" in codes(letter, **US_AGENCY, stage="formal_notice")
    assert "US020" in codes(letter, **US_AGENCY, stage="reminder")
    assert "US022" not in codes(
        "This communication is from a debt collector. " + letter, **US_AGENCY,
        stage="formal_notice",
    )
    # the first-contact rule follows initial_contact when given
    assert "US020" in codes(letter, **US_AGENCY, stage="formal_notice", initial_contact=True)
    # creditors collecting their own debts are outside the FDCPA
    assert codes(letter, jurisdiction="US", locale="en", stage="formal_notice") == []


def test_us_time_barred_suit_is_prohibited_even_if_planned() -> None:
    text = "This communication is from a debt collector. We will sue you if you do not pay."
    ctx = dict(US_AGENCY, stage="formal_notice", legal_action_planned=True)
    assert "US003" not in codes(text, **ctx)
    assert "US004" in codes(text, **ctx, time_barred=True)


def test_us_validation_notice_items() -> None:
    notice = (
        "Fairway Recovery Services LLC is a debt collector. We are trying to collect a debt that "
        "you owe to Riverside Medical Group. As of December 2, 2025, you owed: $1,234.56. "
        "You can dispute all or part of the debt by April 20, 2026. You may also request the "
        "name and address of the original creditor, if different from the current creditor, "
        "instead of disputing. Go to www.cfpb.gov/debt-collection to learn more about your "
        "rights. This communication is from a debt collector."
    )
    ctx = dict(US_AGENCY, stage="formal_notice", validation_notice=True)
    assert codes(notice, **ctx) == []
    found = check_compliance("This communication is from a debt collector.",
                             ComplianceContext(**ctx))
    severities = {f.code: f.severity for f in found}
    assert severities == {"US024": "error", "US025": "error", "US026": "error",
                          "US027": "warning"}  # 1006.34(b)(5) wording is UNVERIFIED


# ---------------------------------------------------------------------- UK

UK = dict(jurisdiction="UK", locale="en_GB")


def test_uk_letter_false_status_and_lump_sum_pressure() -> None:
    letter = (
        "Northern Fibre Ltd\n1 Wellington Street\nLS1 4DL\n\nMx Jamie Taylor\n14 Church Lane\n"
        "LS6 2AB\n\n15 March 2026\n\nYou owe £1,234.56. You must pay the full balance within 48 "
        "hours or our bailiffs will call. Consider taking out a loan to clear it. "
        "FAILURE TO PAY WILL RESULT IN ACTION."
    )
    found = codes(letter, **UK, stage="formal_notice", channel="letter", profile="standard")
    for code in ("UK001", "UK006", "UK020", "UK022"):
        assert code in found, code
    assert "UK021" not in found  # the arrears amount is stated
    assert [c for c in found if c.startswith(("LTR", "EML", "SMS"))] == []


def test_uk_hardship_sms_without_advice_and_county_court_imitation() -> None:
    sms = "COUNTY COURT NOTICE: we can help with 89.90 GBP, call 0113 496 0000."
    found = codes(sms, **UK, stage="reminder", channel="sms", profile="hardship")
    assert {"UK002", "UK003", "UK023"} <= set(found)
    fixed = "We can help with 89.90 GBP, call 0113 496 0000. Free debt advice: MoneyHelper."
    assert codes(fixed, **UK, stage="reminder", channel="sms", profile="hardship") == []


def test_uk_rules_are_for_consumers() -> None:
    text = "Our bailiffs will call. You must pay the full balance within 48 hours."
    assert codes(text, **UK, business=True) == []


# ----------------------------------------------------------------- channels


def test_french_sms_with_accents_is_ucs2_and_names_the_characters() -> None:
    sms = "Énergie Claire : votre facture de 45 € reste à régler. Merci de payer dès que possible."
    assert channels.encoding(sms) == "GSM-7"  # É, é, à, è and € are all in GSM 03.38
    assert channels.encoding("Ça") == "GSM-7"  # capital Ç is in the alphabet, ç is not
    accented = sms.replace("Merci", "Si ça peut être utile, merci")
    assert channels.encoding(accented) == "UCS-2"
    found = check_compliance(accented, ComplianceContext(channel="sms", locale="fr"))
    assert [f.code for f in found] == ["SMS002"]
    assert "'ç', 'ê'" in found[0].message and found[0].match == "ç"
    assert "'ç', 'ê'" in found[0].suggestions[0]
    assert check_compliance(sms, ComplianceContext(channel="sms", locale="fr")) == []


def test_sms_segments_limit_is_configurable() -> None:
    long_ucs2 = "Bonjour, votre facture reste à régler : nous pouvons en parler. " * 3
    ctx = ComplianceContext(channel="sms", locale="fr")
    text = long_ucs2.replace("parler", "reparler ç")
    assert channels.segments(text) == 4
    found = check_compliance(text, ctx)
    assert [f.code for f in found] == ["SMS001"]
    assert "4 segments (UCS-2)" in found[0].message and "2" in found[0].message
    assert "'ç'" in found[0].suggestions[0]
    assert [f.code for f in check_compliance(text, ctx.with_(max_sms_segments=4))] == ["SMS002"]
    gsm = "Bonjour, votre facture reste a regler. " * 8  # 312 septets -> 3 segments
    assert channels.segments(gsm) == 3
    assert [f.code for f in check_compliance(gsm, ctx)] == ["SMS001"]
    assert check_compliance(gsm, ctx.with_(max_sms_segments=3)) == []


def test_email_subject_present_and_short() -> None:
    ctx = ComplianceContext(channel="email", locale="en")
    assert [f.code for f in check_compliance("Dear Alex,\nPlease pay.", ctx)] == ["EML001"]
    draft = "Subject: Payment reminder, reference INV-1\nDear Alex,\nPlease pay."
    assert check_compliance(draft, ctx) == []
    long_subject = "Objet : " + "Rappel de paiement " * 8 + "\nMadame,\nMerci."
    found = check_compliance(long_subject, ctx.with_(locale="fr"))
    assert [f.code for f in found] == ["EML002"]
    assert found[0].line == 1 and long_subject[found[0].start:found[0].end] == found[0].match
    assert check_compliance(long_subject, ctx.with_(max_subject_length=200)) == []


def test_letter_needs_both_address_blocks_and_a_date() -> None:
    ctx = ComplianceContext(channel="letter", locale="fr")
    assert check_compliance(FR_LETTER_HEAD + "Merci.", ctx) == []
    no_date = FR_LETTER_HEAD.replace("Nantes, le 15 mars 2026\n\n", "")
    assert [f.code for f in check_compliance(no_date + "Merci.", ctx)] == ["LTR002"]
    no_sender = FR_LETTER_HEAD.replace("Recouvra SAS\n5 rue du Port\n44000 Nantes\n\n", "")
    found = check_compliance(no_sender + "Merci.", ctx)
    assert [f.code for f in found] == ["LTR001"] and "1 bloc" in found[0].message


# ------------------------------------------------------------------ context


def test_context_from_request_and_errors() -> None:
    data = json.loads((EXAMPLES / "us_agency.json").read_text())
    ctx = ComplianceContext.from_request(data)
    assert (ctx.jurisdiction, ctx.sender_role, ctx.debtor) == ("US", "collection_agency",
                                                              "consumer")
    # the agency's first message (no first letter recalled): by letter, the validation notice
    assert ctx.agency_name == "Fairway Recovery Services LLC" and ctx.is_initial
    assert ctx.validation_notice
    sms = ComplianceContext.from_request({**data, "channel": "sms"})
    assert sms.is_initial and not sms.validation_notice
    data["agency"] = {**data["agency"], "first_letter_date": "2026-03-02"}
    later = ComplianceContext.from_request(data)
    assert not later.is_initial and not later.validation_notice
    fr = ComplianceContext.from_request(json.loads((EXAMPLES / "fr_business.json").read_text()))
    assert (fr.jurisdiction, fr.debtor) == ("FR", "business")
    with pytest.raises(InputError, match="jurisdiction"):
        ComplianceContext(jurisdiction="DE")
    with pytest.raises(InputError, match="time_barred must be yes or no"):
        ComplianceContext.from_mapping({"time_barred": "perhaps"}, "header")
    with pytest.raises(InputError, match="jurisdiction must be"):
        load_pack("DE")


def test_suppression_comment_applies_to_pack_rules() -> None:
    text = "Des frais de dossier de 12 € s'ajoutent. tactful: ignore[FR001] validé par le juriste"
    assert "FR001" not in codes(text, jurisdiction="FR", locale="fr")
    assert "FR001" in codes(text.split(" tactful")[0], jurisdiction="FR", locale="fr")


def test_packs_load_lazily() -> None:
    code = (
        "import sys\n"
        "import tactful.lint\n"
        "assert 'tactful.packs' not in sys.modules\n"
        "from tactful.packs import ComplianceContext, check_compliance, load_pack\n"
        "check_compliance('Bonjour', ComplianceContext(channel='sms', locale='fr'))\n"
        "assert load_pack.cache_info().currsize == 0\n"
        "check_compliance('Bonjour', ComplianceContext(jurisdiction='FR', locale='fr'))\n"
        "assert load_pack.cache_info().currsize == 1\n"
        "assert 'yaml' not in sys.modules and 'spacy' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ------------------------------------------------ built-in templates x examples

#: example request -> its jurisdiction; plus variants that switch on more rules
CASES = {
    "fr_consumer": ("FR", {}),
    "fr_business": ("FR", {}),
    "uk_consumer": ("UK", {}),
    "us_agency": ("US", {}),
    "fr_consumer+agency": ("FR", {"sender_role": "collection_agency", "agency": {
        "name": "Recouvra SAS", "phone": "02 40 00 00 00", "email": "contact@recouvra.example",
        "address": {"lines": ["5 rue du Port"], "postal_code": "44000", "city": "Nantes",
                    "country": "FR"}}}),
    "fr_consumer+agency+first_letter": ("FR", {"sender_role": "collection_agency", "agency": {
        "name": "Recouvra SAS", "phone": "02 40 00 00 00", "email": "contact@recouvra.example",
        "address": {"lines": ["5 rue du Port"], "postal_code": "44000", "city": "Nantes",
                    "country": "FR"},
        "first_letter_reference": "RC-2026-0099", "first_letter_date": "2026-03-01"}}),
    "fr_consumer+legal": ("FR", {"legal_action_planned": True}),
    "uk_consumer+legal": ("UK", {"legal_action_planned": True}),
    "us_agency+legal": ("US", {"legal_action_planned": True}),
    "us_agency+first_letter": ("US", {"agency": {
        **json.loads((EXAMPLES / "us_agency.json").read_text())["agency"],
        "first_letter_date": "2026-03-02"}}),
}


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


@pytest.mark.parametrize("case", CASES)
def test_every_builtin_template_passes_its_pack(case: str, renderer: Renderer) -> None:
    jurisdiction, extra = CASES[case]
    base = json.loads((EXAMPLES / f"{case.split('+')[0]}.json").read_text())
    pack = load_pack(jurisdiction)
    problems, applied = [], set()
    for stage, channel, profile in itertools.product(STAGES, CHANNELS, PROFILES):
        data = {**base, **extra, "stage": stage, "channel": channel, "profile": profile}
        if profile == "business":
            data["debtor"] = {**data["debtor"], "is_business": True}
        message = renderer.render(data)
        ctx = ComplianceContext.from_request(data)
        assert ctx.jurisdiction == jurisdiction
        applied |= {r["code"] for r in pack.applicable(ctx, ctx.lang or "en")}
        for f in check_compliance(message, ctx):
            problems.append(f"{stage}/{channel}/{profile}: {f.code} {f.message}")
    assert problems == []
    # the check is not vacuous: the pack's rules did apply to these renderings
    expected = {"FR": {"FR001", "FR008", "FR025", "FR026"}, "UK": {"UK001", "UK020", "UK023"},
                "US": {"US001", "US020", "US021", "US023", "US024", "US025", "US026",
                       "US027"}}[jurisdiction]
    if case == "fr_consumer+agency":
        expected = {"FR020", "FR021", "FR022", "FR023", "FR024"}
    if case == "fr_consumer+agency+first_letter":
        expected = {"FR020", "FR024", "FR027"}  # FR027 on every channel, SMS included
    if case == "us_agency+first_letter":
        expected = {"US001", "US022", "US023"}  # later messages: no validation notice
    if case == "fr_business":
        expected = {"FR002", "FR004", "FR025"}
    assert expected <= applied


def test_removing_a_required_mention_from_a_rendering_is_caught(renderer: Renderer) -> None:
    data = json.loads((EXAMPLES / "fr_consumer.json").read_text())
    data.update(CASES["fr_consumer+agency"][1], stage="reminder", channel="letter")
    message = renderer.render(data)
    ctx = ComplianceContext.from_request(data)
    assert check_compliance(message, ctx) == []
    cut = message.text.split("La loi nous demande")[0]
    assert "FR024" in [f.code for f in check_compliance(cut, ctx)]
    us = json.loads((EXAMPLES / "us_agency.json").read_text())
    us.update(stage="reminder", channel="sms")
    sms = renderer.render(us)
    assert channels.segments(sms.text) <= 2
    without = sms.text.replace(" Reply STOP to opt out.", "")
    assert "US023" in [f.code for f in check_compliance(without, us)]


# ---------------------------------------------------------------------- CLI


def _lint_json(capsys: Any, *argv: str) -> tuple[int, list[str]]:
    from tactful.cli import main

    rc = main(["lint", "--format", "json", *argv])
    data = json.loads(capsys.readouterr().out)
    return rc, [f["code"] for f in data["files"][0]["findings"]]


def test_cli_flags_and_header_select_the_pack(tmp_path: Path, capsys: Any) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Your account is overdue. Our attorney will file a lawsuit.\n")
    flags = ["--locale", "en", "--stage", "reminder", "--channel", "sms"]
    rc, found = _lint_json(capsys, str(draft), *flags)
    assert not [c for c in found if c.startswith("US")]  # no jurisdiction, no pack
    rc, found = _lint_json(capsys, str(draft), *flags, "--jurisdiction", "us",
                           "--sender-role", "collection_agency")
    assert rc == 1 and {"US003", "US005", "US020", "US023"} <= set(found)
    rc, found = _lint_json(capsys, str(draft), *flags, "--jurisdiction", "US",
                           "--sender-role", "collection_agency", "--legal-action-planned",
                           "--business")
    assert not [c for c in found if c.startswith("US")]  # the FDCPA is for consumer debts
    rc, found = _lint_json(capsys, str(draft), *flags, "--jurisdiction", "US",
                           "--sender-role", "collection_agency", "--later-contact")
    assert "US022" in found and "US020" not in found
    header = tmp_path / "header.txt"
    header.write_text(
        "tactful: locale=fr stage=reminder channel=letter jurisdiction=FR debtor=consumer\n"
        "Des frais de dossier de 12 € ont été ajoutés.\n"
    )
    rc, found = _lint_json(capsys, str(header))
    assert rc == 1 and {"FR001", "LTR001", "LTR002"} <= set(found)
    rc, found = _lint_json(capsys, str(header), "--business")
    assert "FR001" not in found


def test_cli_sms_segments_and_sarif_rules(tmp_path: Path, capsys: Any) -> None:
    from tactful.cli import main

    sms = tmp_path / "sms.txt"
    sms.write_text("Bonjour, votre facture reste a regler, merci. " * 5)  # 230 septets
    base = [str(sms), "--locale", "fr", "--channel", "sms", "--jurisdiction", "FR"]
    rc, found = _lint_json(capsys, *base, "--max-sms-segments", "1")
    assert found == ["SMS001"] and rc == 1
    rc, found = _lint_json(capsys, *base)
    assert found == [] and rc == 0
    assert main(["lint", "--format", "sarif", *base, "--max-sms-segments", "1"]) == 1
    run = json.loads(capsys.readouterr().out)["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert run["results"][0]["ruleIndex"] == ids.index("SMS001")
    draft = tmp_path / "fees.txt"
    draft.write_text("Frais de dossier : 12 €.\n")
    assert main(["lint", "--format", "sarif", str(draft), "--locale", "fr",
                 "--jurisdiction", "FR"]) == 1
    rules = json.loads(capsys.readouterr().out)["runs"][0]["tool"]["driver"]["rules"]
    fr001 = next(r for r in rules if r["id"] == "FR001")
    assert fr001["helpUri"].endswith("docs/jurisdictions/fr.md#fr001-collection-fees-claimed")
    assert fr001["properties"]["category"] == "legal"


def test_cli_bad_header_context_is_a_usage_error(tmp_path: Path, capsys: Any) -> None:
    from tactful.cli import main

    draft = tmp_path / "d.txt"
    draft.write_text("tactful: jurisdiction=FR time_barred=maybe\nBonjour.\n")
    assert main(["lint", str(draft)]) == 2
    err = capsys.readouterr().err
    assert "d.txt" in err and "time_barred must be yes or no" in err


# --------------------------------------------------------------------- docs


def test_jurisdiction_pages_are_fresh_and_list_every_rule() -> None:
    from tactful.packs.channel import CHANNEL_RULES
    from tactful.packs.docs import main

    assert main(["--check", "--output", str(DOCS_DIR)]) == 0, "run python -m tactful.packs.docs"
    for jurisdiction in JURISDICTIONS:
        page = (DOCS_DIR / f"{jurisdiction.lower()}.md").read_text(encoding="utf-8")
        for rule in load_pack(jurisdiction).rules:
            assert f"### {rule['code']} `{rule['name']}`" in page
            assert rule["cite"] in page
    readme = (DOCS_DIR / "README.md").read_text(encoding="utf-8")
    for code in CHANNEL_RULES:
        assert f"`{code}`" in readme


def test_jurisdiction_prefix_suppresses_a_whole_pack_on_a_line() -> None:
    text = "Our bailiffs will call. Pay in one lump sum. tactful: ignore[UK] quoted complaint"
    assert codes(text, **UK) == []
    assert {"UK001", "UK006"} <= set(codes(text.split(" tactful")[0], **UK))


@pytest.mark.parametrize(("jurisdiction", "lang"), [("FR", "fr"), ("UK", "en"), ("US", "en")])
def test_clean_corpus_items_rarely_trip_a_prohibition(jurisdiction: str, lang: str) -> None:
    """The tone corpus's clean items (calm lawful next steps, reassurances naming feared
    things, B2B terms) must not read as unlawful claims: under 1 % may be flagged."""
    corpus = ROOT / "tests" / "corpus"
    items = []
    for path in (corpus / f"{lang}.jsonl", corpus / "heldout" / f"{lang}.jsonl"):
        items += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    clean = [i for i in items if not i["labels"]]
    assert len(clean) > 200
    flagged = []
    for item in clean:
        ctx = ComplianceContext(
            jurisdiction=jurisdiction, sender_role="collection_agency", locale=lang,
            stage=item["stage"], business=jurisdiction == "FR",  # the French set has B2B terms
            legal_action_planned=item["stage"] in ("formal_notice", "final_notice"),
        )
        found = [f for f in check_compliance(item["text"], ctx) if f.match]  # not mentions
        flagged += [(item["id"], f.code) for f in found]
    assert len(flagged) <= len(clean) // 100, flagged


def test_statutory_text_with_typographic_apostrophes_and_ellipsis_elsewhere() -> None:
    quote = L111_8.replace("'", "’").replace(" »", "\u202f»")
    text = FR_LETTER_HEAD + "Merci… " + quote
    found = codes(text, **FR_AGENCY)
    assert "FR024" not in found  # the text is recognised
    assert "FR001" not in found and "FR002" not in found  # and blanked for prohibitions


def test_draft_subject_findings_point_into_the_draft() -> None:
    draft = "\nObjet :   " + "Rappel " * 20 + "\nMadame,\nDes frais de dossier sont dus."
    found = check_compliance(draft, ComplianceContext(channel="email", locale="fr",
                                                      jurisdiction="FR"))
    by_code = {f.code: f for f in found}
    assert set(by_code) == {"EML002", "FR001"}
    for f in found:
        assert draft[f.start:f.end] == f.match
    assert by_code["EML002"].line == 2 and by_code["EML002"].column == 11
    assert by_code["FR001"].line == 4


def test_cli_honours_suppressions_in_html_comments(tmp_path: Path, capsys: Any) -> None:
    page = tmp_path / "d.html"
    page.write_text("<!-- tactful: locale=fr jurisdiction=FR -->\n"
                    "<p>Frais de dossier : 12 €.</p>\n"
                    "<p>Frais de relance : 5 €. <!-- tactful: ignore[FR001] validé --></p>\n")
    rc, found = _lint_json(capsys, str(page))
    assert found == ["FR001"] and rc == 1


def test_rules_command_explains_pack_and_channel_codes(capsys: Any) -> None:
    from tactful.cli import main

    assert main(["rules", "fr024"]) == 0
    out = capsys.readouterr().out
    assert "r124-4-l111-8-text" in out and "CPCE R124-4 5°" in out
    assert "docs/jurisdictions/fr.md#fr024-r124-4-l111-8-text" in out
    assert "letter, email" in out
    assert main(["rules", "LTR002", "--lang", "fr"]) == 0
    assert "pas daté" in capsys.readouterr().out
    assert main(["rules", "FR999"]) == 2


@pytest.mark.parametrize(
    ("context", "text", "code", "severity"),
    [
        (dict(jurisdiction="FR", locale="fr"), "Frais de recouvrement : 45 €.", "FR001", "error"),
        (US_AGENCY, "A collection fee of $45 has been added.", "US009", "warning"),
        (UK, "A £60 collection charge has been added to your account.", "UK009", "warning"),
    ],
)
def test_fee_claims_in_each_jurisdiction(context: dict[str, Any], text: str, code: str,
                                         severity: str) -> None:
    found = {f.code: f for f in check_compliance(text, ComplianceContext(**context))}
    assert found[code].severity == severity
    assert code not in codes(text, **{**context, "business": True})

_WORDS = st.sampled_from([
    "frais", "de", "recouvrement", "Objet :", "Subject:", "\n", " ", "bailiffs", "our",
    "attorney", "ç", "€", "«", "»", "’", "PAY", "NOW", "IN", "FULL", "Madame,", "75001 Paris",
    "15 mars 2026", "sue", "vous", "tactful: ignore[FR001]", "\u202f", "…",
])


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORDS, max_size=40), st.sampled_from(JURISDICTIONS),
       st.sampled_from(CHANNELS), st.sampled_from(("fr", "en")))
def test_findings_always_point_at_their_match(words: list[str], jurisdiction: str,
                                              channel: str, lang: str) -> None:
    text = " ".join(words)
    ctx = ComplianceContext(jurisdiction=jurisdiction, channel=channel, locale=lang,
                            stage="reminder", profile="hardship",
                            sender_role="collection_agency")
    for f in check_compliance(text, ctx):
        assert f.part == "text"
        assert text[f.start:f.end] == f.match
        assert f.line == text.count("\n", 0, f.start) + 1


def test_subject_findings_of_a_rendered_message_are_marked_subject(renderer: Renderer) -> None:
    data = json.loads((EXAMPLES / "uk_consumer.json").read_text())
    message = renderer.render(data)
    from dataclasses import replace

    bad = replace(message, subject="Bailiffs: " + (message.subject or ""))
    found = [f for f in check_compliance(bad, data) if f.code == "UK001"]
    assert [(f.part, f.start, f.match) for f in found] == [("subject", 0, "Bailiffs")]
