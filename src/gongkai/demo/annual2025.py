"""The complete recent year, 2025: information requests, appeals and yearly indicators written as records,
so that the 2025 annual report of 宁波市镇海区人民政府 in the 2021 format (rolled up over its office,
departments, streets and towns) has every cell of table 三's results and of table 四 filled in, and table
二 its decision counts and fees. (The register's 2025 行政规范性文件 come from :mod:`gongkai.demo.generate`.)

The requests, about two hundred:
  * one per outcome code of RULES.md §2 and applicant type, at the offices and departments (the towns and
    streets are rolled up only when the government says so: without them the table is still full), more of
    the common answers (予以公开, 信息不存在), and the towns' and streets' own, mostly about 征地拆迁;
  * each answered with the reply kind its outcome belongs to, within the time limit of Art. 33 as the legal
    clock (:mod:`gongkai.foi.clock`) computes it — with 补正 (sent within 7 working days, the clock restarting
    on the supplement), 征求第三方意见 (a third party's objection behind the 第三方合法权益 refusals),
    征求其他机关意见, 延期答复 approved by the approver, and the 信息处理费 (paid, or unpaid and abandoned);
    three replies came late, and reconsideration or a court said so (确认违法: 结果纠正);
  * withheld parts with their reasons and articles in ``withheld_parts``;
  * six received in December 2024 and answered in January 2025 (二、上年结转), seven received in December
    2025 and answered in January 2026 (四、结转下年度), and one answered on 30 December 2025 and signed for by
    post on 5 January 2026: it counts in 2025, the year of its reply.
Appeals filed in 2025, against replies that allowed them: reconsideration (结果维持, 纠正, 其他 — the applicant
withdrew —, and one still undecided at the year end), litigation filed directly (only against answers that
are not refusals: since 2024 a refusal goes to reconsideration first, 行政复议法 2023 Art. 23) and after
reconsideration, each with every result. The reconsideration body and the court are the unit's own
(:func:`gongkai.demo.units.remedies_for`). The indicators no record holds — 行政许可, 行政处罚 and
行政强制 decisions and 行政事业性收费 — are entered by the coordinator for the units that decide them.

No letters are generated for these historical cases (as for 2014). Everything dated 2026 is before
:data:`READY`, so the set is loaded only from that day on.
"""

import contextlib
import datetime as dt
import functools
import random
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from gongkai.core.counters import counter_advance
from gongkai.core.identifiers import credit_code_check_char
from gongkai.foi import clock, legal
from gongkai.foi.codes import (
    AppealKind,
    AppealResult,
    ApplicantType,
    Channel,
    DeliveryWay,
    IdType,
    NoticeWay,
    Outcome,
    PauseKind,
    ReceiptBasis,
    ReplyKind,
    Status,
)
from gongkai.foi.fees import quote
from gongkai.foi.models import Appeal, InfoRequest, RequestEvent, RequestPause
from gongkai.orgs.models import Unit, User
from gongkai.reports.models import YearIndicators
from gongkai.reports.services import indicators_update
from gongkai.workdays import calendar

from . import texts as t
from .answers2025 import (
    ALREADY_PUBLIC_NOTE,
    ANSWERS,
    BASIS,
    CHANNELS,
    DELIVERY,
    NOT_THIS_AGENCY_NOTE,
    ORG_NAMES,
    PARTIAL_PART,
    TOWN_SUBJECTS,
)
from .people import person_name, username_for
from .samples import mobile, resident_id
from .units import BY_CODE, ROOT, remedies_for

YEAR = 2025
READY = dt.date(YEAR + 1, 6, 1)  # the last record (an appeal decided in May 2026) is before this day
TZ = ZoneInfo("Asia/Shanghai")
Oc, K, A = Outcome, ReplyKind, ApplicantType
ACT = "《中华人民共和国政府信息公开条例》"


def applies(today: dt.date) -> bool:
    return today >= READY


