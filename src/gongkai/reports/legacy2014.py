"""The legacy statistics form (政府信息公开工作情况统计表, 国办发〔2014〕32号), used for the years up to 2018.

The rows, their order, labels and units are those of the seed report's annex (``../shared/seed``), which
is authoritative here; the one deviation is the unit of 兼职人员数, which the seed leaves empty (a
printing slip: the form's unit is 人). Every row has a stable ``key``.

What each value is computed from (``scope`` = the unit, or its subtree for a roll-up; "in the year" =
1 January – 31 December):

一 主动公开 — items of the register published in the year (status published or withdrawn later, mode
   主动公开, by 发布日期). 主动公开规范性文件数: those with ``normative_kind=normative``. 制发规范性文件总数:
   行政规范性文件 issued in the year in any status, as in table 二 of the 2021 format. The five channel rows
   count the published items whose ``channels`` hold website / gazette / weibo / wechat / other (an item
   on several channels counts on each, once overall).
二 回应解读 — the yearly indicators (hand-entered), except 政策解读稿件发布数 = published items of the year
   that interpret a policy (``Disclosure.interprets``) plus the indicator for articles published elsewhere.
三 依申请公开 — requests (merged duplicates left out):
   收到申请数 and its channel rows: received in the year, by ``channel``; e-mail counts as 网络 (or as the
   row named by ``settings.GONGKAI_LEGACY_EMAIL_ROW``: in_person / fax / online / letter).
   申请办结数: answered in the year — by the date the reply was issued (答复日期), not the day it was
   delivered (:mod:`gongkai.reports.records`), as in table 三 of the later formats. 按时办结: answered
   without an extension and not late (``on_time`` not False). 延期办结: answered after an extension. A case
   answered late without an extension fits neither row (the form has none for it), so the validator points
   at it instead of hiding it.
   申请答复数: answered in the year; the eight answer rows split those cases, each case in exactly one:
     1 属于已主动公开范围 — reply kind already_public
     2 同意公开 — outcome disclosed (other reply kinds)
     3 同意部分公开 — outcome partial
     4 不同意公开 — outcome withheld.* except inquiry_matter; its reasons:
         涉及国家秘密 ← state_secret; 涉及商业秘密 / 涉及个人隐私 ← third_party (个人隐私 by default,
         ``settings.GONGKAI_LEGACY_THIRD_PARTY_ROW = "trade_secret"`` for 商业秘密); 危及国家安全、公共安全、
         经济安全和社会稳定 ← security_stability; 不是《条例》所指政府信息 ← internal_affairs, process_info
         (国办发〔2010〕5号: internal and process information is not government information to disclose);
         法律法规规定的其他情形 ← prohibited_by_law, enforcement_file
     5 不属于本行政机关公开 — outcome unavailable.not_held with reply kind not_this_agency
     6 申请信息不存在 — unavailable.not_held (other reply kinds), unavailable.needs_creation
     7 告知作出更改补充 — unavailable.still_unclear, other.no_supplement
     8 告知通过其他途径办理 — everything else: withheld.inquiry_matter (Art. 36 kind 七), the five
       not_processed.* (petitions, repeats, publications, excessive, confirmations), other.fee_unpaid,
       other.other and cases closed without an outcome.
四/五 行政复议 / 行政诉讼 — appeals filed in the year (litigation: direct and after reconsideration), by
   their result at the year end; the form has no row for pending cases, so they count as 其他情形.
六 举报投诉 — indicator. 七 收取的费用 — information-processing fees paid in the year, in 万元.
八/九 — indicators; 从事政府信息公开工作人员数 = 专职 + 兼职.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, Sum

from gongkai.disclosures.models import Disclosure
from gongkai.disclosures.taxonomy import Channel, NormativeKind
from gongkai.foi.codes import AppealKind, Outcome, ReplyKind
from gongkai.foi.codes import Channel as RequestChannel
from gongkai.foi.models import Appeal, InfoRequest

from .annual2021 import appeals_at_year_end, normative_counts
from .models import INDICATOR_FIELDS, YearIndicators
from .records import answered_on, published_between, requests_counted
from .scope import Scope, year_bounds


@dataclass(frozen=True)
class Row:
    key: str
    label: str  # as printed on the form
    unit: str  # 条 次 件 篇 个 人 人次 万元; "-" for a heading, "" for a note line
    kind: str = "value"  # value | heading | note


def _h(key, label):
    return Row(key, label, "-", "heading")


def _n(key, label):
    return Row(key, label, "", "note")


ROWS: tuple[Row, ...] = (
    _h("proactive", "一、主动公开情况"),
    Row("published", "（一）主动公开政府信息数", "条"),
    _n("published_note", "（不同渠道和方式公开相同信息计1条）"),
    Row("normative_published", "其中：主动公开规范性文件数", "条"),
    Row("normative_issued", "制发规范性文件总数", "件"),
    _h("channels", "（二）通过不同渠道和方式公开政府信息的情况"),
    Row("channel_gazette", "1.政府公报公开政府信息数", "条"),
    Row("channel_website", "2.政府网站公开政府信息数", "条"),
    Row("channel_weibo", "3.政务微博公开政府信息数", "条"),
    Row("channel_wechat", "4.政务微信公开政府信息数", "条"),
    Row("channel_other", "5.其他方式公开政府信息数", "条"),
    _h("responses", "二、回应解读情况"),
    Row("concern_responses", "（一）回应公众关注热点或重大舆情数", "次"),
    _n("concern_responses_note", "（不同方式回应同一热点或舆情计1次）"),
    _h("response_channels", "（二）通过不同渠道和方式回应解读的情况"),
    Row("press_conferences", "1.参加或举办新闻发布会总次数", "次"),
    Row("press_conferences_principal", "其中：主要负责同志参加新闻发布会次数", "次"),
    Row("online_interviews", "2.政府网站在线访谈次数（政府常务会议直播、网络问政问效）", "次"),
    Row("online_interviews_principal", "其中：主要负责同志参加政府网站在线访谈次数", "次"),
    Row("interpretation_articles", "3.政策解读稿件发布数", "篇"),
    Row("weibo_wechat_responses", "4.微博微信回应事件数", "次"),
    Row("other_responses", "5.其他方式回应事件数", "次"),
    _h("requests", "三、依申请公开情况"),
    Row("received", "（一）收到申请数", "件"),
    Row("received_in_person", "1.当面申请数", "件"),
    Row("received_fax", "2.传真申请数", "件"),
    Row("received_online", "3.网络申请数", "件"),
    Row("received_letter", "4.信函申请数", "件"),
    Row("closed", "（二）申请办结数", "件"),
    Row("closed_on_time", "1.按时办结数", "件"),
    Row("closed_extended", "2.延期办结数", "件"),
    Row("answers", "（三）申请答复数", "件"),
    Row("answer_already_public", "1.属于已主动公开范围数", "件"),
    Row("answer_disclose", "2.同意公开答复数", "件"),
    Row("answer_partial", "3.同意部分公开答复数", "件"),
    Row("answer_refuse", "4.不同意公开答复数", "件"),
    Row("refuse_state_secret", "其中：涉及国家秘密", "件"),
    Row("refuse_trade_secret", "涉及商业秘密", "件"),
    Row("refuse_privacy", "涉及个人隐私", "件"),
    Row("refuse_security_stability", "危及国家安全、公共安全、经济安全和社会稳定", "件"),
    Row("refuse_not_gov_info", "不是《条例》所指政府信息", "件"),
    Row("refuse_other_law", "法律法规规定的其他情形", "件"),
    Row("answer_not_this_agency", "5.不属于本行政机关公开数", "件"),
    Row("answer_not_exist", "6.申请信息不存在数", "件"),
    Row("answer_amend", "7.告知作出更改补充数", "件"),
    Row("answer_other_route", "8.告知通过其他途径办理数", "件"),
    Row("reconsideration", "四、行政复议数量", "件"),
    Row("reconsideration_upheld", "（一）维持具体行政行为数", "件"),
    Row("reconsideration_corrected", "（二）被依法纠错数", "件"),
    Row("reconsideration_other", "（三）其他情形数", "件"),
    Row("litigation", "五、行政诉讼数量", "件"),
    Row("litigation_upheld", "（一）维持具体行政行为或者驳回原告诉讼请求数", "件"),
    Row("litigation_corrected", "（二）被依法纠错数", "件"),
    Row("litigation_other", "（三）其他情形数", "件"),
    Row("complaints", "六、举报投诉数量", "件"),
    Row("fees", "七、依申请公开信息收取的费用", "万元"),
    _h("capacity", "八、机构建设和保障经费情况"),
    Row("dedicated_offices", "（一）政府信息公开工作专门机构数", "个"),
    Row("reading_points", "（二）设置政府信息公开查阅点数", "个"),
    Row("staff", "（三）从事政府信息公开工作人员数", "人"),
    Row("staff_full_time", "1.专职人员数（不包括政府公报及政府网站工作人员数）", "人"),
    Row("staff_part_time", "2.兼职人员数", "人"),
    Row("dedicated_funds", "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）", "万元"),
    _h("meetings_training", "九、政府信息公开会议和培训情况"),
    Row("meetings", "（一）召开政府信息公开工作会议或专题会议数", "次"),
    Row("trainings", "（二）举办各类培训班数", "次"),
    Row("trainees", "（三）接受培训人员数", "人次"),
)
BY_KEY: dict[str, Row] = {row.key: row for row in ROWS}
VALUE_KEYS: tuple[str, ...] = tuple(row.key for row in ROWS if row.kind == "value")
AMOUNT_KEYS = frozenset({"fees", "dedicated_funds"})
# the section (top-level heading: 一 … 九) each row belongs to
SECTION_OF: dict[str, str] = {}
_section = ""
for _row in ROWS:
    if _row.label[:2] in {"一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、"}:
        _section = _row.label
    SECTION_OF[_row.key] = _section

ANSWER_ROWS = ("answer_already_public", "answer_disclose", "answer_partial", "answer_refuse",
               "answer_not_this_agency", "answer_not_exist", "answer_amend", "answer_other_route")
REFUSE_ROWS = ("refuse_state_secret", "refuse_trade_secret", "refuse_privacy", "refuse_security_stability",
               "refuse_not_gov_info", "refuse_other_law")
CHANNEL_ROWS = {"received_in_person": RequestChannel.IN_PERSON, "received_fax": RequestChannel.FAX,
                "received_online": RequestChannel.ONLINE, "received_letter": RequestChannel.LETTER}
PUBLISH_CHANNELS = {"channel_gazette": Channel.GAZETTE, "channel_website": Channel.WEBSITE,
                    "channel_weibo": Channel.WEIBO, "channel_wechat": Channel.WECHAT, "channel_other": Channel.OTHER}
# indicators shown as they were entered (row key = indicator field)
INDICATOR_ROWS = {
    "concern_responses": "concern_responses", "press_conferences": "press_conferences",
    "press_conferences_principal": "press_conferences_principal", "online_interviews": "online_interviews",
    "online_interviews_principal": "online_interviews_principal",
    "weibo_wechat_responses": "weibo_wechat_responses", "other_responses": "other_responses",
    "complaints": "complaints", "dedicated_offices": "dedicated_offices", "reading_points": "reading_points",
    "staff_full_time": "staff_full_time", "staff_part_time": "staff_part_time",
    "dedicated_funds": "dedicated_funds_10k_yuan", "meetings": "meetings", "trainings": "trainings",
    "trainees": "trainees",
}
TEN_THOUSAND = Decimal(10000)
AMOUNT_PLACES = Decimal("0.0001")


def _email_row() -> str:
    row = f"received_{getattr(settings, 'GONGKAI_LEGACY_EMAIL_ROW', 'online')}"
    return row if row in CHANNEL_ROWS else "received_online"


def _third_party_row() -> str:
    return ("refuse_trade_secret" if getattr(settings, "GONGKAI_LEGACY_THIRD_PARTY_ROW", "privacy") == "trade_secret"
            else "refuse_privacy")


WITHHELD_REFUSALS = frozenset(c for c in Outcome.values if c.startswith("withheld.")) - {Outcome.INQUIRY_MATTER}


def answer_row_for(reply_kind: str, outcome: str) -> str:
    """The answer row of a closed case (see the module docstring); every case lands in exactly one."""
    o = Outcome
    if reply_kind == ReplyKind.ALREADY_PUBLIC:
        return "answer_already_public"
    if outcome == o.DISCLOSED:
        return "answer_disclose"
    if outcome == o.PARTIAL:
        return "answer_partial"
    if outcome in WITHHELD_REFUSALS:
        return "answer_refuse"
    if outcome == o.NOT_HELD and reply_kind == ReplyKind.NOT_THIS_AGENCY:
        return "answer_not_this_agency"
    if outcome in (o.NOT_HELD, o.NEEDS_CREATION):
        return "answer_not_exist"
    if outcome in (o.STILL_UNCLEAR, o.NO_SUPPLEMENT):
        return "answer_amend"
    return "answer_other_route"


def refuse_row_for(outcome: str) -> str:
    """The reason row of a refusal (不同意公开)."""
    o = Outcome
    if outcome == o.STATE_SECRET:
        return "refuse_state_secret"
    if outcome == o.THIRD_PARTY:
        return _third_party_row()
    if outcome == o.SECURITY_STABILITY:
        return "refuse_security_stability"
    if outcome in (o.INTERNAL_AFFAIRS, o.PROCESS_INFO):
        return "refuse_not_gov_info"
    return "refuse_other_law"


def _disclosure_values(scope: Scope, year: int) -> dict:
    """Three queries: the year's published items (total, normative, per channel), the interpretations among
    them (from the link table, which holds far fewer rows), and the normative documents issued (as in
    table 二 of the 2021 format)."""
    start, end = year_bounds(year)
    published = published_between(start, end, day="day")
    counts = {"published": Count("pk"),
              "normative_published": Count("pk", filter=Q(normative_kind=NormativeKind.NORMATIVE))}
    for key, channel in PUBLISH_CHANNELS.items():
        counts[key] = Count("pk", filter=_on_channel(channel))
    values = Disclosure.objects.alias(day=scope.col("published_on")).filter(scope.q(), published).aggregate(**counts)
    interpreting = Disclosure.objects.alias(day=F("published_on")).filter(
        scope.q(), published, pk=OuterRef("from_disclosure_id"))
    values["interpretations"] = (
        Disclosure.interprets.through.objects.filter(Exists(interpreting))
        .values("from_disclosure_id").distinct().count())
    values["normative_issued"] = normative_counts(scope, year)["normative_documents"]["issued"]
    return values


def _on_channel(channel: str) -> Q:
    """Items whose ``channels`` (a JSON list of codes) hold ``channel``: JSON containment on PostgreSQL
    (jsonb @>), the quoted code in the stored text on SQLite (which has no containment lookup)."""
    if connection.vendor == "postgresql":
        return Q(channels__contains=[channel])
    return Q(channels__icontains=f'"{channel}"')


def _request_values(scope: Scope, year: int) -> dict:
    """One query grouped by (reply kind, outcome, channel) — a few hundred groups at most — with five
    conditional counts; the groups are then mapped to the form's rows (:func:`answer_row_for`) and added.
    办结 (closed) counts a case in the year its reply was issued."""
    start, end = year_bounds(year)
    received = Q(received_day__gte=start, received_day__lte=end)
    closed = Q(answered_day__gte=start, answered_day__lte=end)
    fee_paid = Q(fee_day__gte=start, fee_day__lte=end)
    groups = (
        InfoRequest.objects.alias(received_day=scope.col("received_on"), answered_day=answered_on(),
                                  fee_day=scope.col("fee_paid_on"))
        .filter(scope.q(), requests_counted())
        .filter(received | closed | fee_paid)
        .order_by().values("reply_kind", "outcome", "channel")
        .annotate(
            received=Count("pk", filter=received),
            closed=Count("pk", filter=closed),
            on_time=Count("pk", filter=closed & Q(extension_days=0) & ~Q(on_time=False)),
            extended=Count("pk", filter=closed & Q(extension_days__gt=0)),
            fees=Sum("fee_amount", filter=fee_paid),
        )
    )
    channel_row = {channel: key for key, channel in CHANNEL_ROWS.items()}
    channel_row[RequestChannel.EMAIL] = _email_row()
    values: dict = dict.fromkeys(("received", *CHANNEL_ROWS, "closed", "closed_on_time", "closed_extended",
                                  *ANSWER_ROWS, *REFUSE_ROWS), 0)
    fees = Decimal(0)
    for group in groups:
        values["received"] += group["received"]
        if group["channel"] in channel_row:  # a channel the form has no row for is counted in the total only
            values[channel_row[group["channel"]]] += group["received"]
        values["closed"] += group["closed"]
        values["closed_on_time"] += group["on_time"]
        values["closed_extended"] += group["extended"]
        answer = answer_row_for(group["reply_kind"], group["outcome"])
        values[answer] += group["closed"]
        if answer == "answer_refuse":
            values[refuse_row_for(group["outcome"])] += group["closed"]
        fees += group["fees"] or 0
    values["answers"] = values["closed"]
    values["fees"] = (fees / TEN_THOUSAND).quantize(AMOUNT_PLACES)
    return values


def _appeal_values(scope: Scope, year: int) -> dict:
    start, end = year_bounds(year)
    rows = (
        Appeal.objects.filter(scope.q("request__unit"), filed_on__gte=start, filed_on__lte=end)
        .order_by().values("kind").annotate(**appeals_at_year_end(year))
    )
    values = {f"{group}{suffix}": 0 for group in ("reconsideration", "litigation")
              for suffix in ("", "_upheld", "_corrected", "_other")}
    for row in rows:
        group = "reconsideration" if row["kind"] == AppealKind.RECONSIDERATION else "litigation"
        values[group] += row["total"]
        values[f"{group}_upheld"] += row["upheld"]
        values[f"{group}_corrected"] += row["corrected"]
        values[f"{group}_other"] += row["other"] + row["pending"]
    return values


def values(scope: Scope, year: int) -> dict[str, int | Decimal | None]:
    """Every value row of the form, keyed by row key (four queries). None: an indicator nobody entered."""
    found = {**_disclosure_values(scope, year), **_request_values(scope, year), **_appeal_values(scope, year)}
    indicators = YearIndicators.objects.filter(scope.q(), year=year).aggregate(
        **{f: Sum(f) for f in INDICATOR_FIELDS})
    for key, field in INDICATOR_ROWS.items():
        found[key] = indicators[field]
    found["interpretation_articles"] = found.pop("interpretations") + (indicators["interpretation_articles"] or 0)
    parts = [found["staff_full_time"], found["staff_part_time"]]
    found["staff"] = None if parts == [None, None] else sum(p or 0 for p in parts)
    if found["dedicated_funds"] is not None:
        found["dedicated_funds"] = Decimal(found["dedicated_funds"]).quantize(AMOUNT_PLACES)
    return {key: found[key] for key in VALUE_KEYS}


def form(scope: Scope, year: int) -> list[dict]:
    """The whole form in printed order: [{"key", "section", "label", "unit", "value"}, …]."""
    return rows_with(values(scope, year))


def rows_with(found: dict) -> list[dict]:
    return [
        {"key": row.key, "section": SECTION_OF[row.key], "label": row.label, "unit": row.unit,
         "value": found.get(row.key) if row.kind == "value" else None}
        for row in ROWS
    ]
