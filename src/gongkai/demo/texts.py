"""Words and sentence fragments the demo's texts are assembled from: places, companies, projects and
the stock phrases of Chinese official writing. Nothing here is lorem ipsum; everything is the kind of
thing a district's disclosure column really says (the names of people and firms are invented)."""

import datetime as dt
import random

from gongkai.core.dates import date_text
from gongkai.core.identifiers import credit_code_check_char

# --- places --------------------------------------------------------------------------------------

ROADS = {
    "招宝山街道": ("车站路", "胜利路", "城河西路", "公园路", "白龙路", "招宝山路"),
    "蛟川街道": ("镇宁东路", "俞范东路", "蛟川北路", "石化路", "迎周路"),
    "骆驼街道": ("东邑北路", "骆兴路", "盛兴路", "荣吉路", "中官西路", "镇骆东路"),
    "庄市街道": ("庄市大道", "兴庄路", "明海南路", "钟包路", "永旺路"),
    "澥浦镇": ("澥浦路", "十七房路", "汇源路", "岚山路"),
    "九龙湖镇": ("九龙大道", "长石路", "汶溪路", "秦山路"),
}
VILLAGES = {
    "招宝山街道": ("城河社区", "白龙社区", "胜利社区", "车站社区", "后大街社区"),
    "蛟川街道": ("俞范社区", "迎周村", "跃进社区", "临江社区", "蛟川村"),
    "骆驼街道": ("东邑社区", "盛兴社区", "团桥村", "万市村", "桥头村"),
    "庄市街道": ("兴庄社区", "勤勇村", "永旺村", "钟包村", "光明村"),
    "澥浦镇": ("十七房村", "澥浦村", "汇源社区", "岚山村", "觉渡村"),
    "九龙湖镇": ("汶溪村", "长石村", "秦山村", "田顾村", "河头村"),
}
TOWN_NAMES = tuple(ROADS)

# --- firms ---------------------------------------------------------------------------------------

FIRM_WORDS = ("恒信", "宏达", "甬兴", "海天", "金港", "华东", "明洲", "瑞丰", "永宏", "众力", "天和", "港城",
              "兴业", "嘉禾", "远东", "博亚", "中鼎", "新泰", "浙甬", "汇丰", "东海", "联成", "富达", "蓝海",
              "锦程", "万邦", "德瑞", "凯越", "宝龙", "鑫源", "长丰", "海港", "科宇", "星源", "利达", "华泰")
INDUSTRIES = ("化工", "机械制造", "建设工程", "物流", "国际贸易", "餐饮管理", "塑业", "电子科技", "模具",
              "石化设备", "新型建材", "汽车服务", "环保科技", "食品", "紧固件", "物业管理", "装饰工程",
              "船舶服务", "仓储", "新材料")
FOOD_SHOPS = ("小吃店", "便利店", "超市", "餐馆", "面馆", "水果店", "副食品店", "饭店", "蛋糕店")
SHOPS = (*FOOD_SHOPS, "五金店", "理发店", "汽车修理部")
# The kind of party each unit's licences and penalties concern (a firm of any industry when not listed).
PARTIES = {
    "ZH-SCJG": ("shop", "shop", "食品", "餐饮管理"), "ZH-WSJ": ("足浴店", "美容美发店", "诊所", "宾馆"),
    "ZH-WGXJ": ("网吧", "KTV", "书店"), "ZH-GAFJ": ("宾馆", "旅馆", "物流", "文化传媒"), "ZH-LYJ": ("国际旅行社有限公司",),
    "ZH-WJJ": ("shop", "超市", "汽车服务"), "ZH-JYJ": ("培训学校",), "ZH-MZJ": ("社会工作服务中心", "养老院", "协会"),
    "ZH-NLJ": ("农资经营部", "家庭农场", "食品"), "ZH-TJJ": ("机械制造", "塑业", "物流", "化工"),
    "ZH-JTJ": ("物流", "汽车服务", "运输"), "ZH-RSJ": ("人力资源服务", "劳务派遣"),
}
# Where the party of a penalty differs from that of a licence (a 网吧 admitting minors, a 宾馆 not
# registering guests).
PENALTY_PARTIES = {"ZH-GAFJ": ("宾馆", "旅馆"), "ZH-WGXJ": ("网吧",), "ZH-WSJ": ("足浴店", "美容美发店", "宾馆")}
HOSPITALS = ("镇海区人民医院", "镇海区中医医院", "镇海区妇幼保健院", "镇海区第二医院", "镇海区龙赛医院")
SCHOOLS = ("镇海区实验小学", "镇海区骆驼中学", "镇海区仁爱中学", "镇海区庄市中心学校", "镇海区蛟川书院",
           "镇海区中心幼儿园", "镇海区澥浦中学", "镇海区九龙湖镇中心学校", "镇海区职业教育中心学校")


