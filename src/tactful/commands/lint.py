"""`tactful lint PATH... | -`: lint drafts and templates for tone.

Paths may be files or directories (``.txt``, ``.md``, ``.html`` and Jinja
templates ``.j2``, ``.jinja``, ``.jinja2``). Templates are linted at their
source positions (see :mod:`tactful.lint.templates`); plain text never imports
Jinja, babel or pydantic, so the cold start stays short.
Exit codes: 0 nothing at or above ``--fail-on``, 1 findings, 2 usage/input/config error.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import InputError

SEVERITIES = ("info", "warning", "error")
STAGES = ("courtesy", "reminder", "second_reminder", "formal_notice", "final_notice")
CHANNELS = ("letter", "email", "sms")
FORMATS = ("auto", "text", "json", "sarif", "github")


def add_common(parser: argparse.ArgumentParser) -> None:
    """Options shared by ``lint`` and ``check``."""
    parser.add_argument("--format", choices=FORMATS, default="auto",
                        help="auto = github under GitHub Actions, else text")
    parser.add_argument("--rules", action="append", default=[], metavar="FILE",
                        help="extra rule file (repeatable)")
    parser.add_argument("--config", metavar="FILE", help="tactful.toml or pyproject.toml")
    parser.add_argument("--fail-on", choices=SEVERITIES, default=None,
                        help="lowest severity that makes the exit code 1 (default: warning)")
    parser.add_argument("--samples", nargs="+", action="extend", default=[], metavar="FILE",
                        help="JSON sample requests to render templates with, after the "
                        "paths (default: the examples/ folder next to the templates)")


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "lint", help="lint drafts and templates for threatening or shaming tone",
        description="Lint texts (.txt, .md, .html) and Jinja templates (.j2, .jinja, .jinja2); "
        "directories are searched. Locale, stage, channel and profile come from the flags, "
        "else from the template's place in the catalogue, else from a header comment "
        "such as {# tactful: locale=fr stage=reminder #}.",
    )
    parser.add_argument("files", nargs="+", metavar="PATH",
                        help="files or directories, or - for stdin")
    parser.add_argument("--locale", help="fr, en, fr_CA… or auto (guess from the text)")
    parser.add_argument("--stage", choices=STAGES)
    parser.add_argument("--channel", choices=CHANNELS)
    parser.add_argument("--profile")
    from ..packs.cli import add_arguments as add_pack_arguments

    add_pack_arguments(parser)
    add_common(parser)
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


def load_config(args: argparse.Namespace, first: str | None) -> Any:
    from pathlib import Path

    from ..config import find_config, load_config

    if args.config:
        return load_config(args.config)
    found = find_config(Path(first) if first else None)
    return load_config(found) if found is not None else None


def lint_paths(args: argparse.Namespace, linter: Any, paths: list[str]) -> list[Any]:
    """One :class:`~tactful.lint.results.FileReport` per path, plus files whose text a
    template takes from a base or partial template."""
    import os

    from ..lint.literal import lint_masked
    from ..lint.masking import FILL, mask_header, mask_html
    from ..lint.results import FileReport
    from ..lint.sources import Meta, check_meta, is_html, is_jinja, resolve_meta

    flags = Meta(locale=args.locale, stage=args.stage, channel=args.channel,
                 profile=args.profile)
    check_meta(flags, "command line")
    reports: dict[str, FileReport] = {}
    display = {os.path.realpath(p): p for p in paths if p != "-"}
    templates: Any = None
    for path in paths:
        name = "<stdin>" if path == "-" else path
        text = read_text(path)
        meta = resolve_meta(path, text, flags)
        if is_jinja(path) and path != "-":
            if templates is None:
                from ..lint.samples import load_samples
                from ..lint.templates import TemplateLinter

                samples = load_samples(args.samples, meta.root)
                templates = TemplateLinter(linter, samples, display=display)
            result = templates.lint(path, text, meta)
            report = reports.setdefault(name, FileReport(name, text))
            report.kind, report.locale = "template", meta.locale or result.lang
            report.stage, report.channel, report.profile = meta.stage, meta.channel, meta.profile
            for other, findings in result.findings.items():
                _merge(reports, other, findings)
            for other, finding in result.problems:
                _merge(reports, other, [finding])
            continue
        html = is_html(path)
        masked = mask_header(text)
        visible = mask_html(masked, FILL) if html else masked
        lang, findings = lint_masked(
            linter, text, visible, locale=meta.locale,
            stage=meta.stage, channel=meta.channel, profile=meta.profile,
        )
        visible = visible.replace(FILL, " ")
        from ..packs.cli import draft_findings

        findings = sorted([*findings, *draft_findings(args, path, text, visible, meta)],
                          key=lambda f: (f.start, f.end, f.code))
        report = FileReport(name, text, findings, meta.locale or lang, meta.stage, meta.channel,
                            meta.profile, "html" if html else "text")
        reports[name] = report
    return list(reports.values())


def _merge(reports: dict[str, Any], path: str, findings: list[Any]) -> None:
    from pathlib import Path

    from ..lint.results import FileReport

    report = reports.get(path)
    if report is None:
        report = reports[path] = FileReport(path, Path(path).read_text(encoding="utf-8"),
                                            kind="template")
    seen = {(f.code, f.start) for f in report.findings}
    report.findings += [f for f in findings if (f.code, f.start) not in seen]
    report.findings.sort(key=lambda f: (f.start, f.end, f.code))


def emit(reports: list[Any], fmt: str, rules: Any, **extra: Any) -> None:
    """Write ``reports`` to stdout in ``fmt`` (``rules()`` gives the SARIF rule list)."""
    from ..lint import formats

    fmt = formats.pick_format(fmt)
    out = sys.stdout
    if fmt == "json":
        out.write(formats.dumps(formats.as_json(reports, **extra)) + "\n")
    elif fmt == "sarif":
        out.write(formats.dumps(formats.as_sarif(reports, rules())) + "\n")
    elif fmt == "github":
        formats.write_github(reports, out)
    else:
        formats.write_text(reports, out, colour=formats.use_colour(out))
    out.flush()  # a reader that closed the pipe early is found here, not at exit


def run(args: argparse.Namespace) -> int:
    from ..lint import Linter
    from ..lint.engine import freeze_after_build
    from ..lint.results import failing
    from ..lint.ruleinfo import all_rules
    from ..lint.sources import expand_paths

    paths = expand_paths(args.files)
    if not paths:
        raise InputError("no lintable files (.txt, .md, .html, .j2, .jinja, .jinja2) found")
    config = load_config(args, next((p for p in paths if p != "-"), None))
    fail_on = args.fail_on or (config.fail_on if config is not None else "warning")
    freeze_after_build()  # a short-lived process: see the function
    linter = Linter(rules=args.rules or None, config=config)
    reports = lint_paths(args, linter, paths)
    from ..packs.cli import rule_info
    from ..pipes import stdout_may_close

    with stdout_may_close():  # `tactful lint … | head`: the exit code still says findings
        emit(reports, args.format, lambda: rule_info(reports, all_rules(linter)))
    return 1 if failing(reports, fail_on) else 0
