"""Voices: publishing outlets, cited sources (who said what) and named entities, for any story.

Entities come from a general method on the Simplified text (``text_hans``): jieba part-of-speech
tags plus rules for organisation and place suffixes, titles before names, ·-names, Latin model
names and 《titles》. A curated dictionary adds well-known outlets and public bodies
(``data/entities.json``) and, when a corpus switches one on, a domain pack's entities
(``analytics/packs/``). Names are unified within an article (full and short forms, parenthesised
English names) and across scripts.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analytics import packs
from analytics.clean import to_simplified

DATA = Path(__file__).parent / "data"
TYPES = ("person", "org", "media", "place", "product", "work", "other")
SPEAKER_TYPES = {"org", "person", "media"}
CITATION_COLUMNS = ["article_id", "sentence_idx", "source", "source_en", "source_type", "quote", "cue",
                    "source_id"]
ENTITY_COLUMNS = ["entity_id", "name", "name_en", "type", "aliases", "n_mentions", "n_articles"]
MENTION_COLUMNS = ["entity_id", "article_id", "sentence_idx", "start", "end", "surface"]
CANDIDATE_COLUMNS = ["name", "pos", "n_mentions", "n_articles", "example"]
CO_MENTION_COLUMNS = ["entity_a", "entity_b", "n_sentences", "n_articles"]

_NORM_TABLE = {
    **{o: o - 0xFEE0 for o in range(0xFF01, 0xFF5F) if chr(o) not in "（），：；！？"},
    **{ord(c): "·" for c in "‧・•∙⋅･"}, 0x3000: " ", 0x00A0: " ",
}
_PINYIN = re.compile(r"\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+)\)")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _norm(text: str) -> str:
    """Same-length normalisation for matching: one middle dot, half-width ASCII, plain spaces."""
    return text.translate(_NORM_TABLE)


def _key(alias: str, case_sensitive: bool) -> str:
    key = re.sub(r"\s+", " ", _norm(alias).strip())
    return key if case_sensitive else key.lower()


def fold(name: str) -> str:
    """Matching key of a name: Simplified, normalised, case-folded, without spaces or title marks."""
    return re.sub(r"[\s《》]", "", _norm(to_simplified(str(name)))).casefold()


@dataclass(frozen=True)
class Entry:
    """One dictionary entity."""

    id: str
    name: str
    name_en: str
    type: str
    aliases: tuple[str, ...]
    source_type: str
    case_sensitive: bool


@dataclass
class Dictionary:
    """The loaded entity dictionary (general data plus active packs) with its alias index and matcher."""

    version: str
    entries: dict[str, Entry]
    stoplist: frozenset[str]
    places: frozenset[str] = frozenset()
    exact: dict[str, str] = field(default_factory=dict)
    folded: dict[str, str] = field(default_factory=dict)
    pattern: re.Pattern | None = None

    def lookup(self, surface: str) -> str | None:
        """Entity id for a matched or given surface form, or None."""
        k = re.sub(r"\s+", " ", _norm(surface).strip())
        return self.exact.get(k) or self.folded.get(k.lower())


def _source_type(entry_type: str, override: str | None) -> str:
    if override:
        return override
    return {"media": "media", "person": "person"}.get(entry_type, "organisation")


def _alias_regex(alias: str, case_sensitive: bool) -> str:
    """A short Latin alias (X5, V3) matches whole tokens only: never inside X50 or BMWX5."""
    body = r"\s*".join(re.escape(p) for p in _norm(alias).split(" ") if p) if " " in alias else re.escape(_norm(alias))
    if _ASCII_ALNUM.match(alias[0]):
        body = r"(?<![A-Za-z0-9])" + body
    if _ASCII_ALNUM.match(alias[-1]):
        body += r"(?![A-Za-z0-9])"
    if not case_sensitive and re.search(r"[A-Za-z]", alias):
        body = f"(?i:{body})"
    return body


@lru_cache(maxsize=32)
def _dictionary_files(pack_names: tuple[str, ...]) -> tuple[str, ...]:
    """The entity files of the general data and the packs (looked up once per set of packs: every
    recognised token asks for the dictionary)."""
    files = [packs.pack_dir(n) / "entities.json" for n in pack_names]
    files.append(DATA / "entities.json")
    return tuple(str(f) for f in files if f.exists())


@lru_cache(maxsize=8)
def _load(paths: tuple[str, ...]) -> Dictionary:
    docs = [json.loads(Path(p).read_text(encoding="utf-8")) for p in paths]
    d = Dictionary("+".join(doc["version"] for doc in docs), {},
                   frozenset(w for doc in docs for w in doc.get("candidate_stoplist", [])),
                   frozenset(to_simplified(w) for doc in docs for w in doc.get("places", [])))
    alts: dict[str, str] = {}
    for raw in (e for doc in docs for e in doc["entities"]):
        if raw["type"] not in TYPES:
            raise ValueError(f"entity {raw['id']}: unknown type {raw['type']!r}")
        cs = bool(raw.get("case_sensitive", False))
        aliases = tuple(dict.fromkeys(raw.get("aliases", [])))
        e = Entry(raw["id"], raw["name"], raw["name_en"], raw["type"], aliases,
                  _source_type(raw["type"], raw.get("source_type")), cs)
        d.entries[e.id] = e
        for a in aliases:
            for form in dict.fromkeys([a, to_simplified(a)]):
                ascii_only = not _CJK.search(form)
                caps = ascii_only and len(form) <= 4 and form.isupper()
                sensitive = cs or caps or not ascii_only and not re.search(r"[A-Za-z]", form)
                d.exact.setdefault(_key(form, True), e.id)
                if not (cs or caps):
                    d.folded.setdefault(_key(form, False), e.id)
                alts.setdefault(_alias_regex(form, sensitive), form)
    ordered = sorted(alts, key=lambda rx: (-len(_norm(alts[rx])), rx))
    d.pattern = re.compile(_first_chars(alts.values()) + "(?:" + "|".join(ordered) + ")")
    return d


def _first_chars(forms: Iterable[str]) -> str:
    """A lookahead for the characters an alias can start with: positions where no alias can start are
    skipped at once instead of trying every alternative (five times faster; the same matches)."""
    heads = {_norm(f).lstrip(" ")[:1] for f in forms}
    if "" in heads:
        return ""
    return "(?=(?i:[" + "".join(sorted(re.escape(h) for h in heads)) + "]))"


def load_dictionary(path: str | None = None) -> Dictionary:
    """The dictionary in use: ``path`` alone, or the general data plus the active domain packs."""
    if path:
        return _load((str(path),))
    return _load(_dictionary_files(packs.active()))


def entity_dictionary() -> pd.DataFrame:
    """The whole curated dictionary as a frame (for the dashboard's filter lists and exports)."""
    d = load_dictionary()
    return pd.DataFrame([{"entity_id": e.id, "name": e.name, "name_en": e.name_en, "type": e.type,
                          "aliases": "|".join(e.aliases), "version": d.version} for e in d.entries.values()])


def find_mentions(text_hans: str) -> list[tuple[str, int, int]]:
    """(entity_id, start, end) of every dictionary mention in one Simplified text, leftmost-longest."""
    d = load_dictionary()
    norm = _norm(text_hans)
    out = []
    for m in d.pattern.finditer(norm):
        eid = d.lookup(m.group(0))
        if eid:
            out.append((eid, m.start(), m.end()))
    return out


UNKNOWN_OUTLET = "unknown"


def outlet_label(outlet: str | None, article_id: str) -> str:
    """An article's outlet for per-outlet series; articles of unknown outlet stay apart, named by id."""
    if isinstance(outlet, str) and outlet and outlet != UNKNOWN_OUTLET:
        return outlet
    return f"{UNKNOWN_OUTLET} ({article_id})"


def normalise_outlet(raw: str | None) -> tuple[str, str]:
    """(Simplified outlet name, English name) for a byline/source/manifest outlet value.

    An outlet's own full name (人民网, 中新网, 财新网: a dictionary alias of 3+ characters, or an unlisted
    outlet-like name) is kept as stated; short forms, Latin names and longer strings map to the dictionary name.
    """
    if raw is None or not str(raw).strip():
        return (UNKNOWN_OUTLET, UNKNOWN_OUTLET)
    text = _PINYIN.sub("", str(raw)).strip().strip("【】[]《》<> ")
    hans = to_simplified(text)
    d = load_dictionary()
    eid = d.lookup(hans)
    own_name = _CJK.search(hans) and len(hans) >= 3 and not re.search(r"\s|记者|编辑|报道$", hans)
    if eid is not None and own_name and d.entries[eid].type == "media":
        return (hans, d.entries[eid].name_en)
    if eid is None and own_name and len(hans) <= 12 and re.search(r"[报社网台闻刊志端云号]$", hans):
        hits = [eid for eid, _, _ in find_mentions(hans) if d.entries[eid].type == "media"]
        return (hans, d.entries[hits[0]].name_en if len(hits) == 1 else hans)
    if eid is None:
        hits = [(end - start, eid) for eid, start, end in find_mentions(hans)
                if d.entries[eid].type == "media"]
        eid = max(hits)[1] if hits else None
    if eid is None:
        return (hans, text if not _CJK.search(text) else hans)
    e = d.entries[eid]
    return (e.name, e.name_en)


# ---------------------------------------------------------------- entity recognition (general method)

_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施"
    "文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷"
    "盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷"
    "晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆"
    "乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平"
    "计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈"
    "湛宾戎勾茅利於居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧洪"
)
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙",
                      "夏侯", "端木", "司徒", "澹台")
_TITLES = (
    "董事长|副董事长|总经理|副总经理|总裁|副总裁|首席执行官|首席经济学家|首席分析师|首席策略师|分析师|经济学家|"
    "创始人|联合创始人|负责人|主任|副主任|局长|副局长|厅长|副厅长|部长|副部长|处长|科长|院长|副院长|校长|副校长|"
    "主席|副主席|书记|副书记|市长|副市长|省长|副省长|县长|区长|镇长|村长|主委|委员|议员|参议员|众议员|立委|"
    "发言人|教授|副教授|研究员|副研究员|博士|医生|医师|主治医师|护士长|律师|法官|检察官|警官|教练|主教练|队长|"
    "球员|选手|运动员|导演|编剧|演员|歌手|作家|记者|编辑|总编辑|董秘|合伙人|经理|专家|学者|老师|理事长|会长|"
    "秘书长|总干事|大使|行长|副行长|总监|店长|工程师|设计师|策展人|制片人|主持人|法定代表人|警员|督察|司长|"
    "署长|所长|站长|馆长|主播|评论员|首相|总统|总理|外长|部长助理|理事|董事|监事|高管|员工|居民|村民|市民|"
    "家长|学生|患者|业主|车主|网友|游客|乘客|司机|店主|摊主|负责人之一|执行董事|总工程师|研究主管|"
    "首席财务官|首席技术官|首席运营官|首席营销官|执行长|技术长|财务长|营运长|召集人|观察人士|人士|指挥长|副指挥长|"
    "副代表|民意代表|住户|矿工|工人|队员|白领|租客|房东|观众|球迷|考生|教师|投手|捕手|教务主任|班主任"
)
_TITLE_RE = re.compile(rf"(?:{_TITLES})\s?")
# A name right before a speech verb, after a boundary (的何志强表示, 、郑川说): a speaker jieba did not tag.
_SPEAKER_NAME = re.compile(r"(?:(?<=[的、，,：:\s“”「」])|^)([\u4e00-\u9fff]{2,3}?)(?=表示|说|指出|认为|介绍|坦言|透露|告诉|"
                           r"回忆|分析|解释|强调|直言|称)")
