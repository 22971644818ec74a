"""Exact, fast SnowNLP sentiment: the same segmenter and Bayes arithmetic, with table lookups.

SnowNLP spends almost all its time in the character-based generative segmenter (``y09_2047``), which
rebuilds tuple keys, copies whole tag paths for each of 64 transitions per character and recomputes
every log-probability.  Here the Viterbi search keeps SnowNLP's exact state order and strict ``>``
tie-breaking, stores back-pointers instead of paths, and memoises the log-probabilities per character
triple; the Bayes step memoises ``log(freq(word))``.  Every float is produced by the same operations
in the same order, so results are bit-for-bit equal to ``SnowNLP(text).sentiments``.

Many texts at once: ``batch_tag`` runs the same Viterbi over all unseen runs position by position with
numpy (same sums in the same order; only numpy's log may differ from ``math.log`` in the last bit, so
any run with a choice closer than ``TIE_EPS`` is re-tagged by the scalar code), and ``snownlp_scores``
splits many unseen texts over forked processes.  The segmentation, and so every score, stays exact.

Importing SnowNLP costs seconds (it unmarshals ~1.3M segmenter n-grams plus tagger and pinyin data).
When SnowNLP is not already imported, the segmenter tables come instead from a derived, memory-mapped
copy of SnowNLP's own ``seg.marshal`` (sorted keys, built once into a cache directory, keyed by the
model file's size and mtime) and only the n-gram blocks of characters actually met are read.
"""
from __future__ import annotations

import codecs
import gzip
import importlib.util
import marshal
import os
import re
import sys
from math import exp, log
from pathlib import Path
from types import SimpleNamespace

EMPTY_SCORE = 0.5
"""Score of an empty string (SnowNLP itself raises ZeroDivisionError on ``SnowNLP('')``)."""

_RE_ZH = re.compile("([\u4E00-\u9FA5]+)")
BATCH_MIN_TEXTS = 50
"""From this many unseen texts on, their runs are tagged together with numpy (``batch_tag``)."""
_NAMES = ("b", "m", "e", "s", "BOS")
_IDX = (0, 1, 2, 3)
_BOS_ONLY = (4,)


class _LiveBlock:
    """Entries of SnowNLP's own tuple-keyed n-gram dict for fixed characters, looked up by tag index."""

    __slots__ = ("d", "chars")

    def __init__(self, d: dict, chars: tuple[str, ...]) -> None:
        self.d, self.chars = d, chars

    def get(self, tags: tuple[int, ...], default: int = 0) -> int:
        return self.d.get(tuple((c, _NAMES[t]) for c, t in zip(self.chars, tags)), default)


class _LiveTable:
    """SnowNLP's loaded n-gram dict, served one character block at a time."""

    def __init__(self, d: dict) -> None:
        self.d = d

    def block(self, chars: tuple[str, ...]) -> _LiveBlock:
        return _LiveBlock(self.d, chars)


def _join(run: str, tags: list[str]) -> list[str]:
    """Words from b/m/e/s tags, joined exactly like ``snownlp.seg.Seg.seg``."""
    words: list[str] = []
    tmp = ""
    for ch, t in zip(run, tags):
        if t == "e":
            words.append(tmp + ch)
            tmp = ""
        elif t == "b" or t == "s":
            if tmp:
                words.append(tmp)
            tmp = ch
        else:
            tmp += ch
    if tmp:
        words.append(tmp)
    return words


