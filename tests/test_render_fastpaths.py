"""The renderer's caches and fast paths give the same results as the slow paths they replace."""

from __future__ import annotations

import hashlib
import json
import random
import re
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from babel import Locale
from babel.numbers import format_currency
from markupsafe import Markup, escape

from tactful import rendering
from tactful._module_pool import defines_only_macros, is_macro_only
from tactful.errors import RenderError
from tactful.formatting import _MoneyFormat, formatters_for, linkify
from tactful.rendering import Renderer, normalise, normalise_after

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ("fr", "fr_FR", "fr_CA", "fr_CH", "fr_BE", "en", "en_GB", "en_US", "en_IN", "de_CH",
           "nl_NL", "ar_EG", "ja_JP", "pt_BR", "sv_SE", "pl_PL", "he_IL")
CURRENCIES = ("EUR", "GBP", "USD", "JPY", "CHF", "INR", "KWD", "CAD", "XAF", "CLF")


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "examples" / f"{name}.json").read_text("utf-8"))
    return data


@pytest.mark.parametrize("locale", LOCALES)
def test_money_matches_babel(locale: str) -> None:
    rng = random.Random(locale)
    parsed = Locale.parse(locale)
    edges = ["0", "-0", "0.005", "0.015", "1", "-1", "999.995", "1000", "123456789012.345",
             "0.0000001", "1E+3", "2.50", "-1234.5"]
    for currency in CURRENCIES:
        fmt = _MoneyFormat(parsed, currency)
        values = [Decimal(v) for v in edges] + [
            Decimal(rng.randint(-10**13, 10**13)).scaleb(-rng.randint(0, 6)) for _ in range(200)
        ]
        for value in values:
            assert fmt(value) == format_currency(value, currency, locale=parsed), (currency, value)


def test_money_filter_defers_to_babel_for_what_it_does_not_reproduce() -> None:
    fmt = _MoneyFormat(Locale.parse("en_GB"), "GBP")
    assert fmt.fast
    assert fmt(Decimal("Infinity")) == format_currency(Decimal("Infinity"), "GBP", locale="en_GB")
    money = formatters_for("fr_FR").money
    assert money(12) == format_currency(Decimal(12), "EUR", locale="fr_FR")
    assert money(Decimal("1234.5"), "USD") == format_currency(Decimal("1234.5"), "USD",
                                                              locale="fr_FR")


@pytest.mark.parametrize("name", ("fr_consumer", "uk_consumer", "us_agency", "fr_business"))
def test_a_warm_renderer_renders_like_a_cold_one(name: str) -> None:
    warm = Renderer()
    for stage in ("reminder", "final_notice"):
        for channel in ("email", "letter", "sms"):
            for profile in ("hardship", "standard", "no_such_profile"):
                data = example(name) | {"stage": stage, "channel": channel, "profile": profile}
                for _ in range(3):
                    first = warm.render(data)
                cold = Renderer().render(data)
                assert first.text == cold.text and first.html == cold.html
                assert first.subject == cold.subject
                assert first.audit == cold.audit
                assert list(first.audit.templates) == list(cold.audit.templates)


def test_audit_lists_every_template_with_its_hash() -> None:
    renderer = Renderer()
    data = example("uk_consumer") | {"stage": "reminder", "channel": "email", "profile": "repeat"}
    renderer.render(data)
    audit = renderer.render(data).audit
    names = list(audit.templates)
    assert names[0] == audit.template == "en/email/reminder/repeat.txt.j2"
    assert "en/_partials/body.txt.j2" in names and "en/_partials/facts.j2" in names
    assert names[-2:] == ["en/_layouts/email.txt.j2", "en/_layouts/email.html.j2"]
    for template, digest in audit.templates.items():
        source = (ROOT / "templates" / template).read_text("utf-8")
        assert digest == hashlib.sha256(source.encode("utf-8")).hexdigest()


def test_remembered_selection_is_per_directory_set(tmp_path: Path) -> None:
    (tmp_path / "en" / "sms" / "reminder").mkdir(parents=True)
    (tmp_path / "en" / "sms" / "reminder" / "standard.txt.j2").write_text(
        "Custom {{ references[0] }} {{ total | money }}", "utf-8")
    data = example("uk_consumer") | {"stage": "reminder", "channel": "sms", "profile": "standard"}
    builtin = Renderer()
    custom = Renderer([tmp_path])
    for _ in range(2):
        assert not builtin.render(data).text.startswith("Custom")
        assert custom.render(data).text == "Custom INV-55120 £1,234.56"


