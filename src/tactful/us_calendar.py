"""US federal public holidays and the end of the Regulation F validation period.

A debt collector's validation notice gives the date the validation period ends: 30 days
after the consumer receives the notice, and the collector may assume receipt on any date at
least five days after sending it, Saturdays, Sundays and legal public holidays excluded
(12 CFR 1006.34(b)(5)). :func:`validation_period_end` takes the earliest assumed receipt
date that is safe (the fifth such day after sending) and adds 30 days: the consumer is
never given less time than the law gives.

The holidays are those of 5 U.S.C. 6103(a), the eleven of today's list in every year
(Juneteenth from 2021), each on its date and also on the weekday observed instead when it
falls on a weekend (6103(b)): skipping both can only make the period end later.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

__all__ = ["federal_holidays", "is_business_day", "validation_period_end"]

#: business days after sending on which the consumer may be assumed to have the notice
RECEIPT_BUSINESS_DAYS = 5
#: days of the validation period after that receipt
VALIDATION_PERIOD_DAYS = 30

_DAY = dt.timedelta(days=1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The ``n``-th ``weekday`` (0 = Monday) of the month; ``n`` = -1 for the last one."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year + month // 12, month % 12 + 1, 1) - _DAY
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _observed(day: dt.date) -> dt.date:
    """The weekday a holiday is observed on: the Friday before a Saturday, the Monday after
    a Sunday."""
    if day.weekday() == 5:
        return day - _DAY
    if day.weekday() == 6:
        return day + _DAY
    return day


@lru_cache(maxsize=64)
def federal_holidays(year: int) -> frozenset[dt.date]:
    """The legal public holidays falling in ``year``, with their observed weekdays (New
    Year's Day of the next year is observed on 31 December when it falls on a Saturday)."""
    fixed = [dt.date(year, 1, 1), dt.date(year, 7, 4), dt.date(year, 11, 11),
             dt.date(year, 12, 25)]
    if year >= 2021:
        fixed.append(dt.date(year, 6, 19))  # Juneteenth National Independence Day
    days = set(fixed) | {_observed(day) for day in fixed}
    days.add(_nth_weekday(year, 1, 0, 3))  # Birthday of Martin Luther King, Jr.
    days.add(_nth_weekday(year, 2, 0, 3))  # Washington's Birthday
    days.add(_nth_weekday(year, 5, 0, -1))  # Memorial Day
    days.add(_nth_weekday(year, 9, 0, 1))  # Labor Day
    days.add(_nth_weekday(year, 10, 0, 2))  # Columbus Day
    days.add(_nth_weekday(year, 11, 3, 4))  # Thanksgiving Day
    next_new_year = _observed(dt.date(year + 1, 1, 1))
    if next_new_year.year == year:
        days.add(next_new_year)
    return frozenset(day for day in days if day.year == year)


def is_business_day(day: dt.date) -> bool:
    """Neither a Saturday, a Sunday nor a federal public holiday (or its observed day)."""
    return day.weekday() < 5 and day not in federal_holidays(day.year)


@lru_cache(maxsize=1024)
def validation_period_end(sent: dt.date) -> dt.date:
    """The end of the validation period of a notice sent on ``sent``: 30 days after the
    fifth business day after it."""
    day, count = sent, 0
    while count < RECEIPT_BUSINESS_DAYS:
        day += _DAY
        if is_business_day(day):
            count += 1
    return day + dt.timedelta(days=VALIDATION_PERIOD_DAYS)
