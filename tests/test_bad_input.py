"""Malformed input through the CLI: a clear one-line message naming the field or the file,
exit code 2, no traceback, nothing on stdout, and no debtor value echoed back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from _helpers import changed as changed_copy
from tactful.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = json.loads((ROOT / "examples" / "fr_consumer.json").read_text(encoding="utf-8"))
VALUES = ("Camille", "Martin", "1234.56", "Lilas", "FA-2026-0142", "camille.martin@example")
IS_ROOT = os.geteuid() == 0


def changed(path: list[Any], value: Any) -> dict[str, Any]:
    return changed_copy(EXAMPLE, path, value)


def run_cli(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def assert_clean_failure(code: int, out: str, err: str, *names: str) -> None:
    assert code == 2, err
    assert out == "", "no (half-)written output on stdout"
    assert err.startswith("tactful: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for name in names:
        assert name in err, (name, err)


# (request data, field the message must name). Values carry debtor data that must not leak.
BAD_REQUESTS: dict[str, tuple[Any, str]] = {
    "amount_negative": (changed(["debts", 0, "amount"], -5), "debts[0].amount"),
    "amount_zero": (changed(["debts", 0, "amount"], 0), "debts[0].amount"),
    "amount_nan": (changed(["debts", 0, "amount"], "NaN"), "debts[0].amount"),
    "amount_infinity": (changed(["debts", 0, "amount"], "Infinity"), "debts[0].amount"),
    "amount_minus_infinity": (changed(["debts", 0, "amount"], "-Infinity"), "debts[0].amount"),
    "amount_over_precise": (changed(["debts", 0, "amount"], "1234.567"), "debts[0].amount"),
    "amount_tiny_exponent": (changed(["debts", 0, "amount"], "1e-400"), "debts[0].amount"),
    "amount_huge_exponent": (changed(["debts", 0, "amount"], "1e400"), "debts[0].amount"),
    "amount_text": (changed(["debts", 0, "amount"], "mille euros"), "debts[0].amount"),
    "amount_boolean": (changed(["debts", 0, "amount"], True), "debts[0].amount"),
    "amount_list": (changed(["debts", 0, "amount"], [1234.56]), "debts[0].amount"),
    "amount_paid_negative": (changed(["debts", 0, "amount_paid"], -1), "debts[0].amount_paid"),
    "amount_paid_covers_all": (changed(["debts", 0, "amount_paid"], 2000), "amount_paid"),
    "currency_unknown": (changed(["debts", 0, "currency"], "ABC"), "debts[0].currency"),
    "currency_lowercase": (changed(["debts", 0, "currency"], "eur"), "debts[0].currency"),
    "locale_unknown": (changed(["locale"], "xx_YY"), "locale"),
    "locale_unsupported": (changed(["locale"], "de_DE"), "locale"),
    "locale_number": (changed(["locale"], 33), "locale"),
    "stage_unknown": (changed(["stage"], "lawsuit"), "stage"),
    "channel_unknown": (changed(["channel"], "fax"), "channel"),
    "profile_malformed": (changed(["profile"], "Hard Ship!"), "profile"),
    "due_before_issue": (changed(["debts", 0, "due_date"], "2025-01-01"), "debts[0].due_date"),
    "deadline_before_send": (changed(["deadline"], "2026-01-01"), "deadline"),
    # a reminder about a payment that is not yet due (E8): refused, naming the stage
    "reminder_before_due": ({**changed(["debts", 0, "due_date"], "2026-04-01"),
                             "stage": "reminder"}, "stage: reminder is for a debt that is overdue"),
    "formal_notice_on_due_date": ({**changed(["debts", 0, "due_date"], "2026-03-15"),
                                   "stage": "formal_notice"}, "stage: formal_notice"),
    "date_impossible": (changed(["debts", 0, "due_date"], "2026-02-30"), "debts[0].due_date"),
    "date_as_number": (changed(["debts", 0, "issue_date"], 86400), "debts[0].issue_date"),
    "name_empty": (changed(["debtor", "name"], ""), "debtor.name"),
    "name_blank": (changed(["debtor", "name"], "   "), "debtor.name"),
    "name_invisible": (changed(["debtor", "name"], "\u200b\u200d\u2060"), "debtor.name"),
    "name_number": (changed(["debtor", "name"], 42), "debtor.name"),
    "name_1mb": (changed(["debtor", "name"], "Camille " * 131072), "debtor.name"),
    "description_1mb": (changed(["debts", 0, "description"], "é" * 1_000_000),
                        "debts[0].description"),
    "name_nul": (changed(["debtor", "name"], "Camille\x00Martin"), "debtor.name"),
    "name_escape_sequence": (changed(["debtor", "name"], "Camille\x1b[2JMartin"), "debtor.name"),
    "name_c1_control": (changed(["debtor", "name"], "Camille\x85Martin"), "debtor.name"),
    "name_bidi_override": (changed(["debtor", "name"], "Camille\u202eMartin"), "debtor.name"),
    "city_line_separator": (changed(["debtor", "address", "city"], "Lyon\u2028Lilas"),
                            "debtor.address.city"),
    "email_invalid": (changed(["debtor", "email"], "camille.martin@"), "debtor.email"),
    "iban_invalid": (changed(["creditor", "iban"], "Camille Martin"), "creditor.iban"),
    "debts_empty": (changed(["debts"], []), "debts"),
    "debts_not_list": (changed(["debts"], {"reference": "FA-2026-0142"}), "debts"),
    "too_many_debts": (changed(["debts"], [EXAMPLE["debts"][0]] * 201), "debts"),
    "address_missing_for_letter": (changed(["debtor", "address"], KeyError), "debtor.address"),
    "creditor_missing": (changed(["creditor"], KeyError), "creditor"),
    "unknown_field": (changed(["debtor", "nickname"], "Cam"), "debtor.nickname"),
    "plan_both": (changed(["payment_plan"], {"instalments": 3, "max_monthly": 100}),
                  "payment_plan"),
    "plan_too_long": (changed(["payment_plan"], {"instalments": 1000}),
                      "payment_plan.instalments"),
    "plan_more_instalments_than_cents": (
        {**changed(["debts", 0, "amount"], "0.02"), "payment_plan": {"instalments": 3}},
        "payment_plan.instalments"),
    "plan_monthly_too_small": (changed(["payment_plan"], {"max_monthly": "1.00"}),
                               "payment_plan.max_monthly"),
    "legal_id_key_is_data": (changed(["creditor", "legal_ids"], {"Camille Martin " * 20: "x"}),
                             "creditor.legal_ids"),
    "unknown_key_is_data": (changed(["Camille Martin, 12 rue des Lilas"], 1), "<key>"),
}


@pytest.mark.parametrize("case", sorted(BAD_REQUESTS))
def test_bad_request(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str) -> None:
    data, field = BAD_REQUESTS[case]
    path = tmp_path / "request.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run_cli(capsys, ["render", str(path)])
    assert_clean_failure(code, out, err, str(path), field)
    assert not any(value in err for value in VALUES), err
    assert len(err) < 1000


def test_good_request_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Control: the unmodified example renders, so the failures above are the data's."""
    path = tmp_path / "request.json"
    path.write_text(json.dumps(EXAMPLE), encoding="utf-8")
    code, out, _ = run_cli(capsys, ["render", str(path)])
    assert code == 0 and "234,56" in out and "FA-2026-0142" in out


