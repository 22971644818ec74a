"""Saved views in the sidebar: name the current view (its link) and keep it, listed with one click to
reopen. A signed-in analyst's views live in the store (table saved_views, with the user), so they follow
the analyst; a visitor's live in this browser's localStorage, so they stay per browser and never reach
the server. Reopening a view is opening its link, exactly as a shared link opens.
"""
from __future__ import annotations

import json

import streamlit as st

from analytics import escaping, saved_views, store
from dashboard import data, ui_filters
from dashboard.i18n import t

STORAGE_KEY = "narrative_saved_views"
_PENDING = "_view_pending"
_OPEN = "_view_open"


def current_link(page_path: str) -> str:
    """The link of the view on screen: page path, settings, filters, dates and the page's own parameters."""
    keep = {k: st.query_params.get(k) for k in ui_filters.PAGE_PARAMS if st.query_params.get(k) is not None}
    return saved_views.make_link(page_path, ui_filters.url_params(keep))


def in_store() -> bool:
    """Views go to the store for someone allowed to write it (a signed-in analyst), else to the browser."""
    from dashboard import auth

    return auth.can_write()


def panel(pages: list, current) -> None:
    """The saved-views box: a name, a save button, and the list of saved views."""
    _reopen(pages)
    name = st.text_input(t("view_name"), key="view_name", max_chars=saved_views.MAX_NAME)
    if st.button(t("save_view"), key="view_save", disabled=not name.strip(), icon=":material/bookmark_add:"):
        save(name, current_link(current.url_path))
    if in_store():
        store_list()
    else:
        st.caption(t("views_in_browser"))
        st.iframe(browser_list_html(st.session_state.pop(_PENDING, None)), height="content")


def save(name: str, link: str) -> None:
    """Keep ``link`` under ``name``: in the store for an analyst, else handed to the browser once."""
    from dashboard import auth

    name = saved_views.clean_name(name)
    if in_store():
        store.save_view(data.db_path(), name, link, auth.user())
    else:
        st.session_state[_PENDING] = {"name": name, "link": link}
    st.success(t("view_saved", name=escaping.markdown(name)), icon=":material/bookmark_added:")


def store_list() -> None:
    """The analyst's views from the store, each a button that reopens it and one that deletes it."""
    from dashboard import auth

    who = auth.user()
    st.caption(t("views_in_store", user=escaping.markdown(who) if who else "—"))
    views = store.saved_views(data.db_path(), who)
    if views.empty:
        st.caption(t("no_views"))
    for i, row in enumerate(views.itertuples(index=False)):
        line = st.container(horizontal=True, gap="small")
        line.button(escaping.markdown(row.name), key=f"view_open_{i}", on_click=_request_open, args=(row.link,),
                    help=escaping.markdown(row.link),
                    icon=":material/bookmark:", type="tertiary")
        line.button(t("delete_view"), key=f"view_del_{i}", on_click=store.delete_view, args=(data.db_path(), row.name, who),
                    icon=":material/delete:", help=t("delete_view"), type="tertiary")


def _request_open(link: str) -> None:
    """Button callback: forget the session's view so the next run reads ``link`` as a fresh visitor would."""
    ui_filters.forget_view()
    st.session_state[_OPEN] = saved_views.parse_link(link)


def _reopen(pages: list) -> None:
    """Switch to a view requested by ``_request_open`` (its page, with its parameters)."""
    if _OPEN not in st.session_state:
        return
    path, params = st.session_state.pop(_OPEN)
    path = path.lstrip("./")
    target = next((p for p in pages if p.url_path == path), pages[0])
    ui_filters.read_link_again()
    st.switch_page(target, query_params=params)


def browser_list_html(pending: dict | None) -> str:
    """A small page listing this browser's saved views (localStorage) as links that open in the app's
    window (through a link of the app's own page: the sandboxed frame may not navigate it; a modified
    click opens a new tab); ``pending`` (a view just saved) is added first. Names are set as text."""
    cfg = json.dumps({"key": STORAGE_KEY, "pending": pending, "empty": t("no_views"), "delete": t("delete_view")},
                     ensure_ascii=False).replace("<", "\\u003c")
    return """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body{margin:0;font-family:"Source Sans Pro","Noto Sans CJK SC",sans-serif;font-size:14px;color:#31333f}
ul{list-style:none;margin:0;padding:0}li{display:flex;gap:.4rem;align-items:center;padding:2px 0}
a{color:inherit;flex:1;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
button{border:none;background:none;cursor:pointer;color:#888}p{color:#888;margin:0}
</style></head><body><ul id="views"></ul><script>
const cfg = """ + cfg + """;
let views = [];
try { views = JSON.parse(localStorage.getItem(cfg.key) || "[]"); } catch (e) { views = []; }
if (cfg.pending) {
  views = views.filter(v => v.name !== cfg.pending.name);
  views.unshift(cfg.pending);
  localStorage.setItem(cfg.key, JSON.stringify(views));
}
function href(link) {
  const rel = link.startsWith("?") ? "./" + link : link;
  return new URL(rel, window.parent.location.href).href;
}
function render() {
  const ul = document.getElementById("views");
  ul.replaceChildren();
  if (!views.length) { const p = document.createElement("p"); p.textContent = cfg.empty; ul.append(p); }
  views.forEach((v, i) => {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.textContent = v.name; a.title = v.link; a.href = href(v.link); a.target = "_blank";
    a.setAttribute("data-testid", "saved-view");
    a.onclick = e => {  // open in the app's own window: a link of the app's page (this frame may not navigate it)
      if (e.ctrlKey || e.metaKey || e.shiftKey || e.button) return;
      e.preventDefault();
      const top = window.parent.document, go = top.createElement("a");
      go.href = a.href; top.body.append(go); go.click(); go.remove();
    };
    const del = document.createElement("button");
    del.textContent = "✕"; del.title = cfg.delete;
    del.onclick = () => { views.splice(i, 1); localStorage.setItem(cfg.key, JSON.stringify(views)); render(); };
    li.append(a, del); ul.append(li);
  });
}
render();
</script></body></html>"""