# --- the cases -------------------------------------------------------------------------------------------

@dataclass
class Case:
    unit: str
    applicant: str
    outcome: str
    window: tuple[dt.date, dt.date]  # received on a working day in it
    late: bool = False  # replied after the due date (the appeal says so)
    reply_in: tuple[dt.date, dt.date] | None = None  # when the reply must fall (carry-overs, 30 December)
    channel: str = ""
    features: set[str] = field(default_factory=set)  # extension, third_party, agency, fee, clarify
    appeals: tuple = ()  # (kind, after_reconsideration, result, note) in filing order
    received: dt.date | None = None
    request: InfoRequest | None = None
    pauses: list[RequestPause] = field(default_factory=list)
    events: list[tuple[str, dt.date, str, dict]] = field(default_factory=list)  # action, day, role, data


def _d(month: int, day: int, year: int = YEAR) -> dt.date:
    return dt.date(year, month, day)


WHOLE_YEAR = (_d(1, 6), _d(11, 14))
R, L = AppealKind.RECONSIDERATION, AppealKind.LITIGATION
UP, COR, OTH, PEND = AppealResult.UPHELD, AppealResult.CORRECTED, AppealResult.OTHER, AppealResult.PENDING

# The requests the appeals are about, each with its appeals (filed in 2025) and how they ended.
APPEALED = (
    Case("ZH", A.NATURAL_PERSON, Oc.PROCESS_INFO, (_d(2, 10), _d(3, 14)), appeals=(
        (R, False, UP, "复议机关认为所申请的会议讨论记录属于过程性信息，被申请人不予公开并无不当，决定维持。"),)),
    Case("ZH-GTFJ", A.NATURAL_PERSON, Oc.NOT_HELD, (_d(2, 5), _d(3, 7)), appeals=(
        (R, False, UP, "复议机关认为被申请人已尽合理检索义务，决定维持。"),)),
    Case("ZH-ZSB", A.LEGAL, Oc.PARTIAL, (_d(3, 3), _d(4, 3)), appeals=(
        (R, False, UP, "复议机关认为区分处理后对个人隐私部分不予公开并无不当，决定维持。"),)),
    Case("ZH-ZJJ", A.BUSINESS, Oc.NOT_HELD, (_d(3, 3), _d(3, 28)), late=True, appeals=(
        (R, False, COR, "答复超过法定期限，复议机关依照《中华人民共和国行政复议法》第六十五条确认该答复行为违法。"),)),
    Case("ZH-SCJG", A.BUSINESS, Oc.THIRD_PARTY, (_d(5, 6), _d(6, 13)), appeals=(
        (R, False, OTH, "申请人撤回行政复议申请，复议机关决定终止行政复议。"),)),
    Case("ZH-AJJ", A.NONPROFIT, Oc.SECURITY_STABILITY, (_d(9, 15), _d(10, 17)), appeals=(
        (R, False, PEND, "复议机关于2026年作出维持决定。"),)),
    Case("ZH-ZFB", A.NATURAL_PERSON, Oc.INTERNAL_AFFAIRS, (_d(1, 13), _d(2, 14)), appeals=(
        (R, False, UP, "复议机关决定维持。"),
        (L, True, UP, "人民法院判决驳回原告的诉讼请求。"))),
    Case("ZH-ZSB", A.NATURAL_PERSON, Oc.NOT_HELD, (_d(1, 6), _d(1, 24)), late=True, appeals=(
        (R, False, OTH, "复议机关认为答复内容并无不当，决定驳回行政复议请求。"),
        (L, True, COR, "人民法院认为被告超过法定期限答复，判决确认被诉答复行为违法。"))),
    Case("ZH-GTFJ", A.LEGAL, Oc.ENFORCEMENT_FILE, (_d(2, 17), _d(3, 21)), appeals=(
        (R, False, UP, "复议机关决定维持。"),
        (L, True, OTH, "原告撤回起诉，人民法院裁定准许撤诉。"))),
    Case("ZH-HBJ", A.NONPROFIT, Oc.PROCESS_INFO, (_d(7, 1), _d(7, 25)), appeals=(
        (R, False, UP, "复议机关决定维持。"),
        (L, True, PEND, "人民法院于2026年判决驳回原告的诉讼请求。"))),
    Case("ZH-ZJJ", A.NATURAL_PERSON, Oc.NOT_HELD, (_d(3, 10), _d(4, 11)), appeals=(
        (L, False, UP, "人民法院认为被告已尽合理检索义务，判决驳回原告的诉讼请求。"),)),
    Case("ZH-FGJ", A.RESEARCH, Oc.NEEDS_CREATION, (_d(4, 1), _d(4, 30)), late=True, appeals=(
        (L, False, COR, "人民法院认为被告超过法定期限答复，判决确认被诉答复行为违法。"),)),
    Case("ZH-ZHZF", A.NATURAL_PERSON, Oc.PETITION, (_d(5, 6), _d(6, 6)), appeals=(
        (L, False, OTH, "人民法院认为信访事项的处理不属于行政诉讼受案范围，裁定驳回起诉。"),)),
    Case("ZH-MZJ", A.NATURAL_PERSON, Oc.NOT_HELD, (_d(9, 1), _d(9, 26)), appeals=(
        (L, False, PEND, "人民法院于2026年判决驳回原告的诉讼请求。"),)),
)
COMMON_EXTRA = ((Oc.DISCLOSED, 16), (Oc.NOT_HELD, 10), (Oc.PARTIAL, 4))
TOWN_OUTCOMES = ((Oc.DISCLOSED, 7), (Oc.NOT_HELD, 5), (Oc.PARTIAL, 3), (Oc.PETITION, 2), (Oc.THIRD_PARTY, 1),
                 (Oc.REPEAT, 1), (Oc.NO_SUPPLEMENT, 1))
