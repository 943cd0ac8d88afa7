"""Batch throughput: `tactful render --batch` with and without --lint, 1 and 2 workers.

Generates N varied requests (the four examples, the three channels, a different
amount, reference and debtor name per row) as JSONL in a temporary directory,
runs the batch in-process for each configuration and prints messages/s and the
projected time for 1 000 000 messages. ``--profile`` also splits one worker's
time per message into decoding + validation, rendering, lint and serialisation.

CPU µs/message counts every process (parent and workers; the parent's share is
shown too): on a shared machine the wall-clock rate drops when other jobs take the
cores, the CPU cost does not. Each line also shows how many cores were free during
the run (a CPU-bound loop timed alone and on every core at once) and the rate the
CPU cost allows on an idle machine (cores / CPU per message, and the parent alone
must keep up).

A calibration measured in the same run (bench_render.py's: bare Jinja2 on a body-sized template)
makes the figures comparable across machines: each line also gives the messages per CPU second
as a ratio to bare Jinja2 renders per CPU second. The issue's target (8 300 messages/s on 2 cores
where bare Jinja2 renders ~30 000/s) is a ratio of about 0.14 per core.

Run: python benchmarks/bench_batch.py [-n 20000] [--workers 1 2] [--lint off|on|both] [--profile]
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_render import calibration

from tactful.batch import BatchOptions, _Job, run_batch

ROOT = Path(__file__).resolve().parents[1]
CHANNELS = ("email", "letter", "sms")


def requests(count: int) -> list[bytes]:
    bases = [json.loads(p.read_text(encoding="utf-8"))
             for p in sorted((ROOT / "examples").glob("*.json"))]
    lines = []
    for i in range(count):
        data = copy.deepcopy(bases[i % len(bases)])
        data["channel"] = CHANNELS[i % len(CHANNELS)]
        data["debtor"]["name"] = f"Client {i:07d}"
        debt = data["debts"][0]
        debt["amount"] = f"{1000 + i % 9000}.{i % 100:02d}"
        debt.pop("amount_paid", None)
        debt["reference"] = f"REF-{i:07d}"
        lines.append(json.dumps(data).encode() + b"\n")
    return lines


def _cpu() -> tuple[float, float]:
    """CPU seconds of (this process, its reaped children: the pool's workers)."""
    t = os.times()
    return t.user + t.system, t.children_user + t.children_system


def timed_run(source: Path, out: Path, options: BatchOptions) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of the parent, CPU seconds of the workers)."""
    start, (parent, children) = time.perf_counter(), _cpu()
    result = run_batch(source, out, options, stderr=io.StringIO())
    elapsed = time.perf_counter() - start
    assert result.failed == 0 and not result.interrupted, result
    parent_end, children_end = _cpu()
    return elapsed, parent_end - parent, children_end - children


def _burn(_: int) -> float:
    start, total = time.perf_counter(), 0
    for i in range(3_000_000):
        total += i
    return time.perf_counter() - start


def free_cores() -> float:
    """How many cores the machine gives right now: a CPU-bound loop timed alone and in
    ``cpu_count`` processes at once (other jobs on a shared machine take the rest)."""
    import multiprocessing

    count = os.cpu_count() or 1
    with multiprocessing.get_context("fork").Pool(count) as pool:
        alone = min(pool.map(_burn, [0]) + pool.map(_burn, [0]))
        together = sum(pool.map(_burn, range(count))) / count
    return count * alone / together


def profile(lines: list[bytes]) -> None:
    """CPU time per message of each step, one process, warm (each step over the same rows)."""
    sample = lines[: min(len(lines), 3000)]
    job = _Job(BatchOptions(lint=True), None)
    for raw in sample[:300]:  # warm the template and lint caches as a long batch would
        job.row(0, raw)

    def cpu(step: Any, items: list[Any]) -> tuple[float, list[Any]]:
        start = time.process_time()
        out = [step(item) for item in items]
        return (time.process_time() - start) / len(items) * 1e6, out

    decode, requests_ = cpu(job.request, sample)  # as a row: shared parties validated once
    render, messages = cpu(job.renderer.render, requests_)
    lint, _ = cpu(job.summariser.summary, messages)
    serialise, _ = cpu(lambda message: job.lines.line(1, message), messages)
    plain = _Job(BatchOptions(), None)
    for raw in sample[:300]:
        plain.row(0, raw)
    row, _ = cpu(lambda raw: plain.row(0, raw), sample)
    print(f"per message, one process (CPU µs): decode+validate {decode:.0f}, render {render:.0f}, "
          f"serialise {serialise:.0f}, lint summary {lint:.0f}; whole row without lint {row:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=20_000, help="rows per run")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--profile", action="store_true", help="split the per-message cost")
    parser.add_argument("--lint", choices=("off", "on", "both"), default="both",
                        help="runs without lint, with it, or both")
    args = parser.parse_args()
    lines = requests(args.n)
    small = max(1, args.n // 4)
    jinja_rate, babel_rate = calibration(2000, 5)
    print(f"calibration (CPU time): bare Jinja2 {jinja_rate:.0f} renders/s, babel money + date "
          f"{babel_rate:.0f}/s (the issue's machine: ~30 000/s and ~9 000/s)")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "requests.jsonl"
        source.write_bytes(b"".join(lines))
        head = Path(tmp) / "head.jsonl"
        head.write_bytes(b"".join(lines[:small]))
        print(f"{args.n} rows ({source.stat().st_size / args.n:.0f} bytes per request); "
              f"marginal rate from runs of {small} and {args.n} rows, so that start-up "
              "(processes, template compilation) counts once in the projection")
        for lint in {"off": (False,), "on": (True,), "both": (False, True)}[args.lint]:
            for workers in args.workers:
                options = BatchOptions(lint=lint, workers=workers)
                out = Path(tmp) / "out.jsonl"
                t_small, p_small, w_small = timed_run(head, out, options)
                cores = free_cores()
                t_full, p_full, w_full = timed_run(source, out, options)
                size = out.stat().st_size / args.n
                out.unlink()
                rate = (args.n - small) / max(t_full - t_small, 1e-9)
                startup = max(t_small - small / rate, 0.0)
                rows = args.n - small
                parent = (p_full - p_small) / rows
                work = (w_full - w_small) / rows
                cpu = parent + work
                million = startup + 1_000_000 / rate
                # what the CPU cost allows on idle cores: workers share the work, the parent
                # (reading, writing) runs beside them; with one worker it does everything
                n_cpu = os.cpu_count() or 1
                if workers > 1:
                    ceiling = min(workers, n_cpu) / max(cpu, 1e-12)
                    ceiling = min(ceiling, 1 / max(parent, 1e-12))
                else:
                    ceiling = 1 / max(cpu, 1e-12)
                print(f"lint={'on ' if lint else 'off'} workers={workers}: "
                      f"{rate:7.0f} messages/s (whole run {args.n / t_full:5.0f}/s), "
                      f"start-up {startup:4.1f} s, 1 000 000 in {million / 60:5.1f} min"
                      f" | CPU {cpu * 1e6:4.0f} µs/message (parent {parent * 1e6:3.0f}), "
                      f"{size:.0f} bytes per result | {cores:.1f} cores free; "
                      f"idle-machine ceiling {ceiling:5.0f}/s | per CPU second "
                      f"{1 / max(cpu, 1e-12) / jinja_rate:.3f} x bare Jinja2")
        if args.profile:
            profile(lines)


if __name__ == "__main__":
    main()
