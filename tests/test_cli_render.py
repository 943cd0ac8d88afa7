"""`tactful render` and `tactful schema` through the CLI entry point."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from _helpers import changed as changed_copy
from tactful.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "templates"
EXAMPLE = json.loads((ROOT / "examples" / "fr_consumer.json").read_text(encoding="utf-8"))
SECRETS = ("Camille", "Martin", "1234.56", "Lilas", "FA-2026-0142")


def write(tmp_path: Path, data: Any) -> str:
    path = tmp_path / "req.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def changed(path: list[Any], value: Any) -> dict[str, Any]:
    return changed_copy(EXAMPLE, path, value)


BAD = [
    (changed(["debts", 0, "amount"], -5), "debts[0].amount"),
    (changed(["debts", 0, "amount"], "NaN"), "debts[0].amount"),
    (changed(["debts", 0, "amount"], "12.345"), "debts[0].amount"),
    (changed(["debts", 0, "currency"], "ABC"), "debts[0].currency"),
    (changed(["locale"], "de_DE"), "locale"),
    (changed(["locale"], "xx_YY"), "locale"),
    (changed(["debts", 0, "due_date"], "2025-01-01"), "debts[0].due_date"),
    (changed(["creditor"], KeyError), "creditor"),
    (changed(["debtor", "address"], KeyError), "debtor.address"),
]


@pytest.mark.parametrize(("data", "field"), BAD)
def test_bad_request_exit_2_names_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: dict[str, Any], field: str
) -> None:
    path = write(tmp_path, data)
    assert main(["render", path]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert path in err and field in err
    assert not any(secret in err for secret in SECRETS)


def test_malformed_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, '{"locale": "fr", "debtor": {"name": "Camille Martin",')
    assert main(["render", path]) == 2
    err = capsys.readouterr().err
    assert "malformed JSON" in err and path in err and "Camille" not in err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "nope.json")
    assert main(["render", missing]) == 2
    assert missing in capsys.readouterr().err


def test_flags_override_and_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(ROOT / "examples" / "fr_consumer.json")
    code = main(["render", path, "--channel", "sms", "--templates", str(FIXTURES),
                 "--format", "json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["channel"] == "sms" and out["sms_encoding"] == "GSM-7"
    assert out["audit"]["template"] == "fr/sms/reminder/standard.txt.j2"


def test_text_output_has_subject(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(ROOT / "examples" / "fr_consumer.json")
    assert main(["render", path, "--templates", str(FIXTURES)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Rappel FA-2026-0142\n\n")


def test_html_for_sms_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(ROOT / "examples" / "fr_consumer.json")
    args = ["render", path, "--channel", "sms", "--templates", str(FIXTURES), "--format", "html"]
    assert main(args) == 2
    assert "html" in capsys.readouterr().err


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(EXAMPLE)))
    assert main(["render", "-", "--templates", str(FIXTURES), "--format", "html"]) == 0
    assert "<!DOCTYPE html>" in capsys.readouterr().out


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "debts" in schema["properties"] and "locale" in schema["required"]
