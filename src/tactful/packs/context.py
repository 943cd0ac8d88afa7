"""What the legal and channel checks need to know about a message.

A :class:`ComplianceContext` comes from a render request
(:meth:`ComplianceContext.from_request`), from ``tactful lint`` flags, or from a
header comment in a draft::

    {# tactful: jurisdiction=FR sender_role=collection_agency debtor=consumer #}
    tactful: jurisdiction=US time_barred=yes         (first line of a plain-text draft)

Standard library only (``tactful lint`` keeps a short cold start).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from typing import Any

from ..errors import InputError

__all__ = ["CONTEXT_KEYS", "ComplianceContext", "header_context"]

JURISDICTIONS = ("FR", "US", "UK")
SENDER_ROLES = ("creditor", "collection_agency")
STAGES = ("courtesy", "reminder", "second_reminder", "formal_notice", "final_notice")
CHANNELS = ("letter", "email", "sms")
#: stages the built-in templates treat as the first contact (US initial disclosure)
INITIAL_STAGES = ("courtesy", "reminder")
#: header-comment keys read here (the tone linter reads locale/stage/channel/profile)
CONTEXT_KEYS = (
    "jurisdiction", "sender_role", "debtor", "time_barred", "legal_action_planned",
    "initial_contact", "validation_notice",
)  # fmt: skip
_TRUE = ("yes", "true", "1", "on")
_FALSE = ("no", "false", "0", "off")
_HEADER = re.compile(
    r"\{#-?\s*tactful:(?!\s*ignore)([^#]*)#\}|<!--\s*tactful:(?!\s*ignore)(.*?)-->"
    r"|\A[ \t]*tactful:(?!\s*ignore)([^\n]*)",
    re.DOTALL,
)


@dataclass(frozen=True)
class ComplianceContext:
    """Facts about one message. ``None`` stage/channel/profile: checks that depend on
    them are skipped. ``initial_contact`` defaults to the courtesy and reminder stages (from a
    render request: an agency's message that recalls no first letter)."""

    jurisdiction: str | None = None
    sender_role: str = "creditor"
    business: bool = False
    time_barred: bool = False
    legal_action_planned: bool = False
    stage: str | None = None
    channel: str | None = None
    profile: str | None = None
    locale: str | None = None
    initial_contact: bool | None = None
    validation_notice: bool = False
    agency_name: str | None = None
    creditor_name: str | None = None
    first_letter_reference: str | None = None
    max_sms_segments: int = 2
    max_subject_length: int = 100

    def __post_init__(self) -> None:
        if self.jurisdiction is not None and self.jurisdiction not in JURISDICTIONS:
            raise InputError(f"jurisdiction must be one of {', '.join(JURISDICTIONS)}")
        if self.sender_role not in SENDER_ROLES:
            raise InputError(f"sender_role must be one of {', '.join(SENDER_ROLES)}")
        if self.stage is not None and self.stage not in STAGES:
            raise InputError(f"stage must be one of {', '.join(STAGES)}")
        if self.channel is not None and self.channel not in CHANNELS:
            raise InputError(f"channel must be one of {', '.join(CHANNELS)}")
        if self.max_sms_segments < 1:
            raise InputError("max_sms_segments must be at least 1")
        if self.max_subject_length < 10:
            raise InputError("max_subject_length must be at least 10")

    @property
    def debtor(self) -> str:
        return "business" if self.business or self.profile == "business" else "consumer"

    @property
    def is_initial(self) -> bool:
        if self.initial_contact is not None:
            return self.initial_contact
        return self.stage in INITIAL_STAGES

    @property
    def lang(self) -> str | None:
        return self.locale.replace("-", "_").split("_")[0].lower() if self.locale else None

    def value(self, name: str) -> Any:
        """A context field by its ``when`` name (``debtor``, ``initial_contact``…)."""
        if name == "debtor":
            return self.debtor
        if name == "initial_contact":
            return self.is_initial
        return getattr(self, name)

    def with_(self, **changes: Any) -> ComplianceContext:
        """A copy with ``changes``; ``None`` values leave a field as it is."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def from_request(cls, request: Any, **overrides: Any) -> ComplianceContext:
        """The context of a :class:`~tactful.models.MessageRequest` (or its dict)."""
        from ..models import parse_request

        req = parse_request(request)
        jurisdiction = req.effective_jurisdiction
        agency = req.agency if req.sender_role.value == "collection_agency" else None
        ctx = cls(
            jurisdiction=jurisdiction.value if jurisdiction is not None else None,
            sender_role=req.sender_role.value,
            business=req.debtor.is_business,
            time_barred=req.time_barred,
            legal_action_planned=req.legal_action_planned,
            stage=req.stage.value,
            channel=req.channel.value,
            profile=req.profile,
            locale=req.locale,
            agency_name=agency.name if agency is not None else None,
            creditor_name=req.creditor.name,
            first_letter_reference=agency.first_letter_reference if agency is not None else None,
            # an agency's first message is the one whose request recalls no first letter; a US
            # one to a consumer, by letter or email, carries the validation notice
            initial_contact=req.initial_contact if agency is not None else None,
            validation_notice=req.validation_notice,
        )
        return ctx.with_(**overrides)

    @classmethod
    def from_mapping(cls, values: dict[str, Any], where: str) -> ComplianceContext:
        """Build from ``key: value`` strings or values (header comment, pack examples)."""
        kwargs: dict[str, Any] = {}
        names = {f.name for f in fields(cls)}
        for key, raw in values.items():
            if key == "debtor":
                if raw not in ("consumer", "business"):
                    raise InputError(f"{where}: debtor must be consumer or business")
                kwargs["business"] = raw == "business"
            elif key in ("time_barred", "legal_action_planned", "initial_contact",
                         "validation_notice", "business"):
                kwargs[key] = _flag(raw, key, where)
            elif key == "max_sms_segments":
                kwargs[key] = int(raw)
            elif key in names:
                kwargs[key] = raw
            else:
                raise InputError(f"{where}: unknown context key {key!r}")
        try:
            return cls(**kwargs)
        except InputError as exc:
            raise InputError(f"{where}: {exc}") from None


def _flag(raw: Any, key: str, where: str) -> bool:
    if isinstance(raw, bool):
        return raw
    value = str(raw).lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise InputError(f"{where}: {key} must be yes or no")


def header_context(text: str, source: str) -> dict[str, str]:
    """The compliance keys of a ``tactful: key=value …`` header comment (first lines)."""
    head = "\n".join(text.split("\n", 6)[:6])
    m = _HEADER.search(head)
    if m is None:
        return {}
    body = next(g for g in m.groups() if g is not None)
    out: dict[str, str] = {}
    for item in body.split():
        key, sep, value = item.partition("=")
        if sep and key in CONTEXT_KEYS and value:
            out[key] = value
    if "jurisdiction" in out:
        out["jurisdiction"] = out["jurisdiction"].upper()
        if out["jurisdiction"] not in JURISDICTIONS:
            raise InputError(f"{source}: header comment: jurisdiction must be FR, US or UK")
    return out
