"""``/api/v1/reports/``: the annual tables, the validator and the indicators over HTTP, with tokens."""

import datetime as dt

import pytest
from django.test import Client
from report_factories import InfoRequestFactory
from seed_2014 import SEED_2014

from gongkai.api.auth import token_issue
from gongkai.reports import annual2019, annual2021, legacy2014
from gongkai.reports.services import indicators_update


def client_for(user) -> Client:
    token, _ = token_issue(user=user)
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def cases(tree):
    InfoRequestFactory(unit=tree["a"], received_on=dt.date(2021, 5, 1), closed_on=dt.date(2021, 5, 20))
    InfoRequestFactory(unit=tree["b"], received_on=dt.date(2021, 6, 1), applicant_type="org.business")


@pytest.fixture
def cases_2020(tree, staff):
    """DEPT-A in 2020: two abandoned cases (no supplement, fee unpaid), one 其他, one disclosed."""
    a = tree["a"]
    for outcome in ("other.no_supplement", "other.fee_unpaid", "other.other", "disclosed"):
        InfoRequestFactory(unit=a, received_on=dt.date(2020, 3, 2), replied_on=dt.date(2020, 4, 1),
                           closed_on=dt.date(2020, 4, 3), outcome=outcome)
    indicators_update(unit=a, year=2020, actor=staff["app_a"], values={
        "licensing_items_previous": 12, "licensing_items_change": -2, "licensing_decisions": 340,
        "procurement_projects": 4, "procurement_amount_10k_yuan": "126.5"})


def test_annual_2021_for_a_unit_and_the_rollup(cases, staff):
    op = client_for(staff["op_a"])
    body = op.get("/api/v1/reports/annual", {"unit": "DEPT-A", "year": 2021}).json()
    assert set(body) >= {"table2", "table3", "table4", "violations"}
    assert list(body["table3"]) == list(annual2021.ROWS)
    assert body["table3"]["disclosed"]["natural_person"] == 1
    assert body["table2"]["fees"] == {"amount_10k_yuan": None}
    assert body["table4"]["litigation_after_reconsideration"]["total"] == 0

    coord = client_for(staff["coord"])
    body = coord.get("/api/v1/reports/annual", {"unit": "GOV", "year": 2021, "rollup": "true"}).json()
    assert body["table3"]["new"]["total"] == 2 and body["table3"]["carried_out"]["org.business"] == 1
    assert body["rollup"] is True and body["violations"] == []


def test_annual_2021_has_three_other_rows_and_the_forms_labels(cases, staff):
    body = client_for(staff["op_a"]).get("/api/v1/reports/annual", {"unit": "DEPT-A", "year": 2021}).json()
    assert body["format"] == "2021"
    assert [row for row in body["table3"] if row.startswith("other")] == [
        "other.no_supplement", "other.fee_unpaid", "other.other"]
    labels = body["labels"]
    assert labels["table3"]["withheld.state_secret"] == "三、本年度办理结果 · （三）不予公开 · 1.属于国家秘密"
    assert labels["table3"]["other.fee_unpaid"] == (
        "三、本年度办理结果 · （六）其他处理 · 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")
    assert labels["table3"]["total"] == "三、本年度办理结果 · （七）总计"
    assert labels["table3_columns"]["org.legal"] == "法人或其他组织 · 法律服务机构"
    assert labels["table2"]["normative_documents"] == "第二十条第（一）项 · 行政规范性文件"
    assert labels["table2_columns"]["in_force"] == "现行有效件数"
    assert labels["table4"]["litigation_after_reconsideration"] == "行政诉讼 · 复议后起诉"


