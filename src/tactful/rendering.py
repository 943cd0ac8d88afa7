"""The rendering engine: one sandboxed Jinja environment, locale-bound filters, audit hashes."""

from __future__ import annotations

import hashlib
import re
import threading
import types
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    nodes,
)
from jinja2.compiler import CodeGenerator, Frame
from jinja2.meta import find_referenced_templates
from jinja2.runtime import Context, Macro, missing
from jinja2.sandbox import SecurityError
from markupsafe import Markup, escape

from . import _module_pool as module_pool
from . import channels, sandbox
from ._inline import flatten
from ._module_pool import ModulePool, PooledTemplate
from ._resources import data_path
from ._version import __version__
from .context import build_context
from .errors import RenderError, TactfulError, TemplateNotFoundError
from .formatting import CURRENCY, formatters_for
from .formatting import escape_text as _escape_text
from .models import Channel, MessageRequest, parse_request
from .sandbox import GuardedLoader, HardenedSandbox
from .selection import BUSINESS, STANDARD, candidates, layout_candidates

__all__ = ["Audit", "RenderedMessage", "Renderer", "render"]

_T = TypeVar("_T")

_METHODS = frozenset({types.MethodType, types.BuiltinMethodType, types.MethodWrapperType})
#: the hardened sandbox's budget charge (a private helper: without it, macros take the full path)
_SANDBOX_CHARGE: Callable[[int], None] | None = getattr(sandbox, "_charge", None)
_USED: ContextVar[dict[str, str] | None] = ContextVar("tactful_used_templates", default=None)
#: what ``normalise`` strips from line ends
_SPACE_CHARS = " \t\u00a0\u202f"
_SMS_QUOTES = (
    (re.compile(r"«[\s\u00a0\u202f]*"), '"'),
    (re.compile(r"[\s\u00a0\u202f]*»"), '"'),
)
#: single characters SMS text replaces (after the guillemets, which take their spaces along)
_SMS_CHARS = (("\u00a0", " "), ("\u202f", " "), ("\u2009", " "), ("’", "'"), ("‘", "'"),
              ("“", '"'), ("”", '"'), ("…", "..."))


@dataclass(frozen=True)
class Audit:
    template: str
    templates: Mapping[str, str]
    tactful_version: str
    requested_locale: str
    used_locale: str
    requested_profile: str
    used_profile: str


@dataclass(frozen=True)
class RenderedMessage:
    channel: str
    locale: str
    stage: str
    profile: str
    subject: str | None
    text: str
    html: str | None
    sms_encoding: str | None
    sms_segments: int | None
    audit: Audit = field(repr=False)


def _output_escape(value: Any) -> str:
    """What compiled templates call on each ``{{ output }}`` when autoescaping: the text of
    ``markupsafe.escape(value)``, as a plain ``str`` for a ``str`` and the value itself for
    ``Markup``. Jinja only ever joins these pieces (a block, macro or filter result is wrapped
    in ``Markup`` after the join), so the per-piece ``Markup`` that ``escape`` builds is waste.
    """
    kind = type(value)
    if kind is str:
        return _escape_text(value)
    if kind is Markup:
        return value
    return escape(value)


class _Template(PooledTemplate):
    """Templates whose autoescaped outputs go through :func:`_output_escape`."""

    @classmethod
    def _from_namespace(
        cls, environment: Any, namespace: Any, globals: Any
    ) -> Template:
        # the compiled module's global ``escape`` is what its output expressions call
        if "escape" in namespace:
            namespace["escape"] = _output_escape
        # what the generated code calls for ``x.name`` (_CodeGenerator.visit_Getattr)
        namespace["tactful_getattr"] = environment.data_getattr
        return super()._from_namespace(environment, namespace, globals)  # type: ignore[no-any-return]


class _CodeGenerator(CodeGenerator):
    """Compiles ``x.name`` to a call of the environment's :meth:`_Environment.data_getattr`,
    a plain function, instead of its ``getattr`` method (the same verdicts)."""

    def visit_Getattr(self, node: nodes.Getattr, frame: Frame) -> None:
        if self.environment.is_async:  # (never: tactful's environments are synchronous)
            super().visit_Getattr(node, frame)
            return
        self.write("tactful_getattr(")
        self.visit(node.node, frame)
        self.write(f", {node.attr!r})")


