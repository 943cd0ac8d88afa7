"""Plain words: a finding suggests the plain words for the wording it matched."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tactful.cli import main
from tactful.errors import RuleFileError
from tactful.lint import Linter, lint


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    yield


def _suggestions(text: str, locale: str, code: str) -> list[tuple[str, tuple[str, ...]]]:
    report = lint(text, locale=locale, stage="reminder")
    return [(f.match, f.suggestions) for f in report.findings if f.code == code]


@pytest.mark.parametrize(
    ("text", "locale", "code", "match", "first"),
    [
        ("Please remit payment by Friday.", "en", "JAR002", "remit", "pay"),
        ("Your remittance is overdue.", "en", "JAR002", "remittance", "pay"),
        ("Pay it forthwith.", "en", "JAR001", "forthwith", "by 15 March (give a date)"),
        ("Merci de régler sous huitaine.", "fr", "JAR001", "sous huitaine", "dans les 8 jours"),
        ("Nonobstant nos relances, rien n'est réglé.", "fr", "JAR001", "Nonobstant", "malgré"),
        ("Votre compte présente un solde débiteur.", "fr", "JAR003", "solde débiteur",
         "montant qui reste à payer"),
    ],
)
def test_a_finding_suggests_the_plain_words_of_its_wording(
    text: str, locale: str, code: str, match: str, first: str
) -> None:
    found = _suggestions(text, locale, code)
    assert [m for m, _s in found] == [match]
    assert found[0][1][0] == first


def test_a_wording_without_plain_words_keeps_the_rule_suggestions() -> None:
    linter = Linter()
    rule = next(r for r in linter.rules if r.code == "JAR002")
    found = _suggestions("We will rely on estoppel.", "en", "JAR002")
    assert [m for m, _s in found] == ["estoppel"]
    assert found[0][1] == tuple(rule.suggest["en"])


def test_plain_words_in_a_user_rule_file(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(textwrap.dedent("""\
        version: 1
        extends: default
        rules:
          - code: JAR901
            name: house-jargon
            category: jargon
            severity: info
            message: {en: "'{match}' is our house jargon."}
            why: {en: "Readers do not know it."}
            suggest: {en: ["say what it means"]}
            plain:
              en: {"ledger card": ["statement"], "=DSO": ["days to pay"]}
            patterns:
              en: ["ledger card", "=dso", "=workout"]
            examples:
              en: {flag: ["See the ledger card."], pass: ["See the statement."]}
        """), encoding="utf-8")
    report = Linter(rules=rules).lint(
        "The ledger card shows your DSO and our workout.", locale="en"
    )
    got = {f.match: f.suggestions for f in report.findings if f.code == "JAR901"}
    assert got == {
        "ledger card": ("statement",),
        "DSO": ("days to pay",),
        "workout": ("say what it means",),
    }


def test_plain_words_need_patterns_and_words(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(textwrap.dedent("""\
        version: 1
        rules:
          - code: JAR902
            name: empty-plain
            category: jargon
            severity: info
            message: {en: "'{match}'."}
            why: {en: "Why."}
            plain:
              en: {"remit": []}
            patterns:
              en: ["remit"]
            examples:
              en: {flag: ["Remit now."], pass: ["Pay now."]}
        """), encoding="utf-8")
    with pytest.raises(RuleFileError) as exc:
        Linter(rules=rules)
    assert "rules.yaml" in str(exc.value) and "plain" in str(exc.value)


def test_rules_command_lists_plain_words(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "JAR002"]) == 0
    out = capsys.readouterr().out
    assert "plain words" in out
    assert "remit|remittance → pay; payment" in out


def test_rule_docs_list_plain_words() -> None:
    page = (Path(__file__).resolve().parents[1] / "docs" / "rules" / "JAR001.md").read_text(
        encoding="utf-8"
    )
    assert "## Plain words" in page
    assert "`sous =huitaine`" in page
