"""Privacy: no debtor value reaches a log record, a warning, an error message or CLI stderr.

Requests carry canary values (name, email, phone, address, reference, amount); every logger
is captured at DEBUG and every error text is scanned, on good paths and on error paths (bad
requests with canaries in the other fields, template errors that touch the data, lint).
"""

from __future__ import annotations

import copy
import json
import logging
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tactful import Linter, RequestError, TactfulError, render
from tactful.cli import main
from tactful.lint import lint

ROOT = Path(__file__).resolve().parents[1]

NAME = "Zebulon Quillfeather"
EMAIL = "zq.canary7781@example.org"
PHONE = "+33 6 71 82 93 04"
STREET = "17 impasse des Canaris"
CITY = "Canariville"
POSTAL = "97481"
REFERENCE = "CANARY-REF-5521"
AMOUNT = "8765.43"
DESCRIPTION = "Abonnement canari mensuel"
# every way the canaries could appear: raw, formatted (fr/en), partial
CANARIES = (NAME, "Zebulon", "Quillfeather", EMAIL, "zq.canary7781", PHONE, "71 82 93 04",
            STREET, "Canaris", CITY, POSTAL, REFERENCE, "5521", AMOUNT, "8765,43", "8 765",
            "8,765", DESCRIPTION)

REQUEST: dict[str, Any] = json.loads(
    (ROOT / "examples" / "fr_consumer.json").read_text(encoding="utf-8"))
REQUEST["debtor"].update({"name": NAME, "email": EMAIL, "phone": PHONE,
                          "address": {"lines": [STREET], "postal_code": POSTAL, "city": CITY,
                                      "country": "FR"}})
REQUEST["debts"][0].update({"reference": REFERENCE, "amount": AMOUNT,
                            "description": DESCRIPTION})
