"""SMS encoding (GSM 03.38 or UCS-2) and segment counting. Pure functions."""

from __future__ import annotations

__all__ = ["encoding", "segments", "sms_length", "ucs2_characters"]

GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = frozenset("^{}\\[~]|€\f")


_GSM = GSM_BASIC | GSM_EXTENSION


def ucs2_characters(text: str) -> list[str]:
    """Characters of ``text`` outside GSM 03.38 (basic + extension), in first-seen order."""
    if _GSM.issuperset(text):
        return []
    return list(dict.fromkeys(char for char in text if char not in _GSM))


def encoding(text: str) -> str:
    """``"GSM-7"`` when every character is in GSM 03.38, else ``"UCS-2"``."""
    return "GSM-7" if _GSM.issuperset(text) else "UCS-2"


def _length(text: str, gsm: bool) -> int:
    if gsm:  # extension characters take two septets
        return len(text) + sum(text.count(char) for char in GSM_EXTENSION if char in text)
    return len(text.encode("utf-16-le")) // 2


def sms_length(text: str) -> int:
    """Length in septets (GSM-7, extension chars count 2) or UTF-16 code units (UCS-2)."""
    return _length(text, _GSM.issuperset(text))


def segments(text: str) -> int:
    """Number of SMS parts: 160/153 septets for GSM-7, 70/67 units for UCS-2."""
    gsm = _GSM.issuperset(text)
    length = _length(text, gsm)
    single, multi = (160, 153) if gsm else (70, 67)
    if length <= single:
        return 1
    return -(-length // multi)
