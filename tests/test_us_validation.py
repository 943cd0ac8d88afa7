"""A US collection agency's first letter or email carries the validation notice (12 CFR
1006.34), its validation period end date is computed conservatively when not given, and no
date to pay or get in touch comes before it (15 USC 1692g(b), 12 CFR 1006.38(b))."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tactful import RequestError, render
from tactful.cli import main
from tactful.context import build_context
from tactful.models import parse_request
from tactful.rendering import Renderer
from tactful.us_calendar import federal_holidays, is_business_day, validation_period_end

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
STAGES = ("courtesy", "reminder", "second_reminder", "formal_notice", "final_notice")
PROFILES = ("standard", "first_time", "repeat", "hardship")
#: examples/us_agency.json is sent on Sunday 15 March 2026: five business days later is
#: Friday 20 March, and the validation period ends 30 days after that
END = "April 19, 2026"

ITEMIZATION = (
    "As of November 2, 2025, you owed: $1,234.56\n"
    "Between November 2, 2025 and today:\n"
    "- You were charged this amount in interest: + $0.00\n"
    "- You were charged this amount in fees: + $0.00\n"
    "- You paid or were credited this amount toward the debt: – $0.00\n"
    "Total amount of the debt now: $1,234.56"
)
DISPUTE = (
    f"To dispute all or part of the debt, call or write to us by {END}. If you do not, we "
    "will assume that our information is correct."
)
EFFECT = (
    f"If you write to us by {END}, we must stop collection on any amount you dispute until we "
    "send you information that shows you owe the debt."
)
ORIGINAL_CREDITOR = (
    "you can write to ask for the name and address of the original creditor, if different "
    f"from the current creditor. If you write by {END}, we must stop collection until we send "
    "you that information."
)
CFPB = "Go to www.cfpb.gov/debt-collection to learn more about your rights under federal law."


def us_agency(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / "us_agency.json").read_text("utf-8"))
    agency = changes.pop("agency", {})
    data["agency"].update(agency)
    data.update(changes)
    return data


def in_order(text: str, *parts: str) -> list[int]:
    at = [text.index(part) for part in parts]
    assert at == sorted(at), list(zip(parts, at, strict=True))
    return at


# ------------------------------------------------------------------ the validation notice


@pytest.mark.parametrize("channel", ["letter", "email"])
def test_first_letter_or_email_carries_the_validation_notice(channel: str) -> None:
    message = render(us_agency(channel=channel))
    text = message.text
    in_order(
        text,
        "This is a communication from a debt collector. We are Fairway Recovery Services LLC, "
        "and we are attempting to collect a debt that you owe to Riverside Medical Group. Any "
        "information obtained will be used for that purpose.",
        "Our address for letters, disputes and requests: Fairway Recovery Services LLC, "
        "900 Market Street, Suite 300, Springfield, IL 62702.",
        "reference MED-20931 (Medical services, November 2025)",
        ITEMIZATION, DISPUTE, EFFECT, ORIGINAL_CREDITOR, CFPB,
        "Contact us about your payment options.",
        "How to pay:",
    )
    assert text.count(END) == 3  # the dispute statement, its effect, the original creditor
    assert "For instance, you have the right to stop or limit how we contact you." in text
    # the stage's own wording does not come in: no date to pay by, nothing untrue of a first
    # message ("We have written to you about the payment below")
    assert "We have written to you" not in text and "formal request" not in text.lower()
    assert message.subject == "Information about your account, reference MED-20931"
    assert message.html is not None and "www.cfpb.gov/debt-collection" in message.html
    assert END in message.html
    if channel == "letter":
        in_order(
            text, CFPB, "How do you want to respond?",
            "mail this part of the letter to Fairway Recovery Services LLC, 900 Market Street, "
            "Suite 300, Springfield, IL 62702",
            "From: Alex Johnson, 742 Evergreen Terrace, Springfield, IL 62704",
            "I want to dispute the debt because I think:\n[ ] This is not my debt.\n"
            "[ ] The amount is wrong.\n[ ] Other",
            "[ ] I want you to send me the name and address of the original creditor.",
            "[ ] I enclosed this amount:", "Sincerely,",
        )
        assert "You may use the form below or write to us without the form." in text
    else:  # no form in an email: the consumer can reply, and the notice gives their address
        assert "How do you want to respond?" not in text and "form below" not in text
        assert "We accept disputes by email at help@fairwayrecovery.example, or simply reply "\
               "to this email." in text
        assert "We have your name and address as: Alex Johnson, 742 Evergreen Terrace, " \
               "Springfield, IL 62704." in text


def test_amounts_are_in_the_request_currency_whatever_was_rendered_before() -> None:
    # a template is compiled once per locale, by whichever request needs it first: nothing in
    # it may be formatted then (a pound or euro amount would stay in every later message)
    renderer = Renderer()
    uk = json.loads((EXAMPLES / "uk_consumer.json").read_text("utf-8"))
    renderer.render(uk | {"locale": "en_US", "channel": "email", "stage": "formal_notice",
                          "profile": "standard"})
    text = renderer.render(us_agency(channel="email")).text
    assert ITEMIZATION in text and "£" not in text


def test_each_debt_is_itemised() -> None:
    data = us_agency(channel="email")
    data["debts"].append({"reference": "MED-21877", "amount": "250", "amount_paid": "50",
                          "currency": "USD", "issue_date": "2026-01-05",
                          "due_date": "2026-02-04"})
    text = render(data).text
    in_order(
        text,
        "Reference MED-20931 (Medical services, November 2025), due on December 2, 2025:\n"
        "As of November 2, 2025, you owed: $1,234.56",
        "Amount now: $1,234.56",
        "Reference MED-21877, due on February 4, 2026:\nAs of January 5, 2026, you owed: $250.00",
        "- You paid or were credited this amount toward the debt: – $50.00\nAmount now: $200.00",
        "Total amount of the debt now: $1,434.56",
        DISPUTE,
    )


@pytest.mark.parametrize("channel", ["letter", "email", "sms"])
def test_later_messages_recall_the_first_letter_without_the_notice(channel: str) -> None:
    data = us_agency(channel=channel, agency={"first_letter_date": "2026-03-02",
                                              "first_letter_reference": "FL-2026-000123"})
    message = render(data)
    text = message.text
    assert text.count("This communication is from a debt collector.") == 1
    for part in ("As of November 2, 2025, you owed", "original creditor", "cfpb.gov",
                 "How do you want to respond?", "attempting to collect"):
        assert part not in text
    if channel == "sms":
        assert "Your rights: see our letter of Mar 2, 2026." in text
        assert message.sms_encoding == "GSM-7" and message.sms_segments == 2
    else:
        assert ("This follows our first letter of March 2, 2026 (reference FL-2026-000123)."
                in text)


def test_a_first_sms_points_to_the_notice_to_come() -> None:
    message = render(us_agency(channel="sms"))
    assert message.text == (
        "Fairway Recovery Services LLC is a debt collector attempting to collect a debt owed to "
        "Riverside Medical Group; any information obtained will be used for that purpose. "
        "$1,234.56 (ref MED-20931), due on Dec 2, 2025. Details and your rights to follow in "
        "writing. Call +1 555 300 4000. Reply STOP to opt out."
    )
    assert message.sms_encoding == "GSM-7" and message.sms_segments == 2


@pytest.mark.parametrize(
    ("name", "changes"),
    [
        ("uk_consumer", {"sender_role": "collection_agency", "agency": {
            "name": "Fairway Collections Ltd", "phone": "0800 765 4321",
            "email": "help@fairway.example",
            "address": {"lines": ["1 Wellington Street"], "postal_code": "LS1 4DL",
                        "city": "Leeds", "country": "GB"}}}),
        ("fr_consumer", {"sender_role": "collection_agency", "agency": {
            "name": "Recouvra SAS", "phone": "02 40 00 00 00", "email": "contact@recouvra.example",
            "address": {"lines": ["5 rue du Port"], "postal_code": "44000", "city": "Nantes",
                        "country": "FR"}}}),
        ("uk_consumer", {}),
        ("us_agency", {"sender_role": "creditor"}),  # a creditor collecting its own debt
        ("us_agency", {"debtor": {"name": "Johnson Plumbing LLC", "is_business": True,
                                  "email": "office@johnsonplumbing.example",
                                  "address": {"lines": ["1 Main St"], "city": "Springfield",
                                              "region": "IL", "postal_code": "62704",
                                              "country": "US"}}}),
    ],
)
def test_other_senders_and_countries_are_unaffected(name: str, changes: dict[str, Any]) -> None:
    data = json.loads((EXAMPLES / f"{name}.json").read_text("utf-8")) | changes
    for channel in ("letter", "email"):
        request = parse_request(data | {"channel": channel, "stage": "reminder"})
        ctx = build_context(request, "standard")
        assert not ctx["validation_notice"] and ctx["validation_period_end"] is None
        assert ctx["deadline"] == request.effective_send_date + dt.timedelta(days=14)
        text = render(request).text
        for part in ("cfpb", "original creditor", "you owed", "How do you want to respond"):
            assert part not in text


# -------------------------------------------------------------- the validation period end


def test_federal_holidays() -> None:
    assert sorted(federal_holidays(2026)) == [
        dt.date(2026, 1, 1), dt.date(2026, 1, 19), dt.date(2026, 2, 16), dt.date(2026, 5, 25),
        dt.date(2026, 6, 19), dt.date(2026, 7, 3), dt.date(2026, 7, 4), dt.date(2026, 9, 7),
        dt.date(2026, 10, 12), dt.date(2026, 11, 11), dt.date(2026, 11, 26),
        dt.date(2026, 12, 25),
    ]  # Independence Day 2026 is a Saturday: observed on Friday 3 July
    # New Year's Day 2022, a Saturday, was observed on Friday 31 December 2021; a Sunday
    # holiday on the Monday after (1 January 2023: 2 January)
    assert dt.date(2021, 12, 31) in federal_holidays(2021)
    assert dt.date(2023, 1, 2) in federal_holidays(2023)
    assert dt.date(2020, 6, 19) not in federal_holidays(2020)  # Juneteenth: from 2021
    assert not is_business_day(dt.date(2026, 3, 14)) and is_business_day(dt.date(2026, 3, 16))


@pytest.mark.parametrize(
    ("sent", "end"),
    [
        # Monday: the fifth business day is the next Monday
        (dt.date(2026, 3, 16), dt.date(2026, 4, 22)),
        # Sunday (the example): Monday to Friday
        (dt.date(2026, 3, 15), dt.date(2026, 4, 19)),
        # Friday before Martin Luther King Jr. Day (Monday 19 January): Tuesday 20 to Monday 26
        (dt.date(2026, 1, 16), dt.date(2026, 2, 25)),
        # Friday before Labor Day (Monday 7 September): Tuesday 8 to Monday 14
        (dt.date(2026, 9, 4), dt.date(2026, 10, 14)),
        # Thursday before the observed Independence Day (Friday 3 July): Monday 6 to Friday 10
        (dt.date(2026, 7, 2), dt.date(2026, 8, 9)),
        # Wednesday before Thanksgiving and Christmas: the holiday weeks
        (dt.date(2026, 11, 25), dt.date(2027, 1, 2)),
        (dt.date(2026, 12, 23), dt.date(2027, 1, 30)),
    ],
)
def test_computed_validation_period_end(sent: dt.date, end: dt.date) -> None:
    assert validation_period_end(sent) == end
    request = parse_request(us_agency(send_date=sent.isoformat()))
    assert request.effective_validation_period_end == end
    assert request.effective_deadline == end  # the default deadline (14 days) was earlier


def test_the_computed_date_is_printed_for_en_us() -> None:
    text = render(us_agency(send_date="2026-01-16")).text
    assert "call or write to us by February 25, 2026." in text


def test_a_given_validation_period_end_is_used() -> None:
    data = us_agency(agency={"validation_period_end": "2026-05-04"})
    request = parse_request(data)
    assert request.effective_validation_period_end == dt.date(2026, 5, 4)
    text = render(data).text
    assert "call or write to us by May 4, 2026." in text and END not in text


@pytest.mark.parametrize(
    ("end", "message"),
    [("2026-03-14", "is before send_date"), ("2026-04-13", "less than 30 days after send_date")],
)
def test_a_validation_period_end_too_early_is_refused(
    end: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = us_agency(agency={"validation_period_end": end})
    with pytest.raises(RequestError, match=r"agency\.validation_period_end") as info:
        render(data)
    assert message in str(info.value)
    path = tmp_path / "request.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["render", str(path)]) == 2
    err = capsys.readouterr().err
    assert "agency.validation_period_end" in err and message in err and "Traceback" not in err


def test_a_later_message_may_follow_the_end_of_the_period() -> None:
    data = us_agency(send_date="2026-06-01", agency={
        "first_letter_date": "2026-03-15", "validation_period_end": "2026-04-19"})
    request = parse_request(data)
    assert request.effective_deadline == dt.date(2026, 6, 15)  # the period is over
    assert "June 15, 2026" in render(data).text


# ------------------------------------------------------------------------ no overshadowing

_US_DATE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, "
                      r"\d{4}\b")


def _dates(text: str) -> set[dt.date]:
    found = set()
    for match in _US_DATE.findall(text):
        month, day, year = match.replace(",", "").replace(".", "").split()
        found.add(dt.datetime.strptime(f"{month[:3]} {day} {year}", "%b %d %Y").date())
    return found


@pytest.mark.parametrize("first_letter", [None, "2026-03-02"])
def test_no_date_to_pay_or_reply_by_before_the_validation_period_ends(
    first_letter: str | None,
) -> None:
    """Every date an initial (or, within the period, a later) US agency message states is a
    fact of the debt (issue, due, first letter, send date) or not before the period's end."""
    agency = {"first_letter_date": first_letter} if first_letter else {}
    checked = 0
    for stage, channel, profile, legal in itertools.product(
            STAGES, ("letter", "email", "sms"), PROFILES, (False, True)):
        data = us_agency(stage=stage, channel=channel, profile=profile,
                         legal_action_planned=legal, agency=copy.deepcopy(agency))
        request = parse_request(data)
        end = request.effective_validation_period_end
        assert end is not None and end >= request.effective_send_date
        facts = {request.effective_send_date, *(d.due_date for d in request.debts),
                 *(d.issue_date for d in request.debts)}
        if first_letter:
            facts.add(dt.date.fromisoformat(first_letter))
        message = render(request)
        for day in _dates(f"{message.subject or ''}\n{message.text}") - facts:
            assert day >= end, (stage, channel, profile, day, end)
        checked += 1
    assert checked == 120


def test_a_given_deadline_before_the_period_ends_is_refused() -> None:
    with pytest.raises(RequestError, match=r"deadline: is before the end of the validation"):
        render(us_agency(deadline="2026-03-29"))
    later = us_agency(deadline="2026-03-29", agency={"first_letter_date": "2026-03-02"})
    with pytest.raises(RequestError, match=r"deadline"):
        render(later)
    # a given deadline not before the end is kept (a later message states it)
    assert parse_request(us_agency(deadline="2026-04-20")).effective_deadline.day == 20
    later = us_agency(deadline="2026-04-10", agency={"first_letter_date": "2026-03-02"})
    assert "by April 10, 2026" in render(later).text  # the period ends on 8 April


def test_the_notice_needs_the_consumer_address_and_english() -> None:
    data = us_agency(channel="email")
    del data["debtor"]["address"]
    data["jurisdiction"] = "US"
    with pytest.raises(RequestError, match=r"debtor\.address"):
        render(data)
    render(data | {"channel": "sms"})  # no notice in an SMS
    with pytest.raises(RequestError, match=r"locale: .*validation notice"):
        render(us_agency(locale="fr"))
    render(us_agency(locale="fr", agency={"first_letter_date": "2026-03-02"}))  # later: fine
