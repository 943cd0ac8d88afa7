"""`tactful lint PATH...`: directories, Jinja templates at source positions, HTML, metadata."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from _helpers import run_python_warm
from tactful.cli import main
from tactful.lint.masking import mask_html, mask_jinja
from tactful.lint.sources import Meta, catalogue_meta, expand_paths, header_meta, resolve_meta

FIXTURES = Path(__file__).parent / "fixtures"
RULES = FIXTURES / "rules" / "traps.yaml"
REPO = FIXTURES / "templaterepo"


pytestmark = pytest.mark.usefixtures("isolated")  # tests/conftest.py


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(REPO, target)
    return target


def lint_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main(["lint", "--rules", str(RULES), "--format", "json", *argv])
    return code, json.loads(capsys.readouterr().out)


def position(source: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the nth occurrence of ``needle`` in ``source``."""
    start = -1
    for _ in range(nth + 1):
        start = source.index(needle, start + 1)
    line = source.count("\n", 0, start) + 1
    return line, start - (source.rfind("\n", 0, start) + 1) + 1


def findings_of(doc: dict, suffix: str) -> list[dict]:
    [entry] = [f for f in doc["files"] if f["path"].endswith(suffix)]
    return entry["findings"]


# ----------------------------------------------------------------- masking


def test_masks_keep_length_and_lines() -> None:
    src = (
        'Hi {{ name }},{% if a %}\nbad{# c #}{% raw %}{{ x }}{% endraw %}\n<p class="x">t&amp;</p>'
    )
    for masked in (mask_jinja(src), mask_html(mask_jinja(src))):
        assert len(masked) == len(src)
        assert masked.count("\n") == src.count("\n")
    assert "name" not in mask_jinja(src) and "{{ x }}" in mask_jinja(src)
    html = mask_html(mask_jinja(src))
    assert "class" not in html and "t&" in html


@pytest.mark.parametrize("suffix", [".html", ".html.j2"])
def test_html_character_references_are_read_decoded_at_source_positions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    literal = "<p>Merci de payer immédiatement.</p>\n<p>C'est votre dernière chance.</p>\n"
    encoded = ("<p>Merci de payer imm&eacute;diatement.</p>\n"
               "<p>C&#39;est votre derni&#xE8;re chance.</p>\n")
    found = {}
    for name, text in (("literal", literal), ("encoded", encoded)):
        path = tmp_path / f"{name}{suffix}"
        path.write_text(text, encoding="utf-8")
        code = main(["lint", "--format", "json", "--locale", "fr", "--stage", "reminder",
                     str(path)])
        doc = json.loads(capsys.readouterr().out)
        found[name] = {(f["code"], f["line"], f["column"], text[f["start"]:f["end"]])
                       for f in findings_of(doc, path.name) if f["category"] == "pressure"}
        assert code == 1
    assert {(c, line, col) for c, line, col, _ in found["literal"]} >= {
        ("PRS001", 1, 19), ("PRS004", 2, 16)
    }
    # the same findings, each at the source text of its words (line and column in the file)
    assert {(c, line, col, m) for c, line, col, m in found["encoded"]} >= {
        ("PRS001", 1, 19, "imm&eacute;diatement"), ("PRS004", 2, 20, "derni&#xE8;re chance")
    }
    assert {c for c, *_ in found["encoded"]} == {c for c, *_ in found["literal"]}


def test_masking_decodes_every_html5_reference() -> None:
    from html import unescape

    from tactful.lint.masking import FILL, compact

    src = "&eacute;t&eacute; AT&T &notin; &#x1F600; &copy2026 &unknown; &NotEqualTilde;"
    masked = mask_html(src, FILL)
    assert len(masked) == len(src)
    assert compact(masked)[0] == unescape(src)


# ---------------------------------------------------------------- metadata


def test_catalogue_layout_metadata(tmp_path: Path) -> None:
    path = tmp_path / "tpl" / "fr_CA" / "letter" / "formal_notice" / "hardship.txt.j2"
    meta = catalogue_meta(str(path))
    assert (meta.locale, meta.channel, meta.stage, meta.profile, meta.kind) == (
        "fr_CA", "letter", "formal_notice", "hardship", "body",
    )
    assert meta.name == "fr_CA/letter/formal_notice/hardship.txt.j2"
    assert catalogue_meta(str(tmp_path / "tpl" / "en" / "_partials" / "x.j2")).kind == "partial"
    assert catalogue_meta(str(tmp_path / "notes.txt.j2")) == Meta()


