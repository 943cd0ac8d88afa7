"""Run-time token matching: anchored patterns, gaps, negation and context guards.

Compiled items are tuples: ``("f", forms, optional)`` (a word whose lowercased
form is in ``forms``), ``("g", n)`` (a gap of 0..n tokens), ``("n", optional)``
(a number). Patterns only match inside one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress
from typing import Any

from .tokens import Tokens

__all__ = [
    "Guard",
    "Seq",
    "compile_items",
    "interned",
    "is_concessive",
    "is_cooperation_condition",
    "is_denied_question",
    "is_dispelled_fear",
    "is_negated",
    "line_sentence_spans",
    "match_items",
    "near_any",
    "sentence_bounds",
    "sentence_spans",
]

Seq = tuple[tuple[Any, ...], ...]

NEGATIONS = {
    "fr": frozenset({
        "ne", "pas", "jamais", "aucun", "aucune", "aucuns", "aucunes", "rien", "sans", "ni",
        "nullement", "nul", "nulle", "inutile",
    }),
    "en": frozenset({
        "not", "never", "no", "without", "nor", "none", "nobody", "neither", "cannot",
        "nothing",
    }),
}  # fmt: skip
#: subject pronouns: a negation before the subject of the matched verb does not apply to it
SUBJECTS = {
    "fr": frozenset({"je", "nous", "il", "elle", "ils", "elles", "on"}),
    "en": frozenset({"i", "we", "you", "he", "she", "they", "it"}),
}
NEGATION_WINDOW = 8
EN_AUXILIARIES = frozenset({
    "is", "are", "was", "were", "be", "been", "will", "would", "can", "could", "may", "might",
    "shall", "should", "must", "has", "have", "had", "does", "do", "did",
})  # fmt: skip
FR_AUXILIARIES = frozenset({
    "est", "sont", "sera", "seront", "serait", "seraient", "était", "étaient", "a", "ont",
    "aura", "auront", "peut", "peuvent", "pourra", "pourront", "pourrait", "pourraient", "va",
    "vont", "doit", "doivent", "devra", "devront",
})  # fmt: skip
#: "people who don't pay": a relative clause does not negate the match
RELATIVES = frozenset({"who", "which", "that", "whom", "qui", "que", "dont", "lequel"})
FR_CLITICS = frozenset({"en", "y", "le", "la", "les", "lui", "leur", "vous", "nous", "se"})
#: a clause opening with one of these carries on the negation of the previous one
LIST_JOINERS = {"fr": frozenset({"ou", "ni"}), "en": frozenset({"or", "nor"})}
#: a list item does not carry on a clause opening with one of these ("if you do not pay,
#: the bailiffs…" is not negated)
CONDITIONALS = frozenset({
    "if", "unless", "without", "when", "until", "because", "failing", "should", "si", "sans",
    "faute", "quand", "lorsque", "tant", "à", "a", "en", "sauf", "car",
})  # fmt: skip
#: "we will not hesitate to…", "nous n'hésiterons pas à…", "nous ne manquerons pas de…",
#: "don't be surprised when…", "ne soyez pas surpris de voir…", "n'oubliez pas que…",
#: "ne doutez pas que…", "nous n'excluons pas de…", "we don't rule out…", "we are not
#: above…", « nous ne vous cachons pas notre déception », "we won't hide that…": a negation
#: of these verbs asserts what follows (word prefixes,
#: accents folded or not)
AFFIRMING_VERBS = (
    "hesitat", "hésit", "hesit", "manqu", "surpris", "étonn", "etonn", "oubli", "forget",
    "doubt", "dout", "exclu", "rule", "above", "tard", "cacher", "cachons", "cacherons",
    "hide", "hiding",
)  # fmt: skip
#: French past-participle endings: "l'huissier mentionné sur notre courrier n'intervient
#: pas" — a participle phrase may stand between a subject match and its negated verb
FR_PARTICIPLE_ENDINGS = ("é", "ée", "és", "ées")
#: how many tokens such a participle phrase may hold
FR_PARTICIPLE_PHRASE = 8
#: relative pronouns opening a clause between a subject match and its negated verb
#: (« l'huissier dont vous parlez n'a jamais été mandaté »); not « que », which after a verb
#: opens a completive (« vos clients seront informés que votre société ne règle pas… »)
FR_OBJECT_RELATIVES = frozenset({"dont"})
#: « tant que » followed by one of these (within :data:`FR_COOPERATION_WINDOW` tokens) makes
#: the reassurance last while a dialogue or an agreement is in place (« aucune inscription
#: au FICP tant qu'un accord est en place »): a promise, not a hint that it is temporary
FR_COOPERATION = frozenset({
    "accord", "accords", "discussion", "discussions", "échange", "échanges", "dialogue",
    "contact", "échéancier", "plan", "solution", "médiation", "recours", "contestation",
})  # fmt: skip
FR_COOPERATION_WINDOW = 6


def is_cooperation_condition(toks: Tokens, i: int) -> bool:
    """Is token ``i`` the « tant » of a « tant que » whose condition is a dialogue or an
    agreement in place (« tant que nous sommes en discussion avec vous »)?"""
    norms = toks.norms
    n = len(norms)
    if norms[i] != "tant" or i + 1 >= n or norms[i + 1] != "que":
        return False
    sents = toks.sents
    for k in range(i + 2, min(i + 2 + FR_COOPERATION_WINDOW, n)):
        if norms[k] in FR_COOPERATION and sents[k] == sents[i]:
            return True
    return False


#: "there is no question of bailiffs at this stage; we simply want to agree a plan", « à ce
#: stade, votre dossier est uniquement suivi par notre service client »: a stage cue next to
#: one of these says what is happening instead, it does not hint at what comes later
STAGE_REASSURANCES = frozenset({
    "simply", "only", "just", "uniquement", "seulement", "simplement",
    "suffit",  # « il n'y a aucune amende à ce stade, il suffit de le régler en ligne »
})  # fmt: skip


def is_reassuring_stage(toks: Tokens, i: int) -> bool:
    """Is token ``i`` the start of "at this stage / point" or « à ce stade » in a sentence that
    goes on to say what is happening instead ("we simply want to agree a plan")?"""
    norms, n = toks.norms, len(toks)
    if i + 2 >= n or (norms[i], norms[i + 1]) not in (("at", "this"), ("à", "ce")):
        return False
    if norms[i + 2] not in ("stage", "point", "stade"):
        return False
    sents = toks.sents
    sent = sents[i]
    for k in range(i + 3, n):  # the rest of its sentence, not of the text
        if sents[k] != sent:
            return False
        if norms[k] in STAGE_REASSURANCES:
            return True
    return False


#: « sans doute / peine / mal / cesse » are adverbs ("surely", "easily", "constantly"), and
#: « sans autre formalité / sans préavis / sans délai / sans plus attendre » say how the step
#: is taken: the « sans » negates nothing (« vous imaginez sans peine ce qui arrive à ceux
#: qui… », « nous procéderons sans autre formalité à la saisie… »)
FR_SANS_IDIOMS = frozenset({
    "doute", "peine", "mal", "cesse", "autre", "autres", "plus", "préavis", "formalité",
    "formalités", "avertissement", "tarder", "attendre", "délai", "délais",
    "quoi",  # « sans quoi » is "otherwise": « payez, sans quoi nous saisirons… » negates nothing
})  # fmt: skip
#: "why not…" / "pourquoi ne pas…" suggest, they do not negate
SUGGESTING = frozenset({"why", "pourquoi"})
#: "accounts not paid on time are…", "factures restées sans règlement…": the cue only
#: describes the debt, it does not negate the verb of the clause
UNPAID_PARTICIPLES = frozenset({
    "paid", "received", "settled", "cleared", "honoured", "honored", "réglé", "réglée",
    "réglés", "réglées", "payé", "payée", "payés", "payées", "règlement", "paiement", "réponse",
})  # fmt: skip
#: "clients who don't pay get blacklisted", "tenants that never pay are…": a negated verb of
#: paying in a relative clause describes the debtors, it does not negate the main verb
RELATIVE_PRONOUNS_EN = frozenset({"who", "that", "which"})
UNPAID_VERBS_EN = frozenset({"pay", "pays", "settle", "settles", "reply", "replies", "respond"})
#: French negation words after « ne » that open an infinitive subject (« ne pas payer est… »)
FR_INFINITIVE_NEGATIONS = frozenset({"pas", "plus", "jamais"})
#: English "you" is an object ("take you to court") unless it opens its clause or follows
#: one of these words ("if you", "that you", "can you")
EN_SUBJECT_OPENERS = frozenset({
    "and", "that", "if", "unless", "until", "when", "whenever", "as", "while", "whether",
    "because", "before", "after", "once", "so", "but", "or", "then", "where", "since",
    "though", "although", "also", "now", "do", "does", "did", "can", "could", "will", "would",
    "shall", "should", "may", "might", "must", "have", "has", "be", "are", "were", "please",
})  # fmt: skip
#: « ne … que » is restrictive ("vous ne pensez qu'à vous"), not a negation, unless one of
#: these comes before the « que » ("vous ne payez pas que…")
FR_NEGATION_PARTNERS = frozenset({
    "pas", "plus", "jamais", "rien", "aucun", "aucune", "aucuns", "aucunes", "personne",
    "guère", "guere", "point", "nullement", "ni",
})  # fmt: skip
#: the reader: a match holding one of these judges the reader, and a negated verb after it
#: ("your irresponsible spending is not our problem") does not take the judgement back
READER_WORDS = frozenset({
    "you", "your", "yours", "yourself", "yourselves", "vous", "votre", "vos", "vôtre",
    "vôtres", "toi", "ton", "ta", "tes",
})  # fmt: skip
#: a cue right after one of these is concessive ("even at this stage", "même à ce stade"),
#: not a hint that a reassurance is temporary
CONCESSIVES = frozenset({"even", "même", "meme"})


#: compiled word items and their form sets, shared by every pattern that uses them (the
#: patterns of a rule file repeat the same inflected forms again and again: sharing them
#: halves what the rules hold, and what the garbage collector scans)
_SHARED: dict[Any, Any] = {}


def interned(value: Any) -> Any:
    """``value``, or the equal value interned before (form sets, word items)."""
    return _SHARED.setdefault(value, value)


def compile_items(raw: Sequence[dict[str, Any]]) -> Seq:
    """Turn artefact items into matching tuples."""
    out: list[tuple[Any, ...]] = []
    for item in raw:
        if "g" in item:
            out.append(("g", int(item["g"])))
        elif "n" in item:
            out.append(("n", bool(item.get("o"))))
        else:
            forms = interned(frozenset(item["f"]))
            out.append(interned(("f", forms, bool(item.get("o")))))
    return tuple(out)


def match_items(items: Seq, k: int, toks: Tokens, i: int, end: int) -> int:
    """Match ``items[k:]`` at token ``i`` (before token ``end``); return the end index or -1.

    The first match found trying a gap's lengths shortest first and an optional item
    present before absent; required words leave no choice and are walked through in a loop.
    """
    norms = toks.norms
    n = len(items)
    while k < n:
        item = items[k]
        kind = item[0]
        if kind == "g":
            stop = min(i + item[1], end) + 1
            after = items[k + 1] if k + 1 < n else None
            if after is not None and after[0] == "f" and not after[2]:
                # a required word after the gap: only where it stands can the match go on
                forms = after[1]
                for j in range(i, min(stop, end)):
                    if norms[j] in forms:
                        found = match_items(items, k + 2, toks, j + 1, end)
                        if found >= 0:
                            return found
                return -1
            for j in range(i, stop):
                found = match_items(items, k + 1, toks, j, end)
                if found >= 0:
                    return found
            return -1
        hit = i < end and (norms[i] in item[1] if kind == "f" else i in toks.nums)
        if not item[-1]:  # required: the match goes on after it, or there is none
            if not hit:
                return -1
            i += 1
        elif hit:  # optional: present first, then absent
            found = match_items(items, k + 1, toks, i + 1, end)
            if found >= 0:
                return found
        k += 1
    return i


def sentence_bounds(toks: Tokens) -> list[int]:
    """``bounds[i]`` is the index just past the last token of token ``i``'s sentence."""
    n = len(toks)
    bounds = [n] * n
    sents = toks.sents
    end = n
    for i in range(n - 1, -1, -1):
        if i + 1 < n and sents[i + 1] != sents[i]:
            end = i + 1
        bounds[i] = end
    return bounds


