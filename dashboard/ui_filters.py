"""Filters and the URL: the sidebar's global filters and a canonical link that reopens the whole view.

The URL is written by the app, not by bound widgets: every run ends by putting the language, script,
colours and every filter into the address bar as ids (outlet name, source, narrative number, tone code,
entity id), the same whatever language shows them. A session's first run reads a link back, accepting
ids or any label in either language or script, so old and hand-written links still open their view.
Pages keep their own parameters (PAGE_PARAMS) through ``page_params``; the date range is ``from``/``to``.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from analytics import escaping, filters as flt, query
from analytics.clean import to_script
from analytics.display import NOT_STATED, UNKNOWN, topic_label as shown_topic
from dashboard import data, links
from dashboard.i18n import LANGS, STRINGS, lang, t

FILTER_KEYS = ("outlet", "cited", "topic", "tone", "entity", "q")
SETTINGS = {"lang": "zh", "script": "Hans", "colors": "western"}
DATE_PARAMS = {"from": "date_from", "to": "date_to"}
PAGE_PARAMS = ("article", "sentence", "gran", "split", "level", "claim", "term", "sort", "width", "dim", "a", "b")
PAGE_STATE = ("_tl_url", "_kw_url", "_cmp_url", "tl_gran", "tl_split", "tl_level", "tl_claim", "kw_term", "kw_sort",
              "kw_width", "cmp_dim", "cmp_a_outlet", "cmp_b_outlet", "cmp_a_range", "cmp_b_range")
_READ = "_url_read"
_SETTING_ALIASES = {
    "lang": {"zh": ("zh", "中文", "Chinese", "cn"), "en": ("en", "English", "英文", "英语")},
    "script": {"Hans": ("Hans", "简体", "hans", "simplified"), "Hant": ("Hant", "繁體", "繁体", "hant", "traditional")},
    "colors": {"western": ("western", "intl"), "cn": ("cn", "china", "chinese")},
}


def current_filters() -> flt.Filters:
    """The sidebar's filter values as a Filters record."""
    ss = st.session_state
    return flt.Filters(
        outlet=tuple(ss.get("outlet") or ()), cited=tuple(ss.get("cited") or ()),
        topic=tuple(int(x) for x in ss.get("topic") or ()), tone=tuple(ss.get("tone") or ()),
        entity=tuple(ss.get("entity") or ()), q=ss.get("q") or "", **date_range(),
    )


