"""Themes: what a corpus is about, as article-level clusters (the sections of a newspaper, the beats).

Each article is embedded as L2-normalised blocks side by side: LSA of its TF-IDF over the corpus
vocabulary (what this corpus talks about) and, at twice its weight, its news-section profile (hits per
section of analytics/data/news_sections.json, general vocabulary of 28 sections); an LSA of the
news-section vocabulary alone is an optional third block (weight 0 by default: it repeats the corpus
LSA's stories rather than the beats). k is chosen by evidence accumulation: many quick KMeans runs
with k around sqrt(n) (at most ``max_themes``) vote on which articles belong together, average linkage
cuts the vote at ``cut`` (0.8) and groups under ``MIN_THEME_ARTICLES`` (or ``MIN_THEME_SHARE`` of the
sample) join their nearest group; a corpus whose split is weak (silhouette under ``min_silhouette``) is
one theme. The final spherical KMeans starts from those groups. Fitting sees at most ``max_fit`` articles and k is chosen on
at most ``max_select`` of them; the rest are assigned.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.base import BaseEstimator
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

MIN_THEME_ARTICLES = 5      # no theme is chosen smaller than this
MIN_THEME_SHARE = 0.01      # nor smaller than this share of the articles k is chosen on
MIN_SILHOUETTE = 0.06       # below this, no split of the corpus is real: it is one theme
MIN_DF = 2
SELECTIONS = ("consensus", "silhouette")


def _identity(tokens: list[str]) -> list[str]:
    return tokens


@lru_cache(maxsize=1)
def _sections() -> tuple[list[str], dict[str, list[int]]]:
    """News-section vocabulary (analytics/data/news_sections.json): section ids and word -> sections."""
    path = Path(__file__).parent / "data" / "news_sections.json"
    if not path.exists():
        return [], {}
    data = json.loads(path.read_text(encoding="utf-8"))["sections"]
    ids = sorted(data)
    index: dict[str, list[int]] = {}
    for i, sid in enumerate(ids):
        for w in data[sid]["words"]:
            index.setdefault(w.lower(), []).append(i)
    return ids, index


@lru_cache(maxsize=1)
def _section_sizes() -> np.ndarray:
    """Words listed per section: a longer list gets more hits by chance, so hits are divided by it."""
    ids, index = _sections()
    sizes = np.zeros(max(1, len(ids)))
    for secs in index.values():
        for c in secs:
            sizes[c] += 1
    return np.maximum(sizes, 1)


def section_profile(docs: Sequence[list[str]]) -> np.ndarray:
    """How much of each article's vocabulary belongs to each news section (hits per listed word of the
    section, L2-normalised): general prior knowledge that pulls together articles of one beat even when
    their stories differ."""
    ids, index = _sections()
    out = np.zeros((len(docs), max(1, len(ids))))
    for r, doc in enumerate(docs):
        for tok in doc:
            for c in index.get(tok, ()):
                out[r, c] += 1
    return normalize(out / _section_sizes())


def _lsa(X: sparse.csr_matrix, n_components: int, random_state: int) -> TruncatedSVD | None:
    """LSA of TF-IDF rows (None when too few rows or terms for two components)."""
    n_comp = min(n_components, X.shape[0] - 1, X.shape[1] - 1)
    return TruncatedSVD(n_components=n_comp, random_state=random_state).fit(X) if n_comp >= 2 else None


def _reduce(X: sparse.csr_matrix, svd: TruncatedSVD | None) -> np.ndarray:
    if svd is None:
        return normalize(X).toarray() if X.shape[1] else np.zeros((X.shape[0], 1))
    return normalize(svd.transform(X))


def _merge_small(E: np.ndarray, labels: np.ndarray, min_size: int) -> np.ndarray:
    """Groups under ``min_size`` rows join the nearest large group (cosine to its centre); renumbered."""
    labels = labels.copy()
    sizes = np.bincount(labels)
    big = np.flatnonzero(sizes >= min_size)
    small = np.isin(labels, np.flatnonzero((sizes > 0) & (sizes < min_size)))
    if len(big) and small.any():
        centres = normalize(np.vstack([E[labels == c].mean(axis=0) for c in big]))
        labels[small] = big[(E[small] @ centres.T).argmax(axis=1)]
    return np.unique(labels, return_inverse=True)[1]


def consensus_groups(E: np.ndarray, random_state: int = 0, runs: int = 50, cut: float = 0.7,
                     min_size: int = MIN_THEME_ARTICLES, k_max: int = 30) -> np.ndarray:
    """Evidence accumulation (Fred & Jain 2005): ``runs`` one-start KMeans fits with k drawn from
    sqrt(n)/2..2 sqrt(n) (within k_max/4..k_max, so a large sample is not cut ever finer) count how
    often two rows share a cluster; average linkage on 1 - that share, cut at ``cut``, gives groups
    that most partitions agree on, whatever k each run had."""
    n = E.shape[0]
    rng = np.random.RandomState(random_state)
    lo = max(2, min(int(np.sqrt(n) / 2), k_max // 4))
    hi = max(lo + 1, min(k_max, int(2 * np.sqrt(n))))
    together = np.zeros((n, n), dtype=np.float32)
    for _ in range(runs):
        k = min(n - 1, rng.randint(lo, hi + 1))
        lab = KMeans(n_clusters=k, n_init=1, random_state=rng.randint(1 << 30)).fit(E).labels_
        onehot = np.eye(k, dtype=np.float32)[lab]
        together += onehot @ onehot.T
    dist = 1.0 - together / runs
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    return _merge_small(E, fcluster(tree, t=cut, criterion="distance") - 1, min_size)


class ThemeModel(BaseEstimator):
    """Article themes: [corpus LSA | 2 x section profile] -> spherical KMeans.

    k: ``n_themes`` when set (an analyst's override); else ``selection="consensus"`` (evidence
    accumulation, see ``consensus_groups``) or ``"silhouette"`` (the previous rule: best silhouette in
    2..sqrt(n/2), kept for the bench). ``prior_weight`` scales the news-section blocks (0: corpus
    vocabulary only): the profile by ``profile_weight`` and the section-vocabulary LSA by
    ``section_lsa_weight`` (0 skips it). Vocabulary and centres are fitted on at most ``max_fit``
    articles and k is chosen on at most ``max_select`` of them, so the cost stops growing with the
    corpus; the rest are assigned.
    """

    def __init__(self, n_themes: int | None = None, max_themes: int = 30, max_fit: int = 5000, max_select: int = 1000,
                 n_components: int = 100, section_components: int = 30, min_silhouette: float = MIN_SILHOUETTE,
                 prior_weight: float = 1.0, profile_weight: float = 2.0, section_lsa_weight: float = 0.0,
                 selection: str = "consensus", cut: float = 0.8, random_state: int = 0):
        self.n_themes = n_themes
        self.max_themes = max_themes
        self.max_fit = max_fit
        self.max_select = max_select
        self.n_components = n_components
        self.section_components = section_components
        self.min_silhouette = min_silhouette
        self.prior_weight = prior_weight
        self.profile_weight = profile_weight
        self.section_lsa_weight = section_lsa_weight
        self.selection = selection
        self.cut = cut
        self.random_state = random_state

    def _embed(self, docs: Sequence[list[str]]) -> np.ndarray:
        """Corpus LSA beside the section profile and (when weighted) the section-vocabulary LSA."""
        lsa = _reduce(self.vectorizer_.transform(docs), self.svd_)
        if self.prior_weight <= 0:
            return lsa
        blocks = [lsa]
        if self.section_vectorizer_ is not None:
            _, index = _sections()
            own = self.section_vectorizer_.transform([[t for t in d if t in index] for d in docs])
            blocks.append(self.prior_weight * self.section_lsa_weight * _reduce(own, self.section_svd_))
        blocks.append(self.prior_weight * self.profile_weight * section_profile(docs))
        return normalize(np.hstack(blocks))

    def _vectorizer(self, docs: list[list[str]]) -> TfidfVectorizer:
        big = len(docs) >= 20
        vec = TfidfVectorizer(analyzer=_identity, min_df=MIN_DF if big else 1, max_df=0.5 if big else 1.0,
                              sublinear_tf=True)
        try:
            vec.fit(docs)
        except ValueError:  # no vocabulary
            vec.fit([["_"]])
        return vec

    def fit(self, docs: Sequence[list[str]], y=None) -> "ThemeModel":
        """Learn themes from tokenised articles (one token list per article). BLAS and OpenMP run one
        thread: the matrices are small, and on a shared machine more threads only contend (4x slower)."""
        with threadpool_limits(1):
            return self._fit(docs)

    def _fit(self, docs: Sequence[list[str]]) -> "ThemeModel":
        if self.selection not in SELECTIONS:
            raise ValueError(f"unknown selection {self.selection!r}; expected one of {SELECTIONS}")
        docs = list(docs)
        rng = np.random.RandomState(self.random_state)
        fit_rows = np.arange(len(docs))
        if len(docs) > self.max_fit:
            fit_rows = np.sort(rng.choice(len(docs), self.max_fit, replace=False))
        sample = [docs[i] for i in fit_rows]
        self.selection_ = pd.DataFrame(columns=["k", "silhouette"])
        self.vectorizer_ = self._vectorizer(sample)
        self.svd_ = _lsa(self.vectorizer_.transform(sample), self.n_components, self.random_state)
        self.section_vectorizer_, self.section_svd_ = None, None
        _, index = _sections()
        if self.prior_weight > 0 and self.section_lsa_weight > 0 and index:
            own = [[t for t in d if t in index] for d in sample]
            self.section_vectorizer_ = self._vectorizer(own)
            self.section_svd_ = _lsa(self.section_vectorizer_.transform(own), self.section_components,
                                     self.random_state)
        E = self._embed(sample)
        pick = np.arange(len(sample))
        if len(sample) > self.max_select:
            pick = np.sort(rng.choice(len(sample), self.max_select, replace=False))
        init = self._choose(E[pick])
        self.k_ = 1 if init is None else len(init)
        if init is None:
            self.kmeans_ = None
            self.labels_ = np.zeros(len(docs), dtype=int)
        else:
            km = KMeans(n_clusters=self.k_, init=init, n_init=1, random_state=self.random_state).fit(E)
            sizes = np.bincount(km.labels_, minlength=self.k_)
            order = np.argsort(-sizes, kind="stable")
            km.cluster_centers_ = normalize(km.cluster_centers_[order])
            self.kmeans_ = km
            self.labels_ = self.predict(docs)
        self.n_themes_ = int(self.labels_.max()) + 1 if len(self.labels_) else 0
        return self

    def _choose(self, E: np.ndarray) -> np.ndarray | None:
        """Initial centres of the chosen themes, or None for one theme."""
        n = E.shape[0]
        if self.n_themes:
            k = max(1, min(int(self.n_themes), n))
            if k <= 1:
                return None
            return KMeans(n_clusters=k, n_init=10, random_state=self.random_state).fit(E).cluster_centers_
        if n < 2 * MIN_THEME_ARTICLES:
            return None
        if self.selection == "silhouette":
            return self._by_silhouette(E)
        labels = consensus_groups(E, self.random_state, cut=self.cut, k_max=self.max_themes,
                                  min_size=max(MIN_THEME_ARTICLES, int(np.ceil(MIN_THEME_SHARE * n))))
        if labels.max() + 1 > self.max_themes:  # too fine: the largest groups absorb the rest
            labels = _merge_small(E, labels, int(np.sort(np.bincount(labels))[::-1][self.max_themes - 1]))
        k = int(labels.max()) + 1
        if k < 2:
            return None
        sil = silhouette_score(E, labels, metric="cosine", sample_size=min(n, 3000), random_state=self.random_state)
        self.selection_ = pd.DataFrame([{"k": k, "silhouette": float(sil)}], columns=["k", "silhouette"])
        if sil < self.min_silhouette:
            return None
        return normalize(np.vstack([E[labels == c].mean(axis=0) for c in range(k)]))

    def _by_silhouette(self, E: np.ndarray) -> np.ndarray | None:
        n = E.shape[0]
        k_max = min(self.max_themes, n // MIN_THEME_ARTICLES, round(np.sqrt(n / 2)))
        rows, fits = [], {}
        for k in range(2, k_max + 1):
            km = KMeans(n_clusters=k, n_init=3, random_state=self.random_state).fit(E)
            if len(set(km.labels_)) < 2:
                continue
            sil = silhouette_score(E, km.labels_, metric="cosine", sample_size=min(n, 3000),
                                   random_state=self.random_state)
            rows.append({"k": k, "silhouette": float(sil)})
            fits[k] = km.cluster_centers_
        self.selection_ = pd.DataFrame(rows, columns=["k", "silhouette"])
        if not rows:
            return None
        best = self.selection_.sort_values(["silhouette", "k"], ascending=[False, True]).iloc[0]
        return fits[int(best["k"])] if best["silhouette"] >= self.min_silhouette else None

    def transform(self, docs: Sequence[list[str]]) -> np.ndarray:
        """Cosine of each article with each theme centre (n_docs x n_themes)."""
        if self.kmeans_ is None:
            return np.ones((len(docs), 1))
        return self._embed(list(docs)) @ self.kmeans_.cluster_centers_.T

    def predict(self, docs: Sequence[list[str]]) -> np.ndarray:
        """Theme of each tokenised article."""
        if not len(docs):
            return np.zeros(0, dtype=int)
        return self.transform(docs).argmax(axis=1).astype(int)


def class_terms(docs: Sequence[list[str]], labels: np.ndarray, n_terms: int = 10,
                background: Sequence[list[str]] | None = None) -> list[list[tuple[str, float]]]:
    """Distinctive terms per class by class-based TF-IDF (BERTopic's c-TF-IDF) over token lists."""
    from sklearn.feature_extraction.text import CountVectorizer

    labels = np.asarray(labels)
    k = int(labels.max()) + 1 if len(labels) else 0
    if k == 0:
        return []
    try:
        cv = CountVectorizer(analyzer=_identity)
        counts = cv.fit_transform(list(docs))
    except ValueError:
        return [[] for _ in range(k)]
    onehot = sparse.csr_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(k, len(labels)))
    tf = np.asarray((onehot @ counts).todense(), dtype=float)
    totals = tf.sum(axis=1, keepdims=True)
    freq = tf.sum(axis=0)
    idf = np.log1p(totals.mean() / np.where(freq == 0, 1, freq))
    weights = tf / np.where(totals == 0, 1, totals) * idf
    vocab = cv.get_feature_names_out()
    out = []
    for c in range(k):
        top = [j for j in np.argsort(-weights[c], kind="stable")[:n_terms] if weights[c, j] > 0]
        out.append([(str(vocab[j]), round(float(weights[c, j]), 5)) for j in top])
    return out