def line_sentence_spans(toks: Tokens) -> list[tuple[int, int]]:
    """:func:`sentence_spans`, a line break between two tokens ending a sentence too (list
    items, headings, address lines)."""
    return toks.line_spans


def sentence_spans(toks: Tokens) -> list[tuple[int, int]]:
    """Per sentence, its ``(first token, past its last token)``: the tokenizer numbers
    sentences 0, 1, 2… in token order, so ``spans[toks.sents[i]]`` is token ``i``'s."""
    return toks.spans


def sentence_start(toks: Tokens, i: int) -> int:
    s = toks.sents[i]
    while i > 0 and toks.sents[i - 1] == s:
        i -= 1
    return i


#: the forms a match can start with and whether it can start with a number; ``None``
#: when it can start with any token (an optional item before a gap)
Starts = tuple[frozenset[str], bool] | None


def start_forms(items: Seq) -> Starts:
    """What a match of ``items`` can start with (see :data:`Starts`)."""
    forms: set[str] = set()
    number = False
    for item in items:
        if item[0] == "g":
            return None
        if item[0] == "f":
            forms.update(item[1])
        else:
            number = True
        if not item[-1]:
            return frozenset(forms), number
    return None


def find_in_sentence(
    items: Seq, toks: Tokens, start: int, end: int, starts: Starts = None
) -> list[tuple[int, int]]:
    """All (start, end) token spans where ``items`` match within ``[start, end)``
    (``starts``, from :func:`start_forms`, skips tokens no match can start with)."""
    spans: list[tuple[int, int]] = []
    if starts is None:
        positions: Iterable[int] = range(start, end)
    else:
        forms, number = starts
        norms = toks.norms
        if number and toks.nums:
            nums = toks.nums
            positions = [i for i in range(start, end) if norms[i] in forms or i in nums]
        else:
            words = norms[start:end]
            if forms.isdisjoint(words):
                return spans
            positions = compress(range(start, end), map(forms.__contains__, words))
    for i in positions:
        j = match_items(items, 0, toks, i, end)
        if j > i:
            spans.append((i, j))
    return spans


