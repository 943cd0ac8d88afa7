"""Flatten reviewed templates when they are compiled: inheritance resolved, macros inlined.

A built-in body template extends a profile template that extends a skeleton, and the
skeleton imports four partials ``with context`` and calls a dozen of their macros.
Jinja runs all of that on every render: it loads and links the parent templates, builds
the partials' modules, and each macro call goes through the sandbox's attribute and
call checks, a new frame, a buffer and a join. That structure, not the text it produces,
is most of a built-in message's render time.

:func:`flatten` rewrites such a template's syntax tree into one that produces the same
text with none of it:

* ``{% extends %}`` is resolved: the parent's tree (itself flattened), each
  ``{% block %}`` replaced by the most derived template's definition;
* a call ``{{ m.name(args) }}`` of a macro of a partial imported ``with context`` whose
  top level only defines macros becomes the macro's body in a ``{% with %}`` scope binding
  its parameters (macros it calls in turn the same way); an import nothing refers to any
  more is dropped.

Anything it cannot prove equivalent is left as Jinja wrote it: ``super()``, ``self``,
blocks inside loops or anything else but blocks and ``{% if %}`` branches, a child
template doing more than defining blocks, macros using ``caller``, ``varargs`` or
``kwargs``, defaults that read other parameters, calls with ``*args``/``**kwargs`` or
unknown keywords, and any macro reading a name the call site defines itself (inlined, it
would see the call site's value instead of the context's). A macro called inside an
expression (``{{ m.x() ~ "." }}``) keeps its call.

Only for templates the project reviews: ``rendering.Renderer`` uses it in the environment
that serves nothing but the built-in templates (see SECURITY.md). The sandbox's attribute
and call checks still apply to the inlined code. Errors raised inside inlined code name the
flattened template, not the partial the code came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import nodes
from jinja2.parser import Parser
from jinja2.visitor import NodeTransformer

from ._module_pool import defines_only_macros

__all__ = ["flatten"]

#: a template's source by name (the environment's loader)
SourceOf = Callable[[str], str]
_MAX_DEPTH = 8
_STATEMENT_LISTS = ("body", "else_", "elif_")


def flatten(
    environment: Any, tree: nodes.Template, name: str, source_of: SourceOf
) -> tuple[nodes.Template, list[str]]:
    """``tree`` (the template ``name``) flattened, and the templates it took code from (in the
    order Jinja loads them).

    On anything it does not handle the template is returned as it came: flattening is an
    optimisation, never a change of output. Code only moves between templates that Jinja
    compiles alike (the same autoescaping).
    """
    escapes = _escapes(environment, name)

    def same_escaping(other: str) -> str:
        if _escapes(environment, other) != escapes:
            raise _Unsupported
        return source_of(other)

    try:
        flat, parents = _resolve_extends(environment, tree, same_escaping, 0)
    except _Unsupported:
        return tree, []
    imports = _inline_imports(environment, flat, same_escaping)
    flat.set_environment(environment)
    return flat, parents + imports


def _escapes(environment: Any, name: str) -> bool:
    autoescape = environment.autoescape
    return bool(autoescape(name) if callable(autoescape) else autoescape)


class _Unsupported(Exception):
    """A construct :func:`flatten` leaves to Jinja."""


def _parse(environment: Any, source_of: SourceOf, name: str) -> nodes.Template:
    return Parser(environment, source_of(name), name).parse()


def _clone(node: Any) -> Any:
    """A deep copy of a node tree (not of the environment the nodes point to)."""
    if isinstance(node, list):
        return [_clone(item) for item in node]
    if isinstance(node, tuple):
        return tuple(_clone(item) for item in node)
    if not isinstance(node, nodes.Node):
        return node
    new = object.__new__(type(node))
    for name in node.fields:
        setattr(new, name, _clone(getattr(node, name)))
    for name in node.attributes:
        if hasattr(node, name):
            setattr(new, name, getattr(node, name))
    return new


def _is_blank(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Output) and all(
        isinstance(child, nodes.TemplateData) and not child.data.strip() for child in node.nodes
    )


def _uses_self_or_super(tree: nodes.Node) -> bool:
    return any(name.name in ("self", "super") for name in tree.find_all(nodes.Name))


# -- inheritance ------------------------------------------------------------------------


def _resolve_extends(
    environment: Any, tree: nodes.Template, source_of: SourceOf, depth: int
) -> tuple[nodes.Template, list[str]]:
    """``tree`` with its ancestors resolved, and their names (nearest first)."""
    root, overrides, ancestors = _chain(environment, tree, source_of, depth)
    if not ancestors:
        return tree, []
    return nodes.Template(_fill_blocks(root.body, overrides), lineno=tree.lineno), ancestors


def _chain(
    environment: Any, tree: nodes.Template, source_of: SourceOf, depth: int
) -> tuple[nodes.Template, dict[str, nodes.Block], list[str]]:
    """The template at the top of ``tree``'s ``extends`` chain, the block definitions that
    win (the most derived one of each name, as in Jinja) and the ancestors' names."""
    extends = [node for node in tree.body if isinstance(node, nodes.Extends)]
    if not extends:
        _check_block_placement(tree.body)
        return tree, {}, []
    if depth >= _MAX_DEPTH or len(extends) != 1 or _uses_self_or_super(tree):
        raise _Unsupported
    target = extends[0].template
    if not isinstance(target, nodes.Const) or not isinstance(target.value, str):
        raise _Unsupported
    # a child may only define blocks: anything else at its top level runs before the
    # parent and would need Jinja's own handling
    if any(not isinstance(node, (nodes.Extends, nodes.Block)) and not _is_blank(node)
           for node in tree.body):
        raise _Unsupported
    root, inherited, ancestors = _chain(
        environment, _parse(environment, source_of, target.value), source_of, depth + 1
    )
    own = {block.name: block for block in tree.find_all(nodes.Block)}
    _check_block_placement([block for block in tree.body if isinstance(block, nodes.Block)])
    return root, {**inherited, **own}, [target.value, *ancestors]


