"""The report document's life: started in the default wording, edited with placeholders checked on save,
published by an approver (refused while the validator finds violations, unless overridden with a
reason), locked once published, corrected through a new version that keeps the history."""

import datetime as dt

import pytest
from annual_records import FILLED, YEAR
from django.utils import timezone
from report_factories import InfoRequestFactory

from gongkai.annual import narrative as text
from gongkai.annual import services, workflow
from gongkai.annual.models import AnnualReportEvent, ReportStatus, VersionStatus
from gongkai.annual.narrative import NarrativeInvalid
from gongkai.annual.services import ReportHasViolations
from gongkai.core.errors import AccessDenied, DomainError, InvalidTransition


@pytest.fixture
def report(records, staff):
    report, created = services.annual_report_ensure(unit=records, year=YEAR, actor=staff["op_a"])
    assert created
    return report


def test_start_creates_version_one_in_the_default_wording(report, staff):
    assert report.status == ReportStatus.DRAFT
    version = report.current_version
    assert version.number == 1 and version.status == VersionStatus.DRAFT
    assert version.narrative == text.default_narrative("2021")
    again, created = services.annual_report_ensure(unit=report.unit, year=YEAR, actor=staff["app_a"])
    assert again.pk == report.pk and not created
    assert list(report.events.values_list("action", flat=True)) == ["create"]


def test_unknown_placeholder_is_refused_on_save_and_nothing_changes(report, staff):
    with pytest.raises(NarrativeInvalid) as caught:
        services.report_narrative_update(report=report, actor=staff["op_a"], narrative={
            "overview": "共收到申请{{ t3.new.totl }}件。", "problems": "问题{{ t3.new.total ", "other": "{{ }}"})
    errors = caught.value.errors
    assert "未知的占位符“{{ t3.new.totl }}”" in errors["overview"] and "一、总体情况" in errors["overview"]
    assert "不成对" in errors["problems"]
    assert "没有名称" in errors["other"]
    with pytest.raises(NarrativeInvalid, match="没有代码为“intro”的部分"):
        services.report_narrative_update(report=report, actor=staff["op_a"], narrative={"intro": "x"})
    report.current_version.refresh_from_db()
    assert report.current_version.narrative == text.default_narrative("2021")


def test_who_may_write_and_publish(report, staff):
    with pytest.raises(AccessDenied):
        services.report_narrative_update(report=report, actor=staff["rev_a"], narrative={"other": "无。"})
    with pytest.raises(AccessDenied):
        services.report_narrative_update(report=report, actor=staff["op_b"], narrative={"other": "无。"})
    services.report_narrative_update(report=report, actor=staff["op_a"], narrative=FILLED)
    with pytest.raises(AccessDenied):
        services.report_publish(report=report, actor=staff["op_a"])


def test_publication_needs_the_prompts_filled_and_the_year_over(report, staff, units):
    with pytest.raises(InvalidTransition, match="一、总体情况、五、存在的主要问题及改进情况、六、其他需要报告的事项"):
        services.report_publish(report=report, actor=staff["app_a"])
    this_year, _ = services.annual_report_ensure(unit=units["a"], year=timezone.localdate().year,
                                                 actor=staff["op_a"])
    services.report_narrative_update(report=this_year, actor=staff["op_a"], narrative=FILLED)
    with pytest.raises(InvalidTransition, match="年度尚未结束"):
        services.report_publish(report=this_year, actor=staff["app_a"])


def test_published_version_is_locked_and_a_new_version_keeps_the_history(report, staff, records):
    services.report_narrative_update(report=report, actor=staff["op_a"], narrative=FILLED)
    v1 = services.report_publish(report=report, actor=staff["app_a"])
    report.refresh_from_db()
    assert v1.status == VersionStatus.PUBLISHED and v1.published_by == staff["app_a"]
    assert report.status == ReportStatus.PUBLISHED and report.published_version == v1
    assert report.first_published_on == timezone.localdate()
    assert v1.tables["table3"]["new"]["total"] == 10 and v1.violations == [] and v1.violations_count == 0
    assert v1.docx.name.endswith(".docx") and v1.pdf.size > 10_000 and v1.xlsx.size > 0
    frozen = v1.docx.read()

    with pytest.raises(InvalidTransition, match="已发布并锁定"):
        services.report_narrative_update(report=report, actor=staff["op_a"], narrative={"other": "改。"})
    with pytest.raises(InvalidTransition):
        services.report_publish(report=report, actor=staff["app_a"])
    stored = type(v1).objects.get(pk=v1.pk)
    stored.narrative = {"other": "悄悄改。"}
    with pytest.raises(RuntimeError, match="frozen"):
        stored.save()  # not even past the services

    # a record arrives late: the published version does not move
    InfoRequestFactory(unit=records, received_on=dt.date(YEAR, 5, 6), closed_on=dt.date(YEAR, 5, 20))
    v2 = services.report_new_version(report=report, actor=staff["op_a"])
    assert (v2.number, v2.status, v2.based_on) == (2, VersionStatus.DRAFT, v1)
    assert v2.narrative == v1.narrative
    with pytest.raises(InvalidTransition):
        services.report_new_version(report=report, actor=staff["op_a"])  # one draft at a time
    services.report_narrative_update(report=report, actor=staff["op_a"], narrative={"other": "本年度未收取费用。"})
    v1.refresh_from_db()
    assert v1.narrative["other"] == FILLED["other"] and v1.tables["table3"]["new"]["total"] == 10
    assert v1.docx.read() == frozen

    v2 = services.report_publish(report=report, actor=staff["coord"])
    report.refresh_from_db()
    assert report.published_version == v2 and report.current_version == v2
    assert v2.tables["table3"]["new"]["total"] == 11
    assert list(report.versions.values_list("number", "status")) == [(1, "published"), (2, "published")]
    actions = list(AnnualReportEvent.objects.filter(report=report).values_list("action", "version__number"))
    assert actions == [("create", 1), ("edit", 1), ("publish", 1), ("new_version", 2), ("edit", 2), ("publish", 2)]


