"""``tactful check``: everything a template repository must satisfy.

1. every template parses (TPL001);
2. it renders for every sample variant without undefined variables or sandbox
   and filter errors (TPL002, TPL003);
3. every locale × channel × stage × profile the repository provides resolves to
   a body of the repository itself, not only to a built-in one (and, for letters
   and emails, to a subject and layouts) (TPL004);
4. the French and English versions of one template use the same variables
   (TPL005, :func:`jinja2.meta.find_undeclared_variables`);
5. SMS fit in ``max_segments`` segments for every sample (SMS001);
6. tone findings, as ``tactful lint`` reports them at source positions.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, RenderError, RequestError, TemplateNotFoundError
from .findings import Finding
from .results import FileReport
from .ruleinfo import problem
from .samples import variants
from .sources import CHANNELS, STAGES, Meta, expand_paths, is_jinja, resolve_meta
from .suppress import Suppressions, parse_suppressions
from .templates import TemplateLinter

__all__ = ["CheckResult", "TemplateSummary", "check_repository"]


@dataclass
class TemplateSummary:
    path: str
    locale: str | None
    channel: str | None
    stage: str | None
    profile: str | None
    kind: str | None
    renders: int = 0
    attempts: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path, "locale": self.locale, "channel": self.channel,
            "stage": self.stage, "profile": self.profile, "kind": self.kind,
            "renders": self.renders, "attempts": self.attempts, "counts": dict(self.counts),
        }


@dataclass
class CheckResult:
    reports: list[FileReport]
    templates: list[TemplateSummary]
    combinations: int = 0


class _Reports:
    def __init__(self) -> None:
        self.by_path: dict[str, FileReport] = {}
        self._suppressions: dict[str, Suppressions] = {}

    def get(self, path: str, source: str | None = None) -> FileReport:
        report = self.by_path.get(path)
        if report is None:
            if source is None:
                try:
                    source = Path(path).read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    source = ""
            report = self.by_path[path] = FileReport(path, source, kind="template")
        return report

    def add(self, path: str, findings: Sequence[Finding]) -> None:
        """Tone findings once per (code, offset) — the first sample's wording wins;
        tool findings once per message."""
        report = self.get(path)
        seen = {_key(f) for f in report.findings}
        # the repository-wide problems (parity, segments…) honour `tactful: ignore[CODE]` too
        quiet = self._suppressions.get(path)
        if quiet is None:
            quiet = self._suppressions[path] = parse_suppressions(report.source)
        for f in findings:
            if quiet.suppressed(f.code, f.line):
                continue
            if _key(f) not in seen:
                seen.add(_key(f))
                report.findings.append(f)
        report.findings.sort(key=lambda f: (f.start, f.end, f.code))


_RENDER_CODES = ("TPL001", "TPL002", "TPL003")


def _key(f: Finding) -> tuple[str, int, str]:
    return (f.code, f.start, f.message if f.category in ("template", "channel") else "")


def check_repository(
    root: Path,
    linter: Any,
    samples: Sequence[dict[str, Any]],
    *,
    max_segments: int = 2,
) -> CheckResult:
    """Check every template under ``root`` (a catalogue-layout template folder)."""
    if not root.is_dir():
        raise InputError(f"{root}: not a directory")
    paths = [p for p in expand_paths([str(root)]) if is_jinja(p)]
    if not paths:
        raise InputError(f"{root}: no Jinja templates (.j2, .jinja, .jinja2) found")
    display = {os.path.realpath(p): p for p in paths}
    tl = TemplateLinter(linter, samples, display=display)
    reports = _Reports()
    summaries: dict[str, TemplateSummary] = {}
    metas: dict[str, Meta] = {}
    variables: dict[str, frozenset[str]] = {}
    for path in paths:
        source = Path(path).read_text(encoding="utf-8")
        meta = resolve_meta(path, source, Meta())
        metas[path] = meta
        result = tl.lint(path, source, meta)
        reports.get(path, source).kind = "template"
        report = reports.get(path)
        report.locale = meta.locale or result.lang
        report.stage, report.channel, report.profile = meta.stage, meta.channel, meta.profile
        for other, findings in result.findings.items():
            reports.add(other, findings)
        for other, finding in result.problems:
            reports.add(other, [finding])
        variables[path] = result.variables
        summaries[path] = TemplateSummary(
            path, report.locale, meta.channel, meta.stage, meta.profile, meta.kind,
            result.renders, result.attempts,
        )
    combos = 0
    for catalogue in sorted({m.root for m in metas.values() if m.root is not None}):
        inside = catalogue.is_relative_to(root.resolve())
        shown = root / catalogue.relative_to(root.resolve()) if inside else catalogue
        combos += _resolution(shown, tl, samples, metas, reports, max_segments)
    _parity(metas, variables, reports, _contract(samples))
    for path, summary in summaries.items():
        for f in reports.get(path).findings:
            summary.counts[f.severity] += 1
    ordered = [reports.by_path[p] for p in paths] + [
        r for p, r in reports.by_path.items() if p not in summaries
    ]
    return CheckResult(ordered, list(summaries.values()), combos)


def _resolution(
    root: Path,
    tl: TemplateLinter,
    samples: Sequence[dict[str, Any]],
    metas: dict[str, Meta],
    reports: _Reports,
    max_segments: int,
) -> int:
    """Render every combination the catalogue at ``root`` provides; report what does not
    resolve."""
    from ..models import parse_request

    metas = {p: m for p, m in metas.items() if m.root == root.resolve()}
    bodies = [m for m in metas.values() if m.kind == "body"]
    locales = sorted({m.locale for m in metas.values() if m.locale})
    channels = sorted({m.channel for m in bodies if m.channel}, key=CHANNELS.index)
    stages = sorted({m.stage for m in bodies if m.stage}, key=STAGES.index)
    profiles = sorted({m.profile for m in bodies if m.profile})
    renderer = tl.renderer(root.resolve())
    by_name = {m.name: p for p, m in metas.items() if m.name}
    count = 0
    for locale in locales:
        for channel in channels:
            for stage in stages:
                for profile in profiles:
                    count += 1
                    requests = []
                    for data in variants(samples, locale=locale, stage=stage, channel=channel,
                                         profiles=[profile]):
                        try:
                            requests.append(parse_request(data))
                        except RequestError:
                            continue
                        if channel != "sms":
                            break
                    where = f"{locale}/{channel}/{stage}/{profile}"
                    worst: tuple[int, str, str] | None = None
                    for req in requests:
                        try:
                            message = renderer.render(req)
                        except TemplateNotFoundError as exc:
                            path = str(root / f"{where}.txt.j2")
                            missing = ", ".join(exc.searched[:2])
                            reports.add(path, [problem("TPL004", "", 0, f"{where} ({missing}…)")])
                            break
                        except RenderError as exc:
                            # already reported at its line when the template itself was linted
                            path = by_name.get(exc.template or "", str(root / f"{where}.txt.j2"))
                            report = reports.get(path)
                            if not any(f.code in _RENDER_CODES for f in report.findings):
                                detail = f"{where}: {str(exc).split(': ', 1)[-1]}"
                                reports.add(path, [problem("TPL003", report.source, 0, detail)])
                            break
                        if not (root / message.audit.template).is_file():
                            path = str(root / f"{where}.txt.j2")
                            detail = f"{where} in this repository (only a built-in template)"
                            reports.add(path, [problem("TPL004", "", 0, detail)])
                            break
                        segs = message.sms_segments or 0
                        if segs > max_segments and (worst is None or segs > worst[0]):
                            worst = (segs, message.sms_encoding or "", message.audit.template)
                    if worst is not None:
                        segs, encoding, name = worst
                        path = by_name.get(name, str(root / name))
                        detail = (f"{segs} segments ({encoding}) for some samples; "
                                  f"the limit is {max_segments}")
                        reports.add(path, [problem("SMS001", reports.get(path).source, 0, detail)])
    return count


def _contract(samples: Sequence[dict[str, Any]]) -> frozenset[str] | None:
    """The variable names every template sees (docs/templates.md), from a sample's context."""
    from ..context import build_context
    from ..models import parse_request

    for data in variants(samples, locale="en", stage="reminder", channel="email",
                         profiles=["standard"]):
        try:
            names = build_context(parse_request(data), "standard")
        except RequestError:
            continue
        return frozenset(names) | {"body", "subject"}
    return None


