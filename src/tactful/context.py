"""Build the template context (docs/templates.md "Variables") from a MessageRequest."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .models import Jurisdiction, MessageRequest, SenderRole
from .plans import PaymentSchedule, compute_schedule

__all__ = ["Advice", "DebtView", "build_context", "load_advice"]

_ADVICE_FILE = Path(__file__).resolve().parent / "data" / "advice.yaml"


@dataclass(frozen=True)
class Advice:
    name: str
    phone: str | None
    url: str
    description: str
    long_name: str  # the name spelled out ("National Foundation for ... (NFCC)"), else name


# Not frozen: a frozen dataclass sets each field through object.__setattr__ (~1.2 µs a
# debt, every message); templates cannot assign attributes anyway.
@dataclass(slots=True)
class DebtView:
    reference: str
    amount: Any
    currency: str
    issue_date: Any
    due_date: Any
    amount_paid: Any
    outstanding: Any
    description: str | None
    days_overdue: int


@cache
def load_advice() -> dict[str, tuple[Advice, ...]]:
    import yaml

    raw = yaml.safe_load(_ADVICE_FILE.read_text(encoding="utf-8"))
    return {
        key: tuple(Advice(str(i["name"]), i.get("phone") and str(i["phone"]), str(i["url"]),
                          str(i["description"]), str(i.get("long_name") or i["name"]))
                   for i in items)
        for key, items in raw.items()
    }


def _plan(request: MessageRequest, total: Any, deadline: Any) -> PaymentSchedule | None:
    offer = request.payment_plan
    if offer is None:
        return None
    return compute_schedule(
        total,
        request.currency,
        instalments=offer.instalments,
        max_monthly=offer.max_monthly,
        first_date=offer.first_date or deadline,
    )


@cache
def _advice(jurisdiction: str) -> tuple[Advice, ...]:
    return load_advice().get(jurisdiction, ())


def _country(request: MessageRequest) -> str | None:
    address = request.debtor.address
    return address.country if address is not None else None


def build_context(request: MessageRequest, profile: str) -> dict[str, Any]:
    """Every variable of the template contract; ``profile`` is the one used after fallback."""
    send = request.effective_send_date
    debts = [
        DebtView(d.reference, d.amount, d.currency, d.issue_date, d.due_date, d.amount_paid,
                 d.outstanding, d.description, max(0, (send - d.due_date).days))
        for d in request.debts
    ]
    due_dates = sorted({d.due_date for d in request.debts})
    due = due_dates[0]
    jurisdiction = request.effective_jurisdiction
    is_agency = request.sender_role is SenderRole.COLLECTION_AGENCY
    # (computed once here: the request's properties recompute them on every read)
    total = request.total_outstanding
    # (a US agency's default deadline is never before the end of the validation period)
    deadline, validation_end = request.deadline_and_validation_end()
    return {
        "locale": request.locale,
        "language": request.language,
        "stage": request.stage.value,
        "channel": request.channel.value,
        "profile": profile,
        "requested_profile": request.profile,
        "jurisdiction": jurisdiction.value if jurisdiction else None,
        "sender_role": request.sender_role.value,
        "is_agency": is_agency,
        "debtor": request.debtor,
        "creditor": request.creditor,
        "agency": request.agency,
        "sender": request.agency if is_agency else request.creditor,
        "debts": debts,
        "debt": debts[0],
        "total": total,
        "currency": request.currency,
        "references": [d.reference for d in debts],
        "due_date": due,
        "days_overdue": max(0, (send - due).days),
        # a debt is past due at send_date (due before it: a payment due that day is not late);
        # always true after courtesy (models.py refuses those stages otherwise)
        "overdue": due < send,
        "send_date": send,
        "deadline": deadline,
        "plan": _plan(request, total, deadline),
        "advice": list(_advice(jurisdiction.value)) if jurisdiction else [],
        "time_barred": request.time_barred,
        "legal_action_planned": request.legal_action_planned,
        # an SMS body may word itself more compactly at 1 and 2: the renderer renders it
        # again at those levels while it does not fit in SMS_SEGMENTS parts (rendering.py)
        "sms_compact": 0,
        # the debts' due dates, each once, earliest first (several debts may share one)
        "due_dates": due_dates,
        # a collection agency's first message (no first letter given); a US one to a consumer,
        # by letter or email, carries the validation notice (12 CFR 1006.34) ending on
        # validation_period_end (None outside US consumer collection)
        "initial_contact": request.initial_contact,
        "validation_notice": request.validation_notice,
        "validation_period_end": validation_end,
        # American English: an en_US request, or a plain "en" one to a US debtor
        "us_english": request.locale == "en_US" or (
            "_" not in request.locale and jurisdiction is Jurisdiction.US),
        # Canadian (Quebec) French: an fr_CA request, or a plain "fr" one to a debtor in Canada
        "canadian_french": request.locale == "fr_CA" or (
            request.locale == "fr" and _country(request) == "CA"),
    }
