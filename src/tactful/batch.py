"""Batch rendering: a JSONL or CSV file of requests → a JSONL file of results.

:func:`run_batch` streams the input (one row in memory per worker, plus a
bounded number of chunks in flight), renders every row it can, and writes one
result line per row, in input order::

    {"row": 7, "status": "ok", "message": {...}, "audit": {...}, "lint": {...}}
    {"row": 8, "status": "error", "error": {"kind": "request", "message": "...",
     "fields": ["debts[0].amount"]}}

A bad row never stops the batch; its error names the row and the fields,
never a value. With ``workers > 1`` rows are rendered by a
:mod:`multiprocessing` pool (ordered ``imap`` over chunks of :data:`CHUNK` raw
rows). The :class:`~tactful.rendering.Renderer` (and linter) is built once in
the parent and inherited by the forked workers; a worker writes a chunk's encoded
result lines to a file of its own in a private spool directory next to the output,
and the parent has the kernel copy that file into the output: the parent parses
nothing, and the lines (4 KB a row, gigabytes a batch) are not pickled through a pipe.
Output goes through
:class:`~tactful.batch_output.PartialOutput` (nothing half-written; resumable).
"""

from __future__ import annotations

import itertools
import os
import queue
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

from .batch_input import (
    Column,
    RowError,
    SharedParties,
    csv_columns,
    decode_csv,
    decode_jsonl,
    read_rows,
)
from .batch_output import OkLines, PartialOutput, dumps_line, partial_path
from .errors import InputError, RequestError, TactfulError

__all__ = ["BatchOptions", "BatchResult", "describe", "run_batch"]

CHUNK = 512  # rows per task sent to a worker (one task, one result blob)
IN_FLIGHT = 3  # chunks per worker queued ahead (bounds memory)
OVERRIDES = ("locale", "stage", "channel", "profile")


@dataclass(frozen=True)
class BatchOptions:
    """What to render and how; ``overrides`` replace request fields in every row."""

    templates: tuple[str, ...] = ()
    lint: bool = False
    overrides: tuple[tuple[str, str], ...] = ()
    workers: int = 1


@dataclass
class BatchResult:
    """Counts of a finished (or interrupted) run."""

    ok: int = 0
    failed: int = 0
    skipped: int = 0  # rows already in the partial file (--resume)
    failed_rows: list[int] = field(default_factory=list)  # the first 100
    interrupted: bool = False

    @property
    def exit_code(self) -> int:
        """0 every row rendered, 1 some rows failed, 130 interrupted."""
        if self.interrupted:
            return 130
        return 1 if self.failed else 0


# ---------------------------------------------------------------- one row


class _Job:
    """Turns raw rows into result lines; one per process."""

    def __init__(self, options: BatchOptions, header: list[str] | None) -> None:
        from .models import parse_request, passes_text_check, plain_ascii_json
        from .rendering import Renderer

        self.parse = parse_request
        self.plain_json = plain_ascii_json

        self.renderer = Renderer(list(options.templates))
        self.overrides = dict(options.overrides)
        #: JSONL rows whose text is plain skip the per-field text check (CSV rows do not)
        self.check_plain = header is None and all(map(passes_text_check, self.overrides.values()))
        self.header = header
        self.columns: list[Column] | None = csv_columns(header) if header is not None else None
        self.summariser: Any = None
        if options.lint:
            from .batch_lint import LintSummariser

            self.summariser = LintSummariser()
        self.lines = OkLines()
        self.parties = SharedParties()

    def decode(self, raw: Any) -> dict[str, Any]:
        if isinstance(raw, RowError):
            raise raw
        if self.columns is not None:
            assert self.header is not None
            return decode_csv(raw, self.columns, self.header)
        return decode_jsonl(raw)

    def request(self, raw: Any) -> Any:
        """The validated request of a raw row (raises RowError or RequestError)."""
        data = self.decode(raw)
        if self.overrides:
            data.update(self.overrides)
        self.parties.substitute(data)
        return self.parse(data, texts_checked=self.check_plain and self.plain_json(raw))

    def row(self, number: int, raw: Any) -> tuple[int, bytes, str | None]:
        """``(row number, result line as UTF-8 with its newline, error text for stderr or None)``.

        The line is encoded here, in the worker, so the writing process only copies bytes."""
        try:
            message = self.renderer.render(self.request(raw))
            lint = self.summariser.summary(message) if self.summariser is not None else None
            line = self.lines.line(number, message, lint)
        except RowError as exc:
            return _error(number, "input", str(exc), [])
        except RequestError as exc:
            text = "invalid request: " + "; ".join(f"{f}: {m}" for f, m in exc.problems)
            return _error(number, "request", text, [f for f, _m in exc.problems])
        except TactfulError as exc:
            return _error(number, "render", str(exc), [])
        except RecursionError:
            return _error(number, "input", "nested too deeply", [])
        except Exception as exc:  # a bug must not lose the other rows; no value is shown
            return _error(number, "internal", f"unexpected {type(exc).__name__}", [])
        return number, line, None


