"""SMS encoding (GSM 03.38 or UCS-2) and segment counting. Pure functions."""

from __future__ import annotations

__all__ = ["encoding", "segments", "sms_length", "ucs2_characters"]

GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = frozenset("^{}\\[~]|€\f")


def ucs2_characters(text: str) -> list[str]:
    """Characters of ``text`` outside GSM 03.38 (basic + extension), in first-seen order."""
    seen: dict[str, None] = {}
    for char in text:
        if char not in GSM_BASIC and char not in GSM_EXTENSION:
            seen.setdefault(char, None)
    return list(seen)


def encoding(text: str) -> str:
    """``"GSM-7"`` when every character is in GSM 03.38, else ``"UCS-2"``."""
    return "UCS-2" if ucs2_characters(text) else "GSM-7"


def sms_length(text: str) -> int:
    """Length in septets (GSM-7, extension chars count 2) or UTF-16 code units (UCS-2)."""
    if encoding(text) == "GSM-7":
        return sum(2 if c in GSM_EXTENSION else 1 for c in text)
    return len(text.encode("utf-16-le")) // 2


def segments(text: str) -> int:
    """Number of SMS parts: 160/153 septets for GSM-7, 70/67 units for UCS-2."""
    length = sms_length(text)
    single, multi = (160, 153) if encoding(text) == "GSM-7" else (70, 67)
    if length <= single:
        return 1
    return -(-length // multi)
