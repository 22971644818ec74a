"""Saved views: a name for a dashboard view and the link that reopens it (page path plus query string).

A view is its link, so saving one is keeping a name beside the URL the dashboard already writes; the
same link reopens it exactly, whoever clicks it. Rows are (name, link, user, created); one name per
user, a second save under that name replaces the first. Pure pandas, no Streamlit.
"""
from __future__ import annotations

import re
import time
from collections.abc import Mapping
from urllib.parse import parse_qs, urlencode

import pandas as pd

MAX_NAME = 80
MAX_LINK = 4000
COLUMNS = ("name", "link", "user", "created")
_PATH = re.compile(r"[A-Za-z0-9_-]{0,40}")


def empty() -> pd.DataFrame:
    """The saved_views table with no rows."""
    return pd.DataFrame({"name": pd.Series(dtype=str), "link": pd.Series(dtype=str),
                         "user": pd.Series(dtype=str), "created": pd.Series(dtype=float)})


def clean_name(name: str) -> str:
    """The name with whitespace collapsed; ValueError when empty or longer than MAX_NAME."""
    out = " ".join(str(name or "").split())
    if not out:
        raise ValueError("a saved view needs a name")
    if len(out) > MAX_NAME:
        raise ValueError(f"a view name has at most {MAX_NAME} characters")
    return out


def make_link(path: str, params: Mapping[str, object]) -> str:
    """``path?query`` for a page url path and its parameters (lists become repeated parameters)."""
    if not _PATH.fullmatch(path or ""):
        raise ValueError(f"not a page path: {path!r}")
    pairs = [(k, str(x)) for k, v in params.items() for x in (v if isinstance(v, (list, tuple)) else [v])
             if x is not None and str(x) != ""]
    link = f"{path}?{urlencode(pairs)}" if pairs else path
    if len(link) > MAX_LINK:
        raise ValueError(f"a view link has at most {MAX_LINK} characters")
    return link


def parse_link(link: str) -> tuple[str, dict[str, list[str]]]:
    """The page path and the parameters (each a list of values) of a saved link."""
    path, _, query = str(link).partition("?")
    return path, parse_qs(query, keep_blank_values=False)


def upsert(views: pd.DataFrame | None, name: str, link: str, user: str = "", now: float | None = None) -> pd.DataFrame:
    """``views`` with (name, link) saved for ``user``: an earlier view of that user with that name is replaced."""
    name = clean_name(name)
    views = empty() if views is None or views.empty else views
    keep = views[~((views["name"] == name) & (views["user"].fillna("") == (user or "")))]
    row = pd.DataFrame([{"name": name, "link": link, "user": user or "",
                         "created": time.time() if now is None else now}])
    return pd.concat([keep, row], ignore_index=True)[list(COLUMNS)]


def remove(views: pd.DataFrame | None, name: str, user: str = "") -> pd.DataFrame:
    """``views`` without ``user``'s view called ``name``."""
    if views is None or views.empty:
        return empty()
    return views[~((views["name"] == name) & (views["user"].fillna("") == (user or "")))].reset_index(drop=True)


def of_user(views: pd.DataFrame | None, user: str = "") -> pd.DataFrame:
    """``user``'s saved views, newest first."""
    if views is None or views.empty:
        return empty()
    mine = views[views["user"].fillna("") == (user or "")]
    return mine.sort_values("created", ascending=False, kind="stable").reset_index(drop=True)