@dataclass(slots=True)
class Near:
    """A context pattern that must (``requires``) or must not (``unless``) be near a match."""

    items: Seq | None
    regex: re.Pattern[str] | None
    window: int
    #: "both", or only context standing "before" (starting before) / "after" (ending after)
    #: the match
    side: str = "both"
    starts: Starts = field(default=None, init=False)

    def __post_init__(self) -> None:
        if self.items is not None:
            self.starts = start_forms(self.items)

    def spans(self, toks: Tokens, start: int, end: int) -> list[tuple[int, int]]:
        if self.items is not None:
            return find_in_sentence(self.items, toks, start, end, self.starts)
        if self.regex is None or start >= end:
            return []
        lo, hi = toks.starts[start], toks.ends[end - 1]
        out = []
        for m in self.regex.finditer(toks.text, lo, hi):
            span = char_to_tokens(toks, m.start(), m.end(), start, end)
            if span is not None:
                out.append(span)
        return out


def near_any(near: Near, spans: list[tuple[int, int]], i: int, j: int) -> bool:
    """Does one of the context ``spans`` stand near the match ``[i, j)`` on ``near``'s side?"""
    window, side = near.window, near.side
    # loops rather than any(…): a generator per call costs more than these few spans
    if side == "before":
        for a, b in spans:
            if a < i and i - b <= window:
                return True
    elif side == "after":
        for a, b in spans:
            if b > j and a - j <= window:
                return True
    else:
        for a, b in spans:
            if a - j <= window and i - b <= window:
                return True
    return False