TOWNS = ("ZH-LT", "ZH-JC", "ZH-ZS", "ZH-JLH", "ZH-XP", "ZH-ZBS")


def plan(rng: random.Random) -> list[Case]:
    cases = [Case(a.unit, a.applicant, a.outcome, a.window, a.late, appeals=a.appeals) for a in APPEALED]
    for outcome, answer in ANSWERS.items():  # every outcome for every applicant type
        for i, applicant in enumerate(ApplicantType.values):
            cases.append(Case(answer.units[i % len(answer.units)], applicant, outcome, WHOLE_YEAR))
    for outcome, n in COMMON_EXTRA:
        cases += [Case(rng.choice(ANSWERS[outcome].units), A.NATURAL_PERSON if rng.random() < 0.8 else A.BUSINESS,
                       outcome, WHOLE_YEAR) for _ in range(n)]
    for outcome, n in TOWN_OUTCOMES:
        cases += [Case(rng.choice(TOWNS), A.NATURAL_PERSON if rng.random() < 0.85 else A.OTHER_ORG, outcome,
                       WHOLE_YEAR) for _ in range(n)]
    # carried in from December 2024 and out into January 2026, one applicant type each; and the reply of
    # 30 December 2025 that the post delivered on 5 January 2026
    carried_in = (_d(12, 10, YEAR - 1), _d(12, 19, YEAR - 1))
    for applicant, outcome in zip(ApplicantType.values, (Oc.DISCLOSED, Oc.NOT_HELD, Oc.PARTIAL, Oc.DISCLOSED,
                                                         Oc.NOT_HELD, Oc.DISCLOSED), strict=True):
        cases.append(Case(rng.choice(ANSWERS[outcome].units), applicant, outcome, carried_in,
                          reply_in=(_d(1, 2), _d(1, 24))))
    for applicant, outcome in zip((*ApplicantType.values, A.NATURAL_PERSON),
                                  (Oc.DISCLOSED, Oc.NOT_HELD, Oc.DISCLOSED, Oc.PARTIAL, Oc.NOT_HELD, Oc.DISCLOSED,
                                   Oc.NOT_HELD), strict=True):
        cases.append(Case(rng.choice(ANSWERS[outcome].units), applicant, outcome, (_d(12, 10), _d(12, 24)),
                          reply_in=(_d(1, 5, YEAR + 1), _d(1, 30, YEAR + 1))))
    cases.append(Case("ZH-ZJJ", A.NATURAL_PERSON, Oc.DISCLOSED, (_d(12, 3), _d(12, 3)), channel=Channel.LETTER,
                      reply_in=(_d(12, 30), _d(12, 30))))
    _features(rng, cases)
    return cases