def _roots(paths: frozenset[str]) -> frozenset[str]:
    return frozenset(p.split(".", 1)[0] for p in paths)


def _named(paths: frozenset[str], roots: frozenset[str]) -> str:
    """The dotted paths (``creditor.iban``) under ``roots``, most specific only."""
    under = {p for p in paths if p.split(".", 1)[0] in roots}
    kept = sorted(p for p in under if not any(o.startswith(p + ".") for o in under))
    return ", ".join(kept)


#: context variables that steer the wording, not data a message states
_WORDING_FLAGS = frozenset({"sms_compact", "us_english", "canadian_french", "overdue"})
#: facts one language's templates state for one country's law only: the end of the US
#: validation period (English; a US validation notice in another language is refused)
_ONE_LAW = frozenset({"validation_period_end"})
_NOT_COMPARED = _WORDING_FLAGS | _ONE_LAW


def _parity(
    metas: dict[str, Meta],
    variables: dict[str, frozenset[str]],
    reports: _Reports,
    contract: frozenset[str] | None,
) -> None:
    """French and English versions of one template (same name after the locale folder)
    print the same contract variables (compared by name; the message names the dotted
    paths printed, ``creditor.iban``)."""
    groups: dict[str, dict[str, str]] = {}
    for path, meta in metas.items():
        # Partials are compared through the messages that use them: a macro may print
        # a variable in one language only where that language's law asks for it.
        if meta.name and meta.locale and meta.kind != "partial":
            rest = meta.name.split("/", 1)[1]
            groups.setdefault(rest, {})[meta.locale] = path
    for versions in groups.values():
        for locale, path in versions.items():
            lang = locale.split("_")[0]
            others = [(loc, p) for loc, p in versions.items() if loc.split("_")[0] != lang]
            for other_locale, other in others:
                my_paths, their_paths = variables.get(path), variables.get(other)
                if my_paths is None or their_paths is None:
                    continue
                mine, theirs = _roots(my_paths), _roots(their_paths)
                if contract is not None:
                    mine, theirs = mine & contract, theirs & contract
                # how a template words itself, not what it says (docs/templates.md), and
                # facts of one country's law
                mine, theirs = mine - _NOT_COMPARED, theirs - _NOT_COMPARED
                if mine == theirs:
                    continue
                parts = []
                if theirs - mine:
                    used = _named(their_paths, theirs - mine)
                    parts.append(f"{other_locale} also uses {used}")
                if mine - theirs:
                    parts.append(f"only this one uses {_named(my_paths, mine - theirs)}")
                source = reports.get(path).source
                reports.add(path, [problem("TPL005", source, 0, "; ".join(parts))])
