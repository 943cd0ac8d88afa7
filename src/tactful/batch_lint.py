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
        out: list[Hit] = []
        key = (opts["locale"], opts["stage"], opts["channel"], opts["profile"])
        if subject:
            out.extend(self._cached(subject, key, opts, "subject"))
        for paragraph in text.split("\n\n"):
            out.extend(self._cached(paragraph, key, opts, "text"))
        lang = str(opts["locale"]).split("_", 1)[0]
        for rule in self._whole:
            if not rule.applies(opts["stage"], opts["channel"], opts["profile"]):
                continue
            assert rule.check is not None
            severity = self.full._severity(rule, opts["stage"])[0]
            for part in (subject, text) if subject else (text,):
                # tokenising is the cost this class exists to avoid: only for checks that use it
                toks: Any = None if rule.check in TEXT_ONLY_CHECKS else tokenize(part, lang)
                hits = run_check(rule.check, part, toks, lang, rule.params, opts["profile"])
                out.extend((rule.code, rule.category, severity) for _ in hits)
        return out

    def summary(self, message: Any) -> dict[str, Any]:
        return summarise(self.hits_of(message))

    def _cached(
        self, text: str, key: tuple[Any, ...], opts: dict[str, Any], part: str
    ) -> tuple[Hit, ...]:
        full_key = (*key, part, text)
        found = self._cache.get(full_key)
        if found is not None:
            self.hits += 1
            return found
        self.misses += 1
        report = self._parts.lint(text, **opts)
        found = tuple((f.code, f.category, f.severity) for f in report.findings)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[full_key] = found
        return found
