"""Kinds of government information and how to write one: the templates the demo register is made of.

A :class:`Kind` says which 体裁, 公开类别 and 主题分类 an item gets and how often a unit issues it; its
``build`` writes the title and body for one item from a :class:`Ctx` (the unit, the dates, a seeded
random generator and the unit's running 文号 counters). This module holds the kinds every unit issues;
:mod:`gongkai.demo.sectors` and :mod:`gongkai.demo.monitoring` hold the sector-specific ones.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from gongkai.disclosures.taxonomy import Category

from . import texts as t
from .people import mask_name, person_name
from .units import ROOT, UnitSpec


@dataclass
class Draft:
    title: str
    body: str
    doc_number: str = ""
    topic: str | None = None  # overrides the kind's / unit's topic
    category: str | None = None  # overrides the kind's category
    genre: str | None = None  # overrides the kind's genre


@dataclass
class Ctx:
    rng: random.Random
    spec: UnitSpec
    written: dt.date
    published: dt.date
    counters: dict = field(default_factory=dict)  # (prefix, year) -> last number used

    @property
    def year(self) -> int:
        return self.written.year

    def number(self, prefix: str) -> int:
        """The next number of a series (文号, 处罚决定书…), with the gaps real series have."""
        key = (prefix, self.year)
        self.counters[key] = self.counters.get(key, 0) + self.rng.choice((1, 1, 1, 2, 3))
        return self.counters[key]

    def doc(self, prefix: str | None = None) -> str:
        prefix = prefix or self.spec.abbr
        return f"{prefix}〔{self.year}〕{self.number(prefix)}号"

    def matter(self) -> str:
        return self.rng.choice(self.spec.matters)

    def town(self) -> str:
        return self.spec.short if self.spec.is_town else self.rng.choice(t.TOWN_NAMES)

    def village(self, town: str | None = None) -> str:
        return self.rng.choice(t.VILLAGES[town or self.town()])

    def head(self, code: str | None = None) -> str:
        """The name of the unit's head (stable for the unit and the era)."""
        era = "2014" if self.year < 2018 else "now"
        return person_name(random.Random(f"head:{code or self.spec.code}:{era}"))  # noqa: S311

    def leader(self) -> str:
        """The head with their title, as running text names them: 区发改局局长王建明, 区长陈明."""
        title = self.spec.head if self.spec.code == ROOT else self.spec.short + self.spec.head
        return title + self.head()

    def person(self) -> str:
        return person_name(self.rng)

    def fill(self, template: str, **slots) -> str:
        slots.setdefault("period", t.period_for(self.rng, self.written))
        return t.fill(self.rng, template, short=self.spec.short, matter=slots.pop("matter", self.matter()),
                      year=self.year, **slots)

    def audience(self) -> str:
        if self.spec.is_town:
            return self.rng.choice(("各村（社区）党组织书记", "各办（中心、站、所）负责人", "机关全体干部"))
        if self.spec.code in (ROOT, "ZH-ZFB"):
            return self.rng.choice(("区政府各部门分管领导", "各街道（镇）分管领导", "区级有关部门主要负责人"))
        return self.rng.choice(("各科室负责人", "局属各单位主要负责人", "各街道（镇）分管领导", "机关全体干部"))


@dataclass(frozen=True)
class Kind:
    key: str
    genre: str
    category: str  # "" for information outside the statutory categories (工作动态)
    weight: float
    build: Callable[[Ctx], Draft]
    topic: str | None = None  # None: the unit's usual topic


def org_name(spec: UnitSpec) -> str:
    return spec.name if spec.name.startswith(("宁波", "镇海")) else "镇海区" + spec.name


# --- 工作动态 ---------------------------------------------------------------------------------------

