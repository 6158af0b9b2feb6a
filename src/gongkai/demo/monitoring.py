"""Sector-specific kinds, part two: figures and results — 统计信息, 收费, 预算执行, 抽检, 环境质量,
安全检查, 卫生监督, 审计结果, 惠农补贴, 公共文化, 招生, 就业社保."""

from gongkai.disclosures.taxonomy import Category

from . import texts as t
from .kinds import Ctx, Draft, Kind, addressees, org_name
from .people import mask_name


def _month_label(ctx: Ctx) -> tuple[int, int]:
    """The month a monthly report covers: the one before it was written."""
    month = ctx.written.month - 1 or 12
    return (ctx.year if month != 12 else ctx.year - 1), month


def stats(ctx: Ctx) -> Draft:
    rng = ctx.rng
    year, month = _month_label(ctx)
    rows = [
        ("规模以上工业总产值（亿元）", f"{rng.randint(800, 2600) * month / 12:.1f}", f"{rng.uniform(-3, 12):.1f}"),
        ("固定资产投资（亿元）", f"{rng.randint(150, 450) * month / 12:.1f}", f"{rng.uniform(2, 18):.1f}"),
        ("社会消费品零售总额（亿元）", f"{rng.randint(120, 320) * month / 12:.1f}", f"{rng.uniform(4, 13):.1f}"),
        ("一般公共预算收入（亿元）", f"{rng.randint(60, 160) * month / 12:.1f}", f"{rng.uniform(1, 15):.1f}"),
        ("自营出口总额（亿美元）", f"{rng.randint(20, 60) * month / 12:.1f}", f"{rng.uniform(-8, 14):.1f}"),
        ("城镇常住居民人均可支配收入（元）", f"{rng.randint(38000, 82000) * month // 12}", f"{rng.uniform(5, 10):.1f}"),
    ]
    if ctx.spec.code == "ZH-TJJ":
        body = t.paras(f"{year}年1—{month}月镇海区主要经济指标如下：") + \
            t.table(("指标", "累计", "同比增长（%）"), rows) + t.paras("注：部分指标为快报数，以年报数据为准。")
        return Draft(f"{year}年1—{month}月镇海区主要经济指标", body)
    quarter = rng.choice(("一季度", "上半年", "前三季度"))
    body = t.paras(
        f"{quarter}，全区上下坚持稳中求进工作总基调，经济运行总体平稳、稳中有进。",
        f"从主要指标看，{rows[0][0].split('（')[0]}同比增长{rows[0][2]}%，{rows[1][0].split('（')[0]}同比增长{rows[1][2]}%，"
        f"{rows[2][0].split('（')[0]}同比增长{rows[2][2]}%。",
        "从存在问题看，部分行业产能利用率偏低，企业生产经营成本上升，新增长点支撑力度仍需加强。",
        "下阶段，要紧盯年度目标，加快重大项目建设，加大企业帮扶力度，推动经济持续健康发展。",
    )
    return Draft(f"{ctx.year}年{quarter}镇海区国民经济运行情况分析", body)


def fees(ctx: Ctx) -> Draft:
    rng = ctx.rng
    items = rng.sample([("不动产登记费", "住宅类每件80元"), ("城市道路占用费", "每平方米每日1.5元"),
                        ("考试考务费", "每人每科60元"), ("污水处理费", "居民生活用水每立方米0.95元"),
                        ("公共停车场收费", "首小时5元，之后每小时2元"), ("殡葬服务收费", "按区物价局核定标准执行"),
                        ("幼儿园保育教育费", "每生每月省二级幼儿园680元")], 4)
    if ctx.spec.code == "ZH-WJJ" and rng.random() < 0.6:
        what = items[0][0]
        body = t.paras(
            f"{rng.choice(('区住建局', '区教育局', '区城管局', '区民政局'))}：",
            f"你单位《关于要求核定{what}标准的请示》收悉。经研究，现批复如下：",
            f"一、{what}标准为{items[0][1]}。",
            f"二、上述标准自{t.cn_date(ctx.written)}起执行，试行期二年。请严格执行收费公示制度，自觉接受社会监督。",
            "此复。",
        ) + t.signature(org_name(ctx.spec), ctx.written)
        return Draft(f"关于{what}标准的批复", body, ctx.doc(), genre="reply")
    body = t.paras(f"根据国家和省有关规定，现将镇海区{ctx.year}年行政事业性收费项目及标准公布如下：") + \
        t.table(("收费项目", "收费标准"), items) + \
        t.paras("未列入目录的行政事业性收费项目，一律不得收取。对违规收费行为，可拨打价格举报电话12358投诉。")
    return Draft(f"镇海区{ctx.year}年行政事业性收费项目目录", body)


