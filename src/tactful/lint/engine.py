"""The :class:`Linter`: compiled rules + tokenizer + checks → :class:`LintReport`."""

from __future__ import annotations

import gc
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter
from pathlib import Path
from typing import Any

from ..errors import InputError
from .artefact import load_artefact
from .checks import Prepared, prepare_check
from .findings import Finding, LintReport, new_finding
from .index import GuardPlan, LangIndex, guard_plan
from .locale import infer_lang
from .matcher import (
    DENIALS,
    NEGATIONS,
    Near,
    compile_items,
    find_in_sentence,
    is_concessive,
    is_cooperation_condition,
    is_denied_question,
    is_dispelled_fear,
    is_negated,
    is_reassuring_stage,
    match_items,
    near_any,
    sentence_spans,
    start_forms,
)
from .prefilter import lowered
from .rules import Pattern, PlainEntry, RuntimeRule, build_rule, plain_words
from .suppress import Suppressions, parse_suppressions
from .tokens import Tokens, tokenize

__all__ = ["Linter"]

STAGES = ("courtesy", "reminder", "second_reminder", "formal_notice", "final_notice")
CHANNELS = ("letter", "email", "sms")
LANGS = ("fr", "en")
_STAGE_NOTE = {
    "fr": "dépend de l'étape : précisez l'étape de relance",
    "en": "depends on the stage: give the escalation stage",
}
_SUP: dict[str, dict[str, Any]] = {
    "message": {
        "fr": "« {match} » sans code : indiquez les codes à ignorer.",
        "en": "'{match}' without codes: give the codes to ignore.",
    },
    "why": {
        "fr": "Une exception sans code masque toutes les alertes, y compris les futures.",
        "en": "An ignore without codes hides every warning, including future ones.",
    },
    "suggest": {"fr": ["tactful: ignore[THR001] raison"], "en": ["tactful: ignore[THR001] reason"]},
}

Match = tuple[int, int, int, int, dict[str, Any]]  # rule, char start, char end, token i, values
#: code, name, category, severity, message template, why, suggestions, note
#: a rule's plain words in one language (see ``rules.plain_words``)
_Plain = tuple[PlainEntry, ...]
#: code, name, category, severity, message, why, suggestions, stage note, plain words
_Static = tuple[str, str, str, str, str, str, tuple[str, ...], str, _Plain | None]


def _plain(value: Any) -> str | None:
    """Accept enums (``Stage.REMINDER``) and strings."""
    if value is None or type(value) is str:
        return value
    return str(getattr(value, "value", value))


#: matched texts whose plain words a linter remembers
_MAX_PLAIN_WORDS = 20_000
_NO_SUPPRESSION = Suppressions()  # what parse_suppressions finds in a text without any (read only)
_LANG_OF: dict[str, str] = {}  # locale → language, for the locales seen


def _lang_of(locale: str) -> str:
    lang = _LANG_OF.get(locale)
    if lang is not None:
        return lang
    lang = locale.replace("-", "_").split("_")[0].lower()
    if lang not in LANGS:
        raise InputError(f"unsupported locale {locale!r}: use a French or English locale (fr, en)")
    if len(_LANG_OF) < 256:
        _LANG_OF[locale] = lang
    return lang


def _check_choice(field: str, value: str | None, allowed: Sequence[str]) -> None:
    if value is not None and value not in allowed:
        raise InputError(f"invalid {field} {value!r}: expected one of {', '.join(allowed)}")


