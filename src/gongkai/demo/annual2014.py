"""The information requests, appeals and yearly indicators of 2014, so that the legacy statistics form of
the seed report (``../shared/seed``, annex) comes out of the records (gongkai.reports.legacy2014).

From the seed: 41 requests, 30 online and 11 by letter, all closed in 2014 within the time limit of the
2007 regulations (15 working days), none extended; 7 disclosed, 3 partly disclosed, 1 refused (the table
files it under 法律法规规定的其他情形 → ``withheld.prohibited_by_law``), 8 not this agency's, 22 not
existing — the seed's text gives exactly this split of the 41. The table's 属于已主动公开范围 1 and
告知通过其他途径办理 2 cannot both be true of 41 cases (its answer rows add up to 44): they are the cells
the validator flags and the records do not reproduce. 2 reconsiderations, upheld by 宁波市人民政府; 1
lawsuit, filed directly — the text says the plaintiff withdrew it, the table counts it under 维持…或者驳回
原告诉讼请求, and the record follows the table (with the withdrawal in its note). No fees were charged.

The yearly indicators are known only as district totals (the seed's table), so they are entered on the
government itself (ZH), by the coordinator: responses to public concerns 36, news conferences 2 (both
with the principal leader), online interviews 25 (16 with the principal leader), 50 offices and 50
part-time staff, 52 reading points, 7万元 of dedicated funds (the 83.8万 of the text went into the website
platform, which the form leaves out), 3 meetings, 2 trainings, 180 trainees. Rows the seed leaves empty
stay empty (not entered).
"""

import datetime as dt
import random
from zoneinfo import ZoneInfo

from gongkai.foi.codes import (
    AppealKind,
    AppealResult,
    ApplicantType,
    Channel,
    DeliveryForm,
    DeliveryWay,
    IdType,
    Outcome,
    ReceiptBasis,
    ReplyKind,
    Status,
)
from gongkai.foi.models import Appeal, InfoRequest, RequestEvent
from gongkai.orgs.models import Unit, User
from gongkai.reports.models import YearIndicators
from gongkai.reports.services import indicators_update
from gongkai.workdays import calendar

from . import texts as t
from .people import person_name, username_for
from .samples import mobile, resident_id
from .units import ROOT

YEAR = 2014
TZ = ZoneInfo("Asia/Shanghai")
REPLY_WITHIN = 15  # working days, 2007 regulations Art. 24

# (reply kind, outcome, how many) — the seed's split of the 41 requests
REPLIES = (
    (ReplyKind.DISCLOSE, Outcome.DISCLOSED, 7),
    (ReplyKind.PARTIAL, Outcome.PARTIAL, 3),
    (ReplyKind.WITHHOLD, Outcome.PROHIBITED_BY_LAW, 1),
    (ReplyKind.NOT_THIS_AGENCY, Outcome.NOT_HELD, 8),
    (ReplyKind.NOT_EXIST, Outcome.NOT_HELD, 22),
)
CHANNELS = ((Channel.ONLINE, 30), (Channel.LETTER, 11))
APPLICANTS = ((ApplicantType.NATURAL_PERSON, 37), (ApplicantType.BUSINESS, 3), (ApplicantType.LEGAL, 1))

