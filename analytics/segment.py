"""One jieba segmenter per process: the dictionary loads once (about a second) and every module shares it.

The shared tokenizer carries the general user dictionary plus the words of any active domain pack;
words other modules need kept whole (a tone lexicon) are added with ``add_words``. Global jieba state
is never touched, so a caller's own jieba use is unaffected.
"""
from __future__ import annotations

import logging
import sys
import threading
import weakref
from functools import lru_cache
from math import log
from pathlib import Path

import jieba
import jieba.posseg
from jieba.posseg import pair

DATA = Path(__file__).parent / "data"
_LOCK = threading.Lock()
_LOADED: set[str] = set()
_MIN_FLOAT = -3.14e100
_MIN_INF = float("-inf")
_HMM_CUTS: dict[str, tuple[tuple[str, str], ...]] = {}
_POS_CUTS: dict[str, tuple[tuple[str, str, int, int], ...]] = {}
HMM_CACHE_SIZE = 200_000  # unknown-word runs (a few words each) kept per process; cleared whole when full
POS_CACHE_SIZE = 8_000  # tagged sentences kept per process (a chunk of 20 articles has ~800); cleared whole when full
BLOCK_CACHE_SIZE = 10_000  # Han runs per memo (a chunk of 20 articles has ~5,000); cleared whole when full
WORDS_CACHE_SIZE = 20_000  # segmented sentences kept per process by ``words``; cleared whole when full
_WORDS: dict[tuple[str, bool], tuple[str, ...]] = {}
_POS_BLOCKS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # segmenter's tokenizer -> its run memo


@lru_cache(maxsize=1)
def _incoming() -> dict[tuple, list[tuple[tuple, float]]]:
    """For each HMM state, the states with a transition into it and that transition's log probability."""
    into: dict[tuple, list[tuple[tuple, float]]] = {}
    for y0, nexts in jieba.posseg.trans_P.items():
        for y, p in nexts.items():
            into.setdefault(y, []).append((y0, p))
    return into


def _viterbi(obs: str) -> list[tuple]:
    """jieba.posseg's viterbi with the same arithmetic and tie-breaking, visiting only existing transitions
    (about 30 of 256 states) instead of every previous state."""
    states, start_p, trans_p, emit_p = (jieba.posseg.char_state_tab_P, jieba.posseg.start_P,
                                        jieba.posseg.trans_P, jieba.posseg.emit_P)
    into = _incoming()
    all_states = trans_p.keys()
    prev_v = {y: start_p[y] + emit_p[y].get(obs[0], _MIN_FLOAT) for y in states.get(obs[0], all_states)}
    paths: list[dict] = [dict.fromkeys(prev_v, "")]
    for ch in obs[1:]:
        prev = {x for x in paths[-1] if trans_p[x]}
        expect = {y for x in prev for y in trans_p[x]}
        obs_states = set(states.get(ch, all_states)) & expect or expect or all_states
        cur_v, cur_p = {}, {}
        for y in obs_states:
            em = emit_p[y].get(ch, _MIN_FLOAT)
            best = None
            for y0, tp in into.get(y, ()):
                if y0 in prev:
                    cand = (prev_v[y0] + tp + em, y0)
                    if best is None or cand > best:
                        best = cand
            if best is None:
                best = max((prev_v[y0] + trans_p[y0].get(y, _MIN_INF) + em, y0) for y0 in prev)
            cur_v[y], cur_p[y] = best
        prev_v = cur_v
        paths.append(cur_p)
    state = max((prev_v[y], y) for y in paths[-1])[1]
    route: list = [None] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = paths[i][state]
    return route


def _hmm_cut(block: str) -> tuple[tuple[str, str], ...]:
    """Words and tags of one run of unknown Han characters, as jieba's POS HMM cuts it (memoised)."""
    hit = _HMM_CUTS.get(block)
    if hit is not None:
        return hit
    route = _viterbi(block)
    out, begin, nexti = [], 0, 0
    for i, char in enumerate(block):
        pos, tag = route[i]
        if pos == "B":
            begin = i
        elif pos == "E":
            out.append((block[begin:i + 1], tag))
            nexti = i + 1
        elif pos == "S":
            out.append((char, tag))
            nexti = i + 1
    if nexti < len(block):
        out.append((block[nexti:], route[nexti][1]))
    if len(_HMM_CUTS) >= HMM_CACHE_SIZE:
        _HMM_CUTS.clear()
    _HMM_CUTS[block] = hit = tuple(out)
    return hit