# A body whose data the sentence reports, at the start of a clause (乘用车市场信息联席会数据显示, 据企查查信息显示).
_DATA_SOURCE = re.compile(r"(?:(?<=[，,。：:；;\s“”「」])|^)(?:据)?([\u4e00-\u9fffA-Za-z]{3,14}?)"
                          r"(?=(?:数据|数字|信息|资料|统计)显示|数据称|统计[，,])")
_DATA_FLAGS = frozenset("n nt nz ns nr nrt nrfg j eng ng l".split())


def _data_source(text: str, toks, start: int, end: int) -> bool:
    """The words before 数据显示 name a body (政府统计处, 窄门餐眼): whole tokens of names and nouns, not a
    common word or a phrase that starts with a determiner or a verb (最新数据, 相关数据, 官方统计)."""
    inside = [t for t in toks if start <= t[2] and t[3] <= end]
    if not inside or inside[0][2] != start or inside[-1][3] != end:
        return False
    if any(t[1] not in _DATA_FLAGS or t[0] in _PREFIX_STOP or t[0] in _PLACE_STOP for t in inside):
        return False
    name = text[start:end]
    if _CUE_RE.search(name):
        return False
    return _freq(name) < 500 and name not in _NOT_ORG and not (len(inside) == 1 and _freq(name) > 0
                                                             and inside[0][1] not in _PROPER_FLAGS)


_PROPER_FLAGS = frozenset("nt nz ns nr nrt nrfg j eng".split())
_HONORIFIC = re.compile(r"([\u4e00-\u9fff])(女士|先生|小姐|阿姨|同学|老师|医生|律师)")
_ORG_COMPANY = ("股份有限公司", "有限责任公司", "有限公司", "公司", "集团", "控股", "银行", "证券", "基金", "保险",
                "资本", "投资", "科技", "传媒", "影业", "置业", "地产", "实业", "制药", "药业", "电子", "电器",
                "汽车", "航空", "物流", "咨询", "智造", "半导体", "微电子", "资讯", "资安", "数据", "网络", "能源")
_ORG_HEADS = ("研究院", "研究所", "研究中心", "实验室", "医院", "大学", "学院", "中学", "小学", "学校", "幼儿园",
              "法院", "检察院", "公安局", "分局", "派出所", "支队", "大队", "中队", "俱乐部", "协会", "学会",
              "商会", "联合会", "基金会", "委员会", "管委会", "办公室", "工会", "交易所", "事务所", "联盟", "政府",
              "指挥部", "公署", "总署", "总局", "宣传部", "办", "局", "厅", "署", "部", "委", "院", "中心",
              "队", "党", "军", "社", "站", "所", "处", "会") + _ORG_COMPANY
_FIRM_HEADS = frozenset(("股份有限公司", "有限责任公司", "有限公司", "公司", "集团", "控股", "银行"))
_GENERIC_HEADS = frozenset("政府 医院 法院 大学 学院 中学 小学 学校 公司 集团 银行 证券 基金 保险 资本 投资 科技 传媒 "
                           "地产 电子 汽车 航空 物流 咨询 数据 网络 能源 中心 理事会 董事会 议会 国会 报社".split())
_MEDIA_HEADS = ("日报", "晚报", "早报", "时报", "商报", "周报", "周刊", "杂志", "新闻网", "电视台", "广播电台",
                "电台", "通讯社", "新闻社", "报社")
_PLACE_HEADS = ("高新区", "开发区", "新区", "自贸区", "产业园区", "园区", "科技园", "公园", "湿地公园", "纪念馆",
                "博物馆", "美术馆", "体育馆", "体育场", "体育中心", "大桥", "机场", "火车站", "高铁站", "广场",
                "景区", "码头", "水库", "隧道", "海滨长廊", "街道", "镇", "乡", "村", "县", "区", "市", "省",
                "湖", "江", "河", "山", "岛", "湾")
_OTHER_HEADS = ("指数", "成指", "马拉松", "运动会", "锦标赛", "联赛", "世界杯", "奥运会", "博览会", "展览会",
                "交易会", "峰会", "论坛", "条例", "协定", "议定书", "公约", "保护法", "管理法", "促进法", "服务法",
                "法案", "高铁", "铁路", "双年展", "电影节", "音乐节", "艺术节", "文化节")
_LAW = re.compile(r"(?:法|条例|规定|办法|协定|议定书|公约|法案|决定|意见|通知|规划|纲要|标准)$")
_NOT_ORG = frozenset(
    "西部 东部 南部 北部 中部 内部 外部 全部 局部 干部 总部 头部 底部 顶部 腹部 胸部 面部 背部 大部 一部 本部 "
    "腰部 腿部 颈部 脑部 尾部 前部 后部 上部 下部 深部 肺部 社会 社区 站点 住所 场所 处所 厕所 诊所 网站 车站 "
    "机会 晚会 大会 都会 学会 协会 工会 宴会 聚会 开会 会议 委员 议会 国会 理事会 董事会 股东大会 年会 展会 "
    "博会 部队 团队 军队 球队 车队 排队 梯队 中心 核心 重心 信心 市中心 中队 营业部 部门 局面 局势 格局 当局 "
    "布局 结局 出处 好处 之处 到处 处处 各处 政府 医院 法院 大学 学院 中学 小学 学校 公司 集团 银行 证券 基金 "
    "保险 资本 投资 科技 传媒 地产 电子 汽车 航空 物流 咨询 数据 网络 能源 政党 全党 入党 党员 报社 组织".split()
)
_PREFIX_STOP = frozenset(
    "记者 负责人 相关 有关 当地 我国 我省 本市 全市 全省 全县 全区 该 其 此次 工作组 官员 人士 专家 消息 数据 "
    "报告 此前 目前 今年 去年 明年 上述 多家 各地 各级 一家 这家 那家 该市 该县 该省 该区 省级 市级 县级 地方 "
    "旗下 子 母 上市 知名 大型 中小 民营 国有 新 老 前 原 现 多个 多名 部分 所有 全体 主要 其他 其它 另一 首家 "
    "同时 以及 包括 通过 成为 位于 来自 属于 表示 称 公布 发布 宣布 获悉 了解 介绍 负责 主管 分管 涉事 事发 "
    "涉案 相应 对应 所属 下属 直属 联合 共同 一起 两家 三家 数家 几家 该院 全国性 当局 大陆 内地 品牌 企业 机构 "
    "平台 运营方 代工厂 厂商 厂家 车企 药企 房企 券商 律所 子公司 母公司 合作方 供应商 经销商 开发商 运营商 服务商 "
    "制造商 生产商 零售商 门店 店铺 公司 集团 港股 美股 A股 研究机构 家电企业 由 向 对 从 在 与 和 据 将 被 把 公立 私立 "
    "国立 民办 公办 市属 省属 三甲 综合 下称 简称 以下简称 出版商 发行商 投资方".split()
)
_ANCHOR_WORDS = frozenset("国家 中国 中华 全国 国际 世界 中央 亚洲 欧洲 亚太 两岸 港澳 大湾区".split())
_ANCHOR_FLAGS = {"ns", "nt", "nz", "nr", "nrt", "nrfg", "j", "eng"}
_NAME_FLAGS = _ANCHOR_FLAGS | {"n", "vn", "an", "ng", "nl", "b", "l", "vi"}
_PLACE_STOP = frozenset(
    "中方 美方 外方 双方 海外 国内 国外 境内 境外 全球 亚洲 中外 中西 东西 南北 城乡 京津冀 "
    "长三角 珠三角 西方 东方 南方 北方 中部 沿海 内陆 各国 两国 全国 本地 当地 华人 华裔 中美 中日 中欧 "
    "欧美 美欧 日韩 中俄 中非 中东欧 华东 华南 华北 华中 西南 西北 东北 东南 山区 城区 市区 地区 社区 景区 "
    "小区 园区 湾区 郊区 灾区 矿区 辖区 街区 牧区 林区 城镇 沿江 沿河 江河 湖泊 河湖 山河 江山".split()
)
_PLACE_SUFFIX = re.compile(r"..(?:省|市|县|区|镇|乡|村|州|岛|湾|港|湖|江|河|山|峡|洲|半岛|群岛)$")
_WEAK_SURNAMES = frozenset("向时于和都曾应尤展公来强全原才连")
_FUNCTION_CHARS = frozenset("的了着过在对向时说自和与将被把从为是等也就都还又则曾已称于及到让给")
_MEDIA_NAME = re.compile(r"(?:日报|晚报|早报|时报|商报|周报|周刊|杂志|新闻|新闻网|电视台|电台|通讯社|新闻社|报)$")
_LATIN_MODEL = re.compile(r"(?<![A-Za-z0-9\-])([A-Z][A-Za-z]{0,10}[\- ]?\d{1,4}[A-Za-z]{0,4}(?:\s?(?:Pro|Max|Plus|Ultra|mini|Lite))?)"
                          r"(?![A-Za-z0-9\-])")
_LATIN_NAME = re.compile(r"(?<![A-Za-z0-9\-&.])([A-Z][a-z]+(?:[A-Z][a-z]+)+)(?![A-Za-z0-9\-&])")
_LATIN_STOP = frozenset(
    "AI GPU CPU CEO CFO CTO COO App APP IT PC LLM Web DIY GDP CPI PPI PMI ETF IPO VR AR USB WiFi PDF SUV MPV VIP KOL "
    "OK NO TV PK MV CT MRI ICU DNA RNA PCR GPS APP SIM ID UN EU US USA UK PR HR QA FAQ LED LCD OLED CBD AQI PM PS "
    "AM BTC ESG EV BEV PHEV IoT API SaaS The This That And For With From Our Your New City Not Yes Ltd Inc Co Corp "
    "Group Plc LLC JPG PNG HTML Android iOS Windows Linux Mac".split()
)
_BOOK = re.compile(r"《([^《》]{1,30})》")
_LATIN_CH = "A-Za-z\u00C0-\u024F"
_PAREN_ALIAS = re.compile(rf"\s*[（(]\s*(?:以下简称|下称|简称|又称|英文名|英文简称)?[:：]?\s*[“\"「]?"
                          rf"([{_LATIN_CH}][{_LATIN_CH}0-9 .&'\-·]{{0,40}}|[\u4e00-\u9fffA-Za-z0-9·]{{2,10}})"
                          rf"[”\"」]?\s*[）)]")