def _iso(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else ""


def date_range() -> dict[str, str]:
    """The sidebar's date range as ISO strings (``date_from``, ``date_to``; empty = open), earlier first."""
    lo, hi = (_iso(st.session_state.get(key)) for key in DATE_PARAMS.values())
    if lo and hi and lo > hi:
        lo, hi = hi, lo
    return {"date_from": lo, "date_to": hi}


def scheme() -> str:
    """Tone colour scheme chosen in the settings ('western' or 'cn')."""
    return st.session_state.get("colors", "western")


def script() -> str:
    """Script for labels and sentences: 'Hans' (Simplified) or 'Hant' (Traditional)."""
    return st.session_state.get("script", "Hans")


def view() -> dict[str, pd.DataFrame]:
    return data.view(current_filters())


def subtitle() -> str:
    return flt.describe(current_filters(), data.tables(), lang())


def _alias_map(known: dict[object, tuple[str, ...]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for option, names in known.items():
        for name in (str(option), *names):
            out.setdefault(name, option)
            out.setdefault(name.casefold(), option)
    return out


def read_settings() -> None:
    """On a session's first run, take language, script and colours from the link."""
    if st.session_state.get(_READ):
        return
    for key, known in _SETTING_ALIASES.items():
        raw = st.query_params.get(key)
        if raw is None:
            continue
        alias = _alias_map(known)
        hit = alias.get(raw, alias.get(str(raw).casefold()))
        if hit is not None:
            st.session_state[key] = hit
        else:
            links.ignored(key, raw)


def read_filters(options: dict[str, pd.DataFrame]) -> None:
    """On a session's first run, take every filter from the link, written as ids or as labels in any
    language or script; later runs keep the session's own values."""
    if st.session_state.get(_READ):
        return
    st.session_state[_READ] = True
    known = option_aliases(options)
    for key, names in known.items():
        values = st.query_params.get_all(key)
        if not values:
            continue
        alias = _alias_map(names)
        chosen = [alias.get(v, alias.get(v.casefold())) for v in values]
        for v, c in zip(values, chosen):
            if c is None:
                links.ignored(key, v)
        st.session_state[key] = list(dict.fromkeys(c for c in chosen if c is not None))
    q = links.text("q")
    if q:
        st.session_state["q"] = q
    read_dates()


def read_dates() -> None:
    """``from`` and ``to`` (ISO dates) from the link; anything else is named as ignored."""
    for param, key in DATE_PARAMS.items():
        raw = st.query_params.get(param)
        if not raw:
            continue
        try:
            if len(raw) > 10:
                raise ValueError(raw)
            st.session_state[key] = dt.date.fromisoformat(raw)
        except ValueError:
            links.ignored(param, raw)


def option_aliases(options: dict[str, pd.DataFrame]) -> dict[str, dict[object, tuple[str, ...]]]:
    """Every name each filter option may carry in a link."""
    outlets = aliases(options["outlet"], "outlet", ["outlet_en"])
    for option in list(outlets):
        if option == NOT_STATED["zh"]:
            outlets[option] += (UNKNOWN, NOT_STATED["en"])
    return {"outlet": outlets, "cited": aliases(options["cited"], "source", ["source_en"]),
            "topic": topic_aliases(options["topic"]), "tone": tone_aliases(),
            "entity": aliases(options["entity"], "entity_id", ["name", "name_en"])}


def aliases(df: pd.DataFrame, key: str, names: list[str]) -> dict[object, tuple[str, ...]]:
    """Every name an option may carry in a link (its id, its names in each language and script)."""
    out: dict[object, tuple[str, ...]] = {}
    for row in df.to_dict("records"):
        found = [str(row[c]) for c in [key, *names] if c in row and isinstance(row[c], str) and row[c]]
        out[row[key]] = tuple(found + [to_script(n, "Hant") for n in found])
    return out


def topic_aliases(topics: pd.DataFrame) -> dict[object, tuple[str, ...]]:
    """Narratives by id, ``3 · label`` in either script, or the bare label."""
    out: dict[object, tuple[str, ...]] = {}
    for row in topics.to_dict("records"):
        i = int(row["topic_id"])
        labels = [x for x in (row.get("label"), row.get("label_hant")) if isinstance(x, str) and x]
        out[i] = tuple([str(i)] + labels + [f"{i} · {x}" for x in labels])
    return out


def tone_aliases() -> dict[object, tuple[str, ...]]:
    """pos/neu/neg as codes or as the words either language shows."""
    return {code: (code, *STRINGS[code], to_script(STRINGS[code][0], "Hant")) for code in flt.TONES}


def url_params(page_params: dict[str, str] | None = None) -> dict[str, object]:
    """The canonical query of the current view: settings, then every active filter, then the page's own."""
    ss = st.session_state
    out: dict[str, object] = {key: ss.get(key) or default for key, default in SETTINGS.items()}
    for key in FILTER_KEYS:
        value = ss.get(key)
        if key == "q":
            if value and str(value).strip():
                out["q"] = str(value).strip()
        elif value:
            out[key] = [str(v) for v in value]
    dates = date_range()
    for param, key in DATE_PARAMS.items():
        if dates[key]:
            out[param] = dates[key]
    out.update(page_params or {})
    return out


def page_params(values: Mapping[str, object]) -> None:
    """A page's own parameters into the URL (each must be in PAGE_PARAMS): set when given, removed when
    empty, so the link reopens the page exactly and never keeps a value the page no longer shows."""
    for key, value in values.items():
        if key not in PAGE_PARAMS:
            raise KeyError(f"{key} is not a page parameter (add it to PAGE_PARAMS)")
        if value is None or value == "" or value is False:
            if key in st.query_params:
                del st.query_params[key]
        else:
            st.query_params[key] = str(value)


def write_url() -> None:
    """Put the whole view into the address bar. Sent on every run: a page switch clears the browser's
    query string while the server still holds the old one, so comparing the two would skip the write."""
    keep = {k: st.query_params.get(k) for k in PAGE_PARAMS if st.query_params.get(k) is not None}
    st.query_params.from_dict(url_params(keep))


def nav_links(pages: list) -> None:
    """The page menu as links carrying the whole view: a page switch keeps language, settings and filters
    (Streamlit's own menu clears the query string, and a write after the switch can lose the race)."""
    params = url_params()
    row = st.container(horizontal=True, gap="small", key="nav_links")
    for p in pages:
        if getattr(p, "visibility", "visible") != "hidden":
            row.page_link(p, label=p.title, icon=p.icon, query_params=params)


def _keep_valid(key: str, options: list) -> None:
    """Drop selected values the options no longer hold (an upload removed, a rebuild renumbered)."""
    chosen = st.session_state.get(key)
    if chosen:
        valid = [v for v in chosen if v in options]
        if valid != list(chosen):
            st.session_state[key] = valid


def filter_widgets(options: dict[str, pd.DataFrame]) -> None:
    """The sidebar's filters, labelled in the UI language; values are ids, so links survive a language switch."""
    en = lang() == "en"
    outlets, cited, topics, ents = options["outlet"], options["cited"], options["topic"], options["entity"]
    outlet_names = dict(zip(outlets["outlet"], outlets["outlet_en"])) if en else {}
    cited_names = dict(zip(cited["source"], cited["source_en"])) if en else {}
    hant = script() == "Hant"
    topic_col = "label_hant" if hant and "label_hant" in topics else "label"
    topic_names = dict(zip(topics["topic_id"].astype(int), topics[topic_col]))
    ent_names = dict(zip(ents["entity_id"], ents["name_en" if en else "name"]))
    ent_zh = dict(zip(ents["entity_id"], ents["name"]))

    code = lang()
    topic_shown = {int(i): shown_topic(i, topic_names, code) for i in topics["topic_id"]}
    tone_shown = {x: t(x) for x in flt.TONES}
    widgets: list[tuple[str, list, Callable]] = [
        ("outlet", list(outlets["outlet"]), lambda o: outlet_names.get(o) or o),
        ("cited", list(cited["source"]), lambda s: cited_names.get(s) or s),
        ("topic", [int(x) for x in topics["topic_id"]], topic_shown.get),
        ("tone", list(flt.TONES), tone_shown.get),
        ("entity", list(ents["entity_id"]), lambda e: ent_names.get(e) or ent_zh.get(e) or e),
    ]
    for key, opts, label in widgets:
        _keep_valid(key, opts)
        st.multiselect(t(f"f_{key}"), opts, key=key, format_func=label, placeholder=t("any"))
    st.text_input(t("f_q"), key="q", help=t("f_q_help"))
    query_problem()
    date_widgets(data.tables()["articles"])
    if current_filters().active:
        st.button(t("clear"), on_click=clear_filters, icon=":material/filter_alt_off:")


def query_problem() -> None:
    """Say what is wrong with a malformed Boolean search (the filter then searches the plain text)."""
    q = st.session_state.get("q") or ""
    msg = query.error_message(q, lang()) if q.strip() else None
    if msg:
        st.error(t("q_bad", msg=escaping.markdown(msg)), icon=":material/error:")


def date_widgets(articles: pd.DataFrame) -> None:
    """From and to dates (either may stay empty), bounded by the corpus's dated articles; the range
    applies to every page and names itself in exports as ``Dates: from – to``."""
    span = flt.date_span(articles)
    chosen = [st.session_state.get(k) for k in DATE_PARAMS.values()]
    if span is None and not any(chosen):
        return
    days = [dt.date.fromisoformat(d) for d in span or ()] + [d for d in chosen if isinstance(d, dt.date)]
    lo, hi = min(days), max(days)
    cols = st.columns(2)
    for col, (param, key) in zip(cols, DATE_PARAMS.items()):
        extra = {} if key in st.session_state else {"value": None}
        col.date_input(t(f"f_{param}"), min_value=lo, max_value=hi, key=key, format="YYYY-MM-DD", **extra)
    if span:
        st.caption(t("dates_span", lo=span[0], hi=span[1]))


def settings_widgets() -> None:
    """Script and tone colours (labels fixed when drawn, so they never depend on a later language)."""
    st.radio(t("script"), ["Hans", "Hant"], key="script", horizontal=True, format_func={"Hans": "简体", "Hant": "繁體"}.get)
    colors = {"western": t("colors_western"), "cn": t("colors_cn")}
    st.radio(t("colors"), list(colors), key="colors", format_func=colors.get)


def language_widget() -> None:
    st.radio("语言 · Language", list(LANGS), format_func=LANGS.get, key="lang", horizontal=True)


def forget_view() -> None:
    """Reset filters and pages' own values (a widget callback, before the link of a saved view is opened)."""
    clear_filters()
    for key in PAGE_STATE:
        st.session_state.pop(key, None)


def read_link_again() -> None:
    """Have the next run read the URL as a session's first run does (the link of a reopened view)."""
    st.session_state.pop(_READ, None)


def clear_filters() -> None:
    """Reset every global filter."""
    for key in FILTER_KEYS:
        st.session_state[key] = "" if key == "q" else []
    for key in DATE_PARAMS.values():
        st.session_state[key] = None
