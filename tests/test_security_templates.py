"""Hostile templates: known server-side template-injection payloads in a user template dir.

Each payload is rendered through the public API and through the CLI. None may run code
(audit hook + canary file + canary environment variable), read a file outside the template
directories (audit hook + secret file), or run unbounded (wall time, growth of peak RSS, and a
memory-limited subprocess);
each must end in a RenderError naming the template (CLI: exit 2, one line, no traceback).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tactful import RenderError, render
from tactful.cli import main

ROOT = Path(__file__).resolve().parents[1]
REQUEST: dict[str, Any] = {
    **json.loads((ROOT / "examples" / "fr_consumer.json").read_text(encoding="utf-8")),
    "channel": "sms",
}
BODY = "fr/sms/reminder/standard.txt.j2"
SECRET = "TOP-SECRET-OUTSIDE-7f3a9c"
ENV_CANARY = "ENV-CANARY-5b1e2d"
TOUCH = "touch CANARY_FILE"  # CANARY_FILE is replaced by a path in tmp_path
MAX_SECONDS = 5.0
MAX_RSS_GROWTH = 256 * 2**20  # growth of the process's peak resident set, bytes

# name -> template source. ../outside.j2 is a real file next to the template directory
# holding SECRET; fr/escape.j2 is a symlink to it and fr/escaped_dir/ a symlink to the
# directory holding it.
PAYLOADS: dict[str, str] = {
    # attribute walks to classes, subclasses and globals
    "mro_subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "base_subclasses_popen": "{{ ''.__class__.__base__.__subclasses__()[100].__init__"
    ".__globals__['popen']('" + TOUCH + "').read() }}",
    "cycler_globals_os": "{{ cycler.__init__.__globals__.os.popen('" + TOUCH + "').read() }}",
    "joiner_globals_os": "{{ joiner.__init__.__globals__.os.system('" + TOUCH + "') }}",
    "namespace_globals": "{{ namespace.__init__.__globals__.os.system('" + TOUCH + "') }}",
    "lipsum_globals": "{{ lipsum.__globals__['os'].system('" + TOUCH + "') }}",
    "request_application": "{{ request.application.__globals__.__builtins__"
    ".__import__('os').popen('" + TOUCH + "').read() }}",
    "config_items": "{{ config.__class__.__init__.__globals__['os'].popen('" + TOUCH + "') }}",
    "self_context": "{{ self._TemplateReference__context.cycler.__init__.__globals__.os"
    ".system('" + TOUCH + "') }}",
    "self_globals": "{{ self.__init__.__globals__.__builtins__ }}",
    "dict_mro_subclasses": "{{ dict.mro()[-1].__subclasses__() }}",
    "data_object_dict": "{{ debt.__dict__ }}",
    "decimal_subclasses": "{{ total.__class__.__subclasses__() }}",
    "range_self": "{{ range.__self__ }}",
    "environ_leak": "{{ cycler.__init__.__globals__.os.environ.TACTFUL_SSTI_CANARY }}",
    "builtin_import": "{{ __import__('os').system('" + TOUCH + "') }}",
    # format-string tricks
    "format_class": "{{ '{0.__class__.__init__.__globals__}'.format(debt) }}",
    "format_globals_os": "{{ '{0.__init__.__globals__[os].environ}'.format(cycler) }}",
    "format_map": "{{ '{x.__class__}'.format_map({'x': debtor.name}) }}",
    "percent_class": "{{ '%s' % debt.__class__.__mro__ }}",
    # attr() and map(attribute=...)
    "attr_filter_dunder": "{{ debt|attr('__class__')|attr('__mro__') }}",
    "attr_filter_globals": "{{ (cycler|attr('__init__')|attr('__globals__'))['os']"
    ".system('" + TOUCH + "') }}",
    "map_attribute_class": "{{ debts|map(attribute='__class__')|list }}",
    "map_attribute_globals": "{{ debts|map(attribute='__init__.__globals__')|list }}",
    "mutate_list": "{{ references.append('x') }}",
    "pydantic_model_api": "{{ debtor.model_dump_json(indent=999999999) }}",
    "pydantic_model_copy": "{{ debtor.model_copy(update={'name': 'x'}).name }}",
    # CPU and memory bombs
    "range_huge": "{% for i in range(10**9) %}x{% endfor %}",
    "range_nested": "{% for i in range(100000) %}{% for j in range(100000) %}"
    "{% endfor %}{% endfor %}",
    "string_multiplication": "{{ 'a' * 10**9 }}",
    "string_multiplication_chain": "{{ ('a' * 100000) * 100000 }}",
    "list_multiplication": "{{ [1] * 10**9 }}",
    "bytes_multiplication": "{{ 'a'.encode() * 10**9 }}",
    "nested_format_width": "{{ '{0:{1}}'.format(1, 999999999) }}",
    "star_percent_width": "{{ '%*d' % (999999999, 1) }}",
    "wordwrap_wrapstring": "{{ ('a' * 5000)|wordwrap(1, wrapstring='b' * 5000) }}",
    "map_filter_blowup": "{{ range(100000)|map('center', 9999)|list }}",
    "zfill_method": "{{ 'a'.zfill(999999999) }}",
    "concat_doubling": "{% set ns = namespace(s='ab') %}{% for i in range(64) %}"
    "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
    "plus_doubling": "{% set ns = namespace(s='ab') %}{% for i in range(64) %}"
    "{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s|length }}",
    "integer_power": "{{ 10 ** 100000000 }}",
    "format_width": "{{ '{:>999999999}'.format(1) }}",
    "percent_width": "{{ '%999999999d' % 1 }}",
    "center_filter": "{{ 'a'|center(999999999) }}",
    "ljust_method": "{{ 'x'.ljust(999999999) }}",
    "batch_fill": "{{ range(10)|batch(999999999, 'x')|list }}",
    "replace_blowup": "{{ ('a' * 1000)|replace('a', 'a' * 10000) }}",
    "join_blowup": "{{ range(100000)|join('x' * 10000) }}",
    "output_loop": "{% for i in range(100000) %}{{ 'x' * 5000 }}{% endfor %}",
    "macro_output_loop": "{% macro m() %}{% for i in range(100000) %}{{ 'y' * 5000 }}"
    "{% endfor %}{% endmacro %}{{ m() }}",
    # recursion and nesting
    "macro_recursion": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "macro_fork_bomb": "{% macro f(n) %}{% if n < 64 %}{{ f(n + 1) }}{{ f(n + 1) }}"
    "{% endif %}{% endmacro %}{{ f(0) }}",
    "self_include": "{% include '" + BODY + "' %}",
    "deep_nesting": "{% if true %}" * 400 + "x" + "{% endif %}" * 400,
    "deep_parentheses": "{{ " + "(" * 1000 + "1" + ")" * 1000 + " }}",
    # files outside the template directories
    "include_dotdot": "{% include '../../etc/passwd' %}",
    "include_outside": "{% include '../outside.j2' %}",
    "include_absolute": "{% include '/etc/passwd' %}",
    "include_symlink": "{% include 'fr/escape.j2' %}",
    "include_symlinked_dir": "{% include 'fr/escaped_dir/outside.j2' %}",
    "extends_outside": "{% extends '../outside.j2' %}",
    "import_outside": "{% import '../outside.j2' as o %}{{ o }}",
    "syntax_error": "{{ debt.reference }",
}

_EXEC_EVENTS = ("os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
                "subprocess.Popen", "ctypes.dlopen", "os.startfile")
_events: list[tuple[str, str]] = []
_recording = False


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not _recording:
        return
    if event == "open" and args and isinstance(args[0], (str, bytes)):
        _events.append((event, os.fsdecode(args[0])))
    elif event.startswith(_EXEC_EVENTS):
        _events.append((event, repr(args)[:200]))


sys.addaudithook(_hook)


@contextmanager
def recording() -> Iterator[list[tuple[str, str]]]:
    """Record file opens and process launches (audit events) inside the block."""
    global _recording
    _events.clear()
    _recording = True
    try:
        yield _events
    finally:
        _recording = False


@pytest.fixture
def canary_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TACTFUL_SSTI_CANARY", ENV_CANARY)


def make_dirs(tmp_path: Path, source: str) -> tuple[Path, Path, Path]:
    """Return (template dir, outside secret file, canary file path)."""
    outside = tmp_path / "zone"
    secret = outside / "outside.j2"
    templates = outside / "templates"
    (templates / "fr" / "sms" / "reminder").mkdir(parents=True)
    secret.write_text(SECRET, encoding="utf-8")
    (templates / "fr" / "escape.j2").symlink_to(secret)
    (templates / "fr" / "escaped_dir").symlink_to(outside, target_is_directory=True)
    canary = tmp_path / "CANARY"
    (templates / BODY).write_text(source.replace("CANARY_FILE", str(canary)), encoding="utf-8")
    return templates, secret, canary


def assert_contained(events: list[tuple[str, str]], tmp_path: Path) -> None:
    secret = os.path.realpath(tmp_path / "zone" / "outside.j2")
    for event, detail in events:
        assert event == "open", f"code ran: {event} {detail}"
        real = os.path.realpath(detail)
        assert real != secret, f"read outside the template dirs: {detail}"
        assert not real.startswith("/etc/"), f"read a system file: {detail}"


def test_benign_user_template_renders(tmp_path: Path) -> None:
    """Positive control: the setup renders a harmless user template."""
    templates, _, _ = make_dirs(tmp_path, "Ref {{ debt.reference }}: {{ total|money }}.")
    message = render(REQUEST, template_dirs=[templates])
    assert message.text == "Ref FA-2026-0142: 1 234,56 €."
    assert message.audit.template == BODY


def test_sandbox_range_cap_is_100000(tmp_path: Path) -> None:
    ok, _, _ = make_dirs(tmp_path, "{{ range(100000)|list|length }}")
    assert render(REQUEST, template_dirs=[ok]).text == "100000"
    (ok / BODY).write_text("{{ range(100001)|list|length }}", encoding="utf-8")
    with pytest.raises(RenderError, match="range"):
        render(REQUEST, template_dirs=[ok])


def test_budgets_leave_room_for_real_templates(tmp_path: Path) -> None:
    source = ("{% for i in range(20000) %}{{ debt.reference }} {{ total|money }}\n{% endfor %}"
              "{{ 'x' * 1000 }}{{ '{:>80}'.format('r') }}")
    templates, _, _ = make_dirs(tmp_path, source)
    text = render(REQUEST, template_dirs=[templates]).text
    assert text.count("FA-2026-0142") == 20000


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_payload_api(name: str, tmp_path: Path, canary_env: None) -> None:
    templates, _, canary = make_dirs(tmp_path, PAYLOADS[name])
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    with recording() as events, pytest.raises(RenderError) as info:
        render(REQUEST, template_dirs=[templates])
    elapsed = time.perf_counter() - start
    rss_growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) * 1024
    assert elapsed < MAX_SECONDS
    assert rss_growth < MAX_RSS_GROWTH
    assert not canary.exists()
    assert_contained(events, tmp_path)
    message = str(info.value)
    assert info.value.template is not None and info.value.template.startswith("fr/")
    assert message.startswith(info.value.template)
    assert "\n" not in message
    for leaked in (SECRET, ENV_CANARY, "root:x:0", "<function", "<module", "<class"):
        assert leaked not in message


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_payload_cli(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], canary_env: None
) -> None:
    templates, _, canary = make_dirs(tmp_path, PAYLOADS[name])
    request = tmp_path / "request.json"
    request.write_text(json.dumps(REQUEST), encoding="utf-8")
    start = time.perf_counter()
    code = main(["render", str(request), "--templates", str(templates)])
    assert time.perf_counter() - start < MAX_SECONDS
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.startswith("tactful: error: fr/") and err.count("\n") == 1
    assert "Traceback" not in err
    assert SECRET not in err and ENV_CANARY not in err
    assert not canary.exists()


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (1024 * 2**20, 1024 * 2**20))


@pytest.mark.parametrize("name", ["cycler_globals_os", "string_multiplication", "range_nested",
                                  "macro_fork_bomb", "concat_doubling", "include_symlink",
                                  "deep_parentheses"])
def test_payload_cli_subprocess_bounded(name: str, tmp_path: Path) -> None:
    """A separate process with a 1 GB address-space limit: exit 2 within the time bound."""
    templates, _, canary = make_dirs(tmp_path, PAYLOADS[name])
    request = tmp_path / "request.json"
    request.write_text(json.dumps(REQUEST), encoding="utf-8")
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "tactful", "render", str(request), "--templates", str(templates)],
        capture_output=True, text=True, timeout=60, preexec_fn=_limit_memory,
        env={**os.environ, "TACTFUL_SSTI_CANARY": ENV_CANARY},
    )
    assert time.perf_counter() - start < MAX_SECONDS + 2  # + interpreter start-up
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
    assert SECRET not in proc.stderr and ENV_CANARY not in proc.stderr
    assert not canary.exists()


def test_body_template_symlinked_outside(tmp_path: Path) -> None:
    templates, secret, _ = make_dirs(tmp_path, "")
    (templates / BODY).unlink()
    (templates / BODY).symlink_to(secret)
    with pytest.raises(RenderError, match="outside") as info:
        render(REQUEST, template_dirs=[templates])
    assert info.value.template == BODY and SECRET not in str(info.value)


def test_oversized_template_refused(tmp_path: Path) -> None:
    templates, _, _ = make_dirs(tmp_path, "x" * 2_000_000)
    with pytest.raises(RenderError, match="larger than"):
        render(REQUEST, template_dirs=[templates])


def test_html_layout_autoescapes_user_data(tmp_path: Path) -> None:
    """A debtor name with markup is escaped in HTML output, not in the text output."""
    request = {**REQUEST, "channel": "email",
               # no salutation: the email greets the debtor by name ("Bonjour Madame," otherwise)
               "debtor": {**REQUEST["debtor"], "name": "<script>alert(1)</script>",
                          "salutation": None}}
    message = render(request)
    assert message.html is not None
    assert "<script>" not in message.html and "&lt;script&gt;" in message.html


def test_request_values_are_data_not_template_code() -> None:
    """Template syntax in request data is printed literally, never evaluated."""
    name = "{{ 7*7 }} {% include '/etc/passwd' %} {{ cycler.__init__.__globals__ }}"
    request = {**REQUEST, "channel": "letter", "debtor": {**REQUEST["debtor"], "name": name}}
    message = render(request)
    assert name in message.text


@pytest.mark.parametrize(
    "expression",
    ["debtor.__class__", "debtor.model_dump", "debtor.model_construct", "creditor.__dict__",
     "debt.__slots__", "plan.__class__", "debtor.name.__class__", "debtor.address.__init__",
     "creditor.legal_ids.update", "creditor.legal_ids.clear"],
)
def test_model_fields_fast_path_keeps_every_other_attribute_checked(
    expression: str, tmp_path: Path
) -> None:
    """Declared fields of tactful's models skip the sandbox's look-up check (they are data);
    anything else on those objects, and anything on the values they hold, does not."""
    templates, _, _ = make_dirs(tmp_path, f"{{{{ debtor.name }}}} {{{{ {expression} }}}}")
    with pytest.raises(RenderError, match=r"unsafe|sandbox|undefined"):
        render(REQUEST, template_dirs=[templates])