class FastSegmenter:
    """SnowNLP's CharacterBasedGenerativeModel.tag + Seg.seg with memoised tables and back-pointers."""

    def __init__(self, model) -> None:
        self.model = model
        self.status = tuple(model.status)
        if self.status != _NAMES[:4]:
            raise ValueError(f"unexpected SnowNLP segmenter tags {self.status}")
        self._uni = model.uni.d
        self._bi = model.bi.d if hasattr(model.bi.d, "block") else _LiveTable(model.bi.d)
        self._tri = model.tri.d if hasattr(model.tri.d, "block") else _LiveTable(model.tri.d)
        self._uni_total = model.uni.total
        self._l1, self._l2, self._l3 = model.l1, model.l2, model.l3
        self._known: dict[str, bool] = {}
        self._lp: dict[tuple[str, str, str], list[float]] = {}
        self._pairs: dict[tuple[str, str], tuple] = {}
        self._bi_blocks: dict[tuple[str, str], object] = {}
        self._runs: dict[str, list[str]] = {}
        self._tables: BatchTables | None = None

    def trim(self, max_triples: int = 20_000) -> None:
        """Drop the memo tables once they grow past ``max_triples`` (about 1 KB each); results are unchanged."""
        if len(self._lp) > max_triples:
            for memo in (self._lp, self._pairs, self._bi_blocks):
                memo.clear()
        if len(self._runs) > 10 * max_triples:
            self._runs.clear()

    def _is_known(self, w: str) -> bool:
        known = self._known.get(w)
        if known is None:
            uni, total = self._uni, self._uni_total
            known = any(float(uni.get((w, s), 0)) / total != 0 for s in self.status)
            self._known[w] = known
        return known

    def _bi_block(self, c1: str, c2: str):
        key = (c1, c2)
        block = self._bi_blocks.get(key)
        if block is None:
            block = self._bi_blocks[key] = self._bi.block(key)
        return block

    def _pair(self, c2: str, c3: str) -> tuple[list[float], list[tuple[int, int]], list[float]]:
        """Per (c2, c3): log(uni + bi) at t2*5+s, the (t2, s) pairs seen in training, their uni+bi."""
        key = (c2, c3)
        got = self._pairs.get(key)
        if got is not None:
            return got
        uni_d, block = self._uni, self._bi_block(c2, c3)
        l1, l2, total = self._l1, self._l2, self._uni_total
        tags2 = _BOS_ONLY if c2 == "" else _IDX
        base = [0.0] * 25
        seen: list[tuple[int, int]] = []
        sums: list[float] = []
        neg_inf = float("-inf")
        u2s = [(t2, uni_d.get((c2, _NAMES[t2]), 0)) for t2 in tags2]
        for s in _IDX:
            uni = l1 * (float(uni_d.get((c3, _NAMES[s]), 0)) / total)
            for t2, u2 in u2s:
                b23 = block.get((t2, s), 0)
                tot = uni + (0 if u2 == 0 else float(l2 * b23) / u2)
                base[t2 * 5 + s] = neg_inf if tot == 0 else log(tot)
                if b23:
                    seen.append((t2, s))
                    sums.append(tot)
        got = (base, seen, sums)
        self._pairs[key] = got
        return got

    def _log_probs(self, c1: str, c2: str, c3: str) -> list[float]:
        """log_prob((c1,t1),(c2,t2),(c3,s)) at index t1*25+t2*5+s, computed as SnowNLP computes it.

        A trigram count can only be non-zero when the bigram (c2,t2),(c3,s) is, so only those
        entries get a trigram term; elsewhere SnowNLP adds an exact zero, which changes nothing.
        """
        key = (c1, c2, c3)
        table = self._lp.get(key)
        if table is not None:
            return table
        base, seen, sums = self._pair(c2, c3)
        table = base * 5
        if seen:
            l3 = self._l3
            b12s = self._bi_block(c1, c2)
            tri = self._tri.block(key)
            for t1 in (_BOS_ONLY if c1 == "" else _IDX):
                for (t2, s), tot in zip(seen, sums):
                    b12 = b12s.get((t1, t2), 0)
                    if b12:
                        tot = tot + float(l3 * tri.get((t1, t2, s), 0)) / b12
                        table[t1 * 25 + t2 * 5 + s] = float("-inf") if tot == 0 else log(tot)
        self._lp[key] = table
        return table

    def tag(self, data: str) -> list[str]:
        """Tags (b/m/e/s) for one run of Chinese characters, identical to SnowNLP's Viterbi.

        States are (previous tag, current tag) in SnowNLP's dict insertion order; a new state keeps
        the first strictly best predecessor, and an unknown character keeps the last one, as there.
        """
        # groups: current tag -> [(score, previous tag)] in SnowNLP's state insertion order
        groups: dict[int, list[tuple[float, int]]] = {4: [(0.0, 4)]}
        pointers: list[list[int]] = []
        prev_c, cur_c = "", ""
        for w in data:
            new_groups: dict[int, list[tuple[float, int]]] = {}
            back = [0] * 25
            if not self._is_known(w):
                for s in _IDX:
                    row = new_groups[s] = []
                    for t2, group in groups.items():
                        sc, t1 = group[-1]
                        row.append((sc, t2))
                        back[t2 * 5 + s] = t1
            else:
                lp = self._log_probs(prev_c, cur_c, w)
                for s in _IDX:
                    row = new_groups[s] = []
                    for t2, group in groups.items():
                        base = t2 * 5 + s
                        best, best_t1 = group[0]
                        best += lp[best_t1 * 25 + base]
                        for sc, t1 in group[1:]:
                            p = sc + lp[t1 * 25 + base]
                            if p > best:
                                best, best_t1 = p, t1
                        row.append((best, t2))
                        back[base] = best_t1
            pointers.append(back)
            groups = new_groups
            prev_c, cur_c = cur_c, w
        # final state: first maximum in insertion order (current tag major, previous tag minor)
        best_score, t_prev, t_cur = None, 4, 4
        for s, row in groups.items():
            for sc, t2 in row:
                if best_score is None or sc > best_score:
                    best_score, t_prev, t_cur = sc, t2, s
        tags = [""] * len(data)
        for i in range(len(data) - 1, -1, -1):
            tags[i] = _NAMES[t_cur]
            t_prev, t_cur = pointers[i][t_prev * 5 + t_cur], t_prev
        return tags

    def single_seg(self, run: str) -> list[str]:
        """Words of one Chinese run, joined from tags exactly like ``Seg.seg``."""
        words = self._runs.get(run)
        if words is None:
            words = self._runs[run] = _join(run, self.tag(run))
        return words

    def batch_tables(self) -> BatchTables:
        """The count tables as arrays for ``batch_tag`` (built on first use)."""
        if self._tables is None:
            self._tables = BatchTables.from_model(self.model)
        return self._tables

    def prepare(self, runs, chunk: int = 8192) -> int:
        """Segment every run not yet memoised with ``batch_tag`` (runs it cannot settle exactly go through
        ``tag``); later ``seg`` calls read the memo.  Returns how many runs needed the scalar tagger."""
        todo = sorted({r for r in runs if r not in self._runs}, key=len, reverse=True)
        scalar = 0
        for i in range(0, len(todo), chunk):
            part = todo[i:i + chunk]
            tags, unsure = batch_tag(self.batch_tables(), part)
            scalar += unsure
            for run, t in zip(part, tags):
                self._runs[run] = _join(run, self.tag(run) if t is None else [_NAMES[x] for x in t])
        return scalar

    def seg(self, sent: str) -> list[str]:
        """``snownlp.seg.seg``: Chinese runs through the model, other text split on whitespace."""
        words: list[str] = []
        for s in _RE_ZH.split(sent):
            s = s.strip()
            if not s:
                continue
            if _RE_ZH.match(s):
                words += self.single_seg(s)
            else:
                words.extend(w for w in (x.strip() for x in s.split()) if w)
        return words



