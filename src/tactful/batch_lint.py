"""Lint summaries for many rendered messages, reusing the work messages share.

Messages rendered from one template differ only in their data: most of their
paragraphs are word for word the same from one message to the next. Blank lines
end sentences for the linter, and its wording rules and most checks look no
further than a sentence, so a paragraph's findings do not depend on the rest of
the text. :class:`LintSummariser` therefore lints each paragraph once (cached
by its text, locale, stage, channel and profile) and runs the checks that
measure the whole text (readability, the exclamation count per message,
shouting) on the full text. The result equals linting the whole message (tests/test_batch.py
compares both on every built-in template); a text carrying a
``tactful: ignore[...]`` comment is linted whole, since a suppression may reach
across paragraphs.

Two whole-text checks also take what they need from the paragraphs, cached with them
(:class:`_Piece`), when that gives their exact result:

* readability: a text's words and syllables are those of its paragraphs, added up, and so
  are its sentences, counted over runs of paragraphs that end with ``.``, ``!`` or ``?``
  (a sentence never runs on past one); the score is then the one
  :func:`~tactful.lint.readability.reading_ease` computes on the whole text;
* shouting: a word can only be flagged if it is in capitals, of letters only, long enough,
  not an allowed acronym, not on a heading line and not right after a bank code; when no
  paragraph holds such a word the check finds nothing and is skipped, else it runs on the
  whole text as before.

A summary counts findings; it never holds a matched wording (the match may be
debtor data).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping
from typing import Any, NamedTuple

from .config import Config
from .lint import Linter
from .lint.checks import (
    _CAPS_WORD,
    _allowed,
    _caps_run,
    _headings,
    _per_profile,
    emphatic_words,
    run_check,
)
from .lint.readability import _memo, ease, sentences_found, text_words
from .lint.tokens import tokenize

__all__ = ["LOCAL_CHECKS", "TEXT_ONLY_CHECKS", "LintSummariser", "summarise"]

#: checks that look no further than a sentence (or a match): linted per paragraph, cached.
#: ``model`` scores sentences, and keeps those no wording rule of its category matched in
#: the same sentence: both within the paragraph.
#: Every other check (readability, the exclamation count, shouting, which tells headings by
#: the rest of the text — and any check added later) runs on the whole text of every message.
LOCAL_CHECKS = frozenset({"placeholder", "sentence-length", "model"})
#: whole-text checks that read the text only, so the tokens need not be computed for them
TEXT_ONLY_CHECKS = frozenset({"readability", "exclamations", "shouting"})
_CACHE_LIMIT = 20_000  # paragraphs kept; cleared when full so memory stays bounded

Hit = tuple[str, str, str]  # code, category, severity
#: what ends a sentence for the readability count (``readability._SENTENCE``)
_SENTENCE_END = frozenset(".!?")
#: a capitalised word right after one of these is a bank code, never shouting (``_shouting``)
_CODES = ("BIC", "SWIFT", "IBAN")
_NO_WORDS: frozenset[str] = frozenset()


class _Piece(NamedTuple):
    """What the linter finds in one paragraph, and its share of the whole-text checks."""

    hits: tuple[Hit, ...]  # the sentence-local rules' findings
    words: int  # readability words (text_words)
    syllables: int  # their syllables
    sentences: int  # sentences found, less the ignored ones of at most two words
    closed: bool  # ends with . ! or ?: no sentence runs on into the next paragraph
    capitals: frozenset[str]  # the words in capitals the shouting check may flag (see below)


def _capitals(piece: str, shortest: int | None) -> frozenset[str]:
    """The words of ``piece`` in capitals, letters only and at least ``shortest`` long (none when
    None) that the shouting check may flag in any text holding it as a paragraph: not those on
    a line that is a heading within the piece (more lines around only keep it one), nor those
    right after a bank code on their line."""
    if shortest is None or _caps_run(shortest).search(piece) is None:
        return _NO_WORDS  # (the check's own first test: no such word without such a run)
    matches = list(_CAPS_WORD.finditer(piece))
    if not any(len(word) >= shortest and word.isupper() and word.isalpha()
               for word in (m.group() for m in matches)):
        return _NO_WORDS
    out: set[str] = set()
    headings = _headings(piece) if "\n" in piece else []
    previous, previous_end = "", -1
    for m in matches:
        word, start = m.group(), m.start()
        if headings and any(a <= start < b for a, b in headings):
            continue
        after_code = previous in _CODES and piece.find("\n", previous_end, start) < 0
        previous, previous_end = word, m.end()
        if not after_code and len(word) >= shortest and word.isupper() and word.isalpha():
            out.add(word)
    return frozenset(out)


def _piece_stats(
    piece: str, lang: str, hits: tuple[Hit, ...], shortest: int | None = 1
) -> _Piece:
    """A piece's findings and counts; ``shortest`` is the fewest letters a shouted word has
    (the shouting rules' smallest ``min_letters``; None without such a rule)."""
    words = text_words(piece)
    return _Piece(hits, len(words), sum(map(_memo(lang).__getitem__, words)),
                  sentences_found(piece), piece[-1:] in _SENTENCE_END, _capitals(piece, shortest))


def _readability_hits(
    pieces: list[str], stats: list[_Piece], lang: str, params: Mapping[str, Any], profile: Any,
    runs: dict[str, int] | None = None,
) -> int:
    """The number of findings of the readability check on ``"\n\n".join(pieces)``; ``runs``
    keeps the sentence counts of runs of paragraphs (bounded: emptied when full)."""
    words = sum(p.words for p in stats)
    if words < int(params.get("min_words", 30)):
        return 0
    sentences, start = 0, 0
    for end, piece in enumerate(stats):
        if piece.closed or end == len(stats) - 1:
            if end == start:
                sentences += piece.sentences
            else:  # a sentence may run on across these paragraphs: count them together
                run = "\n\n".join(pieces[start : end + 1])
                count = runs.get(run) if runs is not None else None
                if count is None:
                    count = sentences_found(run)
                    if runs is not None:
                        if len(runs) >= _CACHE_LIMIT:
                            runs.clear()
                        runs[run] = count
                sentences += count
            start = end + 1
    score = 0.0  # reading_ease of a text without words
    if words:
        score = ease(words, max(1, sentences), sum(p.syllables for p in stats), lang)
    return int(score < _per_profile(params.get("min_score"), profile, 50.0, lang))


def _fewest_letters(params: Mapping[str, Any]) -> int:
    """The fewest letters of a word a shouting rule with ``params`` may flag."""
    emphatic = emphatic_words(tuple(params.get("emphatic", ())))
    return min((int(params.get("min_letters", 4)), *map(len, emphatic)))


def _may_shout(stats: list[_Piece], params: Mapping[str, Any]) -> bool:
    """Whether a paragraph holds a word the shouting check could flag."""
    min_letters = int(params.get("min_letters", 4))
    allow = _allowed(tuple(params.get("allow", ())))
    emphatic = emphatic_words(tuple(params.get("emphatic", ())))
    return any((len(word) >= min_letters or word in emphatic) and word not in allow
               for piece in stats for word in piece.capitals)


def summarise(hits: list[Hit]) -> dict[str, Any]:
    """``{"ok", "findings", "severities", "categories", "codes"}`` for a list of hits."""
    if not hits:
        return {"ok": True, "findings": 0, "severities": {}, "categories": {}, "codes": {}}
    return {
        "ok": not any(sev in ("warning", "error") for _c, _k, sev in hits),
        "findings": len(hits),
        "severities": dict(Counter(sev for _c, _k, sev in hits)),
        "categories": dict(Counter(cat for _c, cat, _s in hits)),
        "codes": dict(sorted(Counter(code for code, _k, _s in hits).items())),
    }


class LintSummariser:
    """Summarise the tone findings of rendered messages (see the module docstring)."""

    def __init__(self, linter: Linter | None = None) -> None:
        self.full = linter or Linter()
        base = self.full.config
        whole = tuple(
            r.code for r in self.full.rules if r.check is not None and r.check not in LOCAL_CHECKS
        )
        ignore = (*base.ignore, *whole) if base is not None else whole
        rules = tuple(base.rules) if base is not None else ()
        severity = dict(base.severity) if base is not None else {}
        select = tuple(base.select) if base is not None else ()
        self._parts = Linter(config=Config(select=select, ignore=ignore, severity=severity,
                                           rules=rules))
        self._whole = [r for r in self.full.rules if r.code in whole]
        self._shortest = min((_fewest_letters(r.params) for r in self._whole
                              if r.check == "shouting"), default=None)
        self._cache: dict[tuple[Any, ...], _Piece] = {}
        #: sentence counts of runs of paragraphs a sentence may span (bounded)
        self._runs: dict[str, int] = {}
        self.hits = self.misses = 0

    def hits_of(self, message: Any) -> list[Hit]:
        """(code, category, severity) of every finding in the message's subject and text."""
        text: str = message.text
        subject: str = message.subject or ""
        opts = {"locale": message.locale, "stage": message.stage, "channel": message.channel,
                "profile": message.profile}
        if "tactful:" in text or "tactful:" in subject:
            report = self.full.lint(message)
            return [(f.code, f.category, f.severity) for f in report.all_findings]
        key = (opts["locale"], opts["stage"], opts["channel"], opts["profile"])
        lang = str(opts["locale"]).split("_", 1)[0]
        pieces = text.split("\n\n")
        count = len(pieces)
        if subject:  # one line, linted on its own like a paragraph
            pieces.append(subject)
        stats = self._pieces(pieces, key, opts, lang)
        out = [hit for piece in stats for hit in piece.hits]
        del pieces[count:], stats[count:]  # the text's own paragraphs
        profile = opts["profile"]
        for rule in self._whole:
            if not rule.applies(opts["stage"], opts["channel"], profile):
                continue
            assert rule.check is not None
            severity = self.full.severity(rule, opts["stage"])
            found = 0
            for part in (subject, text) if subject else (text,):
                if part is text and rule.check == "readability":
                    found += _readability_hits(pieces, stats, lang, rule.params, profile,
                                               self._runs)
                    continue
                if part is text and rule.check == "shouting" and not _may_shout(stats,
                                                                                 rule.params):
                    continue
                # tokenising is the cost this class exists to avoid: only for checks that use it
                toks: Any = None if rule.check in TEXT_ONLY_CHECKS else tokenize(part, lang)
                found += len(run_check(rule.check, part, toks, lang, rule.params, profile))
            out.extend((rule.code, rule.category, severity) for _ in range(found))
        return out

    def summary(self, message: Any) -> dict[str, Any]:
        return summarise(self.hits_of(message))

    def _pieces(
        self, pieces: list[str], key: tuple[Any, ...], opts: dict[str, Any], lang: str
    ) -> list[_Piece]:
        """Each piece's findings and counts: from the cache, and the pieces not in it linted
        together in one call (joined by blank lines, which end sentences, so each piece gets
        the findings it would get alone: one call costs less than several)."""
        cache = self._cache
        found = [cache.get((*key, piece)) for piece in pieces]
        missing = [piece for piece, entry in zip(pieces, found, strict=True) if entry is None]
        self.hits += len(pieces) - len(missing)
        if not missing:
            return found  # type: ignore[return-value]
        self.misses += len(missing)
        missing = list(dict.fromkeys(missing))  # a piece repeated in one message: lint it once
        starts, pos = [], 0
        for piece in missing:
            starts.append(pos)
            pos += len(piece) + 2
        buckets: list[list[Hit]] = [[] for _ in missing]
        for f in self._parts.lint("\n\n".join(missing), **opts).findings:
            buckets[bisect_right(starts, f.start) - 1].append((f.code, f.category, f.severity))
        if len(cache) + len(missing) > _CACHE_LIMIT:
            cache.clear()
        new = {piece: _piece_stats(piece, lang, tuple(hits), self._shortest)
               for piece, hits in zip(missing, buckets, strict=True)}
        for piece, entry in new.items():
            cache[(*key, piece)] = entry
        return [entry if entry is not None else new[piece]
                for piece, entry in zip(pieces, found, strict=True)]
