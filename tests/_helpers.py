"""Plain helpers shared by several test modules.

Imported as ``_helpers``: pytest puts tests/ (no ``__init__.py``) on ``sys.path``.
"""

from __future__ import annotations

import copy
import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace as NS
from typing import Any

import pytest

from tactful.lint import Linter


def agency_party(
    party: dict[str, Any], first_letter: tuple[str | None, dt.date | None]
) -> NS:
    """A collection agency as templates see it: party fields and its first letter."""
    reference, date = first_letter
    return NS(**party, first_letter_reference=reference, first_letter_date=date)


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
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            env=env,
            check=check,
        )
    assert proc is not None
    return proc


def template_context(
    *,
    locale: str,
    language: str,
    stage: str,
    channel: str,
    profile: str,
    jurisdiction: str | None,
    debtor: NS,
    creditor: NS,
    agency: NS | None,
    debts: list[NS],
    currency: str,
    plan: Callable[[Decimal], NS] | None,
    advice: list[NS],
    time_barred: bool,
    legal: bool,
) -> dict[str, Any]:
    """The documented template variables (docs/templates.md) for one sample request."""
    from tactful.us_calendar import validation_period_end

    total = sum((d.outstanding for d in debts), Decimal("0"))
    send, deadline = dt.date(2026, 3, 16), dt.date(2026, 3, 30)
    initial = agency is not None and not (agency.first_letter_reference or agency.first_letter_date)
    # a US agency collecting from a consumer: the validation period (from the first message)
    us_consumer = agency is not None and jurisdiction == "US" and not debtor.is_business
    first = send if initial else getattr(agency, "first_letter_date", None)
    end = validation_period_end(first) if us_consumer and first else None
    if end is not None:
        deadline = max(deadline, end)
    return {
        "locale": locale,
        "language": language,
        "stage": stage,
        "channel": channel,
        "profile": profile,
        "requested_profile": profile,
        "jurisdiction": jurisdiction,
        "sender_role": "collection_agency" if agency is not None else "creditor",
        "is_agency": agency is not None,
        "debtor": debtor,
        "creditor": creditor,
        "agency": agency,
        "sender": agency or creditor,
        "debts": debts,
        "debt": debts[0],
        "total": total,
        "currency": currency,
        "references": [d.reference for d in debts],
        "due_date": debts[0].due_date,
        "days_overdue": 40,
        "overdue": True,
        "send_date": send,
        "deadline": deadline,
        "initial_contact": initial,
        "validation_notice": initial and us_consumer and channel != "sms",
        "validation_period_end": end,
        "plan": plan(total) if plan else None,
        "advice": advice,
        "time_barred": time_barred,
        "legal_action_planned": legal,
        "us_english": locale == "en_US" or ("_" not in locale and jurisdiction == "US"),
        "canadian_french": locale == "fr_CA",
        "sms_compact": 0,
        "due_dates": sorted({d.due_date for d in debts}),
    }


def linter_from(folder: Path, rules_yaml: str) -> Linter:
    """A linter over the rule file ``rules_yaml`` alone, compiled into a cache in ``folder``."""
    rules = folder / "rules.yaml"
    rules.write_text(rules_yaml, encoding="utf-8")
    patch = pytest.MonkeyPatch()
    patch.setenv("XDG_CACHE_HOME", str(folder / "cache"))
    try:
        return Linter(rules=rules)
    finally:
        patch.undo()


def run_into_closed_pipe(
    args: list[str], stream: str = "stdout", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m tactful ARGS`` with ``stream`` (stdout or stderr) a pipe whose reader has
    already gone (``tactful … | head -1`` once head has exited); the other one captured."""
    import os

    read, write = os.pipe()
    os.close(read)
    other = "stderr" if stream == "stdout" else "stdout"
    try:
        return subprocess.run(  # type: ignore[call-overload, no-any-return]
            [sys.executable, "-m", "tactful", *args], cwd=cwd, text=True, timeout=300,
            **{stream: write, other: subprocess.PIPE},
        )
    finally:
        os.close(write)
