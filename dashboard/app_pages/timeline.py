"""Timeline: articles and mean tone per day, week or month (per outlet on request), narratives and
themes over time, and the values one claim was quoted with over time."""
import streamlit as st

from analytics import timeline
from analytics.plotting.claim_over_time import claim_over_time
from analytics.plotting.time_volume import time_volume
from analytics.plotting.topic_over_time import topic_over_time
from dashboard import components as ui, links, ui_filters
from dashboard.i18n import lang

TEXT = {
    "title": ("时间线", "Timeline"), "gran": ("时间粒度", "Granularity"), "auto": ("自动", "auto"),
    "day": ("日", "day"), "week": ("周", "week"), "month": ("月", "month"),
    "split": ("按媒体拆分", "Split by outlet"), "volume": ("报道量与语气", "Coverage and tone"),
    "undated": ("{n} 篇文章没有可识别的发布日期，未计入时间图。", "{n} articles have no readable publication date and are not on the time axis."),
    "level": ("按", "By"), "narratives": ("叙事", "narratives"), "themes": ("主题", "themes"),
    "topics": ("叙事随时间变化", "Narratives over time"), "claim": ("说法", "Claim"),
    "claim_chart": ("同一说法的数值随时间变化", "A claim's values over time"), "no_claims": ("当前视图没有说法。", "No claims in this view."),
}
PARAMS = {"gran": "tl_gran", "split": "tl_split", "level": "tl_level"}
DEFAULTS = {"gran": "auto", "level": "narratives"}


def s(key: str, **fmt) -> str:
    text = TEXT[key][1 if lang() == "en" else 0]
    return text.format(**fmt) if fmt else text


if not st.session_state.get("_tl_url"):
    st.session_state["_tl_url"] = True
    allowed = {"gran": ("auto", "day", "week", "month"), "split": ("1", "0", ""), "level": ("narratives", "themes")}
    for param, key in PARAMS.items():
        if (value := links.choice(param, allowed[param])) is not None:
            st.session_state[key] = value == "1" if key == "tl_split" else value
    st.session_state["_tl_claim_param"] = links.text("claim", 200)

v = ui.view()
st.title(s("title"))
st.caption(ui.subtitle())

row = st.columns([2, 1, 1])
gran = row[0].segmented_control(s("gran"), ["auto", "day", "week", "month"], key="tl_gran", default="auto",
                                format_func=s) or "auto"
split = row[1].toggle(s("split"), key="tl_split")
level = row[2].segmented_control(s("level"), ["narratives", "themes"], key="tl_level", default="narratives",
                                 format_func=s) or "narratives"
ui_filters.page_params({"gran": None if gran == DEFAULTS["gran"] else gran, "split": "1" if split else None,
                        "level": None if level == DEFAULTS["level"] else level})

articles = v["articles"]
table = timeline.volume(articles, gran, by="outlet" if split else None)
ui.chart(time_volume(table, lang(), ui.scheme(), by="outlet" if split else None), "tl_volume", s("volume"))
if undated := timeline.undated_count(articles):
    st.caption(s("undated", n=undated))

if level == "themes" and v.get("themes") is not None and "theme_id" in articles:
    shares = timeline.topic_shares(v["sentences"], articles, v["themes"], gran, column="theme_id")
else:
    shares = timeline.topic_shares(v["sentences"], articles, v.get("topics"), gran)
ui.chart(topic_over_time(shares, lang()), "tl_topics", s("topics"))

claims = v.get("claims")
if claims is None or claims.empty:
    st.info(s("no_claims"))
    ui_filters.page_params({"claim": None})
else:
    labels = dict(zip(claims["claim_id"].astype(str), claims["label"].astype(str)))
    if (wanted := st.session_state.pop("_tl_claim_param", None)) is not None:
        if wanted in labels:
            st.session_state["tl_claim"] = wanted
        else:
            links.ignored("claim", wanted)
    cid = st.selectbox(s("claim"), list(labels), format_func=lambda c: labels.get(c, str(c)), key="tl_claim")
    ui_filters.page_params({"claim": None if cid == next(iter(labels)) else cid})
    ui.chart(claim_over_time(timeline.claim_values(v["figures"], articles, cid), lang()), "tl_claim_chart",
             s("claim_chart"))
