"""One jieba segmenter per process: the dictionary loads once (about a second) and every module shares it.

The shared tokenizer carries the general user dictionary plus the words of any active domain pack;
words other modules need kept whole (a tone lexicon) are added with ``add_words``. Global jieba state
is never touched, so a caller's own jieba use is unaffected.
"""
from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path

import jieba
import jieba.posseg

DATA = Path(__file__).parent / "data"
_LOCK = threading.Lock()
_LOADED: set[str] = set()


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """The process's jieba tokenizer, initialised once with the general user dictionary."""
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    with _LOCK:
        tok.initialize()
        general = DATA / "userdict.txt"
        if general.exists():
            tok.load_userdict(str(general))
    return tok


@lru_cache(maxsize=1)
def pos_tokenizer() -> jieba.posseg.POSTokenizer:
    """Part-of-speech segmenter over the same dictionary (nr person, ns place, nt organisation, nz other)."""
    return jieba.posseg.POSTokenizer(tokenizer())


def add_userdict(path: Path | str) -> None:
    """Load a domain pack's user dictionary into the shared segmenter once (see analytics.packs)."""
    key = str(Path(path).resolve())
    if key in _LOADED:
        return
    tok = tokenizer()
    with _LOCK:
        tok.load_userdict(key)
        _LOADED.add(key)


def add_words(words, freq: int = 5000, tag: str | None = None) -> None:
    """Keep ``words`` whole in the shared segmenter (idempotent; frequency never lowered)."""
    tok = tokenizer()
    with _LOCK:
        for w in words:
            w = str(w)
            if len(w) > 1 and tok.FREQ.get(w, 0) < freq:
                tok.add_word(w, freq=freq, tag=tag)


def word_freq(word: str) -> int:
    """jieba's dictionary frequency of a (Simplified) word, 0 when unknown."""
    return tokenizer().FREQ.get(word, 0)