_ALIAS_INTRO = re.compile(r"\s*[，,]?\s*(?:以下简称|下称|简称)\s*[“\"「]([^”\"」]{2,12})[”\"」]")
_TRANSLIT = set(
    "阿埃艾爱安昂奥巴拜班邦鲍贝本比彼毕宾波伯博布查达戴丹道德迪蒂丁东杜多恩尔法范菲费芬丰弗福富盖甘冈高戈格"
    "贡古瓜哈海汉豪赫亨洪胡华怀霍基吉加贾杰金卡凯坎康考柯科克肯孔库奎拉莱赖兰朗劳勒雷蕾里利莉连林琳隆卢鲁伦"
    "罗洛马玛迈麦曼梅门蒙米密明莫姆穆纳娜奈南内尼涅宁纽诺欧帕潘佩彭皮珀普奇齐乔切琼丘萨塞桑瑟森沙莎尚舍什施"
    "史斯松苏索塔泰坦汤唐特提汀图托瓦万威韦维温沃乌武西希锡夏谢辛休雅亚扬耶伊因英尤约泽扎詹朱兹茨佐王李"
    "翰瑞赛珊魏默萝丝露薇珍茜妮娅琪芙黛蒂杰乔伦诺奥朗霍雷汉顿登斐钦赞戈罗德贝哈薩文根琴慕弥茵"
)
_TL = "".join(sorted(_TRANSLIT))
_FOREIGN_NAME = re.compile(f"[{_TL}]{{1,6}}(?:·[{_TL}]{{1,8}})+")
_TRANSLIT_RUN = re.compile(f"[{_TL}]{{4,}}")


@dataclass(frozen=True)
class Span:
    """One recognised name in a sentence: offsets in ``text_hans``, type, and dictionary id if any."""

    start: int
    end: int
    type: str
    eid: str = ""
    rule: str = ""


def _segment():
    """analytics.segment, imported on first use (importing jieba costs a second)."""
    global _SEGMENT
    if _SEGMENT is None:
        from analytics import segment

        _SEGMENT = segment
    return _SEGMENT


_SEGMENT = None
_PLACES_NOW: frozenset[str] | None = None  # the dictionary's places while _rule_spans runs (looked up once)
_HEAD_MEMO: dict[int, dict[str, str | None]] = {}


def _pos(text: str) -> tuple[tuple[str, str, int, int], ...]:
    return _segment().pos_cut(text)


def _freq(word: str) -> int:
    return _segment().word_freq(word)


def _is_person_name(word: str) -> bool:
    """A Chinese personal name: known surname plus one or two given-name characters (or ·-name)."""
    if "·" in word:
        return bool(_FOREIGN_NAME.fullmatch(word))
    if not _CJK.search(word) or not re.fullmatch(r"[\u4e00-\u9fff]+", word):
        return False
    if word.startswith(_COMPOUND_SURNAMES):
        return 3 <= len(word) <= 4
    return 2 <= len(word) <= 3 and word[0] in _SURNAMES


def _is_place(word: str, flag: str) -> bool:
    """A place name: in the general gazetteer, or tagged ns by jieba and shaped like one (乡宁县, 长岐镇)."""
    if word in _PLACE_STOP or len(word) < 2:
        return False
    places = _PLACES_NOW if _PLACES_NOW is not None else load_dictionary().places
    return word in places or flag == "ns" and bool(_PLACE_SUFFIX.fullmatch(word))


def _anchor(word: str, flag: str, strong: bool) -> bool:
    """Can a name start with this token: a proper noun, a place, 国家/中国…, or a rare word before 公司/集团."""
    if word in _PREFIX_STOP or word in _PLACE_STOP or flag == "eng" and (word in _LATIN_STOP or len(word) <= 3
                                                                          or word.isupper() and len(word) <= 4):
        return False
    if flag in _ANCHOR_FLAGS - {"ns"} or word in _ANCHOR_WORDS or _is_place(word, flag):
        return True
    return strong and len(word) >= 2 and _freq(word) < 50


def _head(word: str, heads: tuple[str, ...]) -> str | None:
    """The first of ``heads`` the word ends with (memoised per head list: every token asks several times)."""
    memo = _HEAD_MEMO.get(id(heads))
    if memo is None:
        memo = _HEAD_MEMO[id(heads)] = {}
    if word in memo:
        return memo[word]
    found = next((h for h in heads if word.endswith(h)), None) if word.endswith(heads) else None
    if len(memo) > 200_000:
        memo.clear()
    memo[word] = found
    return found


def _extend_left(toks, i: int, max_len: int = 24, strong: bool = False) -> int:
    """Leftmost token index a name ending at token i can start from (nouns and names, 和 inside)."""
    j = i
    while j > 0:
        w, f, s, _ = toks[j - 1]
        if toks[i][3] - s > max_len:
            break
        if w in {"和", "与"} and j - 1 > 0 and f == "c":
            left = toks[j - 2]
            if left[1] in _NAME_FLAGS and not _head(left[0], _ORG_HEADS) and left[0] not in _PREFIX_STOP:
                j -= 1
                continue
        if w in _PREFIX_STOP:
            break
        if (f in _NAME_FLAGS or strong and f == "v") \
                and not re.search(r"[\s\d，。、；：！？“”「」（）()《》·]", w):
            j -= 1
            continue
        break
    return j


def _rule_spans(text: str) -> list[Span]:
    """Names found by the general method in one Simplified sentence."""
    global _PLACES_NOW
    _PLACES_NOW = load_dictionary().places
    try:
        return _find_rule_spans(text)
    finally:
        _PLACES_NOW = None


_HEAD_LAST = frozenset(h[-1] for h in (*_MEDIA_HEADS, *_OTHER_HEADS, *_ORG_HEADS, *_PLACE_HEADS, *_GENERIC_HEADS))


def _find_rule_spans(text: str) -> list[Span]:
    toks = _pos(text)
    spans: list[Span] = []
    n = len(toks)
    for i, (w, f, s, e) in enumerate(toks):
        if f == "x" or len(w) < 1:
            continue
        # organisations and media by suffix, extended left to a name-like anchor
        kind = None
        if f != "nt" and w[-1] not in _HEAD_LAST:
            pass  # no head ends this word (most words): skip the suffix tests
        elif _head(w, _MEDIA_HEADS) and w not in {"报", "日报"}:
            kind, heads, strong = "media", _MEDIA_HEADS, False
        elif _head(w, _OTHER_HEADS):
            kind, heads, strong = "other", _OTHER_HEADS, False
        elif (f == "nt" or _head(w, _ORG_HEADS) and f not in {"v", "vd", "d", "p", "m", "q", "r", "f", "t", "c", "s", "a"}
              and w[0] not in "一二三四五两几某该此这那每各本全其") and w not in _NOT_ORG \
                or w in _GENERIC_HEADS and i > 0 and _anchor(toks[i - 1][0], toks[i - 1][1], False):
            kind, heads, strong = "org", _ORG_HEADS, bool(_head(w, _ORG_COMPANY))
        elif _head(w, _PLACE_HEADS) and f != "ns" and i > 0 and toks[i - 1][1] == "ns" and len(w) >= 2:
            kind, heads, strong = "place", _PLACE_HEADS, False
        if kind:
            if i + 1 < n and toks[i + 1][0] in {"有限公司", "股份有限公司", "集团", "公司"} and kind == "org":
                continue
            if kind == "org" and _head(w, _ORG_COMPANY) and i > 0 and _head(toks[i - 1][0], _ORG_HEADS) \
                    and not _head(toks[i - 1][0], _ORG_COMPANY) and w in _GENERIC_HEADS:
                continue
            if kind == "org" and w.endswith("部") and w[:-1] and all(ch in "东南西北中" for ch in w[:-1]):
                continue
            j = _extend_left(toks, i, strong=strong)
            while j < i and not _anchor(toks[j][0], toks[j][1], strong):
                j += 1
            if kind == "org" and w.endswith("数据") and _generic_compound(w, "数据"):
                continue  # 监测数据: data of something
            if f == "nt" and _head(w, heads) and w[:-len(_head(w, heads))] in _PREFIX_STOP:
                continue  # 公立医院, 上市公司: a kind of body, not a name
            own = f == "nt" and not _generic_compound(w, _head(w, heads) or "") \
                or f in {"ns", "nz"} and kind == "org" and len(w) > len(_head(w, heads) or "") + 1
            if j == i and not own and not (_head(w, heads) and len(w) - len(_head(w, heads)) >= 2
                                           and _anchor(w[:-len(_head(w, heads))], "n", strong)):
                continue
            sector = _head(w, _ORG_COMPANY)
            if kind == "org" and sector and sector not in _FIRM_HEADS and all(
                    _is_place(t[0], t[1]) or t[0] in _ANCHOR_WORDS for t in toks[j:i]) \
                    and (j < i or _is_place(w[:-len(sector)], "ns") or w[:-len(sector)] in _ANCHOR_WORDS):
                continue  # 欧洲汽车, 中国半导体: a country's industry, not a company
            if kind == "org" and _head(w, _ORG_COMPANY):
                while j < i and toks[j][1] == "ns" and toks[j][0].endswith(("省", "市", "县", "区")) \
                        and i - j >= 2:
                    j += 1
            start = toks[j][2]
            while text[start] in "由向对从在与和据将被把" and e - start > 5:
                start += 1
            name = text[start:e]
            if kind == "org" and re.search(r"大学.+(?:学院|学部|系)$", name):
                e = start + name.index("大学") + 2
                name = text[start:e]
            if len(name) < 2 or name in _NOT_ORG:
                continue
            if kind == "org" and _MEDIA_NAME.search(name) and not name.endswith("新闻"):
                kind = "media"
            spans.append(Span(start, e, kind, rule=f"head:{kind}"))
            continue
        if _is_place(w, f):
            spans.append(Span(s, e, "place", rule="ns"))
        elif f in {"nr", "nrfg"}:
            if len(w) == 3 and w[-1] in _FUNCTION_CHARS:
                w, e = w[:2], e - 1
            if _is_person_name(w) and w[0] not in _WEAK_SURNAMES and _freq(w) < 50 and _freq(w[1:]) < 1000 \
                    and not any(ch in _FUNCTION_CHARS for ch in w[1:]) \
                    and not (i + 1 < n and toks[i + 1][1] in {"ng", "n"} and _head(toks[i + 1][0], _ORG_HEADS)):
                spans.append(Span(s, e, "person", rule="nr"))
        elif f == "nrt" and len(w) >= 3 and all(c in _TRANSLIT for c in w):
            spans.append(Span(s, e, "person", rule="nrt"))
    bounds = {t[2] for t in toks} | {t[3] for t in toks}
    for m in _TITLE_RE.finditer(text):
        k = m.end()
        for length in (3, 2) if not text[k:k + 2] in _COMPOUND_SURNAMES else (4, 3):
            cand = text[k:k + length]
            if k + length in bounds and _is_person_name(cand) and _freq(cand) < 200 and cand[0] not in _WEAK_SURNAMES \
                    and not any(ch in _FUNCTION_CHARS for ch in cand[1:]):
                spans.append(Span(k, k + length, "person", rule="title"))
                break
        else:
            run = _TRANSLIT_RUN.match(text, k) or re.compile(f"[{_TL}]{{3}}").match(text, k)
            if run and run.end() in bounds and _freq(run.group(0)) < 50:
                spans.append(Span(k, run.end(), "person", rule="title"))
    for m in _DATA_SOURCE.finditer(text):
        if _data_source(text, toks, m.start(1), m.end(1)):
            spans.append(Span(m.start(1), m.end(1), "org", rule="data"))
    for m in _SPEAKER_NAME.finditer(text):
        cand = m.group(1)
        if _is_person_name(cand) and cand[0] not in _WEAK_SURNAMES and _freq(cand) < 50 and _freq(cand[1:]) < 1000 \
                and not any(ch in _FUNCTION_CHARS for ch in cand[1:]) and m.end(1) in bounds:
            spans.append(Span(m.start(1), m.end(1), "person", rule="speaker"))
    for m in _HONORIFIC.finditer(text):
        if m.group(1) in _SURNAMES and m.group(1) not in _WEAK_SURNAMES and m.start() in bounds \
                and (m.start() == 0 or not _CJK.match(text[m.start() - 1]) or _freq(text[m.start() - 1:m.end() - 2]) < 100):
            spans.append(Span(m.start(), m.end(), "person", rule="honorific"))
    for m in _FOREIGN_NAME.finditer(text):
        last_dot = m.start() + m.group(0).rindex("·")
        ends = [b for b in bounds if last_dot + 2 < b <= m.end()]
        end = max(ends) if ends else m.end()
        if end - m.start() >= 4:
            spans.append(Span(m.start(), end, "person", rule="dot"))
    for m in _LATIN_MODEL.finditer(text):
        s, e = m.start(1), m.end(1)
        if re.search(r"\d", m.group(1)) and not re.fullmatch(r"[A-Z]{1,2}\d{4}", m.group(1)):
            b = s
            while b > 0 and _CJK.match(text[b - 1]) and s - b < 2:
                b -= 1
            if s - b == 2 and b in bounds and _freq(text[b:s]) < 50 and not text[b:s] in _PREFIX_STOP:
                s = b
            spans.append(Span(s, e, "product", rule="model"))
    for m in _LATIN_NAME.finditer(text):
        if m.group(1) not in _LATIN_STOP and len(m.group(1)) >= 3:
            spans.append(Span(m.start(1), m.end(1), "org", rule="latin"))
    found = _org_spans(text, toks)
    spans = [sp for sp in spans if sp.rule != "head:org" or not any(
        o.start < sp.end and sp.start < o.end for o in found)]
    return spans + found + _other_spans(text, toks)


