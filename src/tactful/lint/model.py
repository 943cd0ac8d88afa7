"""A statistical second opinion on sentences the wording rules do not know.

Lexical rules catch the wordings they list, and people who never read them find other ways to
say the same thing: on sets written blind to the rules, guilt-inducing sentences were the ones
they missed most ("I'd have expected better from someone in your position"). This module
learns, from the labelled corpus, which words and word pairs make reviewers label a sentence
with a category, and scores each sentence of a text: a ``model`` check rule (GLT900) reports a
sentence the model is confident about when no wording rule of that category already did.

The model is a logistic regression over the sentence's word forms and pairs of adjacent forms
(the tokens of :mod:`tactful.lint.tokens`), one per language and category, trained ahead of
time (``python -m tactful.lint.model``, development only: it needs numpy and the corpus in
``tests/corpus/``) into ``_compiled/model.jsonl``; a run only sums the weights of the features
a sentence has, with no import beyond the standard library, and loads the file the first time a
model check runs. The training sets are the main corpus, the sets read to tune the rules
(``dev/``, ``dev2/``, ``billing/``) and ``train/``, ``train2/`` and ``train3/`` (written blind,
for the models), never the held-out ones (``heldout/``, ``fresh3/`` to ``fresh5/``), which
measure how it does on wording it was not trained on (``benchmarks/accuracy.py``). Models exist
for guilt, pressure and threats; the rules GLT900, PRS900 and THR900 use them, with thresholds
chosen on ``train/`` (``train3/`` for threats) before it was trained on. Threat models were
tried twice and dropped before that. The first (both languages, reading the stage) read "nous
ne saisirons pas le tribunal" as a threat (words, not negation) and added false alarms on sets
it had not seen. The second (French, trained with ``train2/``) raised threat recall on
``train/`` and ``train2/``, each held out in turn (0.80 -> 0.88, 0.85 -> 0.91), with no clean
false alarm there, yet on ``fresh3/`` it caught nothing more and added a false alarm, and on
the main corpus it flagged "vos meubles, votre voiture et votre salaire ne sont pas menacés".
Marking the words after a negation (``not`` -> ``¬word``) changed nothing. The third (both
languages, with 2 × 300 more blind items: ``train3/``) was chosen on ``train3/`` held out,
which nobody had read: with THR900 at 0.7, threat recall there rose from 0.70 to 0.79 (English)
and 0.73 to 0.79 (French) with no new false alarm on its clean items nor on the main corpus; it
is shipped, trained on ``train3/`` too.

``train5/`` and ``train6/`` (2026-12-07) were tried and are not trained on. Each held out in
turn while the models trained on the other (shipped thresholds), guilt recall rose a little
(``train6/``: en 40 -> 41 of 74, fr 30 -> 32 of 71; ``train5/``: en 49 -> 51 of 81, fr 44 -> 45
of 82), threat and pressure recall did not move, nor did the clean false alarms of either set;
but trained on both, the guilt model scored the kind sentence "You have always paid on time,
so we would like to understand what has happened." at 0.62 (above GLT900's 0.6), as with
``train4/``, the English pressure model flagged a clean reassurance of the main corpus at 0.6
("don't feel you have to use a credit card or take out a loan") and one more clean ``train4/``
item was flagged (a plain explanation of time-barred debts).

Tried on 2026-12-07 and reverted: semantic classes (a hand-written lexicon per language; class,
class-pair and class+word features) and a converged fit (L2 3e-4: with 1e-3 and 400 epochs the
guilt model underfits, 0.59 recall on its own training data). Held out on ``train5/`` and
``train6/`` they caught 4-5 more guilt items in 80 with no clean false alarm added, but the
larger weights loosen the bounds that rule sentences out before their pairs are built: +7 % of a
warm lint pass. See ``tests/corpus/README.md``.

Its findings name the words that weigh most, so a copywriter sees why; what they cannot carry
is a rule's precise message and suggestions, so the rule that reports them says so.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache, partial
from itertools import pairwise
from pathlib import Path
from typing import Any

from .matcher import line_sentence_spans
from .tokens import Tokens

__all__ = [
    "TARGET", "SentenceScore", "build", "dump", "features", "inputs_digest", "is_fresh",
    "scorer", "sentence_scores",
]

TARGET = Path(__file__).parent / "_compiled" / "model.jsonl"
FORMAT = 2  # 2: the header names the languages of the lines that follow
#: the models trained: per category, its languages (where they caught what the rules miss on
#: ``train/`` held out, and for threats on ``train3/`` held out; French pressure caught
#: nothing more on either)
MODELS = {"guilt": ("fr", "en"), "pressure": ("en",), "threat": ("fr", "en")}
CATEGORIES = tuple(MODELS)
LANGUAGES = ("fr", "en")
#: corpus sets trained on, relative to ``tests/corpus`` ("" is the main corpus)
TRAINING_SETS = ("", "dev", "dev2", "billing", "train", "train2", "train3")
#: the sets never trained on (their texts are also kept out of the training sets)
HELD_OUT = ("heldout", "fresh3", "fresh4", "fresh5")
#: a feature must occur in at least this many training items
MIN_COUNT = 2
#: L2 penalty, epochs and step of the (full-batch, deterministic) gradient descent
L2, EPOCHS, STEP = 1e-3, 400, 2.0
#: sentences shorter than this many words are not scored (too few features to judge)
MIN_WORDS = 5
#: weights smaller than this are dropped from the compiled file (they change no decision)
KEEP = 0.02

SentenceScore = tuple[int, int, float, tuple[str, ...]]
#: bias, weights, their features as a set, the quiet features, the pair bounds, the word bounds
_Model = tuple[
    float, dict[str, float], frozenset[str], frozenset[str], dict[str, float], dict[str, float]
]
#: a sentence of at least MIN_WORDS words: first token, end token, its words, their set
_Sentence = tuple[int, int, list[str], set[str]]
#: character spans: a sentence overlapping one of them is not scored (see :func:`scorer`)
Spans = Sequence[tuple[int, int]]


def features(norms: Sequence[str]) -> set[str]:
    """A sentence's features: its word forms and each pair of adjacent forms."""
    return set(norms) | set(map(" ".join, pairwise(norms)))


