"""Themes: what a corpus is about, as article-level clusters (the sections of a newspaper, the beats).

Articles become TF-IDF vectors of their jieba tokens, reduced with LSA (TruncatedSVD), set beside a
news-section profile (general vocabulary of 28 sections) and clustered with spherical KMeans. k is
chosen by silhouette within 2..sqrt(n/2) on a bounded sample (the rule of thumb bounds it: silhouette
alone keeps rising as clusters shrink to single stories); a corpus about one story (every split's
silhouette is weak) stays one theme. Fitting sees at most ``max_fit`` articles; the rest are assigned.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

MIN_THEME_ARTICLES = 5      # no theme is chosen smaller than this on average
MIN_SILHOUETTE = 0.06       # below this, no split of the corpus is real: it is one theme
MIN_DF = 2


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


def section_profile(docs: Sequence[list[str]]) -> np.ndarray:
    """How much of each article's vocabulary belongs to each news section (log counts, L2-normalised):
    general prior knowledge that pulls together articles of one beat even when their stories differ."""
    ids, index = _sections()
    out = np.zeros((len(docs), max(1, len(ids))))
    for r, doc in enumerate(docs):
        for tok in doc:
            for c in index.get(tok, ()):
                out[r, c] += 1
    return normalize(np.log1p(out))


class ThemeModel(BaseEstimator):
    """Article themes: TF-IDF -> LSA -> spherical KMeans, k by silhouette on a bounded sample.

    The vocabulary and centres are fitted on at most ``max_fit`` articles and k is chosen on at most
    ``max_select`` of them, so the cost stops growing with the corpus; the rest are assigned.

    ``n_themes`` fixes k (an analyst's override); otherwise k is searched in 2..``max_themes``.
    """

    def __init__(self, n_themes: int | None = None, max_themes: int = 30, max_fit: int = 5000, max_select: int = 1000,
                 n_components: int = 100, min_silhouette: float = MIN_SILHOUETTE, prior_weight: float = 2.0,
                 random_state: int = 0):
        self.n_themes = n_themes
        self.max_themes = max_themes
        self.max_fit = max_fit
        self.max_select = max_select
        self.n_components = n_components
        self.min_silhouette = min_silhouette
        self.prior_weight = prior_weight
        self.random_state = random_state

    def _embed(self, docs: Sequence[list[str]]) -> np.ndarray:
        """Corpus vocabulary (LSA of TF-IDF) beside the news-section profile, weighted by ``prior_weight``."""
        X = self.vectorizer_.transform(docs)
        if self.svd_ is None:
            lsa = normalize(X).toarray() if X.shape[1] else np.zeros((X.shape[0], 1))
        else:
            lsa = normalize(self.svd_.transform(X))
        if self.prior_weight <= 0:
            return lsa
        return normalize(np.hstack([lsa, self.prior_weight * section_profile(docs)]))

    def fit(self, docs: Sequence[list[str]], y=None) -> "ThemeModel":
        """Learn themes from tokenised articles (one token list per article)."""
        docs = list(docs)
        rng = np.random.RandomState(self.random_state)
        fit_rows = np.arange(len(docs))
        if len(docs) > self.max_fit:
            fit_rows = np.sort(rng.choice(len(docs), self.max_fit, replace=False))
        sample = [docs[i] for i in fit_rows]
        big = len(sample) >= 20
        self.vectorizer_ = TfidfVectorizer(analyzer=_identity, min_df=MIN_DF if big else 1,
                                           max_df=0.5 if big else 1.0, sublinear_tf=True)
        self.svd_ = None
        self.selection_ = pd.DataFrame(columns=["k", "silhouette"])
        try:
            X = self.vectorizer_.fit_transform(sample)
        except ValueError:  # no vocabulary: one theme
            self.vectorizer_.fit([["_"]])
            X = self.vectorizer_.transform(sample)
        n_comp = min(self.n_components, X.shape[0] - 1, X.shape[1] - 1)
        if n_comp >= 2:
            self.svd_ = TruncatedSVD(n_components=n_comp, random_state=self.random_state).fit(X)
        E = self._embed(sample)
        pick = np.arange(len(sample))
        if len(sample) > self.max_select:
            pick = np.sort(rng.choice(len(sample), self.max_select, replace=False))
        k = self._choose_k(E[pick])
        self.k_ = k
        if k <= 1:
            self.kmeans_ = None
            self.labels_ = np.zeros(len(docs), dtype=int)
        else:
            km = KMeans(n_clusters=k, n_init=10, random_state=self.random_state).fit(E)
            sizes = np.bincount(km.labels_, minlength=k)
            order = np.argsort(-sizes, kind="stable")
            km.cluster_centers_ = normalize(km.cluster_centers_[order])
            self.kmeans_ = km
            self.labels_ = self.predict(docs)
        self.n_themes_ = int(self.labels_.max()) + 1 if len(self.labels_) else 0
        return self

    def _choose_k(self, E: np.ndarray) -> int:
        n = E.shape[0]
        if self.n_themes:
            return max(1, min(int(self.n_themes), n))
        k_max = min(self.max_themes, n // MIN_THEME_ARTICLES, round(np.sqrt(n / 2)))
        if k_max < 2:
            return 1
        rows = []
        for k in range(2, k_max + 1):
            km = KMeans(n_clusters=k, n_init=3, random_state=self.random_state).fit(E)
            if len(set(km.labels_)) < 2:
                continue
            sil = silhouette_score(E, km.labels_, metric="cosine", sample_size=min(n, 3000),
                                   random_state=self.random_state)
            rows.append({"k": k, "silhouette": float(sil)})
        self.selection_ = pd.DataFrame(rows, columns=["k", "silhouette"])
        if not rows:
            return 1
        best = self.selection_.sort_values(["silhouette", "k"], ascending=[False, True]).iloc[0]
        return int(best["k"]) if best["silhouette"] >= self.min_silhouette else 1

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