def _error(number: int, kind: str, message: str, fields_: list[str]) -> tuple[int, bytes, str]:
    record = {"row": number, "status": "error",
              "error": {"kind": kind, "message": message, "fields": fields_}}
    return number, dumps_line(record), f"row {number}: {message}"


_JOB: _Job | None = None
#: whether this worker has frozen its warm state (see _run_chunk)
_WARM = False
#: the directory where workers leave their chunks' result lines (set before the pool starts)
_SPOOL: str | None = None
_CHUNK_FILES = itertools.count()

Chunk = list[tuple[int, Any]]
#: what a worker sends back for a chunk: its result lines (as one blob, or the name and size
#: of the spool file that holds them), the number of rows, and ``(row, error text)`` of the
#: failed ones
Done = tuple[bytes | tuple[str, int], int, list[tuple[int, str]]]


def _init_worker(options: BatchOptions, header: list[str] | None, spool: str | None) -> None:
    global _JOB, _SPOOL
    _SPOOL = spool
    # the parent handles Ctrl-C and SIGTERM and stops the pool
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if _JOB is None:  # not forked (spawn): nothing inherited, build it here
        _JOB = _Job(options, header)


def _run_chunk(chunk: Chunk) -> Done:
    """Render a chunk in a worker: one bytes blob back, so the parent only writes it."""
    global _WARM
    assert _JOB is not None
    lines: list[bytes] = []
    failures: list[tuple[int, str]] = []
    for number, raw in chunk:
        _n, line, problem = _JOB.row(number, raw)
        lines.append(line)
        if problem is not None:
            failures.append((number, problem))
    if not _WARM:
        # After its first chunk a worker holds what every later row reuses (compiled
        # templates, formatters, validators, the linter's indexes): frozen, the collector's
        # full passes no longer walk them again and again. Rows leave little cyclic
        # garbage, and the worker is tactful's own process (not a library user's).
        import gc

        gc.freeze()
        _WARM = True
    if _SPOOL is None:
        return b"".join(lines), len(chunk), failures
    return _spool(_SPOOL, lines), len(chunk), failures


def _spool(directory: str, lines: list[bytes]) -> tuple[str, int]:
    """Write ``lines`` to a new file of ``directory``: ``(its path, its size)``."""
    path = os.path.join(directory, f"{os.getpid()}-{next(_CHUNK_FILES)}")
    size = sum(map(len, lines))
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        done = os.writev(handle, lines) if lines else 0  # (a chunk is far below IOV_MAX)
        if done < size:  # a short write: the rest by hand
            rest = memoryview(b"".join(lines))[done:]
            while rest:
                rest = rest[os.write(handle, rest):]
    finally:
        os.close(handle)
    return path, size


# ---------------------------------------------------------------- the run


def _chunks(rows: Iterable[tuple[int, Any]], size: int) -> Iterator[Chunk]:
    chunk: Chunk = []
    for item in rows:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@lru_cache(maxsize=1)
