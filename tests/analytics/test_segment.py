"""The shared segmenter's memoised cuts equal jieba's own, and a word added later is never hidden by a memo."""
from __future__ import annotations

from pathlib import Path

import jieba
import jieba.posseg
import pytest

from analytics import segment

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def texts() -> list[str]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        out += [t for t in path.read_text(encoding="utf-8").replace("\n", "。").split("。") if t.strip()]
    return out[:400]


@pytest.fixture(scope="module")
def pair_of_tokenizers():
    """jieba's own tokenizer and this module's, over the same default dictionary."""
    plain, ours = jieba.Tokenizer(), segment._Tokenizer()
    plain.initialize()
    ours.initialize()
    return plain, ours


@pytest.mark.parametrize("hmm", [True, False])
def test_memoised_cut_equals_jieba_twice(texts, pair_of_tokenizers, hmm):
    plain, ours = pair_of_tokenizers
    want = [plain.lcut(t, HMM=hmm) for t in texts]
    assert [ours.lcut(t, HMM=hmm) for t in texts] == want  # computing
    assert [ours.lcut(t, HMM=hmm) for t in texts] == want  # from the memo
    assert ours._blocks


@pytest.mark.parametrize("hmm", [True, False])
def test_memoised_pos_cut_equals_jieba_twice(texts, pair_of_tokenizers, hmm):
    plain, ours = pair_of_tokenizers
    jp, op = jieba.posseg.POSTokenizer(plain), segment._POSTokenizer(ours)
    want = [[tuple(p) for p in jp.lcut(t, HMM=hmm)] for t in texts]
    assert [[tuple(p) for p in op.lcut(t, HMM=hmm)] for t in texts] == want
    assert [[tuple(p) for p in op.lcut(t, HMM=hmm)] for t in texts] == want


def test_words_is_lcut_of_the_shared_tokenizer(texts):
    for t in texts[:50]:
        assert list(segment.words(t)) == segment.tokenizer().lcut(t)
        assert segment.words(t) is segment.words(t)
    assert list(segment.words(texts[0], hmm=False)) == segment.tokenizer().lcut(texts[0], HMM=False)


def test_added_word_drops_every_memo():
    text = "蓝鲸智算发布了新的芯片"
    before_words, before_pos = segment.words(text), segment.pos_cut(text)
    assert "蓝鲸智算" not in before_words
    segment.add_words(["蓝鲸智算"], tag="nz")
    assert "蓝鲸智算" in segment.words(text)
    assert ("蓝鲸智算", "nz", 0, 4) in segment.pos_cut(text)
    assert "蓝鲸智算" in segment.tokenizer().lcut(text)
    assert "蓝鲸智算" in [p.word for p in segment.pos_tokenizer().cut(text)]
    assert before_pos != segment.pos_cut(text)


def test_a_segmenter_never_reuses_another_dictionarys_tagged_runs(texts):
    """Runs tagged by the shared segmenter with a pack's words once leaked into every other segmenter's
    cut (and a plain segmenter's runs into the shared one's): the memo is kept per segmenter."""
    from analytics import packs

    with packs.using(["ai2025"]):
        for t in texts:
            segment.pos_cut(t)
    plain, ours = jieba.Tokenizer(), segment._Tokenizer()
    plain.initialize()
    ours.initialize()
    jp, op = jieba.posseg.POSTokenizer(plain), segment._POSTokenizer(ours)
    assert [[tuple(p) for p in op.lcut(t)] for t in texts] == [[tuple(p) for p in jp.lcut(t)] for t in texts]
