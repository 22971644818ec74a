"""Labels a person reads: outlet names for unnamed outlets, numbers with their units, column headers and
kinds in Chinese and English, and tables with names instead of ids. Pure pandas: no Streamlit here."""
from __future__ import annotations

import math

import pandas as pd

NOT_STATED = {"zh": "未注明", "en": "Not stated"}
UNKNOWN = "unknown"

KINDS = {
    "money": ("金额", "money"), "percent": ("百分比", "percent"), "count": ("数量", "count"),
    "quantity": ("计量", "quantity"), "multiplier": ("倍数", "multiple"), "fraction": ("比例", "fraction"),
    "duration": ("时长", "duration"),
}
TONES = {"pos": ("正面", "positive"), "neu": ("中性", "neutral"), "neg": ("负面", "negative")}
QUALIFIERS = {"approx": ("约", "about"), "over": ("超过", "over"), "under": ("不到", "under"),
              "at_least": ("至少", "at least"), "at_most": ("至多", "at most")}
ENTITY_TYPES = {"person": ("人物", "person"), "org": ("机构", "organisation"), "media": ("媒体", "media"),
                "place": ("地点", "place"), "product": ("产品", "product"), "work": ("作品", "work"),
                "other": ("其他", "other")}
SOURCE_TYPES = {**ENTITY_TYPES, "anonymous": ("匿名", "anonymous"), "document": ("文件", "document")}
TABLES = {
    "articles": ("文章", "Articles"), "sentences": ("句子", "Sentences"), "topics": ("叙事", "Narratives"),
    "themes": ("主题", "Themes"), "figures": ("数字", "Figures"), "claims": ("说法", "Claims"),
    "citations": ("引用", "Citations"), "entities": ("实体", "Entities"), "mentions": ("提及", "Mentions"),
    "co_mentions": ("实体共现", "Co-mentions"), "tone_corrections": ("语气修正", "Tone corrections"),
}
# Header of every column a table may show; any column not named here is left out of the readable table.
COLUMNS = {
    "headline": ("标题", "Headline"), "article": ("文章", "Article"), "outlet": ("媒体", "Outlet"),
    "author": ("作者", "Author"), "published": ("发布日期", "Published"), "script": ("文字", "Script"),
    "n_sentences": ("句数", "Sentences"), "tone_mean": ("平均语气", "Mean tone"), "tone_label": ("语气", "Tone"),
    "sentence_idx": ("句序", "Sentence #"), "text": ("原文", "Text"), "tone": ("语气分值", "Tone score"),
    "narrative": ("叙事", "Narrative"), "label": ("名称", "Name"), "terms": ("关键词", "Terms"),
    "n_articles": ("文章数", "Articles"), "level": ("层级", "Level"), "figure": ("数值", "Figure"),
    "kind": ("类型", "Kind"), "subject": ("对象", "Subject"), "cited_source": ("来源", "Source"),
    "claim": ("说法", "Claim"), "n_figures": ("数字个数", "Figures"), "range": ("范围", "Range"),
    "agreement": ("是否一致", "Agreement"), "source": ("引用来源", "Cited source"),
    "source_type": ("来源类型", "Source type"), "quote": ("引语", "Quote"), "name": ("名称", "Name"),
    "type": ("类型", "Type"), "aliases": ("别名", "Aliases"), "n_mentions": ("提及次数", "Mentions"),
    "entity_a": ("实体 A", "Entity A"), "entity_b": ("实体 B", "Entity B"), "surface": ("原文写法", "As written"),
    "created": ("时间", "When"), "corrected": ("已修正", "Corrected"), "sentence": ("句子", "Sentence"),
    "values": ("各媒体的数字", "Each outlet's figure"),
}
_CURRENCY = {"USD": ("美元", "US$"), "CNY": ("元人民币", "CN¥"), "RMB": ("元人民币", "CN¥"), "TWD": ("新台币", "NT$"),
             "HKD": ("港元", "HK$"), "EUR": ("欧元", "€"), "JPY": ("日元", "¥"), "GBP": ("英镑", "£"),
             "KRW": ("韩元", "₩"), "SGD": ("新加坡元", "S$")}
_DURATION_EN = {"年": "years", "月": "months", "天": "days", "日": "days", "周": "weeks", "小时": "hours",
                "分钟": "minutes", "秒": "seconds"}


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def outlet_name(outlet: object, platform: object = "", lang: str = "zh") -> str:
    """An outlet as a person reads it: its name, else the platform it was posted on, else 'Not stated'."""
    if isinstance(outlet, str) and outlet and outlet != UNKNOWN and outlet != NOT_STATED["zh"]:
        return outlet
    if isinstance(platform, str) and platform.strip():
        return platform.strip()
    return NOT_STATED["en" if lang == "en" else "zh"]


