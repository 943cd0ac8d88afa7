"""Accuracy gate on the labelled corpus (tests/corpus/{fr,en}.jsonl).

Per language and category: precision ≥ 0.90 and recall ≥ 0.90; on clean items
(``labels == []``) the false-positive rate is ≤ 3 %. Run
``python benchmarks/accuracy.py --errors`` to see what is missed.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tactful.lint import Linter

ROOT = Path(__file__).resolve().parents[1]
MIN_PRECISION = 0.90
MIN_RECALL = 0.90
MAX_CLEAN_FP_RATE = 0.03


def _accuracy_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "tactful_accuracy", ROOT / "benchmarks" / "accuracy.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


ACCURACY = _accuracy_module()
PATHS = ACCURACY.main_corpus()
LANGS = ("fr", "en")


@pytest.fixture(scope="module")
def result() -> object:
    if not PATHS:
        pytest.fail("no corpus in tests/corpus/ (fr.jsonl, en.jsonl)")
    return ACCURACY.evaluate(PATHS, Linter(), "main corpus")


def _pairs() -> list[tuple[str, str]]:
    return [(lang, cat) for lang in LANGS for cat in ACCURACY.CATEGORIES]


@pytest.mark.parametrize(("lang", "category"), _pairs(), ids=lambda v: str(v))
def test_precision_and_recall(result: object, lang: str, category: str) -> None:
    scores = result.scores.get((lang, category))  # type: ignore[attr-defined]
    assert scores is not None and scores.support > 0, f"no {lang} {category} items"
    assert scores.precision >= MIN_PRECISION, f"{lang} {category} precision {scores.precision:.3f}"
    assert scores.recall >= MIN_RECALL, f"{lang} {category} recall {scores.recall:.3f}"


@pytest.mark.parametrize("lang", LANGS)
def test_clean_false_positive_rate(result: object, lang: str) -> None:
    rate = result.fp_rate(lang)  # type: ignore[attr-defined]
    assert result.clean.get(lang), f"no clean {lang} items"  # type: ignore[attr-defined]
    assert rate <= MAX_CLEAN_FP_RATE, f"{lang} clean false-positive rate {rate:.1%}"


def test_scoring_counts_a_miss_and_a_false_alarm() -> None:
    item = ACCURACY.Item("en-1", "en", "x", "reminder", frozenset({"threat"}))
    item.predicted = frozenset({"guilt"})
    clean = ACCURACY.Item("en-2", "en", "y", "reminder", frozenset())
    clean.predicted = frozenset({"jargon"})
    scored = ACCURACY.score("t", [item, clean])
    assert scored.scores[("en", "threat")].recall == 0.0
    assert scored.scores[("en", "guilt")].precision == 0.0
    assert scored.fp_rate("en") == 1.0
