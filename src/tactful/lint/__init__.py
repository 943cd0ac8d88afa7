"""The tone linter.

>>> from tactful.lint import lint
>>> report = lint("Vous devriez avoir honte.", locale="fr", stage="reminder")
>>> [f.category for f in report.findings]  # doctest: +SKIP
['guilt']

``lint(text, *, locale, stage=None, channel=None, profile=None)`` also accepts a
:class:`tactful.rendering.RenderedMessage`: its body is linted into
``report.findings`` (offsets into ``.text``) and its subject into
``report.subject_findings`` (offsets into ``.subject``, ``part == "subject"``).
"""

from __future__ import annotations

import sys
from functools import cache
from types import ModuleType
from typing import Any

from .engine import Linter
from .findings import Finding, LintReport

__all__ = ["Finding", "LintReport", "Linter", "lint"]


@cache
def _default_linter() -> Linter:
    return Linter()


def lint(
    text: Any,
    *,
    locale: str | None = None,
    stage: Any = None,
    channel: Any = None,
    profile: Any = None,
) -> LintReport:
    """Lint ``text`` (a string or a rendered message) with the built-in rules."""
    return _default_linter().lint(
        text, locale=locale, stage=stage, channel=channel, profile=profile
    )


class _CallableModule(ModuleType):
    """``tactful.lint`` is both this subpackage and the :func:`lint` function.

    Python binds a subpackage as an attribute of its parent once it is imported, so
    after ``import tactful.lint.engine`` (or ``tactful.Linter``), ``tactful.lint`` is
    this module, not the function. Making the module callable keeps the documented
    ``tactful.lint(text, locale=...)`` working whichever object the name holds.
    """

    __call__ = staticmethod(lint)  # module(text, ...) is lint(text, ...)


sys.modules[__name__].__class__ = _CallableModule
