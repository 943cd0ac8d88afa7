"""`tactful check DIR`: parse, render, coverage, parity, SMS length, tone; exit codes; summary."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tactful.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
RULES = FIXTURES / "rules" / "traps.yaml"
REPO = FIXTURES / "templaterepo"
ROOT = Path(__file__).resolve().parents[1]


pytestmark = pytest.mark.usefixtures("isolated")  # tests/conftest.py


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(REPO, target)
    return target / "templates"


def clean(templates: Path) -> Path:
    """Remove the harmful wording and the parity gap from a copy of the fixture."""
    (templates / "en" / "_partials" / "help.j2").write_text(
        "If you are having difficulties, call us on {{ sender.phone }}.\n", encoding="utf-8"
    )
    en = templates / "en" / "email" / "reminder" / "standard.txt.j2"
    en.write_text(
        "Dear {{ debtor.name }},\n\nWe have not yet received {{ total | money }} for invoice "
        "{{ debt.reference }}, due by {{ deadline | date }}.\n"
        '{% include "en/_partials/help.j2" %}\n\nThank you.\n',
        encoding="utf-8",
    )
    fr = templates / "fr" / "email" / "reminder" / "standard.txt.j2"
    fr.write_text(
        "\n".join(line for line in fr.read_text("utf-8").splitlines() if "mauvais" not in line),
        encoding="utf-8",
    )
    shutil.rmtree(templates / "en" / "extras")
    return templates


def check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main(["check", "--rules", str(RULES), "--format", "json", *argv])
    return code, json.loads(capsys.readouterr().out)


def codes(doc: dict, suffix: str) -> list[str]:
    return [f["code"] for e in doc["files"] if e["path"].endswith(suffix) for f in e["findings"]]


def test_fixture_repository(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = check(capsys, str(repo))
    assert code == 1
    en = "en/email/reminder/standard.txt.j2"
    fr = "fr/email/reminder/standard.txt.j2"
    assert {"THR901", "GLT901", "TPL005"} <= set(codes(doc, en))
    assert {"GLT901", "TPL005"} <= set(codes(doc, fr))
    assert "THR901" in codes(doc, "en/_partials/help.j2")
    [parity] = [f for e in doc["files"] if e["path"].endswith(en) for f in e["findings"]
                if f["code"] == "TPL005"]
    assert "deadline" in parity["message"]
    summary = {s["path"].split("templates/")[-1]: s for s in doc["templates"]}
    assert summary[en]["renders"] == summary[en]["attempts"] > 0
    assert summary[en]["counts"]["error"] >= 1


def test_clean_repository_exits_zero(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = check(capsys, str(clean(repo)))
    found = [(e["path"], f["code"]) for e in doc["files"] for f in e["findings"]
             if f["severity"] != "info"]
    assert found == [] and code == 0


def test_text_output_has_a_summary_table(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--rules", str(RULES), "--format", "text", str(repo)]) == 1
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if line.startswith("template "))
    assert header.split() == ["template", "renders", "errors", "warnings", "info", "status"]
    rows = [line for line in out.splitlines() if "email/reminder/standard.txt.j2 " in line]
    assert len(rows) == 2 and all(r.split()[-1] in ("FAIL", "warn") for r in rows)
    assert "13 template(s)" in out


def test_fail_on(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    templates = clean(repo)
    code, _ = check(capsys, str(templates), "--fail-on", "info")
    assert code == 1  # the fixture rules flag long sentences at info


def test_undefined_variable(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    templates = clean(repo)
    sms = templates / "en" / "sms" / "reminder" / "standard.txt.j2"
    sms.write_text("Hello.\n{% if is_agency %}Call {{ sender.fax }}.{% endif %}\n", "utf-8")
    code, doc = check(capsys, str(templates))
    [finding] = [f for e in doc["files"] if e["path"].endswith("sms/reminder/standard.txt.j2")
                 for f in e["findings"] if f["code"] == "TPL002"]
    assert code == 1 and finding["line"] == 2 and "fax" in finding["message"]
    assert "Sam" not in finding["message"]  # never the debtor's data


def test_syntax_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    templates = clean(repo)
    (templates / "fr" / "sms" / "reminder" / "standard.txt.j2").write_text(
        "Bonjour.\n{% if x %}\n", encoding="utf-8"
    )
    code, doc = check(capsys, str(templates))
    assert code == 1 and "TPL001" in codes(doc, "fr/sms/reminder/standard.txt.j2")


def test_unresolved_combination(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    templates = clean(repo)
    extra = templates / "en" / "sms" / "courtesy"
    extra.mkdir()
    (extra / "standard.txt.j2").write_text("{{ creditor.name }}: a friendly note.\n", "utf-8")
    code, doc = check(capsys, str(templates))
    assert code == 1
    assert codes(doc, "fr/sms/courtesy/standard.txt.j2") == ["TPL004"]


def test_sms_segments(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    templates = clean(repo)
    code, _ = check(capsys, str(templates))
    assert code == 0
    code, doc = check(capsys, str(templates), "--max-sms-segments", "1")
    assert code == 0  # short SMS: one segment
    sms = templates / "en" / "sms" / "reminder" / "standard.txt.j2"
    sms.write_text("{{ creditor.name }}: " + "Your balance is still open. " * 8 + "\n", "utf-8")
    code, doc = check(capsys, str(templates), "--max-sms-segments", "1")
    assert code == 1 and "SMS001" in codes(doc, "en/sms/reminder/standard.txt.j2")


@pytest.mark.parametrize("argv", [["nowhere"], ["--max-sms-segments", "0"], ["empty"]])
def test_usage_errors_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    (tmp_path / "empty").mkdir()
    if argv[0] == "--max-sms-segments":
        argv = [*argv, str(tmp_path)]
    assert main(["check", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("tactful: error:") and "Traceback" not in err


def test_builtin_catalogue(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.chdir(ROOT)
    code = main(["check", "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    # the built-in catalogue is its own first user: it checks clean
    found = [(e["path"], f["line"], f["code"]) for e in doc["files"] for f in e["findings"]
             if f["severity"] != "info"]
    assert found == [] and code == 0
    kinds = {s["kind"] for s in doc["templates"]}
    assert {"body", "subject", "layout", "partial"} <= kinds
    assert len(doc["templates"]) >= 200


def test_samples_errors(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["check", str(repo), "--samples", str(bad)]) == 2
    assert "bad.json" in capsys.readouterr().err
    useless = tmp_path / "useless.json"
    useless.write_text('{"debts": []}', encoding="utf-8")
    code, doc = check(capsys, str(clean(repo)), "--samples", str(useless))
    assert code == 1
    messages = [f["message"] for e in doc["files"] for f in e["findings"] if f["code"] == "TPL003"]
    assert messages and all("no sample is a valid" in m for m in messages)


def test_repository_root_with_templates_inside(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    templates = clean(repo)
    extra = templates / "en" / "sms" / "courtesy"
    extra.mkdir()
    (extra / "standard.txt.j2").write_text("{{ creditor.name }}: a friendly note.\n", "utf-8")
    monkeypatch.chdir(templates.parent)
    code, doc = check(capsys, ".")
    assert code == 1 and doc["templates"]
    assert codes(doc, "templates/fr/sms/courtesy/standard.txt.j2") == ["TPL004"]


def test_parity_follows_partials_and_ignores_tested_variables(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    templates = clean(repo)
    en = templates / "en" / "email" / "reminder" / "standard.txt.j2"
    # only tested, never printed: not a parity gap
    en.write_text(
        en.read_text("utf-8")
        + '{% if is_agency %}Thanks.{% endif %}{{ "A" if profile == "x" else "B" }}\n',
        encoding="utf-8",
    )
    code, doc = check(capsys, str(templates))
    assert "TPL005" not in {c for e in doc["files"] for c in codes(doc, e["path"])}
    assert code == 0
    # printed by the French partial only: reported on the message that uses it
    help_fr = templates / "fr" / "_partials" / "help.j2"
    help_fr.write_text(help_fr.read_text("utf-8") + "{{ creditor.name }}\n", encoding="utf-8")
    code, doc = check(capsys, str(templates))
    fr = "fr/email/reminder/standard.txt.j2"
    [parity] = [f for e in doc["files"] if e["path"].endswith(fr) for f in e["findings"]
                if f["code"] == "TPL005"]
    assert "only this one uses creditor" in parity["message"]
    assert "TPL005" not in codes(doc, "fr/_partials/help.j2")
    assert code == 1  # TPL005 is a warning, the default --fail-on level


def test_partial_macros_judged_at_their_callers_stages(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    templates = clean(repo)
    (templates / "fr" / "_partials" / "next.j2").write_text(
        "{% macro late() %}Après cette date, une saisie de votre salaire pourra être demandée."
        "{% endmacro %}\n"
        "{% macro early() %}Ensuite, la saisie de votre compte pourra être demandée."
        "{% endmacro %}\n"
        "{% macro unused() %}Un jour, une saisie de votre voiture pourra être demandée."
        "{% endmacro %}\n",
        encoding="utf-8",
    )
    reminder = templates / "fr" / "email" / "reminder" / "standard.txt.j2"
    formal = templates / "fr" / "email" / "formal_notice" / "standard.txt.j2"
    formal.parent.mkdir()
    formal.write_text(
        reminder.read_text("utf-8")
        + '{% import "fr/_partials/next.j2" as next %}{{ next.late() }}\n',
        encoding="utf-8",
    )
    reminder.write_text(
        reminder.read_text("utf-8")
        + '{% from "fr/_partials/next.j2" import early %}{{ early() }}\n',
        encoding="utf-8",
    )
    code, doc = check(capsys, str(templates))
    lines = {f["line"] for e in doc["files"] if e["path"].endswith("fr/_partials/next.j2")
             for f in e["findings"] if f["code"] == "THR902"}
    # early(): the reminder calls it; unused(): no caller, judged without a stage;
    # late(): only the formal notice calls it, where THR902 does not apply
    assert lines == {2, 3}
    assert code == 1