@pytest.mark.parametrize(
    "header",
    [
        "{# tactful: locale=fr stage=reminder channel=sms #}\nBonjour",
        "<!-- tactful: locale=fr stage=reminder channel=sms -->\n<p>Bonjour</p>",
        "tactful: locale=fr stage=reminder channel=sms\nBonjour",
    ],
)
def test_header_comment_metadata(header: str) -> None:
    meta = header_meta(header, "x")
    assert (meta.locale, meta.stage, meta.channel, meta.profile) == ("fr", "reminder", "sms", None)


def test_flags_beat_layout_beat_header(tmp_path: Path) -> None:
    path = str(tmp_path / "en" / "email" / "courtesy" / "standard.txt.j2")
    text = "{# tactful: locale=fr stage=final_notice profile=repeat #}\nHello"
    meta = resolve_meta(path, text, Meta(stage="reminder"))
    assert (meta.stage, meta.locale, meta.channel, meta.profile) == (
        "reminder", "en", "email", "standard",
    )
    assert resolve_meta(path, text, Meta(locale="auto")).locale is None


def test_bad_header_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text("tactful: stage=tomorrow\nHello", encoding="utf-8")
    assert main(["lint", str(draft)]) == 2
    err = capsys.readouterr().err
    assert "d.txt" in err and "stage" in err and "Traceback" not in err


def test_directory_expansion(tmp_path: Path) -> None:
    for name in ("a.txt", "b.md", "c.html", "d.txt.j2", "e.jinja", "f.jinja2", "g.py", ".h.txt"):
        (tmp_path / "d").mkdir(exist_ok=True)
        (tmp_path / "d" / name).write_text("x", encoding="utf-8")
    (tmp_path / "d" / ".git").mkdir()
    (tmp_path / "d" / ".git" / "x.txt").write_text("x", encoding="utf-8")
    found = [Path(p).name for p in expand_paths([str(tmp_path / "d")])]
    assert found == [".h.txt", "a.txt", "b.md", "c.html", "d.txt.j2", "e.jinja", "f.jinja2"]


# ----------------------------------------------------------- plain drafts


def test_header_sets_stage_and_is_not_linted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("tactful: locale=fr stage=reminder\nNous procéderons à la saisie.\n", "utf-8")
    code, doc = lint_json(capsys, str(draft))
    [finding] = doc["files"][0]["findings"]
    assert code == 1 and finding["code"] == "THR902" and finding["severity"] == "warning"
    assert (finding["line"], finding["column"]) == (2, 23)
    assert doc["files"][0]["stage"] == "reminder"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Nous avons bien reçu votre courrier et nous vous en remercions.", "fr"),
        ("We have received your letter and we thank you for it.", "en"),
    ],
)
def test_locale_auto(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, lang: str
) -> None:
    path = tmp_path / "fr" / "email" / "reminder" / "standard.txt.j2"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    _, doc = lint_json(capsys, str(path), "--locale", "auto")
    assert doc["files"][0]["locale"] == lang


