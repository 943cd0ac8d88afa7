"""Batch output that never leaves a half-written file.

Results go to ``OUT.partial``, one complete JSON line at a time; only when
every row is done is the file flushed, synced and renamed to ``OUT``
(``os.replace``, atomic on one filesystem). An interrupted run leaves
``OUT.partial`` with complete lines only — a line cut by a hard kill is
dropped when the run is resumed — and ``OUT`` is never created half-way.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path
from typing import IO, Any

from pydantic_core import to_json

from .errors import InputError

__all__ = ["OkLines", "PartialOutput", "dumps_line", "partial_path"]

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def dumps_line(record: Mapping[str, Any]) -> bytes:
    """One result line: compact JSON, non-ASCII kept, UTF-8, with its newline."""
    return (_ENCODER.encode(record) + "\n").encode("utf-8")


class OkLines:
    """The result line of a rendered row, written from a template: the same bytes as
    :func:`dumps_line` of ``{"row": N, "status": "ok", "message": {...}, "audit": {...}}``
    (and ``"lint"`` last, when given), without building that dict.

    The message's fields are serialised by pydantic-core, which escapes strings exactly as
    :class:`json.JSONEncoder` does; the audit, which only changes with the templates used,
    is encoded once per distinct audit (template names, their hashes, locales and profiles:
    no debtor data; at most :attr:`AUDITS` are kept, the cache is emptied when full).
    """

    AUDITS = 256

    def __init__(self) -> None:
        from .rendering import Audit, RenderedMessage

        #: the message's fields, in the order of the line
        self._names = tuple(f.name for f in fields(RenderedMessage) if f.name != "audit")
        self._audit_fields = tuple(f.name for f in fields(Audit))
        self._audit_plain = tuple(name for name in self._audit_fields if name != "templates")
        self._audits: dict[tuple[Any, ...], str] = {}

    def line(self, number: int, message: Any, lint: Mapping[str, Any] | None = None) -> bytes:
        # pydantic-core's serialiser escapes strings as json.JSONEncoder(ensure_ascii=False)
        # does (tested byte for byte) and hands back UTF-8 directly: ~2x faster here
        parts = [b'{"row":%d,"status":"ok","message":' % number,
                 to_json({name: getattr(message, name) for name in self._names}),
                 b',"audit":', self._audit(message.audit)]
        if lint is not None:
            parts.append(b',"lint":')
            parts.append(_ENCODER.encode(lint).encode("utf-8"))
        parts.append(b"}\n")
        return b"".join(parts)

    def _audit(self, audit: Any) -> bytes:
        templates = audit.templates
        key = (*(getattr(audit, name) for name in self._audit_plain), *templates.items())
        found = self._audits.get(key)
        if found is None:
            record = {name: getattr(audit, name) for name in self._audit_fields}
            record["templates"] = dict(templates)
            found = _ENCODER.encode(record).encode("utf-8")
            if len(self._audits) >= self.AUDITS:
                self._audits.clear()
            self._audits[key] = found
        return found


def partial_path(out: Path) -> Path:
    return out.with_name(out.name + ".partial")


class PartialOutput:
    """Append complete result lines to ``OUT.partial``; :meth:`commit` renames it to ``OUT``.

    With ``resume=True`` an existing partial file is kept: its complete lines
    stay, a trailing incomplete line is cut off, and :attr:`last_row` is the row
    number of its last line (rows are written in input order, so every row up
    to it is done). Without ``resume`` an existing partial file is an error:
    it is the work of an interrupted run, which is not thrown away silently.
    """

    def __init__(self, out: Path, *, resume: bool = False) -> None:
        self.out = out
        self.partial = partial_path(out)
        self.last_row = 0
        if not out.parent.is_dir():
            raise InputError(f"--out {out}: directory {out.parent} does not exist")
        if out.is_dir():
            raise InputError(f"--out {out}: is a directory")
        if self.partial.exists() and not resume:
            raise InputError(
                f"{self.partial} exists from an interrupted run: add --resume to continue it, "
                "or delete it to start again"
            )
        #: an interrupted run's partial file is being continued
        self.resumed = resume and self.partial.exists()
        if self.resumed:
            self._recover()
        # a resumed file is written at its end, not opened for appending: the kernel does not
        # copy into an O_APPEND file (append_file)
        mode = "r+b" if self.resumed else "wb"
        try:
            self._file: IO[bytes] = open(self.partial, mode)  # noqa: SIM115
            self._file.seek(0, os.SEEK_END)
        except OSError as exc:
            raise InputError(f"{self.partial}: {exc.strerror or 'cannot be written'}") from None

    def _recover(self) -> None:
        """Cut off anything after the last complete line of the partial file, and read the
        row number of that line."""
        with open(self.partial, "r+b") as handle:
            good_end, line = _complete_end(handle)
            if good_end:
                try:
                    row = json.loads(line)["row"]
                except (ValueError, KeyError, TypeError):
                    row = None
                if not isinstance(row, int):
                    raise InputError(f"{self.partial}: not a tactful batch output; delete it")
                self.last_row = row
            handle.truncate(good_end)

    def write(self, lines: bytes) -> None:
        """Write complete result lines (UTF-8, each ending with a newline)."""
        self._file.write(lines)

    def append_file(self, path: str, size: int) -> None:
        """Write the ``size`` bytes of complete result lines that ``path`` holds, then delete
        it. The kernel copies them (``copy_file_range``), so the lines that a worker left
        there never pass through this process."""
        self._file.flush()
        source = os.open(path, os.O_RDONLY)
        try:
            _copy(source, self._file.fileno(), size)
        finally:
            os.close(source)
            os.unlink(path)
        self._file.seek(0, os.SEEK_END)  # the buffered file learns where the kernel left off

    def flush(self) -> None:
        self._file.flush()

    def close(self) -> None:
        """Close after an interruption, keeping the complete lines only: a line whose
        write was cut by the signal is removed. The file itself is checked, not a count of
        bytes written: the signal may land after a write and before any bookkeeping."""
        if self._file.closed:
            return
        try:
            self._file.flush()
        finally:
            self._file.close()
            with open(self.partial, "r+b") as handle:
                handle.truncate(_complete_end(handle)[0])

    def commit(self) -> None:
        """Sync the partial file and rename it to the final name."""
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        os.replace(self.partial, self.out)


def _copy(source: int, target: int, size: int) -> None:
    """Copy ``size`` bytes from the current position of ``source`` to that of ``target``."""
    copy_file_range = getattr(os, "copy_file_range", None)  # Linux
    while size > 0 and copy_file_range is not None:
        try:
            done = copy_file_range(source, target, size)
        except OSError:  # another filesystem on an old kernel, or not supported by this one
            break
        if done == 0:
            raise OSError(f"{size} bytes missing from a result chunk")
        size -= done
    while size > 0:  # by hand: what the kernel did not copy
        block = os.read(source, min(size, 1 << 20))
        if not block:
            raise OSError(f"{size} bytes missing from a result chunk")
        view = memoryview(block)
        while view:
            view = view[os.write(target, view):]
        size -= len(block)


def _complete_end(handle: IO[bytes]) -> tuple[int, bytes]:
    """``(offset just after the last newline, the last complete line)`` of a file open for
    reading; read from its end (the file may be gigabytes). ``(0, b"")`` for no full line."""
    size = handle.seek(0, os.SEEK_END)
    tail = b""
    pos = size
    while pos > 0:
        step = min(pos, 1 << 16)
        pos -= step
        handle.seek(pos)
        tail = handle.read(step) + tail
        last_nl = tail.rfind(b"\n")
        if last_nl >= 0 and (pos == 0 or tail.rfind(b"\n", 0, last_nl) >= 0):
            break
    last_nl = tail.rfind(b"\n")
    if last_nl < 0:
        return 0, b""
    return pos + last_nl + 1, tail[tail.rfind(b"\n", 0, last_nl) + 1 : last_nl]
