"""Features of the tone model: jieba word n-grams, character n-grams and bounded lexicon/SnowNLP features.

Nothing here measures how a sentence was written (length, punctuation counts): every dense feature is
bounded by construction so a long real sentence and a short written one live on the same scale.
"""
from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterable

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

DENSE = ("snownlp_logit", "lex_pos", "lex_neg", "lex_net", "after_contrast_net", "negated", "is_question")
"""Dense feature names, in column order."""
LOGIT_CAP = 4.0
"""SnowNLP's naive-Bayes probability saturates with length; its logit is capped to keep only the direction."""
HIT_CAP = 3.0
NET_CAP = 2.0

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_PUNCT = re.compile(r"[\s\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65!-/:-@\[-`{-~“”‘’…—·•]+")
_CLAUSE_SPLIT = re.compile(r"[，,；;：:。！？!?、\n]")
_QUESTION = re.compile(r"[?？]\s*$|为什么|为何|如何|是否|吗[？?]?$|呢[？?]?$")
_TOKENS: dict[str, list[str]] = {}
_TOKEN_CACHE = 50_000  # sentences; a worker of a 10,000-article build meets ~185,000 (3 kB each uninterned)
_DICT_STAMP: list[tuple] = [()]


def normalise(text_hans: str) -> str:
    """Lower-cased Simplified text with every number written as 0 (the amount carries no tone)."""
    return _NUMBER.sub("0", (text_hans or "").lower())


def tokens(text_hans: str) -> list[str]:
    """jieba tokens of the normalised text, punctuation kept (shared tokenizer; memoised per text)."""
    from analytics import segment

    tok = segment.tokenizer()
    stamp = (len(tok.FREQ), tok.total)
    if stamp != _DICT_STAMP[0]:  # a word was added to the shared dictionary: old tokens are stale
        _TOKENS.clear()
        _DICT_STAMP[0] = stamp
    hit = _TOKENS.get(text_hans)
    if hit is not None:
        return hit
    toks = [sys.intern(t) for t in tok.lcut(normalise(text_hans), HMM=True) if t.strip()]
    if len(_TOKENS) >= _TOKEN_CACHE:
        _TOKENS.clear()
    _TOKENS[text_hans] = toks
    return toks


def remember_tokens(texts_hans: list[str], toks: list[list[str]]) -> None:
    """Put tokens computed elsewhere (a forked worker with the same dictionary) into the memo."""
    tokens("")  # brings the memo's dictionary stamp up to date first
    if len(_TOKENS) + len(texts_hans) >= _TOKEN_CACHE:
        _TOKENS.clear()
    _TOKENS.update(zip(texts_hans, toks))


def words(text_hans: str) -> list[str]:
    """The word tokens of a sentence (punctuation dropped)."""
    return [t for t in tokens(text_hans) if not _PUNCT.fullmatch(t)]


def clauses(text_hans: str) -> list[list[str]]:
    """The sentence's word tokens, split into clauses at clause punctuation."""
    out: list[list[str]] = [[]]
    for t in tokens(text_hans):
        if _CLAUSE_SPLIT.fullmatch(t):
            out.append([])
        elif not _PUNCT.fullmatch(t):
            out[-1].append(t)
    return [c for c in out if c]


NEGATED = "¬"
"""Prefix of a word inside a negation's scope in the word n-grams (不会增长: ¬增长, not 增长)."""


def word_ngrams(text_hans: str) -> list[str]:
    """Word unigrams and adjacent bigrams (the word TF-IDF's analyzer)."""
    toks = words(text_hans)
    return toks + [f"{a} {b}" for a, b in zip(toks, toks[1:])]


NAME_TAGS = frozenset({"ns", "nr", "nrfg", "nrt", "nt"})
"""jieba dictionary tags of place, person and organisation names: masked in the word n-grams."""
NAME = "□"


def scoped_word_ngrams(text_hans: str, negations: frozenset[str] = frozenset(), window: int = 3,
                       mask_names: bool = False) -> list[str]:
    """Word unigrams and bigrams with the ``window`` words after a negation word of the same clause marked
    ¬ (negation scope marking, Das & Chen 2001; Pang et al. 2002): 无法获得高性能 and 不会增长 then weigh
    apart from 高性能 and 增长. With ``mask_names``, a word the dictionary tags as a place, person or
    organisation name is one placeholder: a name has no tone of its own, and a weight learned for 中国 or
    美国 from the training stories would tilt every sentence of a story about them."""
    tags = word_tags() if mask_names else {}
    toks: list[str] = []
    for clause in clauses(text_hans):
        left = 0
        for t in clause:
            if t in negations:
                left = window
                toks.append(t)
                continue
            t = as_read(t, tags)
            if left:
                toks.append(NEGATED + t)
                left -= 1
            else:
                toks.append(t)
    return toks + [f"{a} {b}" for a, b in zip(toks, toks[1:])]