# --- the same Viterbi over many runs at once ---------------------------------------------------------

TIE_EPS = 1e-7
"""numpy's log may differ from math.log in the last bit; a Viterbi choice closer than this is redone exactly."""


class BatchTables:
    """SnowNLP's segmenter counts as flat arrays for vectorised lookups (combined sorted keys)."""

    def __init__(self, uni: dict, bi_ck, bi_count, tri_ck, tri_count, l1: float, l2: float, l3: float,
                 total: float) -> None:
        import numpy as np

        self.uni = np.zeros((0x10000, 5), dtype=np.int64)
        for (ch, tag), n in uni.items():
            self.uni[ord(ch) if ch else 0, _NAMES.index(tag)] = n
        self.unif = self.uni.astype(np.float64)
        self.known = (self.unif[:, :4] / total != 0).any(axis=1)
        self.bi_ck, self.bi_count = bi_ck, bi_count
        self.tri_ck, self.tri_count = tri_ck, tri_count
        self.l1, self.l2, self.l3, self.total = l1, l2, l3, total

    @classmethod
    def from_model(cls, model) -> BatchTables:
        """Tables of a file-backed model (``_Blocks``) or of SnowNLP's live dicts."""
        import numpy as np

        parts = []
        for table, width in ((model.bi.d, 2), (model.tri.d, 3)):
            if isinstance(table, _Blocks):
                ck = table.keys.astype(np.int64) * 5 ** width + table.tags.astype(np.int64)
                parts += [ck, np.asarray(table.counts, dtype=np.int64)]
                continue
            rows = []
            for key, count in getattr(table, "d", table).items():
                packed = tag = 0
                for c, t in (_code(k) for k in key):
                    packed, tag = (packed << 16) | c, tag * 5 + t
                rows.append((packed * 5 ** width + tag, count))
            arr = np.asarray(sorted(rows), dtype=np.int64).reshape(-1, 2)
            parts += [arr[:, 0].copy(), arr[:, 1].copy()]
        return cls(model.uni.d, *parts, model.l1, model.l2, model.l3, model.uni.total)

    @staticmethod
    def _lookup(ck, counts, queries):
        import numpy as np

        pos = np.searchsorted(ck, queries)
        pos[pos >= len(ck)] = 0
        return np.where(ck[pos] == queries, counts[pos], 0)

    def bigram(self, ca, ta, cb, tb):
        """Counts of ((ca, ta), (cb, tb)); arrays broadcast together."""
        return self._lookup(self.bi_ck, self.bi_count, ((ca << 16) | cb) * 25 + ta * 5 + tb)

    def trigram(self, ca, ta, cb, tb, cc, tc):
        return self._lookup(self.tri_ck, self.tri_count, ((ca << 32) | (cb << 16) | cc) * 125 + ta * 25 + tb * 5 + tc)

    def log_probs(self, c1, c2, c3, t1s, t2s, b12):
        """SnowNLP's ``log_prob`` for every run at one position: [run, t1, t2, s] (numpy's log), with the
        bigram counts of (c2, t2), (c3, s) for the next position.  ``b12`` are this position's (c1, t1), (c2, t2)
        counts; the sums are formed in SnowNLP's order, so only the final log may differ in its last bit."""
        import numpy as np

        q4 = np.arange(4)
        uni = self.l1 * (self.unif[c3, :4] / self.total)                                   # [n, s]
        u2 = self.unif[c2[:, None], t2s[None, :]][:, :, None]                              # [n, t2, 1]
        b23 = self.bigram(c2[:, None, None], t2s[None, :, None], c3[:, None, None], q4[None, None, :])
        tot = uni[:, None, :] + np.where(u2 == 0, 0.0, (self.l2 * b23) / u2)              # [n, t2, s]
        tri = self.trigram(c1[:, None, None, None], t1s[None, :, None, None], c2[:, None, None, None],
                           t2s[None, None, :, None], c3[:, None, None, None], q4[None, None, None, :])
        b12f = b12[:, :, :, None].astype(np.float64)
        tot = tot[:, None, :, :] + np.where(b12f == 0, 0.0, (self.l3 * tri) / b12f)       # [n, t1, t2, s]
        return np.log(tot), b23


