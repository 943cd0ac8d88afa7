"""Derived properties and validation of MessageRequest used by the renderer."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tactful.context import build_context
from tactful.errors import RequestError
from tactful.models import Jurisdiction, parse_request

ROOT = Path(__file__).resolve().parents[1]


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (ROOT / "examples" / f"{name}.json").read_text(encoding="utf-8"), parse_float=Decimal
    )
    return data


@pytest.mark.parametrize(
    ("name", "jurisdiction"),
    [("fr_consumer", Jurisdiction.FR), ("fr_business", Jurisdiction.FR),
     ("uk_consumer", Jurisdiction.UK), ("us_agency", Jurisdiction.US)],
)
def test_examples_are_valid(name: str, jurisdiction: Jurisdiction) -> None:
    assert parse_request(load(name)).effective_jurisdiction is jurisdiction


def test_totals_and_deadline() -> None:
    req = parse_request(load("fr_business"))
    assert req.total_outstanding == Decimal("5800.00")
    assert req.effective_deadline == dt.date(2026, 3, 29)
    courtesy = parse_request(load("fr_business") | {"stage": "courtesy"})
    assert courtesy.effective_deadline == dt.date(2026, 3, 15)


def test_context_contract() -> None:
    req = parse_request(load("us_agency"))
    ctx = build_context(req, "standard")
    assert ctx["is_agency"] and ctx["sender"].name == req.agency.name  # type: ignore[union-attr]
    assert ctx["days_overdue"] == (dt.date(2026, 3, 15) - dt.date(2025, 12, 2)).days
    assert ctx["plan"].count == 6 and ctx["plan"].total == Decimal("1234.56")
    assert ctx["plan"].first_date == ctx["deadline"]
    assert [a.name for a in ctx["advice"]] == ["NFCC"]
    uk = build_context(parse_request(load("uk_consumer")), "hardship")
    assert {a.phone for a in uk["advice"]} == {"0800 138 7777", "0800 138 1111", "0808 808 4000"}


def test_documented_variables_are_the_context_and_the_test_helper() -> None:
    """docs/templates.md "Variables" lists what build_context gives templates, and
    tests/_helpers.py::template_context (the template tests' context) gives the same names."""
    import re

    from _helpers import template_context

    docs = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    table = docs.split("## Variables", 1)[1].split("\n## ", 1)[0]
    rows = [row for row in table.splitlines() if row.startswith("| `")]
    named = {name for row in rows for name in re.findall(r"`(\w+)`", row.split("|")[1])}
    mentioned = {name for row in rows for name in re.findall(r"`(\w+)`", row)}
    ctx = build_context(parse_request(load("us_agency")), "standard")
    assert named <= set(ctx) <= mentioned  # (``currency`` is told with ``total``...)
    helper = template_context(
        locale="en_US", language="en", stage="reminder", channel="letter", profile="standard",
        jurisdiction="US", debtor=ctx["debtor"], creditor=ctx["creditor"], agency=ctx["agency"],
        debts=ctx["debts"], currency="USD", plan=None, advice=[], time_barred=False, legal=False,
    )
    assert set(helper) == set(ctx)


def test_invalid_request_names_field_not_value() -> None:
    data = load("uk_consumer")
    data["debtor"]["email"] = "Jamie Taylor at home"
    with pytest.raises(RequestError) as info:
        parse_request(data)
    assert "debtor.email" in str(info.value) and "Jamie" not in str(info.value)


@pytest.mark.parametrize(
    ("name", "locale", "jurisdiction"),
    [("fr_consumer", "fr_CA", Jurisdiction.FR), ("fr_consumer", "fr_BE", Jurisdiction.FR),
     ("uk_consumer", "en_US", Jurisdiction.UK), ("us_agency", "en_GB", Jurisdiction.US)],
)
def test_the_debtor_country_decides_the_jurisdiction_before_the_locale(
    name: str, locale: str, jurisdiction: Jurisdiction
) -> None:
    """The law and the free advice are those of where the debtor lives, whatever the language."""
    data = load(name) | {"locale": locale}
    assert parse_request(data).effective_jurisdiction is jurisdiction
    assert parse_request(data | {"jurisdiction": "FR"}).effective_jurisdiction is Jurisdiction.FR
    belgian = copy.deepcopy(data)
    belgian["debtor"]["address"]["country"] = "BE"
    assert parse_request(belgian).effective_jurisdiction is None  # no rule pack: no guess
    del belgian["debtor"]["address"]["country"]
    by_locale = {"fr_CA": None, "fr_BE": None, "en_US": Jurisdiction.US, "en_GB": Jurisdiction.UK}
    assert parse_request(belgian).effective_jurisdiction is by_locale[locale]