def _check_block_placement(body: list[nodes.Node]) -> None:
    """Blocks only at the top level, directly inside blocks, or in the branches of an
    ``{% if %}`` placed so (they render in the context: an ``if`` opens no scope, unlike a
    loop, a ``with`` or a macro)."""
    for node in body:
        if isinstance(node, nodes.Block):
            if node.scoped or node.required:
                raise _Unsupported
            _check_block_placement(node.body)
        elif isinstance(node, nodes.If):
            for branch in (node.body, *(elif_.body for elif_ in node.elif_), node.else_):
                _check_block_placement(branch)
        elif any(True for _ in node.find_all(nodes.Block)):
            raise _Unsupported


def _fill_blocks(body: list[nodes.Node], overrides: dict[str, nodes.Block]) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for node in body:
        if isinstance(node, nodes.Block):
            chosen = overrides.get(node.name, node)
            out.extend(_fill_blocks(_clone(chosen.body), overrides))
        else:
            if isinstance(node, nodes.If):
                node.body = _fill_blocks(node.body, overrides)
                for elif_ in node.elif_:
                    elif_.body = _fill_blocks(elif_.body, overrides)
                node.else_ = _fill_blocks(node.else_, overrides)
            out.append(node)
    return out


# -- macros ---------------------------------------------------------------------------


class _Module:
    """The macros of one partial imported ``with context``, by name."""

    def __init__(self, target: str, macros: dict[str, nodes.Macro]) -> None:
        self.target = target
        self.macros = macros


