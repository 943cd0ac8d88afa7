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
from bisect import bisect_left
from itertools import accumulate, compress
from operator import itemgetter

__all__ = ["ELISIONS", "Tokens", "fold", "tokenize"]

_NUM = r"\d+(?:[\u00a0\u202f ]\d{3})*(?:[.,]\d+)*"

#: French elided forms and their lemma
ELISIONS: dict[str, str] = {
    "l'": "le", "d'": "de", "qu'": "que", "n'": "ne", "s'": "se", "j'": "je",
    "m'": "me", "t'": "te", "c'": "ce", "jusqu'": "jusque", "lorsqu'": "lorsque",
    "puisqu'": "puisque",
}  # fmt: skip

# Token regexes, one capturing group: ``split`` gives the text between tokens and the
# tokens, alternately. The branches are tried in order at each position (a number before
# a word, an elision or a contraction before a plain word).
#: a text without digits or apostrophes: its tokens are its runs of word characters
_WORDS_RE = re.compile(r"(\w+)")
#: a text without apostrophes (the branches that need one would never match)
_PLAIN_RE = re.compile("(" + _NUM + r"|\w+)")
_FR_RE = re.compile(
    "(" + _NUM
    + r"|aujourd'hui|quelqu'une?s?|presqu'île|prud'hom\w*"
    + r"|(?:jusqu|lorsqu|puisqu|qu|[ldnsjmtc])'(?=\w)"  # an elision
    + r"|\w+)"
)  # fmt: skip
_EN_RE = re.compile("(" + _NUM + r"|n't\b|\w+?(?=n't\b)|'(?:ll|re|ve|s|d|m)\b|\w+)")
_EN_NO_NEG_RE = re.compile("(" + _NUM + r"|'(?:ll|re|ve|s|d|m)\b|\w+)")

#: punctuation: it is no token, it ends a sentence (``.!?…`` or a blank line) or a clause
_MARK = re.compile(r'[.!?…,;:()«»"“”—–\n]')
_SENTENCE_MARKS = ".!?…"
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_DIGIT = re.compile(r"\d")
_first_char = itemgetter(0)

_EN_CLITICS = {"n't": "not", "'ll": "will", "'re": "be", "'ve": "have", "'m": "be"}
_EN_NEG_STEMS = {"wo": "will", "ca": "can", "sha": "shall"}
#: text-message spellings read as the words they stand for ("how can u live with urself");
#: only one-token ones ("2day" is two tokens, "2" and "day") and none that opens a clause
_EN_SMS = {
    "u": "you", "ur": "your", "urself": "yourself", "pls": "please", "plz": "please",
    "thx": "thanks", "msg": "message", "txt": "text", "b4": "before", "ppl": "people",
    "wot": "what", "wat": "what", "tmrw": "tomorrow", "2moro": "tomorrow", "2morrow": "tomorrow",
}  # fmt: skip

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


class Tokens:
    """Word tokens of one text as parallel lists (fast to build and scan).

    ``norms[i]`` is the lowercased form used for matching (``le`` for ``l'``,
    ``not`` for ``n't``); ``sents[i]`` / ``clauses[i]`` number the sentence and
    clause holding token ``i``; ``nums`` holds the indexes of number tokens;
    ``spans[s]`` is sentence ``s``'s ``(first token, past its last token)``; ``lower`` is
    the text lowercased, apostrophes ’ and ʼ made ' (what the tokens were read from).
    ``clauses`` is numbered on first use from what :func:`_clause_numbers` needs (only
    negation looks at clauses: most texts never do), and so is ``line_spans``.
    """

    __slots__ = (
        "_clause_starts", "_clauses", "_line_spans", "_pending", "ends", "lower", "norms",
        "nums", "sents", "spans", "starts", "text",
    )  # fmt: skip

    def __init__(
        self,
        text: str,
        norms: list[str],
        starts: list[int],
        ends: list[int],
        sents: list[int],
        spans: list[tuple[int, int]],
        nums: set[int],
        pending: tuple[str, list[str], set[int], set[int]],
        lower: str,
    ) -> None:
        self.text = text
        self.lower = lower
        self.norms = norms
        self.starts = starts
        self.ends = ends
        self.sents = sents
        self.spans = spans
        self.nums = nums
        self._pending = pending
        self._clauses: list[int] | None = None
        self._clause_starts: list[int] = []
        self._line_spans: list[tuple[int, int]] | None = None

    @property
    def clauses(self) -> list[int]:
        clauses = self._clauses
        if clauses is None:
            clauses, self._clause_starts = _clause_numbers(*self._pending)
            self._clauses = clauses
        return clauses

    @property
    def clause_starts(self) -> list[int]:
        """Per token, the first token of its clause."""
        if self._clauses is None:
            self._clauses, self._clause_starts = _clause_numbers(*self._pending)
        return self._clause_starts

    @property
    def line_spans(self) -> list[tuple[int, int]]:
        spans = self._line_spans
        if spans is None:
            spans = self._line_spans = _line_spans(self)
        return spans

    def __len__(self) -> int:
        return len(self.norms)

    def __repr__(self) -> str:
        return f"Tokens({self.text!r}, norms={self.norms!r}, sents={self.sents!r})"


