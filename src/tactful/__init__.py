"""tactful: debt-collection messages people can read without fear or shame.

The public API is imported lazily (PEP 562) so that ``import tactful`` and the
``tactful lint`` command start fast: the linter never pays for pydantic, Jinja
or babel, and rendering never pays for the linter.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .errors import (
        ConfigError,
        InputError,
        RenderError,
        RequestError,
        RuleFileError,
        TactfulError,
        TemplateNotFoundError,
    )
    from .lint import Finding, Linter, LintReport, lint
    from .models import Channel, MessageRequest, Profile, Stage
    from .packs import ComplianceContext, check_compliance
    from .plans import PaymentSchedule, compute_schedule
    from .rendering import RenderedMessage, Renderer, render

_LAZY: dict[str, str] = {
    "Channel": ".models",
    "ComplianceContext": ".packs",
    "ConfigError": ".errors",
    "Finding": ".lint",
    "InputError": ".errors",
    "LintReport": ".lint",
    "Linter": ".lint",
    "MessageRequest": ".models",
    "PaymentSchedule": ".plans",
    "Profile": ".models",
    "RenderError": ".errors",
    "RenderedMessage": ".rendering",
    "Renderer": ".rendering",
    "RequestError": ".errors",
    "RuleFileError": ".errors",
    "Stage": ".models",
    "TactfulError": ".errors",
    "TemplateNotFoundError": ".errors",
    "check_compliance": ".packs",
    "compute_schedule": ".plans",
    "lint": ".lint",
    "render": ".rendering",
}

__all__ = [
    "Channel",
    "ComplianceContext",
    "ConfigError",
    "Finding",
    "InputError",
    "LintReport",
    "Linter",
    "MessageRequest",
    "PaymentSchedule",
    "Profile",
    "RenderError",
    "RenderedMessage",
    "Renderer",
    "RequestError",
    "RuleFileError",
    "Stage",
    "TactfulError",
    "TemplateNotFoundError",
    "__version__",
    "check_compliance",
    "compute_schedule",
    "lint",
    "render",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tactful' has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
