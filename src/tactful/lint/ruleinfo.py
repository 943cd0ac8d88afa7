"""Rule metadata for people: tone rules from the compiled ``tone_rules.yaml`` plus
the built-in codes of the tool itself (``SUP001`` bare ignore, ``TPL…`` template
problems, ``SMS001`` SMS length). Used by ``tactful rules``, the SARIF output and
the generated docs/rules pages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .findings import Finding

__all__ = [
    "RULES_URL", "TOOL_RULES", "all_rules", "example_texts", "find_rule", "help_uri",
    "plain_text", "problem",
]

RULES_URL = "https://github.com/tactful-project/tactful/blob/main/docs/rules/"


def _rule(code: str, name: str, category: str, severity: str, en: str, fr: str,
          why_en: str, why_fr: str, fix_en: str, fix_fr: str) -> dict[str, Any]:
    return {
        "code": code, "name": name, "category": category, "severity": severity,
        "message": {"en": en, "fr": fr}, "why": {"en": why_en, "fr": why_fr},
        "suggest": {"en": [fix_en], "fr": [fix_fr]}, "examples": {},
    }


TOOL_RULES: tuple[dict[str, Any], ...] = (
    _rule("SUP001", "ignore-without-codes", "suppression", "error",
          "'{match}' without codes: give the codes to ignore.",
          "« {match} » sans code : indiquez les codes à ignorer.",
          "An ignore without codes hides every warning, including future ones.",
          "Une exception sans code masque toutes les alertes, y compris les futures.",
          "tactful: ignore[THR001] reason", "tactful: ignore[THR001] raison"),
    _rule("TPL001", "template-syntax", "template", "error",
          "The template does not parse: {detail}.",
          "Le modèle ne se lit pas : {detail}.",
          "A template that does not parse cannot render any message.",
          "Un modèle illisible ne peut produire aucun message.",
          "Fix the Jinja syntax at this line.", "Corrigez la syntaxe Jinja à cette ligne."),
    _rule("TPL002", "undefined-variable", "template", "error",
          "Undefined variable while rendering a sample: {detail}.",
          "Variable non définie au rendu d'un exemple : {detail}.",
          "Undefined names fail at send time; every variable must exist for every request "
          "(see docs/templates.md for the variables).",
          "Une variable non définie fait échouer l'envoi ; chaque variable doit exister pour "
          "chaque demande (voir docs/templates.md).",
          "Use a documented variable, or guard optional ones with {% if %}.",
          "Utilisez une variable documentée, ou protégez les optionnelles par {% if %}."),
    _rule("TPL003", "render-error", "template", "error",
          "Rendering failed for a sample: {detail}.",
          "Le rendu échoue pour un exemple : {detail}.",
          "A template that fails for some requests leaves those people without a message.",
          "Un modèle qui échoue pour certaines demandes laisse ces personnes sans message.",
          "Check the filters and values used at this line.",
          "Vérifiez les filtres et valeurs utilisés à cette ligne."),
    _rule("TPL004", "unresolved-combination", "template", "error",
          "No template resolves for {detail}.",
          "Aucun modèle ne correspond à {detail}.",
          "Every locale × stage × channel × profile the repository offers must resolve, "
          "possibly through the standard profile or a shorter locale.",
          "Chaque combinaison langue × étape × canal × profil proposée doit aboutir à un "
          "modèle, éventuellement par repli sur le profil standard.",
          "Add the missing template (or a standard one to fall back to).",
          "Ajoutez le modèle manquant (ou un modèle standard de repli)."),
    _rule("TPL005", "locale-parity", "template", "warning",
          "The other language's version uses different variables: {detail}.",
          "La version dans l'autre langue utilise d'autres variables : {detail}.",
          "French and English versions of one template should say the same things; a variable "
          "used in one only usually means a missing sentence or a missing amount.",
          "Les versions française et anglaise d'un modèle doivent dire la même chose ; une "
          "variable présente d'un seul côté signale souvent une phrase ou un montant oublié.",
          "Use the same variables in both versions.",
          "Utilisez les mêmes variables dans les deux versions."),
    _rule("SMS001", "sms-too-long", "channel", "warning",
          "The SMS takes {detail}.",
          "Le SMS occupe {detail}.",
          "Each extra segment is billed and long SMS are split or truncated on some phones.",
          "Chaque segment supplémentaire est facturé, et un long SMS peut être coupé.",
          "Shorten the message, or avoid characters outside GSM-7 (they switch to UCS-2).",
          "Raccourcissez le message, ou évitez les caractères hors GSM-7 (passage en UCS-2)."),
)
_TOOL = {r["code"]: r for r in TOOL_RULES}


def all_rules(linter: Any = None) -> list[dict[str, Any]]:
    """Every rule as a plain dict (tone rules from the compiled artefact, then tool rules)."""
    from .artefact import load_artefact

    if linter is not None:
        tone = [_from_runtime(r) for r in linter.rules]
    else:
        tone = list(load_artefact()["rules"])
    return [*tone, *TOOL_RULES]


def _from_runtime(rule: Any) -> dict[str, Any]:
    return {
        "code": rule.code, "name": rule.name, "category": rule.category,
        "severity": rule.severity, "message": dict(rule.message), "why": dict(rule.why),
        "suggest": {k: list(v) for k, v in rule.suggest.items()},
        "stages": sorted(rule.stages) if rule.stages is not None else None,
        "severity_by_stage": dict(rule.severity_by_stage),
        "channels": sorted(rule.channels) if rule.channels is not None else None,
        "profiles": sorted(rule.profiles) if rule.profiles is not None else None,
        "examples": dict(rule.examples), "check": rule.check,
        "plain": {lang: {key: list(words) for key, _items, words, _starts in entries}
                  for lang, entries in rule.plain.items()},
    }


def example_texts(rule: Mapping[str, Any], lang: str, kind: str) -> list[str]:
    """The ``flag`` or ``pass`` examples of a rule as strings (with their stage/profile)."""
    examples = (rule.get("examples") or {}).get(lang) or {}
    out = []
    for item in examples.get(kind) or []:
        if isinstance(item, Mapping):
            where = [f"{k}: {item[k]}" for k in ("stage", "channel", "profile") if item.get(k)]
            out.append(str(item.get("text", "")) + (f" ({', '.join(where)})" if where else ""))
        else:
            out.append(str(item))
    return out


def plain_text(words: str | Sequence[str]) -> str:
    """A wording's plain words (one or a list, as a rule file gives them) as one line."""
    return words if isinstance(words, str) else "; ".join(words)