def as_read(word: str, tags: dict[str, str]) -> str:
    """A word as the name-masking model reads it: ``NAME`` when ``tags`` (``word_tags``) mark it a name."""
    return NAME if tags.get(word) in NAME_TAGS else word


def word_tags() -> dict[str, str]:
    """The shared POS segmenter's dictionary tags (word -> tag), read without cutting anything."""
    from analytics import segment

    return segment.pos_tokenizer().word_tag_tab


def char_text(text_hans: str) -> str:
    """Normalised text with punctuation turned into spaces (the character TF-IDF's input)."""
    return _PUNCT.sub(" ", normalise(text_hans)).strip()


def keep_whole(entries: Iterable[tuple[str, str, float]]) -> None:
    """Add the lexicon words that score (not the neutral markers, which no feature reads) to the shared
    segmenter, so word n-grams and lexicon hits see the same tokens; a neutral phrase kept whole (数据显示)
    hid 数据 from the entity stage whenever tone ran first in a process."""
    from analytics import segment

    segment.add_words(str(w) for w, k, _ in entries if k != "neutral")


class Lexicon:
    """News lexicon lookup with negation scope, degree words and contrast markers over jieba tokens."""

    def __init__(self, entries: Iterable[tuple[str, str, float]], neg_window: int = 3) -> None:
        self.entries = [(str(w), str(k), float(x)) for w, k, x in entries]
        self.neg_window = neg_window
        self.kind = {w: k for w, k, _ in self.entries}
        self.weight = {w: x for w, _, x in self.entries}
        keep_whole(self.entries)

    def features(self, text_hans: str) -> dict[str, float]:
        """Bounded lexicon features of one Simplified sentence; a negated hit counts with flipped polarity."""
        best = {1.0: 0.0, -1.0: 0.0}
        net = after = 0.0
        negated = seen_contrast = False
        for toks in clauses(text_hans):
            if any(self.kind.get(t) == "contrast" for t in toks):
                seen_contrast, after = True, 0.0
            for i, tok in enumerate(toks):
                kind = self.kind.get(tok)
                if kind not in ("pos", "neg"):
                    continue
                sign = 1.0 if kind == "pos" else -1.0
                degree, flips = 1.0, 0
                for prev in toks[max(0, i - self.neg_window): i]:
                    pk = self.kind.get(prev)
                    if pk == "negation":
                        flips += 1
                    elif pk == "degree":
                        degree *= self.weight[prev]
                if flips % 2:
                    sign, negated = -sign, True
                value = min(self.weight[tok] * degree, HIT_CAP)
                best[sign] = max(best[sign], value)
                net += sign * value
                after += sign * value
        return {
            "lex_pos": best[1.0],
            "lex_neg": best[-1.0],
            "lex_net": max(-NET_CAP, min(NET_CAP, net)),
            "after_contrast_net": max(-NET_CAP, min(NET_CAP, after)) if seen_contrast else 0.0,
            "negated": float(negated),
        }


def snownlp_logit(p: float) -> float:
    """Logit of a SnowNLP probability, capped at +-LOGIT_CAP."""
    p = min(max(float(p), 1e-9), 1 - 1e-9)
    return max(-LOGIT_CAP, min(LOGIT_CAP, math.log(p / (1 - p))))


class DenseFeatures(BaseEstimator, TransformerMixin):
    """DataFrame (text_hans, snownlp) -> the DENSE columns; stateless apart from the lexicon."""

    def __init__(self, lexicon: tuple = (), neg_window: int = 3) -> None:
        self.lexicon = lexicon
        self.neg_window = neg_window

    def fit(self, X, y=None) -> DenseFeatures:
        self.n_features_in_ = 2
        return self

    def _lexicon(self) -> Lexicon:
        key = (id(self.lexicon), self.neg_window)
        if getattr(self, "_lex_key", None) != key:
            self._lex, self._lex_key = Lexicon(self.lexicon, self.neg_window), key
        return self._lex

    def frame(self, X: pd.DataFrame) -> pd.DataFrame:
        """The dense features as a DataFrame (one row per sentence, columns DENSE)."""
        lex = self._lexicon()
        rows = []
        for text, s in zip(X["text_hans"].fillna("").astype(str), X["snownlp"].astype(float)):
            f = lex.features(text)
            f["snownlp_logit"] = snownlp_logit(s)
            f["is_question"] = float(bool(_QUESTION.search(text.strip())))
            rows.append([f[name] for name in DENSE])
        return pd.DataFrame(np.asarray(rows, dtype=float).reshape(len(rows), len(DENSE)), columns=list(DENSE),
                            index=X.index)

    def transform(self, X: pd.DataFrame) -> np.ndarray:
        return self.frame(X).to_numpy()

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.asarray(DENSE, dtype=object)
