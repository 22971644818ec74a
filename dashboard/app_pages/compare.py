"""Compare: two views side by side (outlet A vs outlet B, or two periods) with their headline numbers,
tone, largest narratives and the terms that set each apart."""
import datetime as dt

import pandas as pd
import streamlit as st

from analytics import compare, distinctive, filters as flt, timeline
from analytics.plotting.distinctive_terms import distinctive_terms
from analytics.plotting.tone_by_group import tone_by_group
from dashboard import components as ui, data, links, ui_filters
from dashboard.i18n import lang

TEXT = {
    "title": ("对比", "Compare"), "dim": ("对比", "Compare by"), "outlet": ("媒体", "outlet"),
    "period": ("时段", "period"), "a": ("甲方", "View A"), "b": ("乙方", "View B"),
    "articles": ("文章", "Articles"), "sentences": ("句子", "Sentences"), "tone": ("平均语气", "Mean tone"),
    "neg": ("负面占比", "Negative share"), "topics": ("主要叙事", "Largest narratives"),
    "tone_chart": ("语气对比", "Tone side by side"), "terms": ("区分词（对数几率，信息先验）", "Distinctive terms (log-odds, informative prior)"),
    "label": ("叙事", "narrative"), "n_sentences": ("句子数", "sentences"), "share": ("占比", "share"),
    "need": ("两边都需要有文章。", "Both sides need articles."), "no_dates": ("当前视图没有带日期的文章。", "No dated articles in this view."),
}


def s(key: str) -> str:
    return TEXT[key][1 if lang() == "en" else 0]


def _iso(d: object) -> str:
    return d.isoformat() if isinstance(d, dt.date) else ""


if not st.session_state.get("_cmp_url"):
    st.session_state["_cmp_url"] = True
    dim_param = links.choice("dim", ("outlet", "period"))
    if dim_param:
        st.session_state["cmp_dim"] = dim_param
    known_outlets = set(data.tables()["articles"]["outlet"].dropna())
    for side in ("a", "b"):
        if dim_param == "period":
            if (span := links.date_range(side)) is not None:
                st.session_state[f"cmp_{side}_range"] = span
        elif (value := links.choice(side, known_outlets)) is not None:
            st.session_state[f"cmp_{side}_outlet"] = value

v = ui.view()
st.title(s("title"))
st.caption(ui.subtitle())
dim = st.segmented_control(s("dim"), ["outlet", "period"], key="cmp_dim", default="outlet", format_func=s) or "outlet"
pick = st.columns(2)
values: dict[str, object] = {}
if dim == "outlet":
    outlets = v["articles"]["outlet"].value_counts().index.tolist()
    for i, side in enumerate(("a", "b")):
        key = f"cmp_{side}_outlet"
        if st.session_state.get(key) not in outlets:
            st.session_state.pop(key, None)
        first = {} if key in st.session_state else {"index": min(i, max(len(outlets) - 1, 0))}
        values[side] = pick[i].selectbox(s(side), outlets, key=key, **first)
else:
    dated = timeline.dated(v["articles"])
    if dated.empty:
        st.info(s("no_dates"))
        st.stop()
    lo, hi = dated["date"].min().date(), dated["date"].max().date()
    mid = lo + (hi - lo) / 2
    for i, side in enumerate(("a", "b")):
        default = (lo, mid) if side == "a" else (mid + dt.timedelta(days=1), hi)
        key = f"cmp_{side}_range"
        chosen = pick[i].date_input(s(side), value=default, key=key, min_value=dt.date(1800, 1, 1),
                                    max_value=dt.date(2200, 1, 1))
        chosen = tuple(chosen) if isinstance(chosen, (tuple, list)) else (chosen, chosen)
        values[side] = (_iso(chosen[0]), _iso(chosen[-1])) if chosen else ("", "")
ui_filters.page_params({"dim": None if dim == "outlet" else dim,
                        **{side: values.get(side) if dim == "outlet" else "..".join(values[side]) * all(values[side])
                           for side in ("a", "b")}})

ids = {side: compare.articles_in(v, dim, values[side]) if values.get(side) else [] for side in ("a", "b")}
if not ids["a"] or not ids["b"]:
    st.info(s("need"))
    st.stop()
names = {side: str(values[side]) if dim == "outlet" else " – ".join(values[side]) for side in ("a", "b")}
sides = {side: compare.subset(v, ids[side]) for side in ("a", "b")}

cols = st.columns(2)
for col, side in zip(cols, ("a", "b")):
    k = flt.summary(sides[side])
    with col:
        st.subheader(f"{s(side)}: {ui.escape(names[side])}")
        m = st.columns(4)
        m[0].metric(s("articles"), k["n_articles"])
        m[1].metric(s("sentences"), k["n_sentences"])
        m[2].metric(s("tone"), "—" if pd.isna(k["tone_mean"]) else f"{k['tone_mean']:+.2f}")
        m[3].metric(s("neg"), "—" if pd.isna(k["share_neg"]) else f"{k['share_neg']:.0%}")
        top = compare.top_topics(sides[side]).drop(columns="topic_id")
        ui.table(top.assign(share=top["share"].round(3)).rename(columns={c: s(c) for c in ("label", "n_sentences", "share")}),
                 f"cmp_topics_{side}", s("topics"))

both = pd.concat([sides[side]["sentences"].assign(side=names[side]) for side in ("a", "b")], ignore_index=True)
ui.chart(tone_by_group(both, "side", lang=lang(), scheme=ui.scheme()), "cmp_tone", s("tone_chart"), drill=False)
keys = v["sentences"]["article_id"].astype(str)
terms = distinctive.distinctive_terms(v["sentences"], keys.isin(ids["a"]), keys.isin(ids["b"]))
ui.chart(distinctive_terms(terms["a"], terms["b"], names["a"], names["b"], lang()), "cmp_terms", s("terms"), drill=False)
