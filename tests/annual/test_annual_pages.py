"""The portal's 年报 column (published reports only) and the console pages: the coordinator's view of
who has published, the report page, editing with a placeholder error, publishing."""

import datetime as dt

from annual_records import FILLED, YEAR
from django.test import Client
from django.urls import reverse

from gongkai.annual import services
from gongkai.annual.models import ReportStatus


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- portal ----------------------------------------------------------------------------------------------

def test_portal_lists_and_shows_a_published_report(client, published, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        listing = client.get("/reports/")
    assert listing.status_code == 200
    page = listing.content.decode()
    url = reverse("portal:annual_report", args=[published.pk])
    assert f'href="{url}"' in page and "测试区发展和改革局2024年政府信息公开工作年度报告" in page

    shown = client.get(url)
    assert shown.status_code == 200 and shown["Cache-Control"].startswith("public")
    html = shown.content.decode()
    assert "三、收到和处理政府信息公开申请情况" in html and "申请人情况" in html
    assert 'colspan="7"' in html and 'rowspan="3"' in html
    assert "新收政府信息公开申请10件" in html
    assert " style=" not in html and "<style" not in html  # the CSP allows no inline styles
    assert "gongkai/annual.css" in html

    for fmt, kind in (("docx", "wordprocessingml"), ("pdf", "application/pdf"), ("xlsx", "spreadsheetml")):
        download = client.get(reverse("portal:annual_download", args=[published.pk, fmt]))
        assert download.status_code == 200 and kind in download["Content-Type"]
        assert "attachment" in download["Content-Disposition"]
    assert client.get(reverse("portal:annual_download", args=[published.pk, "exe"])).status_code == 404


def test_portal_404s_drafts(client, records, staff):
    draft, _ = services.annual_report_ensure(unit=records, year=YEAR, actor=staff["op_a"])
    assert client.get(reverse("portal:annual_report", args=[draft.pk])).status_code == 404
    assert client.get(reverse("portal:annual_download", args=[draft.pk, "pdf"])).status_code == 404
    assert client.get("/reports/999999/").status_code == 404
    assert "暂无年度报告" in client.get("/reports/").content.decode()


def test_portal_keeps_showing_the_published_version_while_a_new_one_is_drafted(client, published, staff):
    services.report_new_version(report=published, actor=staff["op_a"])
    services.report_narrative_update(report=published, actor=staff["op_a"], narrative={"other": "草稿中的新文字。"})
    html = client.get(reverse("portal:annual_report", args=[published.pk])).content.decode()
    assert FILLED["other"] in html and "草稿中的新文字" not in html


# --- console ---------------------------------------------------------------------------------------------

def test_coordinator_view_lists_every_unit_with_its_standing(published, staff, units,
                                                             django_assert_max_num_queries):
    # DEPT-B started a draft but has not published; GOV has nothing
    services.annual_report_ensure(unit=units["b"], year=YEAR, actor=staff["op_b"])
    coord = login(staff["coord"])
    with django_assert_max_num_queries(9):
        response = coord.get(reverse("console:annual_overview") + f"?year={YEAR}")
    assert response.status_code == 200
    rows = {row.unit.code: row for row in response.context["rows"]}
    assert set(rows) == {"GOV", "DEPT-A", "DEPT-B"}
    assert rows["DEPT-A"].timeliness.standing in ("on_time", "late")
    assert rows["DEPT-A"].published_on == published.first_published_on
    assert rows["DEPT-A"].violations_count == 0
    assert rows["DEPT-B"].report is not None and rows["DEPT-B"].has_draft
    assert rows["DEPT-B"].violations_count is None  # never checked
    assert rows["GOV"].report is None
    # deadlines by kind: departments 31 January, the government 31 March of the next year
    assert rows["DEPT-B"].timeliness.deadline == dt.date(YEAR + 1, 1, 31)
    assert rows["GOV"].timeliness.deadline == dt.date(YEAR + 1, 3, 31)
    assert rows["GOV"].timeliness.standing == "overdue"  # 2025-03-31 has passed
    page = response.content.decode()
    assert "逾期未发布" in page and "未编写" in page

    # a department's operator sees their own unit only
    mine = login(staff["op_b"]).get(reverse("console:annual_overview") + f"?year={YEAR}")
    assert [row.unit.code for row in mine.context["rows"]] == ["DEPT-B"]


def test_report_page_edit_with_a_bad_placeholder_then_publish(records, staff):
    op = login(staff["op_a"])
    started = op.post(reverse("console:annual_start"), {"unit": records.pk, "year": YEAR, "format": ""})
    report = records.annual_reports.get()
    assert report.format == "2021"  # chosen by the year
    assert started.status_code == 302 and started["Location"] == reverse("console:annual_report", args=[report.pk])
    page = op.get(started["Location"])
    assert page.status_code == 200 and "编写正文" in page.content.decode()
    assert "t3.carried_out.org.business" in page.content.decode()  # the documented list of placeholders

    bad = op.post(reverse("console:annual_edit", args=[report.pk]),
                  {**FILLED, "overview": "全年收到申请{{ t3.new.all }}件。"})
    assert bad.status_code == 400
    assert "未知的占位符“{{ t3.new.all }}”" in bad.content.decode()
    assert "全年收到申请{{ t3.new.all }}件。" in bad.content.decode()  # what was typed is kept

    saved = op.post(reverse("console:annual_edit", args=[report.pk]), FILLED)
    assert saved.status_code == 302
    assert op.post(reverse("console:annual_publish", args=[report.pk])).status_code == 403

    approver = login(staff["app_a"])
    done = approver.post(reverse("console:annual_publish", args=[report.pk]))
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    locked = op.post(reverse("console:annual_edit", args=[report.pk]), FILLED)
    assert locked.status_code == 409 and "已发布并锁定" in locked.content.decode()
    download = op.get(reverse("console:annual_download", args=[report.pk, 1, "docx"]))
    assert download.status_code == 200 and download.content == report.published_version.docx.read()


def test_another_units_report_is_404(published, staff):
    other = login(staff["op_b"])
    assert other.get(reverse("console:annual_report", args=[published.pk])).status_code == 404
    assert other.post(reverse("console:annual_new_version", args=[published.pk])).status_code == 404