def _pool_class() -> Any:
    """:class:`multiprocessing.pool.Pool` whose worker-handler thread does not wake on results.

    The stock pool's handler thread waits on the result pipe besides the workers' exits and
    its change notifier, so for as long as a result is in the pipe — a chunk's result lines
    are megabytes, read through a 64 KiB pipe — its wait returns at once and it loops: about
    250 times a chunk, taking the parent's CPU and the GIL that the thread reading the
    results needs. It has nothing to do on a result (it restarts workers that exited,
    whose sentinels it still waits on, and stops when notified), so it waits without the
    pipe. ``_get_sentinels`` is the hook CPython's own ThreadPool overrides (3.8 onwards);
    a test checks that it is still there.
    """
    from multiprocessing.pool import Pool

    class QuietPool(Pool):
        def _get_sentinels(self) -> list[Any]:
            return [self._change_notifier._reader]  # type: ignore[attr-defined]

    return QuietPool


def _results(
    rows: Iterator[tuple[int, Any]],
    options: BatchOptions,
    header: list[str] | None,
    spool: str | None = None,
) -> Iterator[Done]:
    """Result lines in input order, rendered here (a row at a time) or by a pool of workers
    (a chunk at a time, left in ``spool`` when given)."""
    global _JOB, _SPOOL
    if options.workers <= 1:
        job = _Job(options, header)
        for number, raw in rows:
            _n, line, problem = job.row(number, raw)
            yield line, 1, [] if problem is None else [(number, problem)]
        return
    import gc
    import multiprocessing

    # the renderer and linter are built once, here, and inherited by forked workers
    # (copy-on-write; gc.freeze keeps the collector from touching, hence copying, them)
    fork = sys.platform.startswith("linux")
    if fork:
        _JOB = _Job(options, header)
        _SPOOL = spool
    context = multiprocessing.get_context("fork" if fork else None)
    # imap's feeder thread would read the whole input ahead: a semaphore keeps at most
    # IN_FLIGHT chunks per worker between reading and writing (constant memory)
    slots = threading.BoundedSemaphore(options.workers * IN_FLIGHT)
    stop = threading.Event()
    # The input is read by a daemon thread of our own, not by the pool's feeder thread: a
    # pipe (a FIFO, /dev/stdin) can keep a read waiting for ever, and on Ctrl-C the pool
    # joins its feeder thread before it returns. Ours can be left waiting as the run ends.
    ready: queue.SimpleQueue[Chunk | BaseException | None] = queue.SimpleQueue()

    def read() -> None:
        try:
            for chunk in _chunks(rows, CHUNK):
                while not slots.acquire(timeout=0.1):
                    if stop.is_set():
                        return
                if stop.is_set():
                    return
                ready.put(chunk)
            ready.put(None)
        except BaseException as exc:  # (an unreadable input): raised where imap reads it
            ready.put(exc)

    def bounded() -> Iterator[Chunk]:
        while not stop.is_set():
            try:
                item = ready.get(timeout=0.1)
            except queue.Empty:
                continue
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    gc.freeze()
    try:
        pool = _pool_class()(options.workers, initializer=_init_worker,
                             initargs=(options, header, spool), context=context)
    finally:
        gc.unfreeze()
    threading.Thread(target=read, name="tactful-batch-reader", daemon=True).start()
    try:
        for done in pool.imap(_run_chunk, bounded(), chunksize=1):
            slots.release()
            yield done
        pool.close()
    finally:
        stop.set()
        pool.terminate()
        pool.join()
        _JOB = _SPOOL = None