def _clear(top2, axis: int):
    """The best of two sorted values is unambiguous: the runner-up is -inf (exact either way) or far enough below."""
    import numpy as np

    lo, hi = np.take(top2, 0, axis=axis), np.take(top2, 1, axis=axis)
    return (lo == -np.inf) | (hi - lo >= TIE_EPS)


def batch_tag(tables: BatchTables, runs: list[str]) -> tuple[list[list[int] | None], int]:
    """Tag indices of many runs of Chinese characters, SnowNLP's Viterbi vectorised across runs.

    Runs are processed position by position (longest first); at each position every run's 64 transition
    log-probabilities come from array lookups.  A run where any choice (or the final maximum) is closer
    than TIE_EPS is returned as None so the caller tags it with the exact scalar code.
    Returns (tags per run, number of such runs).
    """
    import numpy as np

    if not runs:
        return [], 0
    order = sorted(range(len(runs)), key=lambda r: -len(runs[r]))
    lengths = np.asarray([len(runs[r]) for r in order])
    R, L = len(order), int(lengths[0])
    codes = np.zeros((R, L), dtype=np.int64)
    for row, r in enumerate(order):
        codes[row, :lengths[row]] = np.frombuffer(runs[r].encode("utf-16-le"), dtype=np.uint16)
    active = [int((lengths > i).sum()) for i in range(L)]
    q4, bos = np.arange(4), np.asarray([4])
    unsure = np.zeros(R, dtype=bool)
    final_scores = np.empty((R, 4, 4))
    final_t1 = np.empty((R, 4), dtype=np.int64)  # tag sets of the final state: prev tags
    backs: list[np.ndarray] = []
    S = np.zeros((R, 1, 1))  # S[run, prev tag, current tag] over the tag sets (t1s, t2s)
    b12 = np.ones((R, 1, 1), dtype=np.int64)
    t1s, t2s = bos, bos
    with np.errstate(divide="ignore", invalid="ignore"):
        for i in range(L):
            n = active[i]
            S, b12 = S[:n], b12[:n]
            c3 = codes[:n, i]
            c2 = codes[:n, i - 1] if i >= 1 else np.zeros(n, dtype=np.int64)
            c1 = codes[:n, i - 2] if i >= 2 else np.zeros(n, dtype=np.int64)
            if i == 0:
                b12 = tables.bigram(c1, 4, c2, 4)[:, None, None]
            lp, b23 = tables.log_probs(c1, c2, c3, t1s, t2s, b12)
            cand = S[:, :, :, None] + lp                                               # [n, t1, t2, s]
            best_i = cand.argmax(axis=1)                                               # first maximum
            new = np.take_along_axis(cand, best_i[:, None], axis=1)[:, 0]
            known = tables.known[c3]
            if len(t1s) > 1:
                unsure[:n] |= known & ~_clear(np.sort(cand, axis=1)[:, -2:], axis=1).all(axis=(1, 2))
            back = t1s[best_i].astype(np.int8)
            if not known.all():
                unk = ~known
                new[unk] = np.broadcast_to(S[unk, -1, :, None], (int(unk.sum()), len(t2s), 4))
                back[unk] = t1s[-1]
            backs.append(back)
            S, b12, t1s, t2s = new, b23, t2s, q4
            nxt = active[i + 1] if i + 1 < L else 0
            if nxt < n:  # runs ending here keep their final state
                final_scores[nxt:n, :len(t1s)] = S[nxt:n]
                final_t1[nxt:n, :len(t1s)] = t1s
    return _backtrack(order, lengths, active, backs, final_scores, final_t1, unsure)