def _features(rng: random.Random, cases: list[Case]) -> None:
    """Who needed a 补正, a consultation, an extension or a fee, as the outcomes require and now and then
    besides."""
    for i, case in enumerate(c for c in cases if not c.reply_in and not c.late):
        if case.outcome in (Oc.STILL_UNCLEAR, Oc.NO_SUPPLEMENT):
            case.features.add("clarify")
        elif case.outcome == Oc.THIRD_PARTY or (case.outcome == Oc.PARTIAL and i % 2 == 0):
            case.features.add("third_party")
        elif case.outcome == Oc.FEE_UNPAID:
            case.features.add("fee")
        elif case.outcome == Oc.DISCLOSED:
            extra = ("extension", "agency", "third_party", "clarify", "fee", "", "", "", "", "")[i % 10]
            if extra:
                case.features.add(extra)
        elif case.outcome == Oc.NOT_HELD and i % 5 == 0:
            case.features.add("agency")
    for case in cases:
        if not case.channel:
            case.channel = rng.choices([c for c, _ in CHANNELS], weights=[w for _, w in CHANNELS])[0]


# --- applicants -------------------------------------------------------------------------------------------

def credit_code(rng: random.Random, category: str) -> str:
    body = category + "330211" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    return body + credit_code_check_char(body)


def _applicant(rng: random.Random, applicant: str) -> dict:
    town = rng.choice(t.TOWN_NAMES)
    address = f"宁波市镇海区{town}{rng.choice(t.ROADS[town])}{rng.randint(1, 300)}号"
    if applicant == A.NATURAL_PERSON:
        return {"applicant_name": person_name(rng), "id_type": IdType.RESIDENT_ID, "id_number": resident_id(rng),
                "address": address}
    if applicant == A.BUSINESS:
        name, category = t.firm(rng), "91"
    else:
        pattern, category = ORG_NAMES[applicant]
        name = pattern.format(w=rng.choice(t.FIRM_WORDS), village=rng.choice(t.VILLAGES[town]))
    return {"applicant_name": name, "id_type": IdType.CREDIT_CODE, "id_number": credit_code(rng, category),
            "contact_name": person_name(rng), "address": address}


def _subject(rng: random.Random, case: Case) -> str:
    pool = TOWN_SUBJECTS if case.unit in TOWNS and case.outcome in (Oc.DISCLOSED, Oc.NOT_HELD, Oc.PARTIAL) \
        else ANSWERS[case.outcome].subjects
    town = BY_CODE[case.unit].short if case.unit in TOWNS else rng.choice(t.TOWN_NAMES)
    return rng.choice(pool).format(village=town + rng.choice(t.VILLAGES[town]), place=rng.choice(t.PROJECT_PLACES),
                                   project=t.project(rng), firm=t.firm(rng), year=YEAR - rng.choice((0, 0, 1)))


# --- the timeline of a case (the legal clock decides the due date) ----------------------------------------

@functools.cache
def _workdays(first: dt.date, last: dt.date) -> list[dt.date]:
    days = (first + dt.timedelta(days=i) for i in range((last - first).days + 1))
    return [d for d in days if calendar.is_workday(d)]


def _add(day: dt.date, n: int) -> dt.date:
    return calendar.add_workdays(day, n)