def _english_theme(label: str, profile: np.ndarray, sections: list[str], names: dict) -> str:
    """An English theme name: the news section most of its articles' vocabulary belongs to (when one
    clearly leads), followed by the label's terms in English where the entity dictionary knows them."""
    from analytics.narratives import english_label

    terms = english_label(label)
    if not sections or not len(profile):
        return terms
    mean = profile.mean(axis=0)
    share = mean / mean.sum() if mean.sum() else mean
    top = int(np.argmax(share))
    return f"{names[sections[top]]['en']}: {terms}" if share[top] >= 0.15 else terms


def assign_themes(sentences: pd.DataFrame, tokens: pd.Series, n_themes: int | None = None,
                  random_state: int = 0) -> tuple[pd.Series, pd.DataFrame]:
    """Theme of every article from its sentences' tokens; returns (article_id -> theme topic id,
    theme rows of the topics table: level 'theme', parent_id -1, labels by c-TF-IDF)."""
    from analytics.narratives import (THEME_BASE, TOPIC_COLUMNS, TOPIC_LEVEL_COLUMNS, _display, english_label,
                                      generic_words, to_script)

    cols = TOPIC_COLUMNS + TOPIC_LEVEL_COLUMNS
    if sentences.empty:
        return pd.Series(dtype=int), pd.DataFrame(columns=cols)
    aid = sentences["article_id"].astype(str)
    docs_by_article: dict[str, list[str]] = {}
    for a, toks in zip(aid, tokens.loc[sentences.index]):
        docs_by_article.setdefault(a, []).extend(toks)
    ids = sorted(docs_by_article)
    docs = [docs_by_article[a] for a in ids]
    model = ThemeModel(n_themes=n_themes, random_state=random_state).fit(docs)
    labels = model.labels_
    terms = class_terms(docs, labels, n_terms=15)
    generic = generic_words()
    theme_of = pd.Series(THEME_BASE + labels, index=ids)
    n_sent = aid.map(theme_of).value_counts()
    sections, _ = _sections()
    names = json.loads((Path(__file__).parent / "data" / "news_sections.json").read_text(encoding="utf-8"))["sections"] \
        if sections else {}
    profile = section_profile(docs)
    rows = []
    for t, tt in enumerate(terms):
        specific = [w for w, _ in tt if w not in generic] or [w for w, _ in tt]
        label = "、".join(_display(w) for w in specific[:3]) if len(terms) > 1 else "全部"
        tid = THEME_BASE + t
        members = [a for a, lab in zip(ids, labels) if lab == t]
        rows.append({
            "topic_id": tid, "label": label, "label_hant": to_script(label, "Hant"),
            "label_en": _english_theme(label, profile[labels == t], sections, names) if len(terms) > 1 else "All",
            "terms": ", ".join(_display(w) for w, _ in tt[:10]),
            "term_weights": json.dumps([[_display(w), x] for w, x in tt[:10]], ensure_ascii=False),
            "n_sentences": int(n_sent.get(tid, 0)), "n_articles": len(members),
            "representative": json.dumps([{"article_id": a} for a in members[:3]], ensure_ascii=False),
            "level": "theme", "parent_id": -1,
        })
    table = pd.DataFrame(rows, columns=cols).astype({"topic_id": int, "n_sentences": int, "n_articles": int,
                                                     "parent_id": int})
    return theme_of, table
