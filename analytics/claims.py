"""Claims: the same fact quoted by several articles, reconciled with the spread between outlets.

Figures join a claim when they share subject, kind and a comparable unit. Currencies are compared
through fixed rates (RATES_TO_USD) used ONLY for this comparison; stored values stay as quoted.
"""
from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import pandas as pd

from analytics.voices import outlet_label

# Fixed conversion rates, US dollars per unit, for comparing amounts only (never stored as values).
# CNY at 7.2 per USD: a round figure between the PBOC central parity (about 7.17-7.19) and the
# onshore spot rate (about 7.24-7.33) in January 2025, when the seed coverage was written.
USD_CNY = 7.2
RATES_TO_USD = {
    "USD": 1.0, "CNY": 1 / USD_CNY, "HKD": 1 / 7.8, "TWD": 1 / 32.5, "EUR": 1.04, "GBP": 1.24,
    "JPY": 1 / 155.0, "CHF": 1.1, "KRW": 1 / 1450.0, "AUD": 0.63, "CAD": 0.7, "SGD": 0.74,
}
# An approximate figure (约, 近, 左右) is read as the stated value give or take this share.
APPROX_TOLERANCE = 0.05

# Only figures about a named entity (DeepSeek训练成本, not a bare 时长) can state a checkable fact.
ENTITIES = tuple(json.loads((Path(__file__).parent / "data" / "figures_lexicon.json").read_text(encoding="utf-8"))
                 ["entities"])
POINT_QUALIFIERS = ("", "approx")

CLAIM_COLUMNS = [
    "claim_id", "label", "n_articles", "n_figures", "unit", "min_value", "max_value", "spread", "disagree",
    "outlets", "kind", "subject", "article_ids", "consensus_low", "consensus_high", "values",
]


def rounding_half_step(value: float) -> float:
    """Half the place value of the last significant digit: 600万 -> 50万, 16.86 -> 0.005."""
    v = abs(value)
    if v == 0:
        return 0.0
    p = math.floor(math.log10(v))
    for _ in range(18):
        step = 10.0 ** p
        if abs(round(v / step) * step - v) <= v * 1e-9:
            return step / 2
        p -= 1
    return 0.0


def interval(value: float, value_max: float | None, qualifier: str) -> tuple[float, float]:
    """The range of true values a quoted figure allows, given rounding and its qualifier."""
    hi_v = value if value_max is None or value_max != value_max else value_max
    lo = value - rounding_half_step(value)
    hi = hi_v + rounding_half_step(hi_v)
    if qualifier == "approx":
        lo, hi = lo - abs(value) * APPROX_TOLERANCE, hi + abs(hi_v) * APPROX_TOLERANCE
    elif qualifier in ("over", "at_least"):
        hi = math.inf
    elif qualifier in ("under", "at_most"):
        lo = -math.inf if value < 0 else 0.0
    return lo, hi


def _family(kind: str, unit: str) -> str:
    return "money" if kind == "money" and unit in RATES_TO_USD else f"{kind}:{unit}"


def _rate(unit: str, target: str) -> float:
    if unit in RATES_TO_USD and target in RATES_TO_USD:
        return RATES_TO_USD[unit] / RATES_TO_USD[target]
    return 1.0


def _claim_id(subject: str, family: str) -> str:
    return "C" + hashlib.sha1(f"{subject}|{family}".encode("utf-8")).hexdigest()[:8]


def _fmt(v: float) -> str:
    return f"{v:,.4g}" if abs(v) < 1e4 else f"{v:.4g}"


def in_claim_unit(value: float, kind: str, unit: str, claim_unit: str) -> float:
    """A figure's value in its claim's unit (money converted at the fixed rates, others unchanged)."""
    if kind == "money" and unit in RATES_TO_USD and claim_unit in RATES_TO_USD:
        return value * RATES_TO_USD[unit] / RATES_TO_USD[claim_unit]
    return value


def build_claims(figures: pd.DataFrame, *, min_articles: int = 2) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Group figures stating the same fact across at least `min_articles` articles.

    Returns (figures with claim_id filled, claims). min/max/spread = (max - min) / max(|min|, |max|)
    are over point figures (exact or approximate; bounds such as 不到 join only when fewer than two
    points exist) in the claim's unit; disagree is True when no single true value fits every figure's
    rounding and qualifier range (APPROX_TOLERANCE, rounding_half_step).
    """
    figs = figures.copy()
    if "claim_id" not in figs:
        figs["claim_id"] = None
    figs["claim_id"] = figs["claim_id"].astype(object)
    rows = []
    if len(figs):
        named = figs["subject"].fillna("").map(lambda s: s.startswith(ENTITIES))
        usable = figs[named & (figs["kind"] != "date")]
        usable = usable.assign(_family=[_family(k, u) for k, u in zip(usable["kind"], usable["unit"])])
        for (subject, family), group in usable.groupby(["subject", "_family"], sort=True):
            if group["article_id"].nunique() < min_articles:
                continue
            unit = group["unit"].value_counts().index[0]
            lows, highs, points, bounds, values = [], [], [], [], []
            for r in group.itertuples(index=False):
                rate = _rate(r.unit, unit) if family == "money" else 1.0
                vmax = None if pd.isna(r.value_max) else r.value_max
                lo, hi = interval(r.value, vmax, r.qualifier or "")
                lows.append(lo * rate)
                highs.append(hi * rate)
                target = points if (r.qualifier or "") in POINT_QUALIFIERS else bounds
                target.append(r.value * rate)
                if vmax is not None:
                    target.append(vmax * rate)
                values.append(f"{outlet_label(r.outlet, r.article_id)}: {r.text}")
            low, high = max(lows), min(highs)
            points = points if len(points) >= 2 else points + bounds
            mn, mx = min(points), max(points)
            denom = max(abs(mn), abs(mx))
            claim_id = _claim_id(subject, family)
            figs.loc[group.index, "claim_id"] = claim_id
            rows.append({
                "claim_id": claim_id, "label": subject, "n_articles": int(group["article_id"].nunique()),
                "n_figures": int(len(group)), "unit": unit, "min_value": mn, "max_value": mx,
                "spread": (mx - mn) / denom if denom else 0.0, "disagree": bool(low > high * (1 + 1e-9)),
                "outlets": ", ".join(sorted({outlet_label(o, a) for o, a in zip(group["outlet"], group["article_id"])})),
                "kind": group["kind"].iloc[0], "subject": subject,
                "article_ids": ", ".join(sorted(group["article_id"].unique())),
                "consensus_low": low if low <= high else None, "consensus_high": high if low <= high else None,
                "values": "; ".join(values),
            })
    claims = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    for col in ("min_value", "max_value", "spread", "consensus_low", "consensus_high"):
        claims[col] = claims[col].astype(float)
    return figs, claims
