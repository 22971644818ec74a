"""Term frequency and distinctive terms of one group of articles against another (outlet, period).

Distinctiveness is the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn
2008, "Fightin' Words", eq. 22): the prior is the whole corpus's term counts scaled to `prior_size`,
so rare words are shrunk toward the corpus rate instead of topping the list, and each term's
z-score divides the log-odds by its estimated standard deviation.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

Tokenizer = Callable[[str], list[str]]


def default_tokenizer() -> Tokenizer:
    """The narratives tokenizer: jieba words minus stopwords and generic news words, on Simplified text."""
    from analytics.narratives import tokenize

    return tokenize


def term_counts(texts: Iterable[str], tokenizer: Tokenizer | None = None) -> Counter[str]:
    """How often each term occurs across texts."""
    tok = tokenizer or default_tokenizer()
    counts: Counter[str] = Counter()
    for t in texts:
        counts.update(tok(t or ""))
    return counts


def term_frequency(sentences: pd.DataFrame, groups: pd.Series | None = None, top: int = 20,
                   tokenizer: Tokenizer | None = None) -> pd.DataFrame:
    """The `top` terms of each group (or of all sentences): columns group, term, n, per_10k."""
    col = "text_hans" if "text_hans" in sentences else "text"
    keys = groups.reindex(sentences.index) if groups is not None else pd.Series("all", index=sentences.index)
    rows = []
    for g, texts in sentences[col].groupby(keys):
        c = term_counts(texts, tokenizer)
        total = sum(c.values()) or 1
        rows += [{"group": g, "term": w, "n": n, "per_10k": 1e4 * n / total} for w, n in c.most_common(top)]
    return pd.DataFrame(rows, columns=["group", "term", "n", "per_10k"])


def log_odds(counts_a: Counter[str], counts_b: Counter[str], prior: Counter[str] | None = None,
             prior_size: float | None = None, min_count: int = 2) -> pd.DataFrame:
    """Log-odds ratio of each term in A vs B with an informative Dirichlet prior, and its z-score.

    `prior` defaults to A + B; it is scaled so its total is `prior_size` (default: the total of A + B,
    Monroe et al.'s choice). Columns: term, n_a, n_b, delta, var, z (positive: typical of A).
    """
    prior = prior if prior is not None else counts_a + counts_b
    vocab = [w for w in set(counts_a) | set(counts_b) if counts_a[w] + counts_b[w] >= min_count and prior[w] > 0]
    cols = ["term", "n_a", "n_b", "delta", "var", "z"]
    if not vocab:
        return pd.DataFrame(columns=cols)
    ya = np.array([counts_a[w] for w in vocab], dtype=float)
    yb = np.array([counts_b[w] for w in vocab], dtype=float)
    p = np.array([prior[w] for w in vocab], dtype=float)
    a0 = float(prior_size if prior_size is not None else sum(counts_a.values()) + sum(counts_b.values()))
    alpha = p / sum(prior.values()) * a0
    na, nb = float(sum(counts_a.values())), float(sum(counts_b.values()))
    delta = (np.log((ya + alpha) / (na + a0 - ya - alpha)) - np.log((yb + alpha) / (nb + a0 - yb - alpha)))
    var = 1.0 / (ya + alpha) + 1.0 / (yb + alpha)
    out = pd.DataFrame({"term": vocab, "n_a": ya.astype(int), "n_b": yb.astype(int), "delta": delta, "var": var,
                        "z": delta / np.sqrt(var)})
    return out.sort_values(["z", "term"], ascending=[False, True]).reset_index(drop=True)


def distinctive_terms(sentences: pd.DataFrame, in_a: pd.Series, in_b: pd.Series | None = None, top: int = 15,
                      tokenizer: Tokenizer | None = None) -> dict[str, pd.DataFrame]:
    """The terms most typical of sentences in A against B (default: every other sentence), and of B
    against A, each with its z-score (n_a, n_b are counts in A and B in both lists); the prior is the
    whole table's counts."""
    col = "text_hans" if "text_hans" in sentences else "text"
    in_a = in_a.reindex(sentences.index).fillna(False).astype(bool)
    in_b = (~in_a if in_b is None else in_b.reindex(sentences.index).fillna(False).astype(bool))
    ca = term_counts(sentences.loc[in_a, col], tokenizer)
    cb = term_counts(sentences.loc[in_b, col], tokenizer)
    prior = term_counts(sentences[col], tokenizer) if (in_a | in_b).sum() < len(sentences) else ca + cb
    table = log_odds(ca, cb, prior=prior)
    a = table[table["z"] > 0].head(top).reset_index(drop=True)
    b = table[table["z"] < 0].sort_values(["z", "term"]).head(top).reset_index(drop=True)
    return {"a": a, "b": b.assign(z=-b["z"], delta=-b["delta"])}
