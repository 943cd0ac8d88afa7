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
    # a courtesy message about payments already missed: two weeks too, never "by today"
    courtesy = parse_request(load("fr_business") | {"stage": "courtesy"})
    assert courtesy.effective_deadline == dt.date(2026, 3, 29)
    # about payments coming up: the first due date
    coming = load("fr_business") | {"stage": "courtesy", "send_date": "2026-01-20"}
    assert parse_request(coming).effective_deadline == dt.date(2026, 2, 4)


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


# ------------------------------------------------ the stage checked against the dates (E8)

LATER_STAGES = ("reminder", "second_reminder", "formal_notice", "final_notice")


def with_dues(*dues: str, **changes: Any) -> dict[str, Any]:
    """fr_business (sent 2026-03-15) with its two debts due on ``dues``."""
    data = load("fr_business") | changes
    data["debts"] = [d | {"issue_date": "2026-01-05", "due_date": due}
                     for d, due in zip(data["debts"], dues, strict=True)]
    return data


@pytest.mark.parametrize("texts_checked", (False, True))
@pytest.mark.parametrize("stage", LATER_STAGES)
def test_a_later_stage_needs_a_debt_past_due(stage: str, texts_checked: bool) -> None:
    """A reminder, let alone a mise en demeure, about payments that are not yet late is false:
    refused on both validation paths (the batch's fast one too), naming the field. A payment
    due on the send date is not late."""
    for dues in (("2026-04-01", "2026-05-01"), ("2026-03-15", "2026-04-01")):
        with pytest.raises(RequestError) as info:
            parse_request(with_dues(*dues, stage=stage), texts_checked=texts_checked)
        assert [field for field, _ in info.value.problems] == ["stage"]
        message = info.value.problems[0][1]
        assert message.startswith(f"{stage} is for a debt that is overdue")
        assert "send_date" in message and "use courtesy" in message
        assert "2026-04-01" not in str(info.value), "names the fields, never the values"
    # one debt past due is enough, the other may still be to come
    request = parse_request(with_dues("2026-03-14", "2026-04-01", stage=stage),
                            texts_checked=texts_checked)
    assert request.overdue


def test_without_send_date_the_stage_is_checked_against_today() -> None:
    today = dt.date.today()
    soon = (today + dt.timedelta(days=10)).isoformat()
    data = with_dues(soon, soon, stage="reminder")
    del data["send_date"]
    with pytest.raises(RequestError, match=r"today \(no send_date given\)"):
        parse_request(data)
    past = (today - dt.timedelta(days=10)).isoformat()
    data["debts"] = [d | {"issue_date": past, "due_date": past} for d in data["debts"]]
    assert parse_request(data).overdue


def test_courtesy_says_whether_a_payment_was_missed() -> None:
    """Courtesy is never refused: its context says whether a payment is already past due."""
    coming = parse_request(with_dues("2026-03-15", "2026-04-01", stage="courtesy"))
    assert not coming.overdue and not build_context(coming, "standard")["overdue"]
    missed = parse_request(with_dues("2026-03-14", "2026-04-01", stage="courtesy"))
    ctx = build_context(missed, "standard")
    assert ctx["overdue"] and ctx["days_overdue"] == 1
    assert [d.days_overdue for d in ctx["debts"]] == [1, 0]