def find_rule(code: str, rules: list[dict[str, Any]]) -> dict[str, Any] | None:
    code = code.upper()
    return next((r for r in rules if r["code"] == code), None)


def help_uri(code: str) -> str:
    return f"{RULES_URL}{code}.md"


def _text(table: Mapping[str, Any], lang: str) -> Any:
    return table.get(lang) or table.get("en") or next(iter(table.values()), "")


def problem(code: str, source: str, line: int, detail: str, lang: str = "en") -> Finding:
    """A tool-rule finding on ``line`` (1-based) of ``source``, or about the whole file
    when ``line`` is 0 (an empty match at 1:1)."""
    rule = _TOOL[code]
    message = _text(rule["message"], lang).replace("{detail}", detail.rstrip(". "))
    why, suggest = _text(rule["why"], lang), tuple(_text(rule["suggest"], lang))
    if line == 0:
        return Finding(
            code=code, name=rule["name"], category=rule["category"], severity=rule["severity"],
            start=0, end=0, line=1, column=1, match="", message=message, why=why,
            suggestions=suggest,
        )
    starts = [0] + [i + 1 for i, c in enumerate(source) if c == "\n"]
    line = min(max(line, 1), len(starts))
    start = starts[line - 1]
    end = source.find("\n", start)
    end = len(source) if end < 0 else end
    stripped = len(source[start:end]) - len(source[start:end].lstrip())
    start = min(start + stripped, end)
    return Finding(
        code=code, name=rule["name"], category=rule["category"], severity=rule["severity"],
        start=start, end=end, line=line, column=start - starts[line - 1] + 1,
        match=source[start:end], message=message, why=why, suggestions=suggest,
    )