class _POSTokenizer(jieba.posseg.POSTokenizer):
    """jieba's POS segmenter with its HMM step for unknown words memoised and faster (same output)."""

    def load_word_tag(self, f):
        """Copy the tags jieba read from its default dictionary at import instead of reading it again."""
        default = jieba.posseg.dt
        if self.tokenizer.dictionary == default.tokenizer.dictionary == jieba.DEFAULT_DICT \
                and default.word_tag_tab and not default.tokenizer.user_word_tag_tab:
            f.close()
            self.word_tag_tab = dict(default.word_tag_tab)
        else:
            super().load_word_tag(f)

    def _hmm_words(self, sentence):
        return (pair(w, f) for w, f in _hmm_cut(sentence))

    _POSTokenizer__cut = _hmm_words

    def __cut_DAG(self, sentence):
        return _pos_block(self, sentence, True)

    def __cut_DAG_NO_HMM(self, sentence):
        return _pos_block(self, sentence, False)


def _pos_block(seg: _POSTokenizer, block: str, hmm: bool):
    """Tagged words of one Han run (memoised per segmenter, whose dictionary decides the cut: the same run
    is tagged by several stages)."""
    memo = _POS_BLOCKS.setdefault(seg.tokenizer, {})
    hit = memo.get((block, hmm))
    if hit is None:
        cut = jieba.posseg.POSTokenizer._POSTokenizer__cut_DAG if hmm else \
            jieba.posseg.POSTokenizer._POSTokenizer__cut_DAG_NO_HMM
        hit = tuple((p.word, p.flag) for p in cut(seg, block))
        if len(memo) >= BLOCK_CACHE_SIZE:
            memo.clear()
        memo[(block, hmm)] = hit
    return [pair(w, f) for w, f in hit]


class _Tokenizer(jieba.Tokenizer):
    """jieba's tokenizer with its word graph and best path computed in fewer steps (same results):
    one dictionary lookup per prefix, no generator for the many positions with a single candidate; the
    graph, best path and words of each Han run are memoised, and every memo is dropped when a word is added."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._blocks: dict[tuple[str, bool], tuple[str, ...]] = {}
        self._dags: dict[str, dict[int, list[int]]] = {}  # word graph and best path of each Han run, shared by
        self._routes: dict[str, dict[int, tuple]] = {}  # plain and POS cuts with and without HMM

    def add_word(self, word, freq=None, tag=None):
        super().add_word(word, freq, tag)
        self._blocks.clear()
        self._dags.clear()
        self._routes.clear()
        _forget_cuts()

    def __cut_DAG(self, sentence):
        return self._block(sentence, True)

    def __cut_DAG_NO_HMM(self, sentence):
        return self._block(sentence, False)

    def _block(self, block: str, hmm: bool) -> tuple[str, ...]:
        hit = self._blocks.get((block, hmm))
        if hit is None:
            cut = jieba.Tokenizer._Tokenizer__cut_DAG if hmm else jieba.Tokenizer._Tokenizer__cut_DAG_NO_HMM
            hit = tuple(cut(self, block))
            if len(self._blocks) >= BLOCK_CACHE_SIZE:
                self._blocks.clear()
            self._blocks[(block, hmm)] = hit
        return hit

    def get_DAG(self, sentence):
        hit = self._dags.get(sentence)
        if hit is not None:
            return hit
        self.check_initialized()
        freq = self.FREQ
        n = len(sentence)
        dag = {}
        for k in range(n):
            ends = []
            i = k
            f = freq.get(sentence[k])
            while f is not None:
                if f:
                    ends.append(i)
                i += 1
                if i >= n:
                    break
                f = freq.get(sentence[k:i + 1])
            dag[k] = ends or [k]
        if len(self._dags) >= BLOCK_CACHE_SIZE:
            self._dags.clear()
        self._dags[sentence] = dag
        return dag

    def calc(self, sentence, DAG, route):
        hit = self._routes.get(sentence)
        if hit is not None and self._dags.get(sentence) is DAG:
            route.update(hit)
            return
        n = len(sentence)
        route[n] = (0, 0)
        logtotal = log(self.total)
        freq = self.FREQ
        for idx in range(n - 1, -1, -1):
            ends = DAG[idx]
            if len(ends) == 1:
                x = ends[0]
                route[idx] = (log(freq.get(sentence[idx:x + 1]) or 1) - logtotal + route[x + 1][0], x)
            else:
                route[idx] = max([(log(freq.get(sentence[idx:x + 1]) or 1) - logtotal + route[x + 1][0], x)
                                  for x in ends])
        if self._dags.get(sentence) is DAG:
            if len(self._routes) >= BLOCK_CACHE_SIZE:
                self._routes.clear()
            self._routes[sentence] = route


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """The process's jieba tokenizer, initialised once with the general user dictionary."""
    jieba.setLogLevel(logging.WARNING)
    tok = _Tokenizer()
    with _LOCK:
        tok.initialize()
        general = DATA / "userdict.txt"
        if general.exists():
            tok.load_userdict(str(general))
        _add_section_words(tok)
    return tok