# --- run time -------------------------------------------------------------


@cache
def _lines() -> dict[str, str]:
    """The compiled file's lines by language, undecoded (JSON Lines: a header naming the
    languages, then one line of models per language, so that a run decodes only the
    languages it lints)."""
    if not TARGET.is_file():
        return {}
    header, *lines = TARGET.read_text(encoding="utf-8").splitlines()
    return dict(zip(json.loads(header)["languages"], lines, strict=True))


@cache
def _load_lang(lang: str) -> Mapping[str, Any]:
    line = _lines().get(lang)
    return json.loads(line) if line else {}


@cache
def _model(lang: str, category: str) -> _Model | None:
    """(bias, weights, their features as a set, the features never shown as cues: function
    words and their pairs, the pair bounds, the word bounds). A set intersects a set faster
    than a dict's keys view."""
    found = _load_lang(lang).get(category)
    if found is None:
        return None
    weights = found["weights"]
    pair_bounds = _pair_bounds(weights)
    return (float(found["bias"]), weights, frozenset(weights),
            frozenset(found.get("quiet", ())), pair_bounds, _word_bounds(weights, pair_bounds))


def _pair_bounds(weights: Mapping[str, float]) -> dict[str, float]:
    """Per word, the largest positive weight of a word pair it starts: a bound on what the
    pairs can add to a sentence's score, so that most sentences are ruled out before their
    pairs are built (the bound never rules out one that would reach the threshold)."""
    bounds: dict[str, float] = {}
    for feature, weight in weights.items():
        first, space, _second = feature.partition(" ")
        if space and weight > bounds.get(first, 0.0):
            bounds[first] = weight
    return bounds


def _word_bounds(weights: Mapping[str, float], pair_bounds: Mapping[str, float]) -> dict[
        str, float]:
    """Per word, its weight plus its pair bound: for a sentence without a word twice, the
    bias plus their sum bounds the score (each pair it holds starts at a different word)."""
    bounds = {f: w + pair_bounds.get(f, 0.0) for f, w in weights.items() if " " not in f}
    for first, bound in pair_bounds.items():
        if first not in bounds:
            bounds[first] = bound
    return bounds


