"""`tactful rules [CODE]`: list the rules, or explain one.

Reads the compiled rules (JSON, no YAML) plus ``--rules`` files and the tool's
own codes (SUP001, TPL…, SMS001), then the jurisdiction packs' rules (FR…, US…,
UK…) and the channel checks (SMS002, EML…, LTR…) that ``--jurisdiction`` turns
on, marked with their pack. Exit 0, or 2 for an unknown code.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from ..errors import InputError


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "rules", help="list the rules, or explain one (tactful rules THR001)",
        description="List every rule: the tone rules and tactful's own checks (SUP…, TPL…, "
        "SMS001), then, marked with their pack, the jurisdiction packs' rules (FR…, US…, "
        "UK…) and the channel checks (SMS002, EML…, LTR…) that `tactful lint "
        "--jurisdiction` applies. With a CODE, explain that rule.",
    )
    parser.add_argument("code", nargs="?", help="a rule code such as THR001 or FR001")
    parser.add_argument("--lang", choices=("en", "fr"), default="en",
                        help="language of messages and examples (default: en)")
    parser.add_argument("--rules", action="append", default=[], metavar="FILE",
                        help="extra rule file (repeatable)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(run=run)


def _scope(rule: dict[str, Any]) -> str:
    parts = []
    for key in ("stages", "channels", "profiles"):
        if rule.get(key):
            parts.append(f"{key}: {', '.join(rule[key])}")
    return "; ".join(parts) or "every stage, channel and profile"


def explain(rule: dict[str, Any], lang: str, out: TextIO) -> None:
    """Print one rule for people."""
    from ..lint.ruleinfo import example_texts, plain_text

    def pick(table: dict[str, Any], default: Any = "") -> Any:
        return table.get(lang) or table.get("en") or default

    out.write(f"{rule['code']} {rule['name']}\n")
    out.write(f"  category: {rule['category']}\n  severity: {rule['severity']}\n")
    by_stage = rule.get("severity_by_stage") or {}
    if by_stage:
        out.write("  severity by stage: "
                  + ", ".join(f"{k}={v}" for k, v in by_stage.items()) + "\n")
    out.write(f"  applies to: {_scope(rule)}\n")
    if rule.get("check"):
        out.write(f"  check: {rule['check']}\n")
    out.write(f"\nmessage: {pick(rule.get('message', {}))}\n")
    out.write(f"\nwhy: {pick(rule.get('why', {}))}\n")
    suggestions = pick(rule.get("suggest", {}), [])
    if suggestions:
        out.write("\ntry instead:\n" + "".join(f"  - {s}\n" for s in suggestions))
    plain = pick(rule.get("plain") or {}, {})
    if plain:
        out.write("\nplain words (suggested when the match holds the wording):\n" + "".join(
            f"  {key} → {plain_text(w)}\n"
            for key, w in plain.items()
        ))
    lang_of_examples = lang if lang in (rule.get("examples") or {}) else "en"
    flagged = example_texts(rule, lang_of_examples, "flag")
    passed = example_texts(rule, lang_of_examples, "pass")
    if flagged:
        out.write("\nflagged:\n" + "".join(f"  ✗ {s}\n" for s in flagged))
    if passed:
        out.write("\nnot flagged:\n" + "".join(f"  ✓ {s}\n" for s in passed))


def run(args: argparse.Namespace) -> int:
    from ..lint import Linter
    from ..lint.ruleinfo import all_rules, find_rule, help_uri

    rules = all_rules(Linter(rules=args.rules or None))
    out = sys.stdout
    if args.code:
        rule = find_rule(args.code, rules)
        if rule is None:
            from ..packs.cli import find_pack_rule

            rule = find_pack_rule(args.code)
        if rule is None:
            raise InputError(f"unknown rule code {args.code!r}: run `tactful rules` for the list")
        if args.format == "json":
            out.write(json.dumps(rule, ensure_ascii=False, indent=2) + "\n")
        else:
            explain(rule, args.lang, out)
            out.write(f"\nmore: {rule.get('help_uri') or help_uri(rule['code'])}\n")
        return 0
    from ..packs.cli import pack_rules

    known = {r["code"] for r in rules}
    packs = [(pack, r) for pack, r in pack_rules() if r["code"] not in known]
    if args.format == "json":
        listed = [*rules, *({**r, "pack": pack} for pack, r in packs)]
        out.write(json.dumps(listed, ensure_ascii=False, default=str, indent=2) + "\n")
        return 0
    width = max(len(r["name"]) for r in [*rules, *(r for _, r in packs)])

    def line(r: dict[str, Any], pack: str = "") -> str:
        row = f"{r['code']:<6}  {r['name'].ljust(width)}  {r['category']:<12} {r['severity']}"
        return (f"{row:<{width + 30}}  [{pack}]" if pack else row) + "\n"

    for r in rules:
        out.write(line(r))
    out.write("\njurisdiction packs and channel checks (with `tactful lint --jurisdiction "
              "FR|US|UK`, see docs/jurisdictions/):\n")
    for pack, r in packs:
        out.write(line(r, pack))
    out.write(f"{len(rules) + len(packs)} rules ({len(rules)} tone and tool rules, "
              f"{len(packs)} in jurisdiction packs and channel checks); "
              "`tactful rules CODE` explains one\n")
    return 0
