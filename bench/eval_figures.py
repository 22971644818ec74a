"""Figures and claims against the multi-beat gold: recall, precision, values, subjects, claims; previous vs now.

Each version (this checkout, and the last commit's analytics/ package rebuilt from ``git show HEAD:...``
in a temporary folder) runs in its own process: read tests/data/beats/articles with its corpus reader,
clean and split with pipeline.prepare_article, then figures_table and build_claims. Scoring is shared.
``--errors`` lists missed gold figures, wrong subjects and wrong claims of this checkout.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BEATS = ROOT / "tests" / "data" / "beats"
REL_TOL = 1e-6
DURATION_UNITS = {"年": "year", "月": "month", "个月": "month", "天": "day", "日": "day", "小时": "hour",
                  "分钟": "minute", "分": "minute", "秒": "second", "周": "week", "星期": "week", "倍": "x"}


def run_version(root: Path, articles: Path) -> dict:
    """Figures, claims and skipped files of the analytics package under ``root`` (run in a child process)."""
    sys.path.insert(0, str(root))
    import pandas as pd

    from analytics import corpus, figures, pipeline

    read = corpus.read_corpus(articles)
    prepared = [pipeline.prepare_article(a) for a in read.articles]
    sentences = pd.concat([p.sentences for p in prepared], ignore_index=True)
    arts = pd.DataFrame([p.article for p in prepared])
    table = figures.figures_table(sentences, arts)
    try:
        table, claims = figures.build_claims(table, published=dict(zip(arts["article_id"], arts["published"])))
    except TypeError:  # a version whose claims do not read dates
        table, claims = figures.build_claims(table)
    cols = [c for c in ("article_id", "sentence_idx", "text", "kind", "value", "value_max", "unit", "subject",
                        "measure", "claim_id", "sentence") if c in table]
    return {
        "skipped": [str(s) for s in read.skipped],
        "figures": json.loads(table[cols].to_json(orient="records", force_ascii=False)),
        "claims": json.loads(claims[["claim_id", "label", "subject"]].to_json(orient="records", force_ascii=False)),
    }


def _child(root: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(root)], capture_output=True, text=True, cwd=root)
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout)


def head_checkout() -> Path:
    """A temporary folder holding the last commit's analytics/ package, file by file from git show."""
    tmp = Path(tempfile.mkdtemp(prefix="figures_head_"))
    names = subprocess.run(["git", "ls-tree", "-r", "--name-only", "HEAD", "analytics"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.split()
    for name in names:
        data = subprocess.run(["git", "show", f"HEAD:{name}"], cwd=ROOT, capture_output=True, check=True).stdout
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_bytes(data)
    return tmp


def load_gold(folder: Path) -> dict[str, dict]:
    """The gold records, read by the corpus's own validator (tests/data/beats/validate.py)."""
    sys.path.insert(0, str(ROOT / "tests" / "data" / "beats"))
    from validate import load_gold as read

    return read(folder)


def _hans(text: str) -> str:
    from analytics.clean import to_simplified

    return to_simplified(text or "")


def _unit(unit: str | None) -> str:
    u = _hans(unit or "").strip()
    return DURATION_UNITS.get(u, u)


def unit_ok(gold: dict, fig: dict) -> bool:
    g, f = _unit(gold.get("unit")), _unit(fig.get("unit"))
    if g == f or not g or not f:
        return True
    if gold.get("kind") == "money" or fig.get("kind") == "money":
        return False
    return g in f or f in g


def value_ok(gold: dict, fig: dict) -> bool:
    def close(a, b) -> bool:
        return a is not None and b is not None and abs(a - b) <= REL_TOL * max(abs(a), abs(b), 1e-12)

    def same(g, v) -> bool:
        """Equal within REL_TOL, or equal once rounded as the gold writes it (1/3 written 0.3333)."""
        if close(float(g), v):
            return True
        places = len(repr(float(g)).split(".")[1]) if "." in repr(float(g)) else 0
        return v is not None and places >= 3 and round(v, places) == float(g)

    if not same(gold["value"], fig.get("value")):
        return False
    if gold.get("value_max") is not None:
        return same(gold["value_max"], fig.get("value_max"))
    return True


def text_overlap(gold: dict, fig: dict) -> bool:
    g, f = _hans(gold.get("text", "")), _hans(fig.get("text", ""))
    return bool(g and f) and (g in f or f in g)


def _contains(a: str, b: str) -> bool:
    a, b = _hans(a).replace(" ", ""), _hans(b).replace(" ", "")
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 2 and short in long_


def subject_ok(gold: dict, fig: dict, strict: bool = False) -> bool:
    """Extracted subject or measure overlaps the gold subject or measure (strict: subject to subject)."""
    if strict:
        return _contains(fig.get("subject") or "", gold.get("subject") or "")
    ours = [fig.get("subject") or "", fig.get("measure") or ""]
    theirs = [gold.get("subject") or "", gold.get("measure") or ""]
    return any(_contains(a, b) for a in ours for b in theirs)


def match(gold_figs: list[dict], figs: list[dict]) -> tuple[dict[int, int], dict[int, int]]:
    """One-to-one gold->figure matches by value and unit (text overlap first), and text-only pairs."""
    used, pairs = set(), {}
    for want_text in (True, False):
        for gi, g in enumerate(gold_figs):
            if gi in pairs:
                continue
            for fi, f in enumerate(figs):
                if fi in used or not value_ok(g, f) or not unit_ok(g, f):
                    continue
                if want_text and not text_overlap(g, f):
                    continue
                pairs[gi] = fi
                used.add(fi)
                break
    by_text, used_t = {}, set()
    for gi, g in enumerate(gold_figs):
        cand = [fi for fi, f in enumerate(figs) if fi not in used_t and text_overlap(g, f)]
        if gi in pairs and pairs[gi] in cand:
            cand = [pairs[gi]]
        if cand:
            by_text[gi] = cand[0]
            used_t.add(cand[0])
    return pairs, by_text


def known_entities(gold: dict[str, dict]) -> set[str]:
    """Every entity name and alias of the gold plus the shipped domain packs (Simplified, >= 2 chars)."""
    names = set()
    for rec in gold.values():
        for e in rec.get("entities", []):
            names.update([e["name"], *e.get("aliases", [])])
    for path in (ROOT / "analytics" / "packs").glob("*/entities.json"):
        for e in json.loads(path.read_text(encoding="utf-8")).get("entities", []):
            names.update([e.get("name", ""), *e.get("aliases", [])])
    lexicon = subprocess.run(["git", "show", "HEAD:analytics/data/figures_lexicon.json"], cwd=ROOT,
                             capture_output=True, text=True).stdout
    if lexicon:
        for name, aliases in json.loads(lexicon).get("entities", {}).items():
            names.update([name, *aliases])
    return {_hans(n) for n in names if len(n) >= 2}


def absent_names(label: str, article_text: str, entities: set[str]) -> list[str]:
    label = _hans(label)
    return [e for e in entities if e in label and e not in article_text]


def score(result: dict, gold: dict[str, dict], texts: dict[str, str], entities: set[str]) -> dict:
    figs_by = defaultdict(list)
    for f in result["figures"]:
        figs_by[f["article_id"]].append(f)
    n_gold = n_found = n_text = n_value = n_subj = n_subj_strict = 0
    n_extracted = sum(len(figs_by[a]) for a in gold)
    fig_fact: dict[tuple[str, int], str] = {}
    errors = {"missed": [], "subject": []}
    for aid, rec in gold.items():
        figs = figs_by[aid]
        pairs, by_text = match(rec["figures"], figs)
        n_gold += len(rec["figures"])
        n_found += len(pairs)
        n_text += len(by_text)
        n_value += sum(1 for gi, fi in by_text.items() if value_ok(rec["figures"][gi], figs[fi])
                       and unit_ok(rec["figures"][gi], figs[fi]))
        for gi, fi in pairs.items():
            g, f = rec["figures"][gi], figs[fi]
            ok = subject_ok(g, f)
            n_subj += ok
            n_subj_strict += subject_ok(g, f, strict=True)
            fig_fact[(aid, fi)] = g.get("fact_id") or ""
            if not ok:
                errors["subject"].append((aid, f["text"], f.get("subject"), f.get("measure"), g["subject"],
                                          g["measure"], f.get("sentence", "")[:90]))
        for gi, g in enumerate(rec["figures"]):
            if gi not in pairs:
                near = figs[by_text[gi]] if gi in by_text else None
                errors["missed"].append((aid, g["text"], g["value"], g["unit"],
                                         (near["text"], near["value"], near["unit"]) if near else None))
    members = defaultdict(list)
    for aid in gold:
        for fi, f in enumerate(figs_by[aid]):
            if f.get("claim_id"):
                members[f["claim_id"]].append((aid, fi))
    claims = [c for c in result["claims"] if any(a in gold for a, _ in members[c["claim_id"]])]
    good, recalled, wrong = 0, set(), []
    for c in claims:
        facts = [fig_fact.get(m) for m in members[c["claim_id"]] if m in fig_fact]
        ids = {f for f in facts if f}
        if len(ids) == 1 and all(facts) and len(facts) >= 2:
            good += 1
            recalled |= ids
        else:
            wrong.append((c["label"], [figs_by[a][fi]["text"] + "@" + a for a, fi in members[c["claim_id"]]], facts))
    fact_articles = defaultdict(set)
    for aid, rec in gold.items():
        for g in rec["figures"]:
            if g.get("fact_id"):
                fact_articles[g["fact_id"]].add(aid)
    shared = {f for f, arts in fact_articles.items() if len(arts) >= 2}
    absent = []
    for aid in gold:
        for f in figs_by[aid]:
            label = f"{f.get('subject') or ''} {f.get('measure') or ''}"
            bad = absent_names(label, texts.get(aid, ""), entities)
            if bad:
                absent.append((aid, f["text"], label, bad))
    for c in claims:
        for aid in {a for a, _ in members[c["claim_id"]]}:
            bad = absent_names(c["label"], texts.get(aid, ""), entities)
            if bad:
                absent.append((aid, "claim", c["label"], bad))
    errors["claims"] = wrong
    errors["absent"] = absent
    return {
        "gold figures": n_gold, "extracted figures": n_extracted,
        "figure recall": n_found / n_gold if n_gold else 0.0,
        "figure precision": n_found / n_extracted if n_extracted else 0.0,
        "value accuracy": n_value / n_text if n_text else 0.0,
        "subject accuracy": n_subj / n_found if n_found else 0.0,
        "subject accuracy (subject only)": n_subj_strict / n_found if n_found else 0.0,
        "claims": len(claims),
        "claim precision": good / len(claims) if claims else 0.0,
        "claim recall": len(recalled & shared) / len(shared) if shared else 0.0,
        "absent-entity subjects/claims": len(absent),
        "skipped files": len([s for s in result["skipped"] if "/articles/" in s]),
        "_errors": errors,
    }


TARGETS = {"figure recall": 0.95, "subject accuracy": 0.80, "claim precision": 0.90}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--errors", type=int, default=0, help="list up to N errors of each kind for this checkout")
    args = ap.parse_args()
    articles = BEATS / "articles"
    if args.child:
        print(json.dumps(run_version(Path(args.child), articles), ensure_ascii=False))
        return
    sys.path.insert(0, str(ROOT))
    gold = load_gold(BEATS / "gold")
    texts = {p.stem: _hans(p.read_text(encoding="utf-8")) for p in articles.glob("*.txt")}
    gold = {a: r for a, r in gold.items() if a in texts}
    entities = known_entities(gold)
    now = score(_child(ROOT), gold, texts, entities)
    prev = score(_child(head_checkout()), gold, texts, entities)
    n_shared = len({g["fact_id"] for r in gold.values() for g in r["figures"] if g.get("fact_id")})
    print(f"multi-beat gold: {len(gold)} articles, {now['gold figures']} gold figures, {n_shared} fact ids")
    print(f"{'metric':34s} {'previous (HEAD)':>16s} {'now':>10s}   target")
    for key in now:
        if key.startswith("_"):
            continue
        a, b = prev[key], now[key]
        fmt = (lambda v: f"{v:.3f}") if isinstance(b, float) else str
        target = ""
        if key in TARGETS:
            target = f">= {TARGETS[key]:.2f} {'ok' if b >= TARGETS[key] else 'MISSED'}"
        elif key.startswith("absent"):
            target = f"0 {'ok' if b == 0 else 'MISSED'}"
        print(f"{key:34s} {fmt(a):>16s} {fmt(b):>10s}   {target}")
    if args.errors:
        for kind, rows in now["_errors"].items():
            print(f"\n{kind} ({len(rows)}):")
            for row in rows[:args.errors]:
                print("  ", row)


if __name__ == "__main__":
    main()