def _meeting(ctx: Ctx, slots: dict) -> tuple[str, list[str]]:
    rng = ctx.rng
    title = ctx.fill(rng.choice(("{short}召开{year}年{matter}工作会议", "{short}召开{theme}专题会议",
                                 "{short}部署{theme}工作", "{short}召开{matter}工作推进会")), **slots)
    return title, [
        f"{t.cn_date(ctx.written)}，{ctx.spec.short}召开{slots['matter']}工作会议，"
        f"{ctx.leader()}出席会议并讲话，{ctx.audience()}参加会议。",
        "会议" + ctx.fill(rng.choice(t.MEETING_REVIEWS), **slots) + "。" + ctx.fill(rng.choice(t.RESULTS), **slots) + "。",
        "会议强调，" + "；".join(t.pick(rng, t.REQUIREMENTS, rng.randint(2, 3))) + "。",
        ctx.fill(rng.choice(t.CLOSINGS), **slots),
    ]


def _inspection(ctx: Ctx, slots: dict) -> tuple[str, list[str]]:
    rng = ctx.rng
    town = slots["town"]
    village = ctx.village(town)
    title = ctx.fill(rng.choice(("{short}主要负责人带队督查{matter}工作", "{short}深入{town}调研{matter}工作",
                                 "{short}负责人到{town}检查{matter}工作")), **slots)
    return title, [
        f"{t.cn_date(ctx.written)}，{ctx.leader()}带队深入{town}{village}，实地检查{slots['matter']}工作推进情况。",
        f"检查组一行先后察看了{village}及周边{rng.randint(2, 6)}个点位，详细听取了{town}有关情况汇报，"
        "并与基层干部群众进行了座谈交流。",
        f"{ctx.head()}指出，{town}在{slots['matter']}工作中思路清晰、措施有力，取得了明显成效，"
        f"并要求，{rng.choice(t.REQUIREMENTS).removeprefix('各单位')}；{rng.choice(t.REQUIREMENTS)}。",
        f"{ctx.audience()}陪同检查。",
    ]


def _activity(ctx: Ctx, slots: dict) -> tuple[str, list[str]]:
    rng = ctx.rng
    activity = slots["activity"]
    title = ctx.fill(rng.choice(("{short}开展{matter}{activity}", "{short}组织开展{matter}{activity}",
                                 "{town}举办{matter}{activity}")), **slots)
    return title, [
        f"为进一步提高{slots['matter']}工作水平，{t.cn_date(ctx.written)}，{ctx.spec.short}在{slots['town']}"
        f"组织开展{slots['matter']}{activity}。",
        f"活动中，工作人员通过设置咨询台、发放宣传资料、现场讲解等方式，向群众宣传有关政策法规，"
        f"共发放宣传资料{rng.randint(2, 30) * 100}余份，解答群众咨询{rng.randint(30, 400)}人次。",
        f"此次{activity}参与人员共计{rng.randint(40, 600)}人，" + rng.choice(t.CLOSINGS).format(
            short=ctx.spec.short, matter=slots["matter"]),
    ]


def _progress(ctx: Ctx, slots: dict) -> tuple[str, list[str]]:
    rng = ctx.rng
    title = ctx.fill(rng.choice(("{short}{period}{matter}工作取得阶段性成效", "{town}{matter}工作见实效",
                                 "{short}扎实推进{theme}")), **slots)
    ways = t.pick(rng, ("强化组织领导，成立工作专班，实行周例会、月通报制度", "突出问题导向，逐项梳理任务清单",
                        "加强部门联动，形成齐抓共管的工作格局", "创新工作方法，推行“网格化”管理",
                        "加大宣传力度，营造全社会共同参与的良好氛围", "严格督查考核，确保各项措施落到实处"), 3)
    return title, [
        ctx.fill(f"{{period}}，{{short}}紧紧围绕{slots['theme']}，扎实推进{slots['matter']}工作，"
                 + rng.choice(t.RESULTS) + "。", **slots),
        f"主要做法：一是{ways[0]}；二是{ways[1]}；三是{ways[2]}。",
        ctx.fill(rng.choice(t.CLOSINGS), **slots),
    ]