def test_annual_2020_in_the_2019_format(cases_2020, staff):
    body = client_for(staff["op_a"]).get("/api/v1/reports/annual", {"unit": "DEPT-A", "year": 2020}).json()

    assert body["format"] == "2019" and body["violations"] == []
    assert list(body["table3"]) == list(annual2019.ROWS)
    assert "other.fee_unpaid" not in body["table3"]
    assert body["table3"]["other"]["natural_person"] == 3 and body["table3"]["total"]["total"] == 4
    assert body["labels"]["table3"]["other"] == "三、本年度办理结果 · （六）其他处理"
    t2 = body["table2"]
    assert set(t2) == {"regulations", "normative_documents", "licensing", "other_services", "penalty",
                       "enforcement", "fees", "procurement"}
    assert t2["licensing"] == {"previous_items": 12, "change": -2, "decisions": 340}
    assert t2["fees"] == {"previous_items": None, "change": None}
    assert t2["procurement"] == {"projects": 4, "amount_10k_yuan": 126.5}
    assert t2["normative_documents"] == {"made": 0, "published": 0, "public_total": 0}
    assert body["labels"]["table2"]["normative_documents"] == "第二十条第（一）项 · 规范性文件"
    assert body["labels"]["table2_columns"] == {
        "made": "本年新制作数量", "published": "本年新公开数量", "public_total": "对外公开总数量",
        "previous_items": "上一年项目数量", "change": "本年增/减", "decisions": "处理决定数量",
        "projects": "采购项目数量", "amount_10k_yuan": "采购总金额"}


def test_annual_2014_rows(tree, staff):
    InfoRequestFactory(unit=tree["a"], received_on=dt.date(2018, 5, 1), closed_on=dt.date(2018, 5, 20))
    body = client_for(staff["op_a"]).get("/api/v1/reports/annual", {"unit": "DEPT-A", "year": 2018}).json()
    assert body["format"] == "2014"
    assert [row["label"] for row in body["rows"]] == [row.label for row in legacy2014.ROWS]
    assert set(body["rows"][1]) == {"key", "section", "label", "unit", "value"}
    assert {r["key"]: r["value"] for r in body["rows"]}["received"] == 1
    assert body["violations"] == []


@pytest.mark.parametrize(("year", "fmt", "expected"), [
    (2020, "2021", "2020年度的报告应使用2019年格式（国办公开办函〔2019〕60号），不能使用2021年格式（国办公开办函〔2021〕30号）"),
    (2021, "2019", "2021年度的报告应使用2021年格式（国办公开办函〔2021〕30号），不能使用2019年格式"),
    (2018, "2021", "2018年度的报告应使用2014年统计表（国办发〔2014〕32号）"),
    (2019, "2014", "2019年度的报告应使用2019年格式"),
    (2021, "2018", "报表格式“2018”无效"),
])
def test_a_format_that_does_not_fit_the_year_is_refused_in_chinese(tree, staff, year, fmt, expected):
    api = client_for(staff["op_a"])
    response = api.get("/api/v1/reports/annual", {"unit": "DEPT-A", "year": year, "format": fmt})
    assert response.status_code == 400 and expected in response.json()["detail"]
    response = api.get("/api/v1/reports/annual.xlsx", {"unit": "DEPT-A", "year": year, "format": fmt})
    assert response.status_code == 400 and expected in response.json()["detail"]
    response = api.post("/api/v1/reports/validate", {"format": fmt, "year": year, "tables": {}},
                        content_type="application/json")
    assert response.status_code == 400 and expected in response.json()["detail"]


def test_the_format_that_fits_may_be_named(cases_2020, staff):
    api = client_for(staff["op_a"])
    assert api.get("/api/v1/reports/annual", {"unit": "DEPT-A", "year": 2020, "format": "2019"}).json()["format"] == "2019"


def test_access(cases, staff, client):
    assert client.get("/api/v1/reports/annual", {"unit": "DEPT-A", "year": 2021}).status_code == 401
    other = client_for(staff["op_b"])
    assert other.get("/api/v1/reports/annual", {"unit": "DEPT-A", "year": 2021}).status_code == 403
    assert other.get("/api/v1/reports/annual", {"unit": "GOV", "year": 2021, "rollup": True}).status_code == 403
    assert other.get("/api/v1/reports/annual", {"unit": "NOPE", "year": 2021}).status_code == 404
    response = other.get("/api/v1/reports/annual", {"unit": "DEPT-B", "year": 1999})
    assert response.status_code == 400 and "年度" in response.json()["detail"]
    assert other.get("/api/v1/reports/annual", {"unit": "DEPT-B", "year": 2021, "format": "2019"}).status_code == 400


def test_validate_the_seed_table(staff):
    rows = [{"label": label, "value": value} for label, _, value in SEED_2014]
    response = client_for(staff["op_a"]).post("/api/v1/reports/validate", {"format": "2014", "tables": {"rows": rows}},
                                              content_type="application/json")
    assert response.status_code == 200
    (v,) = response.json()["violations"]
    assert (v["row"], v["expected"], v["found"]) == ("answers", 41, 44)


