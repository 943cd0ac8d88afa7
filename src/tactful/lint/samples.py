"""Sample requests that exercise a template's branches.

Samples come from ``--samples FILE...`` (JSON request objects, or a JSON list
of them), else from the ``examples/`` folder next to the template repository
or tactful's own examples, else from one built-in request. Each sample is then
varied (profiles, creditor or agency, payment plan or not, legal action
planned, time-barred debt, business debtor, no salutation, jurisdictions) so
that ``{% if %}`` branches on those fields are rendered too. Variants that are
not valid requests for the template's channel are skipped.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import InputError

__all__ = ["BUILTIN_SAMPLE", "PROFILES", "load_samples", "variants"]

PROFILES = ("standard", "first_time", "repeat", "hardship", "business")

BUILTIN_SAMPLE: dict[str, Any] = {
    "locale": "fr",
    "stage": "reminder",
    "channel": "email",
    "send_date": "2026-03-15",
    "debtor": {
        "name": "Camille Martin",
        "salutation": "Madame",
        "email": "camille@example.org",
        "phone": "+33 6 00 00 00 00",
        "address": {"lines": ["1 rue de la Paix"], "postal_code": "75002", "city": "Paris",
                    "country": "FR"},
    },
    "debts": [
        {"reference": "F-1", "amount": "120.00", "currency": "EUR", "issue_date": "2026-01-10",
         "due_date": "2026-02-09"},
    ],
    "creditor": {
        "name": "Exemple SA",
        "address": {"lines": ["2 rue du Port"], "postal_code": "44000", "city": "Nantes",
                    "country": "FR"},
        "phone": "02 00 00 00 00",
        "email": "compta@example.org",
        "opening_hours": "du lundi au vendredi",
        "payment_link": "https://pay.example.org/F-1",
    },
    "agency": {
        "name": "Recouvrement Exemple",
        "address": {"lines": ["3 rue Neuve"], "postal_code": "69001", "city": "Lyon",
                    "country": "FR"},
        "phone": "04 00 00 00 00",
        "email": "aide@example.org",
    },
    "payment_plan": {"instalments": 3},
}

# each variant: dotted key -> value (None deletes the key)
_VARIANTS: tuple[dict[str, Any], ...] = (
    {},
    {"legal_action_planned": True},
    {"time_barred": True},
    {"payment_plan": None},
    {"sender_role": "collection_agency"},
    {"sender_role": "creditor", "agency": None},
    {"debtor.is_business": True},
    {"debtor.salutation": None},
    {"jurisdiction": "US"},
    {"jurisdiction": "UK"},
    {"jurisdiction": "FR"},
)


def _read(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or 'cannot be read'}") from None
    except (UnicodeDecodeError, ValueError):
        raise InputError(f"{path}: not a JSON request (or list of requests)") from None
    items = data if isinstance(data, list) else [data]
    if not items or not all(isinstance(i, dict) for i in items):
        raise InputError(f"{path}: samples must be JSON objects (or a list of them)")
    return items


def load_samples(
    files: Sequence[str | Path] = (), repo: Path | None = None
) -> list[dict[str, Any]]:
    """The sample requests: ``files``, else ``repo``'s or tactful's examples, else built-in."""
    if files:
        return [s for f in files for s in _read(Path(f))]
    folders = []
    if repo is not None:
        folders += [repo / "examples", repo.parent / "examples", repo / "samples"]
    try:
        from .._resources import data_path

        folders.append(data_path("examples"))
    except FileNotFoundError:
        pass
    for folder in folders:
        found = sorted(folder.glob("*.json")) if folder.is_dir() else []
        samples = []
        for path in found:
            try:
                samples += _read(path)
            except InputError:
                continue
        if samples:
            return samples
    return [copy.deepcopy(BUILTIN_SAMPLE)]


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    target = data
    for key in parents:
        nxt = target.get(key)
        if not isinstance(nxt, dict):
            return
        target = nxt
    if value is None:
        target.pop(last, None)
    else:
        target[last] = value


def _for_locale(sample: dict[str, Any], locale: str) -> str:
    """Keep the sample's regional locale when its language matches the template's."""
    given = str(sample.get("locale", ""))
    if "_" not in locale and given.split("_")[0] == locale:
        return given
    return locale


def variants(
    samples: Sequence[dict[str, Any]],
    *,
    locale: str,
    stage: str,
    channel: str,
    profiles: Sequence[str],
) -> Iterator[dict[str, Any]]:
    """Every sample × profile × variant as a request dict for this locale/stage/channel."""
    seen: set[str] = set()
    for sample in samples:
        for profile in profiles:
            for variant in _VARIANTS:
                data = copy.deepcopy(sample)
                data.update(
                    locale=_for_locale(sample, locale),
                    stage=stage,
                    channel=channel,
                    profile=profile,
                )
                debtor = data.setdefault("debtor", {})
                for field in ("email", "phone", "address"):
                    debtor.setdefault(field, copy.deepcopy(BUILTIN_SAMPLE["debtor"][field]))
                if "agency" not in data and "sender_role" in variant:
                    data["agency"] = copy.deepcopy(BUILTIN_SAMPLE["agency"])
                for key, value in variant.items():
                    _set(data, key, value)
                if data.get("sender_role") == "collection_agency" and "agency" not in data:
                    continue
                key = json.dumps(data, sort_keys=True, default=str)
                if key not in seen:
                    seen.add(key)
                    yield data
