"""The statistical second opinion (GLT900, ``check: model``): freshness, scoring, and how the
engine reports it only where no wording rule of its category did."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tactful.config import Config
from tactful.lint import Linter, model
from tactful.lint.checks import validate_params
from tactful.lint.tokens import tokenize

CORPUS = Path(__file__).resolve().parent / "corpus"

BLAME_EN = "We gave you every chance and this is how you repay us."
KIND_EN = "You have always paid on time, so we would like to understand what has happened."
BLAME_FR = "Nous attendions un peu plus de respect après tout ce que nous avons fait pour vous."


def _scores(text: str, lang: str, threshold: float = 0.0) -> list[model.SentenceScore]:
    return model.sentence_scores(tokenize(text, lang), lang, "guilt", threshold=threshold)


def test_compiled_model_is_fresh() -> None:
    # trained on tests/corpus (main, dev, dev2, billing) and the built-in templates
    assert model.is_fresh(CORPUS), "run python -m tactful.lint.model"


def test_blame_scores_high_and_kind_wording_low() -> None:
    [(_i, _j, blame, cues)] = _scores(BLAME_EN, "en")
    [(_i, _j, kind, _c)] = _scores(KIND_EN, "en")
    assert blame > 0.6 > kind
    assert cues and all(c not in {"you", "and", "this", "is", "us"} for c in cues)
    [(_i, _j, blame_fr, _c)] = _scores(BLAME_FR, "fr")
    assert blame_fr > 0.6


def test_threshold_keeps_only_sentences_at_or_above_it() -> None:
    text = f"{KIND_EN} {BLAME_EN}"
    scored = _scores(text, "en")
    assert len(scored) == 2
    kept = _scores(text, "en", threshold=0.6)
    assert [s[2] for s in kept] == [s[2] for s in scored if s[2] >= 0.6]
    assert len(kept) == 1


def test_line_breaks_end_sentences_and_short_ones_are_not_scored() -> None:
    text = f"Shame on you\n{BLAME_EN}"
    scored = _scores(text, "en")
    toks = tokenize(text, "en")
    # "Shame on you" (3 words) is too short to judge; the next line is a sentence of its own
    assert [toks.starts[i] for i, _j, _p, _c in scored] == [text.index("We gave")]


def test_reported_once_per_sentence_and_only_where_no_guilt_rule_matched() -> None:
    alone = Linter(config=Config(select=("GLT900",)))
    both = Linter()
    text = "Nous vous avons fait confiance et voilà comment vous nous remerciez."
    assert [f.code for f in alone.lint(text, locale="fr").findings] == ["GLT900"]
    codes = [f.code for f in both.lint(text, locale="fr").findings]
    assert "GLT900" not in codes and any(c.startswith("GLT") for c in codes)


def test_finding_spans_the_sentence_and_names_its_cues() -> None:
    text = f"Hello. {BLAME_EN}"
    [finding] = Linter(config=Config(select=("GLT900",))).lint(text, locale="en").findings
    assert text[finding.start : finding.end] == finding.match == BLAME_EN.rstrip(".")
    assert finding.category == "guilt" and finding.severity == "info"
    assert "'" in finding.message and "{cues}" not in finding.message


def test_no_compiled_model_means_no_findings(monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    monkeypatch.setattr(model, "TARGET", tmp_path / "missing.jsonl")
    for cached in (model._lines, model._load_lang, model._model):
        cached.cache_clear()
    try:
        assert _scores(BLAME_EN, "en") == []
    finally:
        monkeypatch.undo()
        for cached in (model._lines, model._load_lang, model._model):
            cached.cache_clear()
    assert _scores(BLAME_EN, "en")


def test_model_params_are_validated() -> None:
    assert validate_params("model", {"category": "guilt", "threshold": 0.6}) is None
    problem = validate_params("model", {"category": "jargon"}) or ""
    assert "guilt" in problem
    assert "threshold" in (validate_params("model", {"threshold": "high"}) or "")


def test_training_adds_clean_sentences_of_clean_items() -> None:
    items = [
        {"text": "Thank you. We hope you are well today.", "labels": []},
        {"text": "You should be ashamed of yourself.", "labels": ["guilt"]},
    ]
    rows, labels = model._rows(items, "en", "guilt")
    # the clean item, then each of its two sentences; the labelled item once
    assert labels == [False, False, False, True]
    assert "hope you" in rows[2] and "thank" in rows[1]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_threshold_shortcut_is_exact_on_the_corpus(lang: str) -> None:
    # sentences are ruled out early with a bound on what word pairs can add: the result
    # must be what scoring every sentence and filtering gives
    corpus = Path(__file__).parent / "corpus" / f"{lang}.jsonl"
    for line in corpus.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        every = _scores(text, lang)
        assert _scores(text, lang, threshold=0.6) == [s for s in every if s[2] >= 0.6], text


def test_a_language_without_a_model_is_not_scored() -> None:
    from tactful.lint.checks import run_check

    # English pressure has a model (PRS900); French pressure has none
    params = {"category": "pressure", "threshold": 0.6}
    en = "Drop everything and get this paid before the end of the day."
    fr = "Laissez tout tomber et payez avant la fin de la journée, sans discuter."
    assert run_check("model", en, tokenize(en, "en"), "en", params, None)
    assert run_check("model", fr, tokenize(fr, "fr"), "fr", params, None) == []
