"""`[tool.tactful]` / `tactful.toml` configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from tactful.config import Config, find_config, load_config
from tactful.errors import ConfigError
from tactful.lint import Linter

FIXTURE_RULES = Path(__file__).parent / "fixtures" / "rules" / "traps.yaml"


def test_closest_file_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.tactful]\nfail-on = "error"\n')
    inner = tmp_path / "letters" / "fr"
    inner.mkdir(parents=True)
    (tmp_path / "letters" / "tactful.toml").write_text('fail-on = "info"\n')
    assert find_config(inner / "a.txt") == tmp_path / "letters" / "tactful.toml"
    assert find_config(tmp_path / "b.txt") == tmp_path / "pyproject.toml"


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "tactful.toml").write_text("select = ['THR']\n")
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert find_config(inner) == tmp_path / "tactful.toml"


def test_keys_are_parsed(tmp_path: Path) -> None:
    path = tmp_path / "tactful.toml"
    path.write_text(
        'select = ["THR", "guilt"]\nignore = ["THR902"]\nseverity = {GLT901 = "error"}\n'
        'rules = ["extra.yaml"]\nfail-on = "error"\n'
    )
    config = load_config(path)
    assert config.select == ("THR", "guilt") and config.ignore == ("THR902",)
    assert config.severity == {"GLT901": "error"}
    assert config.rules == (tmp_path / "extra.yaml",)
    assert config.fail_on == "error"
    assert config.enabled("THR901", "threat") and config.enabled("GLT901", "guilt")
    assert not config.enabled("THR902", "threat") and not config.enabled("PRS101", "pressure")


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ('fail-on = "sometimes"\n', "fail-on"),
        ('select = "THR"\n', "select"),
        ("severity = {GLT001 = 'loud'}\n", "severity.GLT001"),
        ("colour = 1\n", "colour"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path: Path, body: str, key: str) -> None:
    path = tmp_path / "tactful.toml"
    path.write_text(body)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(path) in str(info.value) and key in str(info.value)


def test_config_applies_to_the_linter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    config = Config(ignore=("pressure",), severity={"GLT901": "error"}, rules=(FIXTURE_RULES,))
    linter = Linter(config=config)
    report = linter.lint("PAYEZ MAINTENANT, mauvais payeur.", locale="fr")
    assert [(f.code, f.severity) for f in report.findings] == [("GLT901", "error")]