# Which unit handled how many, and what people asked for (the seed: 征地拆迁、经济政策、建设规划、住房保障、劳动就业).
SUBJECTS = {
    ROOT: (5, ("区政府关于{village}集体土地征收的批复文件", "镇海区{year}年度征地补偿标准及其批准文件",
               "区政府常务会议研究{project}的会议纪要")),
    "ZH-ZFB": (2, ("《镇海区政府投资项目管理办法》的起草说明和征求意见情况", "{year}年区政府重点工作目标任务分解表")),
    "ZH-GTFJ": (8, ("{village}集体土地征收的用地批复、征地公告及征地补偿安置方案公告",
                    "{village}土地征收的勘测定界图及地上附着物补偿清单", "{village}农用地转用及征收审批材料")),
    "ZH-ZSB": (8, ("{place}地块国有土地上房屋征收决定及征收补偿方案", "{place}地块被征收房屋的评估报告和评估机构选定情况",
                   "{village}集体土地房屋拆迁补偿安置方案及安置房源情况")),
    "ZH-ZJJ": (5, ("{year}年度公共租赁住房保障对象审核及分配结果", "{project}的施工许可及竣工验收备案情况",
                   "{place}安置房小区的规划设计和交付标准")),
    "ZH-RSJ": (3, ("被征地人员基本生活保障的缴费标准和待遇计发办法", "{year}年度区属事业单位公开招聘的报考和录用情况")),
    "ZH-FGJ": (2, ("{project}的立项批复及可行性研究报告批复", "镇海区{year}年度工业经济扶持政策的兑现情况")),
    "ZH-GHFJ": (3, ("{place}地块控制性详细规划调整的批复和公示材料", "{project}的建设工程规划许可证及附图")),
    "ZH-LT": (3, ("{village}征地拆迁安置房的分配方案及分配结果", "{village}村级集体资产处置及征地款使用情况")),
    "ZH-JC": (2, ("{village}旧村改造的拆迁补偿安置方案", "{village}征地补偿款的发放明细")),
}
NOTES = {
    ReplyKind.DISCLOSE: "经审查，所申请的信息属于公开范围，现将相关文件提供给申请人。",
    ReplyKind.PARTIAL: "所申请的信息中部分内容涉及第三方个人信息，已作区分处理，对可以公开的部分予以公开。",
    ReplyKind.WITHHOLD: "所申请的信息属于法律法规规定不予公开的情形，依据《中华人民共和国政府信息公开条例》第十四条不予公开。",
    ReplyKind.NOT_THIS_AGENCY: "所申请的信息不属于本机关公开职责范围，已告知申请人向有关机关申请。",
    ReplyKind.NOT_EXIST: "经检索，本机关未制作或获取所申请的政府信息，该信息不存在。",
}


def _spread(rng: random.Random, counts) -> list:
    values = [value for value, n in counts for _ in range(n)]
    rng.shuffle(values)
    return values


def _workdays(year: int, first: dt.date, last: dt.date) -> list[dt.date]:
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    return [d for d in days if d.year == year and calendar.is_workday(d)]


def _already_loaded(units: dict[str, Unit]) -> bool:
    return InfoRequest.objects.filter(
        unit__in=units.values(), received_on__year=YEAR).exists() or YearIndicators.objects.filter(
        unit=units[ROOT], year=YEAR).exists()


def load(*, units: dict[str, Unit], users: dict[str, User]) -> tuple[int, int]:
    """Create the 2014 requests, appeals and indicators unless already there. Returns (requests, appeals)."""
    if _already_loaded(units):
        return 0, 0
    rng = random.Random(f"requests:{YEAR}")  # noqa: S311 — demo data
    handlers = [code for code, (n, _) in SUBJECTS.items() for _ in range(n)]
    replies = _spread(rng, [((kind, outcome), n) for kind, outcome, n in REPLIES])
    channels = _spread(rng, CHANNELS)
    applicants = _spread(rng, APPLICANTS)
    days = sorted(rng.sample(_workdays(YEAR, dt.date(YEAR, 1, 6), dt.date(YEAR, 11, 28)), len(handlers)))
    rng.shuffle(handlers)
    requests = []
    serial: dict[str, int] = {}
    for received, code, (kind, outcome), channel, applicant in zip(days, handlers, replies, channels, applicants,
                                                                   strict=True):
        serial[code] = serial.get(code, 0) + 1
        requests.append(_request(rng, units[code], users[username_for(code, "operator")], serial[code], received,
                                 kind, outcome, channel, applicant))
    InfoRequest.objects.bulk_create(requests)
    appeals = _appeals(rng, requests, users)
    _events(requests, users)
    indicators_update(unit=units[ROOT], year=YEAR, actor=users["zfb"], values={
        "concern_responses": 36, "press_conferences": 2, "press_conferences_principal": 2,
        "online_interviews": 25, "online_interviews_principal": 16, "dedicated_offices": 50,
        "reading_points": 52, "staff_part_time": 50, "dedicated_funds_10k_yuan": 7, "meetings": 3,
        "trainings": 2, "trainees": 180,
    })
    return len(requests), len(appeals)


