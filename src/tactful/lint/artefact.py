"""Find or build the compiled rule artefact (JSON) for a chain of rule files.

Warm path: read ``tone_rules.yaml`` and the user files, hash them, and load
the committed artefact (default rules) or a cached one
(``$XDG_CACHE_HOME/tactful`` or ``~/.cache/tactful``) with :mod:`json` only.
Cold path (a source changed): compile with :mod:`tactful.lint.compile` (PyYAML,
pydantic, spaCy lookups) and cache the result; caching is skipped silently when
the cache directory is not writable.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .._resources import data_path
from ..errors import RuleFileError

__all__ = ["DEFAULT_ARTEFACT", "FORMAT", "cache_dir", "load_artefact"]

FORMAT = 1
DEFAULT_ARTEFACT = Path(__file__).resolve().parent / "_compiled" / "default.json"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tactful"


def _read_source(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise RuleFileError("file not found", path=str(path)) from None
    except OSError as exc:
        raise RuleFileError(
            f"cannot read the file ({exc.__class__.__name__})", path=str(path)
        ) from None


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def _write_cache(target: Path, artefact: dict[str, Any]) -> None:
    try:
        from .compile import write_artefact

        write_artefact(artefact, target)
    except OSError:
        pass  # a read-only home or cache: compile again next time


def load_artefact(paths: Sequence[Path] = (), *, default: Path | None = None) -> dict[str, Any]:
    """Return the compiled artefact for the default rules layered with ``paths``."""
    default_path = default or data_path("tone_rules.yaml")
    sources = [hashlib.sha256(_read_source(default_path)).hexdigest()]
    sources += [hashlib.sha256(_read_source(p)).hexdigest() for p in paths]
    if not paths and default is None:
        committed = _read_json(DEFAULT_ARTEFACT)
        if committed is not None and committed.get("sources") == sources:
            return committed
    key = hashlib.sha256(json.dumps([FORMAT, sources]).encode()).hexdigest()[:32]
    cached_path = cache_dir() / f"rules-{key}.json"
    cached = _read_json(cached_path)
    if cached is not None and cached.get("sources") == sources:
        return cached
    from .compile import compile_files

    artefact = compile_files(default_path, list(paths))
    _write_cache(cached_path, artefact)
    return artefact
