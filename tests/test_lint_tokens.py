"""The run-time tokenizer: elisions, contractions, offsets, sentences, clauses."""

from __future__ import annotations

import random
import re
from typing import Any

import pytest

from tactful.lint.tokens import _EN_SMS, ELISIONS, fold, tokenize


def pieces(text: str, lang: str) -> list[tuple[str, str]]:
    toks = tokenize(text, lang)
    return [(text[a:b], n) for a, b, n in zip(toks.starts, toks.ends, toks.norms, strict=True)]


def test_french_elisions_are_split_with_lemmas() -> None:
    assert pieces("L’huissier qu'il n'a jusqu'ici", "fr") == [
        ("L’", "le"),
        ("huissier", "huissier"),
        ("qu'", "que"),
        ("il", "il"),
        ("n'", "ne"),
        ("a", "a"),
        ("jusqu'", "jusque"),
        ("ici", "ici"),
    ]


def test_french_words_with_apostrophes_stay_whole() -> None:
    assert [n for _, n in pieces("aujourd'hui quelqu'un", "fr")] == ["aujourd'hui", "quelqu'un"]


@pytest.mark.parametrize(
    ("text", "norms"),
    [
        ("won't", ["will", "not"]),
        ("can't", ["can", "not"]),
        ("haven't", ["have", "not"]),
        ("We’ll", ["we", "will"]),
        ("you're", ["you", "be"]),
        ("I've", ["i", "have"]),
    ],
)
def test_english_contractions(text: str, norms: list[str]) -> None:
    assert [n for _, n in pieces(text, "en")] == norms
    toks = tokenize(text, "en")
    assert "".join(text[a:b] for a, b in zip(toks.starts, toks.ends, strict=True)) == text


def test_numbers_are_one_token() -> None:
    toks = tokenize("Montant : 1 234,56 € au 15/03.", "fr")
    assert toks.norms[1] == "1 234,56" and 1 in toks.nums


def test_sentences_and_clauses() -> None:
    toks = tokenize("We did not call, but we will. Pay now!\n\nThanks", "en")
    assert toks.sents == [0, 0, 0, 0, 0, 0, 0, 1, 1, 2]
    assert toks.clauses[3] != toks.clauses[4]  # comma
    assert toks.clauses[4] == toks.clauses[5]  # "but" after a comma opens a single clause


def test_fold() -> None:
    assert fold("Échéance Cœur") == "echeance coeur"


# --- the split-based tokenizer agrees with a plain one-regex scan ------------------------

_REF_NUM = r"(?P<num>\d+(?:[\u00a0\u202f ]\d{3})*(?:[.,]\d+)*)"
_REF_PUNCT = r"(?P<sent>[.!?…]+|\n[ \t]*\n\s*)|(?P<clause>[,;:()«»\"“”—–\n])"
_REF = {
    "fr": re.compile(
        _REF_NUM
        + r"|(?P<word>aujourd'hui|quelqu'une?s?|presqu'île|prud'hom\w*)"
        + r"|(?P<eli>(?:jusqu|lorsqu|puisqu|qu|[ldnsjmtc])')(?=\w)|(?P<w>\w+)|"
        + _REF_PUNCT
    ),
    "en": re.compile(
        _REF_NUM
        + r"|(?P<neg>n't)\b|(?P<wneg>\w+?)(?=n't\b)|(?P<cl>'(?:ll|re|ve|s|d|m))\b|(?P<w>\w+)|"
        + _REF_PUNCT
    ),
}
_REF_CLAUSE_WORDS = {
    "fr": {"mais", "sinon", "ou", "car", "si", "lorsque", "quand", "faute", "puis"},
    "en": {"but", "or", "otherwise", "if", "because", "when", "then", "so"},
}
_REF_NORMS = {
    **ELISIONS, "n't": "not", "'ll": "will", "'re": "be", "'ve": "have", "'m": "be"
}  # fmt: skip


def _reference(text: str, lang: str) -> tuple[list[Any], ...]:
    """One scan of one regex holding tokens and punctuation, token by token."""
    low = text.lower().replace("’", "'").replace("ʼ", "'")
    if len(low) != len(text):
        low = "".join(c.lower()[:1] or c for c in text)
    norms: list[str] = []
    spans: list[tuple[int, int]] = []
    sents: list[int] = []
    clauses: list[int] = []
    nums: set[int] = set()
    sent = clause = 0
    last_sent = last_clause = -1
    for m in _REF[lang].finditer(low):
        kind, norm = m.lastgroup, m.group()
        if kind == "sent":
            if last_sent == sent:
                sent, clause = sent + 1, clause + 1
            continue
        if kind == "clause":
            if last_clause == clause:
                clause += 1
            continue
        if kind == "num":
            nums.add(len(norms))
        elif kind == "neg" and spans and spans[-1][1] == m.start():
            norms[-1] = {"wo": "will", "ca": "can", "sha": "shall"}.get(norms[-1], norms[-1])
        elif (
            kind in ("w", "word", "wneg")
            and norm in _REF_CLAUSE_WORDS[lang]
            and last_clause == clause
        ):
            clause += 1
        if kind in ("eli", "neg", "cl"):
            norm = _REF_NORMS.get(norm, norm)
        elif lang == "en":
            norm = _EN_SMS.get(norm, norm)  # the table; the scan is what is checked
        norms.append(norm)
        spans.append(m.span())
        sents.append(sent)
        clauses.append(clause)
        last_sent, last_clause = sent, clause
    return norms, [a for a, _ in spans], [b for _, b in spans], sents, clauses, sorted(nums)


_PIECES = [
    *"abcdefghijklmnopqrstuvwxyzABCÉéèàçœ_",
    *" \t\n\n\u00a0\u202f'’ʼ..,;:!?…()«»\"“”—–-/€$İ0123456789",
    "n't", "won't", "ifn't", "'ll", "'s", "l'", "qu'", "jusqu'", "lorsqu'", "aujourd'hui",
    "quelqu'une", "presqu'île", "prud'hommes", "but ", "mais ", "if ", "lorsque ", "ou ",
    "1 234,56", "3.5", "x1.2", "\n \n", "\r\n", " u ", " ur ", "urself", " b4 ", "2moro",
]  # fmt: skip


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_tokenize_agrees_with_a_token_by_token_scan(lang: str) -> None:
    rnd = random.Random(20261205)
    texts = ["", "Bonjour.", "We did not call, but we will. Pay now!\n\nThanks"]
    texts += ["".join(rnd.choices(_PIECES, k=rnd.randint(1, 30))) for _ in range(20_000)]
    for text in texts:
        toks = tokenize(text, lang)
        got = toks.norms, toks.starts, toks.ends, toks.sents, toks.clauses, sorted(toks.nums)
        assert got == _reference(text, lang), text


def test_english_text_message_spellings_read_as_words() -> None:
    toks = tokenize("Pls pay b4 Friday, u know ur boss will hear", "en")
    assert toks.norms == ["please", "pay", "before", "friday", "you", "know", "your", "boss",
                          "will", "hear"]
    assert tokenize("Je paierai u plus tard", "fr").norms[2] == "u"  # French untouched
