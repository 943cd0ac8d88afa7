"""The modules ``hatch_build.py`` compiles with mypyc: a regular install runs them compiled
(what CI tests and users get), an editable one interpreted, and the list names real modules."""

from __future__ import annotations

import ast
import importlib
import importlib.machinery
import os
from pathlib import Path

import tactful

ROOT = Path(__file__).resolve().parents[1]


def _compiled() -> list[str]:
    """``COMPILED`` of hatch_build.py, read without importing hatchling."""
    tree = ast.parse((ROOT / "hatch_build.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "COMPILED" for t in node.targets
        ):
            return list(ast.literal_eval(node.value))
    raise AssertionError("hatch_build.py defines no COMPILED")


def test_compiled_list_names_modules_of_the_linter() -> None:
    modules = _compiled()
    assert modules and len(set(modules)) == len(modules)
    for path in modules:
        assert (ROOT / "src" / path).is_file(), path
        assert path.startswith("tactful/lint/"), path


def test_installed_build_runs_what_it_should() -> None:
    from_checkout = Path(tactful.__file__).resolve().is_relative_to(ROOT / "src")
    pure = from_checkout or os.environ.get("TACTFUL_PURE_PYTHON", "").strip() not in ("", "0")
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    for path in _compiled():
        name = path.removesuffix(".py").replace("/", ".")
        origin = str(importlib.import_module(name).__file__)
        if pure:  # editable install: an edit must take effect, so no compiled module
            assert origin.endswith(".py"), f"{name} is compiled ({origin}) in an editable install"
        else:
            assert origin.endswith(suffixes), (
                f"{name} was not compiled ({origin}): the wheel fell back to pure Python "
                "(see the build log; set TACTFUL_PURE_PYTHON=1 to build it so on purpose)"
            )