def news(ctx: Ctx) -> Draft:
    rng = ctx.rng
    slots = {"theme": t.theme(rng, ctx.year), "activity": rng.choice(t.ACTIVITIES), "town": ctx.town(),
             "matter": ctx.matter(), "period": t.period_for(rng, ctx.written)}
    title, body = rng.choices((_meeting, _inspection, _activity, _progress), weights=(4, 2, 3, 2))[0](ctx, slots)
    return Draft(title, t.paras(*body))


# --- 通知、通报 -------------------------------------------------------------------------------------

NOTICE_TITLES = (
    "关于做好{year}年{matter}工作的通知",
    "关于开展{year}年{matter}{activity}的通知",
    "关于进一步加强{matter}工作的通知",
    "关于做好{theme}有关工作的通知",
)
GOALS = (
    "到{year}年底，{matter}工作机制进一步健全，重点任务全面完成，群众满意度明显提升",
    "通过集中整治和规范管理，{matter}领域突出问题得到有效解决，长效管理机制基本建立",
    "全面完成上级下达的{matter}年度目标任务，主要指标保持全市前列",
)
TASKS = (
    "全面梳理{matter}工作中的薄弱环节，建立问题清单、责任清单和整改清单",
    "结合实际制定具体实施方案，明确时间节点和责任分工",
    "加强业务培训和指导，提升基层工作人员业务能力",
    "按照属地管理原则，各街道（镇）负责辖区内{matter}工作的组织实施",
    "推动{matter}工作常态化、制度化，健全日常巡查和定期报告制度",
    "强化信息化支撑，依托政务服务网实现相关事项网上办理、数据共享",
)


def addressees(ctx: Ctx) -> str:
    if ctx.spec.code in (ROOT, "ZH-ZFB"):
        return t.ADDRESSEES_GOV
    if ctx.spec.is_town:
        return "各村（社区），各办（中心、站、所）："
    return "各街道（镇）有关科室，区级各有关单位："


def work_notice(ctx: Ctx) -> Draft:
    rng = ctx.rng
    slots = {"theme": t.theme(rng, ctx.year), "activity": rng.choice(t.ACTIVITIES), "matter": ctx.matter()}
    title = ctx.fill(rng.choice(NOTICE_TITLES), **slots)
    start = ctx.written.month
    steps = (f"（一）动员部署阶段（{start}月底前）：制定实施方案，召开动员会议，做好宣传发动。"
             f"（二）组织实施阶段（{min(start + 1, 12)}月至{min(start + 4, 12)}月）：对照任务分工，全面推进各项工作。"
             f"（三）总结验收阶段（{min(start + 5, 12)}月）：开展检查验收，总结经验做法，形成书面报告。")
    body = [
        addressees(ctx), ctx.fill(rng.choice(t.OPENINGS), **slots) + "现将有关事项通知如下：",
        "<strong>一、工作目标</strong>", ctx.fill(rng.choice(GOALS), **slots) + "。",
        "<strong>二、主要任务</strong>", "；".join(ctx.fill(x, **slots) for x in t.pick(rng, TASKS, 3)) + "。",
    ]
    if rng.random() < 0.6:
        body += ["<strong>三、工作步骤</strong>", steps]
    body += [f"<strong>{'四' if len(body) > 6 else '三'}、工作要求</strong>",
             "；".join(t.pick(rng, t.REQUIREMENTS, 2)) + "。", "特此通知。"]
    return Draft(title, t.paras(*body) + t.signature(org_name(ctx.spec), ctx.written), ctx.doc())


def plan_notice(ctx: Ctx) -> Draft:
    rng = ctx.rng
    matter = ctx.matter()
    kind = rng.choice(("工作要点", "实施方案", "工作计划", "行动方案"))
    plan = f"镇海区{ctx.year}年{matter}{kind}"
    tasks = t.pick(rng, t.REQUIREMENTS, 3)
    body = [
        addressees(ctx),
        f"现将《{plan}》印发给你们，请结合实际，认真贯彻执行。",
        f"<strong>{plan}</strong>",
        ctx.fill(rng.choice(t.OPENINGS), matter=matter) + f"制定本{kind}。",
        f"一、总体要求。以{t.theme(rng, ctx.year)}为统领，紧紧围绕区委、区政府中心工作，全面提升{matter}工作水平。",
        f"二、重点任务。{tasks[0]}；{tasks[1]}。",
        f"三、保障措施。{tasks[2]}。",
    ]
    return Draft(f"关于印发《{plan}》的通知", t.paras(*body) + t.signature(org_name(ctx.spec), ctx.written),
                 ctx.doc(), category=Category.A20_03)


