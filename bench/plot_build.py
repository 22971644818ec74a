"""Plot the build benchmark (rows written by `bench/bench_build.py --json FILE`) as docs/bench_build.png.

The figure depends only on the JSON rows (no dates, no random state): build seconds, CPU seconds and peak
memory of every variant against the corpus size, log-scaled, with the targets drawn as dashed lines.

Run: .venv/bin/python bench/plot_build.py bench/results/build.json [-o docs/bench_build.png]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import plotly.graph_objects as go
from plotly.subplots import make_subplots

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"build s": [(1000, 60), (10000, 600)], "peak MB": [(10000, 2048)]}


def build_figure(rows: list[dict]) -> go.Figure:
    """Three panels (wall seconds, CPU seconds, peak memory of all processes) with one line per variant."""
    fig = make_subplots(rows=1, cols=3, subplot_titles=("Build time (s)", "CPU time (s)", "Peak memory, all processes (MB)"))
    variants = sorted({r["label"] for r in rows})
    for i, label in enumerate(variants):
        pts = sorted((r for r in rows if r["label"] == label), key=lambda r: r["n"])
        x = [r["n"] for r in pts]
        for col, key in enumerate(("seconds", "cpu", "rss_total"), start=1):
            fig.add_trace(go.Scatter(x=x, y=[r[key] for r in pts], mode="lines+markers", name=label,
                                     legendgroup=label, showlegend=col == 1,
                                     line={"color": f"hsl({(i * 67) % 360},60%,40%)"}), row=1, col=col)
    for col, key in ((1, "build s"), (3, "peak MB")):
        for n, limit in TARGETS[key]:
            fig.add_trace(go.Scatter(x=[n], y=[limit], mode="markers", marker={"symbol": "line-ew-open", "size": 24},
                                     name="target", legendgroup="target", showlegend=col == 1 and n == 1000,
                                     line={"color": "crimson"}), row=1, col=col)
    fig.update_xaxes(type="log", title_text="articles (~3,000 characters each)")
    fig.update_yaxes(type="log")
    fig.update_layout(width=1200, height=420, template="plotly_white", margin={"t": 60, "b": 60, "l": 50, "r": 20},
                      title="python -m analytics build on synthetic corpora (2 cores)", legend={"orientation": "h", "y": -0.25})
    return fig


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("rows", type=Path)
    ap.add_argument("-o", "--out", type=Path, default=ROOT / "docs" / "bench_build.png")
    args = ap.parse_args()
    fig = build_figure(json.loads(args.rows.read_text()))
    fig.write_image(str(args.out), scale=1)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