class Linter:
    """A reusable linter.

    ``rules``: extra rule file(s) layered on the built-in ``tone_rules.yaml``
    (a file with ``extends: default`` keeps the built-in rules, otherwise it
    replaces them). ``config``: a :class:`tactful.config.Config` or a path to
    ``tactful.toml`` / ``pyproject.toml`` (select, ignore, severity, rules).
    """

    def __init__(
        self,
        rules: str | Path | Sequence[str | Path] | None = None,
        config: Any = None,
        *,
        default_rules: str | Path | None = None,
        _artefact: Mapping[str, Any] | None = None,
    ) -> None:
        if _artefact is not None:  # from_artefact (mypyc: a native class has no bare __new__)
            self.config = None
            self._setup(_artefact)
            return
        if isinstance(config, (str, Path)):
            from ..config import load_config

            config = load_config(config)
        self.config = config
        paths = [Path(p) for p in (config.rules if config is not None else ())]
        if isinstance(rules, (str, Path)):
            paths.append(Path(rules))
        elif rules is not None:
            try:
                paths.extend(Path(p) for p in rules)
            except TypeError:
                kind = type(rules).__name__
                message = f"rules must be a rule file or a list of them, not {kind}"
                raise InputError(message) from None
        default = Path(default_rules) if default_rules is not None else None
        with _gc_paused():
            self._setup(load_artefact(paths, default=default))

    @classmethod
    def from_artefact(cls, artefact: Mapping[str, Any]) -> Linter:
        """A linter over an already compiled artefact, without config (the jurisdiction
        packs of :mod:`tactful.packs` use it to match their wording)."""
        linter = cls(_artefact=artefact)
        linter._merge_spans = False  # packs look for every rule's matches, merged or not
        return linter

    def _setup(self, artefact: Mapping[str, Any]) -> None:
        self.rules = [build_rule(r) for r in artefact["rules"] if self._enabled(r)]
        self._vocab: Mapping[str, Any] | Callable[[], Mapping[str, Any]] = artefact.get(
            "vocab", {}
        )
        self._undercut = {
            lang: [(items, start_forms(items)) for items in map(compile_items, pats)]
            for lang, pats in artefact["undercut"].items()
        }
        #: per language, the words one of which starts any undercut (None: not known)
        self._undercut_words = {
            lang: _start_words(patterns) for lang, patterns in self._undercut.items()
        }
        self._indexes: dict[str, LangIndex] = {}  # built on first use of a language
        self._merge_spans = True
        self._check_rules = frozenset(ri for ri, r in enumerate(self.rules) if r.check is not None)
        self._active: dict[tuple[Any, ...], list[bool]] = {}
        self._statics: dict[tuple[int, str, Any], _Static] = {}
        #: (rule, language, matched text) → its plain words (see ``rules.plain_words``)
        self._plain_words: dict[tuple[int, str, str], tuple[str, ...] | None] = {}
        #: (locale, stage, channel, profile) as given → what linting with them needs
        self._settings: dict[tuple[Any, ...], _Setting] = {}
        #: (language, stage, channel, profile) once checked → the same
        self._resolved: dict[tuple[Any, ...], _Setting] = {}

    @property
    def vocab(self) -> Mapping[str, Mapping[str, Sequence[str]]]:
        """Per language, form → the lemmas the compiled rules know for it (the artefact
        stores each language as ``form\\tlemma lemma`` lines, parsed on first use)."""
        if callable(self._vocab):  # a loaded artefact reads its vocabulary line on demand
            self._vocab = self._vocab()
        if any(isinstance(v, str) for v in self._vocab.values()):
            self._vocab = {
                lang: _parse_vocab(v) if isinstance(v, str) else v
                for lang, v in self._vocab.items()
            }
        return self._vocab

    def lemmas(self, norm: str, lang: str) -> frozenset[str]:
        """The lemmas a token's normalised form may have (itself included), as far as
        the compiled rule vocabulary knows."""
        return frozenset((norm, *self.vocab.get(lang, {}).get(norm, ())))

    def _enabled(self, raw: Mapping[str, Any]) -> bool:
        return self.config is None or self.config.enabled(raw["code"], raw["category"])

    # ------------------------------------------------------------------ API

    def lint(
        self,
        text: Any,
        *,
        locale: Any = None,
        stage: Any = None,
        channel: Any = None,
        profile: Any = None,
    ) -> LintReport:
        """Lint a text (or a rendered message: its subject and text). ``locale`` is a string
        ("fr", "en-GB") or a ``babel.Locale``; the options also take their enums."""
        subject = ""
        if not isinstance(text, str) and hasattr(text, "text"):
            message = text
            text = message.text
            subject = getattr(message, "subject", None) or ""
            locale = locale or _plain(getattr(message, "locale", None))
            stage = stage or getattr(message, "stage", None)
            channel = channel or getattr(message, "channel", None)
            profile = profile or getattr(message, "profile", None)
        if not isinstance(text, str):
            raise InputError(f"text must be a string, not {type(text).__name__}")
        if locale is not None and type(locale) is not str:
            locale = _plain(locale)  # babel.Locale("en", "GB") → "en_GB"
        setting = None
        key: tuple[Any, ...] | None = None
        if locale:
            key = (locale, stage, channel, profile)
            try:
                setting = self._settings.get(key)
            except TypeError:  # an unhashable option: _setting says what is wrong with it
                key = None
        if setting is None:
            stage, channel, profile = _plain(stage), _plain(channel), _plain(profile)
            if stage is not None and stage not in STAGES:
                _check_choice("stage", stage, STAGES)
            if channel is not None and channel not in CHANNELS:
                _check_choice("channel", channel, CHANNELS)
            lang = _lang_of(locale) if locale else infer_lang(subject + "\n" + text)
            setting = self._setting(lang, stage, channel, profile)
            if key is not None and len(self._settings) < 1024:
                self._settings[key] = setting
        report = LintReport(
            locale or setting.lang,
            setting.stage,
            setting.channel,
            setting.profile,
            self._lint_text(text, setting, "text"),
        )
        if subject:
            report.subject_findings = self._lint_text(subject, setting, "subject")
        return report

    def lint_many(self, items: Iterable[Any]) -> list[LintReport]:
        """Lint texts, rendered messages or ``(text, {"locale": ..., "stage": ...})`` pairs."""
        reports: list[LintReport] = []
        append, lint = reports.append, self.lint
        for item in items:
            if isinstance(item, tuple):
                text, options = item
                append(lint(text, **(options if type(options) is dict else dict(options))))
            else:
                append(lint(item))
        return reports

    # ------------------------------------------------------------- matching

    def _active_mask(self, stage: Any, channel: Any, profile: Any) -> list[bool]:
        key = (stage, channel, profile)
        mask = self._active.get(key)
        if mask is None:
            mask = [r.applies(stage, channel, profile) for r in self.rules]
            self._active[key] = mask
        return mask

    def _index(self, lang: str) -> LangIndex:
        index = self._indexes.get(lang)
        if index is None:
            with _gc_paused():
                index = self._indexes[lang] = LangIndex.build(self.rules, lang)
        return index

    def _setting(self, lang: str, stage: Any, channel: Any, profile: Any) -> _Setting:
        """What linting in ``lang`` at these (checked) options needs, gathered once (also
        for texts whose language is inferred)."""
        key = (lang, stage, channel, profile)
        setting = self._resolved.get(key)
        if setting is None:
            setting = self._new_setting(lang, stage, channel, profile)
            if len(self._resolved) < 1024:
                self._resolved[key] = setting
        return setting

    def _new_setting(self, lang: str, stage: Any, channel: Any, profile: Any) -> _Setting:
        active = self._active_mask(stage, channel, profile)
        index = self._index(lang)
        checks: list[tuple[int, Prepared, Any, bool]] = []
        for ri in index.checks:
            rule = self.rules[ri]
            if active[ri] and rule.check is not None:
                run = prepare_check(rule.check, rule.params, lang, profile)
                if run is not None:  # None: the check can find nothing in this language
                    model = rule.params.get("category") if rule.check == "model" else None
                    checks.append((ri, run, model, bool(rule.params.get("skip_negated"))))
        return _Setting(lang, stage, channel, profile, active, index, checks)

    def _lint_text(self, text: str, setting: _Setting, part: str) -> list[Finding]:
        lang = setting.lang
        toks = tokenize(text, lang)
        active, index = setting.active, setting.index
        context = _Context(self, toks, lang)
        matches = self._token_matches(index, active, context)
        matches += self._regex_matches(index, active, context)
        if len(matches) > 1:
            matches = _non_overlapping(matches)
        for ri, run, model, skip_negated in setting.checks:
            if model is None:
                hits = run(text, toks)
            else:  # a model reports only what no wording rule of its category flagged
                hits = run(text, toks, self._explained(model, matches) if matches else ())
                if hits and skip_negated:
                    hits = [h for h in hits if not context.reassures(h.start, h.end)]
            if hits:
                matches.extend((ri, h.start, h.end, -1, dict(h.values)) for h in hits)
        return self._findings(text, setting, part, matches)

    def _explained(self, category: Any, matches: list[Match]) -> list[tuple[int, int]]:
        """The character spans of the wording rules of ``category`` that matched: a model of
        the category reports no sentence overlapping one, as a wording rule's finding says more
        (its own message and suggestions) than the model's."""
        rules = self.rules
        return [(m[1], m[2]) for m in matches if rules[m[0]].category == category]

    def _token_matches(self, index: LangIndex, active: list[bool], ctx: _Context) -> list[Match]:
        toks = ctx.toks
        out: list[Match] = []
        norms, starts, ends = toks.norms, toks.starts, toks.ends
        anchors = index.anchors
        units = anchors.units
        selected = anchors.selected(active)
        keep = ctx.keep_plan
        for s, (s0, s1) in enumerate(ctx.spans):
            forms = ctx.forms(s)
            words = None
            for n in anchors.candidates(forms, selected):
                anchor_forms, ri, _pi, items, k, single, multi, plan, plain = units[n]
                # skip patterns whose other required words are absent from the sentence
                if single and not single <= forms:
                    continue
                if multi and not all(map(forms.intersection, multi)):
                    continue
                if words is None:
                    words = norms[s0:s1]
                # the anchor's positions in the sentence
                for i in compress(range(s0, s1), map(anchor_forms.__contains__, words)):
                    if plain is None:
                        j = match_items(items, k + 1, toks, i + 1, s1)
                    else:  # plain words: match_items without the recursion
                        j = i + 1
                        for word_forms in plain:
                            if j < s1 and norms[j] in word_forms:
                                j += 1
                            else:
                                j = -1
                                break
                    if j >= 0 and keep(plan, i, j):
                        out.append((ri, starts[i], ends[j - 1], i, {}))
        if index.by_number and toks.nums:
            spans, sents = ctx.spans, toks.sents
            for i in sorted(toks.nums):
                end = spans[sents[i]][1]
                for ri, _pi, items, k, plan in index.by_number:
                    if not active[ri]:
                        continue
                    j = match_items(items, k + 1, toks, i + 1, end)
                    if j >= 0 and keep(plan, i, j):
                        out.append((ri, starts[i], ends[j - 1], i, {}))
        return out

    def _regex_matches(self, index: LangIndex, active: list[bool], ctx: _Context) -> list[Match]:
        out: list[Match] = []
        if not index.regexes:
            return out
        toks = ctx.toks
        text = toks.text
        regexes = index.regexes
        # skip the regexes a word of every match of which is missing
        for n in index.scan.which(lowered(text, toks.lower)):
            ri, _pi, regex, _literals, plan = regexes[n]
            if not active[ri]:
                continue
            for m in regex.finditer(text):
                start, end = m.span()
                if end <= start:
                    continue
                i = bisect_right(toks.ends, start)
                j = bisect_right(toks.starts, end - 1)
                if j > i and not ctx.keep_plan(plan, i, j):
                    continue
                out.append((ri, start, end, i, {}))
        return out

    # ------------------------------------------------------------- findings

    def severity(self, rule: RuntimeRule, stage: Any) -> str:
        """The severity of ``rule``'s findings at ``stage``: the rule's own, its stage's, then the
        configuration's override (what :meth:`lint` reports)."""
        return self._severity(rule, stage)[0]

    def _severity(self, rule: RuntimeRule, stage: Any) -> tuple[str, bool]:
        severity = rule.severity
        if stage is not None:
            severity = rule.severity_by_stage.get(stage, severity)
        if self.config is not None:
            severity = self.config.severity.get(rule.code, severity)
        if stage is None and rule.stages is not None:
            return "info", True
        return severity, False

    def _static(self, ri: int, lang: str, stage: Any) -> _Static:
        """What every finding of rule ``ri`` in ``lang`` at ``stage`` shares."""
        key = (ri, lang, stage)
        static = self._statics.get(key)
        if static is None:
            rule = self.rules[ri]
            severity, stage_note = self._severity(rule, stage)
            static = self._statics[key] = (
                rule.code,
                rule.name,
                rule.category,
                severity,
                rule.localized(rule.message, lang),
                rule.localized(rule.why, lang),
                tuple(rule.localized(rule.suggest, lang, ())),
                _STAGE_NOTE[lang] if stage_note else "",
                rule.plain.get(lang),
            )
        return static

    def _findings(
        self, text: str, setting: _Setting, part: str, matches: list[Match]
    ) -> list[Finding]:
        if "tactful:" not in text:  # no suppression directive
            if not matches:
                return []
            sup = _NO_SUPPRESSION
        else:
            sup = parse_suppressions(text)
            if not matches and not sup.bare:
                return []
        lang, statics = setting.lang, setting.statics
        line_starts = _line_starts(text)
        found: list[_Found] = []
        for ri, start, end, _i, values in matches:
            static = statics.get(ri)
            if static is None:
                static = statics[ri] = self._static(ri, lang, setting.stage)
            line = bisect_right(line_starts, start)
            if sup.by_line and sup.suppressed(static[0], line):
                continue
            found.append((start, end, ri, static, values, line))
        if self._merge_spans and len(found) > 1:
            # only wording rules merge: a shouted "URGENT" is both urgency and shouting
            checks = self._check_rules
            checked: list[_Found] = []
            worded: list[_Found] = []
            for f in found:
                (checked if f[2] in checks else worded).append(f)
            found = checked + _one_per_span(worded)
        findings: list[Finding] = []
        for start, end, ri, static, values, line in found:
            code, name, category, severity, message, why, suggestions, note, plain = static
            match = text[start:end]
            if plain is not None:  # the plain words for this wording, if the rule has them
                suggestions = self._plain_for(ri, plain, match, lang) or suggestions
            findings.append(
                new_finding(  # Finding's field order
                    (
                        code,
                        name,
                        category,
                        severity,
                        start,
                        end,
                        line,
                        start - line_starts[line - 1] + 1,
                        match,
                        _fill(message, match, values) if values or "{" in message else message,
                        why,
                        suggestions,
                        note,
                        part,
                    )
                )
            )
        if sup.bare:
            findings.extend(self._bare_ignores(text, lang, part, sup.bare, line_starts))
        if len(findings) > 1:
            findings.sort(key=_finding_order)
        return findings

    def _plain_for(
        self, ri: int, plain: _Plain, match: str, lang: str
    ) -> tuple[str, ...] | None:
        """``plain_words(plain, match, lang)`` for rule ``ri``, remembered: a batch flags the
        same wordings again and again."""
        key = (ri, lang, match)
        try:
            return self._plain_words[key]
        except KeyError:
            words = plain_words(plain, match, lang)
            if len(self._plain_words) < _MAX_PLAIN_WORDS:
                self._plain_words[key] = words
            return words

    def _bare_ignores(
        self, text: str, lang: str, part: str, bare: list[Any], line_starts: list[int]
    ) -> list[Finding]:
        if not bare or (
            self.config is not None and not self.config.enabled("SUP001", "suppression")
        ):
            return []
        out = []
        for d in bare:
            match = text[d.start : d.end]
            out.append(
                Finding(
                    code="SUP001",
                    name="ignore-without-codes",
                    category="suppression",
                    severity="error",
                    start=d.start,
                    end=d.end,
                    line=d.line,
                    column=d.start - line_starts[d.line - 1] + 1,
                    match=match,
                    message=_fill(_SUP["message"][lang], match, {}),
                    why=_SUP["why"][lang],
                    suggestions=tuple(_SUP["suggest"][lang]),
                    part=part,
                )
            )
        return out


