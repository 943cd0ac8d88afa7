"""At which stages each part of a shared partial or layout is rendered.

A partial (``{lang}/_partials/…``) or a layout (``{lang}/_layouts/…``) has no
stage of its own: stage templates extend it, include it or call its macros,
and the renderer wraps every letter and email body in its channel's layout.
Judging its literal text at no stage would either miss premature escalation or
report every calm, dated next step as premature. So its text is judged at the
stages of the templates that reach it: a macro that only formal and final
notices call is judged at those stages, one that a reminder calls is judged at
the reminder too.

The call graph is read from the Jinja syntax tree of every template of the
catalogue (parsing only, nothing is rendered): ``{% extends %}``,
``{% include %}``, ``{% import … as x %}`` + ``x.macro()``,
``{% from … import macro %}`` + ``macro()``, and calls between macros of one
file. Template names must be constant strings to be followed. A macro nobody
calls gets no stage; its text is judged without one, as before.

A channel layout (``{lang}/_layouts/email.txt.j2``) is used by every body of
that channel whose locale falls back to it (``fr_CA`` → ``fr``, the most
specific layout of the catalogue wins, as in :mod:`tactful.selection`). When
the catalogue has no body of that channel for it, the built-in bodies of every
stage use it: it is judged at every stage.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, TemplateSyntaxError, nodes

from ..selection import layout_candidates
from .sources import CHANNELS, JINJA_SUFFIXES, STAGES, catalogue_meta

__all__ = ["Region", "shared_regions"]

_END = re.compile(r"\{%-?\s*endmacro\b")
_Node = tuple[str, str | None]  # (template name, macro name or None for the file itself)


@dataclass(frozen=True)
class Region:
    """Lines ``first``–``last`` (1-based, inclusive) of a partial, rendered at ``stages``."""

    first: int
    last: int
    stages: frozenset[str]


@dataclass
class _File:
    parent: str | None = None
    aliases: dict[str, str] = field(default_factory=dict)  # import alias -> template
    imported: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (template, macro)
    macros: dict[str, int] = field(default_factory=dict)  # top-level macro -> first line
    edges: list[tuple[str | None, nodes.Node]] = field(default_factory=list)  # (scope, target)


def _const(node: nodes.Node) -> str | None:
    return node.value if isinstance(node, nodes.Const) and isinstance(node.value, str) else None


def _walk(node: nodes.Node, scope: str | None, out: _File) -> None:
    if isinstance(node, nodes.Macro) and scope is None:
        out.macros[node.name] = node.lineno
        scope = node.name
    elif isinstance(node, nodes.Extends):
        out.parent = _const(node.template)
    elif isinstance(node, nodes.Import) and _const(node.template):
        out.aliases[node.target] = _const(node.template) or ""
    elif isinstance(node, nodes.FromImport) and _const(node.template):
        for name in node.names:
            macro, local = name if isinstance(name, tuple) else (name, name)
            out.imported[local] = (_const(node.template) or "", macro)
    elif isinstance(node, (nodes.Include, nodes.Call)):
        out.edges.append((scope, node))
    for child in node.iter_child_nodes():
        _walk(child, scope, out)


def _templates(root: Path) -> Iterator[tuple[str, Path]]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name.endswith(JINJA_SUFFIXES):
            yield path.relative_to(root).as_posix(), path


class _Graph:
    def __init__(self, root: Path) -> None:
        env = Environment()
        self.files: dict[str, _File] = {}
        self.seeds: dict[_Node, set[str]] = defaultdict(set)
        self.layouts: dict[str, set[str]] = defaultdict(set)  # body -> the layouts around it
        bodies: list[tuple[str, str, str]] = []  # (name, locale, channel)
        names = dict(_templates(root))
        metas = {name: catalogue_meta(str(path)) for name, path in names.items()}
        for name, path in names.items():
            meta = metas[name]
            if meta.kind == "body" and meta.channel != "sms" and meta.locale and meta.channel:
                bodies.append((name, meta.locale, meta.channel))
            try:
                ast = env.parse(path.read_text(encoding="utf-8"))
            except (TemplateSyntaxError, UnicodeDecodeError, OSError):
                continue  # reported by the template's own lint
            info = _File()
            for child in ast.body:
                _walk(child, None, info)
            self.files[name] = info
            if meta.stage:
                self.seeds[(name, None)].add(meta.stage)
        used: set[str] = set()
        for name, locale, channel in bodies:
            for fmt in ("txt", "html"):
                layout = next((c for c in layout_candidates(locale, channel, fmt) if c in names),
                              None)
                if layout is not None:
                    self.layouts[name].add(layout)
                    used.add(layout)
        for name, meta in metas.items():
            if meta.kind == "layout" and meta.channel in CHANNELS and name not in used:
                # no body of the catalogue uses it: the built-in bodies of every stage do
                self.seeds[(name, None)].update(STAGES)

    def _alias(self, name: str, alias: str) -> str | None:
        """An import alias, looked up in the file then in the files it extends."""
        seen: set[str] = set()
        current: str | None = name
        while current and current not in seen and current in self.files:
            seen.add(current)
            info = self.files[current]
            if alias in info.aliases:
                return info.aliases[alias]
            current = info.parent
        return None

    def _target(self, name: str, node: nodes.Node) -> _Node | None:
        info = self.files[name]
        if isinstance(node, nodes.Include):
            target = _const(node.template)
            return (target, None) if target else None
        callee = node.node  # type: ignore[attr-defined]
        if isinstance(callee, nodes.Getattr) and isinstance(callee.node, nodes.Name):
            target = self._alias(name, callee.node.name)
            return (target, callee.attr) if target else None
        if isinstance(callee, nodes.Name):
            if callee.name in info.macros:
                return (name, callee.name)
            return info.imported.get(callee.name)
        return None

    def stages(self) -> dict[_Node, set[str]]:
        """Propagate each stage template's stage along extends, includes and calls."""
        edges: dict[_Node, set[_Node]] = defaultdict(set)
        for name, layouts in self.layouts.items():
            edges[(name, None)].update((layout, None) for layout in layouts)
        for name, info in self.files.items():
            if info.parent:
                edges[(name, None)].add((info.parent, None))
            for scope, node in info.edges:
                target = self._target(name, node)
                if target is not None:
                    edges[(name, scope)].add(target)
        reached: dict[_Node, set[str]] = defaultdict(set)
        todo = [(node, stage) for node, stages in self.seeds.items() for stage in stages]
        while todo:
            node, stage = todo.pop()
            if stage in reached[node]:
                continue
            reached[node].add(stage)
            todo.extend((nxt, stage) for nxt in edges.get(node, ()))
        return reached


def shared_regions(root: Path) -> dict[str, tuple[frozenset[str], list[Region]]]:
    """For every partial and layout of the catalogue at ``root``: the stages at which
    the file itself is rendered (for text outside macros) and the region of each macro.

    Keys are template names (``fr/_partials/notices.j2``, ``en/_layouts/email.txt.j2``).
    A macro ends at the first ``endmacro`` after its start (macros nested in macros
    are rare)."""
    graph = _Graph(root)
    reached = graph.stages()

    def known(found: set[str] | None) -> frozenset[str]:
        return frozenset(s for s in found or () if s in STAGES)

    out: dict[str, tuple[frozenset[str], list[Region]]] = {}
    for name, info in graph.files.items():
        path = root / name
        if catalogue_meta(str(path)).kind not in ("partial", "layout"):
            continue
        lines = path.read_text(encoding="utf-8").split("\n")
        regions = []
        for macro, first in info.macros.items():
            last = next((i for i in range(first, len(lines) + 1)
                         if _END.search(lines[i - 1])), len(lines))
            regions.append(Region(first, last, known(reached.get((name, macro)))))
        out[name] = (known(reached.get((name, None))), regions)
    return out
