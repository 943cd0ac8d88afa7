"""The lint summariser's whole-text checks from paragraph counts equal the checks themselves."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import pytest

from tactful.batch_lint import _may_shout, _piece_stats, _readability_hits
from tactful.lint.checks import run_check
from tactful.lint.readability import reading_ease
from tactful.rendering import Renderer

ROOT = Path(__file__).resolve().parents[1]

SYNTHETIC = [
    "Bonjour Client 0001234,\n\nNous n'avons pas reçu votre paiement. Merci de régler.",
    "Dear Mx O'Brien,\n\nPlease pay\n\nthe balance soon. Thank you!",
    "Hello.\n\nYes.\n\nOk ok.\n\nWe would like to hear from you about the amount that is due?!",
    "Pour payer :\n- en ligne\n- par virement\n\nMerci…\n\nÀ bientôt",
    "ACCOUNT STATEMENT\n\nPlease pay the balance of your account when you can.",
    "Client 7\n1 High Street\nLEEDS\nLS6 2AB\n\nPAY NOW OR ELSE, we will act.",
    "Pay by transfer, BIC AGRIFRPP or IBAN FR76 1234.\n\nBIC\nAGRIFRPP URGENT",
    "PLEASE READ\n\nFINAL WARNING\n\nREPLY TODAY",
    "reply STOP to opt out. Reply URGENT now.\n\nNotwithstanding the aforementioned "
    "stipulations, the outstanding indebtedness necessitates immediate remittance.",
    "",
    "  \n\n. . .\n\n!!",
]


def _texts() -> list[tuple[str, str]]:
    """Synthetic texts and every built-in text and email rendered from the examples."""
    out = [(lang, text) for text in SYNTHETIC for lang in ("en", "fr")]
    renderer = Renderer()
    for path in sorted((ROOT / "examples").glob("*.json")):
        base = json.loads(path.read_text(encoding="utf-8"))
        for stage in ("courtesy", "reminder", "formal_notice", "final_notice"):
            for channel in ("email", "letter", "sms"):
                data = copy.deepcopy(base)
                data.update(stage=stage, channel=channel)
                message = renderer.render(data)
                out.append((message.locale.split("_")[0], message.text))
    return out


TEXTS = _texts()


@pytest.mark.parametrize(("lang", "text"), TEXTS)
def test_readability_from_paragraph_counts_equals_the_check(lang: str, text: str) -> None:
    pieces = text.split("\n\n")
    stats = [_piece_stats(piece, lang, ()) for piece in pieces]
    score = reading_ease(text, lang)
    # thresholds on both sides of the exact score: the score itself must be the same float
    for min_score in (score, math.nextafter(score, math.inf), 0.0, 50.0, 200.0):
        for min_words in (0, 1, 30):
            params = {"min_score": min_score, "min_words": min_words}
            expected = len(run_check("readability", text, None, lang, params, "standard"))
            assert _readability_hits(pieces, stats, lang, params, "standard") == expected


@pytest.mark.parametrize(("lang", "text"), TEXTS)
def test_shouting_is_skipped_only_when_it_finds_nothing(lang: str, text: str) -> None:
    stats = [_piece_stats(piece, lang, (), 2) for piece in text.split("\n\n")]
    for params in ({"min_letters": 4}, {"min_letters": 2}, {"min_letters": 4, "allow": ["leeds"]}):
        if not _may_shout(stats, params):
            assert run_check("shouting", text, None, lang, params, "standard") == []


def test_shouting_candidates_are_found() -> None:
    """The skip is not always taken: texts that shout keep their candidates."""
    for text in ("PAY NOW OR ELSE, we will act.", "Bonjour,\n\nPAYEZ MAINTENANT !"):
        stats = [_piece_stats(piece, "en", ()) for piece in text.split("\n\n")]
        assert _may_shout(stats, {"min_letters": 4})
        assert run_check("shouting", text, None, "en", {"min_letters": 4}, "standard")