def _clock(request: InfoRequest, pauses: list[RequestPause], today: dt.date) -> clock.ClockResult:
    return clock.compute(clock.ClockInput(
        received_on=request.received_on, clarification_sent_on=request.clarification_sent_on,
        clarification_period_days=request.clarification_period_days or 15,
        supplement_received_on=request.supplement_received_on,
        pauses=tuple(clock.Pause(kind=p.kind, start=p.started_on, end=p.ended_on, label=p.party, sent_by=p.sent_by,
                                 received_on=p.received_on) for p in pauses),
        extension_days=request.extension_days, extension_on=request.extension_on,
        clarification_sent_by=request.clarification_sent_by,
        clarification_received_on=request.clarification_received_on,
    ), today=today)


def _timeline(rng: random.Random, case: Case, item: InfoRequest, approver: User) -> None:
    """Notices, pauses, extension, reply and delivery, in order and within the law's periods."""
    start = item.received_on
    ev = case.events
    ev.append(("register", start, "operator", {"channel": item.channel}))
    if "clarify" in case.features:
        item.clarification_sent_on = _add(start, rng.randint(2, 6))  # within 7 working days (Art. 30)
        item.clarification_items = "请明确所需政府信息的名称、文号或者便于查询的其他特征性描述。"
        item.clarification_period_days = 15
        item.clarification_sent_by = NoticeWay.POST if item.channel == Channel.LETTER else NoticeWay.ONLINE
        if item.clarification_sent_by == NoticeWay.POST:
            item.clarification_received_on = item.clarification_sent_on + dt.timedelta(days=rng.randint(2, 4))
        ev.append(("clarify", item.clarification_sent_on, "operator", {"items": item.clarification_items}))
        if case.outcome != Oc.NO_SUPPLEMENT:
            received = item.clarification_received_on or item.clarification_sent_on
            item.supplement_received_on = _add(received, rng.randint(2, 9))
            start = item.supplement_received_on  # the reply period restarts (Art. 30)
            ev.append(("supplement", start, "operator", {}))
    last_end = start
    for kind in ("third_party", "agency"):
        if kind not in case.features:
            continue
        sent = _add(start, rng.randint(2, 5))
        post = kind == "third_party"
        objection = case.outcome in (Oc.THIRD_PARTY, Oc.PARTIAL)
        pause = RequestPause(
            kind=PauseKind.THIRD_PARTY if post else PauseKind.AGENCY, started_on=sent,
            party=t.firm(rng) if post else "宁波市镇海区人民政府办公室", sent_by=NoticeWay.POST if post else NoticeWay.ONLINE,
            received_on=sent + dt.timedelta(days=rng.randint(2, 3)) if post else None, objection=objection and post,
            answer=("不同意公开，所涉材料含本单位商业秘密。" if objection and post else "同意公开。" if post else "无意见。"))
        pause.ended_on = _add(pause.received_on or sent, rng.randint(4, 12))  # within 15 working days
        case.pauses.append(pause)
        last_end = max(last_end, pause.ended_on)
        ev += [("consult", sent, "operator", {"kind": pause.kind}), ("consult_end", pause.ended_on, "operator", {})]
    if "fee" in case.features:
        pages = rng.randint(60, 240)
        item.fee_method, item.fee_quantity = "per_page", pages
        item.fee_amount = quote("per_page", pages=pages)
        item.fee_notice_on = _add(start, rng.randint(4, 8))
        item.fee_notice_sent_by = NoticeWay.ONLINE
        paid = case.outcome != Oc.FEE_UNPAID
        if paid:
            item.fee_paid_on = _add(item.fee_notice_on, rng.randint(2, 10))
            last_end = max(last_end, item.fee_paid_on)
        case.pauses.append(RequestPause(kind=PauseKind.FEE, started_on=item.fee_notice_on,
                                        sent_by=NoticeWay.ONLINE, ended_on=item.fee_paid_on))
        ev.append(("fee_notice", item.fee_notice_on, "operator", {"amount": str(item.fee_amount)}))
        if paid:
            ev.append(("fee_paid", item.fee_paid_on, "operator", {}))
    if "extension" in case.features:
        item.extension_days, item.extension_on = 20, _add(start, 17)
        item.extension_reason = "所申请的信息涉及多个年度的档案，需调档检索，无法在20个工作日内答复。"
        item.extension_approved_by = approver
        ev.append(("extend", item.extension_on, "approver", {"days": 20}))

    far = dt.date(YEAR + 1, 5, 31)
    result = _clock(item, case.pauses, far)
    if case.outcome == Oc.NO_SUPPLEMENT:
        replied = _add(result.supplement_due, rng.randint(1, 3))
    elif case.outcome == Oc.FEE_UNPAID:
        replied = _add(result.fee_payment_due, rng.randint(1, 3))
    elif case.late:
        replied = _add(result.due_date, rng.randint(2, 6))
    else:
        earliest = _add(last_end, 1 if last_end > start else rng.randint(4, 8))
        if "extension" in case.features:
            earliest = max(earliest, _add(start, 21))
        replied = min(result.due_date, _add(earliest, rng.randint(0, 8)))
        if case.reply_in:
            low, high = case.reply_in
            replied = min(max(replied, low), result.due_date) if low != high else low
    if any(p.ended_on is None for p in case.pauses):  # a replied case's clock stops on its reply date
        result = _clock(item, case.pauses, replied)
    item.due_date, item.due_provisional = result.due_date, result.provisional
    item.clarification_due, item.supplement_due, item.fee_payment_due = (
        result.clarification_due, result.supplement_due, result.fee_payment_due)
    item.replied_on, item.on_time = replied, item.due_date is None or replied <= item.due_date
    way = item.delivery_way
    if way == DeliveryWay.POST:
        delivered = replied + dt.timedelta(days=rng.randint(2, 4) if replied != _d(12, 30) else 6)
    elif way == DeliveryWay.PICKUP:
        delivered = _add(replied, rng.randint(0, 2))
    else:
        delivered = replied
    item.delivered_on, item.delivered_way, item.closed_on = delivered, way, delivered
    item.delivery_note = {DeliveryWay.POST: "EMS 挂号信，申请人签收", DeliveryWay.PICKUP: "申请人到窗口领取并签收",
                          DeliveryWay.EMAIL: "已发送至申请人电子邮箱", DeliveryWay.ONLINE: "申请人已在线下载"}[way]
    item.status = Status.CLOSED
    ev += [("reply", replied, "operator", {"reply_kind": item.reply_kind, "outcome": item.outcome,
                                           "on_time": item.on_time}),
           ("deliver", delivered, "operator", {"way": way})]