@dataclass(slots=True)
class _Setting:
    """A language and the options of a lint (checked), with what linting with them needs:
    the rules active, the language's index, the check rules to run (prepared for the
    language and profile; with their category for a model check, and whether its negated
    sentences are skipped) and the fields the findings of each rule share."""

    lang: str
    stage: Any
    channel: Any
    profile: Any
    active: list[bool]
    index: LangIndex
    checks: list[tuple[int, Prepared, Any, bool]]
    statics: dict[int, _Static] = field(default_factory=dict)


class _Context:
    """Per-text state shared by the guards (sentences, their words, guard caches)."""

    __slots__ = (
        "_forms", "_spans", "_undercut", "_undercut_patterns", "_undercut_words", "lang",
        "spans", "toks",
    )

    def __init__(self, linter: Linter, toks: Tokens, lang: str) -> None:
        self.toks = toks
        self.lang = lang
        #: per sentence, its token span (sentences are numbered 0, 1, 2… in token order)
        self.spans = sentence_spans(toks)
        self._forms: dict[int, set[str]] = {}
        self._undercut_patterns = linter._undercut.get(lang, [])
        self._undercut_words = linter._undercut_words.get(lang)
        self._undercut: dict[int, bool] = {}
        self._spans: dict[tuple[int, int], list[tuple[int, int]]] = {}

    @property
    def bounds(self) -> list[int]:
        """Per token, the index just past the last token of its sentence."""
        bounds: list[int] = []
        for s0, s1 in self.spans:
            bounds += [s1] * (s1 - s0)
        return bounds

    def sentence(self, i: int) -> tuple[int, int]:
        return self.spans[self.toks.sents[i]]

    def forms(self, s: int) -> set[str]:
        """The word forms of sentence ``s``."""
        forms = self._forms.get(s)
        if forms is None:
            s0, s1 = self.spans[s]
            forms = self._forms[s] = set(self.toks.norms[s0:s1])
        return forms

    def is_near(self, near: Near, i: int, j: int, s: int) -> bool:
        """Does ``near`` stand near the match ``[i, j)`` in sentence ``s``? Its spans are
        found once per sentence; :meth:`keep_plan` first rules out, by the words its
        matches start with, the sentences where it cannot match at all."""
        key = (id(near), s)
        spans = self._spans.get(key)
        if spans is None:
            s0, s1 = self.spans[s]
            spans = self._spans[key] = near.spans(self.toks, s0, s1)
        return bool(spans) and near_any(near, spans, i, j)

    def reassures(self, start: int, end: int) -> bool:
        """Is the text ``[start, end)`` (a sentence a model scored) negated, and not undercut?
        A model reads words, not negation: "nous ne ferons jamais de saisie sur votre salaire"
        holds the words of a threat."""
        starts = self.toks.starts
        i, j = bisect_left(starts, start), bisect_left(starts, end)
        return i < j and is_negated(self.toks, i, j, self.lang) and not self.undercut(i)

    def undercut(self, i: int) -> bool:
        sent = self.toks.sents[i]
        cached = self._undercut.get(sent)
        if cached is None:
            s0, s1 = self.spans[sent]
            s1 = _with_fragment(self.toks, s1)
            words, toks = self._undercut_words, self.toks
            cached = False
            if words is None or not words.isdisjoint(toks.norms[s0:s1]):
                for p, starts in self._undercut_patterns:
                    for a, _b in find_in_sentence(p, toks, s0, s1, starts):
                        if (not is_concessive(toks, a) and not is_cooperation_condition(toks, a)
                                and not is_reassuring_stage(toks, a)):
                            cached = True
                            break
                    if cached:
                        break
            self._undercut[sent] = cached
        return cached

    def keep(self, rule: RuntimeRule, pattern: Pattern, i: int, j: int) -> bool:
        """Apply negation, ``unless`` and ``requires`` guards to the match ``[i, j)``."""
        return self.keep_plan(guard_plan(rule, pattern, self.lang), i, j)

    def keep_plan(self, plan: GuardPlan, i: int, j: int) -> bool:
        """:meth:`keep` with the guards gathered ahead (:func:`~.index.guard_plan`)."""
        toks = self.toks
        if i >= len(toks.norms):
            return True
        negated, unless, unless_words, requires, words, judgement = plan
        s = toks.sents[i]
        forms = self._forms.get(s)
        if forms is None:
            forms = self.forms(s)
        if requires:  # first the cheapest test that can rule the match out
            for _group, group_words in requires:
                if group_words is not None and group_words.isdisjoint(forms):
                    return False  # no word a required context starts with is there
        if negated and self._negated(s, forms, i, j, words, judgement):
            return False
        if not unless and not requires:
            return True
        # a context is looked for only where one of the words its matches start with occurs
        # (``near.starts``: None or a number start means anywhere)
        if unless and (unless_words is None or not unless_words.isdisjoint(forms)):
            for near in unless:
                starts = near.starts
                if (
                    starts is None or starts[1] or not starts[0].isdisjoint(forms)
                ) and self.is_near(near, i, j, s):
                    return False
        for group, _group_words in requires:
            for near in group:
                starts = near.starts
                if (
                    starts is None or starts[1] or not starts[0].isdisjoint(forms)
                ) and self.is_near(near, i, j, s):
                    break
            else:
                return False
        return True

    def _negated(
        self, s: int, forms: set[str], i: int, j: int, words: frozenset[str], judgement: bool
    ) -> bool:
        """Is the match ``[i, j)`` of sentence ``s`` (of these word ``forms``) negated or
        denied, and not undercut?"""
        toks, lang = self.toks, self.lang
        norms = toks.norms
        n = len(norms)
        cues = NEGATIONS.get(lang)
        # a negation cue must occur where is_negated looks for one: in the sentence, or as
        # the token after ``j`` ("… will / not")
        if (
            cues
            and (not cues.isdisjoint(forms) or (j + 1 < n and norms[j + 1] in cues))
            and is_negated(toks, i, j, lang, words, judgement=judgement)
        ):
            return not self.undercut(i)
        # a denied question: the next sentence must open with a denial ("Urgent ? Non, …")
        denials = DENIALS.get(lang)
        end = self.spans[s][1]
        if denials and end < n and norms[end] in denials and is_denied_question(toks, i, lang):
            return not self.undercut(i)
        # a fear named to be dispelled by the next sentence ("Some people worry that a late
        # bill means court. It doesn't.")
        if end < n and is_dispelled_fear(toks, i, lang):
            return not self.undercut(i) and not self.undercut(end)
        return False


