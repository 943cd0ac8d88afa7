"""`tactful render REQUEST.json...` and `tactful render --batch FILE --out FILE`.

One request file prints its message as before; several print each message
under a ``==> FILE <==`` header (with ``--format json``: a JSON array of
``{"file": ..., "message": ...}``). ``--batch`` renders a JSONL or CSV file of
requests into a JSONL file of results (see docs/batch.md).

Exit codes: 0 success; 1 some batch rows failed; 2 usage or input error (a
request file that cannot be read or is invalid, a missing batch file); 130
interrupted batch (resume it with ``--resume``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..errors import InputError, TactfulError


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "render", help="render messages from JSON requests, or a batch file (--batch)"
    )
    parser.add_argument("request", nargs="*", help="request JSON file(s), or - for stdin")
    parser.add_argument("--locale")
    parser.add_argument("--stage")
    parser.add_argument("--channel")
    parser.add_argument("--profile")
    parser.add_argument("--templates", nargs="+", action="extend", default=[], metavar="DIR")
    parser.add_argument("--format", choices=("text", "json", "html"), default="text")
    batch = parser.add_argument_group("batch rendering (see docs/batch.md)")
    batch.add_argument("--batch", metavar="FILE", help="requests, one per row: .jsonl or .csv")
    batch.add_argument("--out", metavar="FILE", help="results (JSONL), written atomically")
    batch.add_argument("--workers", type=int, default=1, metavar="N",
                       help="rendering processes (default 1)")
    batch.add_argument("--lint", action="store_true", help="add a tone lint summary per message")
    batch.add_argument("--resume", action="store_true",
                       help="continue an interrupted batch from OUT.partial")
    parser.set_defaults(run=run)


def read_request(path: str) -> dict[str, Any]:
    """Load a JSON request (numbers as Decimal); errors name the file, never its content."""
    from decimal import Decimal

    name = "<stdin>" if path == "-" else path
    try:
        raw = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()  # noqa: SIM115
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "cannot be read"
        raise InputError(f"{name}: {reason}") from None
    try:
        data = json.loads(raw, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise InputError(f"{name}: malformed JSON at {where}") from None
    except RecursionError:
        raise InputError(f"{name}: JSON nested too deeply") from None
    if not isinstance(data, dict):
        raise InputError(f"{name}: the request must be a JSON object")
    return data


def _overrides(args: argparse.Namespace) -> dict[str, str]:
    return {k: getattr(args, k) for k in ("locale", "stage", "channel", "profile")
            if getattr(args, k)}


def run(args: argparse.Namespace) -> int:
    if args.batch is not None:
        return _run_batch(args)
    for flag in ("out", "resume", "lint"):
        if getattr(args, flag):
            raise InputError(f"--{flag} goes with --batch FILE")
    if not args.request:
        raise InputError("give a request file (or - for stdin), or --batch FILE --out FILE")
    if len(args.request) == 1:
        print(_format(_render_file(args, args.request[0], None), args.format))
        return 0
    return _render_many(args)


def _render_file(args: argparse.Namespace, path: str, renderer: Any) -> Any:
    from ..models import parse_request
    from ..rendering import Renderer

    data = read_request(path)
    data.update(_overrides(args))
    source = "<stdin>" if path == "-" else path
    request = parse_request(data, source=source)
    message = (renderer or Renderer(args.templates)).render(request)
    if args.format == "html" and message.html is None:
        raise InputError(f"{source}: --format html: SMS messages have no HTML")
    return message


def _format(message: Any, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(_as_json(message), ensure_ascii=False, indent=2)
    if fmt == "html":
        return str(message.html)
    head = f"{message.subject}\n\n" if message.subject else ""
    return head + message.text


def _render_many(args: argparse.Namespace) -> int:
    """Each file under a header; a bad file is reported and the others still render."""
    from ..rendering import Renderer

    renderer = Renderer(args.templates)
    failed = 0
    collected: list[dict[str, Any]] = []
    for index, path in enumerate(args.request):
        try:
            message = _render_file(args, path, renderer)
        except TactfulError as exc:
            print(f"tactful: error: {exc}", file=sys.stderr)
            failed += 1
            continue
        if args.format == "json":
            collected.append({"file": path, "message": _as_json(message)})
            continue
        if index:
            print()
        print(f"==> {path} <==")
        print(_format(message, args.format))
        sys.stdout.flush()
    if args.format == "json":
        print(json.dumps(collected, ensure_ascii=False, indent=2))
    return 2 if failed else 0


def _run_batch(args: argparse.Namespace) -> int:
    from ..batch import BatchOptions, describe, run_batch
    from ..pipes import DroppingStream

    if args.request:
        raise InputError("--batch renders one batch file: give no request files with it")
    if not args.out:
        raise InputError("--batch needs --out FILE (results are written as JSON lines)")
    if args.format != "text":
        raise InputError("--format does not apply to --batch: results are JSON lines")
    options = BatchOptions(
        templates=tuple(args.templates), lint=args.lint,
        overrides=tuple(_overrides(args).items()), workers=args.workers,
    )
    source, out = Path(args.batch), Path(args.out)
    if not source.exists():
        raise InputError(f"{source}: no such batch file")
    # progress and row errors go to stderr; a reader closing it (`2>&1 | head`) must not
    # stop or cut the batch: once it is gone they are dropped and the batch completes
    err = DroppingStream(sys.stderr)
    result = run_batch(source, out, options, resume=args.resume, stderr=err)
    if not result.interrupted:
        print(describe(result, out), file=err)
    return result.exit_code


def _as_json(message: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(message)