_STRONG_HEADS = ("股份有限公司", "有限责任公司", "有限公司", "事务所", "研究院", "研究所", "研究中心", "研究室", "实验室",
                 "出版社", "委员会", "联合会", "基金会", "管理局", "指挥部", "办公室", "俱乐部", "代表团", "服务队",
                 "工作室", "联席会", "联委会", "检察署", "检察院", "法院", "医院", "诊所", "大学", "学院", "学系",
                 "学部", "中学", "小学", "书院", "学校", "协会", "学会", "商会", "工会", "联盟", "公司", "总局",
                 "分局", "总署", "中心", "战队", "乐团", "剧团", "党团", "殡仪馆", "博物馆", "美术馆", "气象台",
                 "天文台", "大队", "支队", "总队", "食堂", "局", "署", "处", "司", "厅", "委", "办", "部", "队", "组",
                 "科")
_INDUSTRY_HEADS = ("集团", "控股", "资本", "证券", "期货", "基金", "银行", "保险", "投信", "投顾", "创投", "资管", "影业",
                   "娱乐", "互娱", "传媒", "科技", "电子", "电器", "家电", "电池", "汽车", "矿业", "珠宝", "食品", "饮食",
                   "家居", "咨询", "数据", "资讯", "资安", "精密", "光能", "能源", "药业", "制药", "生物", "地产", "置业",
                   "物业", "评级", "优选", "电竞", "咖啡", "健身")
_HEAD_RE = re.compile("|".join(sorted(_STRONG_HEADS + _INDUSTRY_HEADS, key=len, reverse=True)))
_GOV_HEADS = frozenset("局 署 处 司 厅 委 办".split())
_HARD_FLAGS = frozenset("x m mq p u uj ul uz uv ud ug r d q c y e o w df t f".split())
_HARD_WORDS = frozenset(
    "的 收购 并购 入股 成为 获得 包括 来自 位于 属于 隶属于 送往 加入 起诉 联合 合作 携手 委托 签约 领投 参投 "
    "持有 宣布 表示 称 认为 指出 发布 公布 显示 介绍 透露 通报 回应 提醒 要求 旗下 名为 主营 经营 运营 官方 "
    "第三方 以及 其中 则 也 均 即 已 曾 将 在 从 向 对 等 年 月 日 前 后 数据 调查 报告 根据 依据".split())
_MID_CONJ = frozenset("和 与 及".split())
_LEAD_CHARS = frozenset("由向对从在与和据将被把经占继如")
_ONE_CHAR_VERBS = frozenset("由占经去进受请洽如继任报令予读入列有看超视派地且内佔支扳名创下委")
_ROLE_ENDS = ("商", "厂", "方", "者", "单位", "代理", "机构", "平台", "品牌", "企业", "团体")
_ROLE_WORDS = frozenset("人士 员工 依法 严肃 部门 人员 工作 派员".split())
_TITLE_WORDS = frozenset(_TITLES.split("|"))


def _brandish(toks, j: int) -> bool:
    """Token j starts a coined name: a rare word, or short pieces jieba split out of an unknown word."""
    w, f = toks[j][0], toks[j][1]
    if not _CJK.match(w[:1]) or f in _HARD_FLAGS:
        return False
    if len(w) >= 2:
        return _freq(w) < (150 if f not in {"v", "a", "ad", "vn"} else 10) and not _is_place(w, f)
    if w in _FUNCTION_CHARS or w in _ONE_CHAR_VERBS or j + 1 >= len(toks) or f in {"v", "p"}:
        return False
    nxt = toks[j + 1][0]
    return bool(_CJK.match(nxt[:1])) and _freq(w + nxt) == 0 and _freq(w + nxt[:1]) == 0


def _proper(toks, j: int) -> bool:
    w, f = toks[j][0], toks[j][1]
    if w in _PLACE_STOP or w in _PREFIX_STOP:
        return False
    if f == "eng":
        return w not in _LATIN_STOP and len(w) >= 3 and not (w.isupper() and len(w) <= 4)
    return (f in {"nz", "nt", "nr", "nrt", "nrfg", "ns", "j"} and _freq(w) < 3000
            or w in _ANCHOR_WORDS or _is_place(w, f) or _brandish(toks, j))


def _word_tag(word: str) -> str:
    """jieba's dictionary part of speech of a word, '' when it has none."""
    return _segment().pos_tokenizer().word_tag_tab.get(word, "")


# Heads of kinds of bodies many places have (服务中心, 国家队, 对照组, 财务科, 商业银行); bureaus, ministries and
# parties (教育局, 律政司, 商务部, 国民党) are often one body named by its field and keep their names.
_KIND_HEADS = frozenset("中心 队 组 科 学校 医院 卫生院 银行 公司 大学 中学 小学 基金 财政 数据".split())


def _generic_compound(word: str, head: str) -> bool:
    """A dictionary word naming a kind of body, not one body (服务中心, 国家队, 商业银行, 州立大学): its part
    before a kind head is a common word or a single character, not a place or a proper noun."""
    prefix = word[:-len(head)] if head and word.endswith(head) else ""
    if not prefix or head not in _KIND_HEADS or _freq(word) == 0 and _word_tag(word) != "nt":
        return False
    tag = _word_tag(prefix)
    if tag in {"ns", "nr", "nrt", "nrfg", "nz", "nt", "j", "eng"} or _is_place(prefix, tag):
        return False
    return len(prefix) == 1 or _freq(prefix) > 0 or prefix in _PREFIX_STOP


def _data_maker(toks, j: int) -> bool:
    """The word before 数据 coins a data company's name (餐宝数据, 鲸算数据): a rare Chinese word that is
    neither a body with its own head (出版署) nor a common noun (监测, 统计)."""
    w, f = toks[j][0], toks[j][1]
    if f == "eng" or not _CJK.match(w[:1]) or w[-1] in "署局部委办厅院所会处司":
        return False
    return _brandish(toks, j) or f in {"nz", "nr", "nrt", "nt"} and _freq(w) < 300


