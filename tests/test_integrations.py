"""The pre-commit hook definitions and the example GitHub Actions workflow actually run."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def hooks() -> dict[str, dict]:
    data = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return {hook["id"]: hook for hook in data}


def selected(hook: dict, paths: list[str]) -> list[str]:
    """The files pre-commit would pass to the hook (``files`` and ``exclude`` regexes)."""
    files = re.compile(hook.get("files", ""))
    exclude = re.compile(hook["exclude"]) if "exclude" in hook else None
    return [p for p in paths if files.search(p) and not (exclude and exclude.search(p))]


def run_entry(hook: dict, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    argv = shlex.split(hook["entry"])
    assert argv[0] == "tactful"
    # the console script installed with the package, as pre-commit's venv would have it
    command = [sys.executable, "-m", "tactful", *argv[1:], *hook.get("args", []), *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def test_hook_definitions() -> None:
    defined = hooks()
    assert set(defined) == {"tactful-lint", "tactful-check"}
    for hook in defined.values():
        assert hook["language"] == "python" and hook["name"] and hook["description"]
    lint = defined["tactful-lint"]
    paths = ["drafts/a.txt", "t/en/sms/reminder/standard.txt.j2", "m.html", "n.md", "x.jinja",
             "y.jinja2", "z.htm", "setup.py", "README.md", "docs/CHANGELOG.md", "data.json"]
    assert selected(lint, paths) == paths[:7]
    assert defined["tactful-check"]["pass_filenames"] is False


def test_lint_hook_on_scratch_files(tmp_path: Path) -> None:
    hook = hooks()["tactful-lint"]
    (tmp_path / "bad.txt").write_text("Sans paiement, nous poursuivrons en justice.\n", "utf-8")
    (tmp_path / "good.txt").write_text("Merci de nous contacter pour en parler.\n", "utf-8")
    (tmp_path / "notes.py").write_text("x = 1\n", "utf-8")
    files = selected(hook, ["bad.txt", "good.txt", "notes.py"])
    assert files == ["bad.txt", "good.txt"]
    failing = run_entry(hook, ["--stage", "reminder", *files], tmp_path)
    assert failing.returncode == 1 and "bad.txt:1:" in failing.stdout
    passing = run_entry(hook, ["good.txt"], tmp_path)
    assert passing.returncode == 0, passing.stdout + passing.stderr


def test_check_hook_on_a_template_repository(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "templaterepo", tmp_path / "repo")
    hook = hooks()["tactful-check"]
    rules = str(FIXTURES / "rules" / "traps.yaml")
    result = run_entry(hook, ["templates", "--rules", rules], tmp_path / "repo")
    assert result.returncode == 1 and "THR901" in result.stdout
    assert "Traceback" not in result.stderr


def workflow_steps() -> list[dict]:
    data = yaml.safe_load((ROOT / "examples" / "ci" / "github-workflow.yml").read_text("utf-8"))
    [job] = data["jobs"].values()
    return [step for step in job["steps"] if "tactful " in step.get("run", "")
            and not step["run"].startswith("pip ")]


def run_step(step: dict, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A step's script as GitHub runs it (``bash -e``), with this tactful on the PATH."""
    import os

    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    env = {**os.environ, "PATH": path, "GITHUB_ACTIONS": "true"}
    return subprocess.run(["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c",
                           step["run"]], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.mark.parametrize("drafts", [True, False])
def test_workflow_steps_run_with_or_without_drafts(tmp_path: Path, drafts: bool) -> None:
    import json

    steps = workflow_steps()
    assert [s["name"].split()[0] for s in steps] == ["Check", "Lint", "Tone"]
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "templaterepo", repo)
    if drafts:
        (repo / "drafts").mkdir()
        (repo / "drafts" / "d.txt").write_text("Nous allons saisir vos biens.\n", "utf-8")
    check, lint, sarif = (run_step(step, repo) for step in steps)
    assert check.returncode == 1  # the fixture has findings: annotations on their lines
    assert "::warning file=templates/" in check.stdout or "::error file=templates/" in check.stdout
    assert lint.returncode == (1 if drafts else 0), lint.stderr
    assert sarif.returncode == 0, sarif.stderr
    doc = json.loads((repo / "tactful.sarif").read_text("utf-8"))
    linted = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].split("/")[0]
              for r in doc["runs"][0]["results"]}
    assert linted == ({"templates", "drafts"} if drafts else {"templates"})


def test_workflow_sarif_step_fails_without_leaving_a_file_on_a_usage_error(
    tmp_path: Path,
) -> None:
    [*_, sarif] = workflow_steps()
    (tmp_path / "templates").mkdir()
    (tmp_path / "tactful.toml").write_text("fail-on = 'nonsense'\n", encoding="utf-8")
    result = run_step(sarif, tmp_path)
    assert result.returncode == 2 and "tactful: error:" in result.stderr
    assert not (tmp_path / "tactful.sarif").exists()  # the upload step is skipped