def _loop(path: Path) -> None:
    """An unreadable path that even root cannot read: a symlink loop."""
    other = path.with_name(path.name + ".loop")
    path.symlink_to(other)
    other.symlink_to(path)


def _unreadable_dir(path: Path) -> None:
    """A directory the process cannot read: chmod 000, or a symlink loop as root."""
    if IS_ROOT:
        _loop(path)
    else:
        path.mkdir()
        (path / "letter.txt").write_text("Bonjour.", encoding="utf-8")
        path.chmod(0)


Setup = Callable[[Path], list[str]]


def _req(tmp_path: Path, raw: bytes) -> str:
    path = tmp_path / "request.json"
    path.write_bytes(raw)
    return str(path)


def _templates(tmp_path: Path, raw: bytes) -> list[str]:
    body = tmp_path / "tpl" / "fr" / "letter" / "reminder" / "standard.txt.j2"
    body.parent.mkdir(parents=True)
    body.write_bytes(raw)
    return ["render", str(ROOT / "examples" / "fr_consumer.json"),
            "--templates", str(tmp_path / "tpl")]


def _unreadable_templates(tmp_path: Path) -> list[str]:
    _unreadable_dir(tmp_path / "tpl")
    return ["render", str(ROOT / "examples" / "fr_consumer.json"),
            "--templates", str(tmp_path / "tpl")]