@pytest.mark.parametrize("expression", [
    "{{ '{0.__class__}'.format(debtor) }}",
    "{{ '{0.__class__}'.format_map({'0': debtor}) }}",
    "{{ debtor.__class__ }}",
    "{{ debtor.name.__class__ }}",
    "{{ creditor.legal_ids.pop('x') }}",
])
def test_sandbox_still_applies_after_attributes_were_cached(
    tmp_path: Path, expression: str
) -> None:
    folder = tmp_path / "en" / "sms" / "reminder"
    folder.mkdir(parents=True)
    (folder / "standard.txt.j2").write_text(
        "{{ debtor.name }} {{ debtor.name.upper() }} {{ creditor.legal_ids.items() | list }}",
        "utf-8")
    (folder / "repeat.txt.j2").write_text(expression, "utf-8")
    renderer = Renderer([tmp_path])
    data = example("uk_consumer") | {"stage": "reminder", "channel": "sms"}
    for _ in range(2):
        assert renderer.render(data | {"profile": "standard"}).text.startswith(
            "Jamie Taylor JAMIE TAYLOR")
    with pytest.raises(RenderError):
        renderer.render(data | {"profile": "repeat"})


def _old_normalise(text: str) -> str:
    text = re.sub(r"[ \t\u00a0\u202f]+$", "", text.replace("\r\n", "\n"), flags=re.MULTILINE)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def test_normalise_matches_the_regex_version() -> None:
    rng = random.Random(7)
    alphabet = ["\n", "\n", "\n", " ", "\t", "\u00a0", "\u202f", "\u2009", "a", "\r", "\r\n", "x y"]
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert normalise(text) == _old_normalise(text), repr(text)


def _old_linkify(text: str) -> Markup:
    if "@" not in text and "http" not in text:
        return Markup(str(escape(text)).replace("\n", "<br>\n"))
    out: list[str] = []
    pos = 0
    for match in re.finditer(
        r"(https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)", text
    ):
        out.append(str(escape(text[pos : match.start()])))
        target = match.group(0)
        href = target if target.startswith("http") else f"mailto:{target}"
        out.append(f'<a href="{escape(href)}">{escape(target)}</a>')
        pos = match.end()
    out.append(str(escape(text[pos:])))
    return Markup("".join(out).replace("\n", "<br>\n"))


def test_linkify_matches_the_first_version() -> None:
    rng = random.Random(3)
    pieces = ["http://a.b/c?x=1&y=2", "https://x.org/", "a@b.co", "j.d+x@ex-ample.org.", " ", "\n",
              "<", ">", "&", "'", '"', "text", ".", ")", "@", "http", "\u00a0", "\u3000", "\t",
              "a@b.c+x@y.z", "htt", "p", "s://", "x"]
    for _ in range(30000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        new, old = linkify(text), _old_linkify(text)
        assert new == old and type(new) is type(old), text


def _old_gsm_friendly(text: str) -> str:
    for pattern, repl in (
        (r"«[\s\u00a0\u202f]*", '"'), (r"[\s\u00a0\u202f]*»", '"'),
        (r"[\u00a0\u202f\u2009]", " "), (r"[’‘]", "'"), (r"[“”]", '"'), (r"…", "..."),
    ):
        text = re.sub(pattern, repl, text)
    return text


def test_gsm_friendly_matches_the_regex_version() -> None:
    rng = random.Random(5)
    pieces = ["«", "»", " ", "\u00a0", "\u202f", "\u2009", "\u3000", "’", "‘", "“", "”", "…",
              "a", "\n", "\t", "é", "« x »"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 16)))
        assert rendering.gsm_friendly(text) == _old_gsm_friendly(text), repr(text)


class _Html:
    def __html__(self) -> str:
        return "<b>safe</b>"


class _Text(str):
    pass


def test_output_escape_gives_the_text_of_markupsafe_escape() -> None:
    rng = random.Random(11)
    pieces = ["<", ">", "&", "'", '"', "a", "é", " ", "&amp;", "\n"]
    values: list[Any] = [1, 2.5, Decimal("3.10"), None, True, _Html(), Markup("<i>x</i>"),
                         _Text("<u>"), ["<li>"]]
    for _ in range(2000):
        values.append("".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))))
    for value in values:
        out = rendering._output_escape(value)
        assert str(out) == str(escape(value)), value


def test_autoescaped_templates_escape_outputs_and_keep_markup(tmp_path: Path) -> None:
    (tmp_path / "t.html.j2").write_text(
        "{{ a }}|{{ m }}|{{ n }}|{% set b %}<{{ a }}>{% endset %}{{ b }}|{{ a | linkify }}", "utf-8"
    )
    env = Renderer([tmp_path])._env("en")
    out = env.get_template("t.html.j2").render(a="<x@y.example & 'z'>", m=Markup("<br>"), n=3)
    assert out == ("&lt;x@y.example &amp; &#39;z&#39;&gt;|<br>|3|"
                   "<&lt;x@y.example &amp; &#39;z&#39;&gt;>|"
                   '&lt;<a href="mailto:x@y.example">x@y.example</a> &amp; &#39;z&#39;&gt;')