@dataclass(slots=True)
class Guard:
    negated: bool = False
    near: tuple[Near, ...] = ()


def char_to_tokens(
    toks: Tokens, lo: int, hi: int, first: int = 0, last: int = -1
) -> tuple[int, int] | None:
    """Token span covering characters ``[lo, hi)`` (searching ``[first, last)``)."""
    last = len(toks) if last < 0 else last
    i = first
    while i < last and toks.ends[i] <= lo:
        i += 1
    j = i
    while j < last and toks.starts[j] < hi:
        j += 1
    return (i, j) if j > i else None


#: the negation cues of every language
_ALL_NEGATIONS = frozenset().union(*NEGATIONS.values())


def pattern_words(items: Seq) -> frozenset[str]:
    """The negation cues among the forms a pattern's word items accept (negation words the
    pattern names itself do not negate it; :func:`is_negated` looks at no other word of
    the pattern)."""
    words: set[str] = set()
    for item in items:
        if item[0] == "f":
            words |= item[1] & _ALL_NEGATIONS
    return interned(frozenset(words))  # most often the empty set


def _restrictive(toks: Tokens, k: int) -> bool:
    """Is the *ne* at ``k`` the restrictive « ne … que » ("vous n'avez fait que promettre",
    "il ne vous reste qu'à assumer"): its clause goes on to *que* with no *pas*, *plus*,
    *jamais*… before it?"""
    norms = toks.norms
    if norms[k] != "ne":
        return False
    clauses = toks.clauses
    clause = clauses[k]
    for m in range(k + 1, len(norms)):
        if clauses[m] != clause or norms[m] in FR_NEGATION_PARTNERS:
            return False
        if norms[m] == "que":
            return True
    return False


#: « avant que nous ne prenions… », « de peur qu'il ne… »: the « ne » after these + *que* is
#: expletive, it negates nothing
FR_EXPLETIVE_OPENERS = frozenset({"avant", "moins", "peur", "crainte"})


def _expletive(toks: Tokens, k: int) -> bool:
    """Is the *ne* at ``k`` the expletive « ne » of « avant que nous ne prenions d'autres
    mesures »: *que* after *avant / à moins / de peur / de crainte* just before it, and no
    *pas*, *plus*, *jamais*… after it in its clause?"""
    norms = toks.norms
    if norms[k] != "ne":
        return False
    for m in range(max(k - 3, 0), k):
        if norms[m] == "que" and m > 0 and norms[m - 1] in FR_EXPLETIVE_OPENERS:
            break
    else:
        return False
    clauses = toks.clauses
    clause = clauses[k]
    for m in range(k + 1, len(norms)):
        if clauses[m] != clause:
            break
        if norms[m] in FR_NEGATION_PARTNERS:
            return False
    return True


def _purpose(toks: Tokens, k: int) -> bool:
    """Is the cue at ``k`` the « ne (pas) » of a negated purpose, « pour ne pas risquer la
    coupure », « afin de ne plus subir de poursuites »? It names the consequence to avoid;
    it does not deny it."""
    norms = toks.norms
    m = k - 1 if k > 0 and norms[k] in FR_INFINITIVE_NEGATIONS and norms[k - 1] == "ne" else k
    if m == 0 or norms[m] != "ne":
        return False
    return norms[m - 1] == "pour" or (m > 1 and norms[m - 1] == "de" and norms[m - 2] == "afin")


#: "Don't make us send the bailiffs", "don't give us a reason to pass your file to
#: collections": a negated *make / force / give us* announces the step
EN_FORCING_VERBS = frozenset({"make", "force", "push", "give"})
EN_FORCED = frozenset({"us", "me"})


def _forcing(toks: Tokens, k: int) -> bool:
    """Is the cue at ``k`` the *not* of "don't make us / do not force me to…"? It names
    what the writer will do, not what they won't ("Don't make us send the bailiffs round")."""
    norms = toks.norms
    return (
        k + 2 < len(norms)
        and norms[k] in {"not", "n't"}
        and norms[k + 1] in EN_FORCING_VERBS
        and norms[k + 2] in EN_FORCED
    )


