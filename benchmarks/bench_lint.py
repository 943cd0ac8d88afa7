"""Tone-linter performance: cold CLI start, warm throughput, peak memory.

    python benchmarks/bench_lint.py [--runs 7] [--seconds 3]

Prints (no assertion): the median wall and CPU time of ``tactful lint`` on a short
French and a short English file (fresh process each run, warm OS cache), warm
``Linter.lint_many`` throughput in words per wall second on one core, per CPU second and
per CPU second of the fastest pass (targets: ≤ 0.25 s cold, ≥ 200 000 words/s), and the
peak RSS of the linter (target ≤ 150 MB). On a loaded machine compare the CPU
figures. It first says which linter it measures: a regular install (``pip install .``)
runs the hot modules compiled with mypyc, an editable one runs them interpreted, about a
fifth slower (``hatch_build.py``).

Throughput is measured on two workloads, because the figure depends on the text:

* **corpus items**: the labelled corpus (``tests/corpus/*.jsonl``), one to three sentences
  each, about half of them harmful. Short texts pay the per-text costs on few words, and
  dense harmful wording makes most candidate matches go through the context checks
  (negation, stage, nearby words): the hard case.
* **rendered messages**: every built-in template rendered with every example request
  (letters, emails and SMS at all stages and profiles, about 180 words each), linted at
  their own stage, channel and profile: what a batch run with ``--lint`` or a template
  repository's CI lints.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"

SAMPLES = {
    "fr": (
        "Bonjour Madame Martin,\n\nVotre facture F-2026-001 de 120,00 € reste impayée. "
        "Sans règlement sous huitaine, nous engagerons des poursuites. "
        "Vous pouvez nous appeler pour convenir d'un échéancier.\n"
    ),
    "en": (
        "Dear Ms Smith,\n\nYour invoice F-2026-001 for £120.00 is still unpaid. "
        "If we do not hear from you, we may take legal action. "
        "You can call us to agree a payment plan.\n"
    ),
}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cold_start(runs: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU time of ``python -m tactful lint FILE`` per language (CPU time
    is the figure to compare on a loaded machine)."""
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for lang, text in SAMPLES.items():
            path = Path(tmp) / f"{lang}.txt"
            path.write_text(text, encoding="utf-8")
            cmd = [sys.executable, "-m", "tactful", "lint", str(path), "--stage", "reminder"]
            subprocess.run(cmd, capture_output=True, check=False)  # warm the OS cache
            times, cpu = [], []
            for _ in range(runs):
                start, cpu_start = time.perf_counter(), _children_cpu()
                subprocess.run(cmd, capture_output=True, check=False)
                times.append(time.perf_counter() - start)
                cpu.append(_children_cpu() - cpu_start)
            out[lang] = statistics.median(times), statistics.median(cpu)
    return out


def corpus_items() -> list[tuple[str, dict[str, str]]]:
    items = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                raw = json.loads(line)
                options = {"locale": path.stem[:2], "stage": raw.get("stage") or "reminder"}
                items.append((raw["text"], options))
    if not items:
        items = [(text, {"locale": lang, "stage": "reminder"}) for lang, text in SAMPLES.items()]
    return items


def rendered_items() -> list[tuple[str, dict[str, str]]]:
    """Every built-in template rendered with every example request, with its lint options."""
    from tactful.rendering import Renderer

    renderer = Renderer()
    items = []
    for path in sorted((ROOT / "examples").glob("*.json")):
        base = json.loads(path.read_text(encoding="utf-8"))
        for stage in ("courtesy", "reminder", "second_reminder", "formal_notice", "final_notice"):
            for channel in ("letter", "email", "sms"):
                for profile in ("standard", "first_time", "repeat", "hardship", "business"):
                    request = dict(base, stage=stage, channel=channel, profile=profile)
                    message = renderer.render(request)
                    options = {"locale": message.locale, "stage": stage, "channel": channel,
                               "profile": profile}
                    items.append((message.text, options))
    return items


def throughput(
    items: list[tuple[str, dict[str, str]]], seconds: float
) -> tuple[float, float, int, float]:
    """Warm ``lint_many`` words per wall second and per CPU second over ``items``, repeated
    for ``seconds``, and per CPU second of the fastest pass (the figure least disturbed by
    other work on a shared machine)."""
    from tactful.lint import Linter

    linter = Linter()
    words_per_pass = sum(len(text.split()) for text, _ in items)
    linter.lint_many(items)  # warm-up
    words = 0
    fastest = float("inf")
    start, cpu_start = time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        pass_start = time.process_time()
        linter.lint_many(items)
        fastest = min(fastest, time.process_time() - pass_start)
        words += words_per_pass
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    return words / wall, words / cpu, words, words_per_pass / fastest


def build_kind() -> str:
    """Which linter is measured: the mypyc-compiled modules of a regular install, or the
    interpreted ones of an editable install (see ``hatch_build.py``)."""
    from tactful.lint import matcher

    if Path(matcher.__file__ or "").suffix == ".py":
        return "pure Python (editable install, or built with TACTFUL_PURE_PYTHON)"
    return "compiled with mypyc (regular install)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    print(f"linter measured: {build_kind()}")
    for lang, (seconds, cpu) in cold_start(args.runs).items():
        print(
            f"cold `tactful lint` ({lang}, median of {args.runs}): {seconds * 1000:.0f} ms"
            f" wall, {cpu * 1000:.0f} ms CPU"
        )
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    for name, load in (("corpus items", corpus_items), ("rendered messages", rendered_items)):
        items = load()
        rate, cpu_rate, words, best = throughput(items, args.seconds)
        each = sum(len(text.split()) for text, _ in items) / len(items)
        print(
            f"warm lint_many, {name} ({len(items):,} texts, {each:.0f} words each):"
            f" {rate:,.0f} words/s on one core, {cpu_rate:,.0f} words per CPU second"
            f" ({words:,} words), fastest pass {best:,.0f} words per CPU second"
        )
        if name == "corpus items":  # before the renderer (Jinja, babel, pydantic) is loaded
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"peak RSS of the linter: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
