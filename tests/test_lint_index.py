"""The indexed token matching (tactful.lint.index) finds exactly what trying every
pattern at every token finds, on the labelled corpus and the rule examples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tactful.lint import Linter
from tactful.lint.engine import _Context
from tactful.lint.matcher import match_items
from tactful.lint.prefilter import lowered
from tactful.lint.tokens import tokenize

CORPUS = Path(__file__).parent / "corpus"


def _texts() -> list[tuple[str, str]]:
    out = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append((json.loads(line)["text"], path.stem[:2]))
    return out


def _starts(items: Any) -> list[int]:
    """Items a match can start with: the first, and the next while those before are optional."""
    ks = []
    for k, item in enumerate(items):
        if item[0] == "g":
            break
        ks.append(k)
        if not item[-1]:
            break
    return ks


def _brute_force(linter: Linter, ctx: _Context, active: list[bool]) -> set[tuple[int, int, int]]:
    toks, lang, found = ctx.toks, ctx.lang, set()
    for ri, rule in enumerate(linter.rules):
        if not active[ri] or rule.check is not None:
            continue
        for pattern in rule.patterns.get(lang, []):
            if pattern.items is None:
                continue
            for i in range(len(toks)):
                for k in _starts(pattern.items):
                    item = pattern.items[k]
                    hit = toks.norms[i] in item[1] if item[0] == "f" else i in toks.nums
                    end = ctx.sentence(i)[1]
                    j = match_items(pattern.items, k + 1, toks, i + 1, end) if hit else -1
                    if j >= 0 and ctx.keep(rule, pattern, i, j):
                        found.add((ri, toks.starts[i], toks.ends[j - 1]))
    return found


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


def test_indexed_matching_equals_brute_force(linter: Linter) -> None:
    texts = _texts()
    assert len(texts) > 100
    active = linter._active_mask(None, None, None)  # every rule
    total = 0
    for text, lang in texts:
        toks = tokenize(text, lang)
        linter.lint(text, locale=lang)  # builds the language index
        index = linter._indexes[lang]
        indexed = linter._token_matches(index, active, _Context(linter, toks, lang))
        expected = _brute_force(linter, _Context(linter, toks, lang), active)
        assert {m[:3] for m in indexed} == expected, text
        total += len(expected)
    assert total > 100  # the corpus exercises the patterns


def test_literal_scan_equals_one_test_per_regex_on_the_corpus(linter: Linter) -> None:
    checked = 0
    for text, lang in _texts():
        linter.lint(text, locale=lang)  # builds the language index
        index = linter._indexes[lang]
        low = lowered(text)
        if low is None:
            continue
        expected = {
            n
            for n, entry in enumerate(index.regexes)
            if entry[3] is None or any(lit in low for lit in entry[3])
        }
        assert index.scan.which(low) == expected, text
        checked += len(expected)
    assert checked > 100
