"""Check the multi-beat corpus against its gold files: every record well-formed and grounded in its text.

Run: python tests/data/beats/validate.py [PREFIX]  (PREFIX limits the check to article ids starting with it)
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
BEATS = {"markets", "companies", "technology", "politics", "society", "disasters", "health", "sports",
         "culture", "property", "education", "consumer"}
ENTITY_TYPES = {"person", "org", "media", "place", "product", "work", "other"}
SOURCE_TYPES = {"media", "person", "org"}
KINDS = {"money", "percent", "count", "quantity", "multiplier", "fraction", "duration"}


def load_gold(folder: Path | None = None) -> dict[str, dict]:
    """Every gold record of ``folder`` (default: gold/ beside this file), keyed by article id."""
    gold: dict[str, dict] = {}
    for f in sorted((folder or HERE / "gold").glob("*.jsonl")):
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                rec = json.loads(line)
                if rec["article_id"] in gold:
                    raise SystemExit(f"{f.name}:{n}: duplicate article_id {rec['article_id']}")
                gold[rec["article_id"]] = rec
    return gold


def check(prefix: str = "") -> list[str]:
    errors: list[str] = []
    gold = load_gold()
    files = {p.stem: p for p in (HERE / "articles").glob("*.txt") if p.stem.startswith(prefix)}
    for stem in sorted(files):
        if stem not in gold:
            errors.append(f"{stem}: no gold record")
    for aid, rec in sorted(gold.items()):
        if not aid.startswith(prefix):
            continue
        if aid not in files:
            errors.append(f"{aid}: gold record without article file")
            continue
        text = files[aid].read_text(encoding="utf-8")
        n = len(text)
        if not 300 <= n <= 3200:
            errors.append(f"{aid}: {n} characters (300-3000 wanted)")
        if rec.get("beat") not in BEATS or not aid.startswith(rec.get("beat", "?")):
            errors.append(f"{aid}: bad beat {rec.get('beat')}")
        if rec.get("script") not in ("Hans", "Hant"):
            errors.append(f"{aid}: bad script")
        if rec.get("tone") not in ("pos", "neu", "neg"):
            errors.append(f"{aid}: bad tone")
        for key in ("title", "outlet", "author", "published_text"):
            if rec.get(key) and rec[key] not in text:
                errors.append(f"{aid}: {key} {rec[key]!r} not in text")
        if rec.get("published") and (len(rec["published"]) != 10 or rec["published"][4] != "-"):
            errors.append(f"{aid}: published {rec['published']!r} not ISO")
        for e in rec.get("entities", []):
            if e.get("type") not in ENTITY_TYPES:
                errors.append(f"{aid}: entity {e} bad type")
            if e["name"] not in text:
                errors.append(f"{aid}: entity {e['name']!r} not in text")
            for a in e.get("aliases", []):
                if a not in text:
                    errors.append(f"{aid}: alias {a!r} not in text")
        for s in rec.get("sources", []):
            if s.get("type") not in SOURCE_TYPES:
                errors.append(f"{aid}: source {s} bad type")
            if s["name"] not in text:
                errors.append(f"{aid}: source {s['name']!r} not in text")
        for f in rec.get("figures", []):
            if f.get("kind") not in KINDS:
                errors.append(f"{aid}: figure {f.get('text')!r} bad kind {f.get('kind')}")
            if f.get("text", "") not in text:
                errors.append(f"{aid}: figure text {f.get('text')!r} not in text")
            if not isinstance(f.get("value"), (int, float)):
                errors.append(f"{aid}: figure {f.get('text')!r} value not a number")
            if not f.get("subject") or not f.get("unit"):
                errors.append(f"{aid}: figure {f.get('text')!r} lacks subject or unit")
    return errors


if __name__ == "__main__":
    errs = check(sys.argv[1] if len(sys.argv) > 1 else "")
    print("\n".join(errs) or "ok")
    sys.exit(1 if errs else 0)