def _affirming(toks: Tokens, k: int) -> bool:
    """Does the negation cue at ``k`` negate a verb like *hesitate*, make a suggestion
    ("why not ask…", "pourquoi ne pas demander…"), only describe the debt ("accounts
    not paid on time"), is the *n'* of *n'importe* or of a restrictive « ne … que »? Then it
    does not negate the match."""
    if _restrictive(toks, k) or _expletive(toks, k) or _purpose(toks, k):
        return True
    norms = toks.norms
    n = len(norms)
    if not SUGGESTING.isdisjoint(norms[max(k - 2, 0) : k]):
        return True
    if k + 1 < n and norms[k + 1] in UNPAID_PARTICIPLES:
        return True
    if _describes_debtors(toks, k):
        return True
    if norms[k] == "ne" and k + 1 < n and norms[k + 1] == "importe":
        return True  # « n'importe qui / quoi » is no negation
    if norms[k] == "sans" and k + 1 < n and norms[k + 1] in FR_SANS_IDIOMS:
        return True  # « sans doute », « sans peine »: adverbs, no negation
    # litotes: « vous n'êtes pas sans savoir », « ce n'est pas sans conséquence » affirm
    if norms[k] == "sans" and k > 0 and norms[k - 1] == "pas":
        return True
    if norms[k] in ("ne", "pas"):
        for m in range(k + 1, min(k + 4, n)):
            if norms[m] == "sans" and norms[m - 1] == "pas":
                return True
    if _infinitive_subject(toks, k) or _no_other_choice(toks, k):
        return True
    if _forcing(toks, k):
        return True
    # the negated verb: next to the cue, or after « ne soyez pas » / "do not be"
    for m in range(max(k - 1, 0), min(k + 4, n)):
        if m != k and norms[m].startswith(AFFIRMING_VERBS) and toks.clauses[m] == toks.clauses[k]:
            return True
    return False


def _describes_debtors(toks: Tokens, k: int) -> bool:
    """Is the cue at ``k`` in an English relative clause saying who does not pay ("clients
    who don't pay us get blacklisted", "people that never reply")? It qualifies the subject;
    the main verb after it is not negated ("a firm that will never sue" stays negated: its
    negated verb is not one of paying)."""
    norms = toks.norms
    return (
        k + 1 < len(norms)
        and norms[k + 1] in UNPAID_VERBS_EN
        and not RELATIVE_PRONOUNS_EN.isdisjoint(norms[max(k - 2, 0) : k])
    )


def _no_other_choice(toks: Tokens, k: int) -> bool:
    """Is the cue at ``k`` part of « n'avoir pas d'autre choix / solution que de… », which
    announces the step as the only one left ("nous n'aurons pas d'autre choix que de saisir
    le tribunal")?"""
    norms = toks.norms
    if norms[k] not in ("ne", "pas", "plus"):
        return False
    clauses = toks.clauses
    for m in range(k + 1, min(k + 5, len(norms) - 2)):
        if clauses[m] != clauses[k]:
            return False
        if norms[m] == "autre":
            return "que" in norms[m + 1 : m + 3]
    return False


def _infinitive_subject(toks: Tokens, k: int) -> bool:
    """Does the cue at ``k`` open the clause as part of a negated infinitive or gerund that is
    the *subject* of what follows ("Ne pas payer une facture est un délit", "Not paying can
    land you in court")? It negates the act of paying, not the statement about it."""
    norms, start = toks.norms, _clause_start(toks, k)
    if norms[start] == "ne":
        # « ne pas / plus / jamais » + infinitive, the cue being either word of the pair
        verb = start + 2
        return (
            k in (start, start + 1)
            and verb < len(norms)
            and toks.clauses[verb] == toks.clauses[start]
            and norms[start + 1] in FR_INFINITIVE_NEGATIONS
            and norms[verb].endswith(("er", "ir", "re", "oir"))
        )
    return (
        k == start
        and norms[k] in ("not", "never")
        and k + 1 < len(norms)
        and toks.clauses[k + 1] == toks.clauses[k]
        and norms[k + 1].endswith("ing")
    )


def _is_subject(toks: Tokens, k: int, lang: str) -> bool:
    """Is the subject pronoun at ``k`` really a subject? English ``you`` after a verb or
    a preposition is an object ("we will not take you to court")."""
    if lang != "en" or toks.norms[k] != "you":
        return True
    return (
        k == 0
        or toks.clauses[k - 1] != toks.clauses[k]
        or (toks.norms[k - 1] in EN_SUBJECT_OPENERS)
    )


def is_concessive(toks: Tokens, i: int) -> bool:
    """Is token ``i`` preceded by *even* / *même* ("even at this stage")?"""
    return i > 0 and toks.sents[i - 1] == toks.sents[i] and toks.norms[i - 1] in CONCESSIVES


def _clause_start(toks: Tokens, k: int) -> int:
    return toks.clause_starts[k]


def _after_comma(toks: Tokens, start: int) -> bool:
    """Does a comma separate the clause starting at ``start`` from the one before it (an
    item of a list, not an explanation after a colon)?"""
    return start > 0 and "," in toks.text[toks.ends[start - 1] : toks.starts[start]]


