"""Properties (hypothesis): the linter never crashes on arbitrary Unicode and its offsets are
exact; any valid request renders completely (formatted amount, no unrendered template syntax);
rendering is byte-identical across runs and across processes."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import subprocess
import sys
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tactful import render
from tactful.formatting import formatters_for
from tactful.lint import lint
from tactful.rendering import Renderer, gsm_friendly
from tactful.us_calendar import validation_period_end

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = {
    p.stem: json.loads(p.read_text(encoding="utf-8"))
    for p in sorted((ROOT / "examples").glob("*.json"))
}
SETTINGS = settings(max_examples=150, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

# --- lint ------------------------------------------------------------------------------

FLAGGED = [
    "Nous allons saisir votre salaire.", "Vous devriez avoir honte.", "Un huissier passera.",
    "DERNIER AVERTISSEMENT !!!", "Payez immédiatement sous peine de poursuites.",
    "We will take legal action.", "You should be ashamed.", "FINAL WARNING!!!",
    "We will contact your employer.", "Pay immediately or face court.",
]
SPECIAL = [
    "😀", "👩‍👩‍👧", "🇫🇷", "שלום", "مرحبا بك", "\u202e", "\u202c", "\u200b", "\u200d", "\ufeff",
    "e\u0301", "a\u0308\u0301\u0323", "\u0301", "\u00a0", "\u202f", "\r\n", "\n", "\t", "İ", "ß",
    "ﬁ", "Ⅻ", "\U0010ffff", "\ud7ff", "«", "»", "’", "…", "\x00", "\x1b[0m",
]
fragments = st.one_of(
    st.text(max_size=40),
    st.sampled_from(FLAGGED),
    st.sampled_from(SPECIAL),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=8), st.integers(500, 4000)),
)
texts = st.lists(fragments, max_size=12).map("".join)
STAGES = [None, "courtesy", "reminder", "second_reminder", "formal_notice", "final_notice"]


def check_findings(text: str, locale: str, stage: str | None, channel: str | None) -> None:
    report = lint(text, locale=locale, stage=stage, channel=channel)
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    for f in report.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start:f.end] == f.match
        assert f.line == text.count("\n", 0, f.start) + 1
        assert f.column == f.start - starts[f.line - 1] + 1


@SETTINGS
@given(text=texts, stage=st.sampled_from(STAGES),
       channel=st.sampled_from([None, "letter", "email", "sms"]))
def test_lint_french_arbitrary_unicode(text: str, stage: str | None, channel: str | None) -> None:
    check_findings(text, "fr", stage, channel)


@SETTINGS
@given(text=texts, stage=st.sampled_from(STAGES),
       channel=st.sampled_from([None, "letter", "email", "sms"]))
def test_lint_english_arbitrary_unicode(text: str, stage: str | None, channel: str | None) -> None:
    check_findings(text, "en", stage, channel)


def test_lint_offsets_hold_on_a_flagged_text_with_noise() -> None:
    """Control for the properties: the generators do produce findings to check."""
    text = "\u200b😀 e\u0301 שלום\nNous allons saisir votre salaire.\u202e"
    report = lint(text, locale="fr", stage="reminder")
    assert report.findings
    for f in report.findings:
        assert text[f.start:f.end] == f.match


# --- render ----------------------------------------------------------------------------

LOCALES = {"fr": ["fr", "fr_FR", "fr_BE", "fr_CA", "fr_CH", "fr_LU"],
           "en": ["en", "en_GB", "en_US", "en_IE", "en_AU", "en_CA"]}
PROFILES = ["standard", "first_time", "repeat", "hardship", "business", "vip_client"]
name_chars = st.characters(categories=["L", "M", "Nd", "Zs", "Pd", "Po", "So"],
                           exclude_characters="\u180e")
names = st.text(name_chars, min_size=1, max_size=60).filter(lambda s: s.strip() != "")
PLACEHOLDERS = ("{{", "}}", "{%", "%}", "{#", "#}")


@st.composite
def requests(draw: st.DrawFn) -> dict[str, Any]:
    base = copy.deepcopy(EXAMPLES[draw(st.sampled_from(sorted(EXAMPLES)))])
    lang = base["locale"].split("_")[0]
    base["locale"] = draw(st.sampled_from(LOCALES[lang]))
    base["stage"] = draw(st.sampled_from(
        ["courtesy", "reminder", "second_reminder", "formal_notice", "final_notice"]))
    base["channel"] = draw(st.sampled_from(["letter", "email", "sms"]))
    base["profile"] = draw(st.sampled_from(PROFILES))
    base["debtor"]["name"] = draw(names)
    issue = draw(st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
    due = issue + dt.timedelta(days=draw(st.integers(0, 90)))
    # a courtesy message may come before the due date or after it (it then says the payment
    # was due); a reminder or a later stage needs a debt that is overdue at its send date
    courtesy = base["stage"] == "courtesy"
    send = due + dt.timedelta(days=draw(st.integers(-30 if courtesy else 1, 400)))
    base["send_date"] = send.isoformat()
    if draw(st.booleans()):
        earliest = send
        if base.get("sender_role") == "collection_agency" and base["debtor"]["address"].get(
                "country") == "US":
            # a US agency's deadline never comes before the end of the validation period
            earliest = validation_period_end(send)
        base["deadline"] = (earliest + dt.timedelta(days=draw(st.integers(0, 60)))).isoformat()
    count = draw(st.integers(1, 3))
    debts = []
    for i in range(count):
        cents = draw(st.integers(1, 10**11))
        paid = cents * draw(st.one_of(st.just(0), st.integers(0, 99))) // 100
        amount, paid = Decimal(cents).scaleb(-2), Decimal(paid).scaleb(-2)
        debts.append({**base["debts"][0], "reference": f"REF-{i}-{draw(st.integers(0, 9999))}",
                      "amount": str(amount), "amount_paid": str(paid),
                      "issue_date": issue.isoformat(), "due_date": due.isoformat()})
    base["debts"] = debts
    if draw(st.booleans()):
        base.pop("payment_plan", None)
    elif "payment_plan" in base:
        # plans the total cannot be split into are refused at validation time (test_bad_input)
        total = sum(Decimal(d["amount"]) - Decimal(d["amount_paid"]) for d in debts)
        monthly = Decimal(str(base["payment_plan"].get("max_monthly", total)))
        if total < 1 or total > monthly * 120:
            base.pop("payment_plan")
    return base


def expected_amount(request: dict[str, Any]) -> str:
    total = sum(Decimal(str(d["amount"])) - Decimal(str(d.get("amount_paid", 0)))
                for d in request["debts"])
    money = formatters_for(request["locale"]).money(total, request["debts"][0]["currency"])
    return gsm_friendly(money) if request["channel"] == "sms" else money


RENDERER = Renderer()
OTHER_RENDERER = Renderer()


@SETTINGS
@given(request=requests())
def test_any_valid_request_renders_completely(request: dict[str, Any]) -> None:
    message = RENDERER.render(request)
    amount = expected_amount(request)
    assert amount in message.text
    parts = [message.text, message.subject or "", message.html or ""]
    for part in parts:
        for placeholder in PLACEHOLDERS:
            assert placeholder not in part
    if message.html is not None:
        assert "<" in message.html
    again = OTHER_RENDERER.render(request)  # a renderer with its own caches: same bytes
    assert asdict(again) == asdict(message)


@SETTINGS
@given(request=requests())
def test_renderer_shared_across_locales_is_stable(request: dict[str, Any]) -> None:
    """One renderer used for several locales keeps each locale's formats."""
    first = RENDERER.render(request)
    other = copy.deepcopy(EXAMPLES["uk_consumer" if request["locale"][:2] == "fr"
                                   else "fr_consumer"])
    RENDERER.render(other)
    assert RENDERER.render(request).text == first.text


