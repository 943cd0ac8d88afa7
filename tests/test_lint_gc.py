"""The command line freezes the structures it builds (a faster cold start); a library
caller's process is never frozen."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def _freeze_count_after(code: str) -> int:
    script = textwrap.dedent(code) + "\nimport gc\nprint(gc.get_freeze_count())\n"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip().splitlines()[-1])


def test_library_use_leaves_the_collector_alone() -> None:
    count = _freeze_count_after(
        """
        import tactful
        tactful.lint("Sans règlement, nous saisirons le tribunal.", locale="fr", stage="reminder")
        """
    )
    assert count == 0


def test_lint_command_freezes_what_it_built(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("We will take legal action.\n", encoding="utf-8")
    count = _freeze_count_after(
        f"""
        import contextlib, io
        from tactful.cli import main
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            main(["lint", {str(draft)!r}, "--locale", "en", "--stage", "reminder"])
        """
    )
    assert count > 0