def test_stdin_with_header(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = b"<!-- tactful: locale=en -->\nPeople like you never pay."
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, doc = lint_json(capsys, "-")
    assert code == 1 and doc["files"][0]["path"] == "<stdin>"
    assert doc["files"][0]["findings"][0]["line"] == 2


def test_html_is_linted_as_visible_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = (
        '<p title="people like you">Hello,</p>\n<!-- people like you -->\n'
        "<p>We know <b>people</b> like you&nbsp;pay. <i>People like you</i> never pay.</p>\n"
    )
    path = tmp_path / "mail.html"
    path.write_text(source, encoding="utf-8")
    _, doc = lint_json(capsys, str(path), "--locale", "en")
    found = [(f["code"], f["line"], f["column"]) for f in doc["files"][0]["findings"]]
    # attributes and comments are ignored; tags between words are not; offsets are the source's
    assert ("GLT901", *position(source, "people</b>")) in found
    assert ("GLT901", *position(source, "People like you")) in found
    assert len([f for f in found if f[0] == "GLT901"]) == 2


# -------------------------------------------------------------- templates


def test_template_findings_at_source_positions(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tpl = repo / "templates" / "en" / "email" / "reminder" / "standard.txt.j2"
    source = tpl.read_text(encoding="utf-8")
    code, doc = lint_json(capsys, str(tpl))
    assert code == 1
    found = {(f["code"], f["line"], f["column"], f["match"]) for f in findings_of(doc, tpl.name)}
    # reached by the samples with legal_action_planned, and in a branch no sample reaches
    assert ("THR901", *position(source, "contact your employer"), "contact your employer") in found
    assert ("GLT901", *position(source, "People like you"), "People like you") in found
    # suppressed by a Jinja comment on the line before
    assert not any(f[3] == "ashamed" for f in found)
    # the included partial's text is reported in the partial, once
    partial = findings_of(doc, "help.j2")
    help_source = (repo / "templates" / "en" / "_partials" / "help.j2").read_text("utf-8")
    threats = [(f["line"], f["column"]) for f in partial if f["code"] == "THR901"]
    assert threats == [position(help_source, "tell your family")]


def test_each_finding_once_for_many_samples(
    repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    tpl = repo / "templates" / "en" / "email" / "reminder" / "standard.txt.j2"
    samples = sorted(str(p) for p in (repo / "examples").glob("*.json"))
    _, doc = lint_json(capsys, str(tpl), "--samples", *samples, *samples)
    keys = [(f["code"], f["start"]) for f in findings_of(doc, tpl.name)]
    assert len(keys) == len(set(keys)) and keys


def test_finding_only_visible_after_rendering(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "tpl" / "en" / "email" / "reminder"
    root.mkdir(parents=True)
    source = (
        '{% set who = "your employer" %}\n'
        "Hello {{ debtor.name }}.\n"
        "{% if legal_action_planned %}We will contact {{ who }}.{% endif %}\n"
    )
    (root / "standard.txt.j2").write_text(source, encoding="utf-8")
    samples = str(REPO / "examples" / "consumer_en.json")
    _, doc = lint_json(capsys, str(root / "standard.txt.j2"), "--samples", samples)
    [finding] = [f for f in doc["files"][0]["findings"] if f["code"] == "THR901"]
    # the words live in the {% set %} string: that is where the finding goes
    assert (finding["line"], finding["column"]) == position(source, "your employer")


def test_html_template_with_header(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tpl = repo / "templates" / "en" / "extras" / "hardship.html.j2"
    source = tpl.read_text(encoding="utf-8")
    _, doc = lint_json(capsys, str(tpl))
    [entry] = doc["files"]
    assert (entry["locale"], entry["stage"], entry["profile"]) == ("en", "reminder", "hardship")
    glt = [(f["line"], f["column"]) for f in entry["findings"] if f["code"] == "GLT901"]
    # "not irresponsible" is negated, the class attribute is markup: only the last one
    assert glt == [position(source, "irresponsible", 2)]


def test_directory_of_templates(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = lint_json(capsys, str(repo / "templates"))
    assert code == 1
    paths = [f["path"] for f in doc["files"]]
    assert len(paths) == len(set(paths)) == 13
    fr = findings_of(doc, "fr/email/reminder/standard.txt.j2")
    fr_source = (repo / "templates/fr/email/reminder/standard.txt.j2").read_text("utf-8")
    assert ("GLT901", *position(fr_source, "mauvais payeur")) in {
        (f["code"], f["line"], f["column"]) for f in fr
    }


def test_syntax_error_is_a_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.txt.j2"
    path.write_text("Hello\n{% if x %}\nunclosed\n", encoding="utf-8")
    code, doc = lint_json(capsys, str(path), "--locale", "en")
    [finding] = doc["files"][0]["findings"]
    assert code == 1 and finding["code"] == "TPL001" and finding["severity"] == "error"


def test_plain_text_lint_does_not_import_jinja(tmp_path: Path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text("Merci pour votre paiement.", encoding="utf-8")
    code = (
        "import sys; from tactful.cli import main; main(['lint', sys.argv[1]]);"
        "heavy = [m for m in ('jinja2', 'pydantic', 'babel', 'yaml') if m in sys.modules];"
        "print(heavy)"
    )
    out = run_python_warm(code, str(draft), check=True).stdout
    assert out.strip().endswith("[]")


def test_extended_base_text_belongs_to_the_base(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "tpl" / "en"
    (root / "_partials").mkdir(parents=True)
    (root / "letter" / "reminder").mkdir(parents=True)
    base = (
        "Dear {{ debtor.name }},\n{% block opening %}{% endblock %}\n"
        "{% if is_agency %}We may inform your employer.{% endif %}\n"
    )
    (root / "_partials" / "base.txt.j2").write_text(base, encoding="utf-8")
    child = '{% extends "en/_partials/base.txt.j2" %}\n{% block opening %}Hello.{% endblock %}\n'
    (root / "letter" / "reminder" / "standard.txt.j2").write_text(child, encoding="utf-8")
    samples = str(REPO / "examples" / "consumer_en.json")
    _, doc = lint_json(capsys, str(root / "letter" / "reminder" / "standard.txt.j2"),
                       "--samples", samples)
    assert findings_of(doc, "standard.txt.j2") == []
    [finding] = [f for f in findings_of(doc, "base.txt.j2") if f["code"] == "THR901"]
    assert (finding["line"], finding["column"]) == position(base, "inform your employer")
