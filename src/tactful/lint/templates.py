"""Template-aware linting: findings at the line and column of the Jinja source.

A template is linted twice:

1. its **literal text** — the source with every Jinja tag blanked (same length,
   see :mod:`tactful.lint.masking`), so wording inside an ``{% if %}`` branch that
   no sample reaches is still found, at its exact source position;
2. its **renderings** — the template rendered (sandboxed, ``StrictUndefined``,
   the renderer's own environment) for every sample variant
   (:mod:`tactful.lint.samples`); each finding on a rendering is mapped back by
   locating the flagged words in the literal text of the template or of the
   templates it extends, includes or imports (findings belong to the file
   where the text lives). Findings whose words come only from the data are dropped.

Every finding is kept once per ``(file, code, offset)``. HTML templates are
linted as visible text. Rendering problems (syntax errors, undefined
variables, sandbox violations) are returned as ``TPL`` findings for
``tactful check``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError, meta, nodes
from jinja2.sandbox import SecurityError

from ..errors import RequestError, TactfulError
from .callers import Region, shared_regions
from .engine import Linter, _line_starts
from .findings import Finding, severity_rank
from .literal import lint_masked
from .locale import infer_lang
from .masking import FILL, mask_header, mask_html, mask_jinja
from .ruleinfo import problem
from .samples import PROFILES, variants
from .sources import STAGES, Meta, is_html
from .suppress import parse_suppressions

__all__ = ["Literal", "TemplateLinter", "TemplateResult", "literal_text"]

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_COMMENT = re.compile(r"\{#.*?#\}|<!--.*?-->", re.DOTALL)
_MAX_RUN = 8  # longest word run tried when a rendered match is not in the template text
_LAYOUT_CTX = {"body": "Body.", "subject": "Subject"}


@dataclass
class Literal:
    """One template file: its source and its literal text (same length)."""

    path: str
    source: str
    text: str  # what a reader could see: Jinja (and HTML) blanked
    code: str  # the source with comments blanked: strings in tags are searched too
    line_starts: list[int]


@dataclass
class TemplateResult:
    """Findings per file path (the linted file and the files its text comes from),
    rendering problems, and how many sample renderings succeeded."""

    findings: dict[str, list[Finding]] = field(default_factory=dict)
    problems: list[tuple[str, Finding]] = field(default_factory=list)
    renders: int = 0
    attempts: int = 0
    # undeclared variables printed by the template, its parents and the partials it uses,
    # as dotted paths (``creditor.iban``)
    variables: frozenset[str] = frozenset()
    lang: str = "en"


def literal_text(source: str, html: bool, fill: str = " ") -> str:
    """The text a reader could see, Jinja and (for HTML) markup blanked, character
    references decoded and padded with ``fill`` (see :mod:`tactful.lint.masking`)."""
    text = mask_header(mask_jinja(source))
    return mask_html(text, fill) if html else text


def _position(lit: Literal, start: int) -> tuple[int, int]:
    from bisect import bisect_right

    line = bisect_right(lit.line_starts, start)
    return line, start - lit.line_starts[line - 1] + 1


def _moved(f: Finding, lit: Literal, start: int, end: int) -> Finding:
    line, column = _position(lit, start)
    return replace(f, start=start, end=end, line=line, column=column, match=lit.source[start:end])


def _dotted(node: nodes.Node) -> str | None:
    """``creditor.iban`` for ``creditor.iban`` or ``creditor["iban"]``; None when the
    expression is not a variable's attribute chain."""
    parts: list[str] = []
    while True:
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) \
                and isinstance(node.arg.value, str):
            parts.append(node.arg.value)
        elif isinstance(node, nodes.Name):
            parts.append(node.name)
            return ".".join(reversed(parts))
        else:
            return None
        node = node.node  # type: ignore[attr-defined]