def budget_exec(ctx: Ctx) -> Draft:
    rng = ctx.rng
    year, month = _month_label(ctx)
    income = rng.randint(60, 160) * month / 12
    body = t.paras(
        f"{year}年1—{month}月，全区一般公共预算收入{income:.2f}亿元，同比增长{rng.uniform(1, 14):.1f}%，"
        f"完成年度预算的{month / 12 * 100 + rng.uniform(-4, 6):.1f}%。其中税收收入{income * 0.86:.2f}亿元。",
        f"全区一般公共预算支出{income * rng.uniform(0.8, 1.1):.2f}亿元，同比增长{rng.uniform(1, 12):.1f}%。"
        "教育、社会保障和就业、医疗卫生、节能环保等民生支出保持较快增长。",
        "下阶段，区财政将继续加强收入征管，优化支出结构，确保全年预算平稳执行。",
    )
    return Draft(f"{year}年1—{month}月镇海区财政预算执行情况", body)


def food(ctx: Ctx) -> Draft:
    rng = ctx.rng
    n = ctx.number("食品抽检")
    samples = ("大米", "面条", "食用植物油", "酱油", "猪肉", "鸡蛋", "豆制品", "糕点", "饮料", "瓶装饮用水",
               "蔬菜", "水产品", "餐饮具")
    rows = []
    for i in range(1, rng.randint(6, 12)):
        ok = rng.random() < 0.93
        rows.append((i, rng.choice(samples), t.shop(rng, ctx.town(), food=True),
                     "合格" if ok else "不合格", "—" if ok else rng.choice(("菌落总数超标", "二氧化硫残留量超标",
                                                                          "酸价超标", "标签不符合规定"))))
    failed = sum(1 for r in rows if r[3] == "不合格")
    body = t.paras(
        f"近期，区市场监督管理局组织对全区食品生产经营单位开展了监督抽检，共抽检样品{len(rows)}批次，"
        f"合格{len(rows) - failed}批次，不合格{failed}批次。抽检结果如下：",
    ) + t.table(("序号", "样品名称", "被抽样单位", "检验结论", "不合格项目"), rows) + t.paras(
        "对抽检不合格的食品，区市场监督管理局已责令经营者立即下架、封存，依法进行核查处置，并将处置情况向社会公开。"
        if failed else "本期抽检样品均为合格。",
        "消费者如发现食品安全问题，请拨打投诉举报电话12331。",
    )
    return Draft(f"{ctx.year}年第{n}期食品安全监督抽检信息公告", body, topic="09")


def environment(ctx: Ctx) -> Draft:
    rng = ctx.rng
    year, month = _month_label(ctx)
    if rng.random() < 0.5:
        good = rng.randint(18, 30)
        body = t.paras(
            f"{year}年{month}月，我区环境空气质量优良天数{good}天，优良率{good / 30 * 100:.1f}%。"
            f"PM2.5月均浓度{rng.randint(18, 62)}微克/立方米，PM10月均浓度{rng.randint(35, 95)}微克/立方米，"
            f"臭氧日最大8小时平均浓度第90百分位数{rng.randint(90, 180)}微克/立方米。",
            "主要污染物为细颗粒物和臭氧。区环保局将继续加强工业废气、扬尘和机动车尾气污染防治。",
        )
        return Draft(f"{year}年{month}月镇海区环境空气质量状况", body)
    rows = [(t.firm(rng), rng.choice(("废水", "废气")), rng.choice(("化学需氧量、氨氮", "二氧化硫、氮氧化物、颗粒物")),
             "达标" if rng.random() < 0.95 else "超标") for _ in range(rng.randint(4, 9))]
    body = t.paras(f"根据国家重点监控企业监督性监测有关要求，现将{year}年{month}月重点排污单位监督性监测结果公布如下：") + \
        t.table(("企业名称", "监测类别", "监测项目", "评价结论"), rows) + \
        t.paras("对超标排放的企业，已依法责令限期整改并立案查处。")
    return Draft(f"{year}年{month}月镇海区重点排污单位监督性监测结果", body)