def _org_spans(text: str, toks) -> list[Span]:
    """Organisations by head word, extended left over the tokens of the name (鸿科精密, 香港零售管理协会,
    市场监管总局缺陷产品管理中心) to the leftmost anchor: a place, a proper noun, 国家/中国… or a coined word;
    an industry word (科技, 资本, 汽车) makes an organisation only right after a coined or proper name."""
    out = []
    ends = {t[3]: k for k, t in enumerate(toks)}
    for m in _HEAD_RE.finditer(text):
        hs, he = m.span()
        head = m.group(0)
        k = ends.get(he)
        if k is None:
            k = next((i for i, t in enumerate(toks) if t[2] < he < t[3]), None)
            if k is None or not _TITLE_RE.match(text, he):
                continue
        kh = next(i for i in range(k, -1, -1) if toks[i][2] <= hs)
        tok, flag, ts, _ = toks[kh]
        pre = text[ts:hs]
        industry = head in _INDUSTRY_HEADS
        if flag in _HARD_FLAGS or pre and (tok in _NOT_ORG or pre in _PREFIX_STOP or _freq(tok) > 3000
                                           or industry and _freq(tok) > 0):
            continue
        if head == "处" and re.match(r"(?:获悉|了解|得知|查处)", text[he:he + 2]):
            continue
        if len(head) == 1 and len(tok) == 2 and pre and (flag[:1] == "v" or flag in {"s", "a", "d", "f"}):
            continue  # 查处, 地处, 求处: a verb or place word ending in 处/局/部, no head
        if head == "数据" and not pre and kh >= 1 and not _data_maker(toks, kh - 1):
            continue  # 监测数据, 通胀数据, 新闻出版署数据: data of something, not a company named X数据
        generic = bool(pre) and _generic_compound(tok, head)
        best = kh if pre and not generic and (_proper(toks, kh) or _freq(pre) < 150 and len(pre) >= 2) else None
        i = kh - 1
        while i >= 0:
            w, f, s, _ = toks[i]
            if he - s > 22 or w not in _MID_CONJ and (f in _HARD_FLAGS or w in _HARD_WORDS or w in _PREFIX_STOP) \
                    or w in _TITLE_WORDS and i < kh - 1 or not w.strip() or re.search(r"[\d\W_]", w) \
                    or w.endswith(_ROLE_ENDS) and i < kh - 1:
                break
            if w in _MID_CONJ:
                if i == 0 or toks[i - 1][1] in _HARD_FLAGS or industry or _HEAD_RE.search(toks[i - 1][0][-3:]):
                    break
            elif _proper(toks, i):
                best = i
            elif industry and (best is not None or f != "n") and len(w) > 1:
                break
            elif f == "v" and _freq(w) > 3000 and best is None:
                break
            if f == "v" and len(w) >= 2 and _CUE_RE.fullmatch(w):
                break  # 引述, 表示: a speech verb ends the name on its left
            i -= 1
        if best is not None and industry and not any(
                _brandish(toks, b) or toks[b][1] in {"nz", "nt", "nr", "nrt"} and _freq(toks[b][0]) < 300
                or toks[b][1] == "eng" and _proper(toks, b) for b in range(best, kh + (1 if pre else 0))):
            continue
        if best is None:
            if head in _GOV_HEADS and len(pre) >= 2 and flag in {"n", "nt", "j"} and not generic:
                best = kh
            elif head in _GOV_HEADS and not pre and kh >= 1 and toks[kh - 1][1] in {"n", "vn", "j", "v"} \
                    and len(toks[kh - 1][0]) >= 2 and _freq(toks[kh - 1][0]) < 20000 \
                    and toks[kh - 1][0] not in _PREFIX_STOP | _NOT_ORG | _HARD_WORDS | _ROLE_WORDS:
                best = kh - 1
            else:
                continue
        start = toks[best][2]
        while text[start] in _LEAD_CHARS and he - start > len(head) + 2:
            start += 1
        if head == "数据" and _freq(text[start:hs]) > 0:
            he = hs
        name = text[start:he]
        inner = [x for x in _HEAD_RE.finditer(name[:-len(head)]) if len(x.group(0)) >= 2]
        if industry and inner:
            continue
        if len(head) == 1 and head not in _GOV_HEADS and inner:
            he = start + inner[-1].end()
            name = text[start:he]
        if len(name) < (2 if he == hs else 3) or name in _NOT_ORG or name in _GENERIC_HEADS:
            continue
        out.append(Span(start, he, "media" if _MEDIA_NAME.search(name) else "org", rule="org"))
    return out


_EVENT_HEAD = re.compile(r"(?:指数|成指|马拉松|锦标赛|公开赛|大满贯|运动会|亚运会|全运会|奥运会|世界杯|书展|艺术季|电影节|"
                         r"博览会|交易会|金像奖|保护法|管理法|促进法|服务法|安全法|卫生法|征收管理法|条例|议定书|协定)$")
_EVENT_LAST = frozenset(w[-1] for w in _EVENT_HEAD.pattern[3:-2].split("|"))
_LAW_TOKENS = frozenset("刑法 民法 宪法 民法典 公司法 劳动法 证券法 刑事诉讼法 民事诉讼法".split())


def _other_spans(text: str, toks) -> list[Span]:
    """Events, indices and laws (恒生指数, 环巢湖国际马拉松, 个人信息保护法, 运动彩券发行条例): a token ending
    in an event, index or law word, extended left over the nouns of its name."""
    out = []
    for k, (w, f, s, e) in enumerate(toks):
        if w in _LAW_TOKENS:
            out.append(Span(s, e, "other", rule="other"))
            continue
        m = _EVENT_HEAD.search(w) if w[-1:] in _EVENT_LAST else None
        if not m or f in _HARD_FLAGS:
            continue
        j = k
        while j > 0:
            pw, pf = toks[j - 1][0], toks[j - 1][1]
            if pf in _HARD_FLAGS or pw in _HARD_WORDS or pw in _PREFIX_STOP or not pw.strip() \
                    or re.search(r"[\d\W_]", pw) or e - toks[j - 1][2] > 20 \
                    or pf not in _NAME_FLAGS - {"vi"}:
                break
            j -= 1
        name = text[toks[j][2]:e]
        if len(name) >= 4:
            out.append(Span(toks[j][2], e, "other", rule="other"))
    return out


_PUBLISHES = re.compile(r"^》?(?:杂志|网站|网|报|周刊)?(?:的)?(?:报道|报导|援引|引述|刊文|刊登|发文|撰文|社论|独家|消息称|表示|"
                        r"记者|网站|官网|专访|采访)")
_PUBLISHES_WEAK = re.compile(r"^》?(?:杂志|网站|网|报)?(?:的)?(?:上)?(?:称|指出|分析|透露|评论|文章|调查|报告|发表|披露|消息)")


def _book_spans(text: str) -> list[Span]:
    """《titles》: media where the sentence treats the title as a publisher or it names an outlet, else a
    work (film, book, song, programme); laws and regulations are ``other``."""
    d = load_dictionary()
    out = []
    for m in _BOOK.finditer(text):
        inner = m.group(1)
        bare = re.match(r"^(.+?)\s*[（(][^（）()]+[）)]$", inner)
        end = m.start(1) + len(bare.group(1)) if bare else m.end(1)
        inner = bare.group(1) if bare else inner
        eid = d.lookup(f"《{inner}》") or d.lookup(inner) or ""
        after = text[m.end() - 1:m.end() + 8]
        before = text[max(0, m.start() - 4):m.start()]
        publisher = bool(_PUBLISHES.match(after)) or bool(re.search(r"据$", before)) and bool(
            _PUBLISHES_WEAK.match(after)) or bool(re.search(r"(?:在|接受|告诉)$", before)) and bool(
            re.match(r"^》?(?:杂志|网站|网|报)?(?:上)?(?:发表|刊文|撰文|刊登|发文|撰写|采访|专访)", after))
        if eid:
            kind = d.entries[eid].type
        elif publisher or _MEDIA_NAME.search(inner) and not _LAW.search(inner):
            kind = "media"
        elif _LAW.search(inner):
            kind = "other"
        else:
            kind = "work"
        out.append(Span(m.start(1), end, kind, eid, rule="book" if kind != "media" or publisher or eid
                        else "book-name"))
    return out


def _resolve_overlaps(spans: list[Span]) -> list[Span]:
    """Keep the longest span where names overlap; dictionary and 《》 spans win ties."""
    rank = {"book": 0, "dict": 1}
    chosen: list[Span] = []
    for sp in sorted(spans, key=lambda s: (-(s.end - s.start), rank.get(s.rule, 2), s.start)):
        if all(sp.end <= c.start or c.end <= sp.start for c in chosen):
            chosen.append(sp)
    return sorted(chosen, key=lambda s: s.start)


@lru_cache(maxsize=65536)
def _sentence_spans(text: str, version: str) -> tuple[Span, ...]:
    d = load_dictionary()
    spans = _book_spans(text)
    for eid, s, e in find_mentions(text):
        if text[s] == "《" and text[e - 1] == "》":
            s, e = s + 1, e - 1
        elif text[e - 1:e + 1] == "部门":
            continue  # 教育部门 is any education department, not the ministry 教育部
        spans.append(Span(s, e, d.entries[eid].type, eid, rule="dict"))
    for sp in _rule_spans(text):
        word = text[sp.start:sp.end]
        if word in d.stoplist or sp.type not in {"person", "place"} and d.lookup(word) is None and _freq(word) > 20000:
            continue
        eid = d.lookup(word) or ""
        spans.append(Span(sp.start, sp.end, d.entries[eid].type if eid else sp.type, eid, sp.rule))
    return tuple(_join_units(_resolve_overlaps(spans), text))


def _join_units(spans: list[Span], text: str) -> list[Span]:
    """A body written right after its parent is one name (教育部教育考试院, 公安部治安管理局)."""
    out: list[Span] = []
    for sp in spans:
        prev = out[-1] if out else None
        if prev is not None and prev.end == sp.start and prev.type == sp.type == "org" \
                and sp.rule in {"org", "head:org"} and _head(text[sp.start:sp.end], _STRONG_HEADS):
            out[-1] = Span(prev.start, sp.end, "org", "", "org")
            continue
        out.append(sp)
    return out


def recognise(text_hans: str) -> list[Span]:
    """Names in one Simplified sentence, by the general method plus the active dictionary."""
    return list(_sentence_spans(_norm(str(text_hans)), load_dictionary().version + "/" + ",".join(packs.active())))


# ---------------------------------------------------------------- names within an article

_COMPANY_TAIL = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团有限公司|集团|公司)$")
_PLACE_TAIL = re.compile(r"(?<=..)(?:省|市|县|区)$")


@dataclass
class _Cluster:
    """One entity of an article: its names (Simplified, first written first) and mentions."""

    type: str
    eid: str
    names: list[str]
    originals: list[str] = field(default_factory=list)
    english: str = ""
    mentions: list[tuple[int, int, int, str]] = field(default_factory=list)


@dataclass
class _ArticleNames:
    clusters: list[_Cluster]
    spans: dict[int, list[tuple[Span, int]]]  # sentence_idx -> (span, cluster index)


def _short_forms(name: str, kind: str) -> list[str]:
    """Short forms an article may use for a full name: 穆尼奥斯 for 卡洛斯·穆尼奥斯, 乡宁 for 乡宁县."""
    out = []
    if kind == "person" and "·" in name:
        out.append(name.rsplit("·", 1)[1])
    elif kind in {"org", "media"}:
        core = _COMPANY_TAIL.sub("", name)
        if core != name and len(core) >= 2:
            out.append(core)
            out.append(core[:2])
            for word in ("科技", "资本", "集团", "控股", "半导体", "电子", "数据", "医药", "地产"):
                if core.endswith(word) and len(core) > len(word) + 2:
                    out.append(core[:2] + word)
    elif kind == "place":
        short = _PLACE_TAIL.sub("", name)
        if short != name and len(short) >= 2:
            out.append(short)
    return [s for s in out if len(s) >= 2 and s != name]


