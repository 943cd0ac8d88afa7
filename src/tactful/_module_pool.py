"""Reuse the modules of macro-only templates imported ``with context`` from one render to the next.

``{% import "x.j2" as m with context %}`` makes Jinja build a fresh module on every
render: a new context, then the partial's top level runs again to define its macros.
When that top level does nothing but define macros (whitespace aside), the macros
are the same every time; only the variables they look up change, and they look them
up when called, through the module's context. So a module can be kept and, at the
next import, pointed at the new variables instead of being rebuilt.

Modules are only reused between renders, never shared within one: every import during
a render takes its own module from the pool, and all of them go back when the render
ends (:meth:`ModulePool.release`). The pool in use is held in a context variable, so
threads and nested renders each have their own.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Any

from jinja2 import Environment, Template, nodes
from jinja2.environment import TemplateModule
from jinja2.parser import Parser
from jinja2.runtime import Context, EvalContext, missing, new_context

from .sandbox import HardenedSandbox

__all__ = [
    "ModulePool", "PooledTemplate", "WithGlobals", "active", "defines_only_macros", "enter",
    "flat_globals", "is_macro_only", "leave", "pooled", "with_globals",
]

_POOL: ContextVar[ModulePool | None] = ContextVar("tactful_module_pool", default=None)


def is_macro_only(environment: Environment, source: str, name: str | None) -> bool:
    """True when the template's top level only defines macros (and holds whitespace)."""
    try:
        tree = Parser(environment, source, name).parse()
    except Exception:  # a syntax error surfaces when Jinja compiles it, not here
        return False
    return defines_only_macros(tree)


def defines_only_macros(tree: nodes.Template) -> bool:
    """True when ``tree``'s top level is macros and whitespace output, nothing else.

    The hardened sandbox charges literal output through a ``_tactful_out`` filter on an
    empty constant; that output is static too.
    """
    for node in tree.body:
        if isinstance(node, nodes.Macro):
            continue
        if isinstance(node, nodes.Output) and all(map(_static_blank, node.nodes)):
            continue
        return False
    return True


def _static_blank(node: nodes.Node) -> bool:
    if isinstance(node, nodes.TemplateData):
        return not node.data.strip()
    if isinstance(node, nodes.Filter) and node.name == "_tactful_out":
        inner = node.node
        return isinstance(inner, nodes.Const) and isinstance(inner.value, str) and (
            not inner.value.strip()
        ) and all(isinstance(arg, nodes.Const) for arg in node.args) and not node.kwargs
    return False


class ModulePool:
    """Modules of macro-only templates, free for the next render or taken by this one."""

    def __init__(self) -> None:
        self._free: dict[Template, list[tuple[TemplateModule, Context]]] = {}
        self._taken: list[tuple[Template, TemplateModule, Context]] = []

    def module(
        self, template: Template, vars: dict[str, Any] | None, locals: Mapping[str, Any] | None
    ) -> TemplateModule:
        """What ``template.make_module(vars, True, locals)`` returns, reusing a free module."""
        free = self._free.get(template)
        if free:
            module, context = free.pop()
            # what jinja2.runtime.new_context does with shared=True
            # (the copy only when a local is set: the imports of a template's first lines
            # pass their names, all still ``missing``)
            parent = {} if vars is None else vars
            if locals:
                set_locals = [(key, value) for key, value in locals.items()
                              if value is not missing]
                if set_locals:
                    parent = dict(parent)
                    parent.update(set_locals)
            context.parent = parent
            context.eval_ctx = EvalContext(template.environment, template.name)
        else:
            context = template.new_context(vars, True, locals)
            module = TemplateModule(template, context)
        self._taken.append((template, module, context))
        return module

    def release(self) -> None:
        """Give back every module this render took; they keep no reference to its data."""
        for template, module, context in self._taken:
            context.parent = {}
            self._free.setdefault(template, []).append((module, context))
        self._taken.clear()


def enter(pool: ModulePool) -> Token[ModulePool | None]:
    """Let the imports made from now on take their modules from ``pool`` (until :func:`leave`)."""
    return _POOL.set(pool)


def leave(token: Token[ModulePool | None], pool: ModulePool) -> None:
    """End what :func:`enter` started and give ``pool`` back every module taken since."""
    _POOL.reset(token)
    pool.release()


@contextmanager
def pooled(pool: ModulePool) -> Iterator[None]:
    """Let the imports made inside the block take their modules from ``pool``."""
    token = enter(pool)
    try:
        yield
    finally:
        leave(token, pool)


def active() -> bool:
    """True inside :func:`pooled` (a nested render then needs a pool of its own)."""
    return _POOL.get() is not None


