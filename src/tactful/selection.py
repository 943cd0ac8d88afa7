"""Which template names to try, in order (see docs/templates.md "Selection and fallback")."""

from __future__ import annotations

__all__ = ["candidates", "locale_chain"]

STANDARD = "standard"
#: the profile with B2B terms, for debtors that are businesses only (rendering.Renderer)
BUSINESS = "business"


def locale_chain(locale: str) -> list[str]:
    """``fr_CA`` → ``["fr_CA", "fr"]``; ``zh_Hant_TW`` → most to least specific."""
    parts = locale.split("_")
    return ["_".join(parts[:i]) for i in range(len(parts), 0, -1)]


def candidates(locale: str, channel: str, stage: str, profile: str, kind: str = "txt") -> list[str]:
    """Template names for a body (``kind="txt"``) or subject (``kind="subject"``).

    The profile is the more important key, then the locale from most to least specific.
    """
    profiles = [profile] if profile == STANDARD else [profile, STANDARD]
    names: list[str] = []
    for prof in profiles:
        for loc in locale_chain(locale):
            names.append(f"{loc}/{channel}/{stage}/{prof}.{kind}.j2")
    return names


def layout_candidates(locale: str, channel: str, fmt: str) -> list[str]:
    """Layout names, e.g. ``fr_CA/_layouts/letter.html.j2`` then ``fr/_layouts/letter.html.j2``."""
    return [f"{loc}/_layouts/{channel}.{fmt}.j2" for loc in locale_chain(locale)]