def safety(ctx: Ctx) -> Draft:
    rng = ctx.rng
    period = rng.choice(("一季度", "上半年", "汛期", "节前", "第三季度"))
    firms = rng.randint(80, 600)
    hazards = rng.randint(200, 2200)
    body = t.paras(
        addressees(ctx),
        f"{period}，全区各级各部门按照安全生产大检查工作部署，共检查生产经营单位{firms}家，排查一般事故隐患{hazards}项，"
        f"已整改{int(hazards * rng.uniform(0.85, 0.99))}项，责令停产停业整顿{rng.randint(0, 12)}家，"
        f"实施行政处罚{rng.randint(5, 60)}起。",
        "检查发现的主要问题：部分企业安全生产主体责任落实不到位，特种作业人员无证上岗，危险化学品储存不规范，"
        "应急预案未按规定演练。",
        "下一步，要持续深化危险化学品、消防、道路交通、建筑施工等重点行业领域专项整治，严格落实隐患排查治理闭环管理。",
        "特此通报。",
    ) + t.signature(org_name(ctx.spec), ctx.written)
    return Draft(f"关于{ctx.year}年{period}安全生产大检查情况的通报", body, ctx.doc(), genre="circular")


def health(ctx: Ctx) -> Draft:
    rng = ctx.rng
    quarter = rng.randint(1, 4)
    what = rng.choice(("公共场所", "生活饮用水", "学校卫生", "医疗机构消毒质量"))
    total = rng.randint(30, 160)
    ok = total - rng.randint(0, 6)
    body = t.paras(
        f"{ctx.year}年第{t.cn_count(quarter)}季度，区卫生监督所对全区{what}开展了监督抽检，共抽检{total}家（份），"
        f"合格{ok}家（份），合格率{ok / total * 100:.1f}%。",
        "对抽检不合格的单位，卫生监督机构已依法责令限期整改，并将跟踪复查。",
        f"公众可登录镇海区人民政府门户网站查询详细名单，或拨打卫生监督投诉电话0574-86{rng.randint(200000, 299999)}。",
    )
    return Draft(f"{ctx.year}年第{t.cn_count(quarter)}季度镇海区{what}卫生监督抽检结果公示", body)


def audit(ctx: Ctx) -> Draft:
    rng = ctx.rng
    subject = rng.choice(("区级预算执行和其他财政收支", "政府投资建设项目", "民生专项资金", "区属国有企业财务收支"))
    amount = t.money(rng, 100, 20000)
    body = t.paras(
        f"根据《中华人民共和国审计法》的规定，区审计局对{ctx.year - 1}年度{subject}情况进行了审计。",
        f"一、基本情况。审计结果表明，相关单位能够认真执行有关法律法规，资金使用总体规范。审计涉及资金{amount}万元。",
        "二、审计发现的主要问题。部分项目资金拨付进度较慢；个别单位政府采购程序不够规范；少数项目未按规定办理竣工决算。",
        "三、审计建议及整改情况。对审计发现的问题，相关单位已制定整改措施，部分问题已整改到位，区审计局将跟踪检查整改落实情况。",
    )
    return Draft(f"镇海区{ctx.year - 1}年度{subject}审计结果公告", body)


def agriculture(ctx: Ctx) -> Draft:
    rng = ctx.rng
    town = ctx.town()
    what = rng.choice(("种粮大户补贴", "农机购置补贴", "耕地地力保护补贴", "生猪规模养殖场防疫补助"))
    rows = [(i, mask_name(ctx.person()), ctx.village(town), f"{rng.randint(30, 800) / 10:.1f}",
             rng.randint(5, 200) * 100) for i in range(1, rng.randint(5, 12))]
    body = t.paras(f"根据{ctx.year}年镇海区{what}实施方案，经申报、审核，现将{town}{what}拟发放名单公示如下：") + \
        t.table(("序号", "姓名", "所在村", "面积（亩）/数量", "补贴金额（元）"), rows) + \
        t.paras("公示期为7天，如有异议请向区农林局或所在镇（街道）农办反映。")
    return Draft(f"{ctx.year}年{town}{what}资金拟发放名单公示", body, category=Category.A20_11)


def culture(ctx: Ctx) -> Draft:
    rng = ctx.rng
    event = rng.choice(("“文化走亲”", "“书香镇海”全民阅读月", "送戏下乡", "非物质文化遗产展示周", "广场文化周",
                        "全民健身节"))
    body = t.paras(
        f"为丰富群众精神文化生活，{ctx.year}年{ctx.written.month}月，{ctx.spec.short}将组织开展{event}系列活动。",
        f"活动期间，将在{ctx.town()}等地开展文艺演出、展览、讲座等活动{rng.randint(8, 40)}场次，所有活动免费向公众开放。",
        f"具体安排请关注“镇海发布”政务微博、微信，咨询电话：0574-86{rng.randint(200000, 299999)}。",
    )
    return Draft(f"{ctx.year}年镇海区{event}活动安排", body)


