"""`tactful rules [CODE]` and the generated docs/rules pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tactful.cli import main
from tactful.lint.ruledocs import generate, load_rules, stale

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_RULES = Path(__file__).parent / "fixtures" / "rules" / "traps.yaml"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def yaml_codes() -> list[str]:
    data = yaml.safe_load((ROOT / "tone_rules.yaml").read_text(encoding="utf-8"))
    return [r["code"] for r in data["rules"]]


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    tone = lines[: lines.index("")]
    listed = [line.split()[0] for line in tone]
    assert listed == [*yaml_codes(), "SUP001", "TPL001", "TPL002", "TPL003", "TPL004",
                      "TPL005", "SMS001"]


def pack_codes() -> dict[str, str]:
    codes = {}
    for pack in ("FR", "US", "UK"):
        data = yaml.safe_load((ROOT / "src" / "tactful" / "packs" / f"{pack.lower()}.yaml")
                              .read_text(encoding="utf-8"))
        codes.update({r["code"]: pack for r in data["rules"]})
    return codes


def test_list_marks_the_jurisdiction_packs_and_channel_checks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    packs = lines[lines.index("") + 2 : -1]
    listed = {line.split()[0]: line.split()[-1] for line in packs}
    expected = {code: f"[{pack}]" for code, pack in pack_codes().items()}
    expected |= {c: "[channel]" for c in ("SMS002", "EML001", "EML002", "LTR001", "LTR002")}
    assert listed == expected
    assert lines[-1].startswith(f"{len(yaml_codes()) + 7 + len(expected)} rules")
    # every listed code is explained
    for code in ("FR001", "UK022", "EML001"):
        assert main(["rules", code]) == 0
        assert capsys.readouterr().out.startswith(code)
    assert main(["rules", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {r["code"]: r["pack"] for r in doc if "pack" in r} == {
        c: p.strip("[]") for c, p in expected.items()
    }


def test_help_says_the_packs_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["rules", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "jurisdiction packs' rules (FR…, US…, UK…)" in text
    assert "channel checks (SMS002, EML…, LTR…)" in text


def test_explain_a_rule_with_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--rules", str(FIXTURE_RULES), "prs901", "--lang", "fr"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("PRS901 deadline-hours\n")
    assert "severity: warning" in out and "profiles: hardship" in out
    assert "« {match} » impose un délai artificiel." in out
    assert "Les délais très courts affolent." in out
    assert "✗ Payez sous 48 heures. (profile: hardship)" in out
    assert "docs/rules/PRS901.md" in out


def test_explain_stages_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--rules", str(FIXTURE_RULES), "THR902"]) == 0
    out = capsys.readouterr().out
    assert "stages: courtesy, reminder" in out and "second_reminder=info" in out
    assert main(["rules", "--format", "json", "TPL002"]) == 0
    rule = json.loads(capsys.readouterr().out)
    assert rule["code"] == "TPL002" and rule["severity"] == "error"


def test_unknown_code_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "XYZ999"]) == 2
    err = capsys.readouterr().err
    assert "XYZ999" in err and "Traceback" not in err


def test_generated_pages_cover_every_rule(tmp_path: Path) -> None:
    pages = generate(load_rules(FIXTURE_RULES))
    page = pages["PRS901.md"]
    assert page.startswith("# PRS901 deadline-hours\n")
    assert "| profiles | `hardship` |" in page and "Les délais très courts affolent." in page
    assert "❌ (en) Pay within 24 hours. (profile: hardship)" in page
    assert "[PRS901](PRS901.md)" in pages["README.md"]
    assert sorted(stale(tmp_path, pages)) == sorted(pages)  # nothing written yet: all missing
    (tmp_path / "PRS901.md").write_text(pages["PRS901.md"], encoding="utf-8")
    (tmp_path / "OLD001.md").write_text("gone", encoding="utf-8")
    left = stale(tmp_path, pages)
    assert "PRS901.md" not in left and "OLD001.md" in left


def test_committed_rule_docs_are_up_to_date() -> None:
    problems = stale(ROOT / "docs" / "rules", generate(load_rules(ROOT / "tone_rules.yaml")))
    assert not problems, (
        f"docs/rules is out of date ({', '.join(problems)}): "
        "regenerate with `python -m tactful.lint.ruledocs` and commit docs/rules/"
    )