def _partials(tmp_path: Path, partial: str, body: str) -> Renderer:
    (tmp_path / "en" / "_partials").mkdir(parents=True)
    (tmp_path / "en" / "_partials" / "p.j2").write_text(partial, "utf-8")
    for profile in ("standard", "repeat"):
        folder = tmp_path / "en" / "sms" / "reminder"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{profile}.txt.j2").write_text(body, "utf-8")
    return Renderer([tmp_path])


def test_reused_partial_modules_see_each_renders_variables(tmp_path: Path) -> None:
    renderer = _partials(
        tmp_path,
        "{% macro who() %}{{ profile }}/{{ references[0] }}/{{ x }}{% endmacro %}\n",
        '{% set x = debts | length %}{% import "en/_partials/p.j2" as p with context %}'
        '{{ p.who() }}{% for d in debts %}{% import "en/_partials/p.j2" as q with context %}'
        ' {{ q.who() }}{% endfor %} {{ p.who() }}',
    )
    data = example("uk_consumer") | {"stage": "reminder", "channel": "sms"}
    two = data | {"debts": [*data["debts"], data["debts"][0] | {"reference": "B-2"}]}
    for _ in range(3):
        assert renderer.render(data | {"profile": "repeat"}).text == (
            "repeat/INV-55120/1 repeat/INV-55120/1 repeat/INV-55120/1")
        assert renderer.render(two | {"profile": "standard"}).text == (
            "standard/INV-55120/2 standard/INV-55120/2 standard/INV-55120/2 standard/INV-55120/2")
    pool = renderer._pools.pool
    kept = [context for free in pool._free.values() for _, context in free]
    assert len(kept) == 3 and all(context.parent == {} for context in kept)


def test_partials_that_do_more_than_define_macros_are_rebuilt(tmp_path: Path) -> None:
    renderer = _partials(
        tmp_path,
        '{% if profile == "repeat" %}{% macro m() %}A{% endmacro %}'
        "{% else %}{% macro m() %}B{% endmacro %}{% endif %}",
        '{% import "en/_partials/p.j2" as p with context %}{{ p.m() }}',
    )
    data = example("uk_consumer") | {"stage": "reminder", "channel": "sms"}
    for _ in range(2):
        assert renderer.render(data | {"profile": "repeat"}).text == "A"
        assert renderer.render(data | {"profile": "standard"}).text == "B"


def test_threads_render_like_one_thread() -> None:
    renderer = Renderer()
    requests = [
        example(name) | {"stage": stage, "channel": "email", "profile": profile}
        for name in ("fr_consumer", "uk_consumer", "us_agency")
        for stage in ("reminder", "formal_notice")
        for profile in ("hardship", "business", "repeat")
    ]
    expected = [Renderer().render(r).text for r in requests]
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _ in range(3):
            assert list(pool.map(lambda r: renderer.render(r).text, requests)) == expected


@pytest.mark.parametrize(("source", "expected"), [
    ("{% macro a() %}{{ profile }}{% endmacro %}\n\n{% macro b(x=1) %}{{ x }}{% endmacro %}", True),
    ("{#- comment -#}\n{% macro a() %}A{% endmacro %}\n", True),
    ("{% set x = 1 %}{% macro a() %}{{ x }}{% endmacro %}", False),
    ("{{ profile }}{% macro a() %}A{% endmacro %}", False),
    ("text{% macro a() %}A{% endmacro %}", False),
    ('{% if profile %}{% macro a() %}A{% endmacro %}{% endif %}', False),
    ('{% import "x.j2" as x %}{% macro a() %}A{% endmacro %}', False),
    ("{% macro a() %}", False),
])
def test_which_partials_only_define_macros(source: str, expected: bool) -> None:
    env = Renderer()._env("en_GB")
    assert is_macro_only(env, source, "p.j2") is expected
    if expected:
        assert defines_only_macros(env.parse(source)) is True  # the sandbox's rewritten tree