def _continues_previous(toks: Tokens, start: int, i: int, lang: str) -> bool:
    """Does the clause starting at ``start`` carry on the previous one: it opens with
    "or"/"ou"/"ni" ("we won't call or visit…"), or the match is an item of a list
    ("no plans to involve a court, a solicitor…")?"""
    if start == 0 or toks.sents[start - 1] != toks.sents[start]:
        return False
    if toks.norms[start] in LIST_JOINERS.get(lang, frozenset()):
        return True
    # after a colon the clause says what follows from the one before, it is no list item:
    # « vous n'avez aucune intention de payer : votre employeur saura… »
    if ":" in toks.text[toks.ends[start - 1] : toks.starts[start]]:
        return False
    # a French imperative opening the clause gives an order of its own, it is no item of the
    # list before it: « nous n'accepterons plus d'excuses, payez immédiatement »
    if lang == "fr" and _fr_imperative(toks.norms[start]):
        return False
    return i - start <= 1 and toks.norms[_clause_start(toks, start - 1)] not in CONDITIONALS


#: words in -ez that are no imperative (a preposition, adverbs, nouns)
_FR_NOT_IMPERATIVE = frozenset({"chez", "assez", "nez", "rez"})


def _fr_imperative(word: str) -> bool:
    """Is ``word``, opening a clause without a subject, a French imperative (« payez »,
    « réglez », « contactez-nous »)?"""
    return len(word) > 3 and word.endswith("ez") and word not in _FR_NOT_IMPERATIVE


def _negated_after(
    toks: Tokens, i: int, j: int, cues: frozenset[str], lang: str, judgement: bool
) -> bool:
    """Is the match ``[i, j)`` the subject of a negated verb right after it ("the court
    isn't involved", "le tribunal n'est pas saisi", "bailiffs cannot visit")? The negated
    auxiliary must follow the match at once: a negation further on belongs to another
    predicate ("your irresponsible spending is not our problem") or to a complement ("honte
    de ne pas payer", "a serious person does not…"). A ``judgement`` match (a guilt rule)
    naming the reader judges the reader whatever the verb after it says ("votre négligence
    n'est pas acceptable", "people like you aren't welcome"); a threat to the reader's things
    stays a reassurance ("your credit score won't be affected")."""
    if lang == "fr" and not judgement:
        # « vos voisins, votre famille et vos collègues ne sont jamais informés »
        j = _after_subject_list(toks, i, j)
    norms = toks.norms
    n = len(norms)
    if j == 0 or j + 1 >= n:
        return False
    clauses = toks.clauses
    if clauses[j] != clauses[j - 1]:
        return False
    # "your negligence", "votre attitude de mauvais payeur", "people like you": the match
    # is (or qualifies) the reader
    if judgement and any(norms[k] in READER_WORDS for k in range(_clause_start(toks, i), j)):
        return False
    if lang == "fr":
        # "le tribunal n'est pas saisi", "votre employeur n'en sera jamais informé",
        # "l'huissier n'intervient pas", "l'huissier mentionné sur notre courrier ne viendra pas"
        # (a judgement keeps to the auxiliary right after it: "une personne sérieuse ne
        # laisse pas…" still judges)
        k = j if judgement else _after_participle_phrase(toks, j)
        return (
            k + 1 < n
            and norms[k] == "ne"
            and (
                norms[k + 1] in _FR_AUXILIARIES_OR_CLITICS
                or (not judgement and k + 2 < n and norms[k + 2] in FR_NEGATION_PARTNERS)
            )
            and not _affirming(toks, k)
        )
    if norms[j] == "cannot":  # "bailiffs cannot visit"
        return not _affirming(toks, j)
    # "isn't involved", "will never visit"; "people like you never pay" stays flagged
    return norms[j] in EN_AUXILIARIES and norms[j + 1] in cues and not _affirming(toks, j + 1)


_FR_AUXILIARIES_OR_CLITICS = FR_AUXILIARIES | FR_CLITICS
#: French determiners opening an item of a list of subjects (« votre famille et vos collègues »)
FR_DETERMINERS = frozenset({
    "le", "la", "les", "un", "une", "des", "du", "votre", "vos", "ton", "ta", "tes", "son",
    "sa", "ses", "leur", "leurs", "notre", "nos", "ce", "cet", "cette", "ces",
})  # fmt: skip
#: how many more items such a list may hold, and how many words after its determiner
FR_LIST_ITEMS, FR_LIST_ITEM_WORDS = 4, 3


def _after_subject_list(toks: Tokens, i: int, j: int) -> int:
    """The index of the « ne » after a list of subjects that the match ``[i, j)`` opens
    ("*vos voisins*, votre famille et vos collègues ne sont jamais informés", "*votre
    employeur* ou vos proches ne seront pas contactés"), or ``j`` when there is none. The
    match must open its clause with a determiner; each further item is a comma, *et* or *ou*,
    a determiner and one to :data:`FR_LIST_ITEM_WORDS` words."""
    norms, sents = toks.norms, toks.sents
    n = len(norms)
    if (
        j >= n
        or i != _clause_start(toks, i)
        or norms[i] not in FR_DETERMINERS
        or sents[j] != sents[i]
    ):
        return j
    clauses = toks.clauses
    k, items = j, 0
    while items < FR_LIST_ITEMS and k < n and sents[k] == sents[i]:
        m = k + 1 if norms[k] in ("et", "ou") else k
        if m == k and clauses[k] == clauses[k - 1]:
            break  # no comma, « et » or « ou » before this word: the list has ended
        if m >= n or norms[m] not in FR_DETERMINERS:
            break
        k = m + 1
        while (
            k < n
            and k - m <= FR_LIST_ITEM_WORDS
            and norms[k] not in ("et", "ou", "ne")
            and clauses[k] == clauses[m]
        ):
            k += 1
        if k == m + 1:
            break  # a determiner alone is a pronoun (« ce n'est pas »), not a list item
        items += 1
    return k if items and k < n and norms[k] == "ne" else j


