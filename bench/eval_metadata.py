"""Outlet, author and title detection against the multi-beat gold: the last commit's method vs this checkout.

New = ``pipeline.prepare_article`` of this checkout (what the articles table holds). Previous = the last
commit's ``clean.py`` and ``normalise_outlet`` (``git show HEAD:...``) on the same files. Names are compared
after Traditional->Simplified conversion, titles with runs of whitespace (full-width too) as one space; "same outlet" also accepts two names of one dictionary outlet
(中新网 / 中国新闻网). Authors compare as sets of names. The gold title is the file's first line.
``--errors`` lists the new method's misses. Loads every gold/*.jsonl present, so it grows with the corpus.
"""
from __future__ import annotations

import argparse
import importlib.util
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics import corpus, pipeline, voices  # noqa: E402
from analytics.clean import to_simplified  # noqa: E402

BEATS = ROOT / "tests" / "data" / "beats"


def load_gold(folder: Path) -> dict[str, dict]:
    """The gold records, read by the corpus's own validator (tests/data/beats/validate.py)."""
    sys.path.insert(0, str(ROOT / "tests" / "data" / "beats"))
    from validate import load_gold as read

    return read(folder)


def _head_module(src: str, name: str):
    """A file of the last commit, loaded as a module (None when the file is not committed)."""
    done = subprocess.run(["git", "show", f"HEAD:{src}"], cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        return None
    path = Path(tempfile.mkdtemp(prefix="prev_meta_")) / f"{name}.py"
    path.write_text(done.stdout, encoding="utf-8")
    data = subprocess.run(["git", "show", "HEAD:analytics/data/entities.json"], cwd=ROOT, capture_output=True, text=True)
    if not data.returncode:  # voices reads its dictionary from data/ beside the module
        (path.parent / "data").mkdir()
        (path.parent / "data" / "entities.json").write_text(data.stdout, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def _outlet_key(name: str) -> str:
    return voices.fold(name or "").replace(voices.UNKNOWN_OUTLET, "")


def same_outlet(pred: str, gold: str) -> bool:
    """The same outlet: equal names, or names the dictionary gives one English name."""
    if _outlet_key(pred) == _outlet_key(gold):
        return True
    if not pred or pred == voices.UNKNOWN_OUTLET or not gold:
        return False
    (p, p_en), (g, g_en) = voices.normalise_outlet(pred), voices.normalise_outlet(gold)
    return p_en == g_en and p_en != p


def _title(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _names(text: str) -> frozenset[str]:
    return frozenset(to_simplified(n) for n in re.split(r"[\s、,，/]+", text or "") if n)


def predictions(read, gold: dict, prev_clean, prev_voices) -> dict[str, dict[str, dict]]:
    out: dict[str, dict[str, dict]] = {"previous": {}, "new": {}}
    for art in read.articles:
        if art.article_id not in gold:
            continue
        p = pipeline.prepare_article(art)
        out["new"][art.article_id] = {k: p.article.get(k) or "" for k in ("outlet", "author", "title", "platform")}
        if prev_clean is not None:
            meta = prev_clean.clean_text(art.raw).meta
            norm = (prev_voices or voices).normalise_outlet(meta.get("outlet"))[0]
            out["previous"][art.article_id] = {"outlet": norm, "author": meta.get("author", ""),
                                               "title": meta.get("title", ""), "platform": meta.get("platform", "")}
    return {k: v for k, v in out.items() if v}


def score(pred: dict[str, dict], gold: dict[str, dict]) -> dict[str, list[bool]]:
    res: dict[str, list[bool]] = {"outlet (as stated)": [], "outlet (same outlet)": [], "outlet found": [],
                                  "author": [], "title": []}
    for aid, p in pred.items():
        g = gold[aid]
        outlet = "" if p["outlet"] == voices.UNKNOWN_OUTLET else p["outlet"]
        res["outlet (as stated)"].append(to_simplified(outlet) == to_simplified(g["outlet"]))
        res["outlet (same outlet)"].append(same_outlet(outlet, g["outlet"]))
        res["outlet found"].append(bool(outlet) == bool(g["outlet"]))
        res["author"].append(_names(p["author"]) == _names(g["author"]))
        res["title"].append(_title(p["title"]) == _title(g["title"]))
    return res


def bootstrap(hits: list[bool], n: int = 2000, seed: int = 0) -> tuple[float, float]:
    rng = random.Random(seed)
    stats = sorted(sum(rng.choices(hits, k=len(hits))) / len(hits) for _ in range(n))
    return stats[int(0.025 * n)], stats[int(0.975 * n) - 1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", default=str(BEATS / "articles"))
    ap.add_argument("--gold", default=str(BEATS / "gold"))
    ap.add_argument("--errors", action="store_true", help="list the new method's misses")
    ap.add_argument("--no-previous", action="store_true")
    args = ap.parse_args()
    gold = load_gold(Path(args.gold))
    read = corpus.read_corpus(args.corpus)
    prev_clean = prev_voices = None
    if not args.no_previous:
        prev_clean = _head_module("analytics/clean.py", "prev_clean")
        prev_voices = _head_module("analytics/voices.py", "prev_voices")
    preds = predictions(read, gold, prev_clean, prev_voices)
    n = len(preds["new"])
    beats = Counter(gold[a]["beat"] for a in preds["new"])
    print(f"multi-beat corpus: {n} gold-annotated articles in {len(beats)} beats; "
          f"{sum(1 for a in preds['new'] if gold[a]['outlet'])} state an outlet, "
          f"{sum(1 for a in preds['new'] if gold[a]['author'])} an author")
    scores = {name: score(p, gold) for name, p in preds.items()}
    names = list(scores)
    print(f"\n{'accuracy':<24}" + "".join(f"{k:>14}" for k in names) + f"{'new 95% CI':>18}")
    for metric in scores["new"]:
        row = "".join(f"{sum(scores[k][metric]) / max(1, len(scores[k][metric])):>14.3f}" for k in names)
        lo, hi = bootstrap(scores["new"][metric])
        print(f"{metric:<24}{row}{f'[{lo:.3f}, {hi:.3f}]':>18}")
    unknown = {k: sum(1 for p in preds[k].values() if p["outlet"] in ("", voices.UNKNOWN_OUTLET)) for k in names}
    print(f"{'outlet unknown (n)':<24}" + "".join(f"{unknown[k]:>14d}" for k in names))
    print("\nnew outlet accuracy (as stated) by beat:")
    for beat in sorted(beats):
        ids = [a for a in preds["new"] if gold[a]["beat"] == beat]
        ok = sum(to_simplified(preds["new"][a]["outlet"]) == to_simplified(gold[a]["outlet"]) for a in ids)
        print(f"  {beat:<12}{ok:>4}/{len(ids):<4}")
    if args.errors:
        print()
        for aid, p in sorted(preds["new"].items()):
            g = gold[aid]
            for field in ("outlet", "author", "title"):
                got = "" if p[field] == voices.UNKNOWN_OUTLET else p[field]
                same = (_names(got) == _names(g[field]) if field == "author"
                        else _title(to_simplified(got)) == _title(to_simplified(g[field])))
                if not same:
                    print(f"{aid:<16}{field:<8}gold={g[field]!r:<28} got={got!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