def _add_section_words(tok: jieba.Tokenizer, freq: int = 2000) -> None:
    """The news-section words (themes' prior) that jieba would break into single characters (营收, 房企)
    kept whole from the start, so every analysis in a process segments alike; words it already splits
    into whole words (市值 + 蒸发) are left as they are."""
    import json

    path = DATA / "news_sections.json"
    if not path.exists():
        return
    for sec in json.loads(path.read_text(encoding="utf-8"))["sections"].values():
        for w in sec["words"]:
            if len(w) < 2 or tok.FREQ.get(w, 0) >= freq:
                continue
            pieces = tok.lcut(w, HMM=False)
            if len(pieces) > 1 and all(len(p) > 1 for p in pieces):
                continue  # already segmented into whole words (市值 + 蒸发): leave the dictionary alone
            tok.add_word(w, freq=freq)


@lru_cache(maxsize=1)
def pos_tokenizer() -> jieba.posseg.POSTokenizer:
    """Part-of-speech segmenter over the same dictionary (nr person, ns place, nt organisation, nz other)."""
    return _POSTokenizer(tokenizer())


def pos_cut(text: str) -> tuple[tuple[str, str, int, int], ...]:
    """(word, flag, start, end) of one text by the POS segmenter with HMM, computed once per text and
    shared by every stage that tags the same sentence (entities, citations, candidates)."""
    hit = _POS_CUTS.get(text)
    if hit is not None:
        return hit
    out, pos = [], 0
    for p in pos_tokenizer().cut(text):
        out.append((sys.intern(p.word), p.flag, pos, pos + len(p.word)))
        pos += len(p.word)
    if len(_POS_CUTS) >= POS_CACHE_SIZE:
        _POS_CUTS.clear()
    _POS_CUTS[text] = hit = tuple(out)
    return hit


def words(text: str, hmm: bool = True) -> tuple[str, ...]:
    """The shared segmenter's words of one text, as ``tokenizer().lcut(text, HMM=hmm)`` gives them, computed
    once per text and process: stages that segment the same sentence call this and share the result."""
    key = (text, hmm)
    hit = _WORDS.get(key)
    if hit is None:
        hit = tuple(tokenizer().cut(text, HMM=hmm))
        if len(_WORDS) >= WORDS_CACHE_SIZE:
            _WORDS.clear()
        _WORDS[key] = hit
    return hit


def _forget_cuts() -> None:
    """Drop the memoised sentence and run cuts (whenever the dictionary changes, so none goes stale; the
    HMM cuts of unknown runs do not depend on the dictionary and stay)."""
    _WORDS.clear()
    _POS_CUTS.clear()
    _POS_BLOCKS.clear()


def add_userdict(path: Path | str) -> None:
    """Load a domain pack's user dictionary into the shared segmenter once (see analytics.packs)."""
    key = str(Path(path).resolve())
    if key in _LOADED:
        return
    tok = tokenizer()
    with _LOCK:
        tok.load_userdict(key)
        _LOADED.add(key)
        _POS_CUTS.clear()


def add_words(words, freq: int = 5000, tag: str | None = None) -> None:
    """Keep ``words`` whole in the shared segmenter (idempotent; frequency never lowered)."""
    tok = tokenizer()
    with _LOCK:
        for w in words:
            w = str(w)
            if len(w) > 1 and tok.FREQ.get(w, 0) < freq:
                tok.add_word(w, freq=freq, tag=tag)
                _POS_CUTS.clear()


def word_freq(word: str) -> int:
    """jieba's dictionary frequency of a (Simplified) word, 0 when unknown."""
    return tokenizer().FREQ.get(word, 0)
