"""Locale-bound babel filters, cached per locale (babel parsing is slow)."""

from __future__ import annotations

import datetime as dt
import re
from contextvars import ContextVar
from decimal import Decimal
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

__all__ = ["Formatters", "formatters_for", "linkify", "paragraphs"]

_DATE_STYLES = ("short", "medium", "long", "full")
#: the currency of the request being rendered (default of the ``money`` filter)
CURRENCY: ContextVar[str] = ContextVar("tactful_currency", default="EUR")
_LINK = re.compile(r"(https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)")


class Formatters:
    """Money, date, number, percent and plural formatting for one locale."""

    def __init__(self, locale: str) -> None:
        from babel import Locale

        self.locale = Locale.parse(locale)
        self._plural = self.locale.plural_form
        territory = self.locale.territory
        self._default_date = "long"
        self._us = territory == "US"
        self._money_cache: dict[tuple[Decimal, str], str] = {}
        self._date_cache: dict[tuple[dt.date, str], str] = {}

    def money(self, amount: Decimal | int, currency: str | None = None) -> str:
        currency = currency or CURRENCY.get()
        key = (Decimal(amount), currency)
        cached = self._money_cache.get(key)
        if cached is None:
            from babel.numbers import format_currency

            cached = format_currency(key[0], currency, locale=self.locale)
            if len(self._money_cache) < 4096:
                self._money_cache[key] = cached
        return cached

    def date(self, value: dt.date, fmt: str = "long") -> str:
        key = (value, fmt)
        cached = self._date_cache.get(key)
        if cached is None:
            from babel.dates import format_date

            cached = format_date(value, fmt, locale=self.locale)
            if len(self._date_cache) < 4096:
                self._date_cache[key] = cached
        return cached

    def number(self, value: Decimal | int | float) -> str:
        from babel.numbers import format_decimal

        return format_decimal(value, locale=self.locale)

    def percent(self, value: Decimal | int | float) -> str:
        from babel.numbers import format_percent

        return format_percent(value, locale=self.locale)

    def plural(self, n: int | Decimal, one: str, other: str) -> str:
        return one if self._plural(abs(n)) == "one" else other

    def address(self, addr: Any) -> list[str]:
        """Postal lines for an Address model, formatted for its country (default: the locale's)."""
        country = addr.country or self.locale.territory or "FR"
        lines = list(addr.lines)
        code = addr.postal_code or ""
        if country == "GB":
            lines.append(addr.city.upper())
            if code:
                lines.append(code)
        elif country == "US":
            region = f", {addr.region}" if addr.region else ","
            lines.append(f"{addr.city}{region} {code}".strip().rstrip(","))
        else:
            lines.append(f"{code} {addr.city}".strip())
        if addr.country and addr.country != (self.locale.territory or "FR"):
            from babel import Locale

            lines.append(Locale.parse(str(self.locale)).territories.get(addr.country, addr.country))
        return lines

    def filters(self) -> dict[str, Any]:
        return {
            "money": self.money,
            "date": self.date,
            "number": self.number,
            "percent": self.percent,
            "plural": self.plural,
            "address": self.address,
            "paragraphs": paragraphs,
            "linkify": linkify,
        }


@lru_cache(maxsize=64)
def formatters_for(locale: str) -> Formatters:
    """One cached :class:`Formatters` per locale."""
    return Formatters(locale)


def paragraphs(text: str) -> list[str]:
    """Split a body into paragraphs on blank lines."""
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def linkify(text: str) -> Markup:
    """Escape ``text`` and turn URLs and email addresses into links; newlines become <br>."""
    if "@" not in text and "http" not in text:
        return Markup(str(escape(text)).replace("\n", "<br>\n"))
    out: list[str] = []
    pos = 0
    for match in _LINK.finditer(text):
        out.append(str(escape(text[pos : match.start()])))
        target = match.group(0)
        href = target if target.startswith("http") else f"mailto:{target}"
        out.append(f'<a href="{escape(href)}">{escape(target)}</a>')
        pos = match.end()
    out.append(str(escape(text[pos:])))
    return Markup("".join(out).replace("\n", "<br>\n"))