def _line_spans(toks: Tokens) -> list[tuple[int, int]]:
    """``toks.spans``, a line break between two tokens ending a sentence too (list items,
    headings, address lines)."""
    spans = toks.spans
    text = toks.text
    if "\n" not in text:
        return spans
    starts, ends = toks.starts, toks.ends
    out = []
    for i, end in spans:
        for j in range(i + 1, end):
            if text.find("\n", ends[j - 1], starts[j]) >= 0:
                out.append((i, j))
                i = j
        out.append((i, end))
    return out


def _lower(text: str) -> str:
    low = text.lower().replace("’", "'").replace("ʼ", "'")
    return low if len(low) == len(text) else "".join(c.lower()[:1] or c for c in text)


def _regex(low: str, lang: str, digits: bool) -> re.Pattern[str]:
    if "'" not in low:
        return _PLAIN_RE if digits else _WORDS_RE
    if lang == "fr":
        return _FR_RE
    return _EN_RE if "n't" in low else _EN_NO_NEG_RE


def tokenize(text: str, lang: str) -> Tokens:
    """Split ``text`` into word tokens for language ``lang`` (``fr`` or ``en``).

    Few Python steps per token: one ``split`` gives the tokens and, by their lengths, their
    offsets; the punctuation marks (a few per text) then number the sentences and clauses.
    """
    low = _lower(text)
    digits = _DIGIT.search(low) is not None
    regex = _regex(low, lang, digits)
    parts = regex.split(low)  # between tokens, token, between, token, …, between
    raw = parts[1::2]
    n = len(raw)
    offsets = list(accumulate(map(len, parts)))
    starts = offsets[0:-1:2]
    ends = offsets[1::2]
    nums = set(compress(range(n), map(str.isdecimal, map(_first_char, raw)))) if digits else set()
    sents, spans, marks = _sentences(low, raw, starts, ends, digits)
    if regex is _FR_RE:
        norms = list(map(ELISIONS.get, raw, raw))
    elif regex is _EN_RE or regex is _EN_NO_NEG_RE:
        norms = list(map(_EN_CLITICS.get, raw, raw))
        if regex is _EN_RE:  # "won't" → "will" + "not"
            for k in range(1, n):
                if raw[k] == "n't" and ends[k - 1] == starts[k]:
                    norms[k - 1] = _EN_NEG_STEMS.get(norms[k - 1], norms[k - 1])
    else:
        norms = raw
    if lang == "en" and not _EN_SMS.keys().isdisjoint(norms):
        norms = list(map(_EN_SMS.get, norms, norms))
    return Tokens(text, norms, starts, ends, sents, spans, nums, (lang, raw, *marks), low)


def _sentences(
    low: str, raw: list[str], starts: list[int], ends: list[int], digits: bool
) -> tuple[list[int], list[tuple[int, int]], tuple[set[int], set[int]]]:
    """Per token, its sentence number; per sentence, its token span; and the tokens after a
    sentence mark and those after a clause mark not after a sentence mark (what
    :func:`_clause_numbers` needs).

    Between two tokens, a sentence mark starts a new sentence. Marks before the first token
    or after the last one count for nothing.
    """
    n = len(raw)
    new_sentence: set[int] = set()
    new_clause: set[int] = set()
    if n > 1:  # the marks between the first token and the last one
        for m in _MARK.finditer(low, ends[0], starts[-1]):
            p = m.start()
            i = bisect_left(starts, p)  # the token after the mark
            if digits and ends[i - 1] > p:
                continue  # inside a number
            c = low[p]
            if c in _SENTENCE_MARKS or (c == "\n" and _BLANK_LINE.match(low, p)):
                new_sentence.add(i)
            elif i not in new_sentence:
                new_clause.add(i)
    if not new_sentence:
        return [0] * n, [(0, n)] if n else [], (new_sentence, new_clause)
    sents: list[int] = []
    spans = []
    sent = last = 0
    for i in sorted(new_sentence):
        sents += [sent] * (i - last)
        spans.append((last, i))
        last = i
        sent += 1
    sents += [sent] * (n - last)
    spans.append((last, n))
    return sents, spans, (new_sentence, new_clause)


def _clause_numbers(
    lang: str, raw: list[str], new_sentence: set[int], new_clause: set[int]
) -> tuple[list[int], list[int]]:
    """Per token, its clause number and the first token of its clause: a sentence mark
    before a token starts a new clause, a clause mark before it too (both: two steps);
    without a mark, a clause word (``but``, ``mais``…) starts one."""
    n = len(raw)
    clause_words = _CLAUSE_WORDS.get(lang, frozenset())
    opening: list[int] | tuple[()] = ()
    if not clause_words.isdisjoint(raw):  # (an elision's raw form ends with "'": none)
        opening = [i for i in range(1, n) if raw[i] in clause_words]
    if not (new_sentence or new_clause or opening):
        return [0] * n, [0] * n
    clauses: list[int] = []
    starts: list[int] = []
    clause = last = 0
    for i in sorted(new_sentence.union(new_clause, opening)):
        clauses += [clause] * (i - last)
        starts += [last] * (i - last)
        last = i
        if i in new_sentence:
            clause += 2 if i in new_clause else 1
        else:
            clause += 1
    clauses += [clause] * (n - last)
    starts += [last] * (n - last)
    return clauses, starts