def _inline_imports(environment: Any, tree: nodes.Template, source_of: SourceOf) -> list[str]:
    """Inline the macro calls of ``tree``'s top-level imports; the names it imports."""
    modules: dict[str, _Module] = {}
    names: list[str] = []
    targets = [node.target for node in tree.find_all(nodes.Import)]
    if len(targets) != len(set(targets)):
        return names  # a name imported twice: left to Jinja
    for node in tree.body:
        if not isinstance(node, nodes.Import):
            continue
        template = node.template
        if not isinstance(template, nodes.Const) or not isinstance(template.value, str):
            continue
        names.append(template.value)
        if not node.with_context:
            continue
        try:
            partial = _parse(environment, source_of, template.value)
        except Exception:  # left to Jinja (which reports errors when it imports)
            continue
        if defines_only_macros(partial):
            modules[node.target] = _Module(node.target, {
                macro.name: macro for macro in partial.body if isinstance(macro, nodes.Macro)
            })
    if not modules:
        return names
    # an import name assigned anywhere but by its import: leave everything to Jinja
    if any(name.ctx in ("store", "param") and name.name in modules
           for name in tree.find_all(nodes.Name)):
        return names
    tree.body = _inline_in(tree.body, modules, _stores(tree), 0)
    still_used = {
        name.name for name in tree.find_all(nodes.Name) if name.ctx == "load"
    }
    tree.body = [
        node for node in tree.body
        if not (isinstance(node, nodes.Import) and node.target in modules
                and node.target not in still_used)
    ]
    return names


def _stores(node: nodes.Node | list[nodes.Node]) -> set[str]:
    """Every name assigned in ``node`` (sets, loop targets, ``with``, parameters, imports)."""
    items = node if isinstance(node, list) else [node]
    out: set[str] = set()
    for item in items:
        for name in _names(item):
            if name.ctx in ("store", "param"):
                out.add(name.name)
        for imp in item.find_all(nodes.Import):
            out.add(imp.target)
        for from_ in item.find_all(nodes.FromImport):
            for entry in from_.names:
                out.add(entry[1] if isinstance(entry, tuple) else entry)
        if isinstance(item, nodes.Import):
            out.add(item.target)
    return out


def _loads(node: nodes.Node | list[nodes.Node]) -> set[str]:
    items = node if isinstance(node, list) else [node]
    return {name.name for item in items for name in _names(item) if name.ctx == "load"}


def _names(node: nodes.Node) -> Iterator[nodes.Name]:
    """The Name nodes in ``node``, ``node`` itself included."""
    if isinstance(node, nodes.Name):
        yield node
    yield from node.find_all(nodes.Name)


def _free(body: list[nodes.Node], bound: frozenset[str] = frozenset()) -> set[str]:
    """The names ``body`` reads that it has not bound itself before (by ``{% set %}``, a
    loop target or ``{% with %}``). Statements it does not know count every name they
    read as free, which only ever makes inlining more careful."""
    free: set[str] = set()
    local = set(bound)
    for node in body:
        if isinstance(node, nodes.Assign):
            free |= _loads(node.node) - local
            local |= _stores(node.target)
        elif isinstance(node, nodes.For):
            free |= _loads(node.iter) - local
            inner = frozenset(local | _stores(node.target) | {"loop"})
            free |= _free(node.body, inner)
            if node.test is not None:
                free |= _loads(node.test) - inner
            free |= _free(node.else_, frozenset(local))
        elif isinstance(node, nodes.If):
            free |= _loads(node.test) - local
            free |= _free(node.body, frozenset(local))
            for branch in node.elif_:
                free |= _free([branch], frozenset(local))
            free |= _free(node.else_, frozenset(local))
        elif isinstance(node, nodes.With):
            free |= _loads(list(node.values)) - local
            free |= _free(node.body, frozenset(local | {t.name for t in node.targets
                                                       if isinstance(t, nodes.Name)}))
        else:
            free |= _loads(node) - local
    return free


def _inline_in(
    body: list[nodes.Node], modules: dict[str, _Module], stores: set[str], depth: int
) -> list[nodes.Node]:
    """``body`` with the inlinable macro calls of its outputs inlined (recursively);
    ``stores`` holds the names the code around ``body`` may define."""
    out: list[nodes.Node] = []
    for node in body:
        if isinstance(node, nodes.Output):
            out.extend(_inline_output(node, modules, stores, depth))
            continue
        if isinstance(node, (nodes.Macro, nodes.CallBlock)):
            out.append(node)
            continue
        inner = stores | _stores(node) | ({"loop"} if isinstance(node, nodes.For) else set())
        for field in _STATEMENT_LISTS:
            value = getattr(node, field, None)
            if field == "elif_" and isinstance(value, list):
                for branch in value:
                    branch.body = _inline_in(branch.body, modules, inner, depth)
                    branch.else_ = _inline_in(branch.else_, modules, inner, depth)
            elif isinstance(value, list) and all(isinstance(v, nodes.Stmt) for v in value):
                setattr(node, field, _inline_in(value, modules, inner, depth))
        out.append(node)
    return out