def _literal(alias: str, text: str) -> list[tuple[int, int]]:
    rx = _alias_regex(alias, bool(_CJK.search(alias)))
    return [(m.start(), m.end()) for m in re.finditer(rx, text)]


def _article_names(rows: list[tuple[int, str, str]]) -> _ArticleNames:
    """Recognise, unify (aliases, short forms, scripts) and locate every name of one article."""
    d = load_dictionary()
    per: dict[int, list[Span]] = {}
    alias_of: dict[str, str] = {}
    for idx, hans, _ in rows:
        spans = recognise(hans)
        drop: set[Span] = set()
        extra: list[Span] = []
        for sp in spans:
            if sp in drop:
                continue
            m = _PAREN_ALIAS.match(hans, sp.end) or _ALIAS_INTRO.match(hans, sp.end)
            if not m:
                continue
            alias = m.group(1).strip()
            if alias and fold(alias) != fold(hans[sp.start:sp.end]):
                alias_of[fold(alias)] = fold(hans[sp.start:sp.end])
                drop.update(o for o in spans if m.start(1) <= o.start and o.end <= m.end(1) + 1)
                start = m.start(1) + hans[m.start(1):].index(alias)
                extra.append(Span(start, start + len(alias), sp.type, sp.eid, "alias"))
        inside = [(m.start(), m.end()) for m in re.finditer(r"[（(][^（）()]*[）)]", hans)]
        kept = []
        for sp in spans:
            if sp in drop:
                continue
            if sp.rule == "latin" and any(a < sp.start and sp.end < b for a, b in inside):
                continue
            kept.append(sp)
        per[idx] = sorted(kept + extra, key=lambda sp: sp.start)
    clusters: list[_Cluster] = []
    index: dict[str, int] = {}

    def cluster_for(key: str, sp: Span, name: str) -> int:
        target = alias_of.get(key, key)
        ci = index.get(sp.eid) if sp.eid else None
        if ci is None:
            ci = index.get(target)
        if ci is None:
            ci = len(clusters)
            clusters.append(_Cluster(sp.type, sp.eid, [name]))
        index[key] = index[target] = ci
        if sp.eid:
            index[sp.eid] = ci
        c = clusters[ci]
        if name not in c.names:
            c.names.append(name)
        return ci

    located: dict[int, list[tuple[Span, int]]] = {}
    for idx, hans, orig in rows:
        for sp in per[idx]:
            name = hans[sp.start:sp.end]
            ci = cluster_for(fold(name), sp, name)
            located.setdefault(idx, []).append((sp, ci))
    # short forms and parenthesised aliases name the same entity
    whole = "\n".join(h for _, h, _ in rows)
    for ci, c in enumerate(clusters):
        for full in list(c.names):
            for short in _short_forms(full, c.type):
                other = index.get(fold(short))
                if other is not None and other != ci and clusters[other].type in {c.type, "org", "media", "place"} \
                        and not clusters[other].eid:
                    _merge(clusters, index, located, ci, other)
                elif other is None and short in whole.replace(full, ""):
                    c.names.append(short)
                    index[fold(short)] = ci
    for alias, target in alias_of.items():
        ci = index.get(target)
        if ci is not None and alias not in index:
            index[alias] = ci
            clusters[ci].names.append(alias)
            if not _CJK.search(alias):
                clusters[ci].english = clusters[ci].english or alias
    # mentions of extra names not recognised as spans (穆尼奥斯 after 卡洛斯·穆尼奥斯)
    for idx, hans, orig in rows:
        lowered = hans.lower()
        taken = [(sp.start, sp.end) for sp, _ in located.get(idx, [])]
        for ci, c in enumerate(clusters):
            if not c.names or clusters[ci].type == "_merged":
                continue
            for alias in c.names[1:]:
                if " " not in alias and _norm(alias).lower() not in lowered:
                    continue  # cheap test first: most names are absent from most sentences
                for s, e in _literal(alias, hans):
                    inner = [(a, b) for a, b in taken if s <= a and b <= e and (a, b) != (s, e)]
                    if all(e <= a or b <= s for a, b in taken if (a, b) not in inner):
                        taken = [t for t in taken if t not in inner] + [(s, e)]
                        located[idx] = [(sp, k) for sp, k in located.get(idx, [])
                                        if (sp.start, sp.end) not in inner]
                        located[idx].append((Span(s, e, c.type, c.eid, "alias"), ci))
    for idx, hans, orig in rows:
        same = len(orig) == len(hans)
        for sp, ci in sorted(located.get(idx, []), key=lambda t: t[0].start):
            c = clusters[ci]
            surface = orig[sp.start:sp.end] if same else hans[sp.start:sp.end]
            c.mentions.append((idx, sp.start, sp.end, surface))
            if surface not in c.originals:
                c.originals.append(surface)
    for c in clusters:
        if c.eid and c.eid in d.entries:
            c.english = d.entries[c.eid].name_en
    return _ArticleNames(clusters, located)


def _merge(clusters, index, located, keep: int, gone: int) -> None:
    a, b = clusters[keep], clusters[gone]
    for n in b.names:
        if n not in a.names:
            a.names.append(n)
    for k, v in list(index.items()):
        if v == gone:
            index[k] = keep
    for idx, pairs in located.items():
        located[idx] = [(sp, keep if ci == gone else ci) for sp, ci in pairs]
    b.names = []
    b.type = "_merged"


def _entity_key(c: _Cluster) -> str:
    return c.eid or fold(max(c.names, key=len))


@lru_cache(maxsize=256)  # citations and entities of one chunk of articles ask for the same articles
def _names_cached(rows: tuple[tuple[int, str, str], ...], version: str) -> _ArticleNames:
    return _article_names(list(rows))


def _article_rows(group: pd.DataFrame) -> tuple[tuple[int, str, str], ...]:
    text = group["text"] if "text" in group else group["text_hans"]
    return tuple((int(i), _norm(str(h)), _norm(str(t))) for i, h, t in zip(group["sentence_idx"], group["text_hans"], text))


def _version() -> str:
    return load_dictionary().version + "/" + ",".join(packs.active())


# ---------------------------------------------------------------- citations

_OPEN = {"“": "”", "「": "」", "『": "』"}
_PARENS = {"(": ")", "（": "）"}
_CLAUSE = set("，,：:；;")
_MASK = "\x00"
_CUES = [
    "发表文章称", "发表文章说", "发表文章指出", "撰文声称", "撰文指出", "撰文称", "刊文称", "发文称",
    "分析称", "分析指出", "感叹称", "感叹道", "警告称", "警告说", "评价道", "评价称", "评价是", "回应称",
    "回应说", "喊话道", "补充道", "补充说", "说道", "写道", "问道", "声称", "宣称", "坚称", "直言", "坦言",
    "透露", "表示", "指出", "认为", "强调", "提醒", "承认", "预测", "预计", "呼吁", "喊话", "提到", "所说",
    "援引", "引述", "告诉", "担忧", "质疑", "批评", "称赞", "警告", "感叹", "评价", "报道",
    "介绍", "通报", "宣布", "披露", "证实", "解释", "回应", "建议", "坦承", "表态", "估计", "发布公告", "公告称",
]
_CUE_RE = re.compile(
    "|".join(re.escape(c) if c != "报道" else r"(?<!据)报道" for c in _CUES)
    + r"|(?<![据堪号简自名俗通人宣声坚])称(?![作为之号赞呼])"
    + r"|(?<![可以据听小演游学传解虽再或如是来话])说(?![明法服是])"
    + r"|(?<=数据|统计|报告|公告|调查|监测|资料|信息|结果|财报|年报|数字|测算|研究)显示"
    + r"|公布|(?<!信息)发布(?!会|平台)|估算|测算|回忆|坦承|宣判|裁定|审理查明|分析(?=[，,：:“「]|指)|统计(?=[，,：:])|指(?=[，,：:])"
    + r"|发文(?=[，,：:“「])"
)
_INTRODUCES = {"援引", "引述"}
_OBJECT_BEFORE = ("对", "给", "向", "被", "与", "跟", "把", "比", "继", "在", "据", "替", "嘲笑", "告诉",
                  "超越", "超过", "关于", "赶上", "采访", "为何", "收购", "投资", "起诉", "接受")
_FILLER = re.compile(r"^(?:只能|同时|公开|再次|多次|此前|日前|近日|随后|当时|撰文|发文|刊文|[则也还就又都更亦却曾并但而且的“”‘’])*$")
_VENUE_AFTER = re.compile(r"^》?(?:杂志|网站|网|报)?(?:上)?(?:发表|刊文|撰文|刊登|发文|撰写)")
_PRONOUN = re.compile(r"(?<![其吉利])[他她](?![们人国乡日])")
_INTERVIEW = re.compile(r"^(?:的|在)?(?:采访|专访|访谈)")
_DATELINE = re.compile(r"(?:[\u4e00-\u9fff]{0,8}(?:\d{4}年)?\d{1,2}月\d{1,2}日)?电|[\u4e00-\u9fff]{0,3}讯|记者")
_JUNK_TAIL = re.compile(r"[?？!！/p<>\s]+$")


@dataclass
class _Speaker:
    start: int
    end: int
    source: str
    source_en: str
    source_type: str
    source_id: str
    kind: str = "name"


@dataclass
class _Citation:
    speaker: _Speaker
    cue: str
    cue_start: int
    cue_end: int
    venue: bool = False
    quotes: list[str] = field(default_factory=list)


def _mask(text: str, open_at_start: bool) -> tuple[str, list[tuple[int, int]], bool]:
    """Blank out quoted and parenthesised text; return the masked text, quote spans, still-open flag."""
    chars = list(text)
    quotes: list[tuple[int, int]] = []
    q_start = 0 if open_at_start else None
    q_close = "”"
    paren = None
    for i, ch in enumerate(text):
        if q_start is not None:
            if ch == q_close or (q_close == "”" and ch == '"'):
                quotes.append((q_start, i))
                q_start = None
            else:
                chars[i] = _MASK
            continue
        if paren is not None:
            if ch == _PARENS[paren]:
                paren = None
            else:
                chars[i] = _MASK
            continue
        if ch in _OPEN or ch == '"':
            q_start, q_close = i + 1, _OPEN.get(ch, '"')
        elif ch in _PARENS:
            paren = ch
    still_open = q_start is not None
    if still_open:
        quotes.append((q_start, len(text)))
    return "".join(chars), quotes, still_open