#: the tokens last scored, their sentences and, by sentence, its word pairs once built
#: (English texts are scored by three models in a row: the next ones reuse the first's
#: sentences and pairs)
_last: tuple[Tokens | None, list[_Sentence], dict[int, set[str]]] = (None, [], {})


def _sentences(toks: Tokens) -> tuple[list[_Sentence], dict[int, set[str]]]:
    """The sentences of ``toks`` (line breaks ending them too) that are long enough to score,
    and the word pairs built so far, by sentence."""
    global _last
    last = _last
    if last[0] is toks:
        return last[1], last[2]
    norms = toks.norms
    out = []
    for i, j in line_sentence_spans(toks):
        if j - i >= MIN_WORDS:
            words = norms[i:j]
            out.append((i, j, words, set(words)))
    _last = (toks, out, {})
    return out, _last[2]


def _logit(threshold: float) -> float:
    """The score is compared as a logit (no exp per sentence)."""
    if 0.0 < threshold < 1.0:
        return math.log(threshold / (1.0 - threshold))
    return -math.inf if threshold <= 0.0 else math.inf


def sentence_scores(
    toks: Tokens, lang: str, category: str, *, threshold: float = 0.0, cues: int = 3
) -> list[SentenceScore]:
    """Per sentence of ``toks`` scoring at least ``threshold``: ``(first token, end token,
    probability, cues)``, the cues being up to ``cues`` features that raise the score most
    (function words aside). Empty without a model."""
    model = _model(lang, category)
    if model is None:
        return []
    return _scores(model, _logit(threshold), cues, toks)


def scorer(
    lang: str, category: str, threshold: float, cues: int = 3
) -> Callable[[Any, Spans], list[SentenceScore]] | None:
    """``sentence_scores`` for these arguments as a function of the tokens and of the
    character spans of ``explained`` wording (a sentence overlapping one is not scored: the
    check reports only what no wording rule of its category did), or ``None`` without a
    model (a check rule prepares it once per language)."""
    model = _model(lang, category)
    if model is None:
        return None
    return partial(_scores, model, _logit(threshold), cues)


def _scores(
    model: _Model, cut: float, cues: int, toks: Tokens, explained: Spans = ()
) -> list[SentenceScore]:
    bias, weights, keys, quiet, pair_bounds, word_bounds = model
    out: list[SentenceScore] = []
    last = _last
    sentences, built = (last[1], last[2]) if last[0] is toks else _sentences(toks)
    for n, (i, j, words, unique) in enumerate(sentences):
        if explained:  # (a loop: a generator per sentence costs more than these few spans)
            start, end = toks.starts[i], toks.ends[j - 1]
            overlaps = False
            for s, e in explained:
                if s < end and start < e:
                    overlaps = True
                    break
            if overlaps:
                continue
        if len(unique) == len(words):  # no word twice: one sum bounds the score
            if bias + _total(word_bounds, unique) < cut:
                continue  # even the best pairs could not lift it to the threshold
            z = bias + _total(weights, unique)
        else:
            z = bias + _total(weights, unique)
            if z + _total(pair_bounds, words[:-1]) < cut:
                continue
        pairs = built.get(n)
        if pairs is None:
            pairs = built[n] = set(map(" ".join, pairwise(words)))
        z += _total(weights, pairs)
        if z < cut:
            continue
        found = (unique | pairs) & keys
        prob = 1.0 / (1.0 + math.exp(-z)) if z > -40 else 0.0
        shown = sorted(((weights[f], f) for f in found if weights[f] > 0 and f not in quiet),
                       reverse=True)
        out.append((i, j, prob, _distinct(shown, cues)))
    return out


def _total(table: dict[str, float], words: Iterable[str]) -> float:
    """The sum of the weights ``table`` gives ``words`` (a plain loop: compiled with mypyc it
    adds native floats; interpreted, ``sum(filter(None, map(table.get, words)))`` is faster)."""
    total = 0.0
    for word in words:
        weight = table.get(word)
        if weight is not None:
            total += weight
    return total


