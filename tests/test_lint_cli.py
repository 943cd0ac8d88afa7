"""`tactful lint` command line: formats, exit codes, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tactful.cli import main

FIXTURE_RULES = Path(__file__).parent / "fixtures" / "rules" / "traps.yaml"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)


def write(tmp_path: Path, text: str, name: str = "letter.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*argv: str) -> int:
    return main(["lint", "--rules", str(FIXTURE_RULES), *argv])


def test_text_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "Bonjour,\nVous êtes un mauvais payeur.\n")
    assert run(str(path), "--locale", "fr") == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}:2:14: warning GLT901 [guilt] « mauvais payeur » culpabilise."
    assert out[1].strip() == "Vous êtes un mauvais payeur."
    assert out[2] == "    " + " " * 13 + "^" * len("mauvais payeur")
    assert out[3].strip().startswith("why:")
    assert out[-1].startswith("1 finding")


def test_clean_file_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "Merci pour votre paiement.\n")
    assert run(str(path)) == 0
    assert "no findings" in capsys.readouterr().out


def test_json_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "People like you never pay.")
    assert run(str(path), "--format", "json", "--stage", "reminder") == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["version"] == 1
    [entry] = doc["files"]
    assert entry["path"] == str(path)
    [finding] = entry["findings"]
    assert finding["code"] == "GLT901" and finding["match"] == "People like you"
    assert {"start", "end", "line", "column", "severity", "category", "suggestions"} <= set(finding)


def test_fail_on_threshold(tmp_path: Path) -> None:
    path = write(tmp_path, "Nous procéderons à la saisie de votre salaire.")
    # without a stage the stage-scoped rule reports at info
    assert run(str(path), "--locale", "fr") == 0
    assert run(str(path), "--locale", "fr", "--fail-on", "info") == 1


def test_config_file_fail_on(tmp_path: Path) -> None:
    path = write(tmp_path, "Vous êtes un mauvais payeur.")
    (tmp_path / "tactful.toml").write_text('fail-on = "error"\n')
    assert run(str(path)) == 0
    (tmp_path / "tactful.toml").write_text('fail-on = "warning"\nignore = ["guilt"]\n')
    assert run(str(path)) == 0


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"Mauvais payeur !")))
    assert run("-", "--locale", "fr") == 1
    assert "<stdin>:1:1: warning GLT901" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("setup", "argv", "expected"),
    [
        (None, ["missing.txt"], "missing.txt"),
        (b"\xff\xfe\x00", ["bad.txt"], "not valid UTF-8"),
        (b"Merci.", ["bad.txt", "--locale", "de"], "locale"),
    ],
)
def test_input_errors_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    setup: bytes | None,
    argv: list[str],
    expected: str,
) -> None:
    if setup is not None:
        (tmp_path / "bad.txt").write_bytes(setup)
    assert run(*argv) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_bad_rules_file_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = write(tmp_path, "version: 1\nrules: [{code: X}]\n", "bad.yaml")
    text = write(tmp_path, "Merci.")
    assert main(["lint", "--rules", str(rules), str(text)]) == 2
    assert "bad.yaml:2" in capsys.readouterr().err


def test_no_traceback_in_a_real_process(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tactful", "lint", str(tmp_path / "nope.txt")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("tactful: error:") and "Traceback" not in proc.stderr


def test_debtor_text_never_in_error_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "Jean Dupont 1 234,56 EUR"
    (tmp_path / "x.txt").write_bytes(secret.encode() + b"\xff")
    assert run(str(tmp_path / "x.txt")) == 2
    assert "Dupont" not in capsys.readouterr().err


def test_parser_is_built_for_the_named_command_only(capsys: pytest.CaptureFixture[str]) -> None:
    from tactful.cli import COMMANDS, _requested

    assert _requested(["lint", "draft.txt"]) == ("lint",)
    assert _requested(["--verbose", "lint", "-"]) == ("lint",)
    assert _requested(["--help"]) == COMMANDS
    assert _requested(["lnt", "x"]) == COMMANDS
    assert _requested([]) == COMMANDS
    # an unknown command still lists every choice, and the help every command
    with pytest.raises(SystemExit) as exc:
        main(["lnt", "x"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert all(f"'{name}'" in err for name in COMMANDS)
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(name in out for name in COMMANDS)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_exit_code_stands_when_the_reader_closes_the_pipe(tmp_path: Path, fmt: str) -> None:
    from _helpers import run_into_closed_pipe

    path = write(tmp_path, "Vous êtes un mauvais payeur.\n" * 50)
    proc = run_into_closed_pipe(["lint", "--rules", str(FIXTURE_RULES), "--format", fmt,
                                 "--locale", "fr", str(path)])
    assert proc.returncode == 1  # `tactful lint … | head -1`: findings, not success
    assert proc.stderr == ""


@pytest.mark.parametrize("command", ["check", "lint", "render", "rules"])
def test_an_unknown_option_shows_the_commands_usage(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main([command, "somewhere", "--bogus"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"usage: tactful {command} ")
    assert err.rstrip().endswith(f"tactful {command}: error: unrecognized arguments: --bogus")
    with pytest.raises(SystemExit):
        main(["--bogus", command, "somewhere"])  # before the command: tactful's own usage
    assert capsys.readouterr().err.startswith("usage: tactful [-h]")