def _speakers(text: str, masked: str, names: list[tuple[Span, "_Cluster"]]) -> list[_Speaker]:
    """Candidate speakers outside quotes: named people, organisations and media, and pronouns."""
    out: list[_Speaker] = []
    for sp, c in names:
        if masked[sp.start] == _MASK or c.type not in SPEAKER_TYPES:
            continue
        if c.type == "media" and _DATELINE.match(text, sp.end) and not re.search(r"据\s*$", text[:sp.start]):
            continue
        if sp.rule in {"book", "book-name"} and c.type == "media" and not c.eid:
            kind = "book"
        else:
            kind = "name"
        out.append(_Speaker(sp.start, sp.end, *_source_fields(c), kind))
    for m in _PRONOUN.finditer(masked):
        out.append(_Speaker(m.start(), m.end(), "", "", "person", "", "pronoun"))
    return sorted(out, key=lambda sp: sp.start)


def _source_fields(c: "_Cluster") -> tuple[str, str, str, str]:
    """(source, source_en, source_type, source_id) of an entity cited as a source."""
    d = load_dictionary()
    if c.eid and c.eid in d.entries:
        e = d.entries[c.eid]
        return e.name, e.name_en, e.source_type, e.id
    name = c.names[0]
    return name, c.english or name, _source_type(c.type, None), _entity_key(c)


def _is_object(masked: str, sp: _Speaker) -> bool:
    before = masked[max(0, sp.start - 4):sp.start].rstrip("《 ")
    return before.endswith(_OBJECT_BEFORE)


def _visible(s: str) -> int:
    return sum(1 for ch in s if ch != _MASK and not ch.isspace())


