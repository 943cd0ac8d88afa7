"""Load and validate rule files: YAML → pydantic → checks → layering (compile time only).

Every problem raises :class:`~tactful.errors.RuleFileError` naming the file,
the line (from PyYAML node marks) and the key path, e.g.
``my_rules.yaml:42 [rules[3].patterns.fr[0]]: unknown item '*x'``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..errors import RuleFileError
from .patterns import PatternSyntaxError, parse_pattern
from .schema import Near, PatternSpec, Rule, RuleFile, check_regex, pattern_text

__all__ = ["ParsedFile", "load_rule_file", "merge_rules"]

Loc = tuple[str | int, ...]


class ParsedFile:
    """One validated rule file with its YAML node tree (for line numbers)."""

    def __init__(self, path: Path, model: RuleFile, root: yaml.Node) -> None:
        self.path = path
        self.model = model
        self.root = root


def _key_path(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def _line_of(root: yaml.Node, loc: Loc) -> int:
    """Walk the YAML node tree along ``loc``; return the line of the deepest node found."""
    node = root
    line = node.start_mark.line + 1
    for part in loc:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key, value in node.value:
                if key.value == part:
                    child = value
                    line = key.start_mark.line + 1
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(node.value)
        ):
            child = node.value[part]
        if child is None:
            continue  # union tags such as 'str' or 'PatternSpec' are not in the file
        node = child
        line = max(line, node.start_mark.line + 1)
    return line


def _error(path: Path, root: yaml.Node | None, loc: Loc, message: str) -> RuleFileError:
    line = _line_of(root, loc) if root is not None else None
    return RuleFileError(message, path=str(path), line=line, key=_key_path(loc) or None)


def _read_yaml(path: Path) -> tuple[Any, yaml.Node]:
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleFileError("file not found", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(
            f"cannot read the file ({exc.__class__.__name__})", path=str(path)
        ) from None
    try:
        root = yaml.compose(source, Loader=yaml.SafeLoader)
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise RuleFileError(str(problem), path=str(path), line=line) from None
    if root is None or not isinstance(data, dict):
        raise RuleFileError("a rule file is a mapping with 'version' and 'rules'", path=str(path))
    return data, root


def _pydantic_error(path: Path, root: yaml.Node, exc: ValidationError) -> RuleFileError:
    errors = exc.errors()
    # an unknown key (a typo) explains a "missing field" error that comes with it
    first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = tuple(p for p in first["loc"] if isinstance(p, int) or "[" not in p)
    # pydantic names the union member it tried ('str', 'PatternSpec'): drop those
    loc = tuple(p for p in loc if not (isinstance(p, str) and p[:1].isupper()) and p != "str")
    loc = tuple("pass" if p == "pass_" else p for p in loc)
    message = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
    return _error(path, root, loc, message)


def load_rule_file(path: Path) -> ParsedFile:
    """Read, parse and fully validate one rule file."""
    data, root = _read_yaml(path)
    try:
        model = RuleFile.model_validate(data)
    except ValidationError as exc:
        raise _pydantic_error(path, root, exc) from None
    parsed = ParsedFile(path, model, root)
    _validate(parsed)
    return parsed


def _validate(parsed: ParsedFile) -> None:
    seen: dict[str, int] = {}
    for index, rule in enumerate(parsed.model.rules):
        loc: Loc = ("rules", index)
        if rule.code in seen:
            raise _error(
                parsed.path, parsed.root, (*loc, "code"),
                f"duplicate code {rule.code} (also rules[{seen[rule.code]}])",
            )  # fmt: skip
        seen[rule.code] = index
        _validate_rule(parsed, rule, loc)


def _declared_langs(rule: Rule) -> list[str]:
    return list(rule.patterns) if rule.patterns is not None else list(rule.message)


def _validate_rule(parsed: ParsedFile, rule: Rule, loc: Loc) -> None:
    for lang in _declared_langs(rule):
        if lang not in rule.message:
            raise _error(parsed.path, parsed.root, (*loc, "message"), f"no {lang!r} message")
        examples = rule.examples.get(lang)  # type: ignore[call-overload]
        if examples is None or not examples.flag or not examples.pass_:
            raise _error(
                parsed.path, parsed.root, (*loc, "examples"),
                f"give at least one 'flag' and one 'pass' example for {lang!r}",
            )  # fmt: skip
    for lang, specs in (rule.patterns or {}).items():
        for i, spec in enumerate(specs):
            _validate_pattern(parsed, spec, lang, (*loc, "patterns", lang, i))
    for guard_key, guard in (("unless", rule.unless), ("requires", rule.requires)):
        for lang, nears in (guard.near if guard else {}).items():
            for i, near in enumerate(nears):
                _validate_near(parsed, near, lang, (*loc, guard_key, "near", lang, i))
    if rule.check is not None:
        from .checks import validate_params

        problem = validate_params(rule.check, rule.params)
        if problem:
            raise _error(parsed.path, parsed.root, (*loc, "params"), problem)


def _validate_source(parsed: ParsedFile, source: str, is_regex: bool, lang: str, loc: Loc) -> None:
    if is_regex:
        problem = check_regex(source)
        if problem:
            raise _error(parsed.path, parsed.root, loc, problem)
        return
    try:
        parse_pattern(source, lang)
    except PatternSyntaxError as exc:
        raise _error(parsed.path, parsed.root, loc, str(exc)) from None


def _validate_near(parsed: ParsedFile, near: Near, lang: str, loc: Loc) -> None:
    if near.regex is not None:
        _validate_source(parsed, near.regex, True, lang, (*loc, "regex"))
    else:
        _validate_source(parsed, near.tokens or "", False, lang, (*loc, "tokens"))


def _validate_pattern(parsed: ParsedFile, spec: str | PatternSpec, lang: str, loc: Loc) -> None:
    source, is_regex = pattern_text(spec)
    _validate_source(parsed, source, is_regex, lang, loc)
    if isinstance(spec, PatternSpec):
        for key, guard in (("unless", spec.unless), ("requires", spec.requires)):
            for i, near in enumerate(guard.near if guard else []):
                _validate_near(parsed, near, lang, (*loc, key, "near", i))


def merge_rules(default: ParsedFile | None, layers: Iterable[ParsedFile]) -> list[Rule]:
    """Layer rule files: ``extends: default`` starts from the built-in rules,
    ``disable`` removes codes, a known code replaces, a new code adds."""
    layers = list(layers)
    merged: dict[str, Rule] = {}
    if default is not None and (not layers or any(p.model.extends for p in layers)):
        merged = {r.code: r for r in default.model.rules}
    for parsed in layers:
        for index, code in enumerate(parsed.model.disable):
            if code not in merged:
                raise _error(
                    parsed.path, parsed.root, ("disable", index), f"unknown rule code {code}"
                )
            del merged[code]
        for rule in parsed.model.rules:
            merged[rule.code] = rule
    return list(merged.values())


def load_chain(default_path: Path | None, paths: Sequence[Path]) -> list[Rule]:
    """Load the default rules (if given) and the user layers; return the merged rules."""
    default = load_rule_file(default_path) if default_path is not None else None
    return merge_rules(default, [load_rule_file(p) for p in paths])
