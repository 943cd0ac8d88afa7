"""Short dictionary words, to tell an acronym from a shouted word.

"Call the NFCC" names an organisation; "This is your FINAL notice" shouts. A lone word in
capitals of at most six letters is read as an acronym unless it is a word of the language.
The word lists come from spaCy's official lemma lookup tables (``spacy-lookups-data``),
every form and lemma of four to six letters, plus a few function words those tables leave
out. They are generated ahead of time (``python -m tactful.lint.words``) into
``_compiled/words.json`` and loaded lazily the first time a check needs them, so the run
time never imports spaCy (a test checks the file is fresh).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

__all__ = ["MAX_LETTERS", "MIN_LETTERS", "build", "is_word"]

MIN_LETTERS = 4
MAX_LETTERS = 6
TARGET = Path(__file__).parent / "_compiled" / "words.json"

#: common short words missing from the lemma tables (they do not inflect)
_EXTRA = {
    "en": "else also just only once soon then than this that what when where with your yours"
    " here there today asap never ever urgent overdue",
    "fr": "avant après alors aussi bien dans déjà donc elle elles encore enfin ici jamais"
    " leur leurs lors mais même merci moins nous plus sans sous très vite votre vous",
}


def build() -> dict[str, str]:
    """Word lists per language from spaCy's lookup tables (development time only)."""
    import gzip
    import os

    import spacy_lookups_data

    data = os.path.join(os.path.dirname(spacy_lookups_data.__file__), "data")
    out: dict[str, str] = {}
    for lang in ("en", "fr"):
        with gzip.open(os.path.join(data, f"{lang}_lemma_lookup.json.gz"), "rt") as handle:
            table = json.load(handle)
        words: set[str] = set(_EXTRA[lang].split())
        for form, lemma in table.items():
            lemmas = lemma if isinstance(lemma, list) else [lemma]
            for word in (form, *lemmas):
                if isinstance(word, str) and word.isalpha() and (
                    MIN_LETTERS <= len(word) <= MAX_LETTERS
                ):
                    words.add(word.lower())
        out[lang] = " ".join(sorted(words))
    return out


@cache
def _words(lang: str) -> frozenset[str]:
    data = json.loads(TARGET.read_text(encoding="utf-8"))
    return frozenset(data.get(lang, "").split())


def is_word(word: str, lang: str) -> bool:
    """Is ``word`` (any case) a dictionary word of ``lang`` ("en" or "fr")?"""
    return word.lower() in _words(lang if lang in ("en", "fr") else "en")


def main() -> int:
    TARGET.write_text(json.dumps(build(), ensure_ascii=False, sort_keys=True) + "\n",
                      encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
