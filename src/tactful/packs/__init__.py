"""Jurisdiction and channel packs: legal mentions and claims (France, US, UK) and
channel limits (SMS segments, email subject, letter blocks).

>>> from tactful.packs import ComplianceContext, check_compliance
>>> ctx = ComplianceContext(jurisdiction="FR", stage="reminder", channel="sms", locale="fr")
>>> [f.code for f in check_compliance("Des frais de recouvrement seront ajoutés.", ctx)]
['FR001']

``check_compliance(message, context)`` takes a text or a
:class:`~tactful.rendering.RenderedMessage`, and a :class:`ComplianceContext`, a
render request (``MessageRequest`` or its dict) or ``None``. Channel checks run
whenever the channel is known; a jurisdiction's pack is loaded (once, lazily)
only when the context names one. See docs/jurisdictions/.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .context import ComplianceContext

if TYPE_CHECKING:
    from ..lint.findings import Finding

__all__ = ["ComplianceContext", "Pack", "check_compliance", "load_pack"]


def __getattr__(name: str) -> Any:
    # the engine (and the tone linter it reuses) loads on first use, not on import
    if name in ("Pack", "load_pack"):
        from . import engine

        return getattr(engine, name)
    raise AttributeError(name)


def _plain(value: Any) -> str | None:
    return None if value is None else str(getattr(value, "value", value))


def check_compliance(message: Any, context: Any = None) -> list[Finding]:
    """Legal and channel findings for one message (a text or a rendered message)."""
    from ..errors import InputError
    from ..lint.locale import infer_lang
    from .channel import channel_findings, split_subject

    if context is None:
        ctx = ComplianceContext()
    elif isinstance(context, ComplianceContext):
        ctx = context
    else:
        ctx = ComplianceContext.from_request(context)
    offset = subject_at = 0
    if isinstance(message, str):
        text, subject = message, None
        if ctx.channel == "email":
            subject, subject_at, text, offset = split_subject(message)
    elif hasattr(message, "text"):
        text, subject = message.text, getattr(message, "subject", None)
        ctx = ctx.with_(
            locale=ctx.locale or _plain(getattr(message, "locale", None)),
            stage=ctx.stage or _plain(getattr(message, "stage", None)),
            channel=ctx.channel or _plain(getattr(message, "channel", None)),
            profile=ctx.profile or _plain(getattr(message, "profile", None)),
        )
    else:
        raise InputError(f"message must be a string or a rendered message, not "
                         f"{type(message).__name__}")
    lang = ctx.lang or infer_lang(f"{subject or ''}\n{text}")
    if lang not in ("fr", "en"):
        raise InputError("locale must be French or English (fr, en)")
    findings = channel_findings(text, subject, ctx, lang)
    if ctx.jurisdiction is not None:
        from .engine import load_pack

        findings += load_pack(ctx.jurisdiction).check(text, subject, ctx, lang)
    if offset:
        findings = [_shift(f, message, subject_at if f.part == "subject" else offset)
                    for f in findings]
    return findings


def _shift(finding: Any, source: str, offset: int) -> Any:
    """Move a finding of a draft's ``Subject:`` line or body to positions in the draft."""
    from dataclasses import replace

    start = finding.start + offset
    end = finding.end + offset
    line = source.count("\n", 0, start) + 1
    column = start - (source.rfind("\n", 0, start) + 1) + 1
    return replace(finding, start=start, end=end, line=line, column=column, part="text")
