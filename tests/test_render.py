"""Engine tests with fixture templates (independent of the built-in bodies)."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from tactful.errors import RenderError, TemplateNotFoundError
from tactful.rendering import Renderer, render
from tactful.selection import candidates

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "templates"


def example(name: str = "fr_consumer") -> dict[str, Any]:
    with open(ROOT / "examples" / f"{name}.json", encoding="utf-8") as fh:
        return json.load(fh)


def request(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(example())
    data.update(changes)
    return data


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer([FIXTURES])


def test_candidates_profile_before_locale() -> None:
    assert candidates("fr_CA", "letter", "reminder", "repeat") == [
        "fr_CA/letter/reminder/repeat.txt.j2",
        "fr/letter/reminder/repeat.txt.j2",
        "fr_CA/letter/reminder/standard.txt.j2",
        "fr/letter/reminder/standard.txt.j2",
    ]
    assert candidates("fr", "sms", "courtesy", "standard", "subject") == [
        "fr/sms/courtesy/standard.subject.j2"
    ]


def test_user_dir_overrides_builtin_and_formats_money(renderer: Renderer) -> None:
    msg = renderer.render(request())
    assert msg.text.count("FIXTURE body") == 1
    assert "[1\u202f234,56\u00a0€]" in msg.text
    assert "avant le 29 mars 2026" in msg.text
    assert msg.subject == "Rappel FA-2026-0142"
    assert msg.html is not None and 'lang="fr"' in msg.html
    assert "Objet\u00a0: Rappel FA-2026-0142" in msg.text


def test_unknown_profile_falls_back_to_standard(renderer: Renderer) -> None:
    msg = renderer.render(request(profile="vip_customer"))
    assert msg.profile == "standard"
    assert msg.audit.requested_profile == "vip_customer"


def test_regional_profile_wins(renderer: Renderer) -> None:
    msg = renderer.render(request(locale="fr_CA", profile="hardship"))
    assert "HARDSHIP fr_CA" in msg.text
    assert msg.audit.used_locale == "fr_CA"
    assert msg.audit.template == "fr_CA/letter/reminder/hardship.txt.j2"


def test_audit_hashes_every_template(renderer: Renderer) -> None:
    msg = renderer.render(request())
    names = set(msg.audit.templates)
    assert {
        "fr/letter/reminder/standard.txt.j2",
        "fr/_partials/m.j2",
        "fr/letter/reminder/standard.subject.j2",
        "fr/_layouts/letter.txt.j2",
        "fr/_layouts/letter.html.j2",
    } <= names
    source = (FIXTURES / "fr/_partials/m.j2").read_bytes()
    assert msg.audit.templates["fr/_partials/m.j2"] == hashlib.sha256(source).hexdigest()


def test_missing_combination_lists_names(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("tactful.rendering.data_path", lambda name: tmp_path)
    with pytest.raises(TemplateNotFoundError) as info:
        Renderer([FIXTURES]).render(request(stage="courtesy", channel="sms", profile="repeat"))
    assert info.value.searched == [
        "fr_FR/sms/courtesy/repeat.txt.j2",
        "fr/sms/courtesy/repeat.txt.j2",
        "fr_FR/sms/courtesy/standard.txt.j2",
        "fr/sms/courtesy/standard.txt.j2",
    ]
    assert "fr/sms/courtesy/standard.txt.j2" in str(info.value)


def test_undefined_variable_names_variable_and_template(renderer: Renderer) -> None:
    with pytest.raises(RenderError) as info:
        renderer.render(request(channel="email"))
    assert "no_such_variable" in str(info.value)
    assert info.value.template == "fr/email/reminder/standard.txt.j2"


def test_sandbox_blocks_dunder(renderer: Renderer) -> None:
    with pytest.raises(RenderError) as info:
        renderer.render(request(channel="email", stage="courtesy"))
    assert "mro" not in (info.value.template or "")
    assert info.value.template == "fr/email/courtesy/standard.txt.j2"


def test_sms_is_gsm_friendly_and_normalised(renderer: Renderer) -> None:
    msg = renderer.render(request(channel="sms"))
    assert msg.subject is None and msg.html is None
    assert msg.text == 'Rappel : 1 234,56 € "réf. FA-2026-0142" l\'échéance...\n\nFin.'
    assert msg.sms_encoding == "GSM-7"
    assert msg.sms_segments == 1


def test_module_render_accepts_dict() -> None:
    msg = render(request(channel="sms"), template_dirs=[FIXTURES])
    assert msg.channel == "sms"


def test_missing_template_dir_is_clear() -> None:
    with pytest.raises(TemplateNotFoundError):
        Renderer([ROOT / "no-such-dir"])
