"""Narratives: topic clusters over sentences, from jieba tokens and TF-IDF (scikit-learn).

Sentences are clustered on their Simplified text so Traditional and Simplified copies meet in
one vocabulary; topics are labelled from their top terms and shown in either script.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import jieba
import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.decomposition import NMF, TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

from analytics import clean, segment

DATA = Path(__file__).parent / "data"
METHODS = ("nmf", "kmeans", "agglomerative")
UNASSIGNED = -1
UNASSIGNED_LABEL = "unassigned"

_SYNONYMS = {  # general news vocabulary; a story's own synonyms live in its pack (packs/<name>/narratives.json)
    "首席执行官": "ceo",
    "ai": "人工智能",
    "亿美元": "美元",
    "万美元": "美元",
}


@lru_cache(maxsize=8)
def _pack_vocabulary(active: tuple[str, ...]) -> tuple[list, dict, dict]:
    """Spellings, synonyms and display forms from the active domain packs' narratives.json."""
    from analytics import packs

    spellings, synonyms, display = [], {}, {}
    for name in active:
        path = packs.pack_dir(name) / "narratives.json"
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            spellings += [(re.compile(p, re.I), sp) for p, sp in data.get("spellings", [])]
            synonyms.update(data.get("synonyms", {}))
            display.update(data.get("display", {}))
    return spellings, synonyms, display


def _vocabulary() -> tuple[list, dict, dict]:
    from analytics import packs

    return _pack_vocabulary(packs.active())
_NUMERALS = "0-9０-９.,，%％零〇一二两三四五六七八九十百千万亿几数多余"
_NUMBER = re.compile(
    rf"^第?[{_NUMERALS}]+(?:年代|年|月份|月|日|号|点|时|分钟|分|秒|小时|倍|个|块|张|名|家|位|天|周|世纪|代|次|成|项|届|人)?$"
)
_CURRENCY = re.compile(rf"^[{_NUMERALS}]*(美元|人民币|欧元|港元|日元)$")
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "一月 二月 三月 四月 五月 六月 七月 八月 九月 十月 十一月 十二月 正月 腊月 "
    "周一 周二 周三 周四 周五 周六 周日 周末 星期一 星期二 星期三 星期四 星期五 星期六 星期日 星期天".split()
)
_HAS_WORD = re.compile(r"[a-z\u4e00-\u9fff]")


def _tokenizer() -> jieba.Tokenizer:
    """The shared segmenter (analytics.segment): one dictionary load per process."""
    return segment.tokenizer()


@lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    """User-dictionary entries tagged as names (nr, ns, nt, nz): never split into parts."""
    rows = (line.split() for line in (DATA / "userdict.txt").read_text(encoding="utf-8").splitlines())
    return frozenset(r[0].lower() for r in rows if len(r) == 3 and r[2] in {"nr", "ns", "nt", "nz"})