# case -> (argv builder, text the message must contain)
BAD_FILES: dict[str, tuple[Setup, str]] = {
    "request_missing": (lambda t: ["render", str(t / "nope.json")], "nope.json"),
    "request_is_directory": (lambda t: ["render", str(t)], "{tmp}"),
    "request_invalid_utf8": (
        lambda t: ["render", _req(t, b'{"locale": "fr", "debtor": {"name": "Camille \xe9"}}')],
        "request.json"),
    "request_symlink_loop": (lambda t: (_loop(t / "r.json"), ["render", str(t / "r.json")])[1],
                             "r.json"),
    "request_truncated_json": (
        lambda t: ["render", _req(t, b'{"locale": "fr", "debtor": {"name": "Camille Martin",')],
        "request.json"),
    "request_empty_file": (lambda t: ["render", _req(t, b"")], "request.json"),
    "request_json_array": (lambda t: ["render", _req(t, b"[1, 2]")], "request.json"),
    "request_deeply_nested": (lambda t: ["render", _req(t, b"[" * 100_000 + b"]" * 100_000)],
                              "request.json"),
    "request_nan_literal": (
        lambda t: ["render", _req(t, json.dumps(EXAMPLE).replace("1234.56", "NaN").encode())],
        "debts[0].amount"),
    "request_lone_surrogate": (
        lambda t: ["render", _req(t, json.dumps(EXAMPLE).replace("Camille", "\\ud800").encode())],
        "debtor.name"),
    "templates_missing": (
        lambda t: ["render", str(ROOT / "examples" / "fr_consumer.json"),
                   "--templates", str(t / "nodir")], "nodir"),
    "templates_unreadable": (_unreadable_templates, "tpl"),
    "template_invalid_utf8": (lambda t: _templates(t, b"Caf\xe9 {{ debt.reference }}"),
                              "fr/letter/reminder/standard.txt.j2"),
    "template_syntax_error": (lambda t: _templates(t, b"{% if %}"),
                              "fr/letter/reminder/standard.txt.j2"),
    "template_undefined": (lambda t: _templates(t, b"{{ debtor.nickname }}"),
                           "fr/letter/reminder/standard.txt.j2"),
    "template_missing_include": (lambda t: _templates(t, b"{% include 'fr/nope.j2' %}"),
                                 "fr/nope.j2"),
    "template_division_by_zero": (lambda t: _templates(t, b"{{ total / 0 }}"),
                                  "fr/letter/reminder/standard.txt.j2"),
    "flag_locale_unknown": (lambda t: ["render", str(ROOT / "examples" / "fr_consumer.json"),
                                       "--locale", "klingon"], "locale"),
    "flag_stage_unknown": (lambda t: ["render", str(ROOT / "examples" / "fr_consumer.json"),
                                      "--stage", "doom"], "stage"),
    "html_for_sms": (lambda t: ["render", str(ROOT / "examples" / "fr_consumer.json"),
                                "--channel", "sms", "--format", "html"], "html"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_render_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str) -> None:
    setup, expected = BAD_FILES[case]
    argv = setup(tmp_path)
    code, out, err = run_cli(capsys, argv)
    assert_clean_failure(code, out, err, expected.replace("{tmp}", str(tmp_path)))
    assert not any(value in err for value in VALUES), err


def _text(tmp_path: Path, raw: bytes = "Merci de régler la facture.".encode()) -> str:
    path = tmp_path / "letter.txt"
    path.write_bytes(raw)
    return str(path)


def _rules(tmp_path: Path, raw: bytes) -> list[str]:
    rules = tmp_path / "rules.yaml"
    rules.write_bytes(raw)
    return ["lint", _text(tmp_path), "--locale", "fr", "--rules", str(rules)]


def _config(tmp_path: Path, name: str, raw: bytes, explicit: bool) -> list[str]:
    config = tmp_path / name
    config.write_bytes(raw)
    argv = ["lint", _text(tmp_path), "--locale", "fr"]
    return [*argv, "--config", str(config)] if explicit else argv


_RULE = b"""version: 1
rules:
  - code: THR999
    name: test-rule
    category: threat
    severity: error
    message: {fr: "m", en: "m"}
    patterns:
      fr: [REPLACE]
"""

BAD_LINT: dict[str, tuple[Setup, str]] = {
    "text_missing": (lambda t: ["lint", str(t / "nope.txt")], "nope.txt"),
    "text_invalid_utf8": (lambda t: ["lint", _text(t, b"Merci \xff\xfe de payer")],
                          "letter.txt"),
    "text_symlink_loop": (lambda t: (_loop(t / "l.txt"), ["lint", str(t / "l.txt")])[1],
                          "l.txt"),
    "directory_unreadable": (lambda t: (_unreadable_dir(t / "letters"),
                                        ["lint", str(t / "letters")])[1], "letters"),
    "locale_unknown": (lambda t: ["lint", _text(t), "--locale", "klingon"], "locale"),
    "rules_missing": (lambda t: ["lint", _text(t), "--rules", str(t / "none.yaml")],
                      "none.yaml"),
    "rules_yaml_syntax": (lambda t: _rules(t, b"rules: [\n  - code: X\n"), "rules.yaml"),
    "rules_not_utf8": (lambda t: _rules(t, b"\xff\xfe\x00r\x00"), "rules.yaml"),
    "rules_unknown_key": (lambda t: _rules(t, _RULE.replace(b"    name:", b"    bogus: 1\n"
                                                            b"    name:")), "bogus"),
    "rules_bad_regex": (lambda t: _rules(t, _RULE.replace(b"REPLACE", b"{regex: '(['}")),
                        "rules.yaml"),
    "rules_bad_category": (lambda t: _rules(t, _RULE.replace(b"threat", b"rudeness")),
                           "category"),
    "rules_not_a_mapping": (lambda t: _rules(t, b"- just\n- a list\n"), "rules.yaml"),
    "config_invalid_toml": (lambda t: _config(t, "tactful.toml", b"select = [\n", True),
                            "tactful.toml"),
    "config_unknown_key": (lambda t: _config(t, "tactful.toml", b"bogus = 1\n", True),
                           "bogus"),
    "config_wrong_type": (lambda t: _config(t, "tactful.toml", b"select = 5\n", True),
                          "select"),
    "config_bad_severity": (lambda t: _config(t, "tactful.toml", b"fail-on = 'panic'\n", True),
                            "fail-on"),
    "config_missing": (lambda t: ["lint", _text(t), "--config", str(t / "none.toml")],
                       "none.toml"),
    "config_found_broken": (lambda t: _config(t, "tactful.toml", b"[[[\n", False),
                            "tactful.toml"),
    "pyproject_not_table": (lambda t: _config(t, "pyproject.toml", b"[tool]\ntactful = 3\n",
                                              False), "pyproject.toml"),
    "pyproject_invalid_toml": (lambda t: _config(t, "pyproject.toml", b"[tool.tactful\n", True),
                               "pyproject.toml"),
}


@pytest.mark.parametrize("case", sorted(BAD_LINT))
def test_bad_lint_input(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str) -> None:
    setup, expected = BAD_LINT[case]
    argv = setup(tmp_path)
    try:
        code, out, err = run_cli(capsys, argv)
    finally:
        for path in tmp_path.iterdir():
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
    assert_clean_failure(code, out, err, expected)


def test_good_lint_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, ["lint", _text(tmp_path), "--locale", "fr"])
    assert code == 0 and err == "" and out


@pytest.mark.parametrize("argv", [
    ["render", "{tmp}/nope.json"],
    ["render", "--batch", "{tmp}/nope.jsonl", "--out", "{tmp}/out.jsonl"],
    ["lint", "{tmp}/nope.txt"],
])
def test_real_process_no_traceback_no_output(tmp_path: Path, argv: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tactful", *(a.replace("{tmp}", str(tmp_path)) for a in argv)],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [], "no output file left behind"


def test_unexpected_error_is_one_line_without_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug inside tactful still gives one line and exit 2; --verbose shows the traceback."""
    from tactful import rendering

    def broken(self: Any, request: Any) -> Any:
        raise KeyError("Camille Martin")

    monkeypatch.setattr(rendering.Renderer, "render", broken)
    path = tmp_path / "request.json"
    path.write_text(json.dumps(EXAMPLE), encoding="utf-8")
    code, out, err = run_cli(capsys, ["render", str(path)])
    assert code == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert "internal error (KeyError)" in err and "--verbose" in err
    assert "Camille" not in err
    with pytest.raises(KeyError):
        main(["--verbose", "render", str(path)])
