"""``tactful lint`` options for the jurisdiction and channel packs, and their use on drafts.

Flags win over a draft's header comment (``tactful: jurisdiction=FR debtor=consumer``).
The packs only run when a jurisdiction is known, so ``tactful lint`` without one never
loads them.
"""

from __future__ import annotations

import argparse
from typing import Any

from .context import ComplianceContext, header_context

__all__ = ["add_arguments", "draft_findings", "find_pack_rule", "rule_info"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "jurisdiction packs",
        "legal mentions and claims (FR, US, UK) and channel limits; run when a jurisdiction is "
        "given here or in the file's header comment (tactful: jurisdiction=FR ...)",
    )
    group.add_argument("--jurisdiction", type=str.upper, choices=("FR", "US", "UK"))
    group.add_argument("--sender-role", choices=("creditor", "collection_agency"))
    debtor = group.add_mutually_exclusive_group()
    debtor.add_argument("--business", dest="business", action="store_true", default=None,
                        help="the debtor is a business")
    debtor.add_argument("--consumer", dest="business", action="store_false",
                        help="the debtor is a consumer (default)")
    group.add_argument("--time-barred", action="store_true", default=None,
                       help="the debt is past its limitation period")
    group.add_argument("--legal-action-planned", action="store_true", default=None,
                       help="legal action is really intended if nothing happens")
    contact = group.add_mutually_exclusive_group()
    contact.add_argument("--initial-contact", dest="initial_contact", action="store_true",
                         default=None, help="US: the collector's first message (default: "
                         "courtesy and reminder stages)")
    contact.add_argument("--later-contact", dest="initial_contact", action="store_false",
                         help="US: a later message")
    group.add_argument("--validation-notice", action="store_true", default=None,
                       help="US: the message is the validation notice")
    group.add_argument("--max-sms-segments", type=int, default=None, metavar="N",
                       help="most SMS segments a message may take (default: 2)")


def draft_findings(args: argparse.Namespace, path: str, source: str, masked: str,
                   meta: Any) -> list[Any]:
    """Pack findings for a plain-text or HTML draft (``masked`` has the source's length)."""
    name = "<stdin>" if path == "-" else path
    values: dict[str, Any] = header_context(source, name)
    flags = {
        "jurisdiction": getattr(args, "jurisdiction", None),
        "sender_role": getattr(args, "sender_role", None),
        "business": getattr(args, "business", None),
        "time_barred": getattr(args, "time_barred", None),
        "legal_action_planned": getattr(args, "legal_action_planned", None),
        "validation_notice": getattr(args, "validation_notice", None),
        "initial_contact": getattr(args, "initial_contact", None),
        "max_sms_segments": getattr(args, "max_sms_segments", None),
    }
    values.update({k: v for k, v in flags.items() if v is not None})
    if not values.get("jurisdiction"):
        return []
    for key in ("locale", "stage", "channel", "profile"):
        value = getattr(meta, key, None)
        if value is not None:
            values[key] = value
    ctx = ComplianceContext.from_mapping(values, name)
    from ..lint.suppress import parse_suppressions
    from . import check_compliance

    sup = parse_suppressions(source)  # comments are blanked in ``masked``
    return [f for f in check_compliance(masked, ctx) if not sup.suppressed(f.code, f.line)]


DOCS_URL = "https://github.com/tactful-project/tactful/blob/main/docs/jurisdictions/"


def _channel_rule(rule: Any) -> dict[str, Any]:
    return {
        "code": rule.code, "name": rule.name, "category": "channel", "severity": rule.severity,
        "message": dict(rule.message), "why": dict(rule.why),
        "suggest": {k: list(v) for k, v in rule.suggest.items()}, "examples": {},
        "help_uri": f"{DOCS_URL}README.md#channel-checks-every-jurisdiction",
    }


def _pack_rule(rule: Any) -> dict[str, Any]:
    page = f"{DOCS_URL}{rule['code'][:2].lower()}.md#{rule['code'].lower()}-{rule['name']}"
    when = rule.get("when") or {}
    why = {lang: f"{text} ({rule['cite']})" for lang, text in rule["why"].items()}
    return {**rule, "why": why, "stages": when.get("stages"), "channels": when.get("channels"),
            "profiles": when.get("profiles"), "help_uri": page}


def find_pack_rule(code: str) -> dict[str, Any] | None:
    """A jurisdiction-pack or channel rule by code (``FR001``, ``EML001``…), or None."""
    from .channel import CHANNEL_RULES

    code = code.upper()
    if code in CHANNEL_RULES:
        return _channel_rule(CHANNEL_RULES[code])
    if code[:2] in ("FR", "US", "UK") and code[2:].isdigit():
        from .engine import load_pack

        for rule in load_pack(code[:2]).rules:
            if rule["code"] == code:
                return _pack_rule(rule)
    return None


def pack_rules() -> list[tuple[str, dict[str, Any]]]:
    """Every jurisdiction-pack rule (``FR``, ``US``, ``UK``) then every channel check
    not already a tool code, each with its pack (``FR``… or ``channel``)."""
    from .channel import CHANNEL_RULES
    from .compile import JURISDICTIONS
    from .engine import load_pack

    out = [(j, _pack_rule(rule)) for j in JURISDICTIONS for rule in load_pack(j).rules]
    return out + [("channel", _channel_rule(rule)) for rule in CHANNEL_RULES.values()]


def rule_info(reports: Any, rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rules`` plus the metadata (SARIF ``rules``) of the pack and channel codes found in
    ``reports`` that ``rules`` lacks."""

    known = {r["code"] for r in rules}
    found = {f.code for r in reports for f in r.findings} - known
    out: list[dict[str, Any]] = list(rules)
    for code in sorted(found):
        rule = find_pack_rule(code)
        if rule is not None:
            out.append(rule)
    return out
