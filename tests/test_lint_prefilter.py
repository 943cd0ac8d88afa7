"""The literal pre-test of regex patterns never skips a text the regex matches."""

from __future__ import annotations

import re

import pytest

from tactful.lint.prefilter import LiteralScan, lowered, required_literals

CASES = [
    (r"\barticles?\s+\d+\s+du\s+code\b", {"article", "articles"}),
    (r"(?-i:\b(CGV|FDM)\b)", {"cgv", "fdm"}),
    (r"\bper (the|our) (MSA|terms)\b", {"per the msa", "per the terms", "per our msa",
                                         "per our terms"}),
    (r"\bs\.\s?\d+", {"s."}),
    (r"\d+\s*€", None),  # nothing literal and ASCII of two characters or more
    (r"\w*", None),
]


@pytest.mark.parametrize(("pattern", "expected"), CASES)
def test_required_literals(pattern: str, expected: set[str] | None) -> None:
    found = required_literals(re.compile(pattern, re.IGNORECASE))
    assert (set(found) if found is not None else None) == expected


TEXTS = [
    "Voir l'ARTICLES 12 du code civil.", "per OUR Terms and conditions", "see S. 98 now",
    "Les CGV s'appliquent.", "les cgv", "Per the msa", "per thé msa", "artic les 3 du code",
]


@pytest.mark.parametrize("pattern", [p for p, _ in CASES])
@pytest.mark.parametrize("text", TEXTS)
def test_prefilter_agrees_with_the_regex(pattern: str, text: str) -> None:
    regex = re.compile(pattern, re.IGNORECASE)
    literals = required_literals(regex)
    low = lowered(text)
    if literals is not None and low is not None and not any(lit in low for lit in literals):
        assert regex.search(text) is None


def test_case_traps_disable_the_pretest() -> None:
    # "ſ" (long s) matches "s" when ignoring case but does not lowercase to it
    assert re.search(r"\bs\.\s?\d+", "ſ. 98", re.IGNORECASE)
    assert lowered("ſ. 98") is None
    assert lowered("Article 3") == "article 3"


SCAN_LITERALS: list[tuple[str, ...] | None] = [
    ("est", "teg"),  # overlapping occurrences: "testeg"
    ("an",),  # inside a longer literal: "ordonnance"
    ("ordonnance", "loi"),
    None,  # no pre-test: always run
    ("per the msa", "per our msa"),
    ("s.",),
    ("  ",),  # whitespace only: no key, tested in every text
    ("de nouveau", "encore"),  # keyed on "nouveau" and "encore"
]
SCAN_TEXTS = [
    "testeg", "ordonnance", "a plan", "la loi", "per our msa", "per their msa", "voir s. 3",
    "", "xyz", "tegest ordonnan", "le test", "an ordonnance per the msa",
    "per  our msa", "msa per our", "a  b", "de\nnouveau", "à nouveau", "de nouveau.", "encores",
]


@pytest.mark.parametrize("text", SCAN_TEXTS)
def test_literal_scan_equals_one_test_per_regex(text: str) -> None:
    scan = LiteralScan(SCAN_LITERALS)
    expected = {
        n for n, lits in enumerate(SCAN_LITERALS) if lits is None or any(x in text for x in lits)
    }
    assert scan.which(text) == expected


def test_literal_scan_runs_everything_without_a_lowered_text() -> None:
    assert LiteralScan(SCAN_LITERALS).which(None) == set(range(len(SCAN_LITERALS)))
    assert LiteralScan([None]).which("anything") == {0}
    assert LiteralScan([]).which("anything") == set()
