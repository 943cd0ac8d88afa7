"""The render request: what a billing system hands to tactful.

Pydantic v2 models, frozen, with unknown fields forbidden. Validation errors
are turned into :class:`tactful.errors.RequestError`, whose messages name the
field (``debts[0].amount``) but never echo the debtor's values.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import SchemaValidator

from .errors import RequestError
from .plans import MAX_INSTALMENTS
from .us_calendar import validation_period_end

__all__ = [
    "Address",
    "Agency",
    "Channel",
    "Creditor",
    "Debt",
    "Debtor",
    "Jurisdiction",
    "MessageRequest",
    "PaymentPlanOffer",
    "Profile",
    "SenderRole",
    "Stage",
    "parse_request",
]

SUPPORTED_LANGUAGES = ("fr", "en")


class Stage(str, Enum):
    """Escalation stage, in order."""

    COURTESY = "courtesy"
    REMINDER = "reminder"
    SECOND_REMINDER = "second_reminder"
    FORMAL_NOTICE = "formal_notice"
    FINAL_NOTICE = "final_notice"


class Channel(str, Enum):
    LETTER = "letter"
    EMAIL = "email"
    SMS = "sms"


class Profile(str, Enum):
    """Built-in debtor profiles. Callers may pass any other name: it falls back to standard."""

    STANDARD = "standard"
    FIRST_TIME = "first_time"
    REPEAT = "repeat"
    HARDSHIP = "hardship"
    BUSINESS = "business"


class Jurisdiction(str, Enum):
    FR = "FR"
    US = "US"
    UK = "UK"


class SenderRole(str, Enum):
    CREDITOR = "creditor"
    COLLECTION_AGENCY = "collection_agency"


NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
# C0/C1 controls (tab, newline and carriage return allowed), line/paragraph separators and
# bidirectional overrides/isolates, which can make a letter read differently from its data
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_INVISIBLE = re.compile(r"[\s\u180e\u200b-\u200f\u2060-\u2064\ufeff]+")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ().\-]{3,24}$")
_PROFILE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    # Validators without the ``info`` argument: pydantic calls them much faster, and this
    # one runs on every field of every model (a large share of a batch row's validation).
    # The list and dict fields holding plain text have their own (``_texts``), and date
    # fields are typed ``Date``.
    @field_validator("*", mode="before")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        if isinstance(value, str):
            _check_text(value)
        return value


def _texts(value: Any) -> Any:
    """Validator of the list and dict fields holding plain text (``lines``, ``legal_ids``)."""
    _check_text(value)
    return value


def _not_a_number(value: Any) -> Any:
    """Pydantic would read a number given for a date as a Unix timestamp."""
    if isinstance(value, (int, float)):
        raise ValueError("must be a date written YYYY-MM-DD")
    return value


Date = Annotated[dt.date, BeforeValidator(_not_a_number)]
#: (the check outside the union: one error, not one per member)
OptionalDate = Annotated[dt.date | None, BeforeValidator(_not_a_number)]


def _check_text(value: Any) -> None:
    """Refuse control characters and invisible-only text, also inside lists and dicts."""
    if isinstance(value, str):
        if _CONTROL.search(value):
            raise ValueError("contains control characters")
        # a text starting with a letter or digit is not blank (no invisible character is one)
        if value and not value[0].isalnum() and _INVISIBLE.fullmatch(value):
            raise ValueError("is blank")
    elif isinstance(value, (list, tuple)):
        for item in value:
            _check_text(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check_text(item)


class Address(_Model):
    """A postal address. ``lines`` are the street lines, in order."""

    lines: Annotated[list[NonEmpty], BeforeValidator(_texts)] = Field(min_length=1, max_length=4)
    postal_code: ShortText | None = None
    city: ShortText
    region: ShortText | None = None
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = Field(
        default=None, description="ISO 3166-1 alpha-2 code, e.g. FR, GB, US"
    )


class Debtor(_Model):
    name: NonEmpty
    salutation: ShortText | None = Field(default=None, description="e.g. 'Madame', 'Mr'")
    email: ShortText | None = None
    phone: ShortText | None = None
    address: Address | None = None
    is_business: bool = False

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL.match(value):
            raise ValueError("is not a valid email address")
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is not None and not _PHONE.match(value):
            raise ValueError("is not a valid phone number")
        return value


class _Party(_Model):
    name: NonEmpty
    address: Address
    phone: ShortText
    email: ShortText
    opening_hours: NonEmpty | None = Field(
        default=None, description="When the contact line is open, as the debtor should read it"
    )
    legal_ids: Annotated[dict[ShortText, ShortText], BeforeValidator(_texts)] = Field(
        default_factory=dict, description="e.g. {'SIREN': '...', 'Company number': '...'}"
    )

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if not _EMAIL.match(value):
            raise ValueError("is not a valid email address")
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        if not _PHONE.match(value):
            raise ValueError("is not a valid phone number")
        return value


class Creditor(_Party):
    payment_link: ShortText | None = None
    iban: (
        Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}[0-9]{2}[A-Z0-9 ]{10,40}$")] | None
    ) = None
    bic: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{8}([A-Z0-9]{3})?$")] | None = None
    website: ShortText | None = None

    @field_validator("payment_link", "website")
    @classmethod
    def _https(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://[^\s]+$", value):
            raise ValueError("must be an http(s) URL")
        return value


class Agency(_Party):
    """A third-party collection agency writing on the creditor's behalf."""

    first_letter_reference: ShortText | None = Field(
        default=None,
        description="Reference of the agency's first letter to the debtor, once sent: later "
        "messages recall it with its date (France: CPCE R124-4, last paragraph)",
    )
    first_letter_date: OptionalDate = Field(
        default=None, description="Date of the agency's first letter to the debtor"
    )
    validation_period_end: OptionalDate = Field(
        default=None,
        description="United States: the date the validation period ends (12 CFR "
        "1006.34(b)(5)), until which the consumer can dispute the debt or ask for the original "
        "creditor. A US agency's first message states it; any date to pay or get in touch "
        "is never earlier while the period runs. If absent, tactful computes it "
        "conservatively from the first message's date (send_date, or first_letter_date for "
        "later messages): 5 business days (no Saturdays, Sundays or federal holidays) plus "
        "30 days. In a first message it must not be before send_date nor less than 30 days "
        "after it",
    )


