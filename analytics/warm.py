"""Imported only by the upload worker's fork server: loads the segmenter's dictionaries, the tone model
and the scikit-learn stack once, so every forked upload job starts warm instead of paying ~10-20 s."""
from __future__ import annotations

from analytics import corpus, pipeline

_TEXT = ("新华社北京3月5日电 今年一季度全市社会消费品零售总额同比增长4.2%，多家券商认为消费需求仍在恢复。"
         "分析人士表示，股市下跌之后已有反弹，但市场情绪仍未完全稳定。业内专家指出，中小企业迎来新的机会。")


def warm() -> None:
    """Run every stage once on a short text (results discarded)."""
    read = corpus.read_bytes("warm.txt", _TEXT.encode("utf-8"))
    prepared = [pipeline.prepare_article(a) for a in read.articles]
    try:
        pipeline.analyse(prepared)
    except Exception as exc:  # warming is best effort: a job still runs cold if a stage refuses one article
        print(f"upload worker warm-up incomplete: {exc}")


warm()