def firm(rng: random.Random) -> str:
    prefix = rng.choice(("宁波", "宁波市镇海", "宁波", "浙江"))
    return f"{prefix}{rng.choice(FIRM_WORDS)}{rng.choice(INDUSTRIES)}有限公司"


def shop(rng: random.Random, town: str, *, food: bool = False) -> str:
    place = town.removesuffix("街道").removesuffix("镇")
    return f"镇海区{place}{rng.choice(FIRM_WORDS)}{rng.choice(FOOD_SHOPS if food else SHOPS)}"


def party(rng: random.Random, unit_code: str, town: str, *, penalty: bool = False) -> str:
    """A firm, shop or organisation of the kind that unit licenses or fines."""
    kinds = (PENALTY_PARTIES if penalty else {}).get(unit_code) or PARTIES.get(unit_code, ("firm",))
    what = rng.choice(kinds)
    if what == "firm":
        return firm(rng)
    if what == "shop":
        return shop(rng, town, food=True)
    if what in INDUSTRIES or what in ("运输", "人力资源服务", "劳务派遣", "文化传媒"):
        return f"宁波{rng.choice(FIRM_WORDS)}{what}有限公司"
    if what.endswith("有限公司"):
        return f"宁波{rng.choice(FIRM_WORDS)}{what}"
    place = town.removesuffix("街道").removesuffix("镇")
    return f"镇海区{place}{rng.choice(FIRM_WORDS)}{what}"


def firm_code(rng: random.Random, year: int) -> tuple[str, str]:
    """(label, value) identifying a firm: 统一社会信用代码 from 2016, 注册号 before it (the 15-digit
    number is built so that it can never read as an old identity card number)."""
    if year >= 2016:
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        body = "91330211MA2" + "".join(rng.choice(alphabet) for _ in range(6))
        return "统一社会信用代码", body + credit_code_check_char(body)
    return "注册号", f"3302116000{rng.randint(10000, 99999)}"  # month "00": never a date


# --- projects ------------------------------------------------------------------------------------

PROJECT_PLACES = ("镇海新城核心区", "庄市大学园区", "骆驼工业园区", "澥浦滨海工业区", "九龙湖旅游度假区",
                  "招宝山老城区", "蛟川石化配套区", "甬江北岸", "九龙湖镇区", "镇海经济开发区")
PROJECT_KINDS = ("安置房工程", "污水管网工程", "河道综合整治工程", "农贸市场改造工程", "公共停车场工程",
                 "中心幼儿园新建工程", "社区卫生服务中心新建工程", "防洪排涝工程", "绿道建设工程",
                 "标准厂房工程", "公交首末站工程", "文化活动中心工程", "雨污分流改造工程", "道路提升工程")
PURCHASES = ("办公设备", "执法记录仪", "教学设备", "医疗设备", "监控系统", "物业管理服务", "食堂食材配送服务",
             "保洁服务", "信息系统运维服务", "公务用车定点维修服务", "绿化养护服务", "审计中介服务",
             "防汛物资", "图书", "电子政务外网租赁服务")


def project(rng: random.Random) -> str:
    return rng.choice(PROJECT_PLACES) + rng.choice(PROJECT_KINDS)


# --- money, dates, numbers -----------------------------------------------------------------------

cn_date = date_text


def money(rng: random.Random, low: int, high: int) -> str:
    """An amount in 万元 with two decimals."""
    return f"{rng.randint(low * 100, high * 100) / 100:.2f}"


