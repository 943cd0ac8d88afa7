"""Rule-file validation (errors name file, line and key) and layering."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tactful.errors import RuleFileError
from tactful.lint import Linter
from tactful.lint.loader import load_chain, load_rule_file

GOOD_RULE = """\
  - code: THR001
    name: court
    category: threat
    severity: warning
    message: {en: "'{match}' mentions court."}
    why: {en: "It frightens."}
    patterns:
      en: ["take *2 legal action"]
    examples:
      en: {flag: ["We will take legal action."], pass: ["We will talk."]}
"""


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    yield


def write(tmp_path: Path, body: str, name: str = "rules.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def error_of(path: Path) -> RuleFileError:
    with pytest.raises(RuleFileError) as info:
        load_rule_file(path)
    return info.value


def test_valid_file_loads(tmp_path: Path) -> None:
    parsed = load_rule_file(write(tmp_path, "version: 1\nrules:\n" + GOOD_RULE))
    assert [r.code for r in parsed.model.rules] == ["THR001"]


def test_bad_token_item_names_line_and_key(tmp_path: Path) -> None:
    body = "version: 1\nrules:\n" + GOOD_RULE.replace('"take *2 legal action"', '"take *x action"')
    err = error_of(write(tmp_path, body))
    assert err.line == 10
    assert err.key == "rules[0].patterns.en[0]"
    assert "unknown item '*x'" in str(err)
    assert str(err).startswith(f"{tmp_path / 'rules.yaml'}:10 [rules[0].patterns.en[0]]")


def test_bad_regex(tmp_path: Path) -> None:
    body = "version: 1\nrules:\n" + GOOD_RULE.replace(
        '["take *2 legal action"]', '[{regex: "(unclosed"}]'
    )
    err = error_of(write(tmp_path, body))
    assert err.key == "rules[0].patterns.en[0]" and "invalid regex" in str(err)


def test_unknown_key_is_rejected_with_its_line(tmp_path: Path) -> None:
    body = "version: 1\nrules:\n" + GOOD_RULE.replace(
        "    severity: warning\n", "    severty: warning\n"
    )
    err = error_of(write(tmp_path, body))
    assert err.line == 6 and err.key == "rules[0].severty"
    assert "unknown key" in str(err)


def test_duplicate_codes(tmp_path: Path) -> None:
    err = error_of(write(tmp_path, "version: 1\nrules:\n" + GOOD_RULE + GOOD_RULE))
    assert "duplicate code THR001" in str(err) and err.key == "rules[1].code"
    assert err.line == 13


def test_prefix_must_match_category(tmp_path: Path) -> None:
    body = "version: 1\nrules:\n" + GOOD_RULE.replace("category: threat", "category: guilt")
    err = error_of(write(tmp_path, body))
    assert "THR" in str(err) and err.key == "rules[0]"


def test_examples_required_per_language(tmp_path: Path) -> None:
    body = "version: 1\nrules:\n" + GOOD_RULE.replace(', pass: ["We will talk."]', "")
    err = error_of(write(tmp_path, body))
    assert "'pass'" in str(err) and err.key == "rules[0].examples"


def test_check_params_are_validated(tmp_path: Path) -> None:
    body = """\
    version: 1
    rules:
      - code: PRS101
        name: shouting
        category: pressure
        severity: warning
        check: shouting
        params: {min_leters: 4}
        message: {en: "caps"}
        why: {en: "shouts"}
        examples:
          en: {flag: ["PAY IMMEDIATELY"], pass: ["pay"]}
    """
    err = error_of(write(tmp_path, body))
    assert "min_leters" in str(err) and err.line == 8


def test_invalid_yaml(tmp_path: Path) -> None:
    err = error_of(write(tmp_path, "version: 1\nrules: [\n"))
    assert err.line is not None


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="file not found"):
        Linter(rules=tmp_path / "missing.yaml")


# --- layering -------------------------------------------------------------------


def test_extends_disable_replace_add(tmp_path: Path) -> None:
    base = write(tmp_path, "version: 1\nrules:\n" + GOOD_RULE, "base.yaml")
    extra = GOOD_RULE.replace("THR001", "ACM001").replace('"take *2 legal action"', '"sue"')
    extra = extra.replace("category: threat", "category: pressure").replace(
        "We will take legal action.", "We will sue."
    )
    user = write(tmp_path, "version: 1\nextends: default\nrules:\n" + extra, "user.yaml")
    assert [r.code for r in load_chain(base, [user])] == ["THR001", "ACM001"]
    disabling = write(tmp_path, "version: 1\nextends: default\ndisable: [THR001]\n", "off.yaml")
    assert load_chain(base, [disabling]) == []
    replacing = write(
        tmp_path,
        "version: 1\nextends: default\nrules:\n"
        + GOOD_RULE.replace("severity: warning", "severity: error"),
        "replace.yaml",
    )
    [rule] = load_chain(base, [replacing])
    assert rule.severity == "error"
    blank = write(tmp_path, "version: 1\nrules:\n" + extra, "blank.yaml")
    assert [r.code for r in load_chain(base, [blank])] == ["ACM001"]


def test_disable_unknown_code(tmp_path: Path) -> None:
    base = write(tmp_path, "version: 1\nrules:\n" + GOOD_RULE, "base.yaml")
    user = write(tmp_path, "version: 1\nextends: default\ndisable: [XYZ999]\n", "user.yaml")
    with pytest.raises(RuleFileError, match="XYZ999"):
        load_chain(base, [user])


def test_user_file_is_compiled_and_cached(tmp_path: Path) -> None:
    base = write(tmp_path, "version: 1\nrules:\n" + GOOD_RULE, "base.yaml")
    linter = Linter(default_rules=base)
    assert [f.code for f in linter.lint("We will take legal action.", locale="en").findings] == [
        "THR001"
    ]
    cached = list((tmp_path / "cache" / "tactful").glob("rules-*.jsonl"))
    assert len(cached) == 1
    cached[0].write_text('{"format": 1, "sources": ["stale"]}', encoding="utf-8")
    again = Linter(default_rules=base)  # a stale cache entry is rebuilt, not trusted
    assert again.lint("We will take legal action.", locale="en").findings