def _backtrack(order, lengths, active, backs, final_scores, final_t1, unsure) -> tuple[list[list[int] | None], int]:
    """Best final state (first maximum, current tag major, previous tag minor), then back-pointers."""
    import numpy as np

    R, L = len(order), int(lengths[0])
    tags = np.zeros((R, L), dtype=np.int64)
    tp = np.empty(R, dtype=np.int64)
    tc = np.empty(R, dtype=np.int64)
    for width in (1, 4):
        rows = np.flatnonzero((lengths == 1) if width == 1 else (lengths > 1))
        if not len(rows):
            continue
        flat = np.transpose(final_scores[rows, :width], (0, 2, 1)).reshape(len(rows), -1)
        k = flat.argmax(axis=1)
        with np.errstate(invalid="ignore"):
            unsure[rows] |= ~_clear(np.sort(flat, axis=1)[:, -2:], axis=1)
        tc[rows], tp[rows] = k // width, final_t1[rows, 0] if width == 1 else (k % width)
    for i in range(L - 1, -1, -1):
        n = active[i]
        tags[:n, i] = tc[:n]
        back = backs[i]
        t2_index = tp[:n] if i >= 1 else np.zeros(n, dtype=np.int64)
        prev = back[np.arange(n), t2_index, tc[:n]]
        tc[:n], tp[:n] = tp[:n], prev
    out: list[list[int] | None] = [None] * R
    for row, r in enumerate(order):
        out[r] = None if unsure[row] else tags[row, :lengths[row]].tolist()
    return out, int(unsure.sum())