@lru_cache(maxsize=512)  # several calls a debt (its currency, its amounts)
def _currency_digits(code: str) -> int | None:
    from babel.numbers import get_currency_precision, list_currencies

    if code not in list_currencies():
        return None
    return int(get_currency_precision(code))


_MONEY_LIMIT = Decimal("1e12")


def _check_money(value: Decimal, *, currency: str | None = None) -> Decimal:
    if not value.is_finite():
        raise ValueError("must be a finite number")
    if value < 0:
        raise ValueError("must not be negative")
    if value > _MONEY_LIMIT:
        raise ValueError("is unrealistically large")
    if currency is not None:
        digits = _currency_digits(currency)
        # as written, within the places (normalising, which drops trailing zeros, only
        # raises the exponent of an amount this small), or else once normalised
        if digits is not None and -value.as_tuple().exponent > digits:  # type: ignore[operator]
            exponent = value.normalize().as_tuple().exponent
            if isinstance(exponent, int) and -exponent > digits:
                raise ValueError(f"has more than {digits} decimal places for {currency}")
    return value


class Debt(_Model):
    reference: ShortText
    amount: Decimal = Field(description="Amount invoiced, in major units (e.g. 1234.56)")
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = Field(
        description="ISO 4217 code"
    )
    issue_date: Date
    due_date: Date
    amount_paid: Decimal = Field(default=Decimal("0"), description="Amount already paid")
    description: NonEmpty | None = None

    @field_validator("amount", "amount_paid", mode="before")
    @classmethod
    def _no_float_surprises(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("must be a number, not a boolean")
        if isinstance(value, float):
            return Decimal(repr(value))
        return value

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        if _currency_digits(value) is None:
            raise ValueError("is not a known ISO 4217 currency code")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Debt:
        problems: list[tuple[str, str]] = []
        for name in ("amount", "amount_paid"):
            try:
                _check_money(getattr(self, name), currency=self.currency)
            except ValueError as exc:
                problems.append((name, str(exc)))
        if problems:
            field, msg = problems[0]
            raise ValueError(f"{field}: {msg}")
        if self.amount <= 0:
            raise ValueError("amount: must be greater than zero")
        if self.due_date < self.issue_date:
            raise ValueError("due_date: is before issue_date")
        if self.amount_paid >= self.amount:
            raise ValueError("amount_paid: covers the whole amount, so nothing is outstanding")
        return self

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.amount_paid


class PaymentPlanOffer(_Model):
    """An instalment plan to offer: give ``instalments`` or ``max_monthly``, not both."""

    instalments: int | None = Field(default=None, ge=2, le=60)
    max_monthly: Decimal | None = None
    first_date: OptionalDate = Field(
        default=None, description="Date of the first instalment; defaults to the deadline"
    )

    @model_validator(mode="after")
    def _one_of(self) -> PaymentPlanOffer:
        if (self.instalments is None) == (self.max_monthly is None):
            raise ValueError("instalments: give either instalments or max_monthly, not both")
        if self.max_monthly is not None:
            _check_money(self.max_monthly)
            if self.max_monthly <= 0:
                raise ValueError("max_monthly: must be greater than zero")
        return self


def _check_plan(plan: PaymentPlanOffer, total: Decimal, currency: str) -> None:
    """Refuse at validation time a plan that cannot be scheduled for this total."""
    digits = _currency_digits(currency) or 0
    minor = total.scaleb(digits)
    if plan.instalments is not None and plan.instalments > minor:
        raise ValueError("payment_plan.instalments: more instalments than the amount can be "
                         "split into")
    if plan.max_monthly is not None:
        cap = int(plan.max_monthly.scaleb(digits).to_integral_value(rounding="ROUND_FLOOR"))
        if cap <= 0:
            raise ValueError("payment_plan.max_monthly: is smaller than the currency's minor "
                             "unit")
        if minor > cap * MAX_INSTALMENTS:
            raise ValueError(f"payment_plan.max_monthly: would need more than "
                             f"{MAX_INSTALMENTS} instalments")


_TERRITORY_JURISDICTION = {"FR": Jurisdiction.FR, "GB": Jurisdiction.UK, "US": Jurisdiction.US}


@lru_cache(maxsize=256)
def normalize_locale(value: str) -> str:
    """Return ``fr``, ``fr_FR``, ``en_GB``...; raise ValueError for anything unsupported."""
    from babel import Locale, UnknownLocaleError

    raw = value.strip().replace("-", "_")
    try:
        parsed = Locale.parse(raw)
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValueError("is not a known locale (expected e.g. fr, fr_FR, en_GB)") from None
    if parsed.language not in SUPPORTED_LANGUAGES:
        raise ValueError("is not supported: tactful writes French (fr_*) and English (en_*)")
    return str(parsed)


class MessageRequest(_Model):
    """Everything needed to render one message."""

    locale: str = Field(description="fr, fr_FR, fr_BE, fr_CA, en, en_GB, en_US...")
    stage: Stage = Field(
        description="courtesy (a payment coming up, or just missed), reminder, second_reminder, "
        "formal_notice, final_notice; the stages after courtesy need a debt due before send_date"
    )
    channel: Channel
    profile: str = Field(
        default="standard",
        description="standard, first_time, repeat, hardship, business; unknown names fall back "
        "to standard",
    )
    jurisdiction: Jurisdiction | None = Field(
        default=None,
        description="FR, US or UK; if absent, the debtor's country (debtor.address.country), "
        "else the locale's territory",
    )
    sender_role: SenderRole = SenderRole.CREDITOR
    debtor: Debtor
    debts: list[Debt] = Field(min_length=1, max_length=200)
    creditor: Creditor
    agency: Agency | None = None
    payment_plan: PaymentPlanOffer | None = None
    send_date: OptionalDate = Field(
        default=None, description="Date printed on the message; defaults to today"
    )
    deadline: OptionalDate = Field(
        default=None,
        description="Date by which to pay or get in touch; defaults to 14 days after send_date "
        "(or, at the courtesy stage, the due date when none has passed yet). For a US "
        "collection agency it is never before the end of the validation period "
        "(agency.validation_period_end): the default is moved to that date, and an earlier one "
        "given here is refused",
    )
    time_barred: bool = Field(default=False, description="The debt is past its limitation period")
    legal_action_planned: bool = Field(
        default=False, description="Legal action is really intended if nothing happens"
    )

    @field_validator("locale")
    @classmethod
    def _locale(cls, value: str) -> str:
        return normalize_locale(value)

    @field_validator("profile")
    @classmethod
    def _profile(cls, value: str) -> str:
        if not _PROFILE.match(value):
            raise ValueError("must be a lowercase name like standard, hardship or first_time")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> MessageRequest:
        currencies = {d.currency for d in self.debts}
        if len(currencies) > 1:
            raise ValueError("debts: all debts in one message must use the same currency")
        if self.sender_role is SenderRole.COLLECTION_AGENCY and self.agency is None:
            raise ValueError("agency: required when sender_role is collection_agency")
        if self.channel is Channel.LETTER and self.debtor.address is None:
            raise ValueError("debtor.address: required for the letter channel")
        if self.channel is Channel.EMAIL and self.debtor.email is None:
            raise ValueError("debtor.email: required for the email channel")
        if self.channel is Channel.SMS and self.debtor.phone is None:
            raise ValueError("debtor.phone: required for the sms channel")
        if self.validation_notice and self.language != "en":
            raise ValueError("locale: a US collection agency's first letter or email to a "
                             "consumer carries the validation notice (12 CFR 1006.34), which "
                             "tactful writes in English only: use an English locale")
        if self.debtor.address is None and self.validation_notice:
            raise ValueError("debtor.address: required for a US collection agency's first email "
                             "(its validation notice gives the consumer's mailing address)")
        if (
            self.deadline is not None
            and self.send_date is not None
            and self.deadline < self.send_date
        ):
            raise ValueError("deadline: is before send_date")
        first = self.agency.first_letter_date if self.agency is not None else None
        if first is not None and self.send_date is not None and first > self.send_date:
            raise ValueError("agency.first_letter_date: is after send_date")
        if self.agency is not None and self.agency.validation_period_end is not None:
            _check_validation_end(self)
        if self.deadline is not None:
            end = self.effective_validation_period_end
            if end is not None and self.deadline < end:
                raise ValueError(
                    "deadline: is before the end of the validation period "
                    "(agency.validation_period_end, given or computed): a date to pay or get "
                    "in touch before it could overshadow the consumer's right to dispute the "
                    "debt (12 CFR 1006.38(b)); leave deadline out to use that date"
                )
        if self.payment_plan is not None:
            _check_plan(self.payment_plan, self.total_outstanding, self.currency)
        if self.stage is not Stage.COURTESY and not self.overdue:
            # a reminder, let alone a formal notice (mise en demeure), about a payment that is
            # not yet late is false: refused, naming the field (dates are not echoed)
            send = "send_date" if self.send_date is not None else "today (no send_date given)"
            raise ValueError(
                f"stage: {self.stage.value} is for a debt that is overdue, but every "
                f"debts[].due_date is on or after {send}; use courtesy for a payment not yet due"
            )
        return self

    # Derived values used by templates -------------------------------------------------

    @property
    def language(self) -> str:
        return self.locale.split("_", 1)[0]

    @property
    def effective_jurisdiction(self) -> Jurisdiction | None:
        if self.jurisdiction is not None:
            return self.jurisdiction
        # where the debtor lives decides which law protects them and which free advice they
        # can reach, whatever language they read (a Lyon address in fr_CA, Leeds in en_US)
        address = self.debtor.address
        if address is not None and address.country is not None:
            return _TERRITORY_JURISDICTION.get(address.country)
        parts = self.locale.split("_")
        if len(parts) > 1:
            return _TERRITORY_JURISDICTION.get(parts[-1])
        return Jurisdiction.FR if parts[0] == "fr" else None

    @property
    def currency(self) -> str:
        return self.debts[0].currency

    @property
    def total_outstanding(self) -> Decimal:
        return sum((d.outstanding for d in self.debts), Decimal("0"))

    @property
    def effective_send_date(self) -> dt.date:
        return self.send_date or dt.date.today()

    @property
    def overdue(self) -> bool:
        """Whether a debt is past due at the send date: due before it (a payment due on the
        send date itself is not late)."""
        send = self.effective_send_date
        return any(d.due_date < send for d in self.debts)

    @property
    def effective_deadline(self) -> dt.date:
        return self.deadline_and_validation_end()[0]

    @property
    def initial_contact(self) -> bool:
        """A collection agency's first message to the debtor: the request gives neither
        ``agency.first_letter_date`` nor ``agency.first_letter_reference``."""
        agency = self.agency
        return (
            self.sender_role is SenderRole.COLLECTION_AGENCY
            and agency is not None
            and agency.first_letter_date is None
            and agency.first_letter_reference is None
        )

    @property
    def us_consumer_collection(self) -> bool:
        """A collection agency collecting a consumer's debt in the US (FDCPA, Regulation F)."""
        return (
            self.sender_role is SenderRole.COLLECTION_AGENCY
            and not self.debtor.is_business
            and self.effective_jurisdiction is Jurisdiction.US
        )

    @property
    def validation_notice(self) -> bool:
        """The message carries the US validation information (12 CFR 1006.34): a US
        agency's first message to a consumer, by letter or email."""
        return (
            self.channel is not Channel.SMS
            and self.initial_contact
            and self.us_consumer_collection
        )

    @property
    def effective_validation_period_end(self) -> dt.date | None:
        """When the US validation period ends (given, or computed from the first message's
        date); None outside US consumer collection, or for a later message whose first
        letter has no date."""
        if self.agency is None or not self.us_consumer_collection:
            return None
        if self.agency.validation_period_end is not None:
            return self.agency.validation_period_end
        if self.initial_contact:
            first: dt.date | None = self.effective_send_date
        else:
            first = self.agency.first_letter_date
        return None if first is None else validation_period_end(first)

    def deadline_and_validation_end(self) -> tuple[dt.date, dt.date | None]:
        """(``effective_deadline``, ``effective_validation_period_end``), computed once.

        The default deadline (14 days after send_date, the due date at the courtesy stage) is
        moved to the end of the validation period when it would fall before it: a US agency
        never asks for payment or contact by a date that cuts the consumer's time to dispute
        short (15 USC 1692g(b), 12 CFR 1006.38(b)). A given deadline is never moved: one
        before the end of the period is refused when the request is validated.
        """
        end = self.effective_validation_period_end
        if self.deadline is not None:
            return self.deadline, end
        send = self.effective_send_date
        if self.stage is Stage.COURTESY and not self.overdue:
            # the payment is coming up: its due date (the earliest one)
            deadline = min(d.due_date for d in self.debts)
        else:
            # a payment already missed (courtesy included): never "by today", two weeks
            deadline = send + dt.timedelta(days=14)
        if end is not None and end > deadline:
            deadline = end
        return deadline, end


def _check_validation_end(request: MessageRequest) -> None:
    """A given validation period end, in the first message that states it."""
    if not request.initial_contact:
        return  # later messages: a period that has ended is simply over
    end = request.agency.validation_period_end  # type: ignore[union-attr]
    send = request.effective_send_date
    if end is None:
        return
    if end < send:
        raise ValueError("agency.validation_period_end: is before send_date")
    if end < send + dt.timedelta(days=30):
        raise ValueError(
            "agency.validation_period_end: is less than 30 days after send_date (the "
            "validation period ends 30 days after the consumer receives the notice)"
        )


@lru_cache(maxsize=1)
def _known_fields() -> frozenset[str]:
    models = (Address, Debtor, Creditor, Agency, Debt, PaymentPlanOffer, MessageRequest)
    return frozenset(name for model in models for name in model.model_fields)


_KEY_LIKE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,39}$")


