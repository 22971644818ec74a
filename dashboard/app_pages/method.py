"""Method: how each metric is computed and how accurate it measured, and whether this corpus is like the
text the tone model learned from (coverage, feature ranges, class mix estimated without labels)."""
import streamlit as st

from analytics import tone_check
from dashboard import components as ui, data, safe
from dashboard.i18n import lang, t

st.title(t("method"))
st.markdown(ui.method_text(lang()))

en = lang() == "en"
st.subheader("Tone model check on this corpus" if en else "语气模型对本语料的检查")
check = data.tables().get("tone_check")
if check is None or check.empty:
    st.info("This store was built before the tone check existed; rebuild it to see the check." if en else
            "此数据库建于语气检查加入之前；重新构建后即可查看。")
else:
    problems = tone_check.warnings(check)
    if problems:
        st.warning(("The corpus is outside what the tone model was trained on; tone labels may be less reliable:\n\n"
                    if en else "本语料超出语气模型的训练范围，语气标签可能不够可靠：\n\n")
                   + "\n".join(f"- {p}" for p in problems))
    else:
        st.success("The corpus is within the tone model's training range." if en else "本语料在语气模型的训练范围之内。")
    safe.dataframe(check, hide_index=True, key="tone_check_table",
                 column_config={"value": st.column_config.NumberColumn(format="%.3f"),
                                "ok": st.column_config.CheckboxColumn("ok")})
