"""Output formats: text (caret, colour), json, SARIF 2.1.0 (schema-valid), GitHub annotations."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from tactful.cli import main
from tactful.lint.findings import Finding
from tactful.lint.formats import pick_format, use_colour, write_github, write_text
from tactful.lint.results import FileReport

FIXTURES = Path(__file__).parent / "fixtures"
RULES = FIXTURES / "rules" / "traps.yaml"
REPO = FIXTURES / "templaterepo"
SARIF_SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    shutil.copytree(REPO, tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")


def run(capsys: pytest.CaptureFixture[str], command: str, fmt: str, *argv: str) -> str:
    main([command, "--rules", str(RULES), "--format", fmt, *argv])
    return capsys.readouterr().out


def positions_from_json(capsys: pytest.CaptureFixture[str], command: str) -> set[tuple]:
    doc = json.loads(run(capsys, command, "json", "templates"))
    return {
        (e["path"], f["code"], f["line"], f["column"]) for e in doc["files"] for f in e["findings"]
    }


@pytest.mark.parametrize("command", ["lint", "check"])
def test_sarif_is_valid_and_matches_positions(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    doc = json.loads(run(capsys, command, "sarif", "templates"))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(doc)
    [sarif_run] = doc["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    for rule in rules:
        assert rule["help"]["text"] and rule["help"]["markdown"].startswith(f"**{rule['id']}")
        assert rule["helpUri"].endswith(f"/docs/rules/{rule['id']}.md")
    got = set()
    for result in sarif_run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        [loc] = result["locations"]
        region = loc["physicalLocation"]["region"]
        uri = loc["physicalLocation"]["artifactLocation"]["uri"]
        got.add((uri, result["ruleId"], region["startLine"], region["startColumn"]))
    assert got == positions_from_json(capsys, command)
    assert any(r["ruleId"] == "THR901" and "help.j2" in str(r["locations"]) for r in
               sarif_run["results"])


def test_sarif_region_end(capsys: pytest.CaptureFixture[str]) -> None:
    path = "templates/en/email/reminder/standard.txt.j2"
    doc = json.loads(run(capsys, "lint", "sarif", path))
    source = Path(path).read_text(encoding="utf-8")
    [result] = [r for r in doc["runs"][0]["results"]
                if r["ruleId"] == "THR901" and path in str(r["locations"])]
    region = result["locations"][0]["physicalLocation"]["region"]
    line = source.splitlines()[region["startLine"] - 1]
    text = line[region["startColumn"] - 1 : region["endColumn"] - 1]
    assert text == region["snippet"]["text"] == "contact your employer"


def test_github_annotations(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "lint", "github", "templates/en/email/reminder/standard.txt.j2")
    lines = out.splitlines()
    assert lines and all(line.startswith(("::warning ", "::error ", "::notice ")) for line in lines)
    source = Path("templates/en/email/reminder/standard.txt.j2").read_text("utf-8").splitlines()
    [threat] = [line for line in lines if "THR901" in line and "standard.txt.j2" in line]
    props, message = threat.split("::", 2)[1:]
    fields = dict(p.split("=", 1) for p in props.split(" ", 1)[1].split(","))
    row, col = int(fields["line"]), int(fields["col"])
    assert source[row - 1][col - 1 :].startswith("contact your employer")
    assert fields["title"] == "THR901 tell-employer-or-family" and threat.startswith("::error ")
    assert "\n" not in message and "%0AWhy: " in message


def test_github_escaping() -> None:
    finding = Finding(
        code="X1", name="n", category="c", severity="info", start=0, end=3, line=1, column=1,
        match="100", message="50% off,\r\nreally: yes", why="", suggestions=(),
    )
    out = io.StringIO()
    write_github([FileReport("dir,a:b/f%.txt", "100 percent", [finding])], out)
    assert out.getvalue() == (
        "::notice file=dir%2Ca%3Ab/f%25.txt,line=1,col=1,endColumn=3,title=X1 n"
        "::50%25 off,%0D%0Areally: yes\n"
    )


def test_auto_format(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert pick_format("auto", {"GITHUB_ACTIONS": "true"}) == "github"
    assert pick_format("auto", {}) == "text"
    assert pick_format("sarif", {"GITHUB_ACTIONS": "true"}) == "sarif"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    out = run(capsys, "lint", "auto", "templates/fr/email/reminder/standard.txt.j2")
    assert out.startswith("::")


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_tty_without_no_color() -> None:
    assert use_colour(_Tty(), {}) is True
    assert use_colour(_Tty(), {"NO_COLOR": "1"}) is False
    assert use_colour(io.StringIO(), {}) is False
    finding = Finding(
        code="GLT901", name="n", category="guilt", severity="warning", start=4, end=9, line=1,
        column=5, match="shame", message="m", why="w", suggestions=("s",),
    )
    report = FileReport("f.txt", "Not shame here", [finding])
    plain, coloured = io.StringIO(), io.StringIO()
    write_text([report], plain)
    write_text([report], coloured, colour=True)
    assert "\033[" not in plain.getvalue() and "\033[33m" in coloured.getvalue()
    assert plain.getvalue().splitlines()[:3] == [
        "f.txt:1:5: warning GLT901 [guilt] m", "    Not shame here", "        ^^^^^",
    ]


def test_json_document(capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(run(capsys, "lint", "json", "templates/en"))
    assert doc["version"] == 1 and doc["tool"]["name"] == "tactful"
    kinds = {e["kind"] for e in doc["files"]}
    assert kinds == {"template"}
    total = sum(len(e["findings"]) for e in doc["files"])
    assert sum(doc["counts"].values()) == total > 0
    entry = next(e for e in doc["files"] if e["path"].endswith("reminder/standard.txt.j2"))
    assert (entry["locale"], entry["channel"], entry["stage"], entry["profile"]) == (
        "en", "email", "reminder", "standard",
    )


def test_text_output_names_each_findings_severity() -> None:
    findings = [
        Finding(code=code, name="n", category="threat", severity=severity, start=0, end=3,
                line=1, column=1, match="Pay", message="m")
        for code, severity in (("THR001", "info"), ("THR002", "warning"), ("THR003", "error"))
    ]
    out = io.StringIO()
    write_text([FileReport("f.txt", "Pay now", findings)], out)
    heads = [line for line in out.getvalue().splitlines() if line.startswith("f.txt:")]
    assert heads == [
        "f.txt:1:1: info THR001 [threat] m",
        "f.txt:1:1: warning THR002 [threat] m",
        "f.txt:1:1: error THR003 [threat] m",
    ]
