"""Tone: how the coverage feels per outlet, narrative and along each article, and every sentence's label,
correctable in place; a review queue of the sentences the model is least sure of, and the corrections
history with undo."""
import pandas as pd
import streamlit as st

from analytics import filters as flt, store, tone
from analytics.plotting.tone_arc import tone_arc
from analytics.plotting.tone_by_group import tone_by_group
from analytics.plotting.tone_distribution import tone_distribution
from analytics.plotting.topic_tone_matrix import topic_tone_matrix
from dashboard import auth, components as ui, data, safe
from dashboard.i18n import lang, t


def say(en: str, zh: str) -> str:
    return en if lang() == "en" else zh


def save(article_id: str, idx: int, label: str) -> None:
    """Store a correction with who made it; during an upload session the session tables take it too."""
    if data.SESSION_TABLES in st.session_state:
        data.record_correction(article_id, idx, label)
    else:
        store.record_correction(data.db_path(), article_id, idx, label, user=auth.user())
    st.toast(t("corrected", label=t(label)))


v = ui.view()
joined = ui.derived(flt.sentences_with_articles, v)

st.title(t("tone"))
st.caption(ui.subtitle())

left, right = st.columns(2)
with left:
    ui.chart(ui.figure(tone_by_group, joined, "outlet", lang=lang(), scheme=ui.scheme(), names=ui.outlet_names()),
             "tone_outlet", t("tone_by_outlet"))
with right:
    ui.chart(ui.figure(tone_distribution, v["sentences"], lang=lang(), scheme=ui.scheme()), "tone_dist", t("tone_dist"))
ui.chart(ui.figure(tone_arc, v["sentences"], lang=lang(), scheme=ui.scheme(), names=ui.article_names()), "tone_arc",
         t("tone_arc"))
ui.chart(ui.figure(tone_by_group, ui.derived(flt.sentences_with_entities, v), "entity_id", lang=lang(), scheme=ui.scheme(), top_n=15,
                      names=ui.entity_names()), "tone_entity", t("tone_by_entity"))
ui.chart(ui.figure(topic_tone_matrix, v["sentences"], v["topics"], script=ui.script(), lang=lang()), "tone_topic",
         t("topic_tone"))

ui.tone_editor(v)

st.subheader(say("Review queue", "待复核句子"))
st.caption(say("Sentences the model is least sure of, or where it and raw SnowNLP disagree most. "
               "Your label is kept as a correction and can be undone below.",
               "模型最没有把握、或与原始 SnowNLP 分歧最大的句子。您的标注会保存为修正，可在下方撤销。"))
order = st.segmented_control(say("Order", "排序"), ["uncertain", "disagree"], default="uncertain", key="review_by",
                             format_func=lambda k: {"uncertain": say("least sure", "最没把握"),
                                                    "disagree": say("disagrees with SnowNLP", "与 SnowNLP 分歧")}[k])
queue = tone.review_queue(v["sentences"], n=8, by=order or "uncertain")
names = ui.article_names()
locked = not auth.can_write()
if locked:
    st.info(auth.read_only_reason())
text_col = "text_hans" if ui.script() == "Hans" else "text"
if queue.empty:
    st.info(say("Nothing to review in this view.", "当前视图没有待复核的句子。"))
for r in queue.itertuples():
    key = f"{r.article_id}_{int(r.sentence_idx)}"
    with st.container(border=True):
        st.markdown(f"{ui.tone_badge(r.tone_label)} **{ui._escape(names.get(r.article_id, r.article_id))} #{int(r.sentence_idx)}** "
                    f"{ui._escape(getattr(r, text_col))}", unsafe_allow_html=True)
        cols = st.columns([3, 1, 3])
        label = cols[0].segmented_control(t("correct_label"), ["neg", "neu", "pos"], default=r.tone_label,
                                          format_func=t, key=f"review_{key}")
        if cols[1].button(t("correct_save"), key=f"review_save_{key}", icon=":material/check:",
                          disabled=label is None or locked):
            save(r.article_id, int(r.sentence_idx), label)
            st.rerun()
        cols[2].caption(say(f"margin {r.margin:.2f} · SnowNLP {r.snownlp:.2f} · model tone {r.model_tone:+.2f}",
                            f"置信差 {r.margin:.2f} · SnowNLP {r.snownlp:.2f} · 模型语气 {r.model_tone:+.2f}"))

st.subheader(say("Corrections history", "修正记录"))
history = store.correction_history(data.db_path()) if data.store_exists() else pd.DataFrame()
if history.empty:
    st.info(say("No corrections recorded yet.", "尚无修正记录。"))
else:
    shown = pd.DataFrame({
        "when": pd.to_datetime(history["created"], unit="s").dt.strftime("%Y-%m-%d %H:%M"),
        "who": history["user"].fillna(""), "article": history["article_id"].map(lambda a: names.get(a, a)),
        "#": history["sentence_idx"].astype(int),
        "text": history["text"], "old": history["old_label"].fillna(""), "new": history["label"],
        "undone": pd.to_datetime(history["undone"], unit="s").dt.strftime("%Y-%m-%d %H:%M").fillna(""),
    })
    safe.dataframe(shown, hide_index=True, key="corrections_history")
    active = history[history["undone"].isna()]
    if len(active):
        cols = st.columns([4, 1])
        pick = cols[0].selectbox(say("Undo a correction", "撤销一条修正"), active["correction_id"].tolist(),
                                 key="undo_pick", format_func=lambda c: (
                                     lambda r: f"{names.get(r['article_id'], r['article_id'])} #{int(r['sentence_idx'])}: "
                                               f"{r['old_label'] or '?'} → {r['label']}")(
                                     active[active["correction_id"] == c].iloc[0]))
        if cols[1].button(say("Undo", "撤销"), key="undo_button", icon=":material/undo:", disabled=locked):
            store.undo_correction(data.db_path(), pick)
            st.toast(say("Correction undone", "已撤销修正"))
            st.rerun()
    if st.button(say("Retrain the tone model with these corrections", "用这些修正重新训练语气模型"),
                 key="retrain_button", icon=":material/model_training:", disabled=locked):
        with st.spinner(say("Retraining…", "正在重新训练…")):
            metrics = store.retrain_tone(data.db_path())
        st.success(say(
            f"Held-out seed sample ({metrics['heldout_n']} sentences): macro-F1 {metrics['before_macro_f1']:.3f} before, "
            f"{metrics['macro_f1']:.3f} after; accuracy {metrics['before_accuracy']:.1%} → {metrics['accuracy']:.1%}.",
            f"保留的种子样本（{metrics['heldout_n']} 句）：macro-F1 由 {metrics['before_macro_f1']:.3f} 变为 "
            f"{metrics['macro_f1']:.3f}；准确率 {metrics['before_accuracy']:.1%} → {metrics['accuracy']:.1%}。"))
