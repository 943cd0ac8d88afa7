"""Flattened built-in templates (tactful._inline) render exactly what Jinja renders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from jinja2 import DictLoader, nodes

from tactful import rendering
from tactful._inline import flatten
from tactful._resources import data_path
from tactful.rendering import Renderer

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("courtesy", "reminder", "second_reminder", "formal_notice", "final_notice")
PROFILES = ("standard", "first_time", "repeat", "hardship", "business")


@pytest.mark.parametrize("name", ("fr_consumer", "fr_business", "uk_consumer", "us_agency"))
def test_builtin_messages_are_the_same_flattened(name: str, tmp_path: Path) -> None:
    # a copy of the built-in templates as user templates takes Jinja's own path (charged,
    # not flattened): every combination must come out identical, audit included
    shutil.copytree(data_path("templates"), tmp_path, dirs_exist_ok=True)
    flat, jinja = Renderer(), Renderer([tmp_path])
    base = json.loads((ROOT / "examples" / f"{name}.json").read_text("utf-8"))
    for stage in STAGES:
        for channel in ("letter", "email", "sms"):
            for profile in PROFILES:
                data = base | {"stage": stage, "channel": channel, "profile": profile}
                a, b = flat.render(data), jinja.render(data)
                assert (a.subject, a.text, a.html) == (b.subject, b.text, b.html), data
                assert list(a.audit.templates.items()) == list(b.audit.templates.items())


def test_builtin_bodies_are_flattened() -> None:
    env = Renderer()._env("fr", trusted=True)
    name = "fr/email/reminder/standard.txt.j2"
    flat, deps = flatten(env, env.parse(env.loader.get_source(env, name)[0], name), name,
                         lambda n: env.loader.get_source(env, n)[0])
    assert deps[:2] == ["fr/letter/reminder/standard.txt.j2", "fr/_partials/body.txt.j2"]
    assert not list(flat.find_all(nodes.Extends)) and not list(flat.find_all(nodes.Block))
    # every macro call was inlined but one used inside an expression (``de(...)`` in notices)
    calls = [c.node.attr for c in flat.find_all(nodes.Call) if isinstance(c.node, nodes.Getattr)
             and isinstance(c.node.node, nodes.Name)]
    assert set(calls) <= {"de"}


def _both(templates: dict[str, str], name: str, ctx: dict[str, Any]) -> tuple[str, str, list[str]]:
    """(flattened output, Jinja's output, the templates flattened into ``name``)."""
    flat_env = rendering._environment(DictLoader(templates), instrument=False)
    jinja_env = rendering._environment(DictLoader(templates), instrument=True)
    out = flat_env.get_template(name).render(ctx)
    deps = [dep for dep, _ in flat_env._tactful_loaded[name][2]]
    return out, jinja_env.get_template(name).render(ctx), deps


PARTIAL = (
    "{% macro hi(who, punct='!') -%}Hi {{ who }}{{ punct }}{%- endmacro %}\n"
    "{% macro title() -%}{{ name | upper }}{%- endmacro %}\n"
    "{% macro greet() -%}{{ hi(title()) }} {{ title() ~ '.' }}{% for d in items %}[{{ d }}]"
    "{% endfor %}{%- endmacro %}\n"
    "{% macro reads_d() -%}<{{ d }}>{%- endmacro %}\n"
    "{% macro box() -%}({{ caller() }}){%- endmacro %}\n"
    "{% macro pair(a, b=a) -%}{{ a }}{{ b }}{%- endmacro %}\n"
)


@pytest.mark.parametrize(("source", "inlined"), [
    # parameters, defaults, keywords, sibling macros (inlined or reached through the module)
    ('{% import "p.j2" as p with context %}{{ p.hi("you") }} {{ p.hi(who="x", punct="?") }}'
     " {{ p.greet() }}", True),
    # the call site defines ``d``: the macro reading ``d`` keeps its call
    ('{% import "p.j2" as p with context %}{% for d in items %}{{ p.reads_d() }}{% endfor %}',
     False),
    ('{% import "p.j2" as p with context %}{% set d = 9 %}{{ p.reads_d() }}', False),
    # caller, a default reading another parameter, a call inside an expression
    ('{% import "p.j2" as p with context %}{% call p.box() %}in{% endcall %}', False),
    ('{% import "p.j2" as p with context %}{{ p.pair(1) }}', False),
    ('{% import "p.j2" as p with context %}{{ p.hi("a") ~ "b" }}', False),
])
def test_inlined_macros_render_like_jinja(source: str, inlined: bool) -> None:
    templates = {"p.j2": PARTIAL, "t.j2": source}
    ctx = {"name": "ada", "items": [1, 2], "d": "ctx-d"}
    out, expected, deps = _both(templates, "t.j2", ctx)
    assert out == expected
    assert deps == ["p.j2"]
    env = rendering._environment(DictLoader(templates), instrument=False)
    flat, _ = flatten(env, env.parse(source, "t.j2"), "t.j2", templates.__getitem__)
    assert bool(list(flat.find_all(nodes.With))) is inlined


@pytest.mark.parametrize(("child", "flattened"), [
    ('{% extends "base.j2" %}{% block a %}A{{ x }}{% endblock %}', True),
    ('{% extends "mid.j2" %}{% block b %}B2{% endblock %}', True),
    # super(), a block inside a loop, a child that does more than define blocks
    ('{% extends "base.j2" %}{% block a %}[{{ super() }}]{% endblock %}', False),
    ('{% extends "loop.j2" %}{% block a %}A{% endblock %}', False),
    ('{% extends "base.j2" %}{% set x = 5 %}{% block a %}{{ x }}{% endblock %}', False),
])
def test_inheritance_is_resolved_like_jinja(child: str, flattened: bool) -> None:
    templates = {
        "base.j2": "<{% block a %}a{% endblock %}|{% block b %}b{% block c %}c{% endblock %}"
                   "{% endblock %}>",
        "mid.j2": '{% extends "base.j2" %}{% block c %}C{% endblock %}',
        "loop.j2": "{% for i in [1, 2] %}{% block a %}{% endblock %}{% endfor %}",
        "child.j2": child,
    }
    out, expected, deps = _both(templates, "child.j2", {"x": 1})
    assert out == expected
    assert bool(deps) is flattened


@pytest.mark.parametrize("ctx", [{"x": 1, "y": 0}, {"x": 0, "y": 1}, {"x": 0, "y": 0}])
def test_blocks_in_if_branches_are_resolved_like_jinja(ctx: dict[str, Any]) -> None:
    # an ``if`` opens no scope: its branches' blocks are filled in place (the English skeleton
    # puts the stage's ``main`` block in the branch of messages without a validation notice)
    templates = {
        "cond.j2": "<{% if x %}{% block a %}a{% endblock %}{% elif y %}{% block b %}b"
                   "{% block inner %}i{% endblock %}{% endblock %}{% else %}{% block c %}c"
                   "{% endblock %}{% endif %}|{% block d %}{% if x %}{% block e %}e{% endblock %}"
                   "{% endif %}{% endblock %}>",
        "child.j2": '{% extends "cond.j2" %}{% block a %}A{{ x }}{% endblock %}'
                    "{% block inner %}I{% endblock %}{% block c %}C{% endblock %}"
                    "{% block e %}E{% endblock %}",
    }
    out, expected, deps = _both(templates, "child.j2", ctx)
    assert out == expected
    assert deps == ["cond.j2"]


def test_code_only_moves_between_templates_escaped_alike() -> None:
    # a text partial's macro leaves its outputs unescaped even when an HTML template calls it
    # ("<b>&</b>"); inlined into the HTML template they would be escaped: not inlined
    templates = {
        "p.j2": "{% macro b(x) %}<b>{{ x }}</b>{% endmacro %}",
        "t.html.j2": '{% import "p.j2" as p with context %}{{ p.b("&") }}',
    }
    out, expected, _ = _both(templates, "t.html.j2", {})
    assert out == expected == "<b>&</b>"
    env = rendering._environment(DictLoader(templates), instrument=False)
    source = templates["t.html.j2"]
    flat, _ = flatten(env, env.parse(source, "t.html.j2"), "t.html.j2", templates.__getitem__)
    assert not list(flat.find_all(nodes.With))
