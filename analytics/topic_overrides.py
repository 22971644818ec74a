"""An analyst's choices about topics: the number of themes, renamed and merged topics.

Choices are rows of the store's ``topic_overrides`` table (kept across rebuilds). A topic is named by
its key (level plus its five top terms), which stays the same when an unchanged corpus is rebuilt, so a
rename or merge outlives the ids a rebuild hands out; a choice whose topic no longer exists is ignored.
"""
from __future__ import annotations

import time

import pandas as pd

from analytics.clean import to_script

OVERRIDE_COLUMNS = ["level", "action", "key", "value", "created", "user"]
ACTIONS = ("k", "rename", "merge")


def empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=float if c == "created" else str) for c in OVERRIDE_COLUMNS})


def topic_key(level: str, terms: str) -> str:
    """Stable name of a topic: its level and its five top terms."""
    top = [t.strip() for t in str(terms or "").split(",") if t.strip()][:5]
    return f"{level}:{','.join(top)}"


def keys(topics: pd.DataFrame) -> dict[int, str]:
    """topic_id -> key for every row of a topics table."""
    level = topics["level"] if "level" in topics else pd.Series("narrative", index=topics.index)
    return {int(t): topic_key(lv, terms) for t, lv, terms in zip(topics["topic_id"], level, topics["terms"])}


def override(level: str, action: str, key: str = "", value: str = "", user: str = "") -> pd.DataFrame:
    """One override row, validated; ``user`` is who made it (empty when nobody is signed in)."""
    if action not in ACTIONS:
        raise ValueError(f"action must be one of {', '.join(ACTIONS)}, not {action!r}")
    if level not in ("theme", "narrative"):
        raise ValueError(f"level must be theme or narrative, not {level!r}")
    if action == "k" and not str(value).isdigit():
        raise ValueError(f"the number of themes must be a whole number (0 = automatic), not {value!r}")
    if action in ("rename", "merge") and not (key and str(value).strip()):
        raise ValueError(f"{action} needs a topic and a {'name' if action == 'rename' else 'target topic'}")
    return pd.DataFrame([{"level": level, "action": action, "key": key, "value": str(value).strip(),
                          "created": time.time(), "user": user}])


def n_themes(overrides: pd.DataFrame | None) -> int | None:
    """The analyst's number of themes, None for automatic."""
    if overrides is None or overrides.empty:
        return None
    k = overrides[overrides["action"] == "k"].sort_values("created")
    return int(k["value"].iloc[-1]) or None if len(k) else None


def apply(sentences: pd.DataFrame, articles: pd.DataFrame, topics: pd.DataFrame,
          overrides: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Renames and merges, in the order they were made; returns (sentences, articles, topics)."""
    if overrides is None or overrides.empty or topics.empty:
        return sentences, articles, topics
    sentences, articles, topics = sentences.copy(), articles.copy(), topics.copy()
    for row in overrides[overrides["action"].isin(["rename", "merge"])].sort_values("created").itertuples():
        by_key = {v: k for k, v in keys(topics).items()}
        src = by_key.get(row.key)
        if src is None:
            continue
        if row.action == "rename":
            at = topics["topic_id"] == src
            topics.loc[at, "label"] = row.value
            topics.loc[at, "label_hant"] = to_script(row.value, "Hant")
            continue
        dst = by_key.get(row.value)
        if dst is None or dst == src:
            continue
        if row.level == "theme":
            articles.loc[articles["theme_id"] == src, "theme_id"] = dst
            topics.loc[topics["parent_id"] == src, "parent_id"] = dst
        else:
            sentences.loc[sentences["topic_id"] == src, "topic_id"] = dst
        topics = topics[topics["topic_id"] != src]
    return sentences, articles, _recount(sentences, articles, topics)


def _recount(sentences: pd.DataFrame, articles: pd.DataFrame, topics: pd.DataFrame) -> pd.DataFrame:
    """Sentence and article counts of every topic after merges."""
    topics = topics.copy()
    level = topics["level"] if "level" in topics else pd.Series("narrative", index=topics.index)
    narr = sentences.groupby("topic_id").agg(n_s=("sentence_idx", "size"), n_a=("article_id", "nunique"))
    if "theme_id" in articles:
        theme_of = dict(zip(articles["article_id"], articles["theme_id"]))
        th = sentences.assign(theme=sentences["article_id"].map(theme_of)).groupby("theme").agg(
            n_s=("sentence_idx", "size"), n_a=("article_id", "nunique"))
    else:
        th = narr.iloc[:0]
    for i, (tid, lv) in enumerate(zip(topics["topic_id"], level)):
        src = th if lv == "theme" else narr
        idx = topics.index[i]
        topics.at[idx, "n_sentences"] = int(src["n_s"].get(tid, 0))
        topics.at[idx, "n_articles"] = int(src["n_a"].get(tid, 0))
    return topics.astype({"n_sentences": int, "n_articles": int})
