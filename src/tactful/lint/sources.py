"""What to lint and how: file discovery, file kinds, and locale/stage/channel/profile.

Metadata comes, in order of precedence, from the command-line flags, from the
file's place in the catalogue layout (``{lang}/{channel}/{stage}/{profile}.txt.j2``,
see docs/templates.md), then from a header comment in the file::

    {# tactful: locale=fr stage=reminder channel=email profile=hardship #}
    <!-- tactful: locale=en stage=formal_notice -->
    tactful: locale=fr stage=courtesy          (first line of a plain-text draft)

Standard library only: ``tactful lint`` on plain text never imports Jinja.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import InputError

__all__ = [
    "CHANNELS",
    "JINJA_SUFFIXES",
    "STAGES",
    "TEXT_SUFFIXES",
    "Meta",
    "catalogue_meta",
    "expand_paths",
    "header_meta",
    "is_html",
    "is_jinja",
    "resolve_meta",
]

STAGES = ("courtesy", "reminder", "second_reminder", "formal_notice", "final_notice")
CHANNELS = ("letter", "email", "sms")
JINJA_SUFFIXES = (".j2", ".jinja", ".jinja2")
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
_LANG_DIR = re.compile(r"^[a-z]{2}(?:_[A-Z][a-z]{3})?(?:_[A-Z]{2})?$")
_PROFILE = re.compile(r"^[a-z][a-z0-9_]*$")
_HEADER = re.compile(
    r"\{#-?\s*tactful:(?!\s*ignore)([^#]*)#\}|<!--\s*tactful:(?!\s*ignore)(.*?)-->"
    r"|\A[ \t]*tactful:(?!\s*ignore)([^\n]*)",
    re.DOTALL,
)
_KEYS = ("locale", "stage", "channel", "profile")


@dataclass(frozen=True)
class Meta:
    """What a file is: its locale, stage, channel, profile and, for catalogue
    templates, its kind (``body``, ``subject``, ``layout``, ``partial``), the
    template root folder and its name from that root (``fr/sms/reminder/standard.txt.j2``)."""

    locale: str | None = None
    stage: str | None = None
    channel: str | None = None
    profile: str | None = None
    kind: str | None = None
    root: Path | None = None
    name: str | None = None

    def merged(self, other: Meta) -> Meta:
        """Fields of ``self``, completed by ``other`` where ``self`` has none."""
        pairs = zip(_fields(self), _fields(other), strict=True)
        return Meta(*(a if a is not None else b for a, b in pairs))


def _fields(meta: Meta) -> tuple[object, ...]:
    return (meta.locale, meta.stage, meta.channel, meta.profile, meta.kind, meta.root, meta.name)


def is_jinja(path: str) -> bool:
    return path.lower().endswith(JINJA_SUFFIXES)


def is_html(path: str) -> bool:
    lower = path.lower()
    for suffix in JINJA_SUFFIXES:
        lower = lower.removesuffix(suffix)
    return lower.endswith((".html", ".htm"))


def _lintable(name: str) -> bool:
    return name.lower().endswith(JINJA_SUFFIXES + TEXT_SUFFIXES)


def expand_paths(paths: list[str]) -> list[str]:
    """Files as given, and the lintable files under each directory (sorted, hidden skipped)."""
    out: list[str] = []
    for path in paths:
        if path == "-" or not os.path.isdir(path):
            if path != "-" and not os.path.exists(path):
                raise InputError(f"{path}: no such file or directory")
            out.append(path)
            continue
        found = []
        for dirpath, dirnames, filenames in os.walk(path):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            found += [os.path.normpath(os.path.join(dirpath, f)) for f in filenames if _lintable(f)]
        out += sorted(found)
    return list(dict.fromkeys(out))


def catalogue_meta(path: str) -> Meta:
    """Metadata from the catalogue layout, e.g. ``…/fr/letter/reminder/hardship.txt.j2``."""
    parts = Path(path).resolve().parts
    for i in range(len(parts) - 2, -1, -1):
        if not _LANG_DIR.match(parts[i]):
            continue
        rest = parts[i + 1 :]
        root, name = Path(*parts[:i]), "/".join(parts[i:])
        if len(rest) == 2 and rest[0] in ("_layouts", "_partials"):
            channel = rest[1].split(".", 1)[0] if rest[0] == "_layouts" else None
            kind = "layout" if rest[0] == "_layouts" else "partial"
            return Meta(
                locale=parts[i],
                channel=channel if channel in CHANNELS else None,
                kind=kind,
                root=root,
                name=name,
            )
        if len(rest) == 3 and rest[0] in CHANNELS and rest[1] in STAGES:
            profile, _, suffix = rest[2].partition(".")
            kind = {"txt.j2": "body", "subject.j2": "subject"}.get(suffix)
            if kind is None or not _PROFILE.match(profile):
                continue
            return Meta(parts[i], rest[1], rest[0], profile, kind, root, name)
    return Meta()


def header_meta(text: str, source: str) -> Meta:
    """Metadata from a ``tactful: key=value …`` header comment in the first lines."""
    head = "\n".join(text.split("\n", 6)[:6])
    m = _HEADER.search(head)
    if m is None:
        return Meta()
    body = next(g for g in m.groups() if g is not None)
    values: dict[str, str] = {}
    for item in body.split():
        key, sep, value = item.partition("=")
        if sep and value and key not in _KEYS:
            from ..packs.context import CONTEXT_KEYS  # read by tactful.packs

            if key in CONTEXT_KEYS:
                continue
        if not sep or key not in _KEYS or not value:
            raise InputError(
                f"{source}: header comment: expected key=value with key one of "
                f"{', '.join(_KEYS)}"
            )
        values[key] = value
    meta = Meta(**values)
    check_meta(meta, f"{source}: header comment")
    return meta


def check_meta(meta: Meta, where: str) -> None:
    if meta.stage is not None and meta.stage not in STAGES:
        raise InputError(f"{where}: stage must be one of {', '.join(STAGES)}")
    if meta.channel is not None and meta.channel not in CHANNELS:
        raise InputError(f"{where}: channel must be one of {', '.join(CHANNELS)}")
    if meta.profile is not None and not _PROFILE.match(meta.profile):
        raise InputError(f"{where}: profile must be a lowercase name like standard")
    if meta.locale is not None and meta.locale != "auto":
        lang = meta.locale.replace("-", "_").split("_")[0].lower()
        if lang not in ("fr", "en"):
            raise InputError(f"{where}: locale must be French or English (fr, en, fr_CA…)")


def resolve_meta(path: str, text: str, flags: Meta) -> Meta:
    """Flags, then the catalogue layout, then the header comment."""
    source = "<stdin>" if path == "-" else path
    layout = catalogue_meta(path) if path != "-" and is_jinja(path) else Meta()
    meta = flags.merged(layout).merged(header_meta(text, source))
    if meta.locale == "auto":
        meta = replace(meta, locale=None)
    return meta