def _digits(v: float) -> str:
    """Up to four significant digits, no exponent, no trailing zeros, thousands separated."""
    if v == 0:
        return "0"
    decimals = max(0, 3 - int(math.floor(math.log10(abs(v)))))
    text = f"{v:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _scaled_zh(v: float) -> str:
    for size, word in ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")):
        if abs(v) >= size:
            return _digits(v / size).replace(",", "") + word
    return _digits(v).replace(",", "")


def _scaled_en(v: float) -> str:
    for size, word in ((1e12, " trillion"), (1e9, " billion"), (1e6, " million")):
        if abs(v) >= size:
            return _digits(v / size) + word
    return _digits(v)


def number(value: object, unit: object = "", kind: object = "", lang: str = "zh", value_max: object = None,
           qualifier: object = "") -> str:
    """A quoted figure for people: 600万美元 / US$6 million, 16.86%, 2–3年; '' when there is no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    unit = unit if isinstance(unit, str) else ""
    en = lang == "en"
    hi = value_max if value_max is not None and not (isinstance(value_max, float) and math.isnan(value_max)) else None

    def one(v: float) -> str:
        if unit == "%" or kind == "percent":
            return _digits(v) + "%"
        if kind == "multiplier":
            return _digits(v) + ("×" if en else "倍")
        if unit in _CURRENCY:
            zh_word, symbol = _CURRENCY[unit]
            return f"{symbol}{_scaled_en(v)}" if en else f"{_scaled_zh(v)}{zh_word}"
        if en:
            return _scaled_en(v) + (f" {_DURATION_EN.get(unit, unit)}" if unit and kind == "duration" else
                                    f" {unit}" if unit and not _is_cjk(unit) else "")
        return _scaled_zh(v) + unit

    text = one(float(value)) if hi is None else _span(one(float(value)), one(float(hi)))
    q = QUALIFIERS.get(qualifier) if isinstance(qualifier, str) else None
    return f"{pick(q, lang)} {text}" if q and en else f"{q[0]}{text}" if q else text


def _span(lo: str, hi: str) -> str:
    """'2–3年' rather than '2年–3年': a unit both ends share is written once."""
    i = 0
    while i < min(len(lo), len(hi)) and lo[-1 - i] == hi[-1 - i] and not lo[-1 - i].isdigit():
        i += 1
    return f"{lo[:len(lo) - i] if i else lo}–{hi}"


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def tone_word(label: object, lang: str) -> str:
    return pick(TONES[label], lang) if label in TONES else ("" if label is None else str(label))


def kind_word(kind: object, lang: str) -> str:
    return pick(KINDS[kind], lang) if kind in KINDS else ("" if not isinstance(kind, str) else kind)


def header(col: str, lang: str) -> str:
    return pick(COLUMNS[col], lang) if col in COLUMNS else col


def table_name(name: str, lang: str) -> str:
    return pick(TABLES[name], lang) if name in TABLES else name


def _names(tables: dict[str, pd.DataFrame], lang: str) -> dict[str, dict]:
    a = tables.get("articles", pd.DataFrame(columns=["article_id"]))
    heads = dict(zip(a["article_id"], a["headline"])) if "headline" in a else {}
    e = tables.get("entities", pd.DataFrame(columns=["entity_id", "name"]))
    col = "name_en" if lang == "en" and "name_en" in e else "name"
    ents = {i: (n if isinstance(n, str) and n else m) for i, n, m in zip(e["entity_id"], e[col], e["name"])}
    t = tables.get("topics", pd.DataFrame(columns=["topic_id", "label"]))
    topics = dict(zip(t["topic_id"].astype(int), t["label"]))
    c = tables.get("claims", pd.DataFrame(columns=["claim_id", "label"]))
    claims = dict(zip(c["claim_id"], c["label"]))
    return {"article": heads, "entity": ents, "topic": topics, "claim": claims}


def topic_label(topic_id: object, labels: dict, lang: str) -> str:
    if topic_id is None or (isinstance(topic_id, float) and math.isnan(topic_id)):
        return ""
    i = int(topic_id)
    if i < 0:
        return "未归入叙事" if lang != "en" else "No narrative"
    return str(labels.get(i, i))


def readable(name: str, df: pd.DataFrame, tables: dict[str, pd.DataFrame], lang: str = "zh",
             script_col: str = "text") -> pd.DataFrame:
    """A table as a person reads it: headlines and names instead of ids, words instead of codes,
    figures formatted with their units, tone to two decimals, and headers in the UI language."""
    if df is None:
        return pd.DataFrame()
    names = _names(tables, lang)
    d = df.copy()
    out = pd.DataFrame(index=d.index)

    def col(key: str, values) -> None:
        out[header(key, lang)] = list(values) if not isinstance(values, pd.Series) else values

    if "article_id" in d and name != "articles":
        col("article", [names["article"].get(a, "") or "" for a in d["article_id"]])
    if name == "articles":
        col("headline", d.get("headline", d.get("title", "")))
    if "outlet" in d and name in ("articles", "sentences", "figures", "citations"):
        name_col = "outlet_en" if lang == "en" and "outlet_en" in d else "outlet"
        col("outlet", [outlet_name(o, p, lang) for o, p in zip(d[name_col], d.get("platform", [""] * len(d)))])
    for key in ("author", "published"):
        if key in d and name == "articles":
            col(key, d[key].fillna(""))
    if name == "sentences":
        col("sentence_idx", d["sentence_idx"].astype(int))
        col("text", d[script_col] if script_col in d else d["text"])
    if name == "figures":
        col("figure", [number(v, u, k, lang, m, q) for v, u, k, m, q in
                       zip(d["value"], d["unit"], d["kind"], d.get("value_max", [None] * len(d)),
                           d.get("qualifier", [""] * len(d)))])
        col("kind", [kind_word(k, lang) for k in d["kind"]])
        col("text", d["text"])
        for key in ("subject", "cited_source"):
            if key in d:
                col(key, d[key].fillna(""))
        if "claim_id" in d:
            col("claim", [names["claim"].get(c, "") if isinstance(c, str) else "" for c in d["claim_id"]])
        if "sentence" in d:
            col("sentence", d["sentence"].fillna(""))
    if name == "claims":
        col("claim", d["label"])
        col("kind", [kind_word(k, lang) for k in d.get("kind", [""] * len(d))])
        col("range", [number(lo, u, k, lang, hi if hi != lo else None) for lo, hi, u, k in
                      zip(d["min_value"], d["max_value"], d["unit"], d.get("kind", [""] * len(d)))])
        if "disagree" in d:
            col("agreement", [("Outlets differ" if lang == "en" else "说法不一") if bool(x) else
                              ("Consistent" if lang == "en" else "一致") for x in d["disagree"].fillna(False)])
        col("n_articles", d["n_articles"].astype(int))
        col("n_figures", d["n_figures"].astype(int))
    if name == "citations":
        src_col = "source_en" if lang == "en" and "source_en" in d else "source"
        col("source", [s if isinstance(s, str) and s else o for s, o in zip(d[src_col], d["source"])])
        col("source_type", [pick(SOURCE_TYPES[x], lang) if x in SOURCE_TYPES else (x or "")
                            for x in d.get("source_type", [""] * len(d))])
        col("quote", d.get("quote", pd.Series("", index=d.index)).fillna(""))
    if name in ("topics", "themes"):
        col("label", [topic_label(i, {int(i): lab for i, lab in zip(d["topic_id"], d["label"])}, lang)
                      for i in d["topic_id"]])
        col("terms", d.get("terms", pd.Series("", index=d.index)).fillna("").astype(str).str.replace("|", "、"))
    if name == "entities":
        ncol = "name_en" if lang == "en" and "name_en" in d else "name"
        col("name", [n if isinstance(n, str) and n else m for n, m in zip(d[ncol], d["name"])])
        col("type", [pick(ENTITY_TYPES[x], lang) if x in ENTITY_TYPES else (x or "") for x in d["type"]])
        col("aliases", d["aliases"].fillna("").str.replace("|", "、"))
    if name == "co_mentions":
        col("entity_a", [names["entity"].get(x, x) for x in d["entity_a"]])
        col("entity_b", [names["entity"].get(x, x) for x in d["entity_b"]])
    if name == "mentions":
        col("name", [names["entity"].get(x, x) for x in d["entity_id"]])
        col("surface", d.get("surface", ""))
    if "topic_id" in d and name in ("sentences", "articles"):
        col("narrative", [topic_label(i, names["topic"], lang) for i in d["topic_id"]])
    if "tone_label" in d:
        col("tone_label", [tone_word(x, lang) for x in d["tone_label"]])
    for key in ("tone", "tone_mean"):
        if key in d and name in ("sentences", "articles", "citations"):
            col(key, pd.to_numeric(d[key], errors="coerce").round(2))
    for key in ("n_sentences", "n_articles", "n_mentions"):
        if key in d and name in ("articles", "topics", "themes", "entities", "co_mentions"):
            col(key, pd.to_numeric(d[key], errors="coerce").fillna(0).astype(int))
    if name == "tone_corrections":
        col("text", d.get("text", ""))
        col("tone_label", [tone_word(x, lang) for x in d.get("label", [])])
    return out.reset_index(drop=True)
