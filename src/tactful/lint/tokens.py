"""A tiny tokenizer for the linter: one compiled regex per language, no spaCy.

Text is lowercased once (apostrophes normalised) and split into *word tokens*
(words and numbers). Punctuation is not a token: it only marks sentence and
clause boundaries. French elisions are split (``l'huissier`` → ``l'`` +
``huissier``, normalised ``le`` + ``huissier``) and English contractions too
(``won't`` → ``wo`` + ``n't``, normalised ``will`` + ``not``). Offsets always
point into the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ELISIONS", "Tokens", "fold", "tokenize"]

_NUM = r"(?P<num>\d+(?:[\u00a0\u202f ]\d{3})*(?:[.,]\d+)*)"
#: other symbols match nothing: the search steps over them as over spaces
_PUNCT = r"(?P<sent>[.!?…]+|\n[ \t]*\n\s*)|(?P<clause>[,;:()«»\"“”—–\n])"

#: French elided forms and their lemma
ELISIONS: dict[str, str] = {
    "l'": "le", "d'": "de", "qu'": "que", "n'": "ne", "s'": "se", "j'": "je",
    "m'": "me", "t'": "te", "c'": "ce", "jusqu'": "jusque", "lorsqu'": "lorsque",
    "puisqu'": "puisque",
}  # fmt: skip

_FR_RE = re.compile(
    _NUM
    + r"|(?P<word>aujourd'hui|quelqu'une?s?|presqu'île|prud'hom\w*)"
    + r"|(?P<eli>(?:jusqu|lorsqu|puisqu|qu|[ldnsjmtc])')(?=\w)"
    + r"|(?P<w>\w+)|"
    + _PUNCT
)

_EN_RE = re.compile(
    _NUM
    + r"|(?P<neg>n't)\b"
    + r"|(?P<wneg>\w+?)(?=n't\b)"
    + r"|(?P<cl>'(?:ll|re|ve|s|d|m))\b"
    + r"|(?P<w>\w+)|"
    + _PUNCT
)

#: the same regexes without the branches that need an apostrophe (or "n't"): faster on
#: the texts that hold none (they would never match there)
_PLAIN_RE = re.compile(r"(?P<w>[^\W\d]\w*)|" + _NUM + "|" + _PUNCT)  # words first
_EN_NO_NEG_RE = re.compile(_NUM + r"|(?P<cl>'(?:ll|re|ve|s|d|m))\b" + r"|(?P<w>\w+)|" + _PUNCT)

_EN_CLITICS = {"n't": "not", "'ll": "will", "'re": "be", "'ve": "have", "'m": "be"}
_EN_NEG_STEMS = {"wo": "will", "ca": "can", "sha": "shall"}

#: words that open a new clause (negation does not cross them)
_CLAUSE_WORDS = {
    "fr": frozenset({"mais", "sinon", "ou", "car", "si", "lorsque", "quand", "faute", "puis"}),
    "en": frozenset({"but", "or", "otherwise", "if", "because", "when", "then", "so"}),
}

_FOLD = str.maketrans(
    "àâäáãåçéèêëíìîïñóòôöõúùûüýÿœæ",
    "aaaaaaceeeeiiiinooooouuuuyy" + "\x00\x01",
)


def fold(word: str) -> str:
    """Lowercase ``word`` and strip French/English accents (``éché`` → ``eche``)."""
    out = word.lower().translate(_FOLD)
    return out.replace("\x00", "oe").replace("\x01", "ae")


@dataclass(slots=True)
class Tokens:
    """Word tokens of one text as parallel lists (fast to build and scan).

    ``norms[i]`` is the lowercased form used for matching (``le`` for ``l'``,
    ``not`` for ``n't``); ``sents[i]`` / ``clauses[i]`` number the sentence and
    clause holding token ``i``; ``nums`` holds the indexes of number tokens.
    """

    text: str
    norms: list[str]
    starts: list[int]
    ends: list[int]
    sents: list[int]
    clauses: list[int]
    nums: set[int]

    def __len__(self) -> int:
        return len(self.norms)


def _lower(text: str) -> str:
    low = text.lower().replace("’", "'").replace("ʼ", "'")
    return low if len(low) == len(text) else "".join(c.lower()[:1] or c for c in text)


def _regex(low: str, lang: str) -> re.Pattern[str]:
    if "'" not in low:
        return _PLAIN_RE
    if lang == "fr":
        return _FR_RE
    return _EN_RE if "n't" in low else _EN_NO_NEG_RE


def tokenize(text: str, lang: str) -> Tokens:
    """Split ``text`` into word tokens for language ``lang`` (``fr`` or ``en``)."""
    low = _lower(text)
    regex = _regex(low, lang)
    clause_words = _CLAUSE_WORDS.get(lang, frozenset())
    norms: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    sents: list[int] = []
    clauses: list[int] = []
    nums: set[int] = set()
    sent = clause = 0
    last_sent = last_clause = -1  # the sentence and clause of the last token
    for m in regex.finditer(low):
        kind = m.lastgroup
        if kind == "w":  # the common case first
            norm = m.group()
            if norm in clause_words and last_clause == clause:
                clause += 1
        elif kind is None:
            continue
        elif kind == "sent":
            if last_sent == sent:
                sent += 1
                clause += 1
            continue
        elif kind == "clause":
            if last_clause == clause:
                clause += 1
            continue
        else:
            norm = m.group()
            if kind == "eli":
                norm = ELISIONS[norm]
            elif kind == "num":
                nums.add(len(norms))
            elif kind in ("neg", "cl"):
                norm = _EN_CLITICS.get(norm, norm)
                if kind == "neg" and norms and ends[-1] == m.start():
                    norms[-1] = _EN_NEG_STEMS.get(norms[-1], norms[-1])
            elif norm in clause_words and last_clause == clause:
                clause += 1
        start, end = m.span()
        norms.append(norm)
        starts.append(start)
        ends.append(end)
        sents.append(sent)
        clauses.append(clause)
        last_sent, last_clause = sent, clause
    return Tokens(text, norms, starts, ends, sents, clauses, nums)
