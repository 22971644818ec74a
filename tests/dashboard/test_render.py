"""Server-side export and the HTML report: real bytes from kaleido and Chromium, Chinese kept."""
from __future__ import annotations

import json
import struct
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from analytics import render, report

needs_chromium = pytest.mark.skipif(render.chromium_path() is None, reason="no system Chromium for kaleido")


def _fig() -> go.Figure:
    return go.Figure(go.Bar(x=["英偉達", "深度求索"], y=[3, 5]), layout={"title": {"text": "測試"}, "height": 400})


def test_subtitle_and_cjk_fonts_are_added_to_a_copy():
    fig = _fig()
    out = render.prepare(fig, "媒体: 观察者网")
    assert out.layout.title.subtitle.text == "媒体: 观察者网"
    assert "Noto Sans CJK SC" in out.layout.font.family
    assert fig.layout.title.subtitle.text is None


@needs_chromium
def test_png_has_the_requested_size_and_svg_keeps_chinese_text():
    png = render.export(_fig(), "png", "媒体: 观察者网", width=600, scale=2)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (1200, 800)
    svg = render.export(_fig(), "svg", "媒体: 观察者网").decode("utf-8")
    assert svg.startswith("<svg") and "深度求索" in svg and "观察者网" in svg


def test_html_is_standalone_with_the_subtitle():
    html = render.export(_fig(), "html", "语气: 负面").decode("utf-8")
    escaped = json.dumps("语气: 负面")[1:-1]
    assert "<html>" in html and escaped in html and "<script src=" not in html


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        render.to_image(_fig(), "gif")


def test_report_holds_charts_tables_and_filters_escaped():
    df = pd.DataFrame({"source": ["<b>CNBC</b>", "紐約時報"], "n": [3, 2]})
    html = report.build("概览", "媒体: 观察者网", [("图一", _fig()), ("图二", _fig())], [("来源", df)], lang="zh",
                        static=False).decode()
    assert html.count("<h2>") == 3 and "媒体: 观察者网" in html and "紐約時報" in html
    assert "&lt;b&gt;CNBC&lt;/b&gt;" in html and "<b>CNBC</b>" not in html
    assert html.count("Plotly.newPlot") == 2


@needs_chromium
def test_docs_example_chart_is_a_real_png():
    png = Path(__file__).resolve().parents[2] / "docs" / "example_chart.png"
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


def test_legends_never_sit_below_the_plot_where_the_axis_title_is():
    from analytics.plotting.overview_common import base_layout

    short = base_layout(go.Figure([go.Bar(name=n, x=[1], y=[1]) for n in ("正面", "中性", "负面")]), "t")
    assert short.layout.legend.orientation == "h" and short.layout.legend.y >= 1
    long = base_layout(go.Figure([go.Scatter(name=str(i), x=[1], y=[1]) for i in range(8)]), "t")
    assert long.layout.legend.orientation == "v" and long.layout.legend.x > 1


def test_exported_chart_carries_the_title_the_app_shows_as_a_heading():
    bare = go.Figure(go.Bar(x=[1], y=[1]))
    out = render.titled(bare, "各媒体语气")
    assert out.layout.title.text == "各媒体语气" and bare.layout.title.text is None
    assert "各媒体语气" in render.export(out, "svg", subtitle="筛选：媒体 = 观察者网").decode("utf-8")
    own = go.Figure(layout={"title": {"text": "自带标题"}})
    assert render.titled(own, "别的").layout.title.text == "自带标题"


@needs_chromium
def test_report_opens_with_numbers_summary_and_filters_then_static_charts_and_readable_tables():
    df = pd.DataFrame({"媒体": ["观察者网"], "语气分值": [0.123456789]})
    about = [("筛选", "媒体: 观察者网"), ("数据库版本", "pipeline 3"), ("导出时间", "2025-01-30 10:00 UTC")]
    html = report.build("概览", "媒体: 观察者网", [("图一", _fig())], [("句子", df)], lang="zh",
                        headline=[("文章", "5"), ("句子", "263")], summary="5 篇文章，来自 3 家媒体。", about=about).decode()
    first_chart = html.index("<h2>")
    for part in ("263", "5 篇文章，来自 3 家媒体。", "媒体: 观察者网", "pipeline 3"):
        assert html.index(part) < first_chart
    assert "data:image/png;base64," in html and "Plotly.newPlot" not in html
    assert "0.12" in html and "0.123456" not in html
