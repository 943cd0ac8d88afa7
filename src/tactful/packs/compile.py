"""Compile the jurisdiction packs (``src/tactful/packs/{fr,us,uk}.yaml``) into JSON.

Run ``python -m tactful.packs.compile`` after editing a pack (``--check`` only
reports stale artefacts; a test fails while one is stale). Patterns are compiled
exactly like the tone rules' (each lemma expanded to its inflections from spaCy's
lookup tables), so the run-time path loads JSON only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import RuleFileError

__all__ = ["JURISDICTIONS", "PACK_DIR", "artefact_path", "compile_pack", "main", "source_path"]

PACK_DIR = Path(__file__).resolve().parent
JURISDICTIONS = ("FR", "US", "UK")
FORMAT = 1


def source_path(jurisdiction: str) -> Path:
    return PACK_DIR / f"{jurisdiction.lower()}.yaml"


def artefact_path(jurisdiction: str) -> Path:
    return PACK_DIR / "_compiled" / f"{jurisdiction.lower()}.json"


def source_hash(jurisdiction: str) -> str:
    return hashlib.sha256(source_path(jurisdiction).read_bytes()).hexdigest()


def load_pack_file(path: Path) -> Any:
    """Parse and validate one pack file; errors name the file and the key, never text."""
    import yaml
    from pydantic import ValidationError

    from .schema import PackFile

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        reason = f"cannot read the file ({exc.__class__.__name__})"
        raise RuleFileError(reason, path=str(path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise RuleFileError(f"not valid YAML{line}", path=str(path)) from None
    try:
        return PackFile.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(p) for p in err["loc"])
        raise RuleFileError(err["msg"], path=str(path), key=where) from None


def _rule(compiler: Any, rule: Any) -> dict[str, Any]:
    out = rule.model_dump(
        mode="json", by_alias=True, exclude={"patterns", "unless", "requires"}, exclude_none=True
    )
    out["category"] = "legal"
    out["severity"] = rule.severity
    fields = compiler.pattern_fields(rule)
    if not rule.patterns:
        del fields["patterns"]
    out.update(fields)
    return out


def compile_pack(jurisdiction: str) -> dict[str, Any]:
    """Validate and compile the pack of ``jurisdiction`` (``FR``, ``US`` or ``UK``)."""
    from ..lint.compile import UNDERCUT, _Compiler, lookups_version

    pack = load_pack_file(source_path(jurisdiction))
    compiler = _Compiler()
    rules = [_rule(compiler, r) for r in pack.rules]
    return {
        "format": FORMAT,
        "source": source_hash(jurisdiction),
        "lookups": lookups_version(),
        "jurisdiction": pack.jurisdiction,
        "title": pack.title,
        "scope": pack.scope,
        "not_covered": pack.not_covered,
        "rules": rules,
        "undercut": {
            lang: [compiler.tokens(c, lang) for c in cues] for lang, cues in UNDERCUT.items()
        },
        "vocab": {
            lang: {form: sorted(lemmas) for form, lemmas in sorted(v.items())}
            for lang, v in compiler.vocab.items()
        },
    }


def is_fresh(jurisdiction: str) -> bool:
    try:
        data = json.loads(artefact_path(jurisdiction).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return data.get("format") == FORMAT and data.get("source") == source_hash(jurisdiction)


def main(argv: Sequence[str] | None = None) -> int:
    from ..lint.compile import write_json

    parser = argparse.ArgumentParser(prog="python -m tactful.packs.compile", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only report stale artefacts")
    args = parser.parse_args(argv)
    if args.check:
        stale = [j for j in JURISDICTIONS if not is_fresh(j)]
        for j in stale:
            print(f"stale: {artefact_path(j)} (run python -m tactful.packs.compile)")
        return 1 if stale else 0
    try:
        for j in JURISDICTIONS:
            artefact = compile_pack(j)
            write_json(artefact, artefact_path(j))
            print(f"wrote {artefact_path(j)} ({len(artefact['rules'])} rules)")
    except RuleFileError as exc:
        print(f"tactful: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
