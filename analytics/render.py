"""Server-side chart export: PNG, SVG and standalone HTML bytes from a plotly figure.

Images are rendered by kaleido 1.x driving the system Chromium (never a downloaded browser) with
MathJax off, so export works offline; Chinese labels need the Noto CJK fonts, named first in the
font stack. The active filters go into the chart's subtitle so an exported chart says what it shows.
"""
from __future__ import annotations

import os
import shutil

import plotly.graph_objects as go

from analytics import escaping

FORMATS = ("png", "svg", "html")
MIME = {"png": "image/png", "svg": "image/svg+xml", "html": "text/html"}
CJK_FONTS = "Noto Sans CJK SC, Noto Sans CJK TC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
DEFAULT_SIZE = (1000, 600)


def chromium_path() -> str | None:
    """The system Chromium kaleido should drive: $BROWSER_PATH, /usr/bin/chromium, or one on PATH."""
    for cand in (os.environ.get("BROWSER_PATH"), "/usr/bin/chromium", shutil.which("chromium"),
                 shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if cand and os.path.exists(cand):
            return cand
    return None


def kaleido_options() -> dict:
    """Keyword arguments for ``kaleido.start_sync_server``: system browser, no MathJax download."""
    opts: dict = {"mathjax": False}
    path = chromium_path()
    if path:
        opts["path"] = path
    return opts


def start_server() -> None:
    """Start the process-wide kaleido server (idempotent) so later exports skip browser start-up."""
    import kaleido

    kaleido.start_sync_server(silence_warnings=True, **kaleido_options())


def stop_server() -> None:
    import kaleido

    kaleido.stop_sync_server(silence_warnings=True)


def prepare(fig: go.Figure, subtitle: str | None = None) -> go.Figure:
    """A copy of ``fig`` with the subtitle set, CJK fonts first and room for the subtitle."""
    out = go.Figure(fig)
    font = out.layout.font.family
    out.update_layout(font_family=f"{font}, {CJK_FONTS}" if font else CJK_FONTS)
    if subtitle:
        if not out.layout.title.text:
            out.update_layout(title_text=" ")
        out.update_layout(title_subtitle_text=escaping.plotly_text(subtitle), title_subtitle_font_size=12)
        top = out.layout.margin.t
        out.update_layout(margin_t=max(top if top is not None else 0, 60) + 30)
    return out


def titled(fig: go.Figure, title: str) -> go.Figure:
    """``fig`` carrying ``title`` for export: the app shows titles as headings above the chart, but an
    exported file must say what it is on its own."""
    if fig.layout.title.text or not title:
        return fig
    return go.Figure(fig).update_layout(title_text=title)


def _size(fig: go.Figure, width: int | None, height: int | None) -> tuple[int, int]:
    w = width or fig.layout.width or DEFAULT_SIZE[0]
    h = height or fig.layout.height or DEFAULT_SIZE[1]
    return int(w), int(h)


def to_image(fig: go.Figure, fmt: str = "png", subtitle: str | None = None, width: int | None = None,
             height: int | None = None, scale: float = 2) -> bytes:
    """PNG or SVG bytes via kaleido (uses the warm server when one is running)."""
    import kaleido

    if fmt not in ("png", "svg"):
        raise ValueError(f"image format must be png or svg, not {fmt!r}")
    w, h = _size(fig, width, height)
    opts = {"format": fmt, "width": w, "height": h, "scale": scale if fmt == "png" else 1}
    if kaleido._global_server.is_running():
        data = kaleido.calc_fig_sync(prepare(fig, subtitle), opts=opts)
    else:
        data = kaleido.calc_fig_sync(prepare(fig, subtitle), opts=opts, kopts=kaleido_options())
    return data if isinstance(data, bytes) else data.encode("utf-8")


def to_html(fig: go.Figure, subtitle: str | None = None) -> bytes:
    """A standalone HTML page (plotly.js inlined, works offline) with the modebar kept."""
    html = prepare(fig, subtitle).to_html(full_html=True, include_plotlyjs=True,
                                          config={"displaylogo": False, "responsive": True})
    return html.encode("utf-8")


def export(fig: go.Figure, fmt: str, subtitle: str | None = None, **kw) -> bytes:
    """Bytes of ``fig`` in one of FORMATS."""
    if fmt == "html":
        return to_html(fig, subtitle)
    return to_image(fig, fmt, subtitle, **kw)
