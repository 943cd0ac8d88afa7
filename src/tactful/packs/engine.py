"""Run a jurisdiction pack over one message: prohibited wording, required mentions,
statements in capitals.

Prohibited and required patterns are matched by the tone linter's engine
(:meth:`tactful.lint.Linter.from_artefact`), so inflections, negation ("nous ne
vous facturerons aucuns frais de recouvrement") and ``tactful: ignore[...]``
comments work as in tone rules. Statutory texts a pack requires verbatim (the
French L111-8 paragraphs) are blanked before prohibited wording is searched:
quoting the law is not claiming fees.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from ..errors import InputError
from ..lint.engine import Linter
from ..lint.findings import Finding
from ..lint.suppress import parse_suppressions
from .context import ComplianceContext

__all__ = ["Pack", "load_pack"]

_CAPS_WORD = r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’\-]+"
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_QUOTES = re.compile(r"[«»“”\"]")


#: same-length replacements, so positions found in the result hold in the original
_SAME_LENGTH = str.maketrans({"’": "'", "\u00a0": " ", "\u202f": " ", "\u2009": " "})


def normalise(text: str) -> str:
    """Compare statutory texts modulo spaces, quotes, apostrophes and Unicode forms."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'")
    return _SPACES.sub(" ", _QUOTES.sub(" ", text)).strip()


@dataclass(frozen=True)
class Pack:
    """One jurisdiction's compiled rules (see ``src/tactful/packs/*.yaml``)."""

    jurisdiction: str
    title: Mapping[str, str]
    scope: Mapping[str, str]
    not_covered: Mapping[str, list[str]]
    rules: tuple[Mapping[str, Any], ...]
    linter: Linter = field(repr=False, compare=False)

    @classmethod
    def from_artefact(cls, artefact: Mapping[str, Any]) -> Pack:
        return cls(
            jurisdiction=artefact["jurisdiction"],
            title=artefact["title"],
            scope=artefact["scope"],
            not_covered=artefact.get("not_covered", {}),
            rules=tuple(artefact["rules"]),
            linter=Linter.from_artefact(artefact),
        )

    # --------------------------------------------------------------- public

    def applicable(self, ctx: ComplianceContext, lang: str) -> list[Mapping[str, Any]]:
        """The rules that apply to a message with this context, in this language."""
        return [r for r in self.rules if _applies(r, ctx) and _has_lang(r, lang, ctx)]

    def check(
        self, text: str, subject: str | None, ctx: ComplianceContext, lang: str
    ) -> list[Finding]:
        rules = self.applicable(ctx, lang)
        if not rules:
            return []
        masked = self._mask(text, lang)
        body = self.linter.lint(masked, locale=lang).findings
        head = [
            replace(f, part="subject")
            for f in (self.linter.lint(subject, locale=lang).findings if subject else [])
        ]
        found = {f.code for f in (*body, *head)}
        sup = parse_suppressions(text)
        out: list[Finding] = []
        for rule in rules:
            kind = rule["kind"]
            if kind == "prohibited":
                out += [_legal(f, rule, lang) for f in body if f.code == rule["code"]]
                out += [_legal(f, rule, lang) for f in head if f.code == rule["code"]]
            elif kind == "caps":
                out += [f for f in _caps(text, rule, lang) if not sup.suppressed(f.code, f.line)]
            elif not self._present(rule, text, subject, ctx, lang, found) and not sup.suppressed(
                rule["code"], 1
            ):
                out.append(_missing(rule, lang))
        out.sort(key=lambda f: (f.part != "subject", f.start, f.code))
        return out

    # -------------------------------------------------------------- helpers

    def _mask(self, text: str, lang: str) -> str:
        for rule in self.rules:
            quoted = (rule.get("text") or {}).get(lang)
            if quoted:
                for start, end in _find_normalised(text, quoted):
                    text = text[:start] + _blank(text[start:end]) + text[end:]
        return text

    @staticmethod
    def _present(
        rule: Mapping[str, Any],
        text: str,
        subject: str | None,
        ctx: ComplianceContext,
        lang: str,
        found: set[str],
    ) -> bool:
        whole = f"{subject or ''}\n{text}"
        if lang in (rule.get("patterns") or {}) and rule["code"] not in found:
            return False
        quoted = (rule.get("text") or {}).get(lang)
        if quoted and not _find_normalised(whole, quoted):
            return False
        for name in rule.get("names", []):
            value = getattr(ctx, name)
            if value and normalise(value).lower() not in normalise(whole).lower():
                return False
        return True


