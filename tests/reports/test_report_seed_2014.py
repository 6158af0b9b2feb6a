"""The seed report's 2014 table comes out of the demo records, cell by cell.

The demo is loaded once for this module (about ten seconds) in a transaction rolled back at the end. The
seed's table is the district's (填报单位 宁波市镇海区人民政府): the roll-up of ZH with its departments,
streets and towns — towns included because that is the district government's own setting
(``Unit.report_includes_towns``), not because of a parameter or an environment variable.

Cells the records do not reproduce, on purpose:
  * 1.属于已主动公开范围数 (printed 1) and 8.告知通过其他途径办理数 (printed 2): the eight answer rows add
    up to 44 for 41 closed requests, so they cannot all be true; the report's text names the 41 (7 disclosed,
    3 partly, 8 not this agency, 22 not existing, 1 refused), which is what the records hold — those two
    rows come out 0, and the validator flags the printed table (test_report_validate.py);
  * （三）申请答复数: left empty on the print, computed as 41 (one answer per closed request);
  * empty cells come out as 0 where records are counted (channels, 当面/传真, refusal reasons …) and stay
    empty where an indicator was not entered (专职人员数, 举报投诉数量 …);
  * the unit of 2.兼职人员数, empty on the print, is 人.
"""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from seed_2014 import SEED_2014

from gongkai.orgs.models import Unit
from gongkai.reports import annual2021, legacy2014
from gongkai.reports.scope import Scope
from gongkai.reports.selectors import annual_report
from gongkai.reports.validate import validate_2021

NOT_REPRODUCED = {"answer_already_public": (1, 0), "answer_other_route": (2, 0), "answers": (None, 41)}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                call_command("demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def district(demo, db):
    zh = Unit.objects.get(code="ZH")
    return annual_report(unit=zh, year=2014, rollup=True)


def test_the_district_includes_its_towns_by_its_own_setting(demo, db):
    assert Unit.objects.get(code="ZH").report_includes_towns is True


def test_every_consistent_cell_of_the_seed_table_is_reproduced(district):
    rows = district["rows"]
    assert len(rows) == len(SEED_2014)
    mismatches = []
    for row, (label, unit, printed) in zip(rows, SEED_2014, strict=True):
        assert row["label"] == label
        assert row["unit"] == (unit or ("人" if row["key"] == "staff_part_time" else ""))
        if row["key"] in NOT_REPRODUCED:
            assert (printed, row["value"]) == NOT_REPRODUCED[row["key"]], row["key"]
            continue
        value = row["value"]
        if printed is None:  # empty on the print: 0 from the records, or an indicator nobody entered
            if value not in (None, 0):
                mismatches.append((label, printed, value))
        elif Decimal(str(value)) != printed:
            mismatches.append((label, printed, value))
    assert mismatches == []


def test_the_generated_table_passes_its_own_checks(district):
    assert district["format"] == "2014" and district["include_towns"] is True
    assert district["violations"] == []
    by_key = {row["key"]: row for row in district["rows"]}
    assert by_key["answers"]["section"] == "三、依申请公开情况"
    assert sum(by_key[k]["value"] for k in legacy2014.ANSWER_ROWS) == 41


def test_the_same_records_in_the_tables_of_the_2021_format(demo, db):
    """The 2021 tables computed over 2014's records (a report on 2014 itself uses the 2014 form)."""
    zh = Unit.objects.get(code="ZH")
    tables = annual2021.tables(Scope(unit=zh, rollup=True), 2014)
    t3 = tables["table3"]
    assert validate_2021(tables) == []
    assert t3["new"]["total"] == 41 and t3["carried_in"]["total"] == 0 and t3["carried_out"]["total"] == 0
    assert (t3["disclosed"]["total"], t3["partial"]["total"], t3["withheld.prohibited_by_law"]["total"],
            t3["unavailable.not_held"]["total"]) == (7, 3, 1, 30)
    assert tables["table2"]["normative_documents"] == {"issued": 25, "repealed": 0, "in_force": 25}
    assert tables["table4"]["reconsideration"] == {"upheld": 2, "corrected": 0, "other": 0, "pending": 0, "total": 2}
    assert tables["table4"]["litigation_direct"]["upheld"] == 1
    # without the streets and towns the district counts fewer requests
    no_towns = annual_report(unit=zh, year=2014, rollup=True, include_towns=False)
    assert {r["key"]: r["value"] for r in no_towns["rows"]}["received"] == 36


def test_the_district_report_takes_a_handful_of_queries(demo, db):
    zh = Unit.objects.get(code="ZH")
    with CaptureQueriesContext(connection) as ctx:
        annual_report(unit=zh, year=2014, rollup=True)
    assert len(ctx.captured_queries) <= 6
    with CaptureQueriesContext(connection) as ctx:
        annual2021.tables(Scope(unit=zh, rollup=True), 2014)
    assert len(ctx.captured_queries) <= 4


def test_the_command_writes_the_district_table(demo, db, tmp_path):
    out = tmp_path / "zh-2014.json"
    err = io.StringIO()
    call_command("report", "--unit", "ZH", "--year", "2014", "--rollup", "--out", str(out), stderr=err)
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["format"] == "2014" and saved["include_towns"] is True
    assert {row["key"]: row["value"] for row in saved["rows"]}["published"] == 14076
    assert "校验通过" in err.getvalue()
