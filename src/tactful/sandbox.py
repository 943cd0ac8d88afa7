"""A hardened Jinja sandbox for templates tactful does not control.

Jinja's :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment` already blocks
attribute walks (``__class__``, ``__globals__``...), unsafe calls and mutation of
lists and dicts, and caps ``range()`` at 100 000 items. It does not bound time or
memory. This module adds, per call to ``Template.render``:

* a budget of characters produced (outputs, ``+``, ``*``, ``~``, ``%``, string
  methods and widening filters are charged *before* they allocate);
* a budget of steps (loop iterations, outputs, calls) and a wall-clock deadline;
* caps on widths and counts (``center(10**9)``, ``'{:>999999999}'``, ``batch``);
* a loader that refuses template files resolving outside its directories
  (symlinks) and oversized template files.

Exceeding any limit raises :class:`jinja2.sandbox.SecurityError`. None of this is
a substitute for OS limits when templates are hostile: see SECURITY.md.

``HardenedSandbox(instrument=False)`` compiles templates without the per-output and
per-iteration charges and leaves the widening filters unwrapped (the other checks and
budgets stay): only for an environment whose
loader serves nothing but reviewed templates (tactful's built-in ones, see
``rendering.Renderer``).
"""

from __future__ import annotations

import os
import re
import string
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from jinja2 import FileSystemLoader, Template, TemplateSyntaxError, nodes, pass_context
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import MAX_RANGE, ImmutableSandboxedEnvironment, SecurityError, safe_range

__all__ = [
    "MAX_CHARS",
    "MAX_SECONDS",
    "MAX_STEPS",
    "MAX_TEMPLATE_BYTES",
    "MAX_WIDTH",
    "GuardedLoader",
    "HardenedSandbox",
]

MAX_CHARS = 2_000_000
"""Characters a single render may produce or build, counted cumulatively."""
MAX_STEPS = 200_000
"""Loop iterations, outputs and calls a single render may perform."""
MAX_SECONDS = 10.0
"""Wall-clock time a single render may take (a last resort: the step budget stops loops
long before; this includes compiling included templates on a loaded machine)."""
MAX_WIDTH = 10_000
"""Largest width, padding or count accepted by string methods and filters."""
MAX_TEMPLATE_BYTES = 1_000_000
"""Largest template file the loader reads."""

_INT_BITS = 100_000
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")


_CLOCK_EVERY = 256
"""Steps between two looks at the clock (each step is bounded work: see ``_BIG_CHARGE``)."""
_BIG_CHARGE = 1 << 16
"""A charge of at least this many characters looks at the clock at once."""


class _Guard:
    __slots__ = ("chars", "clock_at", "deadline", "steps")

    def __init__(self) -> None:
        self.chars = MAX_CHARS
        self.steps = MAX_STEPS
        self.clock_at = MAX_STEPS - _CLOCK_EVERY
        self.deadline = time.monotonic() + MAX_SECONDS

    def charge(self, chars: int = 0) -> None:
        self.chars -= chars
        self.steps -= 1
        # one comparison chain on the common path; the clock is read every _CLOCK_EVERY
        # steps and on large charges
        if self.steps <= self.clock_at or self.chars < 0 or chars >= _BIG_CHARGE:
            self.check()

    def check(self) -> None:
        if self.chars < 0:
            raise SecurityError(f"output too large (more than {MAX_CHARS} characters)")
        if self.steps < 0:
            raise SecurityError(f"too many steps (more than {MAX_STEPS} loop iterations or calls)")
        # the last stretch ends exactly when the step budget runs out (at -1)
        self.clock_at = max(self.steps - _CLOCK_EVERY, -1)
        if time.monotonic() > self.deadline:
            raise SecurityError(f"render took longer than {MAX_SECONDS:g} s")


_GUARD: ContextVar[_Guard | None] = ContextVar("tactful_render_guard", default=None)


def _charge(chars: int = 0) -> None:
    guard = _GUARD.get()
    if guard is not None:
        guard.charge(chars)


_SIZED = (str, bytes, bytearray, list, tuple, dict)


def _size(value: Any) -> int:
    return len(value) if isinstance(value, _SIZED) else 0


