"""A billing loop: one Renderer, many requests, a bad row reported without stopping.

Run: python examples/billing_loop.py
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from tactful.errors import TactfulError
from tactful.rendering import Renderer

HERE = Path(__file__).resolve().parent


def load(name: str) -> dict[str, object]:
    return json.loads((HERE / name).read_text(encoding="utf-8"))


def rows() -> list[dict[str, object]]:
    good = [load(n) for n in ("fr_consumer.json", "fr_business.json", "uk_consumer.json",
                              "us_agency.json")]
    bad = copy.deepcopy(good[0])
    bad["debts"][0]["amount"] = -10  # type: ignore[index]
    return [*good, bad]


def main() -> None:
    renderer = Renderer()  # build once: templates and formatters are cached
    for number, row in enumerate(rows(), start=1):
        try:
            message = renderer.render(row)
        except TactfulError as exc:
            # errors name fields, never debtor values: safe to log
            print(f"row {number}: skipped: {exc}")
            continue
        print(f"row {number}: {message.channel} {message.locale} {message.stage} "
              f"({len(message.text)} chars)")


if __name__ == "__main__":
    main()
