"""Organisation-name rules on whole candidate names: kinds of bodies and words ending like a body that name
none (镇政府, 村干部, 演唱会, 冠军), and short forms that are the tail of a longer name in the same article
(卫生局 after 高雄市政府卫生局). Pure string rules: the recogniser in ``entity_recognition`` calls them on its names.
"""
from __future__ import annotations

import re

# Levels of administration and words that make a kind of body, not one body (县教育局, 镇政府, 基层党组织).
_LEVEL = (r"(?:省|市|县|区|镇|乡|村|街道|社区|省级|市级|县级|区级|镇级|乡级|村级|乡镇|基层|地方|当地|各级|各地|中央|"
          r"公立|私立|民营|民办|公办|国立|市立|县立)")
_KIND = ("政府|人民政府|党委|党组织|党支部|党总支|支部|村委会|居委会|医院|人民医院|卫生院|中学|小学|学校|法院|人民法院|"
         "检察院|人民检察院|财政")
_BUREAU = "教育局|卫生局|公安局|派出所|警察局|医保局|民政局|税务局|统计局|财政局|交通局|环保局"
# A bare bureau (教育局, 卫生局) is often one body a city's readers know by that name; with a level it is a kind.
_KIND_BODY = re.compile(rf"^(?:{_LEVEL}?(?:{_KIND}|国家队|交易所)|{_LEVEL}(?:{_BUREAU}))$")
# Words ending like a body that name people, events, titles, goods or rooms (党员干部, 演唱会, 男单冠军, 告别厅).
_NOT_BODY_END = re.compile(
    r"(?:干部|立委|议员|怎么办|演唱会|音乐会|发布会|见面会|签售会|冠军|亚军|季军|餐厅|大厅|展厅|告别厅|理发厅|汽车站|火车站|"
    r"补给站|加油站|充电站|服务站点|住院部|门诊部|[东南西北中]{1,2}部|卫生服务中心|党和政府|"
    r"(?:诈骗|电骗|骇客|黑客|赌波|犯罪|走私|贩毒)集团)$"
    r"|^(?:经纪|游戏|生物科技|科技|传产|上市|上柜|上市柜|全|本季度|大|县|镇|乡)?(?:公司|医院)$"
    r"|^(?:医保|养老|社保|明星|短债|货币|债券)基金$")


def not_a_body(name: str) -> bool:
    """A kind of body (镇政府, 县教育局, 人民法院) or a word ending like a body that names no organisation
    (村干部, 上海演唱会, 大满贯赛男单冠军, 告别厅, 中西部)."""
    return bool(_KIND_BODY.match(name) or _NOT_BODY_END.search(name))


# Events, indices and agreements named by kind (全程马拉松, 三大指数, 自贸协定, 欧洲主流联赛), not one of them.
_GENERIC_EVENT = re.compile(
    r"^(?:全程|半程|迷你|城市|大型|国际|国内|职业|主流|欧洲|亚洲|各大|三大|主要|自贸|自由贸易|贸易|投资|双边|多边|区域)*"
    r"(?:马拉松|联赛|指数|协定|锦标赛|博览会|运动会)$")


def generic_event(name: str) -> bool:
    """An event, index or agreement named only by its kind (全程马拉松, 三大指数, 投资协定)."""
    return bool(_GENERIC_EVENT.match(name))


def tail_owner(short: str, longer: list[str]) -> str | None:
    """The one longer organisation name of an article that ends with ``short`` (卫生局 -> 高雄市政府卫生局:
    the article's short way back to a body it named in full), or None when none or several do."""
    if len(short) < 2:
        return None
    owners = {name for name in longer if len(name) > len(short) and name.endswith(short)}
    return owners.pop() if len(owners) == 1 else None
