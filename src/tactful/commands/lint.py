"""`tactful lint FILE... | -`: lint message texts for tone.

Light at import time: the linter is imported inside :func:`run`.
Exit codes: 0 nothing at or above ``--fail-on``, 1 findings, 2 usage/input/config error.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..errors import InputError

SEVERITIES = ("info", "warning", "error")
STAGES = ("courtesy", "reminder", "second_reminder", "formal_notice", "final_notice")
CHANNELS = ("letter", "email", "sms")
JSON_VERSION = 1


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("lint", help="lint message texts for threatening or shaming tone")
    parser.add_argument("files", nargs="+", metavar="FILE", help="text files, or - for stdin")
    parser.add_argument("--locale", help="fr or en (default: guessed from the text)")
    parser.add_argument("--stage", choices=STAGES)
    parser.add_argument("--channel", choices=CHANNELS)
    parser.add_argument("--profile")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--rules", action="append", default=[], metavar="FILE")
    parser.add_argument("--config", metavar="FILE", help="tactful.toml or pyproject.toml")
    parser.add_argument("--fail-on", choices=SEVERITIES, default=None)
    parser.set_defaults(run=run)


def read_text(path: str) -> str:
    """Read a UTF-8 text file (or stdin); errors name the file, never its content."""
    name = "<stdin>" if path == "-" else path
    try:
        if path == "-":
            return sys.stdin.buffer.read().decode("utf-8")
        with open(path, "rb") as handle:
            return handle.read().decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{name}: not valid UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"{name}: {exc.strerror or 'cannot be read'}") from None


def _config(args: argparse.Namespace) -> Any:
    from pathlib import Path

    from ..config import find_config, load_config

    if args.config:
        return load_config(args.config)
    first = next((f for f in args.files if f != "-"), None)
    found = find_config(Path(first) if first else None)
    return load_config(found) if found is not None else None


def run(args: argparse.Namespace) -> int:
    from ..lint import Linter
    from ..lint.findings import severity_rank

    config = _config(args)
    fail_on = args.fail_on or (config.fail_on if config is not None else "warning")
    linter = Linter(rules=args.rules or None, config=config)
    texts = [(path, read_text(path)) for path in args.files]
    results = []
    for path, text in texts:
        report = linter.lint(
            text, locale=args.locale, stage=args.stage, channel=args.channel, profile=args.profile
        )
        results.append(("<stdin>" if path == "-" else path, text, report))
    if args.format == "json":
        print(json.dumps(_as_json(results), ensure_ascii=False, indent=2))
    else:
        _print_text(results)
    threshold = severity_rank(fail_on)
    failing = any(
        severity_rank(f.severity) >= threshold for _, _, r in results for f in r.all_findings
    )
    return 1 if failing else 0


def _as_json(results: list[tuple[str, str, Any]]) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "files": [
            {
                "path": path,
                "locale": report.locale,
                "stage": report.stage,
                "findings": [f.to_dict() for f in report.all_findings],
            }
            for path, _, report in results
        ],
    }


def _print_text(results: list[tuple[str, str, Any]]) -> None:
    counts = dict.fromkeys(SEVERITIES, 0)
    out = sys.stdout
    for path, text, report in results:
        lines = text.split("\n")
        for f in report.all_findings:
            counts[f.severity] += 1
            where = f"{path}:{f.line}:{f.column}"
            out.write(f"{where}: {f.code} [{f.category}] {f.message}\n")
            source = lines[f.line - 1] if f.part == "text" else ""
            if source:
                width = max(1, min(f.end - f.start, len(source) - f.column + 1))
                out.write(f"    {source}\n    {' ' * (f.column - 1)}{'^' * width}\n")
            if f.note:
                out.write(f"    note: {f.note}\n")
            if f.why:
                out.write(f"    why: {f.why}\n")
            for suggestion in f.suggestions[:2]:
                out.write(f"    try: {suggestion}\n")
    total = sum(counts.values())
    if total:
        detail = ", ".join(f"{n} {sev}" for sev, n in counts.items() if n)
        out.write(
            f"{total} finding{'s' if total > 1 else ''} in {len(results)} file(s) ({detail})\n"
        )
    else:
        out.write(f"no findings in {len(results)} file(s)\n")