def _printed_paths(node: nodes.Node) -> Iterable[str]:
    """Variables (as dotted paths) whose value reaches the output under ``node`` (not those
    only tested: the test of ``a if t else b``, ``is`` tests, comparisons and ``not``)."""
    path = _dotted(node)
    if path is not None:
        yield path
        return
    if isinstance(node, (nodes.Test, nodes.Compare, nodes.Not)):
        return
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr):
        node = nodes.Call(node.node.node, node.args, node.kwargs, node.dyn_args,
                          node.dyn_kwargs)  # ``debtor.name.upper()``: debtor.name
    for child in node.iter_child_nodes():
        if isinstance(node, nodes.CondExpr) and child is node.test:
            continue
        yield from _printed_paths(child)


def _shown_variables(ast: nodes.Template) -> frozenset[str]:
    """Undeclared variables whose value is printed (``{{ … }}``) or looped over, not
    only tested, as dotted paths (``creditor.iban``): what a reader sees, so what French
    and English versions must share."""
    undeclared = meta.find_undeclared_variables(ast)
    return frozenset(p for p in _printed_under(ast) if p.split(".", 1)[0] in undeclared)


def _printed_under(root: nodes.Node) -> set[str]:
    """The dotted paths printed or looped over under ``root``, and those assigned to a name
    that is printed (``{% set first = debts[0] %}…{{ first.due_date }}``: debts)."""
    shown: set[str] = set()
    for out in root.find_all(nodes.Output):
        shown.update(_printed_paths(out))
    for loop in root.find_all(nodes.For):
        shown.update(_printed_paths(loop.iter))
    assigns = [({n.name for n in (a.target, *a.target.find_all(nodes.Name))
                 if isinstance(n, nodes.Name)}, a.node) for a in root.find_all(nodes.Assign)]
    grew = bool(assigns)
    while grew:
        names = {p.split(".", 1)[0] for p in shown}
        before = len(shown)
        for targets, value in assigns:
            if targets & names:
                shown.update(_printed_paths(value))
        grew = len(shown) > before
    return shown


def _judged_at(lang: str, stage: str, stages: frozenset[str]) -> str:
    """The note of a shared template's finding: the stage it was judged at."""
    used = ", ".join(s for s in STAGES if s in stages)
    if lang == "fr":
        return f"jugé à l'étape {stage}, la plus sévère des messages qui l'utilisent ({used})"
    return f"judged at the {stage} stage, the most severe of the messages that use it ({used})"


def _words_regex(words: Sequence[str]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + r"\W+".join(re.escape(w) for w in words) + r"(?!\w)")


