"""Batch input: stream rows from a JSONL or CSV file, and turn one raw row into a request dict.

Reading and decoding are split so that the reading side (one process) only
hands out *raw* rows — bytes of a JSONL line, or the list of a CSV row's cells —
and the decoding happens in the workers. Nothing here ever keeps more than one
row in memory, and no error message quotes a cell or a line: they name the row
(by number), the column or the field.

Row numbers: in JSONL, a row's number is its line number (blank lines are
skipped but still counted); in CSV, row 1 is the first record after the header.

CSV columns map to request fields by dotted names: ``debtor.name``,
``debtor.address.lines.0``, ``debts.0.amount``, ``creditor.legal_ids.SIREN``.
A numeric segment is a list index; an empty cell means the field is absent; the
items of a list are taken in index order, so gaps (unused ``debts.1.*`` columns)
close up. See docs/batch.md.
"""

from __future__ import annotations

import csv
import json
import pickle
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic_core import from_json

from .errors import InputError

__all__ = [
    "BatchFormat", "RowError", "SharedParties", "csv_columns", "decode_csv", "decode_jsonl",
    "read_rows",
]

BatchFormat = str  # "jsonl" | "csv"
Column = tuple[str | int, ...]


class RowError(ValueError):
    """A row cannot be decoded; the message never quotes the row's content."""


def input_format(path: Path) -> BatchFormat:
    """``csv`` for ``*.csv``, else ``jsonl``."""
    return "csv" if path.suffix.lower() == ".csv" else "jsonl"


def _open(path: Path) -> Any:
    try:
        if path.is_dir():
            raise InputError(f"{path}: is a directory, not a batch file")
        return open(path, "rb")
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or 'cannot be read'}") from None


def read_rows(path: Path) -> tuple[list[str] | None, Iterator[tuple[int, Any]]]:
    """``(csv header or None, iterator of (row number, raw row))``; raises InputError early."""
    handle = _open(path)
    if input_format(path) != "csv":
        return None, _jsonl_rows(handle)
    import io

    # surrogateescape: a row with invalid UTF-8 becomes a row error, not a failed batch
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        text.close()
        raise InputError(f"{path}: empty CSV file: the first line must name the columns") from None
    except csv.Error as exc:
        text.close()
        raise InputError(f"{path}: malformed CSV header ({exc})") from None
    csv_columns(header, path)  # validate now: a bad header is a usage error, not 1M row errors
    return header, _csv_rows(reader, text)


def _jsonl_rows(handle: Any) -> Iterator[tuple[int, bytes]]:
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.isspace():  # (a line is never empty: it holds at least its newline)
                yield number, line


def _csv_rows(reader: Any, handle: Any) -> Iterator[tuple[int, Any]]:
    with handle:
        number = 0
        while True:
            number += 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error:
                yield number, RowError("malformed CSV record")
                continue
            if row:
                yield number, row


def csv_columns(header: list[str], path: Path | str = "CSV") -> list[Column]:
    """Split the header's dotted names; raise InputError naming a bad column."""
    from .models import MessageRequest

    known = set(MessageRequest.model_fields)
    columns: list[Column] = []
    seen: dict[Column, int] = {}
    for index, name in enumerate(header, start=1):
        parts = name.strip().split(".")
        if not name.strip() or any(not p for p in parts):
            raise InputError(f"{path}: column {index} has an empty or malformed name")
        if parts[0] not in known:
            raise InputError(f"{path}: column {name!r} is not a request field")
        if parts[0].isdigit():
            raise InputError(f"{path}: column {name!r} must start with a field name")
        column: Column = tuple(int(p) if p.isdigit() else p for p in parts)
        if column in seen:
            raise InputError(f"{path}: column {name!r} appears twice")
        seen[column] = index
        columns.append(column)
    for column in columns:
        for cut in range(1, len(column)):
            if column[:cut] in seen:
                prefix = ".".join(map(str, column[:cut]))
                raise InputError(f"{path}: column {prefix!r} is also used as a parent of others")
    return columns


#: what ``json.loads(text, parse_float=Decimal)`` builds on every call
_DECODER = json.JSONDecoder(parse_float=Decimal)