class WithGlobals(dict):  # type: ignore[type-arg]
    """Template variables that already hold the globals of the templates rendered with them
    (``flat``, see :func:`with_globals`): a render's context takes them as its ``parent``
    as they are, instead of a new dict merging both. Jinja never writes to a context's
    parent; the renderer may change them between two renders of one message."""

    __slots__ = ("flat",)
    flat: dict[str, Any]


#: id(an environment's globals) -> (those globals, them as one plain dict): locale overlays
#: share their base's globals, so all of a renderer's templates share one flat dict
_FLAT_GLOBALS: dict[int, tuple[Mapping[str, Any], dict[str, Any]]] = {}


def flat_globals(template: Template) -> dict[str, Any]:
    """``template.globals`` (a ChainMap over the environment's globals) as one plain dict,
    the same object for every template loaded without globals of its own. The globals of
    tactful's environments are set when they are built and never change afterwards."""
    found: dict[str, Any] | None = getattr(template, "_tactful_globals", None)
    if found is not None:
        return found
    chain = template.globals
    maps = getattr(chain, "maps", None)
    if maps is not None and len(maps) == 2 and not maps[0]:
        base = maps[1]
        entry = _FLAT_GLOBALS.get(id(base))
        if entry is None or entry[0] is not base:
            entry = _FLAT_GLOBALS[id(base)] = (base, dict(base))
        found = entry[1]
    else:
        found = dict(chain)
    template._tactful_globals = found  # type: ignore[attr-defined]
    return found


def with_globals(template: Template, values: Mapping[str, Any]) -> WithGlobals:
    """``values`` over ``template``'s globals, to render it (and the templates sharing its
    globals) without merging them again at each render."""
    flat = flat_globals(template)
    merged = WithGlobals(flat)
    merged.update(values)
    merged.flat = flat
    return merged


class PooledTemplate(HardenedSandbox.template_class):  # type: ignore[name-defined,misc]
    """A template whose ``with context`` imports come from the active pool when it is macro-only.

    The environment sets ``_tactful_source`` when it loads the template; whether it is
    macro-only is worked out from it the first time it is imported with context.
    """

    _tactful_source: str | None = None
    _tactful_macro_only: bool | None = None
    #: ``self.globals`` as one plain dict (:func:`flat_globals`)
    _tactful_globals: dict[str, Any] | None = None
    #: what every render's context copies from the template (:meth:`_context_parts`)
    _tactful_parts: tuple[Any, ...] | None = None

    def _context_parts(self) -> tuple[Any, ...]:
        """(flat globals, environment, name, globals keys, autoescape, blocks, whether the
        environment's contexts are Jinja's own :class:`Context`), read once."""
        env = self.environment
        flat = flat_globals(self)
        autoescape = env.autoescape(self.name) if callable(env.autoescape) else env.autoescape
        # (Jinja only reads a context's globals_keys: one frozenset serves every render)
        parts = (flat, env, self.name, frozenset(flat), autoescape, tuple(self.blocks.items()),
                 env.context_class is Context)
        self._tactful_parts = parts
        return parts

    def new_context(
        self,
        vars: dict[str, Any] | None = None,
        shared: bool = False,
        locals: Mapping[str, Any] | None = None,
    ) -> Context:
        # Jinja copies ``self.globals`` into every new context; reading a ChainMap key by key
        # is a large share of a small template's render, and so is building the context.
        flat, env, name, keys, autoescape, blocks, plain = (
            self._tactful_parts or self._context_parts())
        if shared or locals or vars is None or not plain:
            return new_context(env, name, self.blocks, vars, shared, flat, locals)
        # a render: what new_context and Context.__init__ do, without their calls
        eval_ctx = object.__new__(EvalContext)
        eval_ctx.environment = env
        eval_ctx.autoescape = autoescape
        eval_ctx.volatile = False
        context = object.__new__(Context)
        context.parent = vars if type(vars) is WithGlobals and vars.flat is flat else {
            **flat, **vars}
        context.vars = {}
        context.environment = env
        context.eval_ctx = eval_ctx
        context.exported_vars = set()
        context.name = name
        context.globals_keys = keys
        context.blocks = {k: [v] for k, v in blocks} if blocks else {}
        return context

    def make_module(
        self,
        vars: dict[str, Any] | None = None,
        shared: bool = False,
        locals: Mapping[str, Any] | None = None,
    ) -> TemplateModule:
        pool = _POOL.get()
        if shared and pool is not None:
            if self._tactful_macro_only is None:
                source = self._tactful_source
                self._tactful_macro_only = source is not None and is_macro_only(
                    self.environment, source, self.name
                )
            if self._tactful_macro_only:
                return pool.module(self, vars, locals)
        return super().make_module(vars, shared, locals)  # type: ignore[no-any-return]