def cn_count(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def paras(*texts: str) -> str:
    return "".join(f"<p>{t}</p>" for t in texts if t)


def table(header: tuple[str, ...], rows: list[tuple]) -> str:
    head = "".join(f"<th scope=\"col\">{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def signature(org: str, day: dt.date) -> str:
    return f"<p>{org}</p><p>{cn_date(day)}</p>"


# --- stock phrases of official writing -------------------------------------------------------------

ADDRESSEES_GOV = "各街道办事处、镇人民政府，区政府各部门、各直属单位："
ADDRESSEES_DEPT = "各街道（镇）{subject}，局属各单位，各有关单位："

OPENINGS = (
    "为深入贯彻落实上级有关决策部署，进一步推动{matter}工作，结合我区实际，",
    "根据{upper}有关文件精神，为切实做好{matter}工作，",
    "为进一步规范{matter}工作，提高工作质量和效率，",
    "为全面完成{year}年{matter}各项目标任务，经研究，",
)
REQUIREMENTS = (
    "各单位要高度重视，切实加强组织领导，明确分管领导和具体责任人，确保各项工作落到实处",
    "要坚持问题导向，对照目标任务逐项梳理，建立工作台账，实行销号管理",
    "要加强部门协作，形成工作合力，及时研究解决工作中遇到的困难和问题",
    "要强化督查考核，将工作推进情况纳入年度目标管理考核，对工作不力的单位予以通报",
    "要注重宣传引导，充分利用政府网站、政务微博微信等载体，营造良好的社会氛围",
    "要严格落实工作责任制，坚持“谁主管、谁负责”，层层传导压力",
    "要加强信息报送，工作中的重要情况和问题请及时报告",
    "要坚持依法行政，严格按照法定权限和程序履行职责",
)
MEETING_REVIEWS = (
    "回顾总结了{period}全区{matter}工作情况，分析了当前面临的形势和存在的问题",
    "通报了{period}{matter}工作进展情况，部署了下阶段重点工作",
    "听取了各单位{matter}工作情况汇报，对重点难点问题进行了逐一研究",
    "传达学习了上级关于{matter}工作的会议精神，研究部署了贯彻落实意见",
)
RESULTS = (
    "截至目前，已完成年度目标任务的{pct}%，各项工作总体进展顺利",
    "{period}共开展专项检查{n}次，发现并督促整改问题{m}个",
    "累计受理群众咨询{m}件，办结率达到{pct}%",
    "共排查各类隐患{m}处，已整改{k}处，其余正在落实整改措施",
    "全年共投入资金{money}万元，惠及群众{m}余人次",
)
CLOSINGS = (
    "下一步，{short}将继续加大工作力度，确保{matter}工作取得实效。",
    "会后，各单位立即对照会议要求，抓好贯彻落实。",
    "此次活动得到了广大群众的积极响应和好评。",
    "{short}将以此为契机，进一步健全长效机制，巩固提升工作成效。",
    "下阶段，{short}将围绕年度目标，细化工作举措，确保各项任务按时完成。",
)

THEMES_2014 = ("党的群众路线教育实践活动", "“五水共治”", "“三改一拆”", "“四边三化”", "平安镇海建设",
               "生态环境整治", "“四单一网”建设", "作风建设", "法治镇海建设")
THEMES_NOW = ("“十五五”规划实施", "优化营商环境", "高质量发展建设共同富裕示范区", "数字化改革",
              "安全生产治本攻坚三年行动", "民生实事项目", "“大综合一体化”行政执法改革", "法治政府建设",
              "清廉机关建设")

ACTIVITIES = ("专题培训", "专项检查", "集中宣传", "业务知识竞赛", "现场推进会", "座谈会", "应急演练",
              "志愿服务活动", "督查调研", "工作例会")
UPPER = ("市委、市政府", "省政府办公厅", "市政府办公厅", "区委、区政府", "上级主管部门")


def theme(rng: random.Random, year: int) -> str:
    return rng.choice(THEMES_2014 if year < 2018 else THEMES_NOW)


def period_for(rng: random.Random, day: dt.date) -> str:
    """The part of the year a text written on ``day`` looks back on."""
    quarter = (day.month - 1) // 3
    return rng.choice((("今年以来", "近期"), ("一季度", "今年以来"), ("上半年", "今年以来"), ("前三季度", "今年以来"))[quarter])


def fill(rng: random.Random, template: str, **slots) -> str:
    """``template`` with its slots filled; numbers that are not given are made up."""
    m = rng.randint(45, 1800)
    defaults = {
        "pct": rng.randint(82, 99), "n": rng.randint(3, 40), "m": m, "k": int(m * rng.uniform(0.8, 0.98)),
        "money": money(rng, 20, 3000), "period": "今年以来", "upper": rng.choice(UPPER),
    }
    return template.format(**{**defaults, **slots})


def pick(rng: random.Random, options, k: int) -> list:
    return rng.sample(list(options), k)
