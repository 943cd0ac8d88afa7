"""Non-lexical checks (``check:`` rules): shouting, exclamations, readability,
sentence length, leftover placeholders and the statistical second opinion (``model``).

Each check takes the text, its tokens, the language, the rule's params and the
profile, and returns :class:`Hit` values (a character span plus values for the
message: ``{score}``, ``{min}``, ``{words}``, ``{max}``, ``{cues}``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .matcher import line_sentence_spans
from .tokens import Tokens

__all__ = ["CHECKS", "Hit", "Prepared", "prepare_check", "run_check", "validate_params"]

DEFAULT_ACRONYMS = frozenset({
    "IBAN", "BIC", "SWIFT", "SEPA", "RIB", "TVA", "VAT", "SIRET", "SIREN", "URSSAF", "CNIL",
    "EUR", "USD", "GBP", "HTTP", "HTTPS", "WWW", "PDF", "FAQ", "SMS", "CEDEX", "NB", "PS",
    "FCA", "CFPB", "FDCPA", "RGPD", "GDPR", "BDF", "CCAG", "TTC", "HT", "SAS", "SARL", "LTD",
    "PLC", "LLC", "INC", "UK", "USA", "ID", "OK", "ASAP", "STOP", "CIF", "SAV", "TEG", "TAEG",
})  # fmt: skip


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    values: Mapping[str, Any] = field(default_factory=dict)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_mapping(value: Any) -> bool:
    return type(value) is dict or isinstance(value, Mapping)  # a dict without the ABC check


def _per_profile(value: Any, profile: str | None, fallback: float, lang: str = "") -> float:
    """A number, ``{profile: number}`` (``default`` for the rest) or, per language,
    ``{"fr": number-or-mapping, "en": ...}``."""
    kind = type(value)
    if kind is int or kind is float:
        return float(value)
    if _is_mapping(value) and lang in value:
        value = value[lang]
    if _is_mapping(value):
        chosen = value.get(profile or "default", value.get("default", fallback))
        return float(chosen)
    return float(value) if value is not None else fallback


# --- shouting -------------------------------------------------------------

_CAPS_WORD = re.compile(r"\b[^\W\d_a-zß-ÿ][^\W_]*\b")
#: verbs that introduce an SMS keyword ("Reply STOP", "Répondez OUI", "en répondant PAYER"):
#: such a keyword is not shouting
KEYWORD_VERB = re.compile(
    r"repl(y|ies|ying)|text(ing)?|txt|send(ing)?|typ(e|ing)|tap(ping)?"
    r"|répond\w*|envoy\w*|tap(ez|er|ant)|écri(vez|re|vant)"
)
_LAST_WORD = re.compile(r"(\w+)[\s\"'«“]*$")
#: one adverb may stand between such a verb and its keyword: "répondez simplement REPORT",
#: "just text YES" (-ment / -ly adverbs, "just", "juste")
KEYWORD_ADVERB = re.compile(r"\w{3,}(ment|ly)|just|juste")
#: a letter that is no ASCII or Latin-1 lowercase letter: every letter of a shouted word
#: is one, so a text without ``min_letters`` of them in a row cannot shout
_NOT_LOWER = r"[^\W\d_a-zß-ÿ]"


@lru_cache(maxsize=8)
def _caps_run(min_letters: int) -> re.Pattern[str]:
    # the first letter on its own: the search skips fast to a position that may start a run
    return re.compile(_NOT_LOWER + _NOT_LOWER + "{" + str(max(1, min_letters) - 1) + "}")


#: "Reply PAY for a link or CALL to talk to us", "Texte STOP ou AIDE": a second keyword
#: offered as an alternative to a first one
KEYWORD_JOINER = re.compile(r"or|ou|and|et")


def _keyword(text: str, start: int, end: int, previous_keyword: bool = False) -> bool:
    """Is the capitalised word at ``[start, end)`` a lone keyword after a verb such as
    "reply" (followed by a lowercase word or the end of the text)? After *or* / *ou*, it is
    one when ``previous_keyword`` (an earlier keyword of the same sentence) is true."""
    before = _LAST_WORD.search(text, max(0, start - 30), start)
    if before is None:
        return False
    word = before.group(1).lower()
    # "répondez simplement « REPORT »", "text just YES" (not "reply" itself)
    if not KEYWORD_VERB.fullmatch(word) and KEYWORD_ADVERB.fullmatch(word):
        before = _LAST_WORD.search(text, max(0, before.start(1) - 30), before.start(1))
        if before is None:
            return False
        word = before.group(1).lower()
    if not KEYWORD_VERB.fullmatch(word) and not (
        previous_keyword and KEYWORD_JOINER.fullmatch(word)
    ):
        return False
    after = _CAPS_WORD.match(text, end + 1) if end + 1 < len(text) else None
    return after is None or not after.group().isupper()


_LINE = re.compile(r"[^\n]+")
HEADING_MAX_WORDS = 8


def _headings(text: str) -> list[tuple[int, int]]:
    """Spans of heading lines: a short line in capitals without ``.!?`` at its end or ``!``
    anywhere (``ACCOUNT STATEMENT``, ``AVIS D'ÉCHÉANCE``), in a text that has a body in
    lowercase. A capitalised line on its own (an SMS) is no heading."""
    lines = [m for m in _LINE.finditer(text) if m.group().strip()]
    out = []
    for m in lines:
        line = m.group().strip()
        if (
            any(c.isalpha() for c in line)
            and not any(c.islower() for c in line)
            and "!" not in line
            and line[-1] not in ".?…"
            and len(line.split()) <= HEADING_MAX_WORDS
            and any(c.islower() for other in lines if other is not m for c in other.group())
        ):
            out.append((m.start(), m.end()))
    return out


@lru_cache(maxsize=32)
def _allowed(extra: tuple[Any, ...]) -> frozenset[str]:
    return DEFAULT_ACRONYMS | {str(a).upper() for a in extra}


@lru_cache(maxsize=32)
def emphatic_words(words: tuple[Any, ...]) -> frozenset[str]:
    """The shouting check's ``emphatic`` words: words shorter than ``min_letters`` that
    shout all the same when capitalised ("Pay NOW", "Do NOT ignore this")."""
    return frozenset(str(w).upper() for w in words)


@lru_cache(maxsize=32)
def _emphatic_search(words: frozenset[str]) -> Callable[[str], re.Match[str] | None] | None:
    if not words:
        return None
    alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b").search


def _shouting(
    text: str, toks: Tokens, lang: str, params: Mapping[str, Any], profile: Any
) -> list[Hit]:
    return _prepare_shouting(params, lang, profile)(text, toks)


def _prepare_shouting(params: Mapping[str, Any], lang: str, profile: Any) -> Prepared:
    min_letters = int(params.get("min_letters", 4))
    caps_run = _caps_run(min_letters).search
    allow = _allowed(tuple(params.get("allow", ())))
    emphatic = emphatic_words(tuple(params.get("emphatic", ())))
    emphatic_search = _emphatic_search(emphatic)

    def shouting(text: str, toks: Tokens) -> list[Hit]:
        if caps_run(text) is None and (emphatic_search is None or emphatic_search(text) is None):
            return []
        return _shouted(text, min_letters, allow, emphatic)

    return shouting


def _shouted(
    text: str, min_letters: int, allow: frozenset[str], emphatic: frozenset[str] = frozenset()
) -> list[Hit]:
    """The shouting hits of a text holding a run of ``min_letters`` capitals or one of the
    ``emphatic`` words."""
    headings = _headings(text) if "\n" in text else []
    hits: list[Hit] = []
    previous = ""
    keyword_end = -1  # end of the last SMS keyword, for "Reply PAY … or CALL"
    for m in _CAPS_WORD.finditer(text):
        word = m.group()
        if headings and any(a <= m.start() < b for a, b in headings):
            continue
        after_code = previous in ("BIC", "SWIFT", "IBAN")
        previous = word
        if not word.isupper() or any(c.isdigit() for c in word):
            continue
        # a keyword of any length ("Reply PAY") lets a second one after "or" pass
        same_sentence = keyword_end >= 0 and not _SENTENCE_END.search(text, keyword_end, m.start())
        if _keyword(text, m.start(), m.end(), same_sentence):
            keyword_end = m.end()
            continue
        if (
            (len(word) < min_letters and word not in emphatic)
            or word in allow or after_code or not word.isalpha()
        ):
            continue
        if _reference(text, m):
            continue
        if hits and text[hits[-1].end : m.start()].strip(" \t-'’") == "":
            hits[-1] = Hit(hits[-1].start, m.end())
        else:
            hits.append(Hit(m.start(), m.end()))
    # an emphatic word is a word by definition, whatever the dictionary of longer words says
    return [hit for hit in hits
            if (run := text[hit.start : hit.end]) in emphatic or not _acronym(run)]


_SENTENCE_END = re.compile(r"[.!?\n]")
#: a capitalised part of a reference joined to digits: "DOSS-5521", "INV/2026/014"
_REFERENCE_JOIN = re.compile(r"[-/_]\d")
#: a card-statement descriptor glues its parts with a star: "LUMEN*SUBSCR"
_DESCRIPTOR_JOIN = re.compile(r"\*\w")


def _reference(text: str, m: re.Match[str]) -> bool:
    """Is the capitalised word ``m`` part of a reference joined to digits by ``- / _``
    ("quoting DOSS-5521", "ref. 2026-ABCD") or of a card descriptor joined by ``*``
    ("LUMEN*SUBSCR")? An identifier does not shout."""
    if _REFERENCE_JOIN.match(text, m.end()) or _DESCRIPTOR_JOIN.match(text, m.end()):
        return True
    start = m.start()
    if start >= 2 and text[start - 1] == "*" and text[start - 2].isalnum():
        return True  # the part after the star of a card descriptor ("LUMEN*SUBSCR")
    return start >= 2 and text[start - 1] in "-/_" and text[start - 2].isdigit()


def _acronym(run: str) -> bool:
    """A lone capitalised word of at most six letters that is no word of English or French
    ("NFCC", "CNIL", "HMRC") names something; "FINAL" or "URGENT" shouts."""
    from .words import MAX_LETTERS, is_word

    if len(run) > MAX_LETTERS or not run.isalpha():
        return False
    return not (is_word(run, "en") or is_word(run, "fr"))


# --- exclamations ---------------------------------------------------------

_MARK_RUN = re.compile(r"[!?]*![!?]*")


def _exclamations(
    text: str, toks: Tokens, lang: str, params: Mapping[str, Any], profile: Any
) -> list[Hit]:
    if "!" not in text:
        return []
    return _exclaimed(text, int(params.get("max_run", 1)), int(params.get("max_per_message", 1)))


def _prepare_exclamations(params: Mapping[str, Any], lang: str, profile: Any) -> Prepared:
    max_run = int(params.get("max_run", 1))
    max_total = int(params.get("max_per_message", 1))

    def exclamations(text: str, toks: Tokens) -> list[Hit]:
        return _exclaimed(text, max_run, max_total) if "!" in text else []

    return exclamations


def _exclaimed(text: str, max_run: int, max_total: int) -> list[Hit]:
    hits: list[Hit] = []
    count = 0
    for m in _MARK_RUN.finditer(text):
        count += m.group().count("!")
        if len(m.group()) > max_run or count > max_total:
            hits.append(Hit(m.start(), m.end(), {"max": max_total}))
    return hits


# --- readability ----------------------------------------------------------


def _readability(
    text: str, toks: Tokens, lang: str, params: Mapping[str, Any], profile: Any
) -> list[Hit]:
    min_words = int(params.get("min_words", 30))
    if len(text.split()) < min_words:
        return []  # dropping punctuation (count_words) never adds a word
    minimum = _per_profile(params.get("min_score"), profile, 50.0, lang)
    return _hard_to_read(text, lang, min_words, minimum)


def _prepare_readability(params: Mapping[str, Any], lang: str, profile: Any) -> Prepared:
    min_words = int(params.get("min_words", 30))
    minimum = _per_profile(params.get("min_score"), profile, 50.0, lang)

    def readability(text: str, toks: Tokens) -> list[Hit]:
        if len(text.split()) < min_words:
            return []  # dropping punctuation (count_words) never adds a word
        return _hard_to_read(text, lang, min_words, minimum)

    return readability


def _hard_to_read(text: str, lang: str, min_words: int, minimum: float) -> list[Hit]:
    from .readability import reading_ease, text_words

    counted = text_words(text)
    words = len(counted)
    if words < min_words:
        return []
    score = reading_ease(text, lang, counted)
    if score >= minimum:
        return []
    start, end = _trimmed(text, 0, len(text))
    return [Hit(start, end, {"score": round(score, 1), "min": minimum, "words": words})]


# --- sentence length ------------------------------------------------------


def _sentence_length(
    text: str, toks: Tokens, lang: str, params: Mapping[str, Any], profile: Any
) -> list[Hit]:
    return _long_sentences(toks, _per_profile(params.get("max_words"), profile, 30.0, lang))


def _prepare_sentence_length(params: Mapping[str, Any], lang: str, profile: Any) -> Prepared:
    maximum = _per_profile(params.get("max_words"), profile, 30.0, lang)

    def sentence_length(text: str, toks: Tokens) -> list[Hit]:
        return [] if len(toks.norms) <= maximum else _long_sentences(toks, maximum)

    return sentence_length


def _long_sentences(toks: Tokens, maximum: float) -> list[Hit]:
    if len(toks) <= maximum:
        return []
    # a line break ends a sentence too: list items, headings and address lines
    return [
        Hit(toks.starts[i], toks.ends[j - 1], {"words": j - i, "max": int(maximum)})
        for i, j in line_sentence_spans(toks)
        if j - i > maximum
    ]


# --- placeholders ---------------------------------------------------------

_PLACEHOLDER = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}"
    r"|%\(\w+\)[sdifr]|(?<![\w%])%[sd]\b"
    r"|(?<![^\s(\"'«]):[a-z_][a-z0-9_]*\b"
    r"|__[A-Za-z0-9_]+__|\$\{[^}\n]*\}"
    r"|\[[A-Z][A-Z0-9 _-]*\]|(?<!\{)\{\s*[A-Za-z_]\w*\s*\}(?!\})"
)
#: every placeholder holds one of these (a cheap test before the full pattern)
_PLACEHOLDER_START = re.compile(r"[{%\[$]|__|:[a-z_]")
_COLON_NAME = re.compile(r":[a-z_]")


def _may_hold_placeholder(text: str) -> bool:
    """``_PLACEHOLDER_START.search(text)``, with substring tests first (faster)."""
    return (
        "{" in text
        or "%" in text
        or "[" in text
        or "$" in text
        or "__" in text
        or (":" in text and _COLON_NAME.search(text) is not None)
    )


def _placeholder_hits(text: str, toks: Tokens) -> list[Hit]:
    return _placeholders(text) if _may_hold_placeholder(text) else []


_COMMENT = re.compile(r"\{#.*?#\}|<!--.*?-->", re.S)


def _placeholder(
    text: str, toks: Tokens, lang: str, params: Mapping[str, Any], profile: Any
) -> list[Hit]:
    return _placeholder_hits(text, toks)


def _prepare_placeholder(params: Mapping[str, Any], lang: str, profile: Any) -> Prepared:
    return _placeholder_hits  # no parameters to read


def _placeholders(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for m in _PLACEHOLDER.finditer(text):
        if m.group().startswith("{#"):
            continue  # a template comment (e.g. a suppression directive), not a leftover
        hits.append(Hit(m.start(), m.end()))
    return hits


# --- statistical second opinion ---------------------------------------------


def _quoted(cues: tuple[str, ...], lang: str) -> str:
    return ", ".join(f"« {c} »" if lang == "fr" else f"'{c}'" for c in cues)


def _model(
    text: str, toks: Tokens, lang: str, params: Mapping[str, Any], profile: Any
) -> list[Hit]:
    """Sentences the category's model (:mod:`tactful.lint.model`) scores at or above
    ``threshold`` (none in a language it has no model for); the engine drops those a wording
    rule of the category already flagged."""
    from .model import sentence_scores

    threshold = _per_profile(params.get("threshold"), profile, 0.6, lang)
    category = str(params.get("category", ""))
    return [
        Hit(toks.starts[i], toks.ends[j - 1], {"cues": _quoted(cues, lang)})
        for i, j, _prob, cues in sentence_scores(toks, lang, category, threshold=threshold)
        if cues
    ]


def _prepare_model(params: Mapping[str, Any], lang: str, profile: Any) -> Prepared | None:
    """None in a language the category has no model for (no sentence could score). The
    check also takes the character spans of the wording its category's rules flagged: no
    sentence overlapping one is scored, as no finding of the check would be reported there."""
    from .model import scorer

    threshold = _per_profile(params.get("threshold"), profile, 0.6, lang)
    scores = scorer(lang, str(params.get("category", "")), threshold)
    if scores is None:
        return None

    def model(text: str, toks: Tokens, explained: Spans = ()) -> list[Hit]:
        scored = scores(toks, explained)
        if not scored:  # most texts
            return []
        starts, ends = toks.starts, toks.ends
        return [
            Hit(starts[i], ends[j - 1], {"cues": _quoted(cues, lang)})
            for i, j, _prob, cues in scored
            if cues
        ]

    return model


Check = Callable[[str, Tokens, str, Mapping[str, Any], Any], list[Hit]]

CHECKS: dict[str, Check] = {
    "shouting": _shouting,
    "exclamations": _exclamations,
    "readability": _readability,
    "sentence-length": _sentence_length,
    "placeholder": _placeholder,
    "model": _model,
}

#: a check with its parameters read for one language and profile: text, tokens → hits (a
#: model check also takes the character spans already explained, see ``_prepare_model``)
Prepared = Callable[..., list[Hit]]
#: character spans
Spans = Sequence[tuple[int, int]]

_PREPARE: dict[str, Callable[[Mapping[str, Any], str, Any], Prepared | None]] = {
    "shouting": _prepare_shouting,
    "exclamations": _prepare_exclamations,
    "readability": _prepare_readability,
    "sentence-length": _prepare_sentence_length,
    "placeholder": _prepare_placeholder,
    "model": _prepare_model,
}


def prepare_check(name: str, params: Mapping[str, Any], lang: str, profile: Any) -> Prepared | None:
    """Check ``name`` with ``params`` read once for ``lang`` and ``profile`` (what
    ``CHECKS[name](text, toks, lang, params, profile)`` does, without reading them again
    for each text), or ``None`` when it can find nothing in ``lang`` (a model check in a
    language without a model)."""
    return _PREPARE[name](params, lang, profile)


_PARAMS: dict[str, dict[str, str]] = {
    "shouting": {"min_letters": "int", "allow": "list", "emphatic": "list"},
    "exclamations": {"max_run": "int", "max_per_message": "int"},
    "readability": {"min_score": "profiled", "min_words": "int"},
    "sentence-length": {"max_words": "profiled"},
    "placeholder": {},
    "model": {"category": "model", "threshold": "profiled", "skip_negated": "bool"},
}


def _type_problem(kind: str, value: Any) -> str | None:
    number = (int, float)
    if kind == "int" and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        return "a non-negative integer"
    if kind == "bool" and not isinstance(value, bool):
        return "true or false"
    if kind == "list" and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return "a list of strings"
    if kind == "model":
        from .model import CATEGORIES

        if value not in CATEGORIES:
            return "one of the categories a model is trained for: " + ", ".join(CATEGORIES)
    if kind == "profiled":
        values = list(value.values()) if isinstance(value, dict) else [value]
        if isinstance(value, dict):  # per language: {"fr": number or {profile: number}}
            values = [w for v in values for w in (v.values() if isinstance(v, dict) else [v])]
        if not all(isinstance(v, number) and not isinstance(v, bool) for v in values):
            return "a number, a mapping {profile: number} or {language: number or mapping}"
    return None


def validate_params(check: str, params: Mapping[str, Any]) -> str | None:
    """Return a problem description for bad ``params`` of ``check``, else None."""
    known = _PARAMS[check]
    for key, value in params.items():
        if key not in known:
            allowed = ", ".join(known) or "none"
            return f"unknown parameter {key!r} for check {check!r} (allowed: {allowed})"
        problem = _type_problem(known[key], value)
        if problem:
            return f"parameter {key!r} must be {problem}"
    return None


def run_check(
    name: str, text: str, toks: Tokens, lang: str, params: Mapping[str, Any], profile: Any
) -> list[Hit]:
    return CHECKS[name](text, toks, lang, params, profile)
