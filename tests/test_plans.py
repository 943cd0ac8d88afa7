from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tactful.errors import RequestError
from tactful.plans import compute_schedule


def test_three_instalments_sum_exactly() -> None:
    first = dt.date(2026, 1, 31)
    plan = compute_schedule(Decimal("100.00"), "EUR", instalments=3, first_date=first)
    assert [i.amount for i in plan.instalments] == [Decimal("33.33"), Decimal("33.33"),
                                                    Decimal("33.34")]
    assert [i.date for i in plan.instalments] == [dt.date(2026, 1, 31), dt.date(2026, 2, 28),
                                                  dt.date(2026, 3, 31)]
    assert plan.total == Decimal("100.00") and plan.count == 3
    assert plan.last_amount == Decimal("33.34") and plan.amount == Decimal("33.33")


def test_max_monthly_smallest_count() -> None:
    plan = compute_schedule(Decimal("1234.56"), "GBP", max_monthly=Decimal("150"),
                            first_date=dt.date(2026, 3, 29))
    assert plan.count == 9
    assert max(i.amount for i in plan.instalments) <= Decimal("150")
    assert plan.total == Decimal("1234.56")


def test_zero_decimal_currency() -> None:
    plan = compute_schedule(Decimal("1000"), "JPY", instalments=3, first_date=dt.date(2026, 1, 1))
    assert [i.amount for i in plan.instalments] == [Decimal(333), Decimal(333), Decimal(334)]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"total": Decimal("-1"), "currency": "EUR", "instalments": 2},
        {"total": Decimal("NaN"), "currency": "EUR", "instalments": 2},
        {"total": Decimal("1.001"), "currency": "EUR", "instalments": 2},
        {"total": Decimal("10"), "currency": "XXQ", "instalments": 2},
        {"total": Decimal("10"), "currency": "EUR"},
        {"total": Decimal("10"), "currency": "EUR", "max_monthly": Decimal("0.001")},
    ],
)
def test_impossible_input(kwargs: dict[str, object]) -> None:
    with pytest.raises(RequestError):
        compute_schedule(first_date=dt.date(2026, 1, 1), **kwargs)  # type: ignore[arg-type]


@given(st.integers(min_value=200, max_value=10**9), st.integers(min_value=2, max_value=60))
def test_sum_is_exact(cents: int, count: int) -> None:
    total = Decimal(cents) / 100
    plan = compute_schedule(total, "EUR", instalments=count, first_date=dt.date(2026, 1, 31))
    assert plan.total == total and plan.count == count
    assert all(i.amount > 0 for i in plan.instalments)