class FastBayes:
    """``snownlp.classification.bayes.Bayes.classify`` with memoised per-word log frequencies."""

    def __init__(self, bayes) -> None:
        self.classes = list(bayes.d)
        self._probs = [bayes.d[k] for k in self.classes]
        self._prior = [log(p.getsum()) - log(bayes.total) for p in self._probs]
        self._logf: list[dict[str, float]] = [{} for _ in self.classes]

    def classify(self, words: list[str]) -> tuple[str, float]:
        tmp = []
        for prior, prob, cache in zip(self._prior, self._probs, self._logf):
            acc = prior
            for word in words:
                lf = cache.get(word)
                if lf is None:
                    lf = log(prob.freq(word))
                    cache[word] = lf
                acc += lf
            tmp.append(acc)
        ret, best = 0, 0
        for i, k in enumerate(self.classes):
            now = 0
            try:
                for other in tmp:
                    now += exp(other - tmp[i])
                now = 1 / now
            except OverflowError:
                now = 0
            if now > best:
                ret, best = k, now
        return ret, best


class FastSentiment:
    """SnowNLP's sentiment pipeline (seg -> filter_stop -> Bayes) on fast parts, memoised per text."""

    def __init__(self, segger_model, bayes, stop: set[str]) -> None:
        self.segmenter = FastSegmenter(segger_model)
        self.bayes = FastBayes(bayes)
        self._stop = stop
        self._scores: dict[str, float] = {}

    def words(self, text: str) -> list[str]:
        """Words SnowNLP's sentiment classifier sees for ``text`` (segmented, stop words removed)."""
        return [w for w in self.segmenter.seg(text) if w not in self._stop]

    def score_many(self, texts: list[str]) -> list[float]:
        """``[self.score(t) for t in texts]``; the runs of unseen texts are first tagged together (``prepare``)."""
        todo = [t for t in dict.fromkeys(texts) if t and t not in self._scores]
        if len(todo) >= BATCH_MIN_TEXTS:
            self.segmenter.prepare(r for t in todo for r in _RE_ZH.findall(t))
        return [self.score(t) for t in texts]

    def score(self, text: str) -> float:
        if text == "":
            return EMPTY_SCORE
        got = self._scores.get(text)
        if got is None:
            ret, prob = self.bayes.classify(self.words(text))
            got = prob if ret == "pos" else 1 - prob
            self._scores[text] = got
        return got


# --- SnowNLP's model files without importing SnowNLP ------------------------------------------------

CACHE_FORMAT = "1"


def snownlp_dir() -> Path:
    """Installed SnowNLP package folder, found without importing (and so without loading) it."""
    spec = importlib.util.find_spec("snownlp")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("snownlp is not installed")
    return Path(list(spec.submodule_search_locations)[0])


def _read_marshal(path: Path) -> dict:
    """SnowNLP's own loader logic: gzip'd marshal, falling back to plain marshal."""
    try:
        with gzip.open(path, "rb") as f:
            return marshal.loads(f.read())
    except OSError:
        with open(path, "rb") as f:
            return marshal.loads(f.read())


def _code(key: tuple) -> tuple[int, int]:
    ch, tag = key
    return (ord(ch) if ch else 0), _NAMES.index(tag)


