"""Tone-linter accuracy on the labelled corpus.

Lints every item of ``tests/corpus/{fr,en}.jsonl`` at its stage and compares
the predicted categories (categories of findings among threat, guilt, jargon,
pressure, any severity) with the labels. Prints precision, recall, F1 and
support per language and category, and the false-positive rate on clean items.

The other sets of ``tests/corpus/`` (see its README) are reported separately: ``dev/``
(written blind to the rules, then read to fix them) and ``billing/`` (default reminder texts
of open-source billing systems) and ``dev2/`` (the former ``fresh/`` and ``fresh2/``, read
from 2026-12-06) and ``train/``, ``train2/`` and ``train3/`` (written blind for the statistical
models, which train on them) and ``train4/`` to ``train7/`` (written blind, read
like ``dev/``) can be listed with ``--errors SET``;
``fresh3/`` too since 2026-12-07 (afternoon), once ``fresh5/`` had replaced it;
``heldout/``, ``fresh4/`` and ``fresh5/`` are never listed. ``fresh4`` and ``fresh5`` were
written after the rules they measure and must never be used to write rules.

    python benchmarks/accuracy.py [--errors [SET]] [--rules FILE]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
CATEGORIES = ("threat", "guilt", "jargon", "pressure")
#: the sets whose misclassified items ``--errors`` may list (written to be read and tuned on)
LISTABLE = (
    "main", "dev", "dev2", "train", "train2", "train3", "train4", "train5", "train6", "train7",
    "billing", "fresh3"
)
SET_TITLES = {
    "main": "main corpus",
    "dev": "dev (written blind, then read to fix rules)",
    "dev2": "dev2 (the former fresh and fresh2 sets, read since 2026-12-06)",
    "train": "train (written blind; the statistical models train on it)",
    "train2": "train2 (written blind; the statistical models train on it)",
    "train3": "train3 (written blind; the statistical models train on it)",
    "train4": "train4 (written blind; read like dev, the models do not train on it)",
    "train5": "train5 (written blind on 2026-12-07; read like dev, the models do not train on it)",
    "train6": "train6 (written blind on 2026-12-07, subtle guilt and threats; read like dev)",
    "train7": "train7 (written blind on 2026-12-07, a third of the harm subtle; read like dev)",
    "fresh3": "fresh3 (written blind on 2026-12-06, held out; read since 2026-12-07 afternoon)",
    "billing": "billing (default texts of open-source billing systems)",
}


@dataclass
class Item:
    id: str
    lang: str
    text: str
    stage: str | None
    labels: frozenset[str]
    predicted: frozenset[str] = frozenset()
    codes: tuple[str, ...] = ()


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    support: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Result:
    name: str
    items: list[Item]
    scores: dict[tuple[str, str], Scores] = field(default_factory=dict)
    clean: dict[str, tuple[int, int]] = field(default_factory=dict)  # lang -> (fp, total)

    def fp_rate(self, lang: str) -> float:
        fp, total = self.clean.get(lang, (0, 0))
        return fp / total if total else 0.0


def load_corpus(path: Path) -> list[Item]:
    """Read one JSONL corpus file; the language comes from the id prefix or the file name."""
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SystemExit(f"{path}:{number}: invalid JSON ({exc.msg})") from None
        lang = str(raw.get("id", path.stem))[:2]
        lang = lang if lang in ("fr", "en") else path.stem[:2]
        items.append(
            Item(
                id=str(raw.get("id", f"{path.stem}-{number}")),
                lang=lang,
                text=raw["text"],
                stage=raw.get("stage"),
                labels=frozenset(raw.get("labels", [])) & frozenset(CATEGORIES),
            )
        )
    return items


def predict(items: Iterable[Item], linter: Any) -> None:
    for item in items:
        report = linter.lint(item.text, locale=item.lang, stage=item.stage)
        found = [f for f in report.all_findings if f.category in CATEGORIES]
        item.predicted = frozenset(f.category for f in found)
        item.codes = tuple(sorted({f.code for f in found}))


def score(name: str, items: list[Item]) -> Result:
    result = Result(name, items)
    for item in items:
        for cat in CATEGORIES:
            s = result.scores.setdefault((item.lang, cat), Scores())
            truth, pred = cat in item.labels, cat in item.predicted
            s.support += truth
            s.tp += truth and pred
            s.fp += pred and not truth
            s.fn += truth and not pred
        if not item.labels:
            fp, total = result.clean.get(item.lang, (0, 0))
            result.clean[item.lang] = (fp + bool(item.predicted), total + 1)
    return result


def evaluate(paths: Sequence[Path], linter: Any, name: str = "corpus") -> Result:
    items = [item for path in paths for item in load_corpus(path)]
    predict(items, linter)
    return score(name, items)


def main_corpus() -> list[Path]:
    return [p for p in (CORPUS / "fr.jsonl", CORPUS / "en.jsonl") if p.exists()]


def heldout_corpus(kind: str = "heldout") -> list[Path]:
    return sorted((CORPUS / kind).glob("*.jsonl"))


def render(result: Result) -> str:
    lines = [f"== {result.name} ({len(result.items)} items)"]
    lines.append(f"{'lang':<5}{'category':<10}{'prec':>7}{'recall':>8}{'F1':>7}{'support':>9}")
    for (lang, cat), s in sorted(result.scores.items()):
        lines.append(
            f"{lang:<5}{cat:<10}{s.precision:>7.3f}{s.recall:>8.3f}{s.f1:>7.3f}{s.support:>9}"
        )
    for lang, (fp, total) in sorted(result.clean.items()):
        lines.append(f"{lang}: false positives on clean items {fp}/{total} = {fp / total:.1%}")
    return "\n".join(lines)


def render_errors(result: Result) -> str:
    lines = []
    for item in result.items:
        if item.predicted != item.labels:
            missed = ",".join(sorted(item.labels - item.predicted)) or "-"
            extra = ",".join(sorted(item.predicted - item.labels)) or "-"
            codes = ",".join(item.codes) or "-"
            lines.append(
                f"{item.id} [{item.stage}] missed={missed} extra={extra} codes={codes}: {item.text}"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--errors",
        nargs="?",
        const="main",
        choices=LISTABLE,
        help="list the misclassified items of one set: the main corpus (the default), the "
        "development set or the billing-system texts (held-out items are never listed, so "
        "tuning rules cannot leak them)",
    )
    parser.add_argument("--rules", action="append", default=[], help="extra rule file")
    args = parser.parse_args(argv)
    from tactful.lint import Linter

    linter = Linter(rules=args.rules or None)
    for name, paths in (
        ("main", main_corpus()),
        ("dev", heldout_corpus("dev")),
        ("dev2", heldout_corpus("dev2")),
        ("train", heldout_corpus("train")),
        ("train2", heldout_corpus("train2")),
        ("train3", heldout_corpus("train3")),
        ("train4", heldout_corpus("train4")),
        ("train5", heldout_corpus("train5")),
        ("train6", heldout_corpus("train6")),
        ("train7", heldout_corpus("train7")),
        ("billing", heldout_corpus("billing")),
        ("heldout", heldout_corpus()),
        ("fresh3", heldout_corpus("fresh3")),
        ("fresh4", heldout_corpus("fresh4")),
        ("fresh5", heldout_corpus("fresh5")),
    ):
        if not paths:
            continue
        result = evaluate(paths, linter, SET_TITLES.get(name, name))
        print(render(result))
        if args.errors == name:
            print(render_errors(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