def test_both_languages_and_all_channels_are_covered() -> None:
    seen = set()
    for example in EXAMPLES.values():
        for channel in ("letter", "email", "sms"):
            message = render({**example, "channel": channel})
            seen.add((message.locale[:2], message.channel))
            assert expected_amount({**example, "channel": channel}) in message.text
    assert seen == {(lang, ch) for lang in ("fr", "en") for ch in ("letter", "email", "sms")}


_SCRIPT = """
import json, sys
from dataclasses import asdict
from tactful import Renderer
renderer = Renderer()
out = []
for request in json.load(sys.stdin):
    out.append(asdict(renderer.render(request)))
sys.stdout.write(json.dumps(out, ensure_ascii=False, sort_keys=True))
"""


def test_output_identical_across_processes() -> None:
    batch = [
        {**example, "channel": channel, "profile": profile}
        for example in EXAMPLES.values()
        for channel in ("letter", "email", "sms")
        for profile in ("standard", "hardship")
    ]
    outputs = set()
    for seed in ("0", "1", "4242"):
        proc = subprocess.run(
            [sys.executable, "-c", _SCRIPT], input=json.dumps(batch), capture_output=True,
            text=True, timeout=120, env={**os.environ, "PYTHONHASHSEED": seed}, check=True,
        )
        outputs.add(proc.stdout)
    assert len(outputs) == 1
    rendered = json.loads(outputs.pop())
    assert len(rendered) == len(batch)
    here = [asdict(RENDERER.render(request)) for request in batch]
    assert json.dumps(here, ensure_ascii=False, sort_keys=True) == json.dumps(
        rendered, ensure_ascii=False, sort_keys=True)