# --- writing it -------------------------------------------------------------------------------------------

def _already_loaded(units: dict[str, Unit]) -> bool:
    return InfoRequest.objects.filter(unit__in=units.values(), received_on__year=YEAR).exists() or \
        YearIndicators.objects.filter(year=YEAR, unit__in=units.values()).exists()


def load(*, units: dict[str, Unit], users: dict[str, User], today: dt.date) -> tuple[int, int]:
    """Create the 2025 requests, appeals and indicators unless already there (or too early: :data:`READY`).
    Returns (requests, appeals)."""
    if not applies(today) or _already_loaded(units):
        return 0, 0
    rng = random.Random(f"requests:{YEAR}")  # noqa: S311 — demo data
    cases = plan(rng)
    for case in cases:
        case.received = rng.choice(_workdays(*case.window))
    cases.sort(key=lambda c: (c.received, c.unit))
    serial: dict[int, int] = {YEAR - 1: rng.randint(150, 190), YEAR: 0}
    for case in cases:
        serial[case.received.year] += 1
        case.request = _request(rng, case, units[case.unit], f"YSQ-{case.received.year}-{serial[case.received.year]:06d}",
                                users)
    for case in cases:
        item = case.request
        item.created_at, item.updated_at = _stamp(item.received_on, 9), _stamp(item.closed_on, 16)
    with _dated_as_given(*(InfoRequest._meta.get_field(f) for f in ("created_at", "updated_at"))):
        InfoRequest.objects.bulk_create([c.request for c in cases])
    for year, last in serial.items():
        counter_advance(f"foi-request:{year}", at_least=last)
    pauses = []
    for case in cases:
        for pause in case.pauses:
            pause.request = case.request
            pauses.append(pause)
    RequestPause.objects.bulk_create(pauses)
    appeals = _appeals(rng, cases, users)
    with _dated_as_given(RequestEvent._meta.get_field("at")):
        RequestEvent.objects.bulk_create(_events(cases, users), batch_size=500)
    _indicators(rng, units, users["zfb"])
    return len(cases), len(appeals)


