"""The synthetic benchmark corpus: deterministic bytes, labelled synthetic, new sentences, never in seeds/."""
from __future__ import annotations

import csv
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from analytics import synth
from analytics.corpus import read_corpus
from analytics.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[2]


def _run(out: Path, hash_seed: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run([sys.executable, "-m", "analytics", "synth", "--articles", "6", "--seed", "7", "--out", str(out),
                    "--chars", "800"], cwd=ROOT, env=env, check=True, capture_output=True)
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_two_runs_write_identical_bytes(tmp_path):
    first, second = _run(tmp_path / "a", "1"), _run(tmp_path / "b", "2")
    assert len(first) == 7 and "manifest.csv" in first
    assert first == second


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return synth.write_corpus(12, seed=3, out=tmp_path_factory.mktemp("synth"), chars=1500)


def test_files_say_synthetic_and_read_as_articles(corpus):
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    assert len(texts) == 12
    assert all(t.splitlines()[0] == synth.HEADER for t in texts)
    read = read_corpus(corpus)
    assert not read.skipped and len(read.articles) == 12


def test_manifest_has_outlet_date_and_beat(corpus):
    with (corpus / "manifest.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["article_id", "outlet", "published", "beat"]
    assert [r["article_id"] for r in rows] == sorted(p.stem for p in corpus.glob("*.txt"))
    beats = {c.beat for c in synth.train()}
    for r in rows:
        assert r["outlet"] in synth.OUTLETS["Hans"] + synth.OUTLETS["Hant"]
        assert "2023-01-01" <= r["published"] <= "2025-12-31"
        assert r["beat"] in beats


def test_sentences_are_new(corpus):
    seen = set().union(*(c.seen for c in synth.train()))
    body = [s.text for p in corpus.glob("*.txt") for s in split_sentences(p.read_text(encoding="utf-8"))[3:]]
    copied = [s for s in body if s in seen]
    assert len(body) > 100
    assert len(copied) / len(body) < 0.05


def test_numbers_keep_their_shape():
    rng = random.Random(0)
    out = synth._vary_numbers("营收2.86亿元，增长41.3%，员工1,300人，2024年3月7日，型号R10，双11", rng)
    assert re.fullmatch(r"营收[1-9]\.\d\d亿元，增长[1-9]\d\.\d%，员工[1-9],\d{3}人，20(1[5-9]|2[0-5])年\d{1,2}月\d{1,2}日，"
                        r"型号R10，双11", out), out


def test_never_writes_into_seeds():
    with pytest.raises(ValueError, match="refusing"):
        synth.write_corpus(1, seed=0, out=synth.SEEDS / "synthetic")
    assert not (synth.SEEDS / "synthetic").exists()