REQUEST["creditor"]["payment_link"] = "https://pay.example/invoice"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[list[str]]:
    """Every log record of every logger at DEBUG, plus every warning, as text."""
    import babel  # noqa: F401  - make third-party loggers exist before we attach
    import jinja2  # noqa: F401
    import pydantic  # noqa: F401

    caplog.set_level(logging.DEBUG)
    handler = _Collect()
    root = logging.getLogger()
    root.addHandler(handler)
    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)]
    saved = [(lg, lg.level, lg.disabled) for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
        lg.disabled = False
        if not lg.propagate:
            lg.addHandler(handler)
    texts: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield texts
    root.removeHandler(handler)
    for lg, level, disabled in saved:
        lg.setLevel(level)
        lg.disabled = disabled
        lg.removeHandler(handler)
    for record in [*handler.records, *caplog.records]:
        texts.append(record.getMessage())
        texts.append(repr(record.args))
        if record.exc_info and record.exc_info[1] is not None:
            texts.append(str(record.exc_info[1]))
    texts.extend(str(w.message) for w in caught)


def assert_no_canary(*texts: str) -> None:
    for text in texts:
        for canary in CANARIES:
            assert canary not in text, f"{canary!r} leaked into: {text[:300]!r}"


def error_texts(exc: BaseException) -> list[str]:
    out = [str(exc), repr(exc)]
    if isinstance(exc, RequestError):
        out.extend(f"{f}: {m}" for f, m in exc.problems)
    return out


def with_changes(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(REQUEST)
    for dotted, value in changes.items():
        target = data
        keys = [int(k) if k.isdigit() else k for k in dotted.split("__")]
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value
    return data


def test_canaries_reach_the_message_but_not_the_logs(logs: list[str]) -> None:
    for channel in ("letter", "email", "sms"):
        request = {**REQUEST, "channel": channel}
        if channel == "email":  # greeted by name, not "Bonjour Madame,"
            request["debtor"] = {**REQUEST["debtor"], "salutation": None}
        message = render(request)
        assert NAME in message.text or channel == "sms"
        assert "8 765,43" in message.text.replace("\u202f", " ").replace("\u00a0", " ")
        report = lint(message, locale="fr", stage="reminder")
        assert report is not None
    assert_no_canary(*logs)


# invalid requests whose other fields (and sometimes the invalid one) carry canaries
BAD = {
    "amount_negative": with_changes(debts__0__amount="-8765.43"),
    "amount_over_precise": with_changes(debts__0__amount="8765.431"),
    "currency_unknown": with_changes(debts__0__currency="QQQ"),
    "dates_wrong_order": with_changes(debts__0__due_date="2025-01-01"),
    "name_control": with_changes(debtor__name=NAME + "\x00"),
    "name_too_long": with_changes(debtor__name=NAME * 40),
    "email_invalid": with_changes(debtor__email=EMAIL.replace("@", "")),
    "phone_invalid": with_changes(debtor__phone=PHONE + " Zebulon"),
    "reference_empty": with_changes(debts__0__reference=""),
    "city_bidi": with_changes(debtor__address__city=CITY + "\u202e"),
    "unknown_field_value": with_changes(debtor__nickname=NAME),
    "unknown_field_key": with_changes(**{NAME: 1}),
    "legal_ids_key": with_changes(creditor__legal_ids={NAME * 20: REFERENCE}),
    "wrong_type": with_changes(debtor__name=[NAME]),
    "address_lines_type": with_changes(debtor__address__lines=STREET),
    "plan_too_fine": with_changes(payment_plan={"instalments": 3},
                                  debts__0__amount="0.02"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_request_errors_name_fields_only(case: str, logs: list[str]) -> None:
    with pytest.raises(RequestError) as info:
        render(BAD[case])
    assert info.value.problems
    assert_no_canary(*error_texts(info.value), *logs)


# templates that turn data into names Jinja quotes back, or fail on the data
TEMPLATE_ERRORS = {
    "undefined_key_from_name": "{{ creditor.legal_ids[debtor.name] }}",
    "undefined_key_from_email": "{{ debtor[debtor.email] }}",
    "undefined_index_from_reference": "{{ debts[debt.reference] }}",
    "include_from_data": "{% include debtor.name %}",
    "import_from_data": "{% import debt.reference as m %}",
    "extends_from_data": "{% extends debtor.address.city %}",
    "int_of_name": "{{ debtor.name|int + 'x' }}",
    "format_name": "{{ (debtor.name ~ ' {0.x}').format(1) }}",
    "divide_amount": "{{ total / 0 }}",
    "amount_as_key": "{{ creditor.legal_ids[total|string] }}",
    "phone_attr": "{{ debtor.phone|attr('nope') }}",
    "unsafe_on_data": "{{ debtor.name.__class__ }}",
    "bomb_on_data": "{{ debtor.name * 10**9 }}",
    "syntax_error": "{{ debtor.name }",
    "raise_via_undefined_call": "{{ debtor.name.nope() }}",
}


@pytest.mark.parametrize("case", sorted(TEMPLATE_ERRORS))
def test_template_errors_do_not_quote_data(case: str, tmp_path: Path,
                                           logs: list[str]) -> None:
    body = tmp_path / "fr" / "letter" / "reminder" / "standard.txt.j2"
    body.parent.mkdir(parents=True)
    body.write_text(TEMPLATE_ERRORS[case], encoding="utf-8")
    with pytest.raises(TactfulError) as info:
        render(REQUEST, template_dirs=[tmp_path])
    assert_no_canary(*error_texts(info.value), *logs)


def test_lint_paths(tmp_path: Path, logs: list[str]) -> None:
    text = (f"Bonjour {NAME}, ({EMAIL}, {PHONE}, {STREET} {POSTAL} {CITY}) : la facture "
            f"{REFERENCE} de {AMOUNT} € reste due. Nous allons saisir votre salaire.")
    report = Linter().lint(text, locale="fr", stage="reminder")
    assert report.findings
    for bad in ({"locale": "xx"}, {"locale": "fr", "stage": "doom"},
                {"locale": "fr", "channel": "fax"}):
        with pytest.raises(TactfulError) as info:
            Linter().lint(text, **bad)
        assert_no_canary(*error_texts(info.value))
    assert_no_canary(*logs)


def test_cli_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    texts = []
    for name, data in [("bad", BAD["amount_negative"]), ("key", BAD["legal_ids_key"])]:
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        assert main(["render", str(path)]) == 2
        texts.append(capsys.readouterr().err)
    templates = tmp_path / "tpl" / "fr" / "letter" / "reminder"
    templates.mkdir(parents=True)
    (templates / "standard.txt.j2").write_text("{{ debtor[debtor.name] }}", encoding="utf-8")
    good = tmp_path / "good.json"
    good.write_text(json.dumps(REQUEST), encoding="utf-8")
    assert main(["render", str(good), "--templates", str(tmp_path / "tpl")]) == 2
    texts.append(capsys.readouterr().err)
    letter = tmp_path / "letter.txt"
    letter.write_text(f"Bonjour {NAME}, la facture {REFERENCE} reste due.", encoding="utf-8")
    assert main(["lint", str(letter), "--locale", "klingon"]) == 2
    texts.append(capsys.readouterr().err)
    assert all(texts)
    assert_no_canary(*texts)


def test_cli_batch_row_errors(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text("\n".join(json.dumps(r) for r in (REQUEST, BAD["amount_negative"],
                                                      BAD["email_invalid"])) + "\n",
                    encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "tactful", "render", "--batch", str(rows), "--out", str(out)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert_no_canary(proc.stderr)
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    failed = [r for r in results if "message" not in r]
    assert len(failed) == 2
    assert_no_canary(*(json.dumps(r, ensure_ascii=False) for r in failed))
