"""Errors raised by tactful.

Every error a user can cause derives from :class:`TactfulError`; the CLI turns
these into one clear line and exit code 2, never a traceback.

::

    TactfulError
     ├── RequestError          a render request is invalid (names the field, never the value)
     ├── TemplateNotFoundError no template for a locale/channel/stage/profile
     │                         (lists what was searched)
     ├── RenderError           a template failed to render (names the template and,
     │                         if known, the variable)
     ├── ConfigError           tactful.toml / [tool.tactful] is invalid (names the file and key)
     ├── RuleFileError         a rule file is invalid (names the file, line and key)
     └── InputError            an input file is missing, unreadable or not valid text/JSON
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "InputError",
    "RenderError",
    "RequestError",
    "RuleFileError",
    "TactfulError",
    "TemplateNotFoundError",
]


class TactfulError(Exception):
    """Base class of every error tactful raises on purpose."""


class RequestError(TactfulError, ValueError):
    """A render request is invalid.

    ``problems`` holds ``(field, message)`` pairs. Messages name fields, never
    the debtor's values, so they are safe to log.
    """

    def __init__(self, problems: list[tuple[str, str]], *, source: str | None = None) -> None:
        self.problems = problems
        self.source = source
        prefix = f"{source}: " if source else ""
        lines = [f"{field}: {message}" for field, message in problems]
        super().__init__(prefix + "invalid request: " + "; ".join(lines))


class TemplateNotFoundError(TactfulError, LookupError):
    """No template matched; ``searched`` lists every name that was tried, in order."""

    def __init__(self, what: str, searched: list[str]) -> None:
        self.searched = searched
        super().__init__(f"no template for {what}; searched: " + ", ".join(searched))


class RenderError(TactfulError):
    """A template failed to render."""

    def __init__(self, message: str, *, template: str | None = None) -> None:
        self.template = template
        super().__init__(f"{template}: {message}" if template else message)


class ConfigError(TactfulError):
    """The configuration is invalid."""


class RuleFileError(TactfulError):
    """A rule file is invalid; the message names ``path:line`` and the key."""

    def __init__(
        self, message: str, *, path: str, line: int | None = None, key: str | None = None
    ) -> None:
        self.path = path
        self.line = line
        self.key = key
        where = path if line is None else f"{path}:{line}"
        what = f" [{key}]" if key else ""
        super().__init__(f"{where}{what}: {message}")


class InputError(TactfulError):
    """An input file or stream cannot be used."""
