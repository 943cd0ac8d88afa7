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

A summary counts findings; it never holds a matched wording (the match may be
debtor data).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from typing import Any

from .config import Config
from .lint import Linter
from .lint.checks import run_check
from .lint.tokens import tokenize

__all__ = ["LOCAL_CHECKS", "TEXT_ONLY_CHECKS", "LintSummariser", "summarise"]

#: checks that look no further than a sentence (or a match): linted per paragraph, cached.
#: Every other check (readability, the exclamation count, shouting, which tells headings by
#: the rest of the text — and any check added later) runs on the whole text of every message.
LOCAL_CHECKS = frozenset({"placeholder", "sentence-length"})
#: whole-text checks that read the text only, so the tokens need not be computed for them
TEXT_ONLY_CHECKS = frozenset({"readability", "exclamations", "shouting"})
_CACHE_LIMIT = 20_000  # paragraphs kept; cleared when full so memory stays bounded

Hit = tuple[str, str, str]  # code, category, severity


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
        self._cache: dict[tuple[Any, ...], tuple[Hit, ...]] = {}
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
        pieces = text.split("\n\n")
        if subject:  # one line, linted on its own like a paragraph
            pieces.append(subject)
        out = self._local_hits(pieces, key, opts)
        lang = str(opts["locale"]).split("_", 1)[0]
        for rule in self._whole:
            if not rule.applies(opts["stage"], opts["channel"], opts["profile"]):
                continue
            assert rule.check is not None
            severity = self.full.severity(rule, opts["stage"])
            for part in (subject, text) if subject else (text,):
                # tokenising is the cost this class exists to avoid: only for checks that use it
                toks: Any = None if rule.check in TEXT_ONLY_CHECKS else tokenize(part, lang)
                hits = run_check(rule.check, part, toks, lang, rule.params, opts["profile"])
                out.extend((rule.code, rule.category, severity) for _ in hits)
        return out

    def summary(self, message: Any) -> dict[str, Any]:
        return summarise(self.hits_of(message))

    def _local_hits(
        self, pieces: list[str], key: tuple[Any, ...], opts: dict[str, Any]
    ) -> list[Hit]:
        """Hits of the sentence-local rules in each piece: from the cache, and the pieces not
        in it linted together in one call (joined by blank lines, which end sentences, so
        each piece gets the findings it would get alone: one call costs less than several)."""
        out: list[Hit] = []
        missing: list[str] = []
        cache = self._cache
        for piece in pieces:
            found = cache.get((*key, piece))
            if found is None:
                missing.append(piece)
            else:
                out.extend(found)
        self.hits += len(pieces) - len(missing)
        if not missing:
            return out
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
        for piece, hits in zip(missing, buckets, strict=True):
            cache[(*key, piece)] = tuple(hits)
        linted = set(missing)
        for piece in pieces:
            if piece in linted:
                out.extend(cache[(*key, piece)])
        return out