def build_seg_cache(marshal_path: Path, out_dir: Path) -> None:
    """Derive sorted-array tables from SnowNLP's segmenter model (counts copied exactly)."""
    import numpy as np

    d = _read_marshal(marshal_path)
    if tuple(d["status"]) != _NAMES[:4] or d["uni"]["none"] or d["bi"]["none"] or d["tri"]["none"]:
        raise ValueError("unexpected SnowNLP segmenter model layout")
    tmp = out_dir.with_name(out_dir.name + f".tmp{os.getpid()}")
    tmp.mkdir(parents=True, exist_ok=True)
    uni = [(*_code(k), v) for k, v in d["uni"]["d"].items()]
    np.save(tmp / "uni.npy", np.asarray(uni, dtype=np.int64).reshape(-1, 3))
    for name, width in (("bi", 2), ("tri", 3)):
        rows = []
        for key, count in d[name]["d"].items():
            codes = [_code(k) for k in key]
            if any(c > 0xFFFF for c, _ in codes):
                raise ValueError("segmenter model has characters outside the BMP")
            packed = tag = 0
            for c, t in codes:
                packed = (packed << 16) | c
                tag = tag * 5 + t
            rows.append((packed, tag, count))
        arr = np.asarray(rows, dtype=np.int64).reshape(-1, 3)
        arr = arr[np.lexsort((arr[:, 1], arr[:, 0]))]
        np.save(tmp / f"{name}_key.npy", arr[:, 0].copy())
        np.save(tmp / f"{name}_tag.npy", arr[:, 1].astype(np.int8))
        np.save(tmp / f"{name}_count.npy", arr[:, 2].copy())
    np.save(tmp / "scalars.npy", np.asarray([d["l1"], d["l2"], d["l3"], d["uni"]["total"]], dtype=np.float64))
    try:
        tmp.rename(out_dir)
    except OSError:  # another process finished first
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


class _Blocks:
    """SnowNLP's n-gram counts as sorted arrays; ``block(chars)`` gives {tag indices: count} for them."""

    def __init__(self, keys, tags, counts, width: int) -> None:
        self.keys, self.tags, self.counts, self.width = keys, tags, counts, width

    def block(self, chars: tuple[str, ...]) -> dict[tuple[int, ...], int]:
        packed = 0
        for ch in chars:
            packed = (packed << 16) | (ord(ch) if ch else 0)
        lo = int(self.keys.searchsorted(packed, "left"))
        hi = int(self.keys.searchsorted(packed, "right"))
        block = {}
        for tag, count in zip(self.tags[lo:hi].tolist(), self.counts[lo:hi].tolist()):
            idx = []
            for _ in range(self.width):
                tag, t = divmod(tag, 5)
                idx.append(t)
            block[tuple(reversed(idx))] = count
        return block


def cache_dir() -> Path:
    """Where derived tables live: $NARRATIVE_CACHE, else $XDG_CACHE_HOME or ~/.cache /narrative-dashboard."""
    root = os.environ.get("NARRATIVE_CACHE")
    if root:
        return Path(root)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "narrative-dashboard"


def file_segmenter_model(cache: Path | None = None):
    """SnowNLP's segmenter model as lazily read arrays (built into the cache on first use)."""
    import numpy as np

    src = snownlp_dir() / "seg" / "seg.marshal.3"
    st = src.stat()
    out = (cache or cache_dir()) / f"snownlp-seg-v{CACHE_FORMAT}-{st.st_size}-{st.st_mtime_ns}"
    if not (out / "scalars.npy").exists():
        try:
            build_seg_cache(src, out)
        except OSError:
            out = None
    if out is None:  # cache not writable: same tables, built in memory from the model file
        d = _read_marshal(src)
        return SimpleNamespace(status=tuple(d["status"]), l1=d["l1"], l2=d["l2"], l3=d["l3"],
                               uni=SimpleNamespace(d=d["uni"]["d"], total=d["uni"]["total"]),
                               bi=SimpleNamespace(d=d["bi"]["d"]), tri=SimpleNamespace(d=d["tri"]["d"]))
    load = lambda name: np.load(out / f"{name}.npy", mmap_mode="r").view(np.ndarray)  # noqa: E731
    uni = {(chr(c) if c else "", _NAMES[t]): n for c, t, n in np.load(out / "uni.npy").tolist()}
    l1, l2, l3, total = np.load(out / "scalars.npy").tolist()
    return SimpleNamespace(
        status=_NAMES[:4], l1=l1, l2=l2, l3=l3, uni=SimpleNamespace(d=uni, total=total),
        bi=SimpleNamespace(d=_Blocks(load("bi_key"), load("bi_tag"), load("bi_count"), 2)),
        tri=SimpleNamespace(d=_Blocks(load("tri_key"), load("tri_tag"), load("tri_count"), 3)),
    )