def _after_participle_phrase(toks: Tokens, j: int) -> int:
    """The index of the « ne » closing a participle phrase that opens at ``j`` right after a
    match ("l'huissier *mentionné sur notre courrier* n'intervient pas"), or ``j`` when
    there is none in the same clause within :data:`FR_PARTICIPLE_PHRASE` tokens. An object
    relative clause (« dont » + its subject and verb) stands there too ("l'huissier
    *dont vous parlez* n'a jamais été mandaté"); a « ne » right after its subject negates the
    relative clause itself (« l'huissier dont nous n'avons pas parlé… »), not the match."""
    norms = toks.norms
    relative = norms[j] in FR_OBJECT_RELATIVES
    if not relative and not norms[j].endswith(FR_PARTICIPLE_ENDINGS):
        return j
    clauses = toks.clauses
    for k in range(j + (3 if relative else 1), min(j + FR_PARTICIPLE_PHRASE + 1, len(norms))):
        if clauses[k] != clauses[j]:
            break
        if norms[k] == "ne":
            return k
    return j


#: a word that, opening the sentence right after a question, denies it ("Urgent ? Non,
#: vous avez jusqu'au 30 avril", "'Can they take my TV?' No. We're a water company")
DENIALS = {"fr": frozenset({"non"}), "en": frozenset({"no"})}


def is_denied_question(toks: Tokens, i: int, lang: str) -> bool:
    """Does token ``i`` stand in a question that the next sentence at once answers « non »
    ("Urgent ? Non, rassurez-vous…", "Un huissier ? Non.")? The question names the
    feared thing only to deny it. A « non » asked again ("Non ?") denies nothing."""
    denials = DENIALS.get(lang)
    if not denials:
        return False
    sents, k = toks.sents, i
    n = len(sents)
    while k + 1 < n and sents[k + 1] == sents[i]:
        k += 1
    if k + 1 >= n or toks.norms[k + 1] not in denials:
        return False
    asked = "?" in toks.text[toks.ends[k] : toks.starts[k + 1]]
    after = toks.text[toks.ends[k + 1] :].lstrip()
    # a denial stands alone ("No.", "Non,"): "No one wants that" / "No? Then pay" deny nothing
    return asked and not after.startswith("?") and not after[:1].isalnum()


#: words naming a fear or a rumour the reader may hold ("Some people worry that…", "You may
#: have heard that…", « Vous craignez peut-être que… »): a threat named after one of them and
#: denied at once by the next sentence ("It doesn't.", "That isn't true.") is dispelled
FEARS = {
    "en": frozenset({
        "worry", "worries", "worried", "worrying", "fear", "fears", "feared", "afraid",
        "scared", "frightened", "anxious", "concerned", "heard", "told", "think", "thinking",
        "believe", "assume", "imagine", "rumour", "rumours", "rumor", "rumors", "myth", "myths",
    }),
    "fr": frozenset({
        "craindre", "crains", "craint", "craignez", "craignent", "crainte", "craintes", "peur",
        "inquiet", "inquiète", "inquiets", "inquiètes", "inquiétez", "inquiètent", "entendu",
        "entendre", "pensez", "pensent", "croyez", "croient", "imaginez", "imaginent",
        "redoutez", "redoutent", "rumeur", "rumeurs", "idée",
    }),
}  # fmt: skip
#: the fear is the speaker's advice, not the reader's worry: "you should be worried that…",
#: « vous avez raison de craindre… »
FEAR_ENDORSED = frozenset({
    "should", "ought", "better", "right", "must", "devriez", "devez", "raison", "intérêt",
})  # fmt: skip
#: the fear is the writer's own view, not the reader's: "We think legal action is now the only
#: option. We don't take this lightly." is a threat
SPEAKERS = frozenset({"we", "i", "nous", "je", "j"})
_NOT_THE_READERS = FEAR_ENDORSED | SPEAKERS
#: words that deny a statement without a negation cue ("That's a myth.", « C'est faux. »)
DENYING = {
    "en": frozenset({"untrue", "false", "myth", "wrong"}),
    "fr": frozenset({"faux", "fausse", "inexact", "inexacte", "rumeur"}),
}  # fmt: skip
#: how far into the next sentence its denial may come ("Talking to us about a plan doesn't…")
FEAR_DENIAL_WINDOW = 8
#: cues that name what someone was told rather than a worry: "You were told in May that we
#: would start court proceedings." reminds the reader of our warning; only a hedged report
#: ("You may have heard that…", "Some people are told…", "Have you heard…?") is a rumour
HEARSAY = frozenset({"told", "heard"})
HEARSAY_HEDGES = frozenset({
    "may", "might", "could", "perhaps", "maybe", "probably", "possibly", "some", "someone",
    "somebody", "people", "others", "friends", "many", "often", "sometimes", "if",
})  # fmt: skip
#: a cue opening its sentence as an order asks the reader to picture the threat: "Imagine
#: bailiffs at your door. Nobody wants that."
FEAR_IMPERATIVES = frozenset({"imagine", "think", "believe", "assume", "picture"})
#: negation cues that, opening the next sentence before a word, start a new claim rather than
#: deny the last one: "No payment has arrived.", "Without a plan…" ("No." or "No, it…" denies)
NOT_DENIALS = {"en": frozenset({"no", "without"})}
#: the belief itself waves the threat away (« Certains pensent que la saisie est une menace en
#: l'air. Ce n'est pas le cas. »): denying it affirms the threat
FEAR_DISMISSED = {
    "fr": frozenset({"bluff", "air", "vide", "vides", "plaisanterie", "formalité", "intimidation"}),
}  # fmt: skip