@lru_cache(maxsize=4096)
def _parts(word: str) -> tuple[str, ...]:
    """Two dictionary words a compound like 出口管制 or 半导体制裁 is made of, so related terms share them."""
    if len(word) < 4 or word in _names() or not re.fullmatch(r"[\u4e00-\u9fff]+", word):
        return ()
    freq = _tokenizer().FREQ
    splits = [(min(freq.get(word[:i], 0), freq.get(word[i:], 0)), i) for i in range(2, len(word) - 1)]
    best, i = max(splits)
    return (word[:i], word[i:]) if best > 0 else ()


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Chinese (and a few English) stop words from analytics/data/stopwords_zh.txt."""
    lines = (DATA / "stopwords_zh.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip())


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    """Words every beat uses (市场, 公司, 亿元): demoted when naming topics and themes."""
    lines = (DATA / "generic_news_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def whole_words(texts_hans: Iterable[str]) -> set[str]:
    """Vocabulary forms of the words jieba segments whole in ``texts_hans`` (no compound parts)."""
    return whole_tokens(tokenize(str(text)) for text in texts_hans)


def whole_tokens(token_lists: Iterable[list[str]]) -> set[str]:
    """Whole words in ``tokenize`` output: each compound there is followed by its parts, which are
    skipped, so labels need no second segmentation of the text."""
    out: set[str] = set()
    memo = _memo()
    for toks in token_lists:
        i = 0
        while i < len(toks):
            out.add(toks[i])
            i += 1 + len(_part_tokens(toks[i], memo))
    return out


class _Memo:
    """Token -> vocabulary form and compound -> normalised parts, for one state of the active packs."""

    def __init__(self, active: tuple[str, ...]):
        self.active = active
        self.spellings, self.synonyms, _ = _pack_vocabulary(active)
        self.norm: dict[str, str | None] = {}
        self.parts: dict[str, tuple[str, ...]] = {}


_MEMO: list[_Memo] = []
_MEMO_LIMIT = 500_000  # distinct tokens remembered before the memo starts afresh (bounded memory)


def _memo() -> _Memo:
    """The memo of the active packs (a new one when the packs change or it grows past its limit)."""
    from analytics import packs

    active = packs.active()
    if not _MEMO or _MEMO[0].active != active or len(_MEMO[0].norm) > _MEMO_LIMIT:
        _MEMO[:] = [_Memo(active)]
    return _MEMO[0]


def _normalise(token: str) -> str | None:
    """Canonical vocabulary form of one jieba token, or None when it carries no topic."""
    return _normalise_with(token, _vocabulary()[1])


def _normalise_with(token: str, synonyms: dict) -> str | None:
    tok = token.strip().lower()
    currency = _CURRENCY.match(tok)
    if currency:
        tok = currency.group(1)
    tok = _SYNONYMS.get(tok, tok)
    tok = synonyms.get(tok, tok)
    if len(tok) < 2 or not _HAS_WORD.search(tok):
        return None
    if _NUMBER.match(tok) or tok in _MONTHS or tok in stopwords():
        return None
    return tok


def _part_tokens(norm: str, memo: _Memo) -> tuple[str, ...]:
    """Normalised parts a compound token adds after itself (memoised)."""
    parts = memo.parts.get(norm)
    if parts is None:
        parts = memo.parts[norm] = tuple(p for p in (_normalise_with(x, memo.synonyms) for x in _parts(norm))
                                         if p is not None)
    return parts


def tokenize(text_hans: str) -> list[str]:
    """Segment Simplified text with jieba + the domain dictionary; drop stop words, numbers, dates, months.
    Token forms are memoised per state of the active packs: a corpus repeats its words."""
    text = str(text_hans or "")
    memo = _memo()
    for pattern, spelling in memo.spellings:
        text = pattern.sub(spelling, text)
    out = []
    norms, synonyms = memo.norm, memo.synonyms
    for token in _tokenizer().lcut(text):
        try:
            norm = norms[token]
        except KeyError:
            norm = norms[token] = _normalise_with(token, synonyms)
        if norm is not None:
            out.append(norm)
            out.extend(_part_tokens(norm, memo))
    return out


def _identity(tokens: list[str]) -> list[str]:
    """Analyzer for TfidfVectorizer: documents arrive already tokenized."""
    return tokens


def _count(tokens: list[list[str]], vocabulary: dict[str, int]) -> sparse.csr_matrix:
    """Term counts of token lists over a fixed vocabulary (CountVectorizer.transform, one pass, faster)."""
    indptr, indices = [0], []
    for doc in tokens:
        indices.extend(vocabulary[t] for t in doc if t in vocabulary)
        indptr.append(len(indices))
    X = sparse.csr_matrix((np.ones(len(indices)), np.asarray(indices, dtype=np.int64), np.asarray(indptr)),
                          shape=(len(tokens), len(vocabulary)))
    X.sum_duplicates()
    return X


def _cluster(X: sparse.csr_matrix, k: int, method: str, random_state: int):
    """Fit one clusterer with k topics on L2-normalised TF-IDF rows; return (estimator, centroids).

    k is capped by the rows (and, for NMF, the vocabulary) so a tiny corpus or subsample still fits.
    """
    k = max(1, min(k, X.shape[0], X.shape[1] if method == "nmf" else k))
    if method == "nmf":
        est = NMF(n_components=k, init="nndsvd", tol=1e-3, max_iter=2000, random_state=random_state).fit(X)
        return est, est.components_
    if method == "kmeans":
        est = KMeans(n_clusters=k, n_init=20, random_state=random_state).fit(X)
        return est, est.cluster_centers_
    if method == "agglomerative":
        est = AgglomerativeClustering(n_clusters=k, linkage="ward").fit(X.toarray())
        centroids = np.vstack([np.asarray(X[est.labels_ == c].mean(axis=0)).ravel() for c in range(k)])
        return est, centroids
    raise ValueError(f"unknown method {method!r}; expected one of {METHODS}")


def _scores(X: sparse.csr_matrix, est, centroids: np.ndarray, method: str) -> np.ndarray:
    """Topic membership of each row: NMF weights, else cosine to each centroid."""
    if method == "nmf":
        return est.transform(X)
    norms = np.linalg.norm(centroids, axis=1, keepdims=True)
    return np.asarray(X @ (centroids / np.where(norms == 0, 1, norms)).T)


def _argmax(scores: np.ndarray) -> np.ndarray:
    """Best topic per row, -1 where no topic has positive weight."""
    if scores.shape[1] == 0:
        return np.full(scores.shape[0], UNASSIGNED)
    labels = scores.argmax(axis=1).astype(int)
    labels[scores.max(axis=1) <= 0] = UNASSIGNED
    return labels


def _with_context(X: sparse.csr_matrix, groups: Iterable | None, weight: float) -> sparse.csr_matrix:
    """Add ``weight`` x the previous and next sentence of the same group (article), then L2-normalise.

    Sentences are short; their neighbours say which story a paragraph is telling.
    """
    X = sparse.csr_matrix(X, dtype=float)
    if groups is None or weight <= 0 or X.shape[0] < 2:
        return _l2(X)
    g = np.asarray(list(groups), dtype=object)
    same = np.flatnonzero(g[1:] == g[:-1])  # row i and i+1 are neighbours
    n = X.shape[0]
    adj = sparse.coo_matrix((np.full(2 * len(same), weight), (np.r_[same, same + 1], np.r_[same + 1, same])),
                            shape=(n, n)).tocsr()
    return _l2(X + adj @ X)


def _l2(X: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    return sparse.csr_matrix(sparse.diags(1 / np.where(norms == 0, 1, norms)) @ X)


def _stability(X: sparse.csr_matrix, labels: np.ndarray, k: int, method: str, random_state: int,
               n_resamples: int = 5, fraction: float = 0.8) -> float:
    """Mean adjusted Rand index between the full fit and fits on random 80% subsamples."""
    from sklearn.metrics import adjusted_rand_score

    rng = np.random.RandomState(random_state)
    out = []
    for _ in range(n_resamples):
        rows = np.sort(rng.choice(X.shape[0], int(fraction * X.shape[0]), replace=False))
        est, cen = _cluster(X[rows], k, method, random_state)
        out.append(adjusted_rand_score(labels[rows], _argmax(_scores(X[rows], est, cen, method))))
    return float(np.mean(out))


def _class_tfidf(counts: sparse.csr_matrix, labels: np.ndarray, k: int) -> np.ndarray:
    """Class-based TF-IDF (as in BERTopic): terms frequent in a topic and rare in the others."""
    onehot = sparse.csr_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(k, len(labels)))
    tf = np.asarray((onehot @ counts).todense(), dtype=float)
    totals = tf.sum(axis=1, keepdims=True)
    freq = tf.sum(axis=0)
    idf = np.log1p(totals.mean() / np.where(freq == 0, 1, freq))
    return tf / np.where(totals == 0, 1, totals) * idf


class TopicModel(BaseEstimator):
    """Sentence topics: jieba tokens -> TF-IDF (+ neighbour context) -> NMF / KMeans / agglomerative.

    k: ``n_topics`` when set (an analyst's override); else ``selection="merge"`` (default, one fit) fits
    a fine model with k = eligible rows / ``rows_per_topic`` (within ``k_range``) and merges topics
    whose term vectors are closer than ``merge_cosine``; ``selection="stability"`` (the previous
    method, kept for the bench) picks k by resampling stability at many fits' cost.
    Sentences with at least ``min_tokens`` tokens fit the model; every sentence with any topic
    vocabulary in itself or its neighbours is assigned (outlier rule: see ``assignable``).
    """

    def __init__(self, n_topics: int | None = None, k_range: tuple[int, int] = (2, 10), method: str = "nmf",
                 min_tokens: int = 3, context: float = 0.5, n_terms: int = 10, random_state: int = 0,
                 selection: str = "merge", rows_per_topic: int = 25, merge_cosine: float = 0.3):
        self.n_topics = n_topics
        self.k_range = k_range
        self.method = method
        self.min_tokens = min_tokens
        self.context = context
        self.n_terms = n_terms
        self.random_state = random_state
        self.selection = selection
        self.rows_per_topic = rows_per_topic
        self.merge_cosine = merge_cosine

    def _tokens(self, texts_hans: Iterable) -> list[list[str]]:
        """Token lists; rows that are already token lists (tokenised once upstream) pass through."""
        return [t if isinstance(t, list) else tokenize(str(t)) for t in texts_hans]

    def _own(self, tokens: list[list[str]]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        """(term counts, TF-IDF rows as ``vectorizer_.transform`` gives them) from one pass over the tokens."""
        counts = _count(tokens, self.vectorizer_.vocabulary_)
        tf = counts.copy()
        tf.data = 1 + np.log(tf.data)  # sublinear tf
        return counts, _l2(tf @ sparse.diags(self.vectorizer_.idf_))

    def _matrix(self, tokens: list[list[str]], groups: Iterable | None
                ) -> tuple[sparse.csr_matrix, np.ndarray, sparse.csr_matrix]:
        """Context-smoothed TF-IDF rows, the mask of rows long enough to fit the model, and term counts."""
        counts, own = self._own(tokens)
        X = _with_context(own, groups, self.context)
        fit = (own.getnnz(axis=1) > 0) & np.array([len(t) >= self.min_tokens for t in tokens], dtype=bool)
        return X, fit, counts

    def assignable(self, tokens: list[list[str]], X: sparse.csr_matrix) -> np.ndarray:
        """Outlier rule: a sentence gets a topic when it has at least one content token and its
        context-smoothed row shares vocabulary with the model; bylines, empty and foreign-vocabulary
        rows stay unassigned."""
        return (X.getnnz(axis=1) > 0) & np.array([len(t) >= 1 for t in tokens], dtype=bool)

    def fit(self, texts_hans: Iterable, y=None, groups: Iterable | None = None) -> "TopicModel":
        """Learn vocabulary, topics and labels from Simplified sentences (or token lists); ``groups``
        (article ids, in reading order) gives each sentence its neighbours as context. One BLAS/OpenMP
        thread: on a shared machine more threads only contend."""
        with threadpool_limits(1):
            return self._fit(texts_hans, groups)

    def _fit(self, texts_hans: Iterable, groups: Iterable | None) -> "TopicModel":
        if self.method not in METHODS:
            raise ValueError(f"unknown method {self.method!r}; expected one of {METHODS}")
        groups = None if groups is None else list(groups)
        tokens = self._tokens(texts_hans)
        long_enough = [t for t in tokens if len(t) >= self.min_tokens]
        big = len(long_enough) >= 50
        self.vectorizer_ = TfidfVectorizer(analyzer=_identity, min_df=2 if big else 1, max_df=0.5 if big else 1.0,
                                           sublinear_tf=True)
        self.selection_ = pd.DataFrame(columns=["k", "stability", "silhouette"])
        self.selection_scores_: dict[int, float] = {}
        try:
            self.vectorizer_.fit(long_enough)
        except ValueError:  # no vocabulary at all: every sentence stays unassigned
            self.vectorizer_.fit([["_"]])
        X, eligible, counts = self._matrix(tokens, groups)
        Xe = X[eligible]
        n = int(eligible.sum())
        lo, hi = self.k_range
        if self.n_topics:
            ks = [self.n_topics]
        elif self.selection == "stability":
            ks = list(range(lo, hi + 1))
        else:
            ks = [min(hi, max(lo, round(n / self.rows_per_topic)))]
        ks = sorted({max(1, min(k, n - 1, Xe.shape[1])) for k in ks}) if n >= 2 else []
        if len(ks) > 1:
            rows = []
            for k in ks:
                est, cen = _cluster(Xe, k, self.method, self.random_state)
                lab = _argmax(_scores(Xe, est, cen, self.method))
                sil = silhouette_score(Xe, lab, metric="cosine") if len(set(lab)) > 1 else float("nan")
                rows.append({"k": k, "stability": _stability(Xe, lab, k, self.method, self.random_state),
                             "silhouette": float(sil)})
            self.selection_ = pd.DataFrame(rows)
            self.selection_scores_ = dict(zip(self.selection_["k"], self.selection_["stability"]))
            ks = [int(self.selection_.sort_values(["stability", "k"], ascending=[False, True])["k"].iloc[0])]
        merge = not self.n_topics and self.selection == "merge"
        self._fit_k(ks[0] if ks else 0, X, eligible, tokens, counts[eligible], merge)
        return self

    def _fit_k(self, k: int, X: sparse.csr_matrix, eligible: np.ndarray, tokens: list[list[str]],
               counts: sparse.csr_matrix, merge: bool = False) -> None:
        """Final fit with k topics on the eligible rows (near-duplicate topics merged when ``merge``),
        then every assignable row is labelled; topic ids are renumbered by size, largest first."""
        n_rows = len(eligible)
        self.labels_ = np.full(n_rows, UNASSIGNED)
        self.scores_ = np.zeros((n_rows, 0))
        self.estimator_, self.centroids_ = None, np.zeros((0, X.shape[1]))
        self.terms_: list[list[tuple[str, float]]] = []
        self.term_matrix_ = np.zeros((0, X.shape[1]))
        self.doc_share_: dict[str, float] = {}
        self.n_topics_ = 0
        if k == 0:
            return
        Xe = X[eligible]
        est, cen = _cluster(Xe, k, self.method, self.random_state)
        k = cen.shape[0]
        groups = np.arange(k)
        if merge and k > 2:
            from sklearn.cluster import AgglomerativeClustering as Agg
            groups = Agg(n_clusters=None, distance_threshold=1 - self.merge_cosine, metric="cosine",
                         linkage="average").fit(np.asarray(cen) + 1e-12).labels_
        self._grouping = sparse.csr_matrix((np.ones(k), (np.arange(k), groups)), shape=(k, groups.max() + 1))
        self.estimator_, self.centroids_ = est, cen
        rows = self.assignable(tokens, X)
        raw = _argmax(self._grouped(X[rows]))
        n_groups = self._grouping.shape[1]
        sizes = np.bincount(raw[raw >= 0], minlength=n_groups)
        order = [c for c in sorted(range(n_groups), key=lambda c: (-sizes[c], c)) if sizes[c] > 0]
        self._order = np.array(order, dtype=int)
        self.n_topics_ = len(order)
        scores = self._topic_scores(X[rows])
        self.scores_ = np.zeros((n_rows, self.n_topics_))
        self.scores_[rows] = scores
        self.labels_[rows] = _argmax(scores)
        lab = self.labels_[eligible]
        keep = lab >= 0
        weights = _class_tfidf(counts[keep], lab[keep], self.n_topics_)
        self.term_matrix_ = weights
        share = np.asarray((counts > 0).mean(axis=0)).ravel()
        vocab = self.vectorizer_.get_feature_names_out()
        self.doc_share_ = {str(vocab[j]): float(share[j]) for j in np.flatnonzero(share)}
        for c in range(self.n_topics_):
            top = [j for j in np.argsort(-weights[c], kind="stable")[: self.n_terms] if weights[c, j] > 0]
            self.terms_.append([(str(vocab[j]), round(float(weights[c, j]), 4)) for j in top])

    def _grouped(self, X: sparse.csr_matrix) -> np.ndarray:
        """Membership of rows in the merged topic groups (before public ordering)."""
        return np.asarray(sparse.csr_matrix(_scores(X, self.estimator_, self.centroids_, self.method))
                          @ self._grouping.toarray())

    def _topic_scores(self, X: sparse.csr_matrix) -> np.ndarray:
        """Membership of rows in the kept topics, in public topic-id order."""
        return self._grouped(X)[:, self._order]

    def transform(self, texts_hans: Iterable[str], groups: Iterable | None = None) -> np.ndarray:
        """Topic-membership scores (n_texts x n_topics_); zero rows for texts too short to carry a topic."""
        tokens = self._tokens(texts_hans)
        X, _, _ = self._matrix(tokens, None if groups is None else list(groups))
        rows = self.assignable(tokens, X)
        out = np.zeros((len(tokens), self.n_topics_))
        if self.n_topics_ and rows.any():
            out[rows] = self._topic_scores(X[rows])
        return out

    def assign(self, tokens: list[list[str]], groups: Iterable | None = None) -> tuple[np.ndarray, np.ndarray]:
        """``predict`` and the typicality of each row for its own topic (``term_scores`` at the chosen
        topic, 0 when unassigned) from one pass over the tokens."""
        _, own = self._own(tokens)
        X = _with_context(own, None if groups is None else list(groups), self.context)
        rows = self.assignable(tokens, X)
        scores = np.zeros((len(tokens), self.n_topics_))
        if self.n_topics_ and rows.any():
            scores[rows] = self._topic_scores(X[rows])
        labels = _argmax(scores)
        typical = np.zeros(len(tokens))
        hit = np.flatnonzero(labels >= 0)
        if len(hit):
            terms = _l2(sparse.csr_matrix(self.term_matrix_))
            typical[hit] = np.asarray(_l2(own[hit]).multiply(terms[labels[hit]]).sum(axis=1)).ravel()
        return labels, typical

    def predict(self, texts_hans: Iterable[str], groups: Iterable | None = None) -> np.ndarray:
        """Topic id of each text, -1 when it is too short or shares no vocabulary with the topics."""
        return _argmax(self.transform(texts_hans, groups))

    def fit_predict(self, texts_hans: Iterable[str], y=None, groups: Iterable | None = None) -> np.ndarray:
        return self.fit(texts_hans, groups=groups).labels_

    def label(self, topic_id: int, texts_hans: Iterable[str] = (), n: int = 3,
              tokens: Iterable[list[str]] | None = None) -> str:
        """Short readable label from the top terms: whole words only (a compound's part such as 型基金
        is never shown alone when the members' ``texts_hans`` or, cheaper, their ``tokens`` are given),
        generic news words and background terms (in over 15% of sentences) only as a last resort; a
        compound replaces its part."""
        terms = [t for t, _ in self.terms_[topic_id]]
        whole = whole_tokens(tokens) if tokens is not None else whole_words(texts_hans)
        if whole:
            terms = [t for t in terms if t in whole] or terms
        common = [t for t in terms if self.doc_share_.get(t, 0) > 0.15 or t in generic_words()]
        chosen: list[str] = []
        for term in [t for t in terms if t not in common] + common:
            inside = [c for c in chosen if c in term]
            if inside:
                chosen[chosen.index(inside[0])] = term
                chosen = list(dict.fromkeys(chosen))
            elif len(chosen) < n and not any(term in c for c in chosen):
                chosen.append(term)
        return "、".join(_display(t) for t in chosen[:n])

    def term_scores(self, texts_hans: Iterable[str]) -> np.ndarray:
        """Cosine of each text's own TF-IDF (no context) with each topic's term weights: how typical it is."""
        own = self._own(self._tokens(texts_hans))[1]
        return np.asarray(own @ _l2(sparse.csr_matrix(self.term_matrix_)).T.todense())


_DISPLAY = {"meta": "Meta", "iphone": "iPhone", "ios": "iOS", "tiktok": "TikTok", "google": "Google",
            "windows": "Windows", "wechat": "WeChat", "youtube": "YouTube", "ipad": "iPad"}


def _display(term: str) -> str:
    """Human spelling of a vocabulary term (the vocabulary is lower-cased): iPhone, AI芯片, 5G."""
    def latin(m: re.Match) -> str:
        word = m.group()
        return _vocabulary()[2].get(word) or _DISPLAY.get(word, word.upper() if len(word) <= 5 else word)
    return re.sub(r"[a-z0-9][a-z0-9\-\.]*", latin, term)


def to_script(text: str, script: str) -> str:
    """Convert text to 'Hans' (Simplified) or 'Hant' (Traditional) with OpenCC."""
    return clean.to_script(str(text), script)


TOPIC_COLUMNS = ["topic_id", "label", "label_hant", "terms", "term_weights", "n_sentences", "n_articles",
                 "representative"]


def _ordered(sentences: pd.DataFrame) -> pd.Index:
    """Row order of the article flow (article, then sentence index) used for neighbour context."""
    if {"article_id", "sentence_idx"} <= set(sentences.columns):
        return sentences.sort_values(["article_id", "sentence_idx"], kind="stable").index
    return sentences.index


def _representatives(rows: pd.DataFrame, scores: np.ndarray, n: int = 3) -> list[dict]:
    """The ``n`` highest-scoring distinct sentences of a topic (ties broken by position, not row order)."""
    if not len(rows):
        return []
    scores = np.round(np.asarray(scores, dtype=float), 12)
    aid = rows["article_id"].astype(str).to_numpy(dtype=str)
    order = np.lexsort((rows["sentence_idx"].to_numpy(), aid, -scores))
    texts, idx, text = rows["text_hans"].to_numpy(), rows["sentence_idx"].to_numpy(), rows["text"].to_numpy()
    out, seen = [], set()
    for i in order:
        if texts[i] not in seen:
            seen.add(texts[i])
            out.append({"article_id": str(aid[i]), "sentence_idx": int(idx[i]), "text": str(text[i])})
            if len(out) == n:
                break
    return out


THEME_BASE = 1000  # theme ids start here so themes and narratives share the topics table without clashing
MAX_FIT_SENTENCES = 20000
TOPIC_LEVEL_COLUMNS = ["level", "parent_id", "label_en"]


def _fit_sample(article_ids: pd.Series, budget: int, random_state: int) -> np.ndarray:
    """Mask of rows to fit on: whole articles drawn at random until ``budget`` rows (context stays intact)."""
    if len(article_ids) <= budget:
        return np.ones(len(article_ids), dtype=bool)
    sizes = article_ids.value_counts(sort=False)
    order = sizes.sample(frac=1.0, random_state=random_state)
    chosen = set(order.index[order.cumsum() <= budget]) or {order.index[0]}
    return article_ids.isin(chosen).to_numpy()


def assign_topics(sentences: pd.DataFrame, n_topics: int | None = None, random_state: int = 0,
                  themes: pd.Series | None = None, tokens: pd.Series | None = None,
                  max_fit: int = MAX_FIT_SENTENCES) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Narratives inside each theme: one TopicModel per theme over its sentences (fitted on at most
    ``max_fit`` sentences across themes, the rest assigned). ``themes`` maps article_id -> theme id
    (all one theme when None); ``tokens`` (indexed like ``sentences``) saves re-segmenting.
    Returns (sentences + topic_id, narrative rows of the topics table incl. -1 'unassigned')."""
    out = sentences.copy()
    if out.empty:
        out["topic_id"] = pd.Series(dtype=int)
        return out, _topics_table(out, [])
    order = _ordered(out)
    flow = out.loc[order]
    toks = (tokens.loc[order].tolist() if tokens is not None
            else [tokenize(t) for t in flow["text_hans"].fillna("").astype(str)])
    aid = flow["article_id"].astype(str)
    theme_of = aid.map(themes).fillna(THEME_BASE).astype(int) if themes is not None else pd.Series(THEME_BASE, index=aid.index)
    labels = pd.Series(UNASSIGNED, index=order)
    scores = pd.Series(0.0, index=order)
    fitted: list[tuple[int, TopicModel, pd.Index]] = []
    next_id = 0
    for theme in sorted(theme_of.unique()):
        mask = (theme_of == theme).to_numpy()
        idx = order[mask]
        t_toks = [toks[i] for i in np.flatnonzero(mask)]
        t_aid = aid[mask]
        budget = max(200, int(max_fit * mask.sum() / len(mask)))
        fit_rows = _fit_sample(t_aid.reset_index(drop=True), budget, random_state)
        model = TopicModel(n_topics=n_topics, random_state=random_state)
        model.fit([t for t, f in zip(t_toks, fit_rows) if f], groups=t_aid[fit_rows].tolist())
        if model.n_topics_ == 0:
            continue
        theme_labels, best = model.assign(t_toks, groups=t_aid.tolist())
        labels.loc[idx] = np.where(theme_labels >= 0, theme_labels + next_id, UNASSIGNED)
        scores.loc[idx] = best
        fitted.append((int(theme), model, next_id))
        next_id += model.n_topics_
    out["topic_id"] = labels.reindex(out.index).astype(int)
    return out, _topics_table(out, fitted, scores.reindex(out.index), toks_by_row=dict(zip(order, toks)))


def english_label(label: str) -> str:
    """A label in English where the entity dictionary knows its terms (华为 -> Huawei); other terms stay."""
    from analytics.voices import load_dictionary

    d = load_dictionary()
    out = []
    for term in str(label).split("、"):
        eid = d.lookup(term) if term else None
        out.append(d.entries[eid].name_en if eid and d.entries[eid].name_en else term)
    return ", ".join(out)


def _topics_table(out: pd.DataFrame, fitted: list, scores: pd.Series | None = None,
                  toks_by_row: dict | None = None) -> pd.DataFrame:
    """Narrative rows (level 'narrative', parent_id = theme id) and the 'unassigned' row."""
    rows = []
    where = out.groupby("topic_id", sort=False).indices if len(out) else {}
    lean = out[[c for c in ("article_id", "sentence_idx", "text", "text_hans") if c in out]]
    score_of = scores.reindex(out.index).to_numpy() if scores is not None else np.zeros(len(out))
    for theme, model, first in fitted:
        for c in range(model.n_topics_):
            tid = first + c
            members = lean.iloc[where.get(tid, [])]
            label = model.label(c, tokens=[toks_by_row[i] for i in members.index[:200]]) if toks_by_row \
                else model.label(c, members["text_hans"].head(200).tolist())
            rows.append({
                "topic_id": tid, "label": label, "label_hant": to_script(label, "Hant"),
                "label_en": english_label(label),
                "terms": ", ".join(_display(t) for t, _ in model.terms_[c]),
                "term_weights": json.dumps([[_display(t), w] for t, w in model.terms_[c]], ensure_ascii=False),
                "n_sentences": len(members), "n_articles": int(members["article_id"].nunique()),
                "representative": json.dumps(_representatives(members, score_of[where.get(tid, [])]),
                                             ensure_ascii=False),
                "level": "narrative", "parent_id": int(theme),
            })
    un = out[out["topic_id"] == UNASSIGNED] if "topic_id" in out else out.iloc[:0]
    rows.append({
        "topic_id": UNASSIGNED, "label": UNASSIGNED_LABEL, "label_hant": UNASSIGNED_LABEL,
        "label_en": UNASSIGNED_LABEL, "terms": "",
        "term_weights": "[]", "n_sentences": len(un),
        "n_articles": int(un["article_id"].nunique()) if len(un) else 0,
        "representative": json.dumps(_representatives(un, np.zeros(len(un))) if len(un) else [], ensure_ascii=False),
        "level": "narrative", "parent_id": -1,
    })
    table = pd.DataFrame(rows, columns=TOPIC_COLUMNS + TOPIC_LEVEL_COLUMNS)
    return table.astype({"topic_id": int, "n_sentences": int, "n_articles": int, "parent_id": int})


def sentence_map(sentences: pd.DataFrame, random_state: int = 0, context: float = 0.5,
                 tokens: pd.Series | None = None) -> pd.DataFrame:
    """2-D TruncatedSVD coordinates (x, y) of each sentence's context-smoothed TF-IDF, indexed like ``sentences``."""
    coords = pd.DataFrame({"x": np.zeros(len(sentences)), "y": np.zeros(len(sentences))}, index=sentences.index)
    if sentences.empty:
        return coords
    order = _ordered(sentences)
    flow = sentences.loc[order]
    tokens = (tokens.loc[order].tolist() if tokens is not None
              else [tokenize(t) for t in flow["text_hans"].fillna("").astype(str)])
    try:
        tfidf = TfidfVectorizer(analyzer=_identity, sublinear_tf=True).fit_transform(tokens)
    except ValueError:
        return coords
    groups = flow["article_id"].astype(str) if "article_id" in flow else None
    X = _with_context(tfidf, groups, context)
    if X.shape[1] < 3 or X.shape[0] < 3:
        return coords
    xy = TruncatedSVD(n_components=2, random_state=random_state).fit_transform(X)
    coords.loc[order, "x"] = xy[:, 0]
    coords.loc[order, "y"] = xy[:, 1]
    return coords
