"""Lint summaries for many rendered messages, reusing the work messages share.

Messages rendered from one template differ only in their data: most of their
paragraphs are word for word the same from one message to the next. Blank lines
end sentences for the linter, and its wording rules and most checks look no
further than a sentence, so a paragraph's findings do not depend on the rest of
the text. :class:`LintSummariser` therefore lints each paragraph once (cached
by its text, locale, stage, channel and profile) and runs only the checks that
measure the whole text (readability, the exclamation count per message) on the
full text. The result equals linting the whole message (tests/test_batch.py
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
from .lint.checks import _per_profile, run_check
from .lint.readability import FORMULAS, count_sentences, syllables, text_words

__all__ = ["WHOLE_TEXT_CHECKS", "LintSummariser", "summarise"]

#: checks whose result depends on the whole text, not on one sentence
WHOLE_TEXT_CHECKS = frozenset({"readability", "exclamations"})
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
        whole = tuple(r.code for r in self.full.rules if r.check in WHOLE_TEXT_CHECKS)
        ignore = (*base.ignore, *whole) if base is not None else whole
        rules = tuple(base.rules) if base is not None else ()
        severity = dict(base.severity) if base is not None else {}
        select = tuple(base.select) if base is not None else ()
        self._parts = Linter(config=Config(select=select, ignore=ignore, severity=severity,
                                           rules=rules))
        self._whole = [r for r in self.full.rules if r.check in WHOLE_TEXT_CHECKS]
        self._cache: dict[tuple[Any, ...], tuple[Hit, ...]] = {}
        #: (lang, paragraph) -> (words, syllables): both add up over paragraphs
        self._stats: dict[tuple[str, str], tuple[int, int]] = {}
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
                if rule.check == "readability":
                    count = self._readability(part, lang, rule.params, opts["profile"])
                else:
                    # these checks read the text only: the tokens the linter would compute
                    # are the cost this class exists to avoid
                    no_tokens: Any = None
                    count = len(run_check(rule.check, part, no_tokens, lang, rule.params,
                                          opts["profile"]))
                out.extend((rule.code, rule.category, severity) for _ in range(count))
        return out

    def _readability(self, text: str, lang: str, params: Any, profile: Any) -> int:
        """The readability check (lint/checks.py) with its word and syllable counts summed
        over cached paragraphs; only the sentence count needs the whole text."""
        words = total = 0
        for paragraph in text.split("\n\n"):
            stats = self._stats.get((lang, paragraph))
            if stats is None:
                found = text_words(paragraph)
                stats = (len(found), sum(syllables(w.lower(), lang) for w in found))
                if len(self._stats) >= _CACHE_LIMIT:
                    self._stats.clear()
                self._stats[(lang, paragraph)] = stats
            words += stats[0]
            total += stats[1]
        if words < int(params.get("min_words", 30)):
            return 0
        minimum = _per_profile(params.get("min_score"), profile, 50.0)
        sentences = count_sentences(text)
        score = 0.0
        if words and sentences:
            base, per_sentence, per_syllable = FORMULAS.get(lang, FORMULAS["en"])
            score = base - per_sentence * words / sentences - per_syllable * total / words
        return int(score < minimum)

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
