"""The compiled artefact: freshness, fast warm path, and lemma parity with spaCy."""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

from _helpers import run_python_warm
from tactful._resources import data_path
from tactful.lint import Linter
from tactful.lint.artefact import (
    DEFAULT_ARTEFACT,
    dump_artefact,
    parse_artefact,
    read_artefact,
)
from tactful.lint.tokens import tokenize

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_RULES = Path(__file__).parent / "fixtures" / "rules" / "traps.yaml"
HEAVY = ("spacy", "pydantic", "yaml", "jinja2", "babel", "textstat", "nltk")


def test_committed_artefact_is_fresh() -> None:
    artefact = read_artefact(DEFAULT_ARTEFACT)
    assert artefact is not None, "unreadable: run `python -m tactful.lint.compile`"
    source = hashlib.sha256(data_path("tone_rules.yaml").read_bytes()).hexdigest()
    hint = "stale: run `python -m tactful.lint.compile` and commit _compiled/default.jsonl"
    assert artefact["sources"] == [source], hint
    assert artefact["lookups"] == version("spacy-lookups-data"), hint


def _resolved(artefact: dict[str, Any]) -> dict[str, Any]:
    """A parsed artefact with every lazy part read: what the compiler produced."""
    out = dict(artefact, vocab=artefact["vocab"]())
    out["rules"] = [
        dict(rule, patterns={lang: load() for lang, load in rule["patterns"].items()})
        if "patterns" in rule
        else rule
        for rule in artefact["rules"]
    ]
    return out


def test_artefact_round_trips_through_its_lines() -> None:
    first = read_artefact(DEFAULT_ARTEFACT)
    assert first is not None
    resolved = _resolved(first)
    again = parse_artefact(dump_artefact(resolved).encode("utf-8"))
    assert again is not None
    assert _resolved(again) == resolved
    assert any(rule.get("patterns", {}).get("fr") for rule in resolved["rules"])


def test_a_language_decodes_only_its_own_line() -> None:
    artefact = read_artefact(DEFAULT_ARTEFACT)
    assert artefact is not None
    sections = {
        lang: load.func.__self__  # type: ignore[attr-defined]
        for rule in artefact["rules"]
        for lang, load in rule.get("patterns", {}).items()
    }
    linter = Linter.from_artefact(artefact)
    report = linter.lint("We will take you to court tomorrow.", locale="en", stage="reminder")
    assert [f.category for f in report.findings if f.category == "threat"]
    assert sections["en"]._decoded is not None
    assert sections["fr"]._decoded is None  # the French forms were never decoded


def test_other_formats_are_compiled_again(tmp_path: Path) -> None:
    old = tmp_path / "rules-old.jsonl"
    old.write_text('{"format": 1, "rules": []}\n', encoding="utf-8")
    assert read_artefact(old) is None
    assert read_artefact(tmp_path / "missing.jsonl") is None
    assert parse_artefact(b"not json\n") is None


def test_warm_lint_path_imports_nothing_heavy(tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("Vous devriez avoir honte. Payez IMMÉDIATEMENT !!", encoding="utf-8")
    script = (
        "import sys\n"
        "from tactful.cli import main\n"
        f"code = main(['lint', {str(letter)!r}])\n"
        f"print('HEAVY', sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    proc = run_python_warm(script, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "HEAVY []"


def _corpus_texts() -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {"fr": [], "en": []}
    for lang in texts:
        path = ROOT / "tests" / "corpus" / f"{lang}.jsonl"
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            texts[lang] = [json.loads(line)["text"] for line in lines if line.strip()]
    return texts


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_lemma_parity_with_spacy_lookup_lemmatizer(lang: str, tmp_path: Path) -> None:
    """For tokens in the compiled rule vocabulary, our lemma set holds spaCy's lemma."""
    spacy = pytest.importorskip("spacy")
    texts = _corpus_texts()[lang]
    linters = [Linter(), Linter(rules=FIXTURE_RULES)]
    for linter in linters:
        texts += [
            e if isinstance(e, str) else e["text"]
            for rule in linter.rules
            for kind in ("flag", "pass")
            for e in rule.examples.get(lang, {}).get(kind, [])
        ]
    nlp = spacy.blank(lang)
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    vocab = set().union(*(linter.vocab.get(lang, {}) for linter in linters))
    checked = agreed = 0
    for doc in nlp.pipe(texts):
        ours = tokenize(doc.text, lang)
        by_start = {s: n for s, n in zip(ours.starts, ours.norms, strict=True)}
        for token in doc:
            if token.text.lower() not in vocab:
                continue
            checked += 1
            norm = by_start.get(token.idx)
            lemmas = set().union(*(lin.lemmas(norm, lang) for lin in linters)) if norm else set()
            agreed += token.lemma_.lower() in lemmas
    rate = agreed / checked if checked else 1.0
    print(f"{lang}: lemma parity {agreed}/{checked} = {rate:.1%}")
    assert checked > 0
    assert rate >= 0.95
