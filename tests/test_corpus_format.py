"""Format and size checks for the English tone corpus (main and held-out files)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).parent / "corpus"
MAIN = CORPUS / "en.jsonl"
HELDOUT = CORPUS / "heldout" / "en.jsonl"
FIELDS = {"id", "text", "stage", "labels", "trap", "note"}
STAGES = {"courtesy", "reminder", "second_reminder", "formal_notice", "final_notice"}
LABELS = {"threat", "guilt", "jargon", "pressure"}
ID_RE = re.compile(r"^en-\d{4}$")
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def load(path: Path) -> list[dict[str, Any]]:
    """Parse one JSONL corpus file, failing with the line number on bad JSON."""
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError as exc:
            pytest.fail(f"{path.name}:{number}: invalid JSON ({exc.msg})")
    return items


@pytest.fixture(scope="module", params=[MAIN, HELDOUT], ids=["main", "heldout"])
def items(request: pytest.FixtureRequest) -> list[dict[str, Any]]:
    return load(request.param)


def test_fields_and_values(items: list[dict[str, Any]]) -> None:
    for item in items:
        where = item.get("id", "?")
        assert set(item) == FIELDS, where
        assert ID_RE.match(item["id"]), where
        assert item["stage"] in STAGES, where
        assert isinstance(item["labels"], list), where
        assert set(item["labels"]) <= LABELS, where
        assert len(set(item["labels"])) == len(item["labels"]), where
        assert item["text"].strip() and item["note"].strip(), where
        assert isinstance(item["trap"], str), where


def test_one_to_three_sentences(items: list[dict[str, Any]]) -> None:
    for item in items:
        count = len(SENTENCE_END.findall(item["text"])) or 1
        assert count <= 3, item["id"]


def test_traps_are_clean_or_single_label(items: list[dict[str, Any]]) -> None:
    for item in items:
        if item["trap"]:
            assert len(item["labels"]) <= 1, item["id"]


def test_all_stages_used(items: list[dict[str, Any]]) -> None:
    assert {item["stage"] for item in items} == STAGES


def test_same_text_differs_by_stage(items: list[dict[str, Any]]) -> None:
    keys = Counter((item["text"].casefold(), item["stage"]) for item in items)
    assert [key for key, n in keys.items() if n > 1] == []


def test_ids_unique_across_files() -> None:
    ids = [item["id"] for path in (MAIN, HELDOUT) for item in load(path)]
    assert len(ids) == len(set(ids))


def test_heldout_independent_of_main() -> None:
    main = {item["text"].casefold() for item in load(MAIN)}
    assert [i["id"] for i in load(HELDOUT) if i["text"].casefold() in main] == []


def test_premature_escalation_pairs_exist() -> None:
    """Some sentences appear twice: threat at an early stage, clean at a late one."""
    by_text: dict[str, dict[str, list[str]]] = {}
    for item in load(MAIN):
        by_text.setdefault(item["text"].casefold(), {})[item["stage"]] = item["labels"]
    pairs = [
        stages
        for stages in by_text.values()
        if any(stages.get(s) == ["threat"] for s in ("courtesy", "reminder"))
        and any(stages.get(s) == [] for s in ("formal_notice", "final_notice"))
    ]
    assert len(pairs) >= 5


@pytest.mark.parametrize(
    ("path", "total", "clean", "traps", "per_label"),
    [(MAIN, 440, 220, 110, 65), (HELDOUT, 110, 50, 25, 18)],
)
def test_minimum_sizes(path: Path, total: int, clean: int, traps: int, per_label: int) -> None:
    data = load(path)
    clean_items = [item for item in data if not item["labels"]]
    counts = Counter(label for item in data for label in item["labels"])
    assert len(data) >= total
    assert len(clean_items) >= clean
    assert sum(1 for item in clean_items if item["trap"]) >= traps
    assert all(counts[label] >= per_label for label in LABELS), counts
