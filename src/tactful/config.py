"""Linter configuration: ``[tool.tactful]`` in ``pyproject.toml`` or ``tactful.toml``.

The closest file up from the linted path (or the current directory) wins; in one
directory ``tactful.toml`` beats ``pyproject.toml``, and a ``pyproject.toml``
without a ``[tool.tactful]`` table is skipped. Keys::

    select = ["THR", "guilt"]        # codes, code prefixes or categories (default: all)
    ignore = ["JAR001"]              # same forms
    severity = {JAR001 = "warning"}  # per-code severity override
    rules = ["extra_rules.yaml"]     # extra rule files, relative to the config file
    fail-on = "warning"              # info | warning | error

A bad file or key raises :class:`~tactful.errors.ConfigError` naming the file
and the key.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError

__all__ = ["SEVERITIES", "Config", "find_config", "load_config", "selector_matches"]

SEVERITIES = ("info", "warning", "error")
_KEYS = ("select", "ignore", "severity", "rules", "fail-on")


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    rules: tuple[Path, ...] = ()
    fail_on: str = "warning"
    path: Path | None = None

    def enabled(self, code: str, category: str) -> bool:
        """Is a rule selected (or not restricted) and not ignored?"""
        if self.select and not any(selector_matches(s, code, category) for s in self.select):
            return False
        return not any(selector_matches(s, code, category) for s in self.ignore)


def selector_matches(selector: str, code: str, category: str) -> bool:
    """A selector is a code (``THR001``), a code prefix (``THR``) or a category (``threat``)."""
    return selector == category or code.startswith(selector.upper()) if selector else False


def _toml_load(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the file ({exc.__class__.__name__})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None


def _table(path: Path) -> dict[str, Any] | None:
    data = _toml_load(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("tactful")
        if table is not None and not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.tactful] must be a table")
        return table
    return data


def find_config(start: Path | None = None) -> Path | None:
    """Return the closest ``tactful.toml`` / ``pyproject.toml`` with ``[tool.tactful]``."""
    here = (start or Path.cwd()).resolve()
    if here.is_file() or not here.exists():
        here = here.parent
    for directory in (here, *here.parents):
        candidate = directory / "tactful.toml"
        if candidate.is_file():
            return candidate
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and _table(candidate) is not None:
            return candidate
    return None


def _strings(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{path}: key {key!r} must be a list of non-empty strings")
    return tuple(value)


def _severity_of(path: Path, key: str, value: Any) -> str:
    if value not in SEVERITIES:
        raise ConfigError(f"{path}: key {key!r} must be one of {', '.join(SEVERITIES)}")
    return str(value)


def _parse(path: Path, table: Mapping[str, Any]) -> Config:
    for key in table:
        if key not in _KEYS:
            raise ConfigError(f"{path}: unknown key {key!r} (allowed: {', '.join(_KEYS)})")
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f"{path}: key 'severity' must be a table {{CODE = \"warning\"}}")
    overrides = {
        str(code).upper(): _severity_of(path, f"severity.{code}", sev)
        for code, sev in severity.items()
    }
    rules = tuple(path.parent / r for r in _strings(path, "rules", table.get("rules", [])))
    return Config(
        select=_strings(path, "select", table.get("select", [])),
        ignore=_strings(path, "ignore", table.get("ignore", [])),
        severity=overrides,
        rules=rules,
        fail_on=_severity_of(path, "fail-on", table.get("fail-on", "warning")),
        path=path,
    )


def load_config(path: str | Path) -> Config:
    """Load one configuration file (``tactful.toml`` or ``pyproject.toml``)."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: configuration file not found")
    table = _table(path)
    return _parse(path, table or {})