def _request(rng: random.Random, case: Case, unit: Unit, number: str, users: dict[str, User]) -> InfoRequest:
    answer = ANSWERS[case.outcome]
    subject = _subject(rng, case)
    kind, note = answer.kind, answer.note
    if case.outcome == Oc.DISCLOSED and rng.random() < 0.3:
        kind, note = K.ALREADY_PUBLIC, ALREADY_PUBLIC_NOTE
    elif case.outcome == Oc.NOT_HELD and rng.random() < 0.35 and not case.late:
        kind, note = K.NOT_THIS_AGENCY, NOT_THIS_AGENCY_NOTE
    withheld = []
    if case.outcome == Oc.PARTIAL:
        withheld = [{**PARTIAL_PART, "part": f"“{subject}”{PARTIAL_PART['part']}"}]
    elif case.outcome in legal.WITHHELD:  # the reason of this case; the article comes from foi.legal
        withheld = [{"part": f"“{subject}”全部内容", "outcome": case.outcome,
                     "reason": note.format(subject=subject, agency="").replace("《条例》", ACT)}]
    form, way = DELIVERY[case.channel]
    operator = users[username_for(case.unit, "operator")]
    item = InfoRequest(
        number=number, unit=unit, original_unit=unit, handler=operator, channel=case.channel,
        received_on=case.received, receipt_basis=BASIS.get(case.channel, ReceiptBasis.BOTH_CONFIRMED),
        receipt_note="挂号信签收" if case.channel == Channel.LETTER else "",
        applicant_type=case.applicant, phone=mobile(rng), postcode="315200",
        email=f"zh{rng.randint(10000, 99999)}@example.com" if case.channel == Channel.EMAIL else "",
        description=f"申请公开{subject}。", delivery_form=form, delivery_way=way,
        reply_kind=kind, outcome=case.outcome, withheld_parts=withheld, created_by=operator,
        reply_note=note.format(subject=subject, agency=rng.choice(("宁波市自然资源和规划局", "宁波市住房和城乡建设局",
                                                                   "宁波市人力资源和社会保障局"))).replace("《条例》", ACT),
        **_applicant(rng, case.applicant),
    )
    if case.outcome == Oc.EXCESSIVE:
        item.excessive_reason = "申请人本月内提出同类申请二十余件，经书面要求说明理由，所说明理由不合理。"
    item.query_code_digest = InfoRequest.digest_of(f"{rng.getrandbits(40):010X}")
    _timeline(rng, case, item, users[username_for(case.unit, "approver")])
    return item