def test_macros_called_through_the_fast_path_behave_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renderer = _partials(
        tmp_path,
        "{% macro box(title, sep=': ') %}[{{ title }}{{ sep }}{{ caller() }}]{% endmacro %}\n"
        "{% macro many() %}{{ varargs | join(',') }}{{ kwargs | dictsort | list }}{% endmacro %}\n"
        "{% macro html(x) %}<{{ x }}>{% endmacro %}\n",
        '{% import "en/_partials/p.j2" as p with context %}'
        '{% call p.box("ref") %}{{ references[0] }}{% endcall %} '
        '{% for d in debts %}{{ p.box(d.reference, sep="=", caller=p.many) }}{% endfor %} '
        '{{ p.many("a", "b", k=1) }} {{ p.html("&") }}',
    )
    data = example("uk_consumer") | {"stage": "reminder", "channel": "sms", "profile": "standard"}
    expected = "[ref: INV-55120] [INV-55120=[]] a,b[('k', 1)] <&>"
    assert renderer.render(data).text == renderer.render(data).text == expected
    monkeypatch.setattr(rendering, "_SANDBOX_CHARGE", None)  # every call takes the full path
    assert Renderer([tmp_path]).render(data).text == expected


def test_builtin_templates_skip_the_budget_only_in_all_builtin_chains(tmp_path: Path) -> None:
    partials = tmp_path / "en" / "_partials"
    partials.mkdir(parents=True)
    (partials / "help.j2").write_text("{% macro advice_signpost() %}{% endmacro %}", "utf-8")
    renderer = Renderer([tmp_path])
    assert renderer._env("en_GB", trusted=True).instrument is False
    assert renderer._env("en_GB").instrument is True
    assert renderer._is_trusted("en/_layouts/email.html.j2")
    assert not renderer._is_trusted("en/_partials/help.j2")  # served from the user directory
    # a body that imports (through body.txt.j2) the overridden partial runs fully charged
    assert not renderer._is_trusted("en/email/reminder/standard.txt.j2")
    assert Renderer()._is_trusted("en/email/reminder/standard.txt.j2")


def test_user_templates_cannot_feed_uncharged_builtin_code(tmp_path: Path) -> None:
    # 60 000 lines of a built-in loop (more than the 2 000 000 character budget): a built-in
    # partial run for a user template is charged like the user template itself
    body = tmp_path / "en" / "email" / "reminder"
    body.mkdir(parents=True)
    (body / "standard.txt.j2").write_text(
        '{% set debts = [debt] * 60000 %}{% import "en/_partials/facts.j2" as f with context %}'
        "{{ f.amounts() }}", "utf-8")
    data = example("uk_consumer") | {"stage": "reminder", "channel": "email", "profile": "standard"}
    with pytest.raises(RenderError, match="blocked by the sandbox"):
        Renderer([tmp_path]).render(data)
    (body / "standard.txt.j2").write_text(
        '{% set debts = [debt] * 2 %}{% import "en/_partials/facts.j2" as f with context %}'
        "{{ f.amounts() }}", "utf-8")
    assert Renderer([tmp_path]).render(data).text.count("INV-55120") == 2


def test_messages_built_without_init_equal_the_dataclass_built_ones() -> None:
    from dataclasses import asdict, fields

    message = Renderer().render(example("uk_consumer") | {"channel": "email"})
    for obj in (message, message.audit):
        values = {f.name: getattr(obj, f.name) for f in fields(obj)}
        assert set(vars(obj)) == set(values)  # every field was given
        assert type(obj)(**values) == obj
    assert asdict(message)["audit"]["template"] == message.audit.template
    with pytest.raises(AttributeError):
        message.text = "changed"  # type: ignore[misc]


def test_normalise_after_a_normalised_head_is_normalise() -> None:
    """The text layouts' output is normalised walking only what follows the body."""
    rng = random.Random(11)
    alphabet = ["\n", "\n", "\n", " ", "\t", "\u00a0", "\u202f", "\u2009", "a", "\r", "\r\n", "x y"]
    for _ in range(20000):
        def piece() -> str:
            return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        head = normalise(piece())
        text = head + piece()
        assert normalise_after(text, head) == normalise(text), repr((head, text))
        other = piece()  # a text that does not start with head
        assert normalise_after(other, head) == normalise(other), repr((head, other))


def test_money_of_a_constant_follows_each_render_currency(tmp_path: Path) -> None:
    """``{{ 0 | money }}`` is formatted at render time in the message's currency, not folded
    by Jinja when the template is compiled (in the currency of the message rendered then)."""
    body = tmp_path / "fr" / "sms" / "reminder"
    body.mkdir(parents=True)
    (body / "standard.txt.j2").write_text("{{ 0 | money }} / {{ 12.5 | money }}", encoding="utf-8")
    renderer = Renderer([tmp_path])
    data = example("fr_consumer") | {"stage": "reminder", "channel": "sms"}
    euros = renderer.render(data).text
    dollars = renderer.render(data | {"debts": [
        {**data["debts"][0], "currency": "USD"}]}).text
    assert "€" in euros and "€" not in dollars and "$" in dollars
