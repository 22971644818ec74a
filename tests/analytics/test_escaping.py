"""Corpus text stays text: Markdown escaping, Plotly figure escaping and its inverse for selections."""
from __future__ import annotations

import html

import plotly.graph_objects as go

from analytics import escaping

HOSTILE = ("<script>alert(1)</script> <img src=x onerror=alert(1)> ![t](http://127.0.0.1:9/x.png) "
           "[x](javascript:alert(1)) <a href=http://127.0.0.1:9/>x</a> $x$ :red[r] www.example.org")


def test_markdown_leaves_no_markup_character_but_reads_back_the_same():
    out = escaping.markdown(HOSTILE)
    bare = out
    for ref in {f"&#{ord(ch)};" for ch in HOSTILE}:
        bare = bare.replace(ref, "")
    assert not set(bare) & set("<>[]()!$:`*_#|&")
    assert html.unescape(out).replace("\u2060", "") == HOSTILE
    assert escaping.markdown("1 article from 1 outlet, 5 sentences.") == "1 article from 1 outlet, 5 sentences&#46;"


def test_plotly_markup_keeps_formatting_tags_only():
    out = escaping.plotly_markup("%{y}<br><b>n</b><a href='http://127.0.0.1:9/'>x</a><span style='x'>s</span>"
                                 "<extra></extra>")
    assert out == ("%{y}<br><b>n</b>&lt;a href='http://127.0.0.1:9/'>x&lt;/a>&lt;span style='x'>s&lt;/span>"
                   "<extra></extra>")


def test_figure_escapes_data_and_labels_and_selection_reads_back():
    fig = go.Figure(go.Bar(x=[HOSTILE, "b"], y=[1, 2], name="<a href=x>n</a>", customdata=[["outlet:<b>o"], ["k"]],
                           hovertemplate="%{x}<br>%{customdata[0]}<a href='y'>z</a><extra></extra>"))
    fig.update_layout(title_text="T <a href=x>t</a>", yaxis={"tickvals": ["<i>"], "ticktext": ["<i>q<br><sub>r</sub>"]})
    fig.add_annotation(text="<a href=x>k</a>")
    d = escaping.figure(fig).to_dict()
    trace = d["data"][0]
    assert trace["x"][0] == html.escape(HOSTILE, quote=False) and trace["x"][1] == "b"
    assert trace["name"] == "&lt;a href=x&gt;n&lt;/a&gt;"
    assert trace["customdata"][0] == ["outlet:&lt;b&gt;o"]
    assert "<a" not in trace["hovertemplate"] and "<br>" in trace["hovertemplate"]
    assert "<a" not in d["layout"]["title"]["text"] and "<a" not in d["layout"]["annotations"][0]["text"]
    assert d["layout"]["yaxis"]["tickvals"] == ["&lt;i&gt;"]
    assert d["layout"]["yaxis"]["ticktext"] == ["<i>q<br><sub>r</sub>"]
    points = [{"x": trace["x"][0], "customdata": trace["customdata"][0], "curve_number": 0}]
    assert escaping.unescape(points) == [{"x": HOSTILE, "customdata": ["outlet:<b>o"], "curve_number": 0}]
