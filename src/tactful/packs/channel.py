"""Channel checks: SMS encoding and segments, email subject, letter address blocks and date.

Codes (category ``channel``): ``SMS001`` too many segments (the same code
``tactful check`` uses), ``SMS002`` UCS-2 encoding (info, names the characters),
``EML001`` no subject, ``EML002`` subject too long, ``LTR001`` sender/recipient
address blocks, ``LTR002`` no date. Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .. import channels
from ..lint.findings import Finding
from .context import ComplianceContext

__all__ = ["CHANNEL_RULES", "channel_findings", "split_subject"]

_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|"
    "décembre|decembre|january|february|march|april|may|june|july|august|september|october|"
    "november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATE = re.compile(
    rf"\b\d{{1,2}}(?:er|st|nd|rd|th)?\.?\s+(?:{_MONTHS})\.?\s+\d{{4}}\b"
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    r"|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\b|\b\d{4}-\d{2}-\d{2}\b",
    re.IGNORECASE,
)
#: French/Belgian/US postal codes, US "IL 62704", UK postcodes
_POSTAL = re.compile(
    r"(?:^|\s)\d{4,5}(?:-\d{4})?(?:\s|$)|\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"
)
_SUBJECT_LINE = re.compile(
    r"\A\s*(?:subject|objet)[ \t\u00a0]*:[ \t]*([^\n]*)(?:\n|\Z)", re.IGNORECASE
)
_HEAD_BLOCKS = 6


@dataclass(frozen=True)
class _Rule:
    code: str
    name: str
    severity: str
    message: dict[str, str]
    why: dict[str, str]
    suggest: dict[str, tuple[str, ...]]


CHANNEL_RULES: dict[str, _Rule] = {r.code: r for r in (
    _Rule("SMS001", "sms-too-long", "warning",
          {"en": "The SMS takes {n} segments ({encoding}); the limit is {max}.",
           "fr": "Le SMS occupe {n} segments ({encoding}) ; la limite est de {max}."},
          {"en": "Each extra segment is billed, and long SMS are split or cut on some phones. "
                 "GSM-7 fits 160 characters (153 per part); one character outside it switches "
                 "the whole SMS to UCS-2: 70 characters (67 per part).",
           "fr": "Chaque segment supplémentaire est facturé, et un SMS long peut être coupé. "
                 "Le GSM-7 tient 160 caractères (153 par partie) ; un seul caractère hors "
                 "GSM-7 fait passer tout le SMS en UCS-2 : 70 caractères (67 par partie)."},
          {"en": ("Shorten the message.",), "fr": ("Raccourcissez le message.",)}),
    _Rule("SMS002", "sms-ucs2", "info",
          {"en": "{chars} switch the SMS to UCS-2 (70 characters per segment).",
           "fr": "{chars} font passer le SMS en UCS-2 (70 caractères par segment)."},
          {"en": "Characters outside the GSM 03.38 alphabet (such as ê, ç, â, curly quotes) "
                 "more than halve the room per segment.",
           "fr": "Les caractères hors de l'alphabet GSM 03.38 (ê, ç, â, guillemets courbes…) "
                 "divisent par plus de deux la place par segment."},
          {"en": (), "fr": ()}),
    _Rule("EML001", "email-subject-missing", "error",
          {"en": "The email has no subject.", "fr": "L'e-mail n'a pas d'objet."},
          {"en": "Without a subject the message looks like spam and the reader cannot tell "
                 "what it is about before opening it.",
           "fr": "Sans objet, le message ressemble à un spam et le lecteur ne sait pas de quoi "
                 "il s'agit avant de l'ouvrir."},
          {"en": ("Payment reminder, reference …",), "fr": ("Rappel de paiement, référence …",)}),
    _Rule("EML002", "email-subject-too-long", "warning",
          {"en": "The subject has {n} characters; the limit is {max}.",
           "fr": "L'objet compte {n} caractères ; la limite est de {max}."},
          {"en": "Mail apps cut long subjects; the reference and the date must stay visible.",
           "fr": "Les messageries coupent les objets longs ; la référence et la date doivent "
                 "rester visibles."},
          {"en": ("Keep the subject to what it is about, the reference and the date.",),
           "fr": ("Gardez dans l'objet le sujet, la référence et la date.",)}),
    _Rule("LTR001", "letter-address-blocks", "error",
          {"en": "{n} address block(s) found before the date; a letter needs the sender's "
                 "and the recipient's.",
           "fr": "{n} bloc(s) d'adresse avant la date ; un courrier porte celui de "
                 "l'expéditeur et celui du destinataire."},
          {"en": "The reader must see who writes and that the letter is meant for them; a "
                 "window envelope shows the recipient block.",
           "fr": "Le lecteur doit voir qui écrit et que le courrier lui est destiné ; "
                 "l'enveloppe à fenêtre montre le bloc du destinataire."},
          {"en": ("Start with the sender's name and address, then the recipient's.",),
           "fr": ("Commencez par le nom et l'adresse de l'expéditeur, puis du destinataire.",)}),
    _Rule("LTR002", "letter-date-missing", "error",
          {"en": "The letter has no date before its opening.",
           "fr": "Le courrier n'est pas daté avant la formule d'appel."},
          {"en": "Deadlines and the order of letters are read from the date; an undated "
                 "letter cannot be relied on.",
           "fr": "Les délais et l'ordre des courriers se lisent à partir de la date ; un "
                 "courrier non daté ne fait pas foi."},
          {"en": ("15 March 2026",), "fr": ("Paris, le 15 mars 2026",)}),
)}  # fmt: skip


def split_subject(text: str) -> tuple[str | None, int, str, int]:
    """A draft's leading ``Subject:``/``Objet :`` line:
    ``(subject, subject offset, body, body offset)`` (offsets into ``text``)."""
    m = _SUBJECT_LINE.match(text)
    if m is None:
        return None, 0, text, 0
    raw = m.group(1)
    start = m.start(1) + (len(raw) - len(raw.lstrip()))
    return raw.strip(), start, text[m.end():], m.end()


def _finding(code: str, lang: str, text: str, start: int, end: int, part: str = "text",
             **values: object) -> Finding:
    rule = CHANNEL_RULES[code]
    message = rule.message[lang]
    for key, value in values.items():
        message = message.replace("{" + key + "}", str(value))
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    suggestions = rule.suggest[lang]
    if code in ("SMS001", "SMS002") and values.get("chars"):
        hint = {"en": "Replace {chars} (outside GSM-7) to use 160 characters per segment.",
                "fr": "Remplacez {chars} (hors GSM-7) pour disposer de 160 caractères par "
                      "segment."}[lang]
        suggestions = (hint.replace("{chars}", str(values["chars"])), *suggestions)
    return Finding(
        code=code, name=rule.name, category="channel", severity=rule.severity, start=start,
        end=end, line=line, column=column, match=text[start:end], message=message,
        why=rule.why[lang], suggestions=suggestions, part=part,
    )


def _quote(chars: Sequence[str]) -> str:
    shown = ["line break" if c == "\n" else c for c in chars[:8]]
    more = "…" if len(chars) > 8 else ""
    return ", ".join(f"'{c}'" for c in shown) + more


def sms_findings(text: str, lang: str, max_segments: int) -> list[Finding]:
    wide = channels.ucs2_characters(text)
    count = channels.segments(text)
    chars = _quote(wide) if wide else ""
    first = min((text.index(c) for c in wide), default=0)
    span = (first, first + 1) if wide else (0, len(text))
    if count > max_segments:
        return [_finding("SMS001", lang, text, *span, n=count, max=max_segments,
                         encoding=channels.encoding(text), chars=chars)]
    if wide:
        return [_finding("SMS002", lang, text, *span, chars=chars)]
    return []


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    out: list[tuple[int, list[str]]] = []
    offset, current, start = 0, [], 0
    for line in text.split("\n"):
        if line.strip():
            if not current:
                start = offset
            current.append(line)
        elif current:
            out.append((start, current))
            current = []
        offset += len(line) + 1
    if current:
        out.append((start, current))
    return out


def letter_findings(text: str, lang: str) -> list[Finding]:
    blocks = _blocks(text)[:_HEAD_BLOCKS]
    date_at = next(
        (i for i, (_s, lines) in enumerate(blocks)
         if len(lines) == 1 and len(lines[0]) < 60 and _DATE.search(lines[0])),
        None,
    )
    out: list[Finding] = []
    head = blocks[:date_at] if date_at is not None else blocks[:3]
    addresses = [b for b in head if len(b[1]) >= 2 and any(_POSTAL.search(x) for x in b[1])]
    if len(addresses) < 2:
        out.append(_finding("LTR001", lang, text, 0, 0, n=len(addresses)))
    if date_at is None:
        out.append(_finding("LTR002", lang, text, 0, 0))
    return out


def channel_findings(
    text: str, subject: str | None, ctx: ComplianceContext, lang: str
) -> list[Finding]:
    """Findings for ``ctx.channel`` (none when the channel is unknown)."""
    if ctx.channel == "sms":
        return sms_findings(text, lang, ctx.max_sms_segments)
    if ctx.channel == "letter":
        return letter_findings(text, lang)
    if ctx.channel == "email":
        if not (subject or "").strip():
            return [_finding("EML001", lang, text, 0, 0)]
        if len(subject or "") > ctx.max_subject_length:
            return [_finding("EML002", lang, subject or "", 0, len(subject or ""), "subject",
                             n=len(subject or ""), max=ctx.max_subject_length)]
    return []