def _inline_output(
    node: nodes.Output, modules: dict[str, _Module], stores: set[str], depth: int
) -> Iterator[nodes.Node]:
    pending: list[nodes.Expr] = []
    for child in node.nodes:
        found = _callee(child, modules)
        inlined = None
        if found is not None and depth < _MAX_DEPTH:
            inlined = _expand(child, *found, modules, stores, depth)  # type: ignore[arg-type]
        if inlined is None:
            pending.append(child)
            continue
        if pending:
            yield nodes.Output(pending, lineno=node.lineno)
            pending = []
        yield inlined
    if pending:
        yield nodes.Output(pending, lineno=node.lineno)


def _callee(expr: nodes.Node, modules: dict[str, _Module]) -> tuple[nodes.Macro, _Module] | None:
    """The macro ``expr`` calls and its module, when ``expr`` is a plain call of a macro of
    an imported partial (``m.name(...)``)."""
    if not isinstance(expr, nodes.Call):
        return None
    callee = expr.node
    if (isinstance(callee, nodes.Getattr) and isinstance(callee.node, nodes.Name)
            and callee.node.ctx == "load" and callee.node.name in modules):
        module = modules[callee.node.name]
        macro = module.macros.get(callee.attr)
        return (macro, module) if macro is not None else None
    return None


class _Qualify(NodeTransformer):
    """Inside an inlined macro, sibling macros called by bare name (``title()``) are reached
    through their module's import name (``f.title()``), as the caller reaches them."""

    def __init__(self, module: _Module, local: set[str]) -> None:
        self.module = module
        self.local = local

    def visit_Name(self, node: nodes.Name) -> nodes.Node:
        if node.ctx == "load" and node.name in self.module.macros and node.name not in self.local:
            return nodes.Getattr(nodes.Name(self.module.target, "load", lineno=node.lineno),
                                 node.name, "load", lineno=node.lineno)
        return node


def _expand(
    call: nodes.Call, macro: nodes.Macro, module: _Module, modules: dict[str, _Module],
    stores: set[str], depth: int,
) -> nodes.Node | None:
    """``macro``'s body bound to ``call``'s arguments in a ``{% with %}``, or None."""
    params = [arg.name for arg in macro.args]
    if call.dyn_args is not None or call.dyn_kwargs is not None or len(call.args) > len(params):
        return None
    default_loads = _loads(list(macro.defaults))
    body_loads = _loads(macro.body) | default_loads
    if body_loads & {"caller", "varargs", "kwargs"} or _uses_self_or_super(macro):
        return None
    if default_loads & set(params):
        return None  # a default reading another parameter is evaluated in the macro's frame
    local = set(params) | _stores(macro.body)
    if local & set(modules):
        return None  # the module names must keep meaning the modules inside
    values: dict[str, nodes.Expr] = dict(zip(params, call.args, strict=False))
    for keyword in call.kwargs:
        if keyword.key not in params or keyword.key in values:
            return None
        values[keyword.key] = keyword.value
    first_default = len(params) - len(macro.defaults)
    for index, param in enumerate(params):
        if param not in values:
            if index < first_default:
                return None  # Jinja would pass an undefined value
            values[param] = _clone(macro.defaults[index - first_default])
    # what the macro reads from the context must not be a name the call site defines:
    # inlined, it would read the call site's value instead
    if ((_free(macro.body, frozenset(params)) | default_loads) - set(module.macros)) & stores:
        return None
    body = [_Qualify(module, local).visit(node) for node in _clone(macro.body)]
    body = _inline_in(body, modules, stores | local, depth + 1)
    return nodes.With(
        [nodes.Name(param, "param", lineno=call.lineno) for param in params],
        [values[param] for param in params],
        body,
        lineno=call.lineno,
    )