def is_dispelled_fear(toks: Tokens, i: int, lang: str) -> bool:
    """Does token ``i`` stand after a fear or rumour the reader may hold ("Some people worry
    that a late bill means court.", « Vous avez peut-être entendu dire que… ») in a sentence
    that the next one at once denies ("It doesn't.", "That isn't true", "Talking to us doesn't
    affect it", « Ce n'est pas le cas »)? The threat is named only to be dispelled. A denial that
    is an order ("Don't ignore this letter then") dispels nothing."""
    fears = FEARS.get(lang)
    if not fears:
        return False
    norms, sents = toks.norms, toks.sents
    s0 = toks.spans[sents[i]][0]
    cue = -1
    for k in range(s0, i):
        if norms[k] in fears:
            cue = k
            break
    # the writer's advice or own view ("you should worry…", "We believe court is next. We don't…")
    if cue < 0 or not _NOT_THE_READERS.isdisjoint(norms[s0:cue]):
        return False
    if cue == s0 and norms[cue] in FEAR_IMPERATIVES:  # "Imagine bailiffs at your door."
        return False
    n, end = len(norms), toks.spans[sents[i]][1]
    if end >= n:
        return False
    if not FEAR_DISMISSED.get(lang, frozenset()).isdisjoint(norms[cue:end]):
        return False
    if (  # "You were told in May that…": a reminder, not a rumour
        norms[cue] in HEARSAY
        and HEARSAY_HEDGES.isdisjoint(norms[s0:cue])
        and norms[end - 1] != "?"
    ):
        return False
    first = norms[end]
    if first in ("never", "do", "ne"):  # "Don't ignore this then", « N'attendez pas »
        return False
    cues, denying = NEGATIONS.get(lang, frozenset()), DENYING.get(lang, frozenset())
    stop = min(toks.spans[sents[end]][1], end + FEAR_DENIAL_WINDOW)
    if first in NOT_DENIALS.get(lang, ()) and end + 1 < stop and norms[end + 1][:1].isalnum():
        end += 1  # "No payment has arrived." opens a new claim; "No." or "No, it…" denies
    return any(norms[k] in cues or norms[k] in denying for k in range(end, stop))


def is_negated(
    toks: Tokens,
    i: int,
    j: int,
    lang: str,
    own: frozenset[str] = frozenset(),
    judgement: bool = False,
) -> bool:
    """Is the match ``[i, j)`` negated in its clause (cue inside it, before it after
    the last subject pronoun, or right after it as the negated verb of which the match
    is the subject)? Cues in ``own`` (the pattern's own words) do not count, nor cues
    negating *hesitate* ("we won't hesitate to…"). A clause opening with "or" or
    holding only a list item carries on the negation of the previous one. ``judgement``:
    the match judges the reader (see :func:`_negated_after`)."""
    cues = NEGATIONS.get(lang, frozenset())
    subjects = SUBJECTS.get(lang, frozenset())
    norms = toks.norms
    for k in range(i, j):
        if norms[k] in cues and norms[k] not in own and not _affirming(toks, k):
            return True
    if not own & cues and _negated_after(toks, i, j, cues, lang, judgement):
        return True
    anchor, k = i, i - 1
    start = _clause_start(toks, i)
    # where the clause's list item starts: the match, or the last two tokens of a short
    # clause after a comma (then of each joined clause): a clause of a list carries on the
    # one before it when it is itself a short list item ("no plans to contact your employer,
    # your bank or your family", "no question of visiting your home, phoning your employer,
    # or…"); « … : c'est maintenant ou jamais » is no list
    clauses = toks.clauses
    last, n = i, len(norms)
    while last + 1 < n and clauses[last + 1] == clauses[i]:
        last += 1
    item = min(i, max(start, last - 1)) if _after_comma(toks, start) else i
    while k >= 0 and anchor - k <= NEGATION_WINDOW:
        if k < start:
            if not _continues_previous(toks, start, item, lang):
                return False
            # the window restarts at the joined clause, with a little slack for the list
            anchor, start = start - 2, _clause_start(toks, k)
            item = max(start, anchor) if _after_comma(toks, start) else i
        if norms[k] in cues and not _affirming(toks, k):
            return True
        if norms[k] in subjects and _is_subject(toks, k, lang):
            return False
        k -= 1
    return False
