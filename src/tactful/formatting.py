"""Locale-bound babel filters, cached per locale (babel parsing is slow)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from contextvars import ContextVar
from decimal import Decimal
from functools import lru_cache
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup, escape

try:  # markupsafe's C escaping of a str, without the Markup wrapper
    from markupsafe import _escape_inner as escape_text
except ImportError:  # pragma: no cover - another markupsafe layout
    def escape_text(text: str) -> str:
        return str(escape(text))

__all__ = ["Formatters", "formatters_for", "html_paragraphs", "legal_ids", "linkify", "paragraphs"]

_DATE_STYLES = ("short", "medium", "long", "full")
_FIRST_DAY = re.compile(r"(?<!\d)1(?=\s)")
_BARE_DAY = re.compile(r"(?<!d)d(?!d)\s+M{3,}")
#: the currency of the request being rendered (default of the ``money`` filter)
CURRENCY: ContextVar[str] = ContextVar("tactful_currency", default="EUR")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_LINK = re.compile(r"(https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)")
#: the rest of a whitespace-free run
_NON_SPACE = re.compile(r"\S*")


class _MoneyFormat:
    """``babel.numbers.format_currency(value, currency, locale=locale)``, with the pattern's
    pieces (symbols, grouping, affixes, precision) resolved once instead of on every call.

    It follows babel's own steps (``NumberPattern.apply``) for plain patterns. Patterns it
    does not reproduce (quoted text, currency names, significant digits, exponents) and any
    disagreement with babel on a set of probe values make it defer to babel itself.
    """

    _PROBES = ("0", "0.004", "0.5", "1", "7.125", "12.345", "999.995", "1234.56", "-1234.5",
               "100000", "1234567.891", "98765432109.99", "0.0000001")

    def __init__(self, locale: Any, currency: str) -> None:
        from babel.numbers import (
            get_currency_precision,
            get_currency_symbol,
            get_decimal_symbol,
            get_group_symbol,
        )

        self.locale, self.currency = locale, currency
        pattern = locale.currency_formats["standard"]
        symbol = get_currency_symbol(currency, locale)
        self.scale = pattern.scale
        self.min_int = pattern.int_prec[0]
        self.grouping = pattern.grouping
        self.digits = get_currency_precision(currency)
        self.quantum = Decimal(10) ** (-self.digits)
        self.group = get_group_symbol(locale)
        self.decimal = get_decimal_symbol(locale)

        def affix(text: str) -> str:
            return text.replace("¤¤", currency.upper()).replace("¤", symbol)

        self.prefix = (affix(pattern.prefix[0]), affix(pattern.prefix[1]))
        self.suffix = (affix(pattern.suffix[0]), affix(pattern.suffix[1]))
        pieces = (*pattern.prefix, *pattern.suffix, symbol, self.group, self.decimal)
        self.fast = (
            not pattern.exp_prec and "@" not in pattern.pattern and pattern.number_pattern != ""
            and "¤¤¤" not in pattern.pattern and not any("'" in piece for piece in pieces)
        )
        if self.fast:
            self.fast = all(self(Decimal(v)) == self._babel(Decimal(v)) for v in self._PROBES)

    def _babel(self, value: Decimal) -> str:
        from babel.numbers import format_currency

        return format_currency(value, self.currency, locale=self.locale)

    def __call__(self, value: Decimal) -> str:
        if not self.fast or not value.is_finite():
            return self._babel(value)
        value = value.scaleb(self.scale)
        negative = int(value.is_signed())
        text = f"{abs(value).normalize().quantize(self.quantum):f}"
        whole, _, frac = text.partition(".")
        if len(whole) < self.min_int:
            whole = "0" * (self.min_int - len(whole)) + whole
        size, grouped = self.grouping[0], ""
        while len(whole) > size:
            grouped = self.group + whole[-size:] + grouped
            whole = whole[:-size]
            size = self.grouping[1]
        frac = frac or "0"
        if len(frac) < self.digits:
            frac += "0" * (self.digits - len(frac))
        number = whole + grouped
        if self.digits:
            number += self.decimal + frac
        return self.prefix[negative] + number + self.suffix[negative]


def _spelled_day(fmt: str) -> bool:
    """Whether a date style or babel pattern writes the day as a bare number before a
    spelled-out month (``long``, ``full``, ``d MMMM``), not as ``01/03``."""
    if fmt in _DATE_STYLES:
        return fmt in ("long", "full")
    return _BARE_DAY.search(fmt) is not None


class Formatters:
    """Money, date, number, percent and plural formatting for one locale."""

    def __init__(self, locale: str) -> None:
        from babel import Locale

        self.locale = Locale.parse(locale)
        self._plural = self.locale.plural_form
        territory = self.locale.territory
        self._default_date = "long"
        self._us = territory == "US"
        self._money_formats: dict[str, _MoneyFormat] = {}
        self._date_cache: dict[tuple[dt.date, str], str] = {}
        # French writes the first day of a month as an ordinal: « 1er mars 2026 »
        self._ordinal_first = self.locale.language == "fr"

    def money(self, amount: Decimal | int, currency: str | None = None) -> str:
        currency = currency or CURRENCY.get()
        return self._money(amount, currency)

    @pass_context
    def money_filter(
        self, _context: Any, amount: Decimal | int, currency: str | None = None
    ) -> str:
        """The ``money`` filter. It reads the render's currency, so Jinja must never work
        out ``{{ 0 | money }}`` once when it compiles a template (constant folding, in the
        currency of the message rendered then): a filter that takes the context is never
        folded."""
        return self.money(amount, currency)

    def _money(self, amount: Decimal | int, currency: str) -> str:
        fmt = self._money_formats.get(currency)
        if fmt is None:
            fmt = self._money_formats[currency] = _MoneyFormat(self.locale, currency)
        return fmt(amount if isinstance(amount, Decimal) else Decimal(amount))

    def date(self, value: dt.date, fmt: str = "long") -> str:
        key = (value, fmt)
        cached = self._date_cache.get(key)
        if cached is None:
            from babel.dates import format_date

            cached = format_date(value, fmt, locale=self.locale)
            if value.day == 1 and self._ordinal_first and _spelled_day(fmt):
                cached = _FIRST_DAY.sub("1er", cached, count=1)  # « le 1er mars »
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
            "money": self.money_filter,
            "date": self.date,
            "number": self.number,
            "percent": self.percent,
            "plural": self.plural,
            "address": self.address,
            "paragraphs": paragraphs,
            "linkify": linkify,
            "html_paragraphs": html_paragraphs,
            "legal_ids": legal_ids,
        }


@lru_cache(maxsize=64)
def formatters_for(locale: str) -> Formatters:
    """One cached :class:`Formatters` per locale."""
    return Formatters(locale)


def paragraphs(text: str) -> list[str]:
    """Split a body into paragraphs on blank lines."""
    return [p for p in map(str.strip, _PARAGRAPH_BREAK.split(text)) if p]


def html_paragraphs(text: str, style: str | None = None) -> Markup:
    """The body's paragraphs as ``<p>`` elements, linkified, each followed by a newline; with
    ``style``, the elements carry it (escaped) as their ``style`` attribute.

    One call instead of the layouts' ``{% for para in body | paragraphs %}`` loop of
    ``<p>{{ para | linkify }}</p>`` lines, with the same output.
    """
    start = "<p>" if style is None else f'<p style="{escape(style)}">'
    out = []
    for para in paragraphs(text):
        # a paragraph without a link skips linkify's Markup (the body's are most of them)
        inner = str(linkify(para)) if "@" in para or "http" in para else _escaped_lines(para)
        out.append(f"{start}{inner}</p>\n")
    return Markup("".join(out))


def _ignore_case(item: tuple[Any, Any]) -> Any:
    key = item[0]
    return key.lower() if isinstance(key, str) else key


def legal_ids(ids: Mapping[Any, Any], separator: str = " · ") -> str:
    """``"KEY value"`` for each legal identifier, sorted by key ignoring case (as Jinja's
    ``dictsort``), joined by ``separator``: a footer line in one call instead of a loop."""
    if len(ids) == 1:
        for key, value in ids.items():
            return f"{key} {value}"
    return separator.join([f"{key} {value}" for key, value in sorted(ids.items(),
                                                                     key=_ignore_case)])


#: linkified paragraphs holding a link, by text: the contact, payment and advice paragraphs
#: of a template come back word for word in message after message. Bounded: cleared when full.
_LINKIFIED: dict[str, Markup] = {}
_LINKIFIED_LIMIT = 2048


def _escaped_lines(text: str) -> str:
    """``text`` HTML-escaped, its newlines as ``<br>`` (what :func:`linkify` does to a text
    without a link)."""
    escaped = escape_text(text)
    return escaped.replace("\n", "<br>\n") if "\n" in escaped else escaped


def linkify(text: str) -> Markup:
    """Escape ``text`` and turn URLs and email addresses into links; newlines become <br>."""
    if "@" not in text and "http" not in text:
        return Markup(_escaped_lines(text))
    done = _LINKIFIED.get(text)
    if done is None:
        done = _linkify(text)
        if len(_LINKIFIED) >= _LINKIFIED_LIMIT:
            _LINKIFIED.clear()
        _LINKIFIED[text] = done
    return done


def _linkify(text: str) -> Markup:
    # Links never hold whitespace: _LINK only searches the whitespace-free runs holding an
    # '@' or 'http' (the same matches, without trying it at every position of the text).
    # The runs are found from the first '@' or 'http' left, with C-level string searches: a
    # regular expression tried at every position (``(?<!\S)\S*?(?:@|http)\S*``) costs
    # ~400 instructions a character, and most paragraphs with a link are new text.
    # (every piece is a str: escape_text, markupsafe's escaping without a Markup each)
    out: list[str] = []
    last = 0
    while True:
        at, web = text.find("@", last), text.find("http", last)
        found = web if at < 0 or 0 <= web < at else at
        if found < 0:
            break
        # the run holding it: from after the last whitespace before it (the previous run
        # ended on whitespace, or this is the text's start) to the next whitespace
        before = text[last:found]
        start = found if not before or before[-1].isspace() else (
            found - len(before.rsplit(None, 1)[-1]))
        end = _NON_SPACE.match(text, found).end()  # type: ignore[union-attr]
        if start > last:
            out.append(escape_text(text[last:start]))
        # _LINK has one group: split() alternates text, link, text, ..., text
        for index, piece in enumerate(_LINK.split(text[start:end])):
            if index % 2:
                href = piece if piece.startswith("http") else f"mailto:{piece}"
                out.append(f'<a href="{escape_text(href)}">{escape_text(piece)}</a>')
            elif piece:
                out.append(escape_text(piece))
        last = end
    out.append(escape_text(text[last:]))
    return Markup("".join(out).replace("\n", "<br>\n"))