class _Environment(HardenedSandbox):
    """Records every template (with its source hash) loaded during a render.

    The sandbox's attribute check depends only on the object's type and the
    attribute name, so its verdict is cached per ``(type, name)``: a large
    share of render time otherwise goes into re-checking the same attributes.
    Loaded templates are kept with their hash in a plain dict (templates are
    never reloaded: ``auto_reload`` is off), so the imports and ``extends`` a
    render performs cost a dict lookup, and partials that only define macros
    keep their modules between renders (see ``_module_pool``).
    """

    template_class = _Template
    code_generator_class = _CodeGenerator
    #: (type, attribute) -> the sandbox's verdict; shared by the locale overlays
    _safe_cache: dict[tuple[type, str], bool]
    #: name -> (template, sha256 of its source, the templates flattened into it with the
    #: sha256 of theirs); one dict per locale overlay
    _tactful_loaded: dict[str, tuple[Template, str, tuple[tuple[str, str], ...]]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._safe_cache = {}
        self._tactful_loaded = {}
        self.data_getattr = _data_getattr(self.getattr)
        #: template name -> whether its top level only defines macros (set while compiling)
        self._tactful_shapes: dict[str | None, bool] = {}
        #: template name -> the templates flattened into it (set while compiling)
        self._tactful_flattened: dict[str, list[str]] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        verdict = self._safe_cache.get(key)
        if verdict is None:
            verdict = self._safe_cache[key] = super().is_safe_attribute(obj, attr, value)
        return verdict

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Fast path for plain values of attributes already found safe on this type.
        # Methods always take the full path (the sandbox wraps str.format and friends).
        try:
            if self._safe_cache[type(obj), attribute]:
                value = getattr(obj, attribute)
                if type(value) not in _METHODS:
                    return value
        except (KeyError, AttributeError):
            pass
        return super().getattr(obj, attribute)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        # Fast path for Jinja's own macros, always safe to call: what the sandbox's call and
        # Context.call do for them (eval context first, internal kwargs dropped, budget
        # charged), without the generic checks. Anything else takes the full path.
        charge = _SANDBOX_CHARGE
        if type(__obj) is Macro and charge is not None:
            if kwargs:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            try:
                if kwargs or __obj.caller or __obj.catch_kwargs or __obj.catch_varargs \
                        or len(args) > __obj._argument_count:
                    result = __obj(__context.eval_ctx, *args, **kwargs)
                else:
                    # what Macro.__call__ does for positional arguments only: the missing
                    # ones are ``missing`` (the macro then uses their defaults)
                    result = __obj._func(*args, *(missing,) * (__obj._argument_count - len(args)))
                    if __context.eval_ctx.autoescape:
                        result = Markup(result)
            except StopIteration:
                result = __self.undefined(
                    "value was undefined because a callable raised a StopIteration exception"
                )
            charge(len(result) if isinstance(result, str) else 0)
            return result
        return super().call(__context, __obj, *args, **kwargs)

    def _parse(self, source: str, name: str | None, filename: str | None) -> Any:
        tree = super()._parse(source, name, filename)
        self._tactful_shapes[name] = module_pool.defines_only_macros(tree)
        return tree

    def _generate(
        self, source: nodes.Template, name: str | None, filename: str | None,
        defer_init: bool = False,
    ) -> str:
        # the reviewed templates of an uninstrumented environment are flattened (_inline)
        if not self.instrument and name is not None:
            source, self._tactful_flattened[name] = flatten(self, source, name, self._source)
        return super()._generate(source, name, filename, defer_init)  # type: ignore[no-any-return]

    def _source(self, name: str) -> str:
        return self.loader.get_source(self, name)[0] if self.loader else ""

    def _load_template(self, name: str, globals: Any) -> Template:
        loaded = self._tactful_loaded
        entry = loaded.get(name)
        if entry is None or globals:
            template = super()._load_template(name, globals)
            source = self._source(name)
            template._tactful_source = source  # type: ignore[attr-defined]
            # known when Jinja compiled it here; otherwise worked out on first import
            template._tactful_macro_only = self._tactful_shapes.pop(  # type: ignore[attr-defined]
                name, None
            )
            flattened = tuple((dep, _sha256(self._source(dep)))
                              for dep in self._tactful_flattened.pop(name, ()))
            entry = loaded[name] = (template, _sha256(source), flattened)
        used = _USED.get()
        if used is not None:
            used[name] = entry[1]
            # the templates flattened into this one, as if Jinja had loaded them
            for dep, digest in entry[2]:
                used.setdefault(dep, digest)
        return entry[0]


#: type -> the names of its declared data fields, for tactful's own pydantic models and
#: dataclasses (empty for any other type): see ``_Environment.getattr``
_DATA_FIELDS: dict[type, frozenset[str]] = {}


def _data_getattr(slow: Callable[[Any, str], Any]) -> Callable[[Any, str], Any]:
    """``slow`` (the sandbox's ``getattr``) with a fast path for the declared fields of
    tactful's own models and dataclasses (the context's debtor, creditor, debts, plan...):
    they hold validated data, never methods, under public names, so the sandbox would find
    them safe every time. They are most of a render's look-ups."""
    known = _DATA_FIELDS

    def data_getattr(obj: Any, attribute: str) -> Any:
        names = known.get(type(obj))
        if names is None:
            names = _data_fields(type(obj))
        if attribute in names:
            return getattr(obj, attribute)
        return slow(obj, attribute)

    return data_getattr


def _data_fields(cls: type) -> frozenset[str]:
    names: frozenset[str] = frozenset()
    if cls.__module__.startswith("tactful."):
        if is_dataclass(cls):
            names = frozenset(f.name for f in fields(cls))
        elif isinstance(getattr(cls, "model_fields", None), dict):
            names = frozenset(cls.model_fields)  # type: ignore[attr-defined]
    # (public names only, whatever a class declares: the sandbox refuses the others)
    names = frozenset(n for n in names if not n.startswith("_") and not n.startswith("model_"))
    _DATA_FIELDS[cls] = names
    return names


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _autoescape(name: str | None) -> bool:
    return bool(name) and str(name).endswith(".html.j2")


def normalise(text: str) -> str:
    """Trim, remove trailing spaces, collapse runs of blank lines.

    The same as ``re.sub(r"\\n{3,}", "\\n\\n", re.sub(r"[ \\t\\u00a0\\u202f]+$", "", text,
    flags=re.M)).strip()`` after turning CRLF into LF, in one pass over the lines.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    return _collapsed(text.split("\n"), blank=False).strip()


def _collapsed(lines_in: list[str], *, blank: bool) -> str:
    """The lines without trailing spaces and with runs of blank lines made one, joined;
    ``blank``: whether the line before the first one was blank."""
    lines: list[str] = []
    for line in lines_in:
        line = line.rstrip(_SPACE_CHARS)
        if line:
            blank = False
        elif blank:
            continue
        else:
            blank = True
        lines.append(line)
    return "\n".join(lines)


def normalise_after(text: str, head: str) -> str:
    """``normalise(text)`` for a text that starts with ``head``, itself the output of
    :func:`normalise` (a layout's output starting with the body): only the rest is walked."""
    if not head or "\r" in text or not text.startswith(head):
        return normalise(text)
    # head's last line ends in a character normalise kept, so the line that continues it
    # is not blank whatever follows on it, and only the lines after it collapse
    first, *rest = text[len(head):].split("\n")
    cont = first.rstrip(_SPACE_CHARS)
    if not rest:
        return (head + cont).strip()
    return (head + cont + "\n" + _collapsed(rest, blank=False)).strip()


def gsm_friendly(text: str) -> str:
    """Guillemets become straight quotes (with the spaces inside them), narrow and
    non-breaking spaces plain ones, curly quotes straight ones and "…" three dots."""
    if "«" in text or "»" in text:
        for pattern, repl in _SMS_QUOTES:
            text = pattern.sub(repl, text)
    for char, repl in _SMS_CHARS:
        if char in text:
            text = text.replace(char, repl)
    return text


def _environment(loader: BaseLoader, *, instrument: bool) -> _Environment:
    return _Environment(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=_autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
        instrument=instrument,
    )


class Renderer:
    """Render messages from user template dirs (searched first) and the built-in templates.

    A renderer reads each template once and remembers which one it selected for each
    (locale, channel, stage, profile): template files added or edited while it lives
    are not seen. Make a new ``Renderer`` to pick them up. It can be shared by threads.

    Trust (SECURITY.md, "Threat model"): the built-in templates ship with the package and
    are reviewed, so they are compiled without the sandbox's budget instrumentation, in an
    environment whose loader can *only* serve them. Templates from user directories are
    compiled with it, in a second environment that searches the user directories first.
    A render runs in the trusted environment only when its template and every template
    it can load (its static ``extends``/``import``/``include`` closure) are built-in files
    that no user directory overrides; otherwise every template of that render, built-in
    ones included, is charged, so user templates can never make uncharged code work on
    values they built (``{% set %}`` before an ``include`` or ``extends``). Both
    environments keep Jinja's sandbox checks (attributes, calls, immutability) and the
    budgets of calls, operators and filters.
    """

    def __init__(self, template_dirs: Sequence[str | Path] | None = None) -> None:
        dirs = [Path(d) for d in template_dirs or ()]
        for d in dirs:
            if not d.is_dir():
                raise TemplateNotFoundError(f"template directory {d}", [str(d)])
        builtin = GuardedLoader(str(data_path("templates")))
        self._trusted_base = _environment(builtin, instrument=False)
        #: the user directories' loader (None without any): names it serves are untrusted
        self._user_loader = GuardedLoader([str(d) for d in dirs]) if dirs else None
        self._base = self._trusted_base if self._user_loader is None else _environment(
            ChoiceLoader([self._user_loader, builtin]), instrument=True
        )
        self._envs: dict[str, _Environment] = {}
        self._trusted_envs: dict[str, _Environment] = {}
        #: template name -> whether it and all it can load are built-in (see the class doc)
        self._trusted: dict[str, bool] = {}
        self._pools = threading.local()
        #: per locale: (kind, channel, stage, profile) -> name of the template selected and
        #: the environment rendering it (the trusted one when it can be)
        self._chosen: dict[str, dict[tuple[str, ...], tuple[str, _Environment]]] = {}

    def _env(self, locale: str, trusted: bool = False) -> _Environment:
        """This locale's environment: the one selecting templates, or the trusted one."""
        envs = self._trusted_envs if trusted else self._envs
        env = envs.get(locale)
        if env is None:
            if trusted and self._user_loader is None:
                env = self._env(locale)
            else:
                base = self._trusted_base if trusted else self._base
                env = base.overlay(cache_size=800)  # type: ignore[assignment]
                # overlays share the base's filter dict: give each locale its own
                env.filters = {**env.filters, **formatters_for(locale).filters()}
                env._tactful_loaded = {}  # overlays copy the base's attributes: not these
                env._tactful_shapes = {}
                env._tactful_flattened = {}
            envs[locale] = env
            self._chosen.setdefault(locale, {})
        return env

    def _is_trusted(self, name: str) -> bool:
        """True when ``name`` and every template it can load are built-in, not overridden."""
        user = self._user_loader
        if user is None:
            return True
        known = self._trusted.get(name)
        if known is not None:
            return known
        self._trusted[name] = False  # until proven (also ends cycles)
        try:
            user.get_source(self._base, name)
            return False  # served from a user directory (or refused there)
        except TemplateNotFound:
            pass
        except Exception:
            return False
        try:
            source = self._trusted_base.loader.get_source(  # type: ignore[union-attr]
                self._trusted_base, name
            )[0]
            refs = list(find_referenced_templates(self._trusted_base.parse(source)))
        except Exception:  # missing or broken: the user environment reports it as before
            return False
        trusted = all(ref is not None and self._is_trusted(ref) for ref in refs)
        self._trusted[name] = trusted
        return trusted

    def _module_pool(self) -> ModulePool:
        """This thread's pool of partial modules (a fresh one for a render inside a render)."""
        pool: ModulePool | None = getattr(self._pools, "pool", None)
        if pool is None:
            pool = self._pools.pool = ModulePool()
        return ModulePool() if module_pool.active() else pool

    def _pick(
        self, locale: str, env: _Environment, key: tuple[str, ...],
        names: Callable[[], list[str]], what: Callable[[], str],
    ) -> Template:
        """The template chosen for ``key`` (remembered: the directories are not re-searched)."""
        chosen = self._chosen[locale]
        found = chosen.get(key)
        if found is not None:
            return found[1].get_template(found[0])
        name = self._select(env, names(), what()).name or ""
        if self._is_trusted(name):
            env = self._env(locale, trusted=True)
        chosen[key] = (name, env)
        return env.get_template(name)

    def _select(self, env: _Environment, names: list[str], what: str) -> Template:
        for name in names:
            try:
                return env.get_template(name)
            except TemplateNotFound as exc:
                if exc.name != name:
                    raise
            except (TemplateSyntaxError, SecurityError, RecursionError) as exc:
                raise _render_error(exc, name) from None
        raise TemplateNotFoundError(what, names)

    def render(self, request: MessageRequest | dict[str, Any]) -> RenderedMessage:
        req = parse_request(request)
        used: dict[str, str] = {}
        token = _USED.set(used)
        currency_token = CURRENCY.set(req.currency)
        pool = self._module_pool()
        pool_token = module_pool.enter(pool)
        try:
            return self._render(req, used)
        except TactfulError as exc:
            _redact(exc, req)
            raise
        finally:
            module_pool.leave(pool_token, pool)
            _USED.reset(token)
            CURRENCY.reset(currency_token)

    def _render(self, req: MessageRequest, used: dict[str, str]) -> RenderedMessage:
        locale, requested = req.locale, req.profile
        if requested == BUSINESS and not req.debtor.is_business:
            # B2B terms (late-payment penalties, the 40 € recovery indemnity) must never reach
            # a consumer: the business profile needs debtor.is_business (the audit shows it)
            requested = STANDARD
        env = self._env(locale)
        channel, stage = req.channel.value, req.stage.value
        body_tpl = self._pick(
            locale, env, ("txt", channel, stage, requested),
            lambda: candidates(locale, channel, stage, requested, "txt"),
            lambda: f"{locale}/{channel}/{stage}/{requested}",
        )
        profile = (body_tpl.name or "standard").rsplit("/", 1)[-1].split(".", 1)[0]
        used_locale = (body_tpl.name or locale).split("/", 1)[0]
        ctx = build_context(req, profile)
        body = normalise(_run(body_tpl, ctx, used))
        subject = html = None
        parts = 0
        if req.channel is Channel.SMS:
            text = gsm_friendly(body)
            parts = channels.segments(text)
            if parts > SMS_SEGMENTS and "sms_compact" in getattr(
                    body_tpl, "_tactful_source", ""):
                # the template words itself more compactly when asked: the first that fits
                for level in range(1, SMS_COMPACT_LEVELS):
                    ctx["sms_compact"] = level
                    text = gsm_friendly(normalise(_run(body_tpl, ctx, used)))
                    parts = channels.segments(text)
                    if parts <= SMS_SEGMENTS:
                        break
        else:
            subj_tpl = self._pick(
                locale, env, ("subject", channel, stage, requested),
                lambda: candidates(locale, channel, stage, requested, "subject"),
                lambda: f"subject {locale}/{channel}/{stage}/{requested}",
            )
            subject = " ".join(_run(subj_tpl, ctx, used).split())
            ctx["body"], ctx["subject"] = body, subject
            text = normalise_after(_run(self._pick(
                locale, env, ("layout", channel, "txt"),
                lambda: layout_candidates(locale, channel, "txt"),
                lambda: f"{channel} text layout",
            ), ctx, used), body)
            html = _run(self._pick(
                locale, env, ("layout", channel, "html"),
                lambda: layout_candidates(locale, channel, "html"),
                lambda: f"{channel} html layout",
            ), ctx, used).strip()
        is_sms = req.channel is Channel.SMS
        return _frozen(
            RenderedMessage,
            channel=channel, locale=locale, stage=stage, profile=profile,
            subject=subject, text=text, html=html,
            sms_encoding=channels.encoding(text) if is_sms else None,
            sms_segments=parts if is_sms else None,
            audit=_frozen(Audit, template=body_tpl.name or "", templates=used,
                          tactful_version=__version__, requested_locale=locale,
                          used_locale=used_locale, requested_profile=req.profile,
                          used_profile=profile),
        )


#: the SMS parts a message should fit in; an SMS body reading ``sms_compact`` is rendered
#: again at levels 1, 2, 3 (below SMS_COMPACT_LEVELS) while it takes more; the built-in French
#: SMS partial keeps level 3 as the last resort (a long payment link and several debts)
SMS_SEGMENTS = 2
SMS_COMPACT_LEVELS = 4


def _frozen(cls: type[_T], **values: Any) -> _T:
    """``cls(**values)`` for a frozen dataclass, without its ``__init__``: a frozen
    dataclass sets each field through ``object.__setattr__``, a measurable share of a
    message's render. Every field must be given (a test compares with ``cls(**values)``)."""
    obj = object.__new__(cls)
    obj.__dict__.update(values)
    return obj


def _template_of(exc: BaseException, template: Template, used: Mapping[str, str]) -> str:
    tb = exc.__traceback__
    found = template.name or "?"
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        for name in used:
            if filename.replace("\\", "/").endswith(name):
                found = name
        tb = tb.tb_next
    return found


def _run(template: Template, ctx: dict[str, Any], used: Mapping[str, str]) -> str:
    try:
        return template.render(ctx)
    except UndefinedError as exc:
        name = _template_of(exc, template, used)
        raise RenderError(f"undefined variable: {exc.message}", template=name) from None
    except SecurityError as exc:
        name = _template_of(exc, template, used)
        raise RenderError(f"blocked by the sandbox: {exc}", template=name) from None
    except TemplateNotFound as exc:
        what = f"a template used by {template.name}"
        raise TemplateNotFoundError(what, [str(exc.name)]) from None
    except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as exc:
        name = _template_of(exc, template, used)
        raise RenderError(f"{type(exc).__name__} while rendering", template=name) from None
    except (TemplateError, RecursionError, MemoryError) as exc:
        raise _render_error(exc, _template_of(exc, template, used)) from None


_NOT_DATA = frozenset({"locale", "stage", "channel", "profile", "currency", "country",
                       "jurisdiction", "sender_role"})


def _request_values(data: Any, key: str = "") -> list[str]:
    if isinstance(data, dict):
        return [v for k, item in data.items() for v in _request_values(item, k)]
    if isinstance(data, list):
        return [v for item in data for v in _request_values(item, key)]
    if isinstance(data, str) and len(data) >= 3 and key not in _NOT_DATA:
        return [data]
    return []


def _redact(exc: TactfulError, req: MessageRequest) -> None:
    """Templates can turn request values into names (``legal_ids[debtor.name]``,
    ``include debt.reference``) that Jinja then quotes: take them out of the message."""
    text = str(exc)
    values = sorted(set(_request_values(req.model_dump(mode="json"))), key=len, reverse=True)
    found = [v for v in values if v in text]
    if not found:
        return
    for value in found:
        text = text.replace(value, "<redacted>")
    exc.args = (text,)
    if isinstance(exc, TemplateNotFoundError):
        exc.searched = ["<redacted>" if any(v in n for v in found) else n for n in exc.searched]


def _render_error(exc: BaseException, name: str) -> RenderError:
    """A RenderError for template syntax errors, sandbox refusals and runaway recursion."""
    if isinstance(exc, TemplateSyntaxError):
        where = exc.name or name
        return RenderError(f"syntax error at line {exc.lineno}: {exc.message}", template=where)
    if isinstance(exc, SecurityError):
        return RenderError(f"blocked by the sandbox: {exc}", template=name)
    if isinstance(exc, RecursionError):
        return RenderError("too deeply nested or recursive", template=name)
    if isinstance(exc, MemoryError):
        return RenderError("out of memory", template=name)
    return RenderError(f"{type(exc).__name__}: {exc}", template=name)


def render(
    request: MessageRequest | dict[str, Any], *, template_dirs: Sequence[str | Path] | None = None
) -> RenderedMessage:
    """Render one request (a MessageRequest or a plain dict)."""
    return Renderer(template_dirs).render(request)
