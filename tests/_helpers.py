"""Plain helpers shared by several test modules.

Imported as ``_helpers``: pytest puts tests/ (no ``__init__.py``) on ``sys.path``.
"""

from __future__ import annotations

import copy
import datetime as dt
import subprocess
import sys
from decimal import Decimal
from types import SimpleNamespace as NS
from typing import Any


def changed(example: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    """A deep copy of ``example`` with the field at ``path`` set to ``value``.

    ``value`` ``KeyError`` removes the field instead.
    """
    data = copy.deepcopy(example)
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


def sample_debts(multi: bool, *, prefix: str, currency: str, description: str) -> list[NS]:
    """One overdue debt of 12,345.67, or that one and a part-paid second one of 250."""

    def debt(number: str, amount: str, paid: str, month: int, days: int) -> NS:
        return NS(
            reference=f"{prefix}-2026-{number}",
            amount=Decimal(amount),
            currency=currency,
            issue_date=dt.date(2026, month, 5),
            due_date=dt.date(2026, month + 1, 4),
            amount_paid=Decimal(paid),
            outstanding=Decimal(amount) - Decimal(paid),
            description=None,
            days_overdue=days,
        )

    first = debt("004512", "12345.67", "0", 1, 40)
    first.description = description
    second = debt("004999", "250", "50", 2, 12)
    return [first, second] if multi else [first]


def run_python_warm(
    code: str, *args: str, env: dict[str, str] | None = None, check: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter twice and return the second (warm) run.

    The first run may compile the rules (tone_rules.yaml newer than the committed artefact).
    """
    proc = None
    for _ in range(2):
        proc = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
            check=check,
        )
    assert proc is not None
    return proc