def test_publication_refuses_on_violations_unless_the_approver_overrides_with_a_reason(records, staff):
    # 2023 published; then a 2023 case is registered late, so 2024's 二、上年结转 no longer matches
    # the published 四、结转下年度继续办理 of 2023
    earlier, _ = services.annual_report_ensure(unit=records, year=YEAR - 1, actor=staff["op_a"])
    services.report_narrative_update(report=earlier, actor=staff["op_a"], narrative=FILLED)
    services.report_publish(report=earlier, actor=staff["app_a"])
    InfoRequestFactory(unit=records, received_on=dt.date(YEAR - 1, 11, 2), closed_on=dt.date(YEAR, 1, 8))
    report, _ = services.annual_report_ensure(unit=records, year=YEAR, actor=staff["op_a"])
    version = services.report_narrative_update(report=report, actor=staff["op_a"], narrative=FILLED)
    assert version.violations_count == 2  # 自然人 and 总计 columns

    with pytest.raises(ReportHasViolations) as caught:
        services.report_publish(report=report, actor=staff["app_a"], override_reason="  ")
    assert caught.value.status_code == 409
    assert "“二、上年结转政府信息公开申请数量”应等于上一年度“四、结转下年度继续办理”" in caught.value.message
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT

    published = services.report_publish(report=report, actor=staff["app_a"],
                                         override_reason="2023年度报告发布后补登记一件申请，已在本报告中说明。")
    assert published.override_reason.startswith("2023年度报告发布后补登记")
    assert published.violations_count == 2 and published.violations[0]["row"] == "carried_in"
    event = AnnualReportEvent.objects.get(report=report, action="publish")
    assert event.data == {"version": 1, "violations": 2, "override": True}
    assert event.opinion == published.override_reason


def test_the_workflow_table_allows_and_refuses_every_move():
    for action, transition in workflow.TRANSITIONS.items():
        assert workflow.transition_for(action, transition.source) is transition
        for status in VersionStatus.values:
            if status != transition.source:
                with pytest.raises(InvalidTransition):
                    workflow.transition_for(action, status)
    with pytest.raises(InvalidTransition):
        workflow.transition_for("delete", "draft")


def test_2020_in_the_2019_format_then_2021_checked_against_it(records, staff):
    """The 2020 report is in the 2019 format (chosen by the year); 2021's 二、上年结转 is checked against
    the published 2020 四、结转下年度继续办理, across the two formats."""
    InfoRequestFactory(unit=records, received_on=dt.date(2020, 12, 21), replied_on=dt.date(2021, 1, 6),
                       closed_on=dt.date(2021, 1, 8))
    with pytest.raises(DomainError, match="2020年度的报告应使用2019年格式"):
        services.annual_report_ensure(unit=records, year=2020, fmt="2021", actor=staff["op_a"])
    earlier, _ = services.annual_report_ensure(unit=records, year=2020, actor=staff["op_a"])
    assert earlier.format == "2019" and earlier.current_version.narrative == text.default_narrative("2019")
    services.report_narrative_update(report=earlier, actor=staff["op_a"], narrative=FILLED)
    v2020 = services.report_publish(report=earlier, actor=staff["app_a"])
    assert v2020.tables["format"] == "2019" and "other" in v2020.tables["table3"]
    assert v2020.tables["table3"]["carried_out"]["total"] == 1 and v2020.violations == []

    later, _ = services.annual_report_ensure(unit=records, year=2021, actor=staff["op_a"])
    assert later.format == "2021"
    assert services.report_check(report=later, actor=staff["op_a"]).violations == []
    # a 2020 case registered after publication breaks the carry-over between the two published years
    InfoRequestFactory(unit=records, received_on=dt.date(2020, 12, 28))
    found = services.report_check(report=later, actor=staff["op_a"]).violations
    assert {(v["row"], v["column"]) for v in found} == {("carried_in", "natural_person"), ("carried_in", "total")}
    assert found[0]["row_label"] == "二、上年结转政府信息公开申请数量"
