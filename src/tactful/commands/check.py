"""`tactful check [DIR]`: check a template repository (see :mod:`tactful.lint.repocheck`).

Prints the findings (``--format``) and, in text format, a summary table per
template. Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 usage or
config error.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from .lint import add_common, emit, load_config


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "check", help="check a template repository: syntax, rendering, coverage, parity, tone",
        description="Check every template under DIR (catalogue layout "
        "{lang}/{channel}/{stage}/{profile}.txt.j2): it parses, renders for every sample "
        "without undefined variables, every locale × channel × stage × profile resolves, "
        "French and English versions use the same variables, SMS fit in --max-sms-segments, "
        "and the wording passes the tone rules.",
    )
    parser.add_argument("directory", nargs="?", default=None, metavar="DIR",
                        help="template folder (default: ./templates if it exists, else .)")
    parser.add_argument("--max-sms-segments", type=int, default=2, metavar="N",
                        help="most SMS segments a message may take (default: 2)")
    add_common(parser)
    parser.set_defaults(run=run)


def _summary(result: Any, out: TextIO) -> None:
    rows = [("template", "renders", "errors", "warnings", "info", "status")]
    for s in result.templates:
        renders = f"{s.renders}/{s.attempts}" if s.attempts else "-"
        c = s.counts
        status = "FAIL" if c["error"] else ("warn" if c["warning"] else "ok")
        rows.append((s.path, renders, str(c["error"]), str(c["warning"]), str(c["info"]), status))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for i, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [v.rjust(w) for v, w in zip(row[1:], widths[1:],
                                                                          strict=True)]
        out.write("  ".join(cells).rstrip() + "\n")
        if i == 0:
            out.write("  ".join("-" * w for w in widths) + "\n")
    out.write(f"{len(result.templates)} template(s), "
              f"{result.combinations} locale × channel × stage × profile combination(s)\n")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..errors import InputError
    from ..lint import Linter
    from ..lint.engine import freeze_after_build
    from ..lint.formats import pick_format
    from ..lint.repocheck import check_repository
    from ..lint.results import failing
    from ..lint.ruleinfo import all_rules
    from ..lint.samples import load_samples
    from ..pipes import stdout_may_close

    if args.max_sms_segments < 1:
        raise InputError("--max-sms-segments must be at least 1")
    directory = args.directory
    if directory is None:
        directory = "templates" if Path("templates").is_dir() else "."
    root = Path(directory)
    if not root.is_dir():
        raise InputError(f"{directory}: not a directory")
    config = load_config(args, directory)
    fail_on = args.fail_on or (config.fail_on if config is not None else "warning")
    freeze_after_build()  # a short-lived process: see the function
    linter = Linter(rules=args.rules or None, config=config)
    samples = load_samples(args.samples, root.resolve())
    result = check_repository(root, linter, samples, max_segments=args.max_sms_segments)
    fmt = pick_format(args.format)
    with stdout_may_close():  # `tactful check … | head`: the exit code still says findings
        emit(result.reports, fmt, lambda: all_rules(linter),
             templates=[s.to_dict() for s in result.templates])
        if fmt == "text":
            _summary(result, sys.stdout)
    return 1 if failing(result.reports, fail_on) else 0
