"""Entities and cited sources against the multi-beat gold: precision and recall, previous method vs now.

Runs the per-article pipeline stage in memory on tests/data/beats/articles, then the voices functions of
this checkout and of the last commit (``git show HEAD:analytics/voices.py``) on the same sentences; the new
method also gets each article's byline media (``voices.stated_media``: outlet, platform), which cleaning keeps
out of the sentences. A found name is correct when its name or an alias equals a gold name or alias of the
same article after Traditional->Simplified conversion and case folding. Byline reporters (the gold ``author``)
count neither way for entities: half the gold files list them as persons and half do not. ``--errors`` lists
misses and false finds.
"""
from __future__ import annotations

import argparse
import importlib.util
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics import corpus, pipeline, voices  # noqa: E402

BEATS = ROOT / "tests" / "data" / "beats"
TYPES = ("person", "org", "media", "place", "product", "work", "other")
fold = voices.fold


def load_gold(folder: Path) -> dict[str, dict]:
    """The gold records, read by the corpus's own validator (tests/data/beats/validate.py)."""
    sys.path.insert(0, str(ROOT / "tests" / "data" / "beats"))
    from validate import load_gold as read

    return read(folder)


def previous_voices():
    """The last commit's voices.py as a module, with the dictionary it shipped with."""
    tmp = Path(tempfile.mkdtemp(prefix="prev_voices_"))
    (tmp / "data").mkdir()
    for src, dst in (("analytics/voices.py", "prev_voices.py"), ("analytics/data/entities.json", "data/entities.json")):
        text = subprocess.run(["git", "show", f"HEAD:{src}"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        (tmp / dst).write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("prev_voices", tmp / "prev_voices.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["prev_voices"] = mod
    spec.loader.exec_module(mod)
    return mod


def predicted_entities(entities: pd.DataFrame, mentions: pd.DataFrame) -> dict[str, list[tuple[set[str], str, str]]]:
    """article -> [(folded names, type, display name)] of every entity found in it."""
    info = entities.set_index("entity_id")
    out: dict[str, list] = defaultdict(list)
    for (aid, eid), _ in mentions.groupby(["article_id", "entity_id"]):
        row = info.loc[eid]
        names = {fold(n) for n in [row["name"], *str(row["aliases"]).split("|")] if n}
        out[aid].append((names, row["type"], row["name"]))
    return out


def predicted_sources(citations: pd.DataFrame, entities: pd.DataFrame) -> dict[str, list[tuple[set[str], str, str]]]:
    aliases = dict(zip(entities["entity_id"], entities["aliases"]))
    out: dict[str, list] = defaultdict(list)
    for aid, g in citations.groupby("article_id"):
        for src, rows in g.groupby("source"):
            names = {fold(src)} | {fold(x) for x in rows["source_en"] if isinstance(x, str) and x}
            sid = rows["source_id"].iloc[0] if "source_id" in rows else ""
            names |= {fold(a) for a in str(aliases.get(sid, "")).split("|") if a}
            kind = rows["source_type"].iloc[0]
            out[aid].append((names, "org" if kind in {"organisation", "government"} else kind, src))
    return out


def gold_items(rec: dict, kind: str) -> list[tuple[set[str], str, str]]:
    ents = {fold(e["name"]): e for e in rec["entities"]}
    items = []
    for e in rec[kind]:
        names = {fold(e["name"])} | {fold(a) for a in e.get("aliases", [])}
        if kind == "sources" and fold(e["name"]) in ents:
            names |= {fold(a) for a in ents[fold(e["name"])].get("aliases", [])}
        items.append((names, e["type"], e["name"]))
    return items


def byline_names(rec: dict) -> set[str]:
    """Folded names of the article's byline reporters (gold ``author``)."""
    return {fold(a) for a in re.split(r"[\s、,，/|]+", rec.get("author", "")) if len(a) >= 2}


def score(pred: dict, gold: dict, kind: str, errors: list | None = None) -> dict:
    tp_p, n_p, tp_r, n_g = Counter(), Counter(), Counter(), Counter()
    for aid, rec in gold.items():
        g = gold_items(rec, kind)
        p = pred.get(aid, [])
        if kind == "entities":
            byline = byline_names(rec)
            g = [item for item in g if not item[0] & byline]
            p = [item for item in p if not item[0] & byline]
        gnames = set().union(*[n for n, _, _ in g]) if g else set()
        for names, t, disp in p:
            n_p[t] += 1
            if names & gnames:
                tp_p[t] += 1
            elif errors is not None:
                errors.append((aid, kind[:3], "false", t, disp))
        pnames = set().union(*[n for n, _, _ in p]) if p else set()
        for names, t, disp in g:
            n_g[t] += 1
            if names & pnames:
                tp_r[t] += 1
            elif errors is not None:
                errors.append((aid, kind[:3], "missed", t, disp))
    res = {"P": sum(tp_p.values()) / max(1, sum(n_p.values())), "R": sum(tp_r.values()) / max(1, sum(n_g.values())),
           "n_pred": sum(n_p.values()), "n_gold": sum(n_g.values())}
    for t in TYPES:
        res[f"P {t}"] = (tp_p[t] / n_p[t], n_p[t]) if n_p[t] else (float("nan"), 0)
        res[f"R {t}"] = (tp_r[t] / n_g[t], n_g[t]) if n_g[t] else (float("nan"), 0)
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", default=str(BEATS / "articles"))
    ap.add_argument("--gold", default=str(BEATS / "gold"))
    ap.add_argument("--errors", action="store_true", help="list false finds and misses of the new method")
    ap.add_argument("--no-previous", action="store_true")
    args = ap.parse_args()
    gold = load_gold(Path(args.gold))
    read = corpus.read_corpus(args.corpus)
    prepared = [pipeline.prepare_article(a) for a in read.articles if a.article_id in gold]
    gold = {p.article["article_id"]: gold[p.article["article_id"]] for p in prepared}
    sentences = pd.concat([p.sentences for p in prepared], ignore_index=True)
    methods = {}
    if not args.no_previous:
        prev = previous_voices()
        methods["previous"] = (prev.extract_entities(sentences), prev.extract_citations(sentences))
    outlets = {p.article["article_id"]: p.article["outlet"] for p in prepared}
    stated = {p.article["article_id"]: voices.stated_media(p.article) for p in prepared}
    methods["new"] = (voices.extract_entities(sentences, stated), voices.extract_citations(sentences, outlets))
    print(f"multi-beat corpus: {len(gold)} gold-annotated articles, {len(sentences)} sentences, "
          f"beats: {dict(sorted(Counter(r['beat'] for r in gold.values()).items()))}")
    results = {}
    errors: list = []
    for name, ((ents, ments), cites) in methods.items():
        results[name] = (score(predicted_entities(ents, ments), gold, "entities",
                               errors if name == "new" else None),
                         score(predicted_sources(cites, ents), gold, "sources", errors if name == "new" else None))
    names = list(results)
    print(f"\n{'':26}" + "".join(f"{n:>18}" for n in names))
    for label, i in (("entities", 0), ("cited sources", 1)):
        print(f"{label} (targets: {'P>=0.85 R>=0.70' if i == 0 else 'P>=0.90 R>=0.80'})")
        for k in ("P", "R"):
            print(f"  {k:<24}" + "".join(f"{results[n][i][k]:>18.3f}" for n in names))
        for k in ("n_pred", "n_gold"):
            print(f"  {k:<24}" + "".join(f"{results[n][i][k]:>18d}" for n in names))
        print(f"  {'per article (found/gold)':<24}" + "".join(
            f"{results[n][i]['n_pred'] / len(gold):>11.1f} / {results[n][i]['n_gold'] / len(gold):<4.1f}" for n in names))
        types = TYPES if i == 0 else ("person", "org", "media")
        for t in types:
            for k in ("P", "R"):
                key = f"{k} {t}"
                if key in results[names[-1]][i] and any(results[n][i][key][1] for n in names):
                    print(f"  {key:<24}" + "".join(
                        f"{results[n][i][key][0]:>11.3f} (n={results[n][i][key][1]:>3})" for n in names))
    if args.errors:
        print()
        for aid, kind, what, t, disp in sorted(errors):
            print(f"{aid:<16}{kind:<5}{what:<8}{t:<13}{disp}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
