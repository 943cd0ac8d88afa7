from __future__ import annotations

import datetime as dt
from decimal import Decimal

from jinja2 import Environment
from markupsafe import escape

from tactful.formatting import formatters_for, html_paragraphs, legal_ids, linkify, paragraphs
from tactful.models import Address

D = dt.date(2026, 3, 15)


def test_money() -> None:
    assert formatters_for("fr_FR").money(Decimal("1234.56"), "EUR") == "1\u202f234,56\u00a0€"
    assert formatters_for("en_GB").money(Decimal("1234.56"), "GBP") == "£1,234.56"
    assert formatters_for("en_US").money(Decimal("1234.56"), "USD") == "$1,234.56"


def test_dates() -> None:
    assert formatters_for("fr_FR").date(D) == "15 mars 2026"
    assert formatters_for("en_GB").date(D) == "15 March 2026"
    assert formatters_for("en_US").date(D) == "March 15, 2026"
    assert formatters_for("fr").date(D, "short") == "15/03/2026"
    assert formatters_for("fr").date(D, "EEEE d MMMM") == "dimanche 15 mars"


def test_first_of_the_month_is_an_ordinal_in_french() -> None:
    first = dt.date(2026, 3, 1)
    for locale in ("fr_FR", "fr_BE", "fr_CA"):
        assert formatters_for(locale).date(first) == "1er mars 2026"
    assert formatters_for("fr_FR").date(first, "full") == "dimanche 1er mars 2026"
    assert formatters_for("fr_FR").date(dt.date(2031, 1, 11)) == "11 janvier 2031"
    assert formatters_for("fr_FR").date(dt.date(2031, 1, 21)) == "21 janvier 2031"
    assert formatters_for("fr_FR").date(first, "short") == "01/03/2026"
    assert formatters_for("fr_FR").date(first, "EEEE d MMMM") == "dimanche 1er mars"
    assert formatters_for("fr_FR").date(first, "dd/MM/yy") == "01/03/26"
    assert formatters_for("en_GB").date(first) == "1 March 2026"


def test_plural_follows_cldr() -> None:
    fr, en = formatters_for("fr"), formatters_for("en")
    assert fr.plural(0, "échéance", "échéances") == "échéance"
    assert fr.plural(1, "échéance", "échéances") == "échéance"
    assert fr.plural(2, "échéance", "échéances") == "échéances"
    assert en.plural(0, "payment", "payments") == "payments"


def test_number_percent() -> None:
    assert formatters_for("en").number(Decimal("1234.5")) == "1,234.5"
    assert formatters_for("en").percent(Decimal("0.05")) == "5%"


def test_addresses() -> None:
    fr = Address(lines=["8 avenue de l'Opéra"], postal_code="75001", city="Paris", country="FR")
    gb = Address(lines=["14 Church Lane"], postal_code="LS6 2AB", city="Leeds", country="GB")
    us = Address(lines=["742 Evergreen Terrace"], postal_code="62704", city="Springfield",
                 region="IL", country="US")
    assert formatters_for("fr_FR").address(fr)[-1] == "75001 Paris"
    assert formatters_for("en_GB").address(gb)[-2:] == ["LEEDS", "LS6 2AB"]
    assert formatters_for("en_US").address(us)[-1] == "Springfield, IL 62704"


def test_linkify_escapes_and_links() -> None:
    out = linkify("<b> see https://x.example/a?b=1&c=2. or mail a@b.example")
    assert "&lt;b&gt;" in out
    assert '<a href="https://x.example/a?b=1&amp;c=2">' in out
    assert '<a href="mailto:a@b.example">' in out


def test_paragraphs() -> None:
    assert paragraphs("a\nb\n\n\n c \n") == ["a\nb", "c"]


#: what the built-in layouts wrote before html_paragraphs and legal_ids: the filters must match
_LOOPS = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True,
                     keep_trailing_newline=False)
_LOOPS.filters["linkify"] = linkify
_LOOPS.filters["paragraphs"] = paragraphs


def test_html_paragraphs_equal_the_loop_of_linkified_paragraphs() -> None:
    loop = _LOOPS.from_string(
        '{% for para in body | paragraphs %}\n<p style="{{ style }}">{{ para | linkify }}</p>\n'
        "{% endfor %}\n"
    )
    bodies = ["", "one", "Dear <Ms> O'Brien & co,\n\nPay at https://pay.example/x?a=1&b=2.\n"
              "Line two\n\n\n  mail: a@b.example  \n\nlast\nline", "\n\n \n"]
    for body in bodies:
        assert html_paragraphs(body, 'a:"b"') == loop.render(body=body, style='a:"b"')
    assert html_paragraphs("x\n\ny") == "<p>x</p>\n<p>y</p>\n"


def test_legal_ids_equal_the_dictsort_loop() -> None:
    loop = _LOOPS.from_string(
        "{% for key, value in ids | dictsort %}{{ key }} {{ value }}"
        "{% if not loop.last %} · {% endif %}{% endfor %}"
    )
    for ids in ({}, {"SIREN": "1"}, {"siren": "2", "RCS": "Paris <B>", "Capital": "10 €"},
                {"b": "1", "B": "2", "a": "3"}):
        assert str(escape(legal_ids(ids))) == loop.render(ids=ids)
    assert legal_ids({"b": "1", "A": "2"}, " / ") == "A 2 / b 1"
