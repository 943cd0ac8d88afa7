"""Instalment schedules whose amounts sum exactly to the total."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache

from .errors import RequestError

__all__ = ["Instalment", "PaymentSchedule", "compute_schedule"]

MAX_INSTALMENTS = 120


@dataclass(frozen=True)
class Instalment:
    number: int
    date: dt.date
    amount: Decimal


@dataclass(frozen=True)
class PaymentSchedule:
    """``count`` monthly instalments from ``first_date``: all of ``amount`` but the last, of
    ``last_amount`` (the remainder). The list of instalments is built on first use: most
    messages only name the count, the amounts and the first and last dates."""

    count: int
    amount: Decimal
    last_amount: Decimal
    first_date: dt.date
    currency: str

    @cached_property
    def instalments(self) -> tuple[Instalment, ...]:
        last = self.count - 1
        return tuple(
            Instalment(n + 1, add_months(self.first_date, n),
                       self.amount if n < last else self.last_amount)
            for n in range(self.count)
        )

    @property
    def last_date(self) -> dt.date:
        return add_months(self.first_date, self.count - 1)

    @property
    def total(self) -> Decimal:
        return sum((i.amount for i in self.instalments), Decimal("0"))


@lru_cache(maxsize=4096)  # schedules share their dates: computing them is most of the cost
def add_months(start: dt.date, months: int) -> dt.date:
    """Same day ``months`` later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=256)
def _precision(currency: str) -> int:
    from babel.numbers import get_currency_precision, list_currencies

    if currency not in list_currencies():
        raise RequestError([("currency", "is not a known ISO 4217 currency code")])
    return int(get_currency_precision(currency))


def _last_part(minor_total: int, count: int) -> int:
    """The last of ``count`` instalments: the regular one plus the remainder (the largest)."""
    return minor_total - minor_total // count * (count - 1)


def compute_schedule(
    total: Decimal,
    currency: str,
    *,
    instalments: int | None = None,
    max_monthly: Decimal | None = None,
    first_date: dt.date,
) -> PaymentSchedule:
    """Monthly schedule; the remainder goes on the last instalment."""
    digits = _precision(currency)
    scale = Decimal(10) ** digits
    if not total.is_finite() or total <= 0:
        raise RequestError([("total", "must be a positive number")])
    minor = total * scale
    if minor != minor.to_integral_value():
        raise RequestError([("total", f"has more than {digits} decimal places for {currency}")])
    minor_total = int(minor)
    if (instalments is None) == (max_monthly is None):
        raise RequestError([("instalments", "give either instalments or max_monthly")])
    if max_monthly is not None:
        if not max_monthly.is_finite() or max_monthly <= 0:
            raise RequestError([("max_monthly", "must be a positive number")])
        cap = int((max_monthly * scale).to_integral_value(rounding="ROUND_FLOOR"))
        if cap <= 0:
            raise RequestError([("max_monthly", "is smaller than the currency's minor unit")])
        instalments = -(-minor_total // cap)
        while _last_part(minor_total, instalments) > cap:
            instalments += 1
    assert instalments is not None
    if not 1 <= instalments <= MAX_INSTALMENTS or instalments > minor_total:
        raise RequestError([("instalments", f"must be between 1 and {MAX_INSTALMENTS}")])
    regular = Decimal(minor_total // instalments) / scale
    last = Decimal(_last_part(minor_total, instalments)) / scale
    return PaymentSchedule(instalments, regular, last, first_date, currency)
