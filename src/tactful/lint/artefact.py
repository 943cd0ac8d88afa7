"""Find or build the compiled rule artefact for a chain of rule files, and read or write it.

Warm path: read ``tone_rules.yaml`` and the user files, hash them, and load
the committed artefact (default rules) or a cached one
(``$XDG_CACHE_HOME/tactful`` or ``~/.cache/tactful``) with :mod:`json` only.
Cold path (a source changed): compile with :mod:`tactful.lint.compile` (PyYAML,
pydantic, spaCy lookups) and cache the result; caching is skipped silently when
the cache directory is not writable.

The artefact is stored as JSON Lines: a header (every rule without its patterns, the
vocabulary...), then one line per language holding every rule's compiled patterns in that
language. The patterns, with every inflected form spelt out, are nine tenths of the
artefact, and a run lints one language: a line is decoded only when a rule's patterns in
its language are first needed (see ``rules._Patterns``), so ``tactful lint`` of an English
file never decodes the French forms, and the header decodes in a few milliseconds.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from .._resources import data_path
from ..errors import RuleFileError

__all__ = [
    "DEFAULT_ARTEFACT",
    "FORMAT",
    "cache_dir",
    "dump_artefact",
    "load_artefact",
    "parse_artefact",
    "read_artefact",
    "write_artefact",
]

FORMAT = 2
DEFAULT_ARTEFACT = Path(__file__).resolve().parent / "_compiled" / "default.jsonl"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tactful"


def _read_source(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise RuleFileError("file not found", path=str(path)) from None
    except OSError as exc:
        raise RuleFileError(
            f"cannot read the file ({exc.__class__.__name__})", path=str(path)
        ) from None


class _Section:
    """One line of the artefact after the header, decoded on first use."""

    __slots__ = ("_decoded", "_line")

    def __init__(self, line: bytes) -> None:
        self._line = line
        self._decoded: Any = None

    def value(self) -> Any:
        if self._decoded is None:
            self._decoded = json.loads(self._line)
            self._line = b""
        return self._decoded

    def patterns(self, index: int) -> list[Any]:
        return self.value()[index] or []  # type: ignore[no-any-return]


def dump_artefact(artefact: dict[str, Any]) -> str:
    """The artefact as JSON Lines text: the header, one line of patterns per language, then
    the vocabulary.

    In the header, a rule's ``patterns`` becomes the list of its languages; line ``k + 1``
    holds, for language ``sections[k]``, one entry per rule (its pattern list, or null); the
    last line holds ``vocab`` (needed only to report lemmas, so the header leaves it out)."""
    rules = artefact["rules"]
    langs = sorted({lang for rule in rules for lang in rule.get("patterns") or {}})
    header_rules = []
    for rule in rules:
        head = dict(rule)
        if "patterns" in head:
            head["patterns"] = sorted(head["patterns"])
        header_rules.append(head)
    header = {**artefact, "rules": header_rules, "sections": langs}
    vocab = header.pop("vocab", {})
    lines = [header] + [[(r.get("patterns") or {}).get(lang) for r in rules] for lang in langs]
    lines.append(vocab)
    return "".join(
        json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n" for line in lines
    )


def parse_artefact(data: bytes) -> dict[str, Any] | None:
    """The artefact written by :func:`dump_artefact`, each rule's ``patterns`` mapping its
    languages to a function returning the compiled patterns and ``vocab`` a function
    returning the vocabulary; ``None`` if ``data`` is not an artefact of this format (a
    cache written by another version is compiled again)."""
    first, _, rest = data.partition(b"\n")
    try:
        header = json.loads(first)
    except ValueError:
        return None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return None
    langs = header.pop("sections", [])
    lines = rest.split(b"\n", len(langs) + 1)
    if len(lines) < len(langs) + 1:
        return None
    sections = {lang: _Section(lines[k]) for k, lang in enumerate(langs)}
    for index, rule in enumerate(header.get("rules", [])):
        names = rule.get("patterns")
        if names is not None:
            rule["patterns"] = {lang: partial(sections[lang].patterns, index) for lang in names}
    header["vocab"] = _Section(lines[len(langs)]).value
    return header


def read_artefact(path: Path) -> dict[str, Any] | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return parse_artefact(data)


def write_artefact(artefact: dict[str, Any], target: Path) -> None:
    """Write ``artefact`` to ``target`` atomically (a reader never sees half a file)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(dump_artefact(artefact), "utf-8")
    tmp.replace(target)


def _write_cache(target: Path, artefact: dict[str, Any]) -> None:
    with contextlib.suppress(OSError):  # a read-only home or cache: compile again next time
        write_artefact(artefact, target)


def load_artefact(paths: Sequence[Path] = (), *, default: Path | None = None) -> dict[str, Any]:
    """Return the compiled artefact for the default rules layered with ``paths``."""
    default_path = default or data_path("tone_rules.yaml")
    sources = [hashlib.sha256(_read_source(default_path)).hexdigest()]
    sources += [hashlib.sha256(_read_source(p)).hexdigest() for p in paths]
    if not paths and default is None:
        committed = read_artefact(DEFAULT_ARTEFACT)
        if committed is not None and committed.get("sources") == sources:
            return committed
    key = hashlib.sha256(json.dumps([FORMAT, sources]).encode()).hexdigest()[:32]
    cached_path = cache_dir() / f"rules-{key}.jsonl"
    cached = read_artefact(cached_path)
    if cached is not None and cached.get("sources") == sources:
        return cached
    from .compile import compile_files

    artefact = compile_files(default_path, list(paths))
    _write_cache(cached_path, artefact)
    return artefact