def _width(value: Any, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_WIDTH:
        raise SecurityError(f"{what} is larger than {MAX_WIDTH}")


def _check_format(fmt: str) -> None:
    """Refuse ``str.format`` specs with huge or dynamic widths."""
    for _, field, spec, _ in string.Formatter().parse(fmt):
        if field is None or not spec:
            continue
        if "{" in spec:
            raise SecurityError("format specs with nested fields are not allowed")
        for digits in re.findall(r"\d+", spec):
            _width(int(digits), "format width")


def _check_percent(fmt: str) -> None:
    for match in _PERCENT_SPEC.finditer(fmt):
        for group in match.groups():
            if group == "*":
                raise SecurityError("'*' widths are not allowed in % formatting")
            if group:
                _width(int(group), "format width")


def _replace_size(text: str, old: str, new: str) -> int:
    hits = text.count(old) if old else len(text) + 1
    return len(text) + hits * max(0, len(new) - len(old))


def _guard_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a widening built-in filter with a check that runs before it allocates."""

    def check(value: Any, *args: Any, **kwargs: Any) -> Any:
        text = str(value) if isinstance(value, str) else ""
        if name == "join":
            value = list(value)
            sep = args[0] if args else kwargs.get("d", "")
            _charge(sum(len(str(v)) for v in value) + len(str(sep)) * max(0, len(value) - 1))
        elif name == "urlize":
            extra = sum(len(a) for a in (*args, *kwargs.values()) if isinstance(a, str))
            _charge(len(text) * (1 + extra))
        elif name == "center":
            _width(args[0] if args else kwargs.get("width", 80), "center width")
        elif name == "indent":
            width = args[0] if args else kwargs.get("width", 4)
            pad = len(width) if isinstance(width, str) else width
            _width(pad, "indent width")
            _charge(len(text) + (text.count("\n") + 1) * max(0, int(pad)))
        elif name == "wordwrap":
            width = args[0] if args else kwargs.get("width", 79)
            wrap = args[2] if len(args) > 2 else kwargs.get("wrapstring") or "\n"
            lines = len(text) // max(1, int(width)) + text.count("\n") + 1
            _charge(len(text) + lines * len(str(wrap)))
        elif name == "replace":
            old, new = (str(a) for a in [*args, "", ""][:2])
            _charge(_replace_size(text, old, new))
        elif name == "format":
            _check_percent(text)
        elif name in ("batch", "slice"):
            _width(args[0] if args else kwargs.get("linecount", kwargs.get("slices", 0)),
                   f"{name} size")
        return value

    def guarded(*args: Any, **kwargs: Any) -> Any:
        # filters marked pass_environment/pass_context get that as the first argument
        offset = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0
        if len(args) > offset:
            value = check(args[offset], *args[offset + 1:], **kwargs)
            args = (*args[:offset], value, *args[offset + 1:])
        result = func(*args, **kwargs)
        _charge(_size(result))
        return result

    for attr in ("jinja_pass_arg", "__name__", "__doc__"):
        if hasattr(func, attr):
            setattr(guarded, attr, getattr(func, attr))
    return guarded


def _range(*args: int) -> range:
    try:
        return safe_range(*args)
    except OverflowError:
        raise SecurityError(f"range() larger than {MAX_RANGE} items") from None


@pass_context
def _out(context: Context, value: Any, extra: int = 0) -> Any:
    """Charge an output expression (plus ``extra`` literal characters) to the budget."""
    guard = _GUARD.get()
    if guard is not None:
        guard.charge((len(value) if isinstance(value, str) else len(str(value))) + extra)
    return value


@pass_context
def _loop(context: Context, iterable: Any) -> Iterator[Any]:
    """Charge one step per loop iteration."""
    guard = _GUARD.get()
    for item in iterable:
        if guard is not None:
            guard.charge()
        yield item


def _filtered(node: nodes.Expr, name: str, *args: int) -> nodes.Filter:
    consts: list[nodes.Expr] = [nodes.Const(a) for a in args]
    return nodes.Filter(node, name, consts, [], None, None, lineno=node.lineno)


_WIDENING_FILTERS = ("center", "indent", "wordwrap", "replace", "format", "batch", "slice",
                     "join", "urlize", "truncate")
_STR_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})


class _GuardedTemplate(Template):
    def render(self, *args: Any, **kwargs: Any) -> str:
        if self.environment.is_async:
            return self._guarded(super().render, *args, **kwargs)
        # what Template.render does, without copying a plain dict argument (the new
        # context copies it into its own ``parent`` anyway)
        if len(args) == 1 and not kwargs and isinstance(args[0], dict):
            variables = args[0]  # (new_context merges it into a new dict, or takes it whole
            # when it is a _module_pool.WithGlobals already holding the globals)
        else:
            variables = dict(*args, **kwargs)
        token = _GUARD.set(_Guard()) if _GUARD.get() is None else None
        try:
            context = self.new_context(variables)
            try:
                return self.environment.concat(self.root_render_func(context))  # type: ignore
            except Exception:
                self.environment.handle_exception()
        finally:
            if token is not None:
                _GUARD.reset(token)

    @staticmethod
    def _guarded(render: Callable[..., str], *args: Any, **kwargs: Any) -> str:
        if _GUARD.get() is not None:
            return render(*args, **kwargs)
        token = _GUARD.set(_Guard())
        try:
            return render(*args, **kwargs)
        finally:
            _GUARD.reset(token)


class HardenedSandbox(ImmutableSandboxedEnvironment):
    """Immutable sandbox with time, step and size budgets (see the module docstring)."""

    intercepted_binops = frozenset({"+", "*", "**", "%"})
    template_class = _GuardedTemplate

    def __init__(self, *args: Any, instrument: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: whether templates compiled here charge their outputs and loop iterations to the
        #: budget; only environments whose loader serves reviewed templates turn it off
        self.instrument = instrument
        self.globals.pop("lipsum", None)  # lipsum(n=10**9) is a memory bomb nobody needs
        self.globals["range"] = _range
        # reviewed templates widen nothing beyond the request's own size: their filters run
        # unwrapped (a ``join`` or ``replace`` a message, checked for nothing)
        for name in _WIDENING_FILTERS if instrument else ():
            if name in self.filters:
                self.filters[name] = _guard_filter(name, self.filters[name])
        self.filters["_tactful_out"] = _out
        self.filters["_tactful_loop"] = _loop

    # -- budgets -------------------------------------------------------------------

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        if not self.instrument:
            return tree
        for loop in list(tree.find_all(nodes.For)):
            loop.iter = _filtered(loop.iter, "_tactful_loop")
        for concat in list(tree.find_all(nodes.Concat)):
            concat.nodes = [_filtered(n, "_tactful_out") for n in concat.nodes]
        for output in list(tree.find_all(nodes.Output)):
            literal = sum(len(n.data) for n in output.nodes if isinstance(n, nodes.TemplateData))
            dynamic = [i for i, n in enumerate(output.nodes)
                       if not isinstance(n, nodes.TemplateData)]
            children = list(output.nodes)
            for i in dynamic:
                children[i] = _filtered(children[i], "_tactful_out", literal if i == dynamic[0]
                                        else 0)
            if not dynamic and literal:
                children.insert(0, _filtered(nodes.Const(""), "_tactful_out", literal))
            output.nodes = children
        tree.set_environment(self)
        return tree

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "+" and isinstance(left, _SIZED):
            _charge(_size(left) + _size(right))
        elif operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, _SIZED) and isinstance(count, int):
                    _charge(len(seq) * max(0, count))
            if (isinstance(left, int) and isinstance(right, int)
                    and abs(left).bit_length() + abs(right).bit_length() > _INT_BITS):
                raise SecurityError("integer result too large")
        elif operator == "**":
            if (isinstance(left, int) and isinstance(right, int) and right > 0
                    and abs(left).bit_length() * right > _INT_BITS):
                raise SecurityError("integer result too large")
        elif operator == "%" and isinstance(left, str):
            _check_percent(left)
        result = super().call_binop(context, operator, left, right)
        _charge(_size(result) if operator in ("%", "+") else 0)
        return result

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        fmt = value.__self__

        def checked(*args: Any, **kwargs: Any) -> str:
            _check_format(fmt)
            result = wrapper(*args, **kwargs)
            _charge(len(result))
            return result

        return checked

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            method = getattr(__obj, "__name__", "")
            if method in _STR_WIDTH_METHODS:
                for arg in (*args, *kwargs.values()):
                    _width(arg, f"{method} width")
            elif method == "replace" and len(args) >= 2:
                _charge(_replace_size(owner, str(args[0]), str(args[1])))
            elif method == "join" and args:
                items = [str(item) for item in args[0]]
                _charge(sum(map(len, items)) + len(owner) * max(0, len(items) - 1))
                args = (items, *args[1:])
        result = super().call(__context, __obj, *args, **kwargs)
        _charge(_size(result))
        return result

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # pydantic's model_* API (model_dump_json(indent=10**9), model_construct...) is not
        # for templates: they read the fields
        if attr.startswith("model_") and hasattr(type(obj), "__pydantic_fields__"):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        """Fail at once rather than returning an undefined that may print as text."""
        raise SecurityError(
            f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe"
        )


class GuardedLoader(FileSystemLoader):
    """A file loader that only serves regular files inside its directories.

    Jinja already refuses ``..`` in template names and maps absolute names inside
    the search path; this also refuses files that resolve outside it (symlinks)
    and files larger than :data:`MAX_TEMPLATE_BYTES`, before reading them.
    """

    def get_source(
        self, environment: Any, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        if template.startswith(("/", "\\")) or ".." in re.split(r"[/\\]", template) \
                or re.match(r"^[A-Za-z]:", template):
            raise SecurityError(f"template name {template!r} leaves the template directories")
        pieces = split_template_path(template)
        for searchpath in self.searchpath:
            filename = os.path.join(searchpath, *pieces)
            if os.path.isfile(filename):
                root = os.path.realpath(searchpath)
                real = os.path.realpath(filename)
                if os.path.commonpath([root, real]) != root:
                    raise SecurityError(
                        f"template {template!r} resolves outside its template directory"
                    )
                if os.path.getsize(real) > MAX_TEMPLATE_BYTES:
                    raise SecurityError(
                        f"template {template!r} is larger than {MAX_TEMPLATE_BYTES} bytes"
                    )
                try:
                    return super().get_source(environment, template)
                except UnicodeDecodeError:
                    reason = "is not valid UTF-8"
                except OSError as exc:
                    reason = f"cannot be read ({exc.strerror or type(exc).__name__})"
                raise TemplateSyntaxError(f"the file {reason}", 1, template, filename)
        return super().get_source(environment, template)