def _applies(rule: Mapping[str, Any], ctx: ComplianceContext) -> bool:
    when = rule.get("when") or {}
    for key, wanted in when.items():
        if wanted is None:
            continue
        if key in ("stages", "channels", "profiles"):
            value = getattr(ctx, key[:-1])
            if value is None or value not in wanted:
                return False
        elif key == "sender_role":
            if ctx.sender_role not in wanted:
                return False
        else:
            value = ctx.value(key)
            if value is None or value != wanted:
                return False
    return True


def _has_lang(rule: Mapping[str, Any], lang: str, ctx: ComplianceContext) -> bool:
    if rule["kind"] == "caps":
        return True
    if lang in (rule.get("patterns") or {}) or lang in (rule.get("text") or {}):
        return True
    return any(getattr(ctx, n) for n in rule.get("names", []))


def _why(rule: Mapping[str, Any], lang: str) -> str:
    why = rule["why"].get(lang) or rule["why"].get("en") or next(iter(rule["why"].values()))
    return f"{why} ({rule['cite']})"


def _text(table: Mapping[str, Any], lang: str) -> Any:
    return table.get(lang) or table.get("en") or next(iter(table.values()), "")


def _legal(f: Finding, rule: Mapping[str, Any], lang: str) -> Finding:
    return Finding(
        code=f.code, name=f.name, category="legal", severity=rule["severity"], start=f.start,
        end=f.end, line=f.line, column=f.column, match=f.match, message=f.message,
        why=_why(rule, lang), suggestions=f.suggestions, part=f.part,
    )


def _missing(rule: Mapping[str, Any], lang: str) -> Finding:
    return Finding(
        code=rule["code"], name=rule["name"], category="legal", severity=rule["severity"],
        start=0, end=0, line=1, column=1, match="", message=_text(rule["message"], lang),
        why=_why(rule, lang), suggestions=tuple(_text(rule.get("suggest") or {}, lang) or ()),
    )


def _caps(text: str, rule: Mapping[str, Any], lang: str) -> list[Finding]:
    n = int(rule.get("min_words", 4))
    regex = re.compile(rf"\b{_CAPS_WORD}(?:[ \t,;:]+{_CAPS_WORD}){{{n - 1},}}\b")
    out = []
    for m in regex.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        out.append(Finding(
            code=rule["code"], name=rule["name"], category="legal", severity=rule["severity"],
            start=m.start(), end=m.end(), line=line, column=column, match=m.group(),
            message=_text(rule["message"], lang).replace("{match}", m.group()),
            why=_why(rule, lang), suggestions=tuple(_text(rule.get("suggest") or {}, lang) or ()),
        ))
    return out


def _blank(chunk: str) -> str:
    return "".join(c if c == "\n" else " " for c in chunk)


def _find_normalised(text: str, quoted: str) -> list[tuple[int, int]]:
    """Spans of ``text`` equal to ``quoted`` after :func:`normalise` (word by word)."""
    words = normalise(quoted).split(" ")
    parts = [re.escape(w) for w in words]
    gap = r"[\s\u00a0\u202f\u2009«»“”\"]+"
    regex = re.compile(gap.join(parts))
    return [m.span() for m in regex.finditer(text.translate(_SAME_LENGTH))]


@cache
def load_pack(jurisdiction: str) -> Pack:
    """The compiled pack of ``FR``, ``US`` or ``UK`` (recompiled if its YAML changed)."""
    from .compile import JURISDICTIONS, artefact_path, compile_pack, is_fresh

    code = jurisdiction.upper()
    if code not in JURISDICTIONS:
        raise InputError(f"jurisdiction must be one of {', '.join(JURISDICTIONS)}")
    if is_fresh(code):
        artefact = json.loads(artefact_path(code).read_text(encoding="utf-8"))
    else:
        artefact = compile_pack(code)
    return Pack.from_artefact(artefact)
