"""The per-unit yearly register of what no record holds (年度统计指标).

Everything the annual report can count from records (items, requests, appeals) is counted from them
(:mod:`gongkai.reports.annual2021`, :mod:`gongkai.reports.legacy2014`). This table keeps the rest: the
decision counts and fee amount of table 二 (and, for the 2019 format, the numbers of items, their change
and government procurement) for units whose licensing / penalty / fee systems are not
connected, and the items of the legacy 2014 form that are activities, not cases (news conferences,
trainings, staff, funds …). A field left empty (NULL) means "not entered", which the report shows as an
empty cell, not as 0. Written only by :func:`gongkai.reports.services.indicators_update`.
"""

from django.conf import settings
from django.db import models

from gongkai.core.events import EventBase
from gongkai.orgs.models import Unit


def _count(label: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, null=True, blank=True)


def _change(label: str) -> models.IntegerField:
    # 本年增/减: a count that may go down (a negative number)
    return models.IntegerField(label, null=True, blank=True)


def _amount(label: str) -> models.DecimalField:
    # 万元 to four places: one yuan is the smallest amount that can be entered
    return models.DecimalField(label, max_digits=14, decimal_places=4, null=True, blank=True)


class YearIndicators(models.Model):
    unit = models.ForeignKey(Unit, verbose_name="机构", on_delete=models.PROTECT, related_name="year_indicators")
    year = models.PositiveSmallIntegerField("年度")

    # table 二 (2021 format): Art. 20 (五), (六), (八)
    licensing_decisions = _count("行政许可本年处理决定数量")
    penalty_decisions = _count("行政处罚本年处理决定数量")
    enforcement_decisions = _count("行政强制本年处理决定数量")
    admin_fees_10k_yuan = _amount("行政事业性收费本年收费金额（万元）")

    # table 二 (2019 format, 国办公开办函〔2019〕60号): Art. 20 (五), (六), (八), (九) — the number of items
    # (事项) the year before and its change in the year; the decision counts above serve both formats
    licensing_items_previous = _count("行政许可上一年项目数量")
    licensing_items_change = _change("行政许可本年增/减")
    other_services_items_previous = _count("其他对外管理服务事项上一年项目数量")
    other_services_items_change = _change("其他对外管理服务事项本年增/减")
    other_services_decisions = _count("其他对外管理服务事项处理决定数量")
    penalty_items_previous = _count("行政处罚上一年项目数量")
    penalty_items_change = _change("行政处罚本年增/减")
    enforcement_items_previous = _count("行政强制上一年项目数量")
    enforcement_items_change = _change("行政强制本年增/减")
    admin_fees_items_previous = _count("行政事业性收费上一年项目数量")
    admin_fees_items_change = _change("行政事业性收费本年增/减")
    procurement_projects = _count("政府集中采购采购项目数量")
    procurement_amount_10k_yuan = _amount("政府集中采购采购总金额（万元）")

    # legacy form, 二、回应解读情况
    concern_responses = _count("回应公众关注热点或重大舆情数（次）")
    press_conferences = _count("参加或举办新闻发布会总次数")
    press_conferences_principal = _count("其中：主要负责同志参加新闻发布会次数")
    online_interviews = _count("政府网站在线访谈次数")
    online_interviews_principal = _count("其中：主要负责同志参加政府网站在线访谈次数")
    interpretation_articles = _count("本平台登记之外发布的政策解读稿件数（篇）")
    weibo_wechat_responses = _count("微博微信回应事件数")
    other_responses = _count("其他方式回应事件数")
    # legacy form, 六
    complaints = _count("举报投诉数量（件）")
    # legacy form, 八、机构建设和保障经费情况
    dedicated_offices = _count("政府信息公开工作专门机构数（个）")
    reading_points = _count("政府信息公开查阅点数（个）")
    reading_point_visitors = _count("查阅点接待人次")
    staff_full_time = _count("专职人员数（不包括政府公报及政府网站工作人员）")
    staff_part_time = _count("兼职人员数")
    dedicated_funds_10k_yuan = _amount("政府信息公开专项经费（万元）")
    # legacy form, 九、会议和培训情况
    meetings = _count("召开政府信息公开工作会议或专题会议数")
    trainings = _count("举办各类培训班数")
    trainees = _count("接受培训人员数（人次）")
    # fees (依申请公开收费及减免情况, narrative of the report)
    fee_reductions = _count("减免信息处理费件数")

    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="最后修改人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField("最后修改时间", auto_now=True)

    class Meta:
        verbose_name = "年度统计指标"
        verbose_name_plural = "年度统计指标"
        ordering = ["-year", "unit__sort", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="year_indicators_unique")]
        indexes = [models.Index(fields=["year", "unit"], name="year_indicators_year_unit")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year} 年度统计指标"


# Every indicator field, in form order: the codes the service, the API and the command accept.
INDICATOR_FIELDS: tuple[str, ...] = tuple(
    f.name for f in YearIndicators._meta.local_fields
    if isinstance(f, models.IntegerField | models.DecimalField) and not f.primary_key and f.name != "year"
)
AMOUNT_FIELDS: frozenset[str] = frozenset(
    f.name for f in YearIndicators._meta.local_fields if isinstance(f, models.DecimalField)
)
# counts that may be negative (本年增/减)
SIGNED_FIELDS: frozenset[str] = frozenset(
    name for name in INDICATOR_FIELDS
    if not isinstance(YearIndicators._meta.get_field(name), models.PositiveIntegerField | models.DecimalField)
)
# "其中" items: the part may not exceed the whole.
PARTS_OF: dict[str, str] = {
    "press_conferences_principal": "press_conferences",
    "online_interviews_principal": "online_interviews",
}


class IndicatorEvent(EventBase):
    indicators = models.ForeignKey(YearIndicators, on_delete=models.CASCADE, related_name="events")

    class Meta(EventBase.Meta):
        verbose_name = "统计指标修改记录"
        verbose_name_plural = "统计指标修改记录"