def circular(ctx: Ctx) -> Draft:
    rng = ctx.rng
    matter = ctx.matter()
    quarter = (ctx.written.month - 1) // 3
    period = (f"{ctx.year - 1}年度", "一季度", "上半年", "前三季度")[quarter]
    body = [
        addressees(ctx),
        ctx.fill(f"{period}，各单位按照{{upper}}部署，扎实推进{matter}工作，" + rng.choice(t.RESULTS) + "。",
                 matter=matter),
        "从检查情况看，仍存在个别单位重视程度不够、工作进度不平衡、台账资料不规范等问题。",
        "下一步，" + "；".join(t.pick(rng, t.REQUIREMENTS, 2)) + "。",
        "特此通报。",
    ]
    return Draft(f"关于{period}{matter}工作情况的通报",
                 t.paras(*body) + t.signature(org_name(ctx.spec), ctx.written), ctx.doc())


# --- 采购、招聘、建议提案 ----------------------------------------------------------------------------

def procurement(ctx: Ctx) -> Draft:
    rng = ctx.rng
    item = rng.choice(t.PURCHASES)
    method = rng.choice(("公开招标", "竞争性谈判", "询价", "竞争性磋商"))
    winner = t.firm(rng)
    amount = t.money(rng, 8, 600)
    number = f"ZHCG{ctx.year}-{ctx.number('ZHCG'):04d}"
    experts = "、".join(ctx.person() for _ in range(rng.choice((3, 5))))
    body = t.paras(
        f"{org_name(ctx.spec)}{item}采购项目（项目编号：{number}）采用{method}方式组织采购，"
        f"于{t.cn_date(ctx.written)}在镇海区公共资源交易中心开标、评审，现将采购结果公告如下：",
        f"一、采购项目名称：{item}；采购预算：{float(amount) * rng.uniform(1.0, 1.15):.2f}万元。",
        f"二、中标（成交）供应商：{winner}；中标（成交）金额：{amount}万元。",
        f"三、评审委员会成员：{experts}。",
        "四、本公告期限为1个工作日。各有关当事人对中标（成交）结果有异议的，可以自本公告期限届满之日起7个"
        "工作日内，以书面形式向采购人或者采购代理机构提出质疑。",
        f"采购人联系电话：0574-86{rng.randint(200000, 299999)}；监督电话：0574-86{rng.randint(200000, 299999)}。",
    )
    return Draft(f"{org_name(ctx.spec)}{item}采购项目中标结果公告", body)


def recruitment(ctx: Ctx) -> Draft:
    rng = ctx.rng
    teacher = ctx.spec.code == "ZH-JYJ" and rng.random() < 0.6
    what = "中小学（幼儿园）教师" if teacher else "编外工作人员"
    posts = ([("语文教师", 6), ("数学教师", 5), ("英语教师", 3), ("幼儿教师", 8)] if teacher
             else [("综合文秘", 1), ("窗口服务", rng.randint(1, 4)), ("执法辅助", rng.randint(1, 6))])
    rows = [(p, n, rng.choice(("全日制大专及以上", "全日制本科及以上")), "35周岁以下") for p, n in posts]
    body = t.paras(
        f"因工作需要，经研究决定，{org_name(ctx.spec)}面向社会公开招聘{what}，现将有关事项公告如下：",
        "一、招聘岗位及人数",
    ) + t.table(("岗位", "人数", "学历要求", "年龄要求"), rows) + t.paras(
        "二、报名条件：遵守中华人民共和国宪法和法律，具有良好的品行和职业道德；身体健康，具备岗位所需的专业或技能条件。",
        f"三、报名时间和方式：{t.cn_date(ctx.published + dt.timedelta(days=3))}至"
        f"{t.cn_date(ctx.published + dt.timedelta(days=9))}，报名人员携带本人有效身份证件、学历证书原件及复印件到"
        f"{ctx.spec.short}现场报名。",
        "四、考试：采取笔试和面试相结合的方式，总成绩按笔试成绩占50%、面试成绩占50%计算。",
        "五、体检和考察：根据总成绩从高分到低分等额确定体检、考察对象，合格者确定为拟聘用人员并公示7天。",
    )
    return Draft(f"{org_name(ctx.spec)}{ctx.year}年公开招聘{what}公告", body,
                 category=Category.A20_14, topic="15")