class _Progress:
    """A one-line ``\\r`` counter on stderr, only when stderr is a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.count = 0
        self.failed = 0
        self.start = time.monotonic()
        self.shown = 0.0

    def step(self, count: int, failed: int) -> None:
        before = self.count
        self.count += count
        self.failed += failed
        if self.enabled and self.count // 256 != before // 256:
            now = time.monotonic()
            if now - self.shown >= 0.2:
                self.shown = now
                self._show(now)

    def _show(self, now: float) -> None:
        rate = self.count / max(now - self.start, 1e-9)
        self.stream.write(f"\r{self.count} rows, {self.failed} failed, {rate:,.0f} rows/s ")
        self.stream.flush()

    def done(self) -> None:
        if self.enabled and self.count:
            self._show(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def run_batch(
    source: Path,
    out: Path,
    options: BatchOptions,
    *,
    resume: bool = False,
    stderr: TextIO | None = None,
) -> BatchResult:
    """Render every row of ``source`` into ``out`` (see the module docstring).

    Raises :class:`~tactful.errors.InputError` for a missing or unreadable input,
    a bad CSV header or an unusable output path, before anything is written.
    """
    err = stderr if stderr is not None else sys.stderr
    if options.workers < 1:
        raise InputError("--workers must be at least 1")
    _refuse_overwriting(source, out)
    header, rows = read_rows(source)
    output = PartialOutput(out, resume=resume)
    result = BatchResult()
    if resume and not output.resumed:
        err.write(f"tactful: no {output.partial.name} to resume: rendering every row\n")
    if output.last_row:
        result.skipped = output.last_row
        rows = ((n, raw) for n, raw in rows if n > output.last_row)
    progress = _Progress(err)
    restore = None
    if threading.current_thread() is threading.main_thread():
        restore = signal.signal(signal.SIGTERM, _raise_interrupt)
    # workers leave their lines next to the output (one filesystem: the kernel copies them),
    # in a directory only this user can read, removed when the run ends however it ends
    prefix = f".{out.name}.spool-"
    _remove_spools(out.parent, prefix)  # a killed run's (its partial file is the one kept)
    spool = None
    if options.workers > 1:
        try:
            spool = tempfile.mkdtemp(prefix=prefix, dir=out.parent)
        except OSError as exc:
            output.close()
            if not output.resumed:
                output.partial.unlink(missing_ok=True)
            raise InputError(f"--out {out}: {exc.strerror or 'cannot be written'}") from None
    results = _results(rows, options, header, spool)
    try:
        for lines, count, failures in results:
            if isinstance(lines, bytes):
                output.write(lines)
            else:
                output.append_file(*lines)
            result.ok += count - len(failures)
            result.failed += len(failures)
            for number, problem in failures:
                if len(result.failed_rows) < 100:
                    result.failed_rows.append(number)
                err.write(f"tactful: {problem}\n")
            progress.step(count, len(failures))
    except KeyboardInterrupt:
        result.interrupted = True
        output.close()
        progress.done()
        err.write(
            f"tactful: interrupted: {output.partial} holds the rows done so far "
            f"({result.ok + result.failed} in this run); to finish, run the same command "
            "with --resume\n"
        )
        return result
    except BaseException:
        output.close()
        raise
    finally:
        results.close()  # stops the pool, if any
        if spool is not None:
            shutil.rmtree(spool, ignore_errors=True)
        if restore is not None:
            signal.signal(signal.SIGTERM, restore)
    output.commit()
    progress.done()
    return result


def _same_file(a: Path, b: Path) -> bool:
    """``a`` and ``b`` are one file (another path, a symbolic or hard link to it)."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # ``b`` does not exist (yet): not the same file
        return False


def _refuse_overwriting(source: Path, out: Path) -> None:
    """The results (or the partial file they are written to) must not replace the requests."""
    if _same_file(source, out):
        raise InputError(
            f"--out {out} is the batch file {source}: the results would replace the requests; "
            "write them to another file"
        )
    if _same_file(source, partial_path(out)):
        raise InputError(
            f"--out {out}: its partial file is the batch file {source}; "
            "write the results to another file"
        )


def _remove_spools(directory: Path, prefix: str) -> None:
    """Remove the spool directories that a run killed outright left next to its output."""
    try:
        stale = [p for p in directory.iterdir() if p.name.startswith(prefix) and p.is_dir()]
    except OSError:
        return
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)


def describe(result: BatchResult, out: Path) -> str:
    """The closing line on stderr."""
    text = f"tactful: {result.ok} rendered, {result.failed} failed"
    if result.skipped:
        text += f" (resumed after row {result.skipped})"
    return text + f" -> {out}"