def _field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            # a key that is neither a field nor looks like one may be data (legal_ids keys,
            # misplaced values): name it by position only
            name = str(part)
            if name not in _known_fields() and not _KEY_LIKE.match(name):
                name = "<key>"
            out += ("." if out else "") + name
    return out or "request"


def _clean_message(msg: str) -> str:
    # pydantic prefixes model-validator messages with "Value error, "
    return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def request_problems(exc: ValidationError) -> list[tuple[str, str]]:
    """Turn a pydantic error into ``(field, message)`` pairs that never include input values."""
    problems: list[tuple[str, str]] = []
    for err in exc.errors(include_url=False, include_input=False, include_context=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        # drop the union/constraint tags pydantic adds, e.g. 'constrained-str'
        loc = tuple(p for p in loc if not (isinstance(p, str) and "[" in p))
        field = _field_path(loc)
        message = _clean_message(err["msg"])
        # model-level messages already start with "field: ..." or "field message"
        match = re.match(r"^([a-z_]+(?:\.[a-z_]+|\[\d+\])*): (.*)$", message)
        if match and err["type"] == "value_error":
            sub = match.group(1)
            field = f"{field}.{sub}" if field != "request" else sub
            message = match.group(2)
        elif err["type"] == "missing":
            message = "is required"
        elif err["type"] == "extra_forbidden":
            message = "is not a known field"
        problems.append((field, message))
    return problems


# ---------------------------------------------------------------- rows known to hold plain text

#: a JSON escape of a character the text check refuses or counts as blank: controls,
#: separators, bidi controls, whitespace other than tab, newline and return, invisibles
_ESCAPED_SUSPECT = re.compile(
    rb"\\(?:[bf]|u(?:00[0189][0-9a-fA-F]|00[2aA]0|007[fF]|1680|180[eE]|200[0-9a-fA-F]"
    rb"|202[89a-fA-F]|205[fF]|206[0-9]|3000|[fF][eE][fF][fF]))"
)


def plain_ascii_json(line: bytes) -> bool:
    """True when ``line``, a JSON text that decoded, is ASCII and none of its strings holds a
    character that the text check refuses, nor one that makes a string blank other than
    spaces, tabs, newlines and returns: a test of the whole row costing two byte scans (and a
    search when it holds escapes) instead of a validator call per field.

    Raw control characters cannot be in a JSON text that decoded (strict JSON refuses them in
    strings, and only spaces, tabs, newlines and returns stand between tokens), except DEL.
    A string of spaces, tabs, newlines and returns only, which the text check calls blank, is
    refused by every field's own validation too (fields strip whitespace and want a
    character, a number, a date, a name from a list...), and :func:`parse_request` then
    validates the row again in full, so it is reported as before (tested field by field).
    False for a row that is fine costs nothing but the per-field check every row had before.
    """
    return (
        line.isascii()
        and b"\x7f" not in line
        and not (b"\\" in line and _ESCAPED_SUSPECT.search(line))
    )


def passes_text_check(value: Any) -> bool:
    """Whether the per-field text check lets ``value`` through."""
    try:
        _check_text(value)
    except ValueError:
        return False
    return True


def _without_text_check(node: Any) -> Any:
    """A copy of a core schema without the text check's wrappers (``_no_control_characters``
    on every field, ``_texts`` on lists and dicts of text)."""
    checks = (_Model._no_control_characters.__func__, _texts)  # type: ignore[attr-defined]
    if isinstance(node, dict):
        while (
            node.get("type") == "function-before"
            and _function_of(node) in checks
            and set(node) <= {"type", "function", "schema", "metadata"}
        ):
            node = node["schema"]
        return {key: _without_text_check(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_without_text_check(value) for value in node]
    return node


def _function_of(node: dict[str, Any]) -> Any:
    function = node.get("function", {}).get("function")
    return getattr(function, "__func__", function)  # a classmethod's function


def _model_classes(node: Any) -> set[type]:
    """Every model class a core schema builds."""
    found: set[type] = set()
    if isinstance(node, dict):
        if node.get("type") == "model" and isinstance(node.get("cls"), type):
            found.add(node["cls"])
        for value in node.values():
            found |= _model_classes(value)
    elif isinstance(node, list):
        for value in node:
            found |= _model_classes(value)
    return found


_BUILDING = threading.Lock()


@lru_cache(maxsize=1)
def _unchecked_texts() -> SchemaValidator:
    """MessageRequest's validator less the per-field text check (the same classes result).

    pydantic-core does not build a nested model from the schema it is given when that
    model's class is already complete: it reuses the class's own validator, text check
    included (seen with pydantic-core 2.50), which left the check running on every field
    of Debtor, Debt, Creditor... The classes are marked incomplete only while this
    validator is built, under a lock, so it builds them from the stripped schema.
    """
    schema = _without_text_check(MessageRequest.__pydantic_core_schema__)
    classes = [cls for cls in _model_classes(schema) if cls.__dict__.get("__pydantic_complete__")]
    with _BUILDING:
        try:
            for cls in classes:
                cls.__pydantic_complete__ = False  # type: ignore[attr-defined]
            return SchemaValidator(schema)
        finally:
            for cls in classes:
                cls.__pydantic_complete__ = True  # type: ignore[attr-defined]


def parse_request(
    data: MessageRequest | dict[str, Any],
    *,
    source: str | None = None,
    texts_checked: bool = False,
) -> MessageRequest:
    """Validate ``data`` into a :class:`MessageRequest` or raise :class:`RequestError`.

    ``texts_checked``: the caller knows that every string in ``data`` passes the text check
    (:func:`plain_ascii_json` of the row it was decoded from, and of anything added), so
    the per-field check is skipped; a row that does not validate is validated again in
    full, so its problems are reported exactly as without the flag.
    """
    if isinstance(data, MessageRequest):
        return data
    if not isinstance(data, dict):
        raise RequestError([("request", "must be a JSON object")], source=source)
    if texts_checked:
        try:
            return _unchecked_texts().validate_python(data)  # type: ignore[no-any-return]
        except ValidationError:
            pass
    try:
        return MessageRequest.model_validate(data)
    except ValidationError as exc:
        raise RequestError(request_problems(exc), source=source) from None