#: set by the command line (see :func:`freeze_after_build`); a library caller's process is
#: never frozen
_FREEZE_AFTER_BUILD = False


def freeze_after_build() -> None:
    """Let the rules and language indexes built from now on be frozen (:func:`gc.freeze`).

    Only for a short-lived process that tactful owns, the ``tactful lint`` and ``tactful
    check`` commands: without it, the collector's first pass after a build scans every
    object just built, ~40 ms of a cold run. Freezing also exempts whatever else the process
    holds at that moment from collection, so a library never does it to its caller.
    """
    global _FREEZE_AFTER_BUILD
    _FREEZE_AFTER_BUILD = True


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while long-lived structures are built (the
    rules, a language index): it would otherwise scan them again and again as they
    grow, a good part of a cold ``tactful lint``. They hold no cycles to collect."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _FREEZE_AFTER_BUILD:
            gc.freeze()
        if enabled:
            gc.enable()


def _parse_vocab(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in text.split("\n"):
        form, _tab, lemmas = line.partition("\t")
        if form:
            out[form] = lemmas.split()
    return out


def _start_words(patterns: Sequence[tuple[Any, Any]]) -> frozenset[str] | None:
    """The words one of which starts any match of any of ``patterns`` (with their
    :func:`~.matcher.start_forms`), or None when a number or any token may start one."""
    words: set[str] = set()
    for _items, starts in patterns:
        if starts is None or starts[1]:
            return None
        words |= starts[0]
    return frozenset(words)


def _with_fragment(toks: Tokens, end: int, size: int = 4) -> int:
    """Extend a sentence ending at ``end`` over a short fragment that follows it
    ("We haven't told your boss. Yet.", "… à votre patron. Pour l'instant.")."""
    sents = toks.sents
    n = len(sents)
    if end >= n:
        return end
    stop = end
    while stop < n and sents[stop] == sents[end]:
        stop += 1
    return stop if stop - end <= size else end


_END, _RULE_START = itemgetter(2), itemgetter(0, 1)


def _non_overlapping(matches: list[Match]) -> list[Match]:
    """Per rule, keep the earliest (then longest) of overlapping matches."""
    # by rule and start, the longest first (two stable sorts: no Python key function)
    matches.sort(key=_END, reverse=True)
    matches.sort(key=_RULE_START)
    out: list[Match] = []
    last_rule, last_end = -1, -1
    for m in matches:
        if m[0] == last_rule and m[1] < last_end:
            continue
        out.append(m)
        last_rule, last_end = m[0], m[2]
    return out


def _line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def _finding_order(f: Finding) -> tuple[int, int, str]:
    return f.start, f.end, f.code


def _fill(template: str, match: str, values: Mapping[str, Any]) -> str:
    out = template.replace("{match}", match) if "{match}" in template else template
    for key, value in values.items():
        out = out.replace("{" + key + "}", str(value))
    return out


_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


#: a match to report: start, end, rule, what its rule's findings share, values, line
_Found = tuple[int, int, int, _Static, dict[str, Any], int]


def _one_per_span(found: list[_Found]) -> list[_Found]:
    """Keep one finding per stretch of words and category: of findings of one category
    whose spans overlap, the most severe, then the lowest code (the core rules have the
    lowest codes and the most specific messages), then the longest (merged before the
    findings are made: those merged away are never made).

    Wording rules overlap on purpose (a broad generalising rule next to a precise one);
    a reader should see one guilt finding for "Responsible adults pay", not one for
    "Responsible adults" and another for the whole phrase.
    """
    by_category: dict[str, list[_Found]] = {}
    for f in found:
        by_category.setdefault(f[3][2], []).append(f)
    out: list[_Found] = []
    for group in by_category.values():
        if len(group) == 1:  # alone in its category: nothing to merge (most texts)
            out += group
            continue
        kept: list[_Found] = []
        for f in sorted(group, key=_rank):
            for k in kept:
                if not (f[1] <= k[0] or k[1] <= f[0]):
                    break  # overlaps a finding kept
            else:
                kept.append(f)
        out += kept
    return out  # in no particular order: the caller sorts the findings


def _rank(f: _Found) -> tuple[int, str, int, int]:
    static = f[3]  # its severity, its code
    return _SEVERITY_RANK.get(static[3], 3), static[0], f[0] - f[1], f[0]