def _appeals(rng: random.Random, cases: list[Case], users: dict[str, User]) -> list[Appeal]:
    """Each appeal filed within its period: reconsideration within 60 days of the reply's delivery,
    litigation within six months of it, or within 15 days of the reconsideration decision (行政诉讼法
    Art. 45); decided within the year, except those still pending on 31 December (decided in 2026)."""
    rows = []
    for case in cases:
        item = case.request
        body, court = remedies_for(case.unit)
        decided = None
        for n, (kind, after, result, note) in enumerate(case.appeals):
            if after:
                filed = decided + dt.timedelta(days=rng.randint(6, 14))
            elif kind == R:
                filed = item.delivered_on + dt.timedelta(days=rng.randint(12, 50))
            else:
                filed = item.delivered_on + dt.timedelta(days=rng.randint(30, 75))
            filed = min(filed, _d(12, 22))
            if result == PEND:  # the record says how it ended in 2026
                decided = min(max(filed + dt.timedelta(days=rng.randint(70, 130)), _d(1, 12, YEAR + 1)),
                              _d(5, 20, YEAR + 1))
                outcome = UP
            else:
                takes = rng.randint(40, 70) if kind == R else rng.randint(60, 120)
                decided = min(filed + dt.timedelta(days=takes), _d(12, 8) if n + 1 < len(case.appeals) else _d(12, 26))
                outcome = result
            litigation = kind == L
            rows.append(Appeal(
                request=item, kind=kind, after_reconsideration=after, filed_on=filed, body=court if litigation else body,
                case_number=_case_number(rng, case.unit, litigation), result=outcome, decided_on=decided, note=note,
                created_by=users[username_for(case.unit, "operator")]))
    return Appeal.objects.bulk_create(rows)


def _case_number(rng: random.Random, code: str, litigation: bool) -> str:
    if litigation:
        court = "浙02" if code == ROOT else "浙0211"  # 宁波市中级人民法院 / 宁波市镇海区人民法院
        return f"（{YEAR}）{court}行初{rng.randint(20, 480)}号"
    prefix = "甬政复" if code == ROOT else "镇政复"
    return f"{prefix}〔{YEAR}〕{rng.randint(10, 160)}号"


@contextlib.contextmanager
def _dated_as_given(*fields):
    """Insert rows with the times they carry: ``auto_now_add`` / ``auto_now`` would stamp the present on
    every row of a bulk insert (and updating each row afterwards is what made loading slow)."""
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _stamp(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


def _events(cases: list[Case], users: dict[str, User]) -> list[RequestEvent]:
    """The case's history as it happened: registration, notices, consultations, extension, reply, delivery."""
    return [RequestEvent(request=case.request, actor=users[username_for(case.unit, role)], action=action,
                         data={"source": "demo", **data}, at=_stamp(day, 16 if action in ("reply", "deliver") else 10))
            for case in cases for action, day, role, data in case.events]


# --- the indicators no record holds (table 二: decisions and fees) ---------------------------------------

ENFORCERS = ("ZH-GAFJ", "ZH-SCJG", "ZH-ZHZF", "ZH-HBJ", "ZH-AJJ", "ZH-JTJ", "ZH-WSJ")
FEE_UNITS = ("ZH-FGJ", "ZH-CZJ", "ZH-ZJJ", "ZH-GTFJ", "ZH-GAFJ", "ZH-WJJ", "ZH-RFB")


def _indicators(rng: random.Random, units: dict[str, Unit], coordinator: User) -> None:
    """Entered by the coordinator per unit: the licensing, penalty and enforcement decisions of the units
    that decide them, and the administrative fees of the units that collect them (万元)."""
    for code, spec in BY_CODE.items():
        values = {}
        if "license" in spec.sectors:
            values["licensing_decisions"] = rng.randint(8000, 12000) if code == "ZH-SPB" else rng.randint(120, 2600)
        if "penalty" in spec.sectors:
            values["penalty_decisions"] = rng.randint(40, 900)
        if code in ENFORCERS:
            values["enforcement_decisions"] = rng.randint(6, 150)
        if code in FEE_UNITS:
            values["admin_fees_10k_yuan"] = Decimal(rng.randint(50, 250000)) / 100
        if values and spec.kind != "town":
            indicators_update(unit=units[code], year=YEAR, actor=coordinator, values=values)