def _distinct(shown: Sequence[tuple[float, str]], count: int) -> tuple[str, ...]:
    """The first ``count`` features of ``shown`` that share no word with one kept before:
    "we gave" and "gave you" say nothing more than "gave"."""
    kept: list[str] = []
    used: set[str] = set()
    for _weight, feature in shown:
        words = feature.split(" ")
        if used.isdisjoint(words):
            kept.append(feature)
            used.update(words)
            if len(kept) == count:
                break
    return tuple(kept)


# --- training (development time) --------------------------------------------


def _corpus_root() -> Path:
    """``tests/corpus`` of the source checkout this module runs from (an editable install;
    an installed package has none, so the tests pass theirs)."""
    return Path(__file__).resolve().parents[3] / "tests" / "corpus"


def _examples(root: Path | None) -> Path:
    """``examples/`` of the checkout whose ``tests/corpus`` is ``root``."""
    return (root or _corpus_root()).parents[1] / "examples"


def _training_files(root: Path, lang: str, sets: Sequence[str] = TRAINING_SETS) -> list[Path]:
    return [root / (f"{lang}.jsonl" if not name else f"{name}/{lang}.jsonl") for name in sets]


def inputs_digest(root: Path | None = None) -> str:
    """sha256 over the training files and the training settings (what ``is_fresh`` checks)."""
    import hashlib

    root = root or _corpus_root()
    settings = (FORMAT, sorted(MODELS.items()), MIN_COUNT, L2, EPOCHS, STEP, KEEP, MIN_WORDS)
    digest = hashlib.sha256(repr(settings).encode())
    for lang in LANGUAGES:
        for path in _training_files(root, lang) + _held_out_files(root, lang):
            digest.update(path.name.encode() + path.read_bytes())
    # the built-in templates and the examples they are rendered with (template_sentences)
    from .._resources import data_path

    templates = Path(str(data_path("templates")))
    examples = _examples(root)
    for base, pattern in ((templates, "*.j2"), (examples, "*.json")):
        for path in sorted(base.rglob(pattern)):
            digest.update(path.relative_to(base).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def is_fresh(root: Path | None = None) -> bool:
    """Was ``model.jsonl`` trained on the corpus and templates as they are now?"""
    if not TARGET.is_file():
        return False
    with TARGET.open(encoding="utf-8") as handle:
        header = json.loads(handle.readline())
    return bool(header.get("inputs_sha256") == inputs_digest(root))


def dump(data: Mapping[str, Any]) -> str:
    """``data`` (what :func:`build` returns) as the compiled file's text."""
    header = {"format": data["format"], "inputs_sha256": data["inputs_sha256"],
              "languages": list(data["models"])}
    lines = [json.dumps(header, sort_keys=True)]
    lines += [json.dumps(models, ensure_ascii=False, sort_keys=True)
              for models in data["models"].values()]
    return "\n".join(lines) + "\n"


def _items(paths: Iterable[Path]) -> list[dict[str, Any]]:
    items = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                items.append(json.loads(line))
    return items


def _rows(items: Sequence[Mapping[str, Any]], lang: str, category: str) -> tuple[
        list[set[str]], list[bool]]:
    """Feature sets and labels: one row per item and, as the model scores sentences, one
    more per sentence of a clean item of several (each of its sentences is clean too)."""
    from .tokens import tokenize

    rows: list[set[str]] = []
    labels: list[bool] = []
    for item in items:
        toks = tokenize(item["text"], lang)
        rows.append(features(toks.norms))
        labels.append(category in item["labels"])
        if item["labels"]:
            continue
        spans = line_sentence_spans(toks)
        if len(spans) > 1:
            for i, j in spans:
                rows.append(features(toks.norms[i:j]))
                labels.append(False)
    return rows, labels


def train(items: Sequence[Mapping[str, Any]], lang: str, category: str) -> dict[str, Any]:
    """Fit one model: ``{"bias": float, "weights": {feature: float}, "quiet": [...]}``."""
    import numpy as np

    rows, labels = _rows(items, lang, category)
    counts: dict[str, int] = {}
    for feats in rows:
        for f in feats:
            counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    column = {f: k for k, f in enumerate(vocab)}
    x = np.zeros((len(rows), len(vocab)), dtype=np.float64)
    for r, feats in enumerate(rows):
        for f in feats:
            k = column.get(f)
            if k is not None:
                x[r, k] = 1.0
    y = np.array(labels, dtype=np.float64)
    w = np.zeros(len(vocab))
    b = 0.0
    for _ in range(EPOCHS):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        w -= STEP * (x.T @ (p - y) / len(y) + L2 * w)
        b -= STEP * float((p - y).mean())
    weights = {f: round(float(v), 4) for f, v in zip(vocab, w, strict=True) if abs(v) >= KEEP}
    stop = _stop_words(lang)
    quiet = sorted(f for f in weights if all(part in stop for part in f.split(" ")))
    return {"bias": round(b, 4), "weights": weights, "quiet": quiet}


def _stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop words of ``lang`` (development time only)."""
    if lang == "fr":
        from spacy.lang.fr.stop_words import STOP_WORDS
    else:
        from spacy.lang.en.stop_words import STOP_WORDS
    return frozenset(STOP_WORDS)


def template_sentences(lang: str, root: Path | None = None) -> list[dict[str, Any]]:
    """The sentences of the built-in templates rendered with the examples, as clean items.

    They are kind, plain collection prose that must lint clean (a test), which the corpus
    alone has too little of: without them the model reads "you have always paid on time,
    we would like to understand" as a reproach, because reproaches compare with paying on
    time too."""
    import itertools

    from ..models import Channel, Profile, Stage
    from ..rendering import Renderer
    from .tokens import tokenize

    examples = _examples(root)
    renderer = Renderer()
    seen: set[str] = set()
    items: list[dict[str, Any]] = []
    for path in sorted(examples.glob("*.json")):
        base = json.loads(path.read_text(encoding="utf-8"))
        if not str(base.get("locale", "")).startswith(lang):
            continue
        for stage, channel, profile in itertools.product(Stage, Channel, Profile):
            message = renderer.render({**base, "stage": stage.value, "channel": channel.value,
                                       "profile": profile.value})
            toks = tokenize(message.text, lang)
            for i, j in line_sentence_spans(toks):
                sentence = message.text[toks.starts[i]:toks.ends[j - 1]]
                if j - i >= 4 and sentence not in seen:
                    seen.add(sentence)
                    items.append({"text": sentence, "labels": []})
    return items


def build(root: Path | None = None, sets: Sequence[str] = TRAINING_SETS) -> dict[str, Any]:
    """Train every model on ``sets`` of the corpus under ``root`` and on the built-in
    templates' sentences."""
    root = root or _corpus_root()
    models: dict[str, dict[str, Any]] = {}
    for lang in LANGUAGES:
        items = training_items(root, lang, sets)
        models[lang] = {category: train(items, lang, category)
                        for category, languages in MODELS.items() if lang in languages}
    return {"format": FORMAT, "inputs_sha256": inputs_digest(root), "models": models}


def training_items(root: Path, lang: str, sets: Sequence[str] = TRAINING_SETS) -> list[
        dict[str, Any]]:
    """The items a model of ``lang`` learns from: ``sets`` and the templates' sentences, less
    any text that is also in a held-out set (independent writers do write the same sentence
    now and then), so that the held-out figures stay a measure of unseen wording."""
    held_out = {item["text"].casefold() for item in _items(_held_out_files(root, lang))}
    items = _items(_training_files(root, lang, sets)) + template_sentences(lang, root)
    return [item for item in items
            if item["text"].casefold() not in held_out]


def _held_out_files(root: Path, lang: str) -> list[Path]:
    return [path for path in (root / name / f"{lang}.jsonl" for name in HELD_OUT)
            if path.is_file()]


def main() -> int:
    data = build()
    TARGET.write_text(dump(data), encoding="utf-8")
    for cached in (_lines, _load_lang, _model):
        cached.cache_clear()
    sizes = {lang: {c: len(m["weights"]) for c, m in cats.items()}
             for lang, cats in data["models"].items()}
    print(f"wrote {TARGET} (features kept: {sizes})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