def education(ctx: Ctx) -> Draft:
    rng = ctx.rng
    if rng.random() < 0.5:
        body = t.paras(
            addressees(ctx),
            f"为做好{ctx.year}年我区小学和初中招生工作，根据《中华人民共和国义务教育法》和上级有关规定，结合我区实际，"
            "提出如下实施意见：",
            "一、坚持免试就近入学原则。公办小学、初中按照学区划分招生，不得举行任何形式的入学考试或测试。",
            "二、做好外来务工人员随迁子女入学工作，按照积分排序统筹安排入学。",
            "三、严格规范民办学校招生行为，民办学校招生纳入统一管理，与公办学校同步招生。",
            "四、加强招生工作监督，招生政策、学区范围、招生计划和录取结果一律向社会公开。",
        ) + t.signature(org_name(ctx.spec), ctx.written)
        return Draft(f"镇海区{ctx.year}年小学和初中招生工作实施意见", body, ctx.doc(), genre="opinion")
    school = rng.choice(t.SCHOOLS)
    body = t.paras(
        f"{school}{ctx.year}年计划招收新生{rng.randint(3, 16)}个班，每班不超过{rng.choice((35, 40, 45))}人。",
        "招生对象为户籍和房产均在本学区范围内的适龄儿童少年，以及符合条件的外来务工人员随迁子女。",
        f"报名时间：{ctx.year}年{rng.choice((5, 6))}月{rng.randint(1, 20)}日起，报名时请携带户口簿、房产证明等材料。",
    )
    return Draft(f"{school}{ctx.year}年招生简章", body)


def employment(ctx: Ctx) -> Draft:
    rng = ctx.rng
    if rng.random() < 0.6:
        what = rng.choice(("灵活就业社保补贴", "创业担保贷款贴息", "高校毕业生就业见习补贴", "职业技能培训补贴"))
        rows = [(i, mask_name(ctx.person()), rng.choice(t.TOWN_NAMES), rng.randint(6, 60) * 100)
                for i in range(1, rng.randint(6, 14))]
        body = t.paras(f"根据镇海区就业创业扶持政策，经个人申请、审核，现将{ctx.year}年第{ctx.number(what)}批{what}"
                       "拟发放名单公示如下：") + \
            t.table(("序号", "姓名", "所在街道（镇）", "补贴金额（元）"), rows) + \
            t.paras("公示期为5个工作日。如有异议，请向区人力社保局就业促进科反映。")
        return Draft(f"{ctx.year}年镇海区{what}拟发放名单公示", body)
    body = t.paras(
        f"根据省人力社保厅有关通知，我区企业退休人员基本养老金自{ctx.year}年1月1日起调整，"
        f"调整后人均月增加约{rng.randint(50, 200)}元。",
        "调整采取定额调整、挂钩调整与适当倾斜相结合的办法，所需资金从企业职工基本养老保险基金中列支。",
        "调整增加的基本养老金已于近日补发到位，如有疑问，请咨询区社会保险管理服务中心。",
    )
    return Draft(f"关于调整{ctx.year}年企业退休人员基本养老金的通知", body, ctx.doc(), genre="notice")


MONITORING: dict[str, tuple[Kind, ...]] = {
    "stats": (Kind("stats", "other", Category.A20_04, 6, stats, topic="03"),),
    "fees": (Kind("fees", "other", Category.A20_08, 2, fees, topic="03"),),
    "budget_exec": (Kind("budget_exec", "other", Category.A20_07, 4, budget_exec, topic="04"),),
    "food": (Kind("food", "announcement", Category.A20_13, 8, food, topic="09"),),
    "environment": (Kind("environment", "other", Category.A20_13, 7, environment, topic="10"),),
    "safety": (Kind("safety", "circular", Category.A20_13, 4, safety, topic="09"),),
    "health": (Kind("health", "other", Category.A20_13, 4, health, topic="13"),),
    "audit": (Kind("audit", "announcement", Category.A20_15, 4, audit, topic="04"),),
    "agriculture": (Kind("agriculture", "other", Category.A20_11, 3, agriculture, topic="06"),),
    "culture": (Kind("culture", "other", Category.A21_SERVICES, 4, culture, topic="12"),),
    "education": (Kind("education", "other", Category.A20_11, 4, education, topic="11"),),
    "employment": (Kind("employment", "other", Category.A20_11, 5, employment, topic="15"),),
}
