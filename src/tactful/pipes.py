"""Output streams a reader may close early (``tactful check | head -1``).

A closed pipe is not the command's failure: what is left to write is dropped and
the command still ends with its own exit code (1 for findings, a batch's rows
all rendered). Standard library only.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

__all__ = ["DroppingStream", "stdout_may_close"]


def _to_devnull(stream: TextIO) -> None:
    """Point ``stream``'s file descriptor at /dev/null: what it still holds, and the
    interpreter's last flush at exit, go nowhere instead of failing again."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


@contextmanager
def stdout_may_close() -> Iterator[None]:
    """Run a block that writes a command's output; a closed stdout ends the block quietly."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        _to_devnull(sys.stdout)


class DroppingStream:
    """A text stream for progress and error lines that drops them once the reader has
    gone (a closed pipe) instead of stopping the work that writes them."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.gone = False

    def isatty(self) -> bool:
        return not self.gone and self.stream.isatty()

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                self.stream.write(text)
            except BrokenPipeError:
                self._gone()
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._gone()

    def _gone(self) -> None:
        self.gone = True
        _to_devnull(self.stream)
