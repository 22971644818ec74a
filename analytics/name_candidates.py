"""Dictionary leads: frequent proper nouns (jieba nr/nt/nz/ns/eng, ·-names) that no recognised entity
covers, counted per chunk of articles and merged keeping the corpus's first example."""
from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from analytics.entity_dict import load_dictionary, _norm
from analytics.entity_recognition import _FOREIGN_NAME, _TRANSLIT_RUN, _freq, _pos

CANDIDATE_COLUMNS = ["name", "pos", "n_mentions", "n_articles", "example"]

_PROPER = {"nr", "nrt", "nrfg", "nt", "nz", "ns", "eng"}
_COMMON_FREQ = 300


def _proper_tokens(text: str) -> list[tuple[str, str, int, int]]:
    """(word, pos, start, end) of likely proper nouns: rare jieba nr/nt/nz/ns words, Latin names, X·Y names."""
    out = []
    for word, flag, start, end in _pos(text):
        word = word.strip()
        if flag not in _PROPER or len(word) < 2 or word.isdigit():
            continue
        if flag == "eng":
            if len(word) >= 3 and re.search(r"[A-Z]", word):
                out.append((word, "eng", start, end))
        elif _freq(word) <= _COMMON_FREQ and "·" not in word:
            out.append((word, flag, start, end))
    for m in _TRANSLIT_RUN.finditer(text):
        inside = [t for t in out if t[1].startswith("nr") and m.start() <= t[2] and t[3] <= m.end()]
        if inside:
            out = [t for t in out if t not in inside] + [(m.group(0), "nr", m.start(), m.end())]
    for m in _FOREIGN_NAME.finditer(text):
        out = [t for t in out if not (m.start() <= t[2] and t[3] <= m.end())]
        out.append((m.group(0), "nr", m.start(), m.end()))
    return out


def entity_candidates(sentences: pd.DataFrame, mentions: pd.DataFrame, min_count: int = 2) -> pd.DataFrame:
    """Frequent proper nouns (jieba POS nr/nt/nz/ns/eng) that no recognised entity covers: dictionary leads."""
    return candidates_from_stats([candidate_stats(sentences, mentions)], min_count)


def candidate_stats(sentences: pd.DataFrame, mentions: pd.DataFrame,
                    order: Iterable[int] | None = None) -> dict[str, dict]:
    """Counts behind ``entity_candidates`` for some articles; ``order`` numbers the sentences within the
    whole corpus (default: their rows) so that chunks merge keeping the first mention's example."""
    d = load_dictionary()
    covered: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for aid, idx, s, e in zip(mentions.get("article_id", []), mentions.get("sentence_idx", []),
                              mentions.get("start", []), mentions.get("end", [])):
        covered.setdefault((aid, int(idx)), []).append((int(s), int(e)))
    stats: dict[str, dict] = {}
    order = range(len(sentences)) if order is None else order
    for aid, idx, text, row in zip(sentences.get("article_id", []), sentences.get("sentence_idx", []),
                                   sentences.get("text_hans", []), order):
        text = _norm(str(text))
        spans = covered.get((aid, int(idx)), [])
        for word, flag, start, end in _proper_tokens(text):
            if word in d.stoplist or any(s < end and start < e for s, e in spans) or d.lookup(word):
                continue
            st = stats.get(word)
            if st is None:
                st = stats[word] = {"name": word, "pos": flag, "n_mentions": 0, "articles": set(),
                                    "example": text[:80], "first": row}
            elif row < st["first"]:
                st.update(pos=flag, example=text[:80], first=row)
            st["n_mentions"] += 1
            st["articles"].add(aid)
    return stats


def candidates_from_stats(parts: Iterable[dict[str, dict]], min_count: int = 2) -> pd.DataFrame:
    """The ``entity_candidates`` table from the ``candidate_stats`` of chunks of articles."""
    stats: dict[str, dict] = {}
    for part in parts:
        for word, st in part.items():
            have = stats.get(word)
            if have is None:
                stats[word] = {**st, "articles": set(st["articles"])}
                continue
            if st["first"] < have["first"]:
                have.update(pos=st["pos"], example=st["example"], first=st["first"])
            have["n_mentions"] += st["n_mentions"]
            have["articles"] |= st["articles"]
    rows = [{**{k: v for k, v in st.items() if k not in {"articles", "first"}}, "n_articles": len(st["articles"])}
            for st in stats.values() if st["n_mentions"] >= min_count]
    out = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    return out.sort_values(["n_mentions", "name"], ascending=[False, True], ignore_index=True)