def _clauses(masked: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for i, ch in enumerate(masked):
        if ch in _CLAUSE:
            out.append((start, i))
            start = i + 1
    out.append((start, len(masked)))
    return out


def _chain(cands: list[_Speaker], first: _Speaker, masked: str) -> _Speaker:
    """Follow an affiliation chain (微软首席执行官纳德拉, 浙江大学博士、南加大学者傅聪) to its person."""
    best, cur = first, first
    for nxt in cands:
        if best.source_type == "person":
            break
        if nxt.start < cur.end or nxt.kind == "pronoun":
            continue
        gap = masked[cur.end:nxt.start]
        if (len(gap) > 15 or any(ch in _CLAUSE or ch in "。" for ch in gap) or _CUE_RE.search(gap)
                or _is_object(masked, nxt)):
            break
        cur = nxt
        if nxt.source_type == "person" or re.search(r"的|所属|旗下", gap):
            best = nxt  # a person, or the head of "A的B" (驰远汽车在香港的总代理港驰汽车有限公司表示)
    return best


def _subject(cands: list[_Speaker], masked: str, lo: int, hi: int) -> _Speaker | None:
    """The first non-object speaker in masked[lo:hi] near the clause start, chained to its person."""
    for sp in cands:
        if sp.start < lo or sp.end > hi:
            continue
        if _is_object(masked, sp) or _visible(masked[lo:sp.start]) > 20:
            continue
        if sp.kind == "pronoun" and _visible(masked[lo:sp.start]) > 2:
            continue
        return _chain(cands, sp, masked)
    return None


def _resolve(sp: _Speaker, recent: list[_Speaker]) -> _Speaker | None:
    if sp.kind != "pronoun":
        return sp
    for prev in reversed(recent):
        if prev.source_type == "person":
            return prev
    return None


_JU_ANY = re.compile(r"^》?(?:的)?(?:官方)?(?:此前|早前|日前|近日|最新)?(?:报道|报导|消息|介绍|通报|统计|数据|调查|监测|"
                     r"公告|显示|披露|透露|发布|公布|公开|测算|估计|预测|官网|网站|分析|援引|称)")
_FROM = re.compile(r"^(?:处|那里|方面)?(?:获悉|了解到|得知|获得的数据)")


_REPORTER_FINDS = re.compile(r"^记者(?:统计|报道|了解|获悉|调查|梳理)")  # 据第一财经记者统计


def _venues(cands: list[_Speaker], masked: str) -> list[_Citation]:
    """Parties named as the origin of what is reported: 据X报道/介绍/数据, 从X获悉, 在X发表, 接受X采访."""
    out = []
    for sp in cands:
        if sp.kind == "pronoun":
            continue
        before = masked[max(0, sp.start - 10):sp.start]
        after = masked[sp.end:sp.end + 16]
        clause_before = re.split("[，,：:；;。]", before)[-1]
        plain = re.sub(r"^[（(]?\x00*[）)]", "", after)  # 根据世界乒乓球职业大联盟（WTT）公布的规则
        cue = None
        if re.search(r"据\s*《?$", clause_before) and (_JU_ANY.match(plain) and not plain.startswith("记者")
                                                      or _REPORTER_FINDS.match(plain)):
            cue = "据…报道"
        elif re.search(r"从\s*$", clause_before) and _FROM.match(after):
            cue = "从…获悉"
        elif sp.source_type == "media" and clause_before.rstrip("《").endswith("在") and _VENUE_AFTER.match(after):
            cue = "在…发表"
        elif sp.source_type == "media" and "接受" in clause_before and "采访" in after[:8] \
                and not after.startswith("记者"):
            cue = "接受…采访"
        if cue:
            out.append(_Citation(sp, cue, sp.start, sp.end, venue=True))
    for sp in cands:
        if sp.source_type == "person" and sp.kind != "pronoun" and _INTERVIEW.match(masked[sp.end:sp.end + 6]):
            out.append(_Citation(sp, "采访", sp.start, sp.end))
    return out


def _clean_quote(q: str) -> str:
    """Quoted words without surrounding space or a trailing HTML/mojibake remnant."""
    return _JUNK_TAIL.sub("", q.strip()) if q.strip().endswith(("?/p>", "</p>", "/p>")) else q.strip()


def _cite_sentence(text: str, open_at_start: bool, recent: list[_Speaker], names
                   ) -> tuple[list[_Citation], list[tuple[int, int]], str, bool]:
    masked, quotes, still_open = _mask(text, open_at_start)
    cands = _speakers(text, masked, names)
    cites: list[_Citation] = []
    clauses = _clauses(masked)
    last_end: dict[int, int] = {}
    for m in _CUE_RE.finditer(masked):
        ci = next(i for i, (a, b) in enumerate(clauses) if a <= m.start() <= b)
        lo = last_end.get(ci, clauses[ci][0])
        sp = _subject(cands, masked, lo, m.start())
        if sp is None and _FILLER.match(masked[lo:m.start()].replace(_MASK, "").replace(" ", "")):
            for back in range(ci - 1, max(-1, ci - 3), -1):
                sp = _subject(cands, masked, clauses[back][0], clauses[back][1])
                if sp is not None:
                    break
        if m.group(0) in _INTRODUCES:
            last_end[ci] = m.end()
        sp = _resolve(sp, recent + [c.speaker for c in cites]) if sp else None
        if sp is None:
            continue
        cites.append(_Citation(sp, m.group(0), m.start(), m.end()))
        cites.extend(_Citation(c, m.group(0), m.start(), m.end()) for c in _coordinated(cands, sp, masked, m.start()))
    cites.extend(_venues(cands, masked))
    cites.extend(_quoted_publishers(text, quotes))
    return cites, quotes, masked, still_open


_QUOTED_AFTER = re.compile(r"^[”\"」](?:报道|报导|消息|数据|统计)")
_PUBLISHER_END = re.compile(r"(?:网|云|社|台|报|刊|新闻|日报|周刊|杂志|客户端)$")


def _quoted_publishers(text: str, quotes: list[tuple[int, int]]) -> list[_Citation]:
    """A name in quotation marks the report comes from: 据台湾“中央社”报道, 据“ETtoday新闻云”报道."""
    out = []
    for qs, qe in quotes:
        name = text[qs:qe].strip()
        if not 2 <= len(name) <= 14 or re.search(r"[，,。：:；;！？\s]", name) or not _QUOTED_AFTER.match(text[qe:]):
            continue
        if not re.search(r"据[\u4e00-\u9fff]{0,4}[“\"「]$", text[max(0, qs - 7):qs]):
            continue
        kind = "media" if _PUBLISHER_END.search(name) else "organisation"
        out.append(_Citation(_Speaker(qs, qe, name, name, kind, fold(name)), "据…报道", qs, qe, venue=True))
    return out


_AND = re.compile(r"^\x00*(?:、|和|与|及|以及)$")


def _coordinated(cands: list[_Speaker], first: _Speaker, masked: str, cue_at: int) -> list[_Speaker]:
    """Parties listed with the subject before one verb (最高人民法院、最高人民检察院、公安部联合发布)."""
    out, cur = [], first
    for c in cands:
        if c.start < cur.end or c.kind == "pronoun" or c.end > cue_at:
            continue
        if not _AND.match(masked[cur.end:c.start]):
            break
        out.append(c)
        cur = c
    return out


def _assign_quotes(cites: list[_Citation], quotes: list[tuple[int, int]], text: str) -> None:
    speakers = sorted((c for c in cites if not c.venue), key=lambda c: c.cue_start)
    holders = speakers or sorted(cites, key=lambda c: c.cue_start)
    if not holders:
        return
    for qs, qe in quotes:
        words = _clean_quote(text[qs:qe])
        if not words:
            continue
        owner = None
        for i, c in enumerate(holders):
            nxt = holders[i + 1].speaker.start if i + 1 < len(holders) else len(text) + 1
            if c.cue_end <= qs < nxt:
                owner = c
        if owner is None:
            follow = [c for c in holders if 0 <= c.speaker.start - qe <= 2]
            owner = follow[0] if follow else None
        if owner is not None:
            owner.quotes.append(words)


def _quote_share(quotes: list[tuple[int, int]], text: str) -> float:
    n = _visible(text)
    return sum(e - s for s, e in quotes) / n if n else 0.0


def _own_outlet_keys(outlet: str | None) -> set[str]:
    """Folded names of an article's own outlet (canonical, English and dictionary aliases)."""
    if not isinstance(outlet, str) or not outlet.strip() or outlet == UNKNOWN_OUTLET:
        return set()
    name, name_en = normalise_outlet(outlet)
    keys = {fold(outlet), fold(name), fold(name_en)}
    d = load_dictionary()
    eid = d.lookup(name)
    if eid:
        keys |= {fold(a) for a in d.entries[eid].aliases}
    return keys - {fold(UNKNOWN_OUTLET), ""}


def extract_citations(sentences: pd.DataFrame, outlets: dict[str, str] | None = None) -> pd.DataFrame:
    """Who is cited saying what, sentence by sentence; quotes running over sentences keep their speaker.
    ``outlets`` (article_id -> publishing outlet) keeps an article's own outlet and reporters out of its sources."""
    rows = []
    outlets = outlets or {}
    if sentences.empty:
        return pd.DataFrame(columns=CITATION_COLUMNS)
    frame = sentences.sort_values(["article_id", "sentence_idx"], kind="stable")
    version = _version()
    for aid, group in frame.groupby("article_id", sort=False):
        art = _names_cached(_article_rows(group), version)
        own = _own_outlet_keys(outlets.get(aid))
        by_sentence = {idx: [(sp, art.clusters[ci]) for sp, ci in pairs if not own or fold(art.clusters[ci].names[0])
                             not in own] for idx, pairs in art.spans.items()}
        recent: list[_Speaker] = []
        prev_cites: list[_Citation] = []
        open_quote = False
        for idx, raw in zip(group["sentence_idx"], group["text_hans"]):
            text = _norm(str(raw))
            names = by_sentence.get(int(idx), [])
            cites, quotes, masked, still_open = _cite_sentence(text, open_quote, recent, names)
            _assign_quotes(cites, quotes, text)
            if not cites and prev_cites and quotes:
                outside = [sp for sp in _speakers(text, masked, names) if sp.kind != "pronoun"]
                if open_quote or (not outside and _quote_share(quotes, text) >= 0.3):
                    carrier = next((c for c in prev_cites if c.quotes and not c.venue),
                                   next((c for c in prev_cites if not c.venue), prev_cites[0]))
                    words = [w for w in (_clean_quote(text[s:e]) for s, e in quotes) if w]
                    cites = [_Citation(carrier.speaker, "quote", 0, 0, quotes=words)] if words else []
            seen: dict[str, dict] = {}
            for c in cites:
                sp = c.speaker
                key = sp.source_id or sp.source
                if key in seen:
                    seen[key]["quote"] = " … ".join(filter(None, [seen[key]["quote"], *c.quotes]))
                    continue
                seen[key] = {"article_id": aid, "sentence_idx": int(idx), "source": sp.source,
                             "source_en": sp.source_en, "source_type": sp.source_type,
                             "quote": " … ".join(c.quotes), "cue": c.cue, "source_id": sp.source_id}
            rows.extend(seen.values())
            recent.extend(c.speaker for c in cites if c.speaker.source_type == "person")
            recent = recent[-8:]
            prev_cites = cites
            open_quote = still_open
    return pd.DataFrame(rows, columns=CITATION_COLUMNS)


# ---------------------------------------------------------------- entities

def extract_entities(sentences: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Named entities on ``text_hans`` by the general method plus the dictionary: (entities, mentions)."""
    return entities_from_parts([entity_parts(sentences)])


EntityParts = tuple[list[dict], dict[str, dict]]


def entity_parts(sentences: pd.DataFrame) -> EntityParts:
    """Mention rows and per-entity names and types of some articles: what ``extract_entities`` gathers,
    in a form that chunks of articles produce apart (in processes) and ``entities_from_parts`` joins."""
    rows: list[dict] = []
    info: dict[str, dict] = {}
    if sentences is None or sentences.empty or "text_hans" not in sentences:
        return rows, info
    version = _version()
    frame = sentences.sort_values(["article_id", "sentence_idx"], kind="stable")
    for aid, group in frame.groupby("article_id", sort=False):
        art = _names_cached(_article_rows(group), version)
        for c in art.clusters:
            if c.type == "_merged" or not c.mentions:
                continue
            key = _entity_key(c)
            st = info.setdefault(key, {"names": [], "types": [], "english": "", "eid": c.eid})
            st["types"].append(c.type)
            st["english"] = st["english"] or c.english
            for n in c.originals + c.names:
                if n not in st["names"]:
                    st["names"].append(n)
            for idx, s, e, surface in c.mentions:
                rows.append({"entity_id": key, "article_id": aid, "sentence_idx": idx, "start": s, "end": e,
                             "surface": surface})
    return rows, info


def entities_from_parts(parts: Iterable[EntityParts]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(entities, mentions) from the ``entity_parts`` of consecutive article chunks, in article order:
    the same tables one pass over all the articles gives."""
    rows: list[dict] = []
    info: dict[str, dict] = {}
    for part_rows, part_info in parts:
        rows.extend(part_rows)
        for key, st in part_info.items():
            have = info.setdefault(key, {"names": [], "types": [], "english": "", "eid": st["eid"]})
            have["types"].extend(st["types"])
            have["english"] = have["english"] or st["english"]
            for n in st["names"]:
                if n not in have["names"]:
                    have["names"].append(n)
    mentions = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    if mentions.empty:
        return pd.DataFrame(columns=ENTITY_COLUMNS), mentions
    mentions = mentions.sort_values(["article_id", "sentence_idx", "start"], kind="stable", ignore_index=True)
    counts = mentions.groupby("entity_id").agg(n_mentions=("article_id", "size"),
                                               n_articles=("article_id", "nunique"))
    d = load_dictionary()
    ents = []
    for key, r in counts.iterrows():
        st = info[key]
        e = d.entries.get(st["eid"]) if st["eid"] else None
        names = list(e.aliases) if e else []
        names += [n for n in st["names"] if n not in names]
        ents.append({"entity_id": key, "name": e.name if e else st["names"][0],
                     "name_en": e.name_en if e else st["english"],
                     "type": e.type if e else max(sorted(set(st["types"])), key=st["types"].count),
                     "aliases": "|".join(names), "n_mentions": int(r.n_mentions), "n_articles": int(r.n_articles)})
    entities = pd.DataFrame(ents, columns=ENTITY_COLUMNS).sort_values(
        ["n_mentions", "entity_id"], ascending=[False, True], ignore_index=True)
    return entities, mentions


_PROPER = {"nr", "nrt", "nrfg", "nt", "nz", "ns", "eng"}
_COMMON_FREQ = 300


def _proper_tokens(text: str) -> list[tuple[str, str, int, int]]:
    """(word, pos, start, end) of likely proper nouns: rare jieba nr/nt/nz/ns words, Latin names, X·Y names."""
    out = []
    for word, flag, start, end in _pos(text):
        word = word.strip()
        if flag not in _PROPER or len(word) < 2 or word.isdigit():
            continue
        if flag == "eng":
            if len(word) >= 3 and re.search(r"[A-Z]", word):
                out.append((word, "eng", start, end))
        elif _freq(word) <= _COMMON_FREQ and "·" not in word:
            out.append((word, flag, start, end))
    for m in _TRANSLIT_RUN.finditer(text):
        inside = [t for t in out if t[1].startswith("nr") and m.start() <= t[2] and t[3] <= m.end()]
        if inside:
            out = [t for t in out if t not in inside] + [(m.group(0), "nr", m.start(), m.end())]
    for m in _FOREIGN_NAME.finditer(text):
        out = [t for t in out if not (m.start() <= t[2] and t[3] <= m.end())]
        out.append((m.group(0), "nr", m.start(), m.end()))
    return out


def entity_candidates(sentences: pd.DataFrame, mentions: pd.DataFrame, min_count: int = 2) -> pd.DataFrame:
    """Frequent proper nouns (jieba POS nr/nt/nz/ns/eng) that no recognised entity covers: dictionary leads."""
    return candidates_from_stats([candidate_stats(sentences, mentions)], min_count)


def candidate_stats(sentences: pd.DataFrame, mentions: pd.DataFrame,
                    order: Iterable[int] | None = None) -> dict[str, dict]:
    """Counts behind ``entity_candidates`` for some articles; ``order`` numbers the sentences within the
    whole corpus (default: their rows) so that chunks merge keeping the first mention's example."""
    d = load_dictionary()
    covered: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for aid, idx, s, e in zip(mentions.get("article_id", []), mentions.get("sentence_idx", []),
                              mentions.get("start", []), mentions.get("end", [])):
        covered.setdefault((aid, int(idx)), []).append((int(s), int(e)))
    stats: dict[str, dict] = {}
    order = range(len(sentences)) if order is None else order
    for aid, idx, text, row in zip(sentences.get("article_id", []), sentences.get("sentence_idx", []),
                                   sentences.get("text_hans", []), order):
        text = _norm(str(text))
        spans = covered.get((aid, int(idx)), [])
        for word, flag, start, end in _proper_tokens(text):
            if word in d.stoplist or any(s < end and start < e for s, e in spans) or d.lookup(word):
                continue
            st = stats.get(word)
            if st is None:
                st = stats[word] = {"name": word, "pos": flag, "n_mentions": 0, "articles": set(),
                                    "example": text[:80], "first": row}
            elif row < st["first"]:
                st.update(pos=flag, example=text[:80], first=row)
            st["n_mentions"] += 1
            st["articles"].add(aid)
    return stats


def candidates_from_stats(parts: Iterable[dict[str, dict]], min_count: int = 2) -> pd.DataFrame:
    """The ``entity_candidates`` table from the ``candidate_stats`` of chunks of articles."""
    stats: dict[str, dict] = {}
    for part in parts:
        for word, st in part.items():
            have = stats.get(word)
            if have is None:
                stats[word] = {**st, "articles": set(st["articles"])}
                continue
            if st["first"] < have["first"]:
                have.update(pos=st["pos"], example=st["example"], first=st["first"])
            have["n_mentions"] += st["n_mentions"]
            have["articles"] |= st["articles"]
    rows = [{**{k: v for k, v in st.items() if k not in {"articles", "first"}}, "n_articles": len(st["articles"])}
            for st in stats.values() if st["n_mentions"] >= min_count]
    out = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    return out.sort_values(["n_mentions", "name"], ascending=[False, True], ignore_index=True)


def co_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """Pairs of entities named in the same sentence: how many sentences and articles."""
    if mentions.empty:
        return pd.DataFrame(columns=CO_MENTION_COLUMNS)
    per = mentions.groupby(["article_id", "sentence_idx"])["entity_id"].agg(lambda s: sorted(set(s)))
    pairs: dict[tuple[str, str], tuple[int, set]] = {}
    for (aid, _), ids in per.items():
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                n, arts = pairs.get((a, b), (0, set()))
                arts.add(aid)
                pairs[(a, b)] = (n + 1, arts)
    rows = [{"entity_a": a, "entity_b": b, "n_sentences": n, "n_articles": len(arts)}
            for (a, b), (n, arts) in pairs.items()]
    out = pd.DataFrame(rows, columns=CO_MENTION_COLUMNS)
    return out.sort_values(["n_sentences", "entity_a", "entity_b"], ascending=[False, True, True],
                           ignore_index=True)
