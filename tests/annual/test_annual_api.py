"""``GET /api/v1/reports/annual.docx|.pdf|.xlsx`` and ``/reports/statistics`` (mounted before the
computation router, which still answers ``/reports/annual``)."""

import io

import docx
from annual_records import YEAR
from django.test import Client
from openpyxl import load_workbook

from gongkai.api.auth import token_issue


def api(user) -> Client:
    token, _ = token_issue(user=user)
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_files_of_a_unit_without_a_document_are_drafts(records, staff):
    client = api(staff["op_a"])
    response = client.get(f"/api/v1/reports/annual.docx?unit=DEPT-A&year={YEAR}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "filename*=utf-8''" in response["Content-Disposition"].lower()
    word = docx.Document(io.BytesIO(response.content))
    assert "草稿" in word.paragraphs[1].text and len(word.tables) == 3
    sheet = client.get(f"/api/v1/reports/annual.xlsx?unit=DEPT-A&year={YEAR}&format=2021")
    assert load_workbook(io.BytesIO(sheet.content)).sheetnames == ["表二 主动公开", "表三 依申请公开", "表四 复议诉讼",
                                                                   "校验结果"]
    sheet = client.get("/api/v1/reports/annual.xlsx?unit=DEPT-A&year=2018")  # the year's format: the 2014 form
    assert load_workbook(io.BytesIO(sheet.content)).sheetnames == ["统计表", "校验结果"]
    pdf = client.get(f"/api/v1/reports/annual.pdf?unit=DEPT-A&year={YEAR}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # the computation router behind the same prefix still answers
    tables = client.get(f"/api/v1/reports/annual?unit=DEPT-A&year={YEAR}")
    assert tables.status_code == 200 and tables.json()["table3"]["new"]["total"] == 10


def test_published_version_comes_as_published(published, staff):
    client = api(staff["coord"])
    response = client.get(f"/api/v1/reports/annual.docx?unit=DEPT-A&year={YEAR}")
    assert response.content == published.published_version.docx.read()
    assert client.get(f"/api/v1/reports/annual.docx?unit=DEPT-A&year={YEAR}&version=2").status_code == 404


def test_access_and_bad_input(records, staff):
    assert api(staff["op_b"]).get(f"/api/v1/reports/annual.pdf?unit=DEPT-A&year={YEAR}").status_code == 403
    assert Client().get(f"/api/v1/reports/annual.pdf?unit=DEPT-A&year={YEAR}").status_code == 401
    assert api(staff["op_a"]).get(f"/api/v1/reports/annual.docx?unit=NOPE&year={YEAR}").status_code == 404
    bad = api(staff["op_a"]).get(f"/api/v1/reports/annual.docx?unit=DEPT-A&year={YEAR}&format=1999")
    assert bad.status_code == 400 and "报表格式“1999”无效" in bad.json()["detail"]
    mismatch = api(staff["op_a"]).get(f"/api/v1/reports/annual.docx?unit=DEPT-A&year={YEAR}&format=2014")
    assert mismatch.status_code == 400 and f"{YEAR}年度的报告应使用2021年格式" in mismatch.json()["detail"]


def test_statistics_endpoint(records, staff):
    client = api(staff["coord"])
    response = client.get(f"/api/v1/reports/statistics?unit=GOV&year={YEAR}&period=quarter&subtree=true")
    assert response.status_code == 200
    body = response.json()
    assert body["period"] == "quarter" and len(body["rows"]) == 12
    q1 = next(r for r in body["rows"] if r["unit"] == "DEPT-A" and r["period"] == f"{YEAR}-Q1")
    assert q1["requests_received"] == 8 and q1["label"] == f"{YEAR}年第一季度"
    assert client.get(f"/api/v1/reports/statistics?unit=GOV&year={YEAR}&period=week").status_code == 422


def test_report_command_writes_the_document_files(records, tmp_path):
    from django.core.management import call_command

    for fmt in ("docx", "xlsx"):
        target = tmp_path / f"dept-a.{fmt}"
        call_command("report", "--unit", "DEPT-A", "--year", str(YEAR), "--out", str(target))
        assert target.stat().st_size > 5000
    assert len(docx.Document(str(tmp_path / "dept-a.docx")).tables) == 3
    assert load_workbook(tmp_path / "dept-a.xlsx")["表三 依申请公开"]["A3"].value.startswith("（本列数据")
