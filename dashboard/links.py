"""Reading a shared link defensively: each URL parameter is checked against what it may be (a known
option, a short number, an ISO date range, a bounded length); whatever is not is ignored and named in
one message at the top of the page, so a garbled or hostile link opens the page instead of failing."""
from __future__ import annotations

import datetime as dt
import re

import streamlit as st

from analytics import escaping
from dashboard.i18n import lang

MAX_TEXT = 500
_IGNORED = "_link_ignored"
_SLOT = "_link_slot"
_INDEX = re.compile(r"[0-9]{1,6}")


def ignored(param: str, value: object, why: str = "") -> None:
    """Remember that URL parameter ``param`` had a value this page could not use."""
    shown = str(value)
    shown = shown[:40] + f"… ({len(shown)})" if len(shown) > 40 else shown
    st.session_state.setdefault(_IGNORED, []).append((param, shown, why))
    _render()


def forget() -> None:
    """Start a run with no notes and no slot (called first thing on every run)."""
    st.session_state.pop(_IGNORED, None)
    st.session_state.pop(_SLOT, None)


def start(slot) -> None:
    """Show this run's notes in ``slot`` (an st.empty at the top of the page), now and as pages add more."""
    st.session_state[_SLOT] = slot
    _render()


def text(param: str, limit: int = MAX_TEXT) -> str | None:
    """A free-text parameter (a search), or None when absent or longer than ``limit`` characters."""
    value = st.query_params.get(param)
    if value is not None and len(value) > limit:
        ignored(param, value, f"> {limit}")
        return None
    return value


def choice(param: str, options) -> str | None:
    """A parameter that must be one of ``options``; anything else is ignored."""
    value = st.query_params.get(param)
    if value is None:
        return None
    if value in options:
        return value
    ignored(param, value)
    return None


def index(param: str) -> int | None:
    """A small non-negative integer (a sentence number); None when absent or malformed."""
    value = st.query_params.get(param)
    if value is None:
        return None
    if _INDEX.fullmatch(value):
        return int(value)
    ignored(param, value)
    return None


def date_range(param: str) -> tuple[dt.date, dt.date] | None:
    """``YYYY-MM-DD..YYYY-MM-DD`` as two dates, earlier first; None when absent or malformed."""
    value = st.query_params.get(param)
    if value is None:
        return None
    lo, sep, hi = value.partition("..")
    try:
        if not sep or len(value) > 30:
            raise ValueError(value)
        first, last = dt.date.fromisoformat(lo), dt.date.fromisoformat(hi)
    except ValueError:
        ignored(param, value)
        return None
    return (first, last) if first <= last else (last, first)


def _render() -> None:
    """One warning naming every ignored parameter of this run, in the slot once the page has one."""
    notes, slot = st.session_state.get(_IGNORED), st.session_state.get(_SLOT)
    if not notes or slot is None:
        return
    items = "; ".join(f"{p} = “{escaping.markdown(v)}”" + (f" ({w})" if w else "") for p, v, w in notes)
    message = (f"This link has values the dashboard does not recognise; they were ignored: {items}"
               if lang() == "en" else f"链接中有无法识别的参数，已忽略：{items}")
    slot.warning(message, icon=":material/link_off:")
