"""Uploads: per-session allowances with a clear message, and a job analysed by the worker process that
reports progress and returns the session's tables."""
from __future__ import annotations

import time

import pytest

from analytics import uploads

TEXT = ("新华社北京1月30日电 国产大模型发布后，多家券商认为算力需求不会下降。分析人士表示，英伟达股价暴跌17%之后"
        "已有反弹，但市场恐慌情绪仍未完全消退。业内专家指出，开源模型降低了开发成本，中小企业迎来新的机会。")


def test_size_allowance_counts_what_the_session_already_sent():
    uploads.check_size([("a.txt", b"x" * 10)], used_bytes=uploads.MAX_SESSION_BYTES - 10)
    with pytest.raises(uploads.LimitError, match="MB per session"):
        uploads.check_size([("a.txt", b"x" * 11)], used_bytes=uploads.MAX_SESSION_BYTES - 10)


def test_character_allowance_is_checked_before_any_analysis(store_db, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_SESSION_CHARS", len(TEXT) + 5)
    with pytest.raises(uploads.LimitError, match=f"{len(TEXT) + 10:,} with this upload"):
        uploads.analyse(store_db, [("a.txt", TEXT.encode())], [], used_chars=10)


def test_job_runs_in_the_worker_and_returns_the_session_tables(store_db):
    job = uploads.Job(store_db, [("upload_news.txt", TEXT.encode())], [], 0)
    deadline = time.monotonic() + 600
    while not job.done and time.monotonic() < deadline:
        time.sleep(0.2)
    assert job.error is None, job.error
    out = job.outcome
    assert out.added == 1 and out.chars == len(TEXT)
    assert "upload_news" in set(out.tables["articles"]["article_id"])
    assert [p.article["article_id"] for p in out.prepared] == ["upload_news"]
    assert job.progress > 0.9
    again = uploads.Job(store_db, [("copy.txt", TEXT.encode())], out.prepared, out.chars)
    while not again.done:
        time.sleep(0.2)
    assert again.outcome.added == 0 and "same text as article upload_news" in again.outcome.skipped[0]
