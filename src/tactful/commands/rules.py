"""`tactful rules [CODE]`: list the rules, or explain one.

Reads the compiled rules (JSON, no YAML) plus ``--rules`` files and the tool's
own codes (SUP001, TPL…, SMS001). Exit 0, or 2 for an unknown code.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from ..errors import InputError


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "rules", help="list the tone rules, or explain one (tactful rules THR001)"
    )
    parser.add_argument("code", nargs="?", help="a rule code such as THR001")
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
    if args.format == "json":
        out.write(json.dumps(rules, ensure_ascii=False, indent=2) + "\n")
        return 0
    width = max(len(r["name"]) for r in rules)
    for r in rules:
        out.write(f"{r['code']}  {r['name'].ljust(width)}  {r['category']:<12} {r['severity']}\n")
    out.write(f"{len(rules)} rules; `tactful rules CODE` explains one\n")
    return 0
