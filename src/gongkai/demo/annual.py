"""Items a unit publishes once a year at a set time (预算, 决算, 年度报告, 工作总结, 机构职能), and the
行政规范性文件 with their 政策解读."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from gongkai.disclosures.taxonomy import Category

from . import texts as t
from .kinds import Ctx, Draft, Kind, addressees, org_name
from .units import OFFICE, ROOT, UnitSpec


def budget(ctx: Ctx) -> Draft:
    rng = ctx.rng
    total = float(t.money(rng, 300, 40000))
    basic = total * rng.uniform(0.3, 0.7)
    rows = [("一般公共预算拨款", f"{total * 0.92:.2f}"), ("其他收入", f"{total * 0.08:.2f}"),
            ("基本支出", f"{basic:.2f}"), ("项目支出", f"{total - basic:.2f}")]
    body = t.paras(
        f"一、部门基本情况。{org_name(ctx.spec)}是区政府工作部门（单位），主要负责{'、'.join(ctx.spec.matters[:3])}等工作。"
        f"纳入{ctx.year}年部门预算编制范围的单位包括本级及所属单位。",
        f"二、收支预算情况。{ctx.year}年部门收入预算{total:.2f}万元，支出预算{total:.2f}万元，具体如下（单位：万元）：",
    ) + t.table(("项目", "金额"), rows) + t.paras(
        f"三、“三公”经费预算。{ctx.year}年“三公”经费预算{total * 0.004:.2f}万元，其中公务接待费{total * 0.0015:.2f}万元，"
        f"公务用车购置及运行费{total * 0.0025:.2f}万元，因公出国（境）费0万元，比上年下降{rng.randint(3, 20)}%。",
        "四、名词解释。基本支出是指为保障机构正常运转、完成日常工作任务而发生的支出；项目支出是指在基本支出之外"
        "为完成特定行政任务和事业发展目标所发生的支出。",
    )
    return Draft(f"{org_name(ctx.spec)}{ctx.year}年部门预算", body)


def final_accounts(ctx: Ctx) -> Draft:
    rng = ctx.rng
    total = float(t.money(rng, 300, 40000))
    body = t.paras(
        f"一、部门基本情况。{org_name(ctx.spec)}{ctx.year - 1}年度决算编报范围包括本级及所属单位。",
        f"二、收入支出决算总体情况。{ctx.year - 1}年度收入总计{total:.2f}万元，支出总计{total * rng.uniform(0.9, 1.0):.2f}万元，"
        f"年末结转和结余{total * rng.uniform(0, 0.08):.2f}万元。",
        f"三、“三公”经费支出情况。{ctx.year - 1}年度“三公”经费支出{total * 0.0035:.2f}万元，完成预算的"
        f"{rng.randint(70, 99)}%，主要原因是认真贯彻中央八项规定精神，严格控制一般性支出。",
        "四、其他重要事项说明。机关运行经费、政府采购支出和国有资产占用情况详见附表。",
    )
    return Draft(f"{org_name(ctx.spec)}{ctx.year - 1}年度部门决算", body)


def annual_report(ctx: Ctx) -> Draft:
    rng = ctx.rng
    year = ctx.year - 1
    body = t.paras(
        f"本报告根据《中华人民共和国政府信息公开条例》要求，由{org_name(ctx.spec)}编制。报告全文包括总体情况、"
        "主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题"
        f"及改进情况、其他需要报告的事项。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        f"一、总体情况。{year}年，{ctx.spec.short}认真贯彻落实政府信息公开工作要点，坚持"
        + ("“以公开为原则，不公开为例外”" if year < 2016 else "“以公开为常态、不公开为例外”") + "，"
        f"全年主动公开政府信息{rng.randint(80, 900)}条，全文电子化率100%。",
        f"二、依申请公开情况。全年收到政府信息公开申请{rng.randint(0, 12)}件，均在法定期限内答复。",
        "三、行政复议和行政诉讼情况。全年未发生因政府信息公开引起的行政复议和行政诉讼。",
        "四、存在的主要问题及改进情况。政策解读的形式还不够丰富，公开的及时性有待进一步提高。下一步将加强业务培训，"
        "完善公开工作机制，不断提升公开质量。",
    )
    return Draft(f"{org_name(ctx.spec)}{year}年政府信息公开工作年度报告", body, topic="02")


def work_summary(ctx: Ctx) -> Draft:
    rng = ctx.rng
    m = ctx.spec.matters
    body = t.paras(
        f"{ctx.year - 1}年，{ctx.spec.short}在区委、区政府的正确领导下，围绕{t.theme(rng, ctx.year - 1)}，"
        f"扎实推进{m[0]}、{m[1 % len(m)]}等各项工作，较好地完成了年度目标任务。",
        "一、主要工作成效。" + "；".join(
            t.fill(rng, x, short=ctx.spec.short, matter=rng.choice(m), year=ctx.year - 1, period="全年")
            for x in rng.sample([r for r in t.RESULTS if not r.startswith("截至")], 2)) + "。",
        f"二、存在的问题。对照群众期盼，{m[-1]}等方面仍有不足，工作的系统性和精细化水平还需进一步提高。",
        f"三、{ctx.year}年工作思路。" + "；".join(x.removeprefix("要") for x in rng.sample(t.REQUIREMENTS, 2)) + "。",
    )
    return Draft(f"{org_name(ctx.spec)}{ctx.year - 1}年工作总结和{ctx.year}年工作思路", body,
                 genre="report", topic="02")


def functions(ctx: Ctx) -> Draft:
    m = ctx.spec.matters
    body = t.paras(
        f"{org_name(ctx.spec)}是镇海区人民政府{'派出机关' if ctx.spec.is_town else '工作部门'}，"
        f"负责人：{ctx.head()}（{ctx.spec.head}）。",
        "主要职责：" + "；".join(f"（{t.cn_count(i)}）负责全区{x}工作" for i, x in enumerate(m, start=1)) +
        "；（" + t.cn_count(len(m) + 1) + "）承办区委、区政府交办的其他事项。",
        "内设机构：办公室、政策法规科、业务科室若干。",
        "办公地址、办公时间和联系方式详见本机关政府信息公开指南。",
    )
    return Draft(f"{org_name(ctx.spec)}主要职责、内设机构和负责人", body, topic="01")


def disclosure_plan(ctx: Ctx) -> Draft:
    rng = ctx.rng
    plan = f"镇海区{ctx.year}年政府信息公开工作要点"
    body = t.paras(
        t.ADDRESSEES_GOV,
        f"经区政府同意，现将《{plan}》印发给你们，请结合实际认真贯彻落实。",
        f"<strong>{plan}</strong>",
        f"{ctx.year}年全区政府信息公开工作要以{t.theme(rng, ctx.year)}为统领，坚持"
        + ("以公开为原则、不公开为例外，" if ctx.year < 2016 else "以公开为常态、不公开为例外，")
        + "推进行政权力运行、财政资金、公共资源配置、公共服务和公共监管等重点领域信息公开。",
        "一、深化重点领域信息公开。二、加强政策解读和回应关切。三、规范依申请公开工作，严格执行受理、审查、"
        "处理、答复程序。四、加强平台建设，发挥政府网站第一平台作用。五、强化保密审查，落实“先审查、后公开”"
        "和“一事一审”制度。六、加强督查考核，实行每月信息量排名、每季度工作通报和年终考核。",
    ) + t.signature("镇海区人民政府办公室", ctx.written)
    return Draft(f"关于印发《{plan}》的通知", body, ctx.doc(), category=Category.A20_15)


def work_report(ctx: Ctx) -> Draft:
    body = t.paras(
        f"——{ctx.year}年{ctx.written.month}月{ctx.written.day}日在镇海区人民代表大会上",
        f"区长 {ctx.head()}",
        "各位代表：现在，我代表区人民政府，向大会报告工作，请予审议，并请区政协委员和其他列席人员提出意见。",
        f"一、{ctx.year - 1}年工作回顾。过去的一年，全区上下围绕{t.theme(ctx.rng, ctx.year - 1)}，"
        "经济运行稳中有进，城乡面貌持续改善，民生福祉不断增进。",
        f"二、{ctx.year}年主要任务。{ctx.year}年是全面深化改革的关键之年，政府工作的总体要求是稳中求进、改革创新，"
        "重点抓好产业转型升级、城乡统筹发展、生态环境建设和民生保障等工作。",
        "三、加强政府自身建设。坚持依法行政，深化政务公开，加强作风建设，努力建设人民满意的政府。",
    )
    return Draft(f"{ctx.year}年镇海区人民政府工作报告", body, topic="02")


@dataclass(frozen=True)
class Annual:
    kind: Kind
    window: Callable[[int], tuple[dt.date, dt.date]]  # year -> first and last publication day
    applies: Callable[[UnitSpec], bool]


def _budget_window(year: int) -> tuple[dt.date, dt.date]:
    # In 2014 budgets went online by the end of June and the 2013 accounts in October (seed report).
    return (dt.date(2014, 6, 10), dt.date(2014, 6, 30)) if year == 2014 else (dt.date(year, 2, 5), dt.date(year, 3, 10))


def _accounts_window(year: int) -> tuple[dt.date, dt.date]:
    return (dt.date(2014, 10, 8), dt.date(2014, 10, 31)) if year == 2014 else (dt.date(year, 8, 10), dt.date(year, 9, 20))


def _not_root(spec: UnitSpec) -> bool:
    return spec.code != ROOT


ANNUALS: tuple[Annual, ...] = (
    Annual(Kind("budget", "other", Category.A20_07, 0, budget, topic="04"), _budget_window, _not_root),
    Annual(Kind("final_accounts", "other", Category.A20_07, 0, final_accounts, topic="04"), _accounts_window, _not_root),
    Annual(Kind("annual_report", "report", Category.A20_15, 0, annual_report),
           lambda y: (dt.date(y, 1, 12), dt.date(y, 1, 30)), lambda s: s.code not in (ROOT, OFFICE)),
    Annual(Kind("annual_report_gov", "report", Category.A20_15, 0, annual_report),
           lambda y: (dt.date(y, 3, 16), dt.date(y, 3, 30)), lambda s: s.code == ROOT),
    Annual(Kind("work_summary", "report", Category.A20_15, 0, work_summary),
           lambda y: (dt.date(y, 1, 8), dt.date(y, 2, 25)), _not_root),
    Annual(Kind("functions", "other", Category.A20_02, 0, functions), lambda y: (dt.date(y, 3, 1), dt.date(y, 4, 15)),
           lambda s: True),
    Annual(Kind("disclosure_plan", "notice", Category.A20_15, 0, disclosure_plan, topic="02"),
           lambda y: (dt.date(y, 3, 20), dt.date(y, 4, 20)), lambda s: s.code == OFFICE),
    Annual(Kind("work_report", "report", Category.A20_15, 0, work_report),
           lambda y: (dt.date(y, 1, 20), dt.date(y, 2, 20)), lambda s: s.code == ROOT),
)


# --- 行政规范性文件 and 政策解读 ----------------------------------------------------------------------

# (unit, title of the document itself, topic). The notice that issues it is "关于印发《…》的通知".
NORMATIVE_2014 = (
    ("ZH", "镇海区城乡居民最低生活保障实施办法", "17"), ("ZH", "镇海区征收集体所有土地房屋拆迁补偿安置办法", "05"),
    ("ZH", "关于加快推进工业经济转型升级的若干意见", "07"), ("ZH", "镇海区政府投资项目管理办法", "03"),
    ("ZH", "关于进一步加快现代服务业发展的若干意见", "08"), ("ZH", "镇海区困难群众医疗救助办法", "17"),
    ("ZH", "镇海区公共租赁住房管理实施细则", "10"), ("ZH", "关于进一步加强农村宅基地管理的意见", "05"),
    ("ZH-ZFB", "镇海区行政规范性文件管理办法", "02"), ("ZH-ZFB", "镇海区政府信息公开保密审查办法", "02"),
    ("ZH-ZFB", "镇海区政府采购管理实施办法", "04"), ("ZH-ZFB", "镇海区重大行政决策程序规定", "02"),
    ("ZH-ZFB", "镇海区居家养老服务补贴实施办法", "17"), ("ZH-ZFB", "镇海区小微企业成长培育实施办法", "07"),
    ("ZH-ZFB", "镇海区区级机关公务接待管理办法", "02"), ("ZH-FGJ", "镇海区节能降耗专项资金管理办法", "03"),
    ("ZH-JYJ", "镇海区民办学校管理办法", "11"), ("ZH-MZJ", "镇海区社会组织登记管理实施细则", "17"),
    ("ZH-RSJ", "镇海区就业创业扶持政策实施细则", "15"), ("ZH-ZJJ", "镇海区住宅物业管理办法", "10"),
    ("ZH-GTFJ", "镇海区农村村民建房用地管理办法", "05"), ("ZH-CZJ", "镇海区财政专项资金管理办法", "04"),
    ("ZH-SCJG", "镇海区小餐饮店规范管理办法", "09"), ("ZH-HBJ", "镇海区企业环境信用评价管理办法", "10"),
    ("ZH-WSJ", "镇海区计划生育家庭特别扶助实施办法", "14"), ("ZH-KJJ", "镇海区科技创新券管理办法", "11"),
    ("ZH-NLJ", "镇海区农业产业化扶持资金管理办法", "06"),
)
NORMATIVE_NOW = (
    ("ZH", "镇海区促进民营经济高质量发展若干政策", "03"), ("ZH", "镇海区人才安居实施办法", "15"),
    ("ZH", "镇海区城乡居民最低生活保障实施办法", "17"), ("ZH-ZFB", "镇海区政府投资项目管理办法", "03"),
    ("ZH-ZFB", "镇海区行政规范性文件管理办法", "02"), ("ZH-ZFB", "镇海区婴幼儿照护服务补助办法", "14"),
    ("ZH-RSJ", "镇海区促进就业创业若干政策", "15"), ("ZH-MZJ", "镇海区养老服务补贴管理办法", "17"),
    ("ZH-CGJ", "镇海区生活垃圾分类管理办法", "10"), ("ZH-KJJ", "镇海区科技创新券管理办法", "11"),
    ("ZH-WSJ", "镇海区困难群众医疗救助办法", "13"), ("ZH-ZJJ", "镇海区住宅小区物业管理办法", "10"),
)
# The complete recent year (2025, :mod:`gongkai.demo.annual2025`): the 行政规范性文件 issued in it, the ones
# of 2020 whose five years ran out in it, and the ones of 2021 its new texts replaced (old name → new name).
NORMATIVE_2025 = (
    ("ZH", "镇海区推进新型工业化高质量发展若干政策", "07"), ("ZH", "镇海区城市更新实施办法", "10"),
    ("ZH-ZFB", "镇海区公共数据管理办法", "02"), ("ZH-ZFB", "镇海区重大行政决策事项目录管理办法", "02"),
    ("ZH-RSJ", "镇海区高技能人才培养补助实施细则", "15"), ("ZH-MZJ", "镇海区临时救助实施办法", "17"),
    ("ZH-ZJJ", "镇海区既有住宅加装电梯实施办法", "10"), ("ZH-JYJ", "镇海区普惠性民办幼儿园扶持办法", "11"),
    ("ZH-NLJ", "镇海区农业产业高质量发展扶持办法", "06"), ("ZH-KJJ", "镇海区科技企业孵化器认定管理办法", "11"),
    ("ZH-SCJG", "镇海区小餐饮登记管理实施办法", "09"),
)
NORMATIVE_EXPIRED_2025 = (  # written in 2020, in force for five years
    ("ZH-SWJ", "镇海区促进外贸稳增长若干意见", "08"), ("ZH-RSJ", "镇海区援企稳岗补贴实施细则", "15"),
    ("ZH-JTJ", "镇海区城市公共交通运营补贴管理办法", "07"),
)
NORMATIVE_REPLACED_2025 = {  # written in 2021, repealed when the new text took effect in 2025
    ("ZH-ZJJ", "镇海区既有住宅加装电梯实施意见（试行）", "10"): "镇海区既有住宅加装电梯实施办法",
    ("ZH-MZJ", "镇海区临时救助实施细则", "17"): "镇海区临时救助实施办法",
}
NOT_DISCLOSED_REASONS = (
    "该文件涉及国家秘密，依据《中华人民共和国政府信息公开条例》第十四条的规定不予公开。",
    "该文件属于机关内部管理事项，不对外部产生约束力，依据有关规定不予公开。",
    "该文件涉及商业秘密和第三方合法权益，依据《中华人民共和国政府信息公开条例》第十四条的规定不予公开。",
)


def _doc_word(name: str) -> str:
    for suffix in ("细则", "规定", "办法", "意见", "政策"):
        if name.endswith(suffix):
            return {"政策": "政策", "意见": "意见"}.get(suffix, suffix)
    return "办法"


def normative(ctx: Ctx, name: str, topic: str) -> Draft:
    """A 行政规范性文件: the issuing notice (or an opinion) with the rules' articles."""
    rng = ctx.rng
    word = _doc_word(name)
    subject = name.removeprefix("镇海区").removeprefix("关于")
    effective = ctx.written + dt.timedelta(days=30)
    if word == "意见":
        body = t.paras(
            addressees(ctx),
            f"为{subject.removesuffix('的若干意见').removesuffix('的意见')}，结合我区实际，提出如下意见：",
            "一、明确目标。" + t.fill(rng, "到{y}年，形成较为完善的政策体系和工作机制", y=ctx.year + 3) + "。",
            "二、主要措施。" + "；".join(x.removeprefix("要") for x in rng.sample(t.REQUIREMENTS, 3)) + "。",
            f"三、本意见自{t.cn_date(effective)}起施行，有效期5年。",
        ) + t.signature(org_name(ctx.spec), ctx.written)
        return Draft(name, body, ctx.doc(), topic=topic, genre="opinion")
    articles = [
        f"第一条 为了规范{subject.removesuffix(word).removesuffix('实施').removesuffix('管理')}工作，保障公民、法人和"
        f"其他组织的合法权益，根据有关法律、法规和规章的规定，结合本区实际，制定本{word}。",
        f"第二条 本{word}适用于本区行政区域内的相关管理和服务活动。",
        "第三条 区有关部门按照各自职责做好相关工作；各街道办事处、镇人民政府负责辖区内的组织实施。",
        "第四条 " + rng.choice(t.REQUIREMENTS).removeprefix("要") + "。",
        "第五条 相关工作人员玩忽职守、滥用职权、徇私舞弊的，依法给予处分；构成犯罪的，依法追究刑事责任。",
        f"第六条 本{word}自{t.cn_date(effective)}起施行，有效期5年。",
    ]
    body = t.paras(addressees(ctx), f"《{name}》已经{'区政府第' + str(rng.randint(20, 60)) + '次常务会议审议通过' if ctx.spec.code == ROOT else '研究同意'}，"
                   "现印发给你们，请认真贯彻执行。", f"<strong>{name}</strong>", *articles) + \
        t.signature(org_name(ctx.spec), ctx.written)
    return Draft(f"关于印发《{name}》的通知", body, ctx.doc(), topic=topic)


def interpretation(ctx: Ctx, name: str, policy_title: str, doc_number: str) -> Draft:
    rng = ctx.rng
    body = t.paras(
        f"一、制定背景。为贯彻落实上级有关决策部署，进一步做好相关工作，{ctx.spec.short}在深入调研、广泛征求意见的"
        f"基础上，起草了《{name}》（{doc_number}），经合法性审查和集体讨论后印发实施。",
        "二、主要内容。文件共分总则、职责分工、具体措施、监督管理和附则等部分，明确了适用范围、工作要求和保障措施。",
        "三、主要变化。与原有政策相比，进一步简化了办理程序，明确了办理时限，"
        + rng.choice(("提高了补助标准。", "扩大了适用范围。", "强化了部门协同和事中事后监管。")),
        "四、施行时间。文件自印发之日起30日后施行，有效期5年。",
        f"五、解读机关及联系方式：{org_name(ctx.spec)}，联系电话：0574-86{rng.randint(200000, 299999)}。",
    )
    return Draft(f"《{name}》政策解读", body, topic=None, genre="other")


def normative_name(title: str) -> str:
    """The document's own name inside 关于印发《…》的通知."""
    return title[title.index("《") + 1:title.rindex("》")] if "《" in title else title