#: digits and dots to "0", every other byte to " ": 16 zeros in a row then mean the line
#: may hold a number with more significant digits than a float keeps (DBL_DIG is 15), or
#: just a long string of digits (read the slow way too). A translate and a substring search
#: take a few µs where a regular expression takes longer than parsing the line.
_DIGITS = bytes(48 if chr(b) in "0123456789." else 32 for b in range(256))
_LONG_NUMBER = b"0" * 16


def decode_jsonl(line: bytes) -> dict[str, Any]:
    """One JSONL line → request dict.

    pydantic-core's JSON parser reads a row in about half the time of :mod:`json`, but
    gives numbers with a fraction as floats: that is exact when no number has more than
    15 significant digits (the models turn a float into ``Decimal(repr(value))``, which
    gives those digits back; tested). A line that might hold a longer number, or that
    the fast parser refuses (malformed JSON, invalid UTF-8, lone surrogates...), is read
    by :mod:`json` with its numbers as Decimal, which also words the error.
    """
    if _LONG_NUMBER not in line.translate(_DIGITS):
        try:
            data = from_json(line)
        except ValueError:
            pass
        else:
            if type(data) is dict:
                return data
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        raise RowError("not valid UTF-8") from None
    try:
        data = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        # a row cut short is malformed at its end, not at the start of a "next line"
        column = min(exc.pos, len(text.rstrip("\r\n"))) + 1
        raise RowError(f"malformed JSON at column {column}") from None
    except RecursionError:
        raise RowError("JSON nested too deeply") from None
    if not isinstance(data, dict):
        raise RowError("the row must be a JSON object")
    return data


def decode_csv(cells: list[str], columns: list[Column], header: list[str]) -> dict[str, Any]:
    """One CSV record → request dict, following the dotted column names."""
    if len(cells) != len(columns):
        raise RowError(f"has {len(cells)} cells, the header names {len(columns)} columns")
    try:
        "".join(cells).encode("utf-8")
    except UnicodeEncodeError:  # surrogate-escaped bytes: the file is not UTF-8 here
        bad = next(n for n, c in zip(header, cells, strict=True) if _not_utf8(c))
        raise RowError(f"column {bad!r} is not valid UTF-8") from None
    root: dict[Any, Any] = {}
    for column, cell in zip(columns, cells, strict=True):
        if cell == "":
            continue
        node = root
        for part in column[:-1]:
            node = node.setdefault(part, {})
        node[column[-1]] = cell
    return _lists(root)  # type: ignore[no-any-return]


def _not_utf8(cell: str) -> bool:
    try:
        cell.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _lists(node: Any) -> Any:
    """Dicts keyed by indexes become lists, in index order."""
    if not isinstance(node, dict):
        return node
    if node and all(isinstance(k, int) for k in node):
        return [_lists(node[k]) for k in sorted(node)]
    return {k: _lists(v) for k, v in node.items()}


class SharedParties:
    """Validated ``creditor`` and ``agency`` models for the raw dicts that repeat from row to
    row (a batch is usually one creditor's): a row then carries the model instead of the
    dict, which pydantic takes as it is, and only its own fields are validated.

    A dict that does not validate on its own is left in the row, so the request's
    validation reports its problems as usual. Debtor data is never kept; at most
    :attr:`LIMIT` parties are (the cache is emptied when full).
    """

    LIMIT = 256

    def __init__(self) -> None:
        from pydantic import ValidationError

        from .models import Agency, Creditor

        self._kinds: tuple[tuple[str, Any], ...] = (("creditor", Creditor), ("agency", Agency))
        self._invalid = ValidationError
        #: (field, pickle of the raw dict) -> the validated model, or None if invalid
        self._models: dict[tuple[str, bytes], Any] = {}

    def substitute(self, data: dict[str, Any]) -> None:
        """Replace ``data``'s creditor and agency dicts by their validated models, in place."""
        models = self._models
        for field, model in self._kinds:
            raw = data.get(field)
            if type(raw) is not dict:
                continue
            # a pickle tells apart any two decoded rows' dicts that differ (in a value, a type
            # or the order of keys: it unpickles to the same) and costs less than a repr
            key = (field, pickle.dumps(raw, pickle.HIGHEST_PROTOCOL))
            found = models.get(key, _UNSEEN)
            if found is _UNSEEN:
                try:
                    found = model.model_validate(raw)
                except self._invalid:
                    found = None
                if len(models) >= self.LIMIT:
                    models.clear()
                models[key] = found
            if found is not None:
                data[field] = found


_UNSEEN = object()