def _request(rng, unit: Unit, operator: User, n: int, received: dt.date, kind, outcome, channel, applicant):
    _, subjects = SUBJECTS[unit.code]
    town = rng.choice(t.TOWN_NAMES)
    subject = rng.choice(subjects).format(
        village=town + rng.choice(t.VILLAGES[town]), place=rng.choice(t.PROJECT_PLACES), project=t.project(rng),
        year=YEAR if rng.random() < 0.7 else YEAR - 1)
    replied = calendar.add_workdays(received, rng.randint(4, REPLY_WITHIN))
    letter = channel == Channel.LETTER
    if applicant == ApplicantType.NATURAL_PERSON:
        name, id_type, id_number, contact = person_name(rng), IdType.RESIDENT_ID, resident_id(rng), ""
    else:
        name = t.firm(rng) if applicant == ApplicantType.BUSINESS else f"浙江{rng.choice(t.FIRM_WORDS)}律师事务所"
        id_type, id_number, contact = IdType.OTHER, t.firm_code(rng, YEAR)[1], person_name(rng)
    item = InfoRequest(
        number=f"{YEAR}-{unit.code}-{n:03d}", unit=unit, original_unit=unit, handler=operator,
        channel=channel, received_on=received,
        receipt_basis=ReceiptBasis.SIGNED_FOR if letter else ReceiptBasis.BOTH_CONFIRMED,
        receipt_note="挂号信签收" if letter else "",
        applicant_type=applicant, applicant_name=name, contact_name=contact, id_type=id_type, id_number=id_number,
        phone=mobile(rng), address=f"宁波市镇海区{town}{rng.choice(t.ROADS[town])}{rng.randint(1, 300)}号",
        postcode="315200", description=f"申请公开{subject}。",
        delivery_form=DeliveryForm.PAPER if letter else DeliveryForm.ELECTRONIC,
        delivery_way=DeliveryWay.POST if letter else DeliveryWay.EMAIL,
        status=Status.CLOSED, due_date=calendar.add_workdays(received, REPLY_WITHIN),
        reply_kind=kind, outcome=outcome, reply_note=NOTES[kind], replied_on=replied, on_time=True,
        delivered_on=replied + dt.timedelta(days=2 if letter else 0),
        delivered_way=DeliveryWay.POST if letter else DeliveryWay.EMAIL,
        created_by=operator,
    )
    item.query_code_digest = InfoRequest.digest_of(f"{rng.getrandbits(40):010X}")
    item.closed_on = item.delivered_on
    return item


def _appeals(rng: random.Random, requests: list[InfoRequest], users: dict[str, User]) -> list[Appeal]:
    """Two reconsiderations (the refusal and a "does not exist"), one lawsuit about a 征收 case."""
    early = [r for r in requests if r.closed_on <= dt.date(YEAR, 8, 31)]
    refused = next(r for r in requests if r.reply_kind == ReplyKind.WITHHOLD)
    missing = next(r for r in early if r.reply_kind == ReplyKind.NOT_EXIST and r is not refused)
    expropriation = next(r for r in early if r.unit.code == "ZH-ZSB" and r is not missing)
    filed = [(refused, AppealKind.RECONSIDERATION), (missing, AppealKind.RECONSIDERATION),
             (expropriation, AppealKind.LITIGATION)]
    appeals = []
    for request, kind in filed:
        start = min(request.closed_on + dt.timedelta(days=rng.randint(15, 40)), dt.date(YEAR, 10, 31))
        litigation = kind == AppealKind.LITIGATION
        appeals.append(Appeal(
            request=request, kind=kind, filed_on=start,
            body="宁波市镇海区人民法院" if litigation else "宁波市人民政府",
            case_number=(f"（{YEAR}）甬镇行初字第{rng.randint(10, 60)}号" if litigation
                         else f"甬政复〔{YEAR}〕{rng.randint(20, 180)}号"),
            result=AppealResult.UPHELD, decided_on=min(start + dt.timedelta(days=rng.randint(35, 55)),
                                                       dt.date(YEAR, 12, 26)),
            note=("原告撤回起诉，法院裁定准许撤诉；当年统计表按“维持具体行政行为或者驳回原告诉讼请求”填报。"
                  if litigation else "复议机关决定维持原答复。"),
            created_by=users[username_for(request.unit.code, "operator")],
        ))
    return Appeal.objects.bulk_create(appeals)


def _events(requests: list[InfoRequest], users: dict[str, User]) -> None:
    """A registration and a closing event per case, dated as they happened."""
    rows = []
    for r in requests:
        operator = users[username_for(r.unit.code, "operator")]
        rows += [RequestEvent(request=r, actor=operator, action="register", data={"source": "demo"}),
                 RequestEvent(request=r, actor=operator, action="close",
                              data={"source": "demo", "reply_kind": r.reply_kind, "outcome": r.outcome})]
    RequestEvent.objects.bulk_create(rows)
    for r in requests:
        received = dt.datetime.combine(r.received_on, dt.time(9), tzinfo=TZ)
        closed = dt.datetime.combine(r.closed_on, dt.time(16), tzinfo=TZ)
        InfoRequest.objects.filter(pk=r.pk).update(created_at=received, updated_at=closed)
        RequestEvent.objects.filter(request=r, action="register").update(at=received)
        RequestEvent.objects.filter(request=r, action="close").update(at=closed)
