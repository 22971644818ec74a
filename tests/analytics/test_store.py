"""The DuckDB store: build from seeds, incremental refresh, atomic writes, corrections, CLI."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analytics import store

ROOT = Path(__file__).resolve().parents[2]
ANNOTATION = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


@pytest.fixture(scope="module")
def built(tmp_path_factory, seeds_dir):
    corpus = tmp_path_factory.mktemp("corpus")
    for p in seeds_dir.iterdir():
        shutil.copy(p, corpus / p.name)
    db = tmp_path_factory.mktemp("db") / "store.duckdb"
    report = store.build(corpus, db, progress=False)
    return corpus, db, report


def test_build_lists_seed_articles_with_metadata(built):
    _, db, report = built
    assert report.n_articles == 5 and not report.skipped and len(report.recomputed) == 5
    arts = store.load_tables(db, ["articles"])["articles"].set_index("article_id")
    assert list(arts.index) == sorted(arts.index)
    assert arts.loc["001_560071857a4b2ae7", "outlet"] == "21世纪经济报道"
    assert arts.loc["003_d2088688d25f1d74", "outlet"] == "观察者网"
    assert arts.loc["002_3d66f2828f3f3986", "outlet"] == "科技袁人"
    assert arts.loc["004_36209b51bb99cd19", "platform"] == "网易号"
    assert arts.loc["003_d2088688d25f1d74", "title"].startswith("美國AI專家")
    assert arts.loc["003_d2088688d25f1d74", "headline"] == arts.loc["003_d2088688d25f1d74", "title"]
    assert arts.loc["000_3678986a53d0ea4e", "title"] in ("", None)
    assert arts.loc["000_3678986a53d0ea4e", "headline"].startswith("美國知名媒體CNBC近日以")
    assert dict(arts["script"]) == {
        "000_3678986a53d0ea4e": "Hant", "001_560071857a4b2ae7": "Hant", "002_3d66f2828f3f3986": "Hans",
        "003_d2088688d25f1d74": "Hant", "004_36209b51bb99cd19": "Hans"}
    assert (arts["n_sentences"] > 20).all()
    assert set(arts["tone_label"]) <= {"pos", "neu", "neg"}


def test_sentences_are_clean_and_complete(built):
    _, db, _ = built
    s = store.load_tables(db, ["sentences"])["sentences"]
    joined = "\n".join(s["text"])
    for junk in ("</p>", "/p>", "2025-01-28 16:22", "相關推薦", "相關(guān)推薦", "特别声明", "Notice:", "全文完",
                 "qiqian@guancha.cn", "近期爆文", "21世紀經濟報道記者孔海麗"):
        assert junk not in joined, junk
    assert not ANNOTATION.search(joined)
    assert joined.count("有时候几十年里什么都没发生") == 1
    last_lines = {
        "000_3678986a53d0ea4e": "美國必須贏得與中國的AI戰爭",
        "001_560071857a4b2ae7": "前面有無限可能",
        "002_3d66f2828f3f3986": "无论他们身处何地或经济起点如何",
        "004_36209b51bb99cd19": "但它也是阶段性的",
    }
    for aid, tail in last_lines.items():
        assert tail in "".join(s.loc[s["article_id"] == aid, "text"]), aid
    assert s[["snownlp", "tone", "tone_label"]].notna().all().all()
    assert s["tone"].between(-1, 1).all()
    assert s.groupby("article_id")["sentence_idx"].apply(lambda x: list(x) == list(range(len(x)))).all()


def test_held_out_tone_labels_are_the_sentences_the_pipeline_produces(built):
    _, db, _ = built
    s = store.load_tables(db, ["sentences"])["sentences"]
    labels = pd.read_csv(ROOT / "analytics" / "data" / "tone_seed_heldout.csv")
    joined = labels.merge(s, on=["article_id", "sentence_idx"], how="left", suffixes=("", "_store"))
    assert (joined["text"] == joined["text_store"]).all(), joined.loc[joined["text"] != joined["text_store"], "text"]


def test_offsets_index_into_the_cleaned_text(built):
    _, db, _ = built
    t = store.load_tables(db, ["sentences", "article_texts"])
    texts = t["article_texts"].set_index("article_id")["text"]
    for row in t["sentences"].itertuples():
        assert texts[row.article_id][row.start:row.end] == row.text


def test_unchanged_corpus_is_not_rebuilt_and_changed_article_alone_recomputed(built, tmp_path):
    corpus, db, _ = built
    db2 = tmp_path / "s.duckdb"
    shutil.copy(db, db2)
    again = store.build(corpus, db2, progress=False)
    assert not again.rebuilt
    forced = store.build(corpus, db2, progress=False, force=True)
    assert forced.reused == sorted(forced.reused) and len(forced.reused) == 5 and not forced.recomputed
    c2 = tmp_path / "corpus"
    shutil.copytree(corpus, c2)
    p = c2 / "004_36209b51bb99cd19.txt"
    first, rest = p.read_text(encoding="utf-8").split("\n", 1)
    p.write_text(first + "\n新增的一句话，英伟达股价反弹。\n" + rest, encoding="utf-8")
    changed = store.build(c2, db2, progress=False)
    assert changed.recomputed == ["004_36209b51bb99cd19"] and len(changed.reused) == 4
    s = store.load_tables(db2, ["sentences"])["sentences"]
    assert "新增的一句话，英伟达股价反弹。" in set(s["text"])


def test_failed_build_leaves_previous_store_intact(built, tmp_path, monkeypatch):
    corpus, db, _ = built
    db2 = tmp_path / "s.duckdb"
    shutil.copy(db, db2)
    before = store.load_tables(db2, ["articles"])["articles"]

    def boom(*a, **k):
        raise RuntimeError("disk full halfway")

    monkeypatch.setattr(store.pipeline, "analyse", boom)
    with pytest.raises(RuntimeError):
        store.build(corpus, db2, progress=False, force=True)
    pd.testing.assert_frame_equal(store.load_tables(db2, ["articles"])["articles"], before)
    assert [p.name for p in tmp_path.iterdir()] == ["s.duckdb"]


def test_article_whose_file_turns_unreadable_keeps_its_stored_version(built, tmp_path):
    corpus, db, _ = built
    db2 = tmp_path / "s.duckdb"
    shutil.copy(db, db2)
    before = store.load_tables(db2, ["sentences"])["sentences"]
    c2 = tmp_path / "corpus"
    shutil.copytree(corpus, c2)
    (c2 / "002_3d66f2828f3f3986.txt").write_bytes(bytes(range(256)) * 8)
    (c2 / "004_36209b51bb99cd19.txt").unlink()
    report = store.build(c2, db2, progress=False)
    assert [str(s) for s in report.skipped] == [
        f"skipped {c2 / '002_3d66f2828f3f3986.txt'}: binary content, not text; "
        "kept the version stored earlier (002_3d66f2828f3f3986)"]
    assert report.kept == ["002_3d66f2828f3f3986"] and report.n_articles == 4
    after = store.load_tables(db2, ["sentences"])["sentences"]
    assert set(after["article_id"]) == set(before["article_id"]) - {"004_36209b51bb99cd19"}
    old = before[before["article_id"] == "002_3d66f2828f3f3986"]["text"].tolist()
    assert after[after["article_id"] == "002_3d66f2828f3f3986"]["text"].tolist() == old
    again = store.build(c2, db2, progress=False)
    assert not again.rebuilt and "kept the version stored earlier" in str(again.skipped[0])


def test_corrections_override_and_survive_rebuilds(built, tmp_path):
    corpus, db, _ = built
    db2 = tmp_path / "s.duckdb"
    shutil.copy(db, db2)
    s = store.load_tables(db2, ["sentences"])["sentences"]
    row = s[s["article_id"] == "001_560071857a4b2ae7"].iloc[2]
    new = "neg" if row["tone_label"] != "neg" else "pos"
    store.record_correction(db2, row["article_id"], int(row["sentence_idx"]), new)
    with pytest.raises(ValueError):
        store.record_correction(db2, row["article_id"], 0, "bad")

    def label() -> str:
        s2 = store.load_tables(db2, ["sentences"])["sentences"]
        hit = s2[(s2["article_id"] == row["article_id"]) & (s2["text"] == row["text"])].iloc[0]
        assert bool(hit["corrected"])
        return hit["tone_label"]

    assert label() == new
    store.build(corpus, db2, progress=False, force=True)
    assert label() == new


def test_cli_export_and_skips(tmp_path, built):
    corpus, db, _ = built
    run = lambda *a: subprocess.run([sys.executable, "-m", "analytics", *a], capture_output=True, text=True, cwd=ROOT)
    out = run("export", "articles", "--corpus", str(corpus), "--db", str(db), "--format", "json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert {r["article_id"] for r in rows} == {p.stem for p in corpus.glob("*.txt")}
    assert all({"outlet", "script", "n_sentences", "tone_mean", "tone_label"} <= r.keys() for r in rows)
    csv_path = tmp_path / "s.csv"
    out = run("export", "sentences", "--corpus", str(corpus), "--db", str(db), "-o", str(csv_path))
    assert out.returncode == 0 and csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    bad = run("export", "nonsense", "--corpus", str(corpus), "--db", str(db))
    assert bad.returncode == 2 and "'nonsense'" in bad.stderr

    mixed = tmp_path / "mixed"
    mixed.mkdir()
    (mixed / "empty.txt").write_bytes(b"")
    (mixed / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (mixed / "gbk.txt").write_bytes("英伟达股价暴跌百分之十七，市值蒸发近六千亿美元。深度求索震撼硅谷。".encode("gbk"))
    (mixed / "big5.txt").write_bytes("美國對華半導體制裁已經失敗。深度求索的開源模型震撼全球。".encode("big5"))
    out = run("build", "--corpus", str(mixed), "--db", str(tmp_path / "m.duckdb"))
    assert out.returncode == store_exit_skipped()
    assert "skipped" in out.stderr and "empty.txt: empty file" in out.stderr and "binary.txt: binary" in out.stderr
    s = store.load_tables(tmp_path / "m.duckdb", ["sentences"])["sentences"]
    assert set(s["article_id"]) == {"gbk", "big5"}
    assert "美國對華半導體制裁已經失敗。" in set(s["text"])


def store_exit_skipped() -> int:
    from analytics.cli import EXIT_SKIPPED

    return EXIT_SKIPPED


def test_bare_export_refreshes_the_stores_own_corpus_not_seeds(tmp_path, built):
    corpus, db, _ = built
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(corpus / "002_3d66f2828f3f3986.txt", other / "mine.txt")
    db2 = tmp_path / "s.duckdb"
    store.build(other, db2, progress=False)
    assert store.default_corpus(db2) == other.resolve()
    assert store.default_corpus(tmp_path / "none.duckdb") == store.DEFAULT_CORPUS
    run = lambda *a: subprocess.run([sys.executable, "-m", "analytics", *a], capture_output=True, text=True, cwd=ROOT)
    out = run("export", "articles", "--db", str(db2), "--format", "json")
    assert out.returncode == 0, out.stderr
    assert [r["article_id"] for r in json.loads(out.stdout)] == ["mine"]
    bad = run("correct", "--db", str(db2), "nosuch", "1", "neg")
    assert bad.returncode == 2 and bad.stderr.strip() == f"error: no sentence nosuch#1 in {db2}"
    assert "Building prefix dict" not in out.stderr + bad.stderr