class _Prob:
    """The parts of SnowNLP's AddOneProb that classification reads."""

    def __init__(self, state: dict) -> None:
        self.d, self.total, self.none = state["d"], state["total"], state["none"]

    def getsum(self) -> float:
        return self.total

    def freq(self, key: str) -> float:
        return float(self.d.get(key, self.none)) / self.total


def file_bayes():
    """SnowNLP's shipped sentiment classifier, read from its model file."""
    d = _read_marshal(snownlp_dir() / "sentiment" / "sentiment.marshal.3")
    return SimpleNamespace(total=d["total"], d={k: _Prob(v) for k, v in d["d"].items()})


def file_stopwords() -> set[str]:
    """SnowNLP's stop words, read the way ``snownlp.normal`` reads them."""
    with codecs.open(str(snownlp_dir() / "normal" / "stopwords.txt"), "r", "utf-8") as fr:
        return {word.strip() for word in fr}


_default: FastSentiment | None = None
_default_ids: tuple = ()


def default_sentiment() -> FastSentiment:
    """The shared scorer: SnowNLP's live global models when SnowNLP is imported (so a retrained
    ``snownlp.sentiment`` is honoured), otherwise the same models read from SnowNLP's files."""
    global _default, _default_ids
    if "snownlp" in sys.modules:
        from snownlp import normal, seg, sentiment

        ids = ("live", id(seg.segger.segger), id(sentiment.classifier.classifier))
        if _default is None or ids != _default_ids:
            _default = FastSentiment(seg.segger.segger, sentiment.classifier.classifier, normal.stop)
            _default_ids = ids
    elif _default is None:
        _default = FastSentiment(file_segmenter_model(), file_bayes(), file_stopwords())
        _default_ids = ("file",)
    return _default


PARALLEL_MIN_TEXTS = 4000
"""Below this many unseen texts a second process costs more than it saves."""


def _score_part(texts: list[str]) -> list[float]:
    return default_sentiment().score_many(texts)


def _score_parallel(scorer: FastSentiment, texts: list[str], workers: int | None) -> None:
    """Score the unseen unique ``texts`` in forked processes (they inherit the loaded tables) into the memo."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if workers is None:
        from analytics.pipeline import default_workers

        workers = default_workers()
    todo = [t for t in dict.fromkeys(texts) if t and t not in scorer._scores]
    if (workers <= 1 or len(todo) < PARALLEL_MIN_TEXTS or "fork" not in multiprocessing.get_all_start_methods()
            or multiprocessing.current_process().daemon):  # a daemon (e.g. a dask worker) may not have children
        return
    scorer.segmenter.batch_tables()  # built once, before forking
    size = -(-len(todo) // workers)
    parts = [todo[i:i + size] for i in range(0, len(todo), size)]
    with ProcessPoolExecutor(len(parts), mp_context=multiprocessing.get_context("fork")) as ex:
        for part, scores in zip(parts, ex.map(_score_part, parts)):
            scorer._scores.update(zip(part, scores))


def snownlp_scores(texts: list[str], workers: int | None = None) -> list[float]:
    """``[SnowNLP(t).sentiments for t in texts]``, bit-for-bit, much faster; ``""`` scores 0.5.

    Each unique text is scored once; many unseen texts are split over ``workers`` forked processes
    (default: the pipeline's worker count, ``ANALYTICS_WORKERS``)."""
    scorer = default_sentiment()
    texts = list(texts)
    _score_parallel(scorer, texts, workers)
    out = scorer.score_many(texts)
    scorer.segmenter.trim()
    if len(scorer._scores) > 200_000:
        scorer._scores.clear()
    return out
