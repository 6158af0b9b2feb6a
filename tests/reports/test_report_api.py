"""``/api/v1/reports/``: the annual tables, the validator and the indicators over HTTP, with tokens."""

import datetime as dt

import pytest
from django.test import Client
from report_factories import InfoRequestFactory
from seed_2014 import SEED_2014

from gongkai.api.auth import token_issue
from gongkai.reports import annual2021, legacy2014


def client_for(user) -> Client:
    token, _ = token_issue(user=user)
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def cases(tree):
    InfoRequestFactory(unit=tree["a"], received_on=dt.date(2021, 5, 1), closed_on=dt.date(2021, 5, 20))
    InfoRequestFactory(unit=tree["b"], received_on=dt.date(2021, 6, 1), applicant_type="org.business")


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


def test_annual_2014_rows(cases, staff):
    body = client_for(staff["op_a"]).get(
        "/api/v1/reports/annual", {"unit": "DEPT-A", "year": 2021, "format": "2014"}).json()
    assert [row["label"] for row in body["rows"]] == [row.label for row in legacy2014.ROWS]
    assert set(body["rows"][1]) == {"key", "section", "label", "unit", "value"}
    assert {r["key"]: r["value"] for r in body["rows"]}["received"] == 1
    assert body["violations"] == []


def test_access(cases, staff, client):
    assert client.get("/api/v1/reports/annual", {"unit": "DEPT-A", "year": 2021}).status_code == 401
    other = client_for(staff["op_b"])
    assert other.get("/api/v1/reports/annual", {"unit": "DEPT-A", "year": 2021}).status_code == 403
    assert other.get("/api/v1/reports/annual", {"unit": "GOV", "year": 2021, "rollup": True}).status_code == 403
    assert other.get("/api/v1/reports/annual", {"unit": "NOPE", "year": 2021}).status_code == 404
    response = other.get("/api/v1/reports/annual", {"unit": "DEPT-B", "year": 1999})
    assert response.status_code == 400 and "年度" in response.json()["detail"]
    assert other.get("/api/v1/reports/annual", {"unit": "DEPT-B", "year": 2021, "format": "2019"}).status_code == 422


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
    rows = {(v["table"], v["row"]) for v in response.json()["violations"]}
    assert ("table3", "carried_out") in rows and ("table3", "carried_in") in rows


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
