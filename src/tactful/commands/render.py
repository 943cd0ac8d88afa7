"""`tactful render REQUEST.json`: render one message."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..errors import InputError


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("render", help="render a message from a JSON request")
    parser.add_argument("request", help="request JSON file, or - for stdin")
    parser.add_argument("--locale")
    parser.add_argument("--stage")
    parser.add_argument("--channel")
    parser.add_argument("--profile")
    parser.add_argument("--templates", nargs="+", action="extend", default=[], metavar="DIR")
    parser.add_argument("--format", choices=("text", "json", "html"), default="text")
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
    if not isinstance(data, dict):
        raise InputError(f"{name}: the request must be a JSON object")
    return data


def run(args: argparse.Namespace) -> int:
    from ..models import parse_request
    from ..rendering import Renderer

    data = read_request(args.request)
    for key in ("locale", "stage", "channel", "profile"):
        if getattr(args, key):
            data[key] = getattr(args, key)
    source = "<stdin>" if args.request == "-" else args.request
    request = parse_request(data, source=source)
    message = Renderer(args.templates).render(request)
    if args.format == "json":
        print(json.dumps(_as_json(message), ensure_ascii=False, indent=2))
    elif args.format == "html":
        if message.html is None:
            raise InputError("--format html: SMS messages have no HTML")
        print(message.html)
    else:
        if message.subject:
            print(message.subject)
            print()
        print(message.text)
    return 0


def _as_json(message: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(message)
