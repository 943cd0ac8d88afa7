"""`tactful schema`: print the JSON Schema of a render request."""

from __future__ import annotations

import argparse
import json
from typing import Any


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("schema", help="print the render request JSON Schema")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..models import MessageRequest

    print(json.dumps(MessageRequest.model_json_schema(), ensure_ascii=False, indent=2))
    return 0
