"""Output formats for ``tactful lint`` and ``tactful check``.

* ``text``: ``path:line:col: CODE [category] message``, the source line with a
  caret under the words, ``why:`` and ``try:`` lines, then a total. Colour only
  when writing to a terminal and ``NO_COLOR`` is not set.
* ``json``: the versioned document of docs/lint-json.md.
* ``sarif``: SARIF 2.1.0 with every rule's help (text and markdown) and ``helpUri``.
* ``github``: GitHub Actions workflow commands (``::warning file=…,line=…::…``).

``--format auto`` is ``github`` when ``GITHUB_ACTIONS=true``, else ``text``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from .._version import __version__
from .findings import Finding
from .results import FileReport, counts

__all__ = [
    "FORMATS",
    "JSON_VERSION",
    "as_json",
    "as_sarif",
    "pick_format",
    "use_colour",
    "write_github",
    "write_text",
]

FORMATS = ("auto", "text", "json", "sarif", "github")
JSON_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def pick_format(name: str, environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    if name == "auto":
        return "github" if env.get("GITHUB_ACTIONS") == "true" else "text"
    return name


def use_colour(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _line_of(source: str, line: int) -> str:
    lines = source.split("\n")
    return lines[line - 1].rstrip("\r") if 0 < line <= len(lines) else ""


# ------------------------------------------------------------------- text


def write_text(reports: Sequence[FileReport], out: TextIO, *, colour: bool = False) -> None:
    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if colour else text

    for report in reports:
        for f in report.findings:
            where = paint(_BOLD, f"{report.path}:{f.line}:{f.column}")
            code = paint(_COLOURS[f.severity], f"{f.severity} {f.code}")
            out.write(f"{where}: {code} [{f.category}] {f.message}\n")
            whole_file = f.start == f.end == 0 and not f.match
            source = _line_of(report.source, f.line) if f.part == "text" and not whole_file else ""
            if source:
                width = max(1, min(f.end - f.start, len(source) - f.column + 1))
                caret = paint(_COLOURS[f.severity], "^" * width)
                out.write(f"    {source}\n    {' ' * (f.column - 1)}{caret}\n")
            if f.note:
                out.write(f"    note: {f.note}\n")
            if f.why:
                out.write(f"    {paint(_DIM, 'why:')} {f.why}\n")
            for suggestion in f.suggestions[:2]:
                out.write(f"    {paint(_DIM, 'try:')} {suggestion}\n")
    tally = counts(reports)
    total = sum(tally.values())
    files = f"{len(reports)} file(s)"
    if total:
        detail = ", ".join(f"{n} {sev}" for sev, n in tally.items() if n)
        out.write(f"{total} finding{'s' if total > 1 else ''} in {files} ({detail})\n")
    else:
        out.write(f"no findings in {files}\n")


# ------------------------------------------------------------------- json


def as_json(reports: Sequence[FileReport], **extra: Any) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "tool": {"name": "tactful", "version": __version__},
        "files": [
            {
                "path": r.path,
                "kind": r.kind,
                "locale": r.locale,
                "stage": r.stage,
                "channel": r.channel,
                "profile": r.profile,
                "findings": [f.to_dict() for f in r.findings],
            }
            for r in reports
        ],
        "counts": counts(reports),
        **extra,
    }


# ------------------------------------------------------------------ sarif


def _plain_message(rule: Mapping[str, Any], lang: str = "en") -> str:
    message = rule.get("message", {})
    text = message.get(lang) or next(iter(message.values()), "")
    return str(text).replace("{match}", "…").replace("{detail}", "…")


def rule_help(rule: Mapping[str, Any], lang: str = "en") -> tuple[str, str]:
    """``(text, markdown)`` help for one rule: why, better wordings, examples, stages."""
    from .ruleinfo import example_texts

    why = rule.get("why", {}).get(lang, "")
    suggest = rule.get("suggest", {}).get(lang, [])
    flagged = example_texts(rule, lang, "flag")
    passed = example_texts(rule, lang, "pass")
    stages = rule.get("stages")
    text = [why]
    md = [f"**{rule['code']} {rule['name']}** ({rule['category']}, {rule['severity']})", "", why]
    if stages:
        text.append("Stages: " + ", ".join(stages) + ".")
        md += ["", "Applies at the stages: " + ", ".join(f"`{s}`" for s in stages) + "."]
    if suggest:
        text.append("Instead: " + " / ".join(suggest))
        md += ["", "Better wording:", *(f"- {s}" for s in suggest)]
    if flagged:
        text.append("Flagged: " + " / ".join(flagged))
        md += ["", "Flagged:", *(f"- ❌ {s}" for s in flagged)]
    if passed:
        md += ["", "Not flagged:", *(f"- ✅ {s}" for s in passed)]
    return "\n".join(t for t in text if t), "\n".join(md)


def _uri(path: str) -> tuple[str, str | None]:
    if path == "<stdin>":
        return "stdin", None
    p = Path(path)
    if p.is_absolute():
        try:
            return p.relative_to(Path.cwd()).as_posix(), "SRCROOT"
        except ValueError:
            return p.as_uri(), None
    return p.as_posix(), "SRCROOT"


def _end_position(source: str, f: Finding) -> tuple[int, int]:
    end = min(f.end, len(source))
    line = source.count("\n", 0, end) + 1
    column = end - (source.rfind("\n", 0, end) + 1) + 1
    return line, column


def as_sarif(reports: Sequence[FileReport], rules: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    from .ruleinfo import help_uri

    index = {r["code"]: i for i, r in enumerate(rules)}
    driver_rules = []
    for rule in rules:
        text, markdown = rule_help(rule)
        driver_rules.append(
            {
                "id": rule["code"],
                "name": rule["name"],
                "shortDescription": {"text": _plain_message(rule)},
                "fullDescription": {"text": rule.get("why", {}).get("en", "") or rule["name"]},
                "help": {"text": text or rule["name"], "markdown": markdown},
                "helpUri": rule.get("help_uri") or help_uri(rule["code"]),
                "defaultConfiguration": {"level": _SARIF_LEVEL[rule["severity"]]},
                "properties": {"tags": ["tone", rule["category"]], "category": rule["category"]},
            }
        )
    results = []
    for report in reports:
        uri, base = _uri(report.path)
        artifact: dict[str, Any] = {"uri": uri}
        if base:
            artifact["uriBaseId"] = base
        for f in report.findings:
            end_line, end_col = _end_position(report.source, f)
            region: dict[str, Any] = {
                "startLine": f.line,
                "startColumn": f.column,
                "endLine": end_line,
                "endColumn": max(end_col, f.column + (1 if end_line == f.line else 0)),
            }
            if f.match:
                region["snippet"] = {"text": f.match}
            digest = hashlib.sha256(f"{f.code}|{f.match}|{report.path}".encode()).hexdigest()
            result: dict[str, Any] = {
                "ruleId": f.code,
                "level": _SARIF_LEVEL[f.severity],
                "message": {"text": f.message},
                "locations": [
                    {"physicalLocation": {"artifactLocation": artifact, "region": region}}
                ],
                "partialFingerprints": {"tactfulFinding/v1": digest[:32]},
                "properties": {"category": f.category, "severity": f.severity},
            }
            if f.code in index:
                result["ruleIndex"] = index[f.code]
            results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "tactful",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": "https://github.com/tactful-project/tactful",
                        "rules": driver_rules,
                    }
                },
                "invocations": [{"executionSuccessful": True}],
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": {"SRCROOT": {"uri": Path.cwd().as_uri() + "/"}},
                "results": results,
            }
        ],
    }


# ----------------------------------------------------------------- github


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(reports: Sequence[FileReport], out: TextIO) -> None:
    for report in reports:
        for f in report.findings:
            end_line, end_col = _end_position(report.source, f)
            props = [f"file={_escape_property(report.path)}", f"line={f.line}"]
            if end_line != f.line:
                props.append(f"endLine={end_line}")
            props.append(f"col={f.column}")
            if end_line == f.line:
                props.append(f"endColumn={max(f.column, end_col - 1)}")
            props.append(f"title={_escape_property(f'{f.code} {f.name}')}")
            body = f.message
            if f.why:
                body += f"\nWhy: {f.why}"
            if f.suggestions:
                body += f"\nTry: {f.suggestions[0]}"
            out.write(f"::{_GITHUB_LEVEL[f.severity]} {','.join(props)}::{_escape_data(body)}\n")


def dumps(document: Mapping[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)
