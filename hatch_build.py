"""Wheel build hook: compile the tone linter's hot modules with mypyc.

The linter's warm throughput is spent in a handful of pure-Python loops (tokenizing,
matching token patterns, scoring the statistical second opinion). mypyc compiles those
modules, unchanged and fully typed, to C extensions: the same approach black and mypy use
for the wheels they ship. On the labelled corpus it runs about a fifth faster than the
interpreted code (``benchmarks/bench_lint.py`` prints which of the two it measured).

* A regular wheel build (``pip install .``, ``pip install tactful``) compiles them.
* An editable install (``pip install -e .``) does not: a compiled module would shadow its
  ``.py`` source, and an edit would silently have no effect.
* ``TACTFUL_PURE_PYTHON=1`` builds a pure-Python wheel, and so does any failure to
  compile (no C compiler, an unsupported interpreter): the build says so and goes on,
  since every compiled module is also valid Python that runs as is.

The modules are compiled from a copy of ``src/`` in a temporary directory, so nothing is
ever written next to the sources.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

#: The modules compiled, relative to ``src/``: the warm path of ``Linter.lint`` and
#: nothing that users subclass or monkeypatch.
COMPILED = (
    "tactful/lint/tokens.py",
    "tactful/lint/matcher.py",
    "tactful/lint/prefilter.py",
    "tactful/lint/index.py",
    "tactful/lint/model.py",
    "tactful/lint/engine.py",
)

_SETUP = """\
import sys
from setuptools import setup
from mypyc.build import mypycify

setup(
    name="tactful-native",
    ext_modules=mypycify(
        ["--ignore-missing-imports", "--follow-imports=silent", *sys.argv.pop(1).split(",")],
        opt_level="3",
    ),
)
"""


class MypycBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self._workdir: str | None = None
        if self.target_name != "wheel" or version == "editable":
            return
        if os.environ.get("TACTFUL_PURE_PYTHON", "").strip() not in ("", "0"):
            self.app.display_info("tactful: TACTFUL_PURE_PYTHON is set, building pure Python")
            return
        self._workdir = tempfile.mkdtemp(prefix="tactful-mypyc-")
        try:
            built = self._compile(Path(self._workdir))
        except Exception as exc:  # any failure falls back to pure Python
            self.app.display_warning(
                f"tactful: mypyc compilation failed, building a pure-Python wheel "
                f"(the linter runs about a fifth slower): {exc}"
            )
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        build_data["force_include"].update(built)
        self.app.display_info(f"tactful: compiled {len(COMPILED)} modules with mypyc")

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if getattr(self, "_workdir", None):
            shutil.rmtree(self._workdir, ignore_errors=True)

    def _compile(self, work: Path) -> dict[str, str]:
        """Compile a copy of the sources; return {built file: path inside the wheel}."""
        src = work / "src"
        shutil.copytree(
            Path(self.root) / "src" / "tactful",
            src / "tactful",
            ignore=shutil.ignore_patterns("__pycache__", ".mypy_cache", "*.so", "*.pyd"),
        )
        (work / "setup.py").write_text(_SETUP, encoding="utf-8")
        out = work / "lib"
        process = subprocess.run(
            [
                sys.executable,
                str(work / "setup.py"),
                ",".join(COMPILED),
                "build_ext",
                "--build-lib",
                str(out),
                "--build-temp",
                str(work / "tmp"),
            ],
            cwd=src,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )
        if process.returncode:
            raise RuntimeError(process.stdout[-4000:])
        built = {str(p): p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
        expected = {Path(m).with_suffix("").as_posix() for m in COMPILED}
        found = {rel.split(".", 1)[0] for rel in built.values()}
        if not expected <= found:
            raise RuntimeError(f"mypyc built {sorted(found)}, expected {sorted(expected)}")
        return built
