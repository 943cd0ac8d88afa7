"""The batch's fast validation of plain rows: MessageRequest less the per-field text check,
for rows that :func:`plain_ascii_json` finds plain; every outcome is the full validation's."""

from __future__ import annotations

import copy
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tactful.errors import RequestError
from tactful.models import parse_request, passes_text_check, plain_ascii_json

ROOT = Path(__file__).resolve().parents[1]
BASES = [json.loads(p.read_text(encoding="utf-8"))
         for p in sorted((ROOT / "examples").glob("*.json"))]
#: optional fields that the examples leave out, set to a string so that each is tried
EXTRA: list[tuple[str | int, ...]] = [
    ("jurisdiction",), ("sender_role",), ("send_date",), ("deadline",), ("time_barred",),
    ("legal_action_planned",), ("profile",), ("debtor", "salutation"), ("debtor", "phone"),
    ("debtor", "is_business"), ("debtor", "address", "region"), ("debtor", "address", "country"),
    ("debts", 0, "description"), ("debts", 0, "amount_paid"), ("payment_plan", "instalments"),
    ("payment_plan", "max_monthly"), ("payment_plan", "first_date"),
    ("creditor", "legal_ids", "SIREN"), ("creditor", "website"), ("unknown",),
]
VALUES = [
    "", " ", "   ", "\t", " \n ", "\r", "\u00a0", "\u3000", "\u2000", "\u200b", "\ufeff",
    "\u180e", "\u2060", "\u0085", "x\u0000", "\u0007", "\u000b", "\u001f", "a\u0085b",
    "a\u2028b", "a\u202eb", "a\u2067b", "\x7f", "a\x7fb", "ok", " ok", "Zoé", "a\u00a0b",
    "x\ty", "x\ny", "2026-01-01", "12.50", "fr", "sms", "true", "FR", "EUR",
]


def _leaves(node: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    if isinstance(node, dict):
        return [p for key, value in node.items() for p in _leaves(value, (*path, key))]
    if isinstance(node, list):
        return [p for index, value in enumerate(node) for p in _leaves(value, (*path, index))]
    return [path]


def _set(data: Any, path: tuple[str | int, ...], value: Any) -> None:
    for part in path[:-1]:
        if isinstance(data, dict) and part not in data:
            data[part] = {}
        data = data[part]
    data[path[-1]] = value


def _outcome(data: dict[str, Any], texts_checked: bool) -> Any:
    try:
        return parse_request(copy.deepcopy(data), texts_checked=texts_checked)
    except RequestError as exc:
        return exc.problems


def _upper_escapes(line: bytes) -> bytes:
    return re.sub(rb"\\u([0-9a-f]{4})", lambda m: b"\\u" + m.group(1).upper(), line)


@pytest.mark.parametrize("base", range(len(BASES)))
def test_plain_rows_validate_as_in_full(base: int) -> None:
    """Every field of every example set to blank, invisible, control and ordinary strings:
    the fast path (when the row is found plain) gives the very model or problems."""
    row = BASES[base]
    assert plain_ascii_json(json.dumps(row).encode())  # ordinary rows take the fast path
    fast = 0
    for path in _leaves(row) + EXTRA:
        for value in VALUES:
            data = copy.deepcopy(row)
            _set(data, path, value)
            expected = _outcome(data, False)
            for line in {json.dumps(data).encode(), _upper_escapes(json.dumps(data).encode())}:
                plain = plain_ascii_json(line)
                fast += plain
                data_read = json.loads(line, parse_float=Decimal)
                assert _outcome(data_read, plain) == _outcome(data_read, False), (path, value)
            assert _outcome(json.loads(json.dumps(data)), False) == expected
    for value in VALUES:  # as a key of legal_ids, and in a list of address lines
        data = copy.deepcopy(row)
        data["creditor"]["legal_ids"] = {value: "123", "VAT": "FR1"}
        data["debtor"].setdefault("address", {"city": "Paris"})["lines"] = ["1 rue X", value]
        line = json.dumps(data).encode()
        data = json.loads(line, parse_float=Decimal)
        assert _outcome(data, plain_ascii_json(line)) == _outcome(data, False), value
    assert fast > 100


def test_plain_rows_hold_no_character_the_text_check_refuses() -> None:
    """Every character of the basic plane, alone or in a text, escaped in lower and upper
    case: a row that holds one the text check refuses or calls blank is not plain (only
    the ASCII blanks are left to the fields, which refuse them: see the test above)."""
    for code in range(0x10000):
        char = chr(code)
        for text in (char, f"x{char}y", f"{char}{char}"):
            if passes_text_check(text) or char in " \t\n\r":
                continue
            line = json.dumps({"name": text}).encode()
            assert not plain_ascii_json(line), hex(code)
            assert not plain_ascii_json(_upper_escapes(line)), hex(code)
            assert not plain_ascii_json(json.dumps({"name": text}, ensure_ascii=False).encode(
                "utf-8", "surrogatepass")), hex(code)


def test_the_fast_validator_has_no_text_check_left() -> None:
    """Every wrapper of the text check is found in the core schema (a pydantic that nests
    them otherwise would leave the fast path as slow as the full one)."""
    from tactful.models import MessageRequest, _without_text_check

    def checks(node: Any) -> int:
        if isinstance(node, dict):
            inner = node.get("function")
            function = inner.get("function") if isinstance(inner, dict) else None
            own = getattr(function, "__name__", "") in {"_texts", "_no_control_characters"}
            return own + sum(checks(value) for value in node.values())
        if isinstance(node, list):
            return sum(checks(value) for value in node)
        return 0

    assert checks(MessageRequest.__pydantic_core_schema__) > 60
    assert checks(_without_text_check(MessageRequest.__pydantic_core_schema__)) == 0


def test_the_fast_path_runs_no_text_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """At run time too: pydantic-core reuses a complete nested model's own validator
    (text check included) unless it is made to build it from the stripped schema."""
    import tactful.models as models

    calls: list[Any] = []
    real = models._check_text

    def counting(value: Any) -> None:
        calls.append(value)
        real(value)

    monkeypatch.setattr(models, "_check_text", counting)
    for row in BASES:
        data = json.loads(json.dumps(row), parse_float=Decimal)
        fast = parse_request(copy.deepcopy(data), texts_checked=True)
        assert calls == []
        full = parse_request(copy.deepcopy(data))
        assert len(calls) > 20  # the full path checks every text field
        assert fast == full
        assert type(fast.debtor) is type(full.debtor)
        calls.clear()
