"""Articles reader: one cleaned article, sentences tinted by tone, figures and sources marked,
switchable between the original script and Simplified; the linked sentence is framed, scrolled to and
correctable."""
import streamlit as st

from analytics.plotting.overview_common import tone_colors
from dashboard import components as ui
from dashboard import data, links
from dashboard.i18n import t
from dashboard.reader import STYLE, article_html

v = ui.view()
full = data.tables()
st.title(t("articles"))
st.caption(ui.subtitle())

articles = v["articles"] if len(v["articles"]) else full["articles"]
aid = ui.reader_article(list(articles["article_id"]))
if aid is None:
    st.info(t("no_data"))
    st.stop()

meta = full["articles"].set_index("article_id").loc[aid]
st.markdown(f"### {ui.escape(ui.headlines().get(aid) or ui.outlet_of().get(aid, ''))}")
st.caption(" · ".join(ui.escape(x) for x in (ui.outlet_of().get(aid), meta.get("author"), meta.get("published")) if x))

mode = st.segmented_control(t("script"), ["orig", "Hans"], default="orig", key="reader_script",
                            format_func=lambda m: t("script_orig") if m == "orig" else t("script_hans"))
focus = ui.reader_sentence()
rows = data.article(aid)
sents = rows["sentences"]
in_view = set(v["sentences"].loc[v["sentences"]["article_id"] == aid, "sentence_idx"].astype(int))
texts = rows["article_texts"].set_index("article_id")
colors = tone_colors(ui.scheme())
legend = " ".join(ui.tone_badge(x) for x in ("neg", "neu", "pos"))
st.markdown(f"{legend} &nbsp; <b><u>{t('highlight_fig')}</u></b> &nbsp; "
            f"<i style='color:#1f5fa8'>{t('highlight_src')}</i>", unsafe_allow_html=True)

linked = focus is not None and focus in set(sents["sentence_idx"].astype(int))
if focus is not None and not linked:
    links.ignored("sentence", focus)
if linked:
    ui.correction_form(aid, focus, sents)

st.html(STYLE + article_html(
    texts.at[aid, "text"] if aid in texts.index else "", sents,
    rows["figures"], rows["citations"],
    colors, script=mode or "orig", focus=focus, in_view=in_view if ui.current_filters().active else None,
    tone_names={x: t(x) for x in ("neg", "neu", "pos")}))
if linked:
    ui.scroll_to(focus)
