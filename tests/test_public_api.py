"""The public surface stays small, sorted and lazy (httpx/rich style)."""

from __future__ import annotations

import subprocess
import sys

import tactful


def test_all_is_complete_and_resolves() -> None:
    # The order of __all__ is enforced by ruff (RUF022, isort-style).
    assert len(set(tactful.__all__)) == len(tactful.__all__)
    assert set(tactful.__all__) == {*tactful._LAZY, "__version__"}
    for name in tactful.__all__:
        assert getattr(tactful, name) is not None, name


def test_unknown_attribute_raises() -> None:
    try:
        tactful.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:  # pragma: no cover - the assertion is the test
        raise AssertionError("expected AttributeError")


def test_import_is_lazy() -> None:
    """`import tactful` must not pull in the heavy dependencies."""
    code = (
        "import sys, tactful; "
        "heavy = [m for m in ('pydantic', 'jinja2', 'babel', 'spacy', 'yaml', 'textstat') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_lint_stays_callable_after_the_subpackage_is_imported() -> None:
    """`tactful.lint` is also a subpackage; importing it must not break `tactful.lint(...)`."""
    code = (
        "import tactful, tactful.lint.engine; tactful.Linter; "
        "r = tactful.lint('Vous devriez avoir honte.', locale='fr', stage='reminder'); "
        "from tactful import lint; r2 = lint('You should be ashamed.', locale='en'); "
        "print(sorted({f.category for f in r.findings + r2.findings}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['guilt']"
