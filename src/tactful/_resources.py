"""Where tactful's bundled data lives.

In a wheel, ``tone_rules.yaml`` and ``templates/`` are installed inside the
package as ``tactful/data/...`` (see ``[tool.hatch.build.targets.wheel.force-include]``).
In a source checkout (editable install, tests) they stay at the repository root,
which is where people edit them, so we fall back to that.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DATA = Path(__file__).resolve().parent / "data"
_REPO_ROOT = Path(__file__).resolve().parents[2]


@cache
def data_path(name: str) -> Path:
    """Return the path of a bundled data file or folder (``tone_rules.yaml``, ``templates``)."""
    for base in (_PACKAGE_DATA, _REPO_ROOT):
        candidate = base / name
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"tactful data file {name!r} is missing from the installation")