class TemplateLinter:
    """Lint Jinja templates with one :class:`Linter` and a list of sample requests.

    ``display`` maps resolved file paths to the path to report (as given by the user).
    """

    def __init__(
        self,
        linter: Linter,
        samples: Sequence[dict[str, Any]],
        *,
        display: Mapping[str, str] | None = None,
    ) -> None:
        self.linter = linter
        self.samples = list(samples)
        self.display = dict(display or {})
        self._renderers: dict[str, Any] = {}
        self._literals: dict[str, Literal] = {}
        self._rendered: dict[tuple[str, str, Any, Any, Any], list[Finding]] = {}
        self._refs: dict[str, list[str | None]] = {}
        self._parsed: dict[tuple[str, str, str, tuple[str, ...]], list[Any]] = {}
        self._regions: dict[str, dict[str, tuple[frozenset[str], list[Region]]]] = {}
        self._shown_cache: dict[str, frozenset[str]] = {}
        #: source -> its syntax tree (None: it does not parse); shared by the helpers below
        self._asts: dict[str, nodes.Template | None] = {}
        self._staged: frozenset[str] | None = None

    # ----------------------------------------------------------- helpers

    def renderer(self, root: Path) -> Any:
        from ..rendering import Renderer

        key = str(root)
        if key not in self._renderers:
            self._renderers[key] = Renderer([root])
        return self._renderers[key]

    def show(self, filename: str) -> str:
        real = os.path.realpath(filename)
        if real in self.display:
            return self.display[real]
        rel = os.path.relpath(real)
        return filename if rel.startswith("..") else rel

    def literal(self, filename: str, source: str) -> Literal:
        real = os.path.realpath(filename)
        lit = self._literals.get(real)
        if lit is None:
            text = literal_text(source, is_html(filename))
            code = _COMMENT.sub(lambda m: " " * len(m.group()), source)
            lit = Literal(self.show(filename), source, text, code, _line_starts(source))
            self._literals[real] = lit
        return lit

    def _closure(self, env: Any, name: str, filename: str, source: str) -> list[Literal]:
        """The template and every template it extends, includes or imports."""
        out = [self.literal(filename, source)]
        seen, todo = {name}, [source]
        while todo:
            for ref in self._references(env, todo.pop()):
                if ref is None or ref in seen:
                    continue
                seen.add(ref)
                try:
                    src, path, _ = env.loader.get_source(env, ref)
                except TemplateNotFound:
                    continue
                out.append(self.literal(path or ref, src))
                todo.append(src)
        return out

    def _ast(self, env: Any, source: str) -> nodes.Template | None:
        if source not in self._asts:
            try:
                self._asts[source] = env.parse(source)
            except TemplateSyntaxError:
                self._asts[source] = None
        return self._asts[source]

    def _source(self, env: Any, name: str) -> str | None:
        try:
            return str(env.loader.get_source(env, name)[0])
        except TemplateNotFound:
            return None

    def _printed_by(self, env: Any, name: str, source: str, seen: set[str]) -> frozenset[str]:
        """The variables a message template prints (dotted paths): its own, its parents' and
        included templates' (all of theirs), and those of the macros it calls from the
        templates it imports (only those macros, and the ones they call in turn)."""
        seen.add(name)
        ast = self._ast(env, source)
        if ast is None:
            return frozenset()
        shown = set(self._shown(env, source))
        for node in ast.find_all((nodes.Extends, nodes.Include)):
            ref = node.template.value if isinstance(node.template, nodes.Const) else None
            if not isinstance(ref, str) or ref in seen:
                continue
            src = self._source(env, ref)
            if src is not None:
                shown |= self._printed_by(env, ref, src, seen)
        for imp in ast.find_all((nodes.Import, nodes.FromImport)):
            ref = imp.template.value if isinstance(imp.template, nodes.Const) else None
            src = self._source(env, ref) if isinstance(ref, str) else None
            if src is None:
                continue
            if isinstance(imp, nodes.Import):
                target = imp.target
                called = {c.node.attr for c in ast.find_all(nodes.Call)
                          if isinstance(c.node, nodes.Getattr)
                          and isinstance(c.node.node, nodes.Name) and c.node.node.name == target}
            else:  # {% from "x" import a, b as c %}: called by their local names
                pairs = [n if isinstance(n, tuple) else (n, n) for n in imp.names]
                local = {alias: macro for macro, alias in pairs}
                called = {local[c.node.name] for c in ast.find_all(nodes.Call)
                          if isinstance(c.node, nodes.Name) and c.node.name in local}
            shown |= self._macros_print(env, src, called)
        return frozenset(shown)

    def _macros_print(self, env: Any, source: str, called: set[str]) -> frozenset[str]:
        """The variables that the macros ``called`` of a partial print, with the macros of
        the same partial they call; the whole partial's when it imports others itself."""
        ast = self._ast(env, source)
        if ast is None:
            return frozenset()
        if any(True for _ in ast.find_all((nodes.Import, nodes.FromImport, nodes.Include))):
            return self._shown(env, source)
        undeclared = meta.find_undeclared_variables(ast)
        macros = {m.name: m for m in ast.find_all(nodes.Macro)}
        todo, done = [n for n in called if n in macros], set()
        shown: set[str] = set()
        while todo:
            macro = macros[todo.pop()]
            if macro.name in done:
                continue
            done.add(macro.name)
            shown |= _printed_under(macro)
            todo += [c.node.name for c in macro.find_all(nodes.Call)
                     if isinstance(c.node, nodes.Name) and c.node.name in macros]
        return frozenset(p for p in shown if p.split(".", 1)[0] in undeclared)

    def _shown(self, env: Any, source: str) -> frozenset[str]:
        shown = self._shown_cache.get(source)
        if shown is None:
            ast = self._ast(env, source)
            shown = self._shown_cache[source] = (
                frozenset() if ast is None else _shown_variables(ast))
        return shown

    def _references(self, env: Any, source: str) -> list[str | None]:
        refs = self._refs.get(source)
        if refs is None:
            ast = self._ast(env, source)
            refs = self._refs[source] = (
                [] if ast is None else list(meta.find_referenced_templates(ast)))
        return refs

    def _requests(
        self, locale: str, stage: str, channel: str, profiles: Sequence[str]
    ) -> list[Any]:
        """Valid sample requests (parsed once per locale, stage, channel and profiles)."""
        from ..models import parse_request

        key = (locale, stage, channel, tuple(profiles))
        parsed = self._parsed.get(key)
        if parsed is None:
            parsed = []
            for data in variants(
                self.samples, locale=locale, stage=stage, channel=channel, profiles=profiles
            ):
                try:
                    parsed.append((parse_request(data), data["profile"]))
                except RequestError:
                    continue
            self._parsed[key] = parsed
        return parsed

    # ----------------------------------------------------------- linting

    def _lint_literal(self, lit: Literal, lang: str, m: Meta) -> list[Finding]:
        # HTML: references decoded as one word with the letters around them
        shown = literal_text(lit.source, True, FILL) if is_html(lit.path) else lit.text

        def at(stage: str | None) -> list[Finding]:
            return lint_masked(
                self.linter, lit.source, shown,
                locale=m.locale or lang, stage=stage, channel=m.channel, profile=m.profile,
            )[1]

        parts = self._shared_stages(m)
        if parts is None:
            return at(m.stage)
        # a partial or a layout: its text (each macro's) is judged at the stages of the
        # messages that use it (see tactful.lint.callers), the most severe result kept;
        # text nothing reaches is judged without a stage
        top, regions = parts

        def reached(line: int) -> frozenset[str]:
            return next((r.stages for r in regions if r.first <= line <= r.last), top)

        found: dict[tuple[str, int], dict[str | None, Finding]] = {}
        stageless: dict[tuple[str, int], Finding] = {}
        for stage in (*STAGES, None):
            for f in at(stage):
                stages = reached(f.line)
                if stage is None:
                    stageless[(f.code, f.start)] = f
                if (stage in stages) if stage else not stages:
                    found.setdefault((f.code, f.start), {})[stage] = f
        out = []
        for key, by_stage in found.items():
            stage, worst = max(by_stage.items(), key=lambda kv: severity_rank(kv[1].severity))
            alone = stageless.get(key)
            if stage is not None and (alone is None or alone.note):  # the stage matters
                worst = replace(worst, note=_judged_at(lang, stage, reached(worst.line)))
            out.append(worst)
        return sorted(out, key=lambda f: (f.start, f.end, f.code))

    def _stage_matters(self, code: str) -> bool:
        """Whether rule ``code``'s findings depend on the stage."""
        if self._staged is None:
            self._staged = frozenset(
                r.code for r in self.linter.rules if r.stages is not None or r.severity_by_stage
            )
        return code in self._staged

    def _shared_stages(self, m: Meta) -> tuple[frozenset[str], list[Region]] | None:
        """The stages of a catalogue partial's or layout's text and of its macros, or None."""
        if m.kind not in ("partial", "layout") or m.stage or m.root is None or m.name is None:
            return None
        key = str(m.root)
        if key not in self._regions:
            self._regions[key] = shared_regions(m.root)
        return self._regions[key].get(m.name)

    def _lint_rendering(self, text: str, lang: str, m: Meta) -> list[Finding]:
        key = (text, lang, m.stage, m.channel, m.profile)
        cached = self._rendered.get(key)
        if cached is None:
            cached = self.linter.lint(
                text, locale=lang, stage=m.stage, channel=m.channel, profile=m.profile
            ).findings
            self._rendered[key] = cached
        return cached

    def locate(
        self, f: Finding, rendered: str, lits: Sequence[Literal]
    ) -> tuple[Literal, int, int] | None:
        """Where the words of a rendering's finding live in the templates' literal text."""
        words = _WORD.findall(f.match)
        if not words:
            return None
        hits = [(lit, m) for lit in lits for m in _words_regex(words).finditer(lit.text)]
        if hits:
            before = " ".join(_WORD.findall(rendered[max(0, f.start - 80) : f.start])[-6:])

            def score(hit: tuple[Literal, re.Match[str]]) -> int:
                lit, m = hit
                ctx = _WORD.findall(lit.text[max(0, m.start() - 80) : m.start()])[-6:]
                n = 0
                for a, b in zip(reversed(before.split()), reversed(ctx), strict=False):
                    if a != b:
                        break
                    n += 1
                return n

            lit, m = max(hits, key=score)
            return lit, m.start(), m.end()
        # the words come from a string inside a tag ({% set %}, macro arguments)
        for lit in lits:
            m = _words_regex(words).search(lit.code)
            if m:
                return lit, m.start(), m.end()
        # the match mixes data and template text: the longest run of at least half of its
        # words (two at least) in a template's text; long matches (a whole sentence from a
        # check) by a run at their start. Otherwise the words come from the data: dropped.
        starts = range(len(words)) if len(words) <= _MAX_RUN else range(1)
        shortest = max(2, -(-len(words) // 2)) if len(words) <= _MAX_RUN else 3
        for size in range(min(len(words) - 1, _MAX_RUN), shortest - 1, -1):
            for i in starts:
                if i + size > len(words):
                    break
                for lit in lits:
                    for text in (lit.text, lit.code):
                        m = _words_regex(words[i : i + size]).search(text)
                        if m:
                            return lit, m.start(), m.end()
        return None

    def lint(self, path: str, source: str, m: Meta) -> TemplateResult:
        """Lint one template file (``m`` from :func:`tactful.lint.sources.resolve_meta`)."""
        own = self.literal(path, source)
        lang = (m.locale or infer_lang(own.text)).replace("-", "_").split("_")[0].lower()
        result = TemplateResult(lang=lang)
        found: dict[str, dict[tuple[str, int], Finding]] = {own.path: {}}

        def add(lit: Literal, f: Finding) -> None:
            # once per (code, offset): the first, or a more severe one (a shared template
            # rendered at several stages)
            kept = found.setdefault(lit.path, {})
            old = kept.get((f.code, f.start))
            if old is None or severity_rank(f.severity) > severity_rank(old.severity):
                kept[(f.code, f.start)] = f

        for f in self._lint_literal(own, lang, m):
            add(own, f)
        root = m.root or Path(path).resolve().parent
        name = m.name or Path(path).name
        renderer = self.renderer(root)
        env = renderer._env(m.locale or lang)
        try:
            ast = env.parse(source, name, path)
            result.variables = _shown_variables(ast)
        except TemplateSyntaxError as exc:
            line = exc.lineno or 1
            detail = str(exc.message)
            result.problems.append((own.path, problem("TPL001", own.source, line, detail)))
            result.findings = {p: list(d.values()) for p, d in found.items()}
            return result
        if m.kind != "partial":
            lits = self._closure(env, name, path, source)
            # A message prints what its parents print too, and what the macros it calls
            # print (parity): not the rest of a partial it imports.
            result.variables = self._printed_by(env, name, source, set())
            renderings = self._renderings(renderer, name, path, m, lang, result)
            located: dict[tuple[str, str, str], Any] = {}
            for rendered, meta_used in renderings:
                for f in self._lint_rendering(rendered, lang, meta_used):
                    key = (f.code, f.match, rendered[max(0, f.start - 80) : f.start])
                    if key not in located:
                        located[key] = self.locate(f, rendered, lits)
                    where = located[key]
                    if where is not None:
                        lit, start, end = where
                        sup = parse_suppressions(lit.source)
                        moved = _moved(f, lit, start, end)
                        if meta_used.stage != m.stage and self._stage_matters(f.code):
                            # a layout rendered at the stages of the messages using it
                            shared = self._shared_stages(m)
                            used = shared[0] if shared else frozenset()
                            note = _judged_at(lang, meta_used.stage or "", used)
                            moved = replace(moved, note=note)
                        if not sup.suppressed(f.code, moved.line):
                            add(lit, moved)
        result.findings = {
            p: sorted(d.values(), key=lambda f: (f.start, f.code)) for p, d in found.items()
        }
        return result

    # --------------------------------------------------------- rendering

    def _renderings(
        self, renderer: Any, name: str, path: str, m: Meta, lang: str, result: TemplateResult
    ) -> Iterable[tuple[str, Meta]]:
        """Render the template for every sample variant; record problems in ``result``."""
        from ..context import build_context
        from ..formatting import CURRENCY

        # a layout: rendered and judged at the stages of the messages that use it
        shared = self._shared_stages(m) if m.kind == "layout" else None
        reached = shared[0] if shared is not None else frozenset()
        stages = [m.stage] if m.stage else [s for s in STAGES if not reached or s in reached]
        channel = m.channel or "email"
        profiles = [m.profile] if m.profile else list(PROFILES)
        locale = m.locale or lang
        reported: set[tuple[str, int, str]] = set()
        outputs: set[tuple[str, str | None]] = set()
        if not any(self._requests(locale, s, channel, profiles) for s in stages):
            own = self.literal(path, Path(path).read_text(encoding="utf-8"))
            detail = f"no sample is a valid {channel} request for {locale} (see --samples)"
            result.problems.append((own.path, problem("TPL003", own.source, 0, detail)))
            return
        for stage in stages:
            for req, profile in self._requests(locale, stage, channel, profiles):
                env = renderer._env(req.locale)
                ctx = build_context(req, profile)
                if m.kind == "layout":
                    ctx.update(_LAYOUT_CTX)
                result.attempts += 1
                token = CURRENCY.set(req.currency)
                try:
                    output = env.get_template(name).render(ctx)
                except (UndefinedError, SecurityError, TypeError, ValueError, ArithmeticError,
                        TemplateNotFound, TemplateSyntaxError, TactfulError) as exc:
                    self._problem(exc, path, result, reported)
                    continue
                finally:
                    CURRENCY.reset(token)
                result.renders += 1
                text = mask_html(output, FILL).replace(FILL, "") if is_html(path) else output
                used = replace(m, channel=channel, profile=profile)
                if reached:
                    used = replace(used, stage=stage)
                if (text, used.stage) not in outputs:
                    outputs.add((text, used.stage))
                    yield text, used

    def _problem(
        self, exc: BaseException, path: str, result: TemplateResult, reported: set[Any]
    ) -> None:
        code = {
            "UndefinedError": "TPL002",
            "SecurityError": "TPL003",
            "TemplateSyntaxError": "TPL001",
        }.get(type(exc).__name__, "TPL003")
        file, line = path, 1
        tb = exc.__traceback__
        known = {os.path.realpath(f): f for f in self._literal_files()}
        while tb is not None:
            real = os.path.realpath(tb.tb_frame.f_code.co_filename)
            if real in known:
                file, line = known[real], tb.tb_lineno
            tb = tb.tb_next
        if isinstance(exc, TemplateSyntaxError) and exc.filename:
            file, line = exc.filename, exc.lineno or 1
        if isinstance(exc, UndefinedError | SecurityError):
            detail = str(exc.message if isinstance(exc, UndefinedError) else exc)
        elif isinstance(exc, TemplateNotFound):
            detail = f"template not found: {exc.name}"
        else:
            detail = type(exc).__name__
        key = (file, line, code + detail)
        if key in reported:
            return
        reported.add(key)
        with suppress(OSError, UnicodeDecodeError):
            source = Path(file).read_text(encoding="utf-8")
            result.problems.append((self.show(file), problem(code, source, line, detail)))

    def _literal_files(self) -> list[str]:
        return list(self._literals)
