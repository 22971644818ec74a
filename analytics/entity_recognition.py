"""Names in one Simplified sentence: jieba part-of-speech tags plus rules for persons (surnames, titles,
·-names), organisation, media and place heads, Latin model names and 《titles》, joined with dictionary
mentions. Sentence level only: ``article_names`` unifies names across an article."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analytics import entities_org, packs
from analytics.entity_dict import _ASCII_ALNUM, _CJK, find_mentions, load_dictionary, _norm
from analytics.speech_cues import _CUE_RE

_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施"
    "文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷"
    "盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷"
    "晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆"
    "乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平"
    "计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈"
    "湛宾戎勾茅利於居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧洪萧傅阎钮濮"
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
    name = text[start:end]
    coined = len(inside) >= 2 and _freq(name) == 0 and inside[-1][1] == "v" and inside[0][1] in _DATA_FLAGS
    if any((t[1] not in _DATA_FLAGS and not (coined and t is inside[-1])) or t[0] in _PREFIX_STOP
           or t[0] in _PLACE_STOP for t in inside):
        return False  # a coined name may end in a verb the tagger split off (天眼查, 企查查, 北京开卷)
    if _CUE_RE.search(name):
        return False
    return _freq(name) < 500 and name not in _NOT_ORG and not (len(inside) == 1 and _freq(name) > 0
                                                             and inside[0][1] not in _PROPER_FLAGS)


_PROPER_FLAGS = frozenset("nt nz ns nr nrt nrfg j eng".split())
_HONORIFIC = re.compile(r"([\u4e00-\u9fff])(女士|先生|小姐|阿姨|同学|老师|医生|律师|太太|大爷|大妈|某某|某)")
# A person the article names by surname after a role (市民小刘, 研究生小林): 小 + surname, as people are called.
_LITTLE = re.compile(r"(?:市民|居民|村民|租客|房东|业主|车主|患者|家长|学生|网友|员工|司机|顾客|乘客|游客|店主|研究生|大学生|"
                     r"中学生|消费者|工人|职员|白领|女儿|儿子)(小([\u4e00-\u9fff]))(?![\u4e00-\u9fff]{0,1}(?:区|县|市|镇|村|店|号))")
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
# Words after a place that name a part or all of it, not a place of their own (广东全省, 宜兰地区, 某县).
_PLACE_PART = re.compile(r"^(?:全|某|各|主|两|三|辖|城|地)(?:省|市|县|区|镇|乡|村|城区)$")
_PLACE_SUFFIX = re.compile(r"..(?:省|市|县|区|镇|乡|村|州|岛|湾|港|湖|江|河|山|峡|洲|半岛|群岛)$")
_WEAK_SURNAMES = frozenset("向时于和都曾应尤展公来强全原才连")
_FUNCTION_CHARS = frozenset("的了着过在对向时说自和与将被把从为是等也就都还又则曾已称于及到让给")
_MEDIA_NAME = re.compile(r"(?:日报|晚报|早报|时报|商报|周报|周刊|杂志|新闻|新闻网|电视台|电台|通讯社|新闻社|报)$")
_LATIN_MODEL = re.compile(r"(?<![A-Za-z0-9\-])([A-Z][A-Za-z]{0,10}[\- ]?\d{1,4}[A-Za-z]{0,4}(?:\s?(?:Pro|Max|Plus|Ultra|mini|Lite))?)"
                          r"(?![A-Za-z0-9\-])")
# Dates, clock zones and page numbers shaped like model names (27 Aug 2025, HKT 17:25, A12版).
_NOT_MODEL = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|HKT|GMT|UTC|CST|BJT)\b")
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
    "丽夫阿埃艾爱安昂奥巴拜班邦鲍贝本比彼毕宾波伯博布查达戴丹道德迪蒂丁东杜多恩尔法范菲费芬丰弗福富盖甘冈高戈格"
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

_EMPLOYER_GAP = re.compile(rf"的?[\u4e00-\u9fff]{{0,6}}?(?:{_TITLES})")


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
        elif _head(w, _PLACE_HEADS) and f != "ns" and i > 0 and toks[i - 1][1] == "ns" and len(w) >= 2 \
                and not _PLACE_PART.match(w):
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
            if kind == "org" and name.endswith("数据") and not _CJK.search(name[:-2]) \
                    and re.match(r"(?:显示|统计|表明)", text[e:e + 2]):
                e, name = e - 2, name[:-2]  # Wind数据显示: the data of Wind
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
            end = m.end(1) - 3 if m.group(1).endswith("研究部") and m.end(1) - m.start(1) >= 5 else m.end(1)
            spans.append(Span(m.start(1), end, "org", rule="data"))
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
        if re.search(r"\d", m.group(1)) and not re.fullmatch(r"[A-Z]{1,2}\d{4}", m.group(1)) \
                and not _NOT_MODEL.match(m.group(1)) and text[e:e + 1] != "版":
            b = s
            while b > 0 and _CJK.match(text[b - 1]) and s - b < 2:
                b -= 1
            if s - b == 2 and b in bounds and _freq(text[b:s]) < 50 and not text[b:s] in _PREFIX_STOP:
                s = b
            spans.append(Span(s, e, "product", rule="model"))
    for m in _LATIN_NAME.finditer(text):
        if m.group(1) not in _LATIN_STOP and len(m.group(1)) >= 3:
            spans.append(Span(m.start(1), m.end(1), "org", rule="latin"))
    for m in _LITTLE.finditer(text):
        if m.group(2) in _SURNAMES:
            spans.append(Span(m.start(1), m.end(1), "person", rule="honorific"))
    spans = [_person_edges(text, sp, bounds) if sp.type == "person" else sp for sp in spans]
    # 东方金诚首席分析师严冰: a "name" right before a title and a person is the employer, not a person
    starts = {sp.start for sp in spans if sp.type == "person"}
    spans = [sp for sp in spans if not (sp.rule == "nr" and any(
        t > sp.end and _EMPLOYER_GAP.fullmatch(text, sp.end, t) and "的" not in text[sp.end:t] for t in starts))]
    found = _org_spans(text, toks)
    spans = [sp for sp in spans if sp.rule != "head:org" or not any(
        o.start < sp.end and sp.start < o.end for o in found)]
    return spans + found + _other_spans(text, toks)


_AFTER_NAME = re.compile(r"(?:说|表示|指出|认为|介绍|称|坦言|透露|强调|则|在|接受|与|和|及|等|的|因|向|对|已|也|还|将|被|曾|于|"
                         r"[，,。：:；;、（(「“”」\s]|$)")
_NAME_TAIL_STOP = _FUNCTION_CHARS | frozenset("因则以但而并或由占经去进受请如继任报令予读入列有看超视派且")


def _person_edges(text: str, sp: Span, bounds: set[int]) -> Span:
    """Person names jieba cut at the wrong place: a given name's third character it split off (陈怡萱说 as
    陈怡/萱说, 李慧珊则), the last character of a title it took as a surname (首席财务官郑敏), a word after a
    ·-name (卡特赖特因)."""
    s, e = sp.start, sp.end
    word = text[s:e]
    if "·" in word:
        if e - s > 4 and word[-1] in _NAME_TAIL_STOP and e - 1 in bounds:
            e -= 1
        return Span(s, e, sp.type, sp.eid, sp.rule)
    title = next((m for m in _TITLE_RE.finditer(text, max(0, s - 6), e) if m.start() < s < m.end()), None)
    if title is not None and e - title.end() >= 2 and _is_person_name(text[title.end():e]):
        s = title.end()
    if e - s == 2 and word[0] in _SURNAMES and e < len(text) and _CJK.match(text[e]) \
            and text[e] not in _NAME_TAIL_STOP and _AFTER_NAME.match(text, e + 1) and _freq(text[e - 1:e + 1]) < 50 \
            and _freq(text[e]) < 20000:
        e += 1
    return Span(s, e, sp.type, sp.eid, sp.rule)


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
_GOV_HEADS = frozenset("局 署 处 司 厅 委 办 部".split())
_HARD_FLAGS = frozenset("x m mq p u uj ul uz uv ud ug r d q c y e o w df t f".split())
_HARD_WORDS = frozenset(
    "的 收购 并购 入股 成为 获得 包括 来自 位于 属于 隶属于 送往 加入 起诉 联合 合作 携手 委托 签约 领投 参投 "
    "持有 宣布 表示 称 认为 指出 发布 公布 显示 介绍 透露 通报 回应 提醒 要求 旗下 名为 主营 经营 运营 官方 "
    "第三方 以及 其中 则 也 均 即 已 曾 将 在 从 向 对 等 年 月 日 前 后 数据 调查 报告 根据 依据 会同".split())
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
    if _split_word(toks, j):
        return True  # 鲸/算: an unknown word the tagger cut into characters
    return _brandish(toks, j) or f in {"nz", "nr", "nrt", "nt"} and _freq(w) < 300


def _split_word(toks, j: int) -> bool:
    """Tokens j-1 and j are single characters of one unknown word (鲸 算 in 鲸算数据)."""
    return j > 0 and len(toks[j][0]) == 1 and len(toks[j - 1][0]) == 1 and _CJK.match(toks[j][0]) is not None \
        and _CJK.match(toks[j - 1][0]) is not None and toks[j - 1][1] not in _HARD_FLAGS \
        and toks[j - 1][0] not in _FUNCTION_CHARS and _freq(toks[j - 1][0] + toks[j][0]) == 0


_BAN_VERBS = frozenset("主办 承办 协办 举办 创办 开办 操办 兴办 督办 查办 包办 代办 好办 难办 怎么办 咋办".split())
_BAN_VERB_NEXT = frozenset("的了得理过好成")
_BODY_HEADS = frozenset("管理局 总局 分局 总署 委员会 办公室 秘书处 检察署".split())
_FIELD_FLAGS = frozenset("n vn b nt j l nz eng".split())


def _action_verb(toks, i: int, kh: int, pre: str, generic: bool) -> bool:
    """Token i is a verb of the sentence, not a word of the name (法院驳回闪送达公司, 派员协助仁德医院, 有望挑战):
    a common verb; a field verb right before its head (环境保护局, 投资促进局) stays in the name."""
    w, f = toks[i][0], toks[i][1]
    if f != "v" or i == kh - 1 and not generic or _split_word(toks, i):
        return False
    return _freq(w) >= 500 if len(w) >= 2 else _freq(w) >= 10000


def _field_words(toks, best: int) -> int:
    """Extend a bureau's name left over the nouns of its field (政府统计处, 商务及经济发展局, 刑事警察局,
    RCEP秘书处): a body named by its field has common words where a company has a coined one."""
    j = best
    while j > 0:
        w, f = toks[j - 1][0], toks[j - 1][1]
        if w in _MID_CONJ and j >= 2 and toks[j - 2][1] in _FIELD_FLAGS - {"nt"} and len(toks[j - 2][0]) >= 2:
            j -= 1
            continue
        if f not in _FIELD_FLAGS or len(w) < 2 or w in _PREFIX_STOP or w in _HARD_WORDS or w in _ROLE_WORDS \
                or w in _TITLE_WORDS or _CUE_RE.fullmatch(w) or re.search(r"[\d\W_]", w) \
                or f == "eng" and (w in _LATIN_STOP or not w.isupper()):
            break
        j -= 1
    return j


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
        if head == "处" and re.match(r"(?:获悉|了解|得知|查处)", text[he:he + 2]) or head == "司" and text[hs - 1:hs] == "盎" \
                or tok in _TITLE_WORDS or head == "办" and (text[he:he + 1] in _BAN_VERB_NEXT or tok in _BAN_VERBS):
            continue  # 盎司 is a unit, 立委 a title, 主办 and 办的 the verb 办
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
                    or w.endswith(_ROLE_ENDS) and i < kh - 1 or f == "i" or _action_verb(toks, i, kh, pre, generic):
                break
            if w in _MID_CONJ:
                if i == 0 or toks[i - 1][1] in _HARD_FLAGS or industry or _HEAD_RE.search(toks[i - 1][0][-3:]) \
                        or toks[i - 1][1] == "nt":
                    break  # 中央财政和应急管理部: two bodies, not one name
            elif _proper(toks, i):
                best = i
            elif industry and (best is not None or f != "n") and len(w) > 1:
                break
            elif f == "v" and _freq(w) > 3000 and best is None and not _split_word(toks, i):
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
        if head in _GOV_HEADS or head in _BODY_HEADS:
            best = _field_words(toks, best)
        start = toks[best][2]
        while text[start] in _LEAD_CHARS and he - start > len(head) + 2 and not _freq(text[start:start + 2]) > 500:
            start += 1  # 由故宫博物院, 据X: a preposition glued on; 对外经济贸易大学 keeps its 对外
        if head == "数据" and (_freq(text[start:hs]) > 0 or not _CJK.search(text[start:hs])
                               and re.match(r"(?:显示|统计|表明)", text[he:he + 2])):
            he = hs  # Wind数据显示: the data of Wind
        name = text[start:he]
        inner = [x for x in _HEAD_RE.finditer(name[:-len(head)]) if len(x.group(0)) >= 2]
        if industry and inner:
            continue
        if head == "部" and inner and name.endswith("研究部") and inner[-1].end() == len(name) - 3:
            he = start + inner[-1].end()  # 信晖证券研究部: a firm's research department quotes for the firm
            name = text[start:he]
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
    bounds: set[int] | None = None
    for eid, s, e in find_mentions(text):
        if text[s] == "《" and text[e - 1] == "》":
            s, e = s + 1, e - 1
        elif text[e - 1:e + 1] == "部门":
            continue  # 教育部门 is any education department, not the ministry 教育部
        if d.entries[eid].type == "media" and text[e:e + 1] == "号":
            spans.append(Span(s, e + 1, "media", "", rule="dict"))  # 搜狐号, 网易号: a platform's accounts
            continue
        if e - s <= 2 and _CJK.match(text[s]):
            bounds = bounds if bounds is not None else {t[2] for t in _pos(text)} | {len(text)}
            if s not in bounds or e not in bounds or s and _ASCII_ALNUM.match(text[s - 1]):
                continue  # a short alias matches whole words only (财经 in 财经洞察社, 中时 in 中时新闻网)
        spans.append(Span(s, e, d.entries[eid].type, eid, rule="dict"))
    for sp in _rule_spans(text):
        word = text[sp.start:sp.end]
        if word in d.stoplist or sp.type not in {"person", "place"} and d.lookup(word) is None and _freq(word) > 20000:
            continue
        eid = d.lookup(word) or ""
        if not eid and (sp.type == "org" and entities_org.not_a_body(word)
                        or sp.type == "other" and entities_org.generic_event(word)):
            continue
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
