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


@pytest.mark.parametrize("layout", ["email.txt.j2", "email.html.j2"])
def test_layout_judged_at_the_stages_of_the_messages_using_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], layout: str
) -> None:
    templates = tmp_path / "templates"
    (templates / "en" / "_layouts").mkdir(parents=True)
    body = "<p>{{ body }}</p>" if layout.endswith(".html.j2") else "{{ body }}"
    (templates / "en" / "_layouts" / layout).write_text(
        body + "\n{% if is_agency %}We will send the bailiffs.{% endif %}\n", encoding="utf-8"
    )
    for stage in ("reminder", "formal_notice"):
        folder = templates / "en" / "email" / stage
        folder.mkdir(parents=True)
        (folder / "standard.txt.j2").write_text(
            "Hello {{ debtor.name }}, your invoice {{ debt.reference }} is due.\n", "utf-8"
        )
        (folder / "standard.subject.j2").write_text("Your invoice\n", encoding="utf-8")
    code = main(["check", "--format", "json", str(templates)])
    doc = json.loads(capsys.readouterr().out)
    [finding] = [f for e in doc["files"] if e["path"].endswith(layout) for f in e["findings"]
                 if f["code"] == "THR001"]
    # every reminder email carries the sentence: judged at the reminder, not stage-less info
    assert finding["severity"] == "warning"
    assert "judged at the reminder stage" in finding["note"]
    assert "formal_notice" in finding["note"]
    assert code == 1
    # only formal notices use it: THR001 does not apply there
    shutil.rmtree(templates / "en" / "email" / "reminder")
    code = main(["check", "--format", "json", str(templates)])
    doc = json.loads(capsys.readouterr().out)
    assert "THR001" not in codes(doc, layout)


def test_exit_code_stands_when_the_reader_closes_the_pipe(repo: Path) -> None:
    from _helpers import run_into_closed_pipe

    proc = run_into_closed_pipe(["check", "--rules", str(RULES), str(repo)])
    assert proc.returncode == 1  # `tactful check … | head -1`: findings, not success
    assert proc.stderr == ""


def test_parity_names_the_dotted_variables(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    templates = clean(repo)
    fr = templates / "fr" / "email" / "reminder" / "standard.txt.j2"
    fr.write_text(fr.read_text("utf-8") + "IBAN : {{ creditor.iban }} ({{ creditor['bic'] }}, "
                  "{{ creditor.name.upper() }})\n", encoding="utf-8")
    code, doc = check(capsys, str(templates))
    en = "en/email/reminder/standard.txt.j2"
    [parity] = [f["message"] for e in doc["files"] if e["path"].endswith(en)
                for f in e["findings"] if f["code"] == "TPL005"]
    assert parity.endswith(": fr also uses creditor.bic, creditor.iban, creditor.name.")
    [mine] = [f["message"] for e in doc["files"] if e["path"].endswith(str(fr)[-33:])
              for f in e["findings"] if f["code"] == "TPL005"]
    assert mine.endswith(": only this one uses creditor.bic, creditor.iban, creditor.name.")
    assert code == 1


def test_parity_counts_only_the_imported_macros_a_message_calls(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A partial imported ``with context`` adds what the macros called print (and the ones
    they call, and names they print through ``{% set %}``), not the rest of the partial;
    a ``tactful: ignore[TPL005]`` comment on the first line keeps a deliberate gap quiet."""
    templates = clean(repo)
    (templates / "fr" / "_partials" / "bits.j2").write_text(
        "{% macro thanks() %}Merci.{% endmacro %}\n"
        "{% macro bank() %}{% set account = creditor.iban %}IBAN : {{ account }}{% endmacro %}\n"
        "{% macro both() %}{{ thanks() }} {{ bank() }}{% endmacro %}\n",
        encoding="utf-8",
    )
    fr = templates / "fr" / "email" / "reminder" / "standard.txt.j2"
    base = fr.read_text("utf-8")
    fr.write_text('{% import "fr/_partials/bits.j2" as b with context -%}\n'
                  + base + "\n{{ b.thanks() }}\n", encoding="utf-8")
    code, doc = check(capsys, str(templates))
    assert "TPL005" not in codes(doc, "fr/email/reminder/standard.txt.j2")
    assert code == 0
    fr.write_text('{% import "fr/_partials/bits.j2" as b with context -%}\n'
                  + base + "\n{{ b.both() }}\n", encoding="utf-8")
    code, doc = check(capsys, str(templates))
    [parity] = [f for e in doc["files"] if e["path"].endswith("fr/email/reminder/standard.txt.j2")
                for f in e["findings"] if f["code"] == "TPL005"]
    assert "only this one uses creditor.iban" in parity["message"]
    assert code == 1
    quiet = "{#- tactful: ignore[TPL005] the IBAN is a French habit -#}\n"
    fr.write_text(quiet + '{% import "fr/_partials/bits.j2" as b with context -%}\n'
                  + base + "\n{{ b.both() }}\n", encoding="utf-8")
    en = templates / "en" / "email" / "reminder" / "standard.txt.j2"
    code, doc = check(capsys, str(templates))
    assert "TPL005" not in codes(doc, "fr/email/reminder/standard.txt.j2")
    assert "TPL005" in codes(doc, "en/email/reminder/standard.txt.j2")  # one side only
    en.write_text(quiet + en.read_text("utf-8"), encoding="utf-8")
    code, doc = check(capsys, str(templates))
    assert code == 0