def test_validate_a_2021_table_with_the_previous_year(cases, staff):
    api = client_for(staff["op_a"])
    year = api.get("/api/v1/reports/annual", {"unit": "DEPT-A", "year": 2021}).json()
    tables = {k: year[k] for k in ("table2", "table3", "table4")}
    tables["table3"]["carried_in"]["natural_person"] = 5
    response = api.post("/api/v1/reports/validate", {"format": "2021", "tables": tables, "previous": tables},
                        content_type="application/json")
    found = response.json()["violations"]
    rows = {(v["table"], v["row"]) for v in found}
    assert ("table3", "carried_out") in rows and ("table3", "carried_in") in rows
    carried_in = next(v for v in found if (v["row"], v["column"]) == ("carried_in", "natural_person"))
    assert carried_in["row_label"] == "二、上年结转政府信息公开申请数量" and carried_in["column_label"] == "自然人"
    assert "“二、上年结转政府信息公开申请数量”" in carried_in["message"]


def test_validate_a_2020_table_in_the_2019_layout_and_2021_after_it(cases_2020, cases, staff):
    api = client_for(staff["op_a"])
    t2020 = api.get("/api/v1/reports/annual", {"unit": "DEPT-A", "year": 2020}).json()
    t2021 = api.get("/api/v1/reports/annual", {"unit": "DEPT-A", "year": 2021}).json()
    tables_2020 = {k: t2020[k] for k in ("table2", "table3", "table4")}
    tables_2021 = {k: t2021[k] for k in ("table2", "table3", "table4")}

    # the year picks the layout: 2020's tables pass as 2019 tables and fail as 2021 ones
    ok = api.post("/api/v1/reports/validate", {"year": 2020, "tables": tables_2020},
                  content_type="application/json").json()
    assert ok == {"format": "2019", "violations": []}
    as_2021 = api.post("/api/v1/reports/validate", {"format": "2021", "tables": tables_2020},
                       content_type="application/json").json()["violations"]
    assert any("“other”" in v["message"] for v in as_2021)

    # 2021 after 2020: the previous year read in its own (2019) layout
    response = api.post("/api/v1/reports/validate", {"year": 2021, "tables": tables_2021, "previous": tables_2020},
                        content_type="application/json").json()
    assert response["format"] == "2021" and response["violations"] == []
    tables_2020["table3"]["other"]["natural_person"] = 2  # 三（七） no longer adds up
    broken = api.post("/api/v1/reports/validate", {"year": 2020, "tables": tables_2020},
                      content_type="application/json").json()["violations"]
    (v,) = [v for v in broken if v["row"] == "total"]
    assert v["row_label"] == "三、本年度办理结果 · （七）总计" and (v["expected"], v["found"]) == (3, 4)


def test_validate_needs_a_format_or_a_year(staff):
    response = client_for(staff["op_a"]).post("/api/v1/reports/validate", {"tables": {}},
                                              content_type="application/json")
    assert response.status_code == 400 and "格式" in response.json()["detail"]


def test_indicators_over_the_api(tree, staff):
    lead = client_for(staff["app_a"])
    response = lead.patch("/api/v1/reports/indicators",
                          {"unit": "DEPT-A", "year": 2021, "values": {"meetings": 2, "dedicated_funds_10k_yuan": 83.8}},
                          content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["values"]["dedicated_funds_10k_yuan"] == 83.8
    got = client_for(staff["op_a"]).get("/api/v1/reports/indicators", {"unit": "DEPT-A", "year": 2021}).json()
    assert got["values"]["meetings"] == 2 and got["values"]["trainees"] is None
    refused = client_for(staff["op_a"]).patch("/api/v1/reports/indicators",
                                             {"unit": "DEPT-A", "year": 2021, "values": {"meetings": 3}},
                                             content_type="application/json")
    assert refused.status_code == 403
    bad = lead.patch("/api/v1/reports/indicators", {"unit": "DEPT-A", "year": 2021, "values": {"meetings": -3}},
                     content_type="application/json")
    assert bad.status_code == 400 and "不能为负数" in bad.json()["detail"]