def recruitment_result(ctx: Ctx) -> Draft:
    rng = ctx.rng
    rows = [(i, mask_name(ctx.person()), rng.choice("男女"),
             rng.choice(("综合文秘", "窗口服务", "执法辅助")), f"{rng.randint(7200, 8900) / 100:.2f}")
            for i in range(1, rng.randint(3, 7))]
    body = t.paras(
        f"根据{org_name(ctx.spec)}{ctx.year}年公开招聘编外工作人员公告，经笔试、面试、体检和考察，"
        "现将拟聘用人员名单公示如下：",
    ) + t.table(("序号", "姓名", "性别", "岗位", "总成绩"), rows) + t.paras(
        "公示期为7天。公示期间如有异议，请以书面形式实名反映，并提供必要的联系方式和相关材料。",
        f"监督电话：0574-86{rng.randint(200000, 299999)}。",
    )
    return Draft(f"{org_name(ctx.spec)}{ctx.year}年公开招聘编外工作人员拟聘用人员名单公示", body,
                 category=Category.A20_14, topic="15")


def proposal_reply(ctx: Ctx) -> Draft:
    rng = ctx.rng
    matter = ctx.matter()
    proposal = rng.random() < 0.5
    n = ctx.number("建议提案")
    source = (f"区政协{ctx.year}年会议第{n}号提案" if proposal else f"区人大{ctx.year}年会议第{n}号建议")
    who = f"{ctx.person()}{'委员' if proposal else '代表'}"
    body = t.paras(
        f"{who}：",
        f"您提出的《关于加快推进{matter}的{'提案' if proposal else '建议'}》收悉。经认真研究，现答复如下：",
        ctx.fill(f"近年来，{{short}}高度重视{matter}工作，" + rng.choice(t.RESULTS) + "。", matter=matter),
        "您提出的意见切中要点，对我们改进工作很有帮助。下一步，我们将" + "；".join(
            s.removeprefix("要") for s in t.pick(rng, t.REQUIREMENTS, 2)) + "。",
        "感谢您对我区" + matter + "工作的关心和支持，欢迎继续提出宝贵意见。",
        f"联系单位：{org_name(ctx.spec)}办公室；联系电话：0574-86{rng.randint(200000, 299999)}。",
    ) + t.signature(org_name(ctx.spec), ctx.written)
    prefix = ctx.spec.abbr + ("提" if proposal else "建")
    return Draft(f"关于{source}的答复", body, ctx.doc(prefix), topic="02")


COMMON: tuple[Kind, ...] = (
    Kind("news", "other", "", 46, news),
    Kind("work_notice", "notice", Category.A20_15, 6, work_notice),
    Kind("plan_notice", "notice", Category.A20_03, 2.5, plan_notice),
    Kind("circular", "circular", Category.A20_15, 2, circular),
    Kind("procurement", "announcement", Category.A20_09, 2.5, procurement, topic="04"),
    Kind("recruitment", "announcement", Category.A20_14, 1, recruitment, topic="15"),
    Kind("recruitment_result", "other", Category.A20_14, 0.7, recruitment_result, topic="15"),
    Kind("proposal_reply", "letter", Category.A20_15, 1.5, proposal_reply, topic="02"),
)
