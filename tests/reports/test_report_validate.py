"""The validator on tables typed in or imported: the seed's printed table, and 2021 tables with mistakes."""

import copy

from seed_2014 import SEED_2014

from gongkai.reports import annual2021, legacy2014
from gongkai.reports.validate import validate, validate_2014, validate_2021


def seed_rows() -> list[dict]:
    return [{"label": label, "value": value} for label, _unit, value in SEED_2014]


def test_the_seed_table_as_printed_breaks_the_answer_rows():
    violations = validate_2014({"rows": seed_rows()})

    assert len(violations) == 1
    (v,) = violations
    assert (v["table"], v["row"], v["column"], v["expected"], v["found"]) == ("legacy2014", "answers", "value", 41, 44)
    assert "44" in v["message"] and "41" in v["message"] and "申请办结数" in v["message"]


def test_the_seed_table_rows_are_the_form_rows():
    """Every printed line is a row of the product's form, in the same order, with the same label."""
    assert [label for label, _, _ in SEED_2014] == [row.label for row in legacy2014.ROWS]


def test_legacy_identities_each_reported_on_its_total():
    values = {row.key: value for row, (_, _, value) in zip(legacy2014.ROWS, SEED_2014, strict=True)
              if row.kind == "value"}
    values.update(answer_already_public=0, answer_other_route=0)  # the 41 the text describes
    assert validate_2014(values) == []

    broken = dict(values, received_online=29, closed_extended=1, refuse_privacy=1, reconsideration_upheld=1,
                  staff_full_time=3, answers=40, press_conferences_principal=3, channel_weibo=20000)
    found = {(v["row"], v["expected"], v["found"]) for v in validate_2014(broken)}
    assert found == {
        ("received", 40, 41), ("closed", 42, 41), ("answer_refuse", 2, 1), ("reconsideration", 1, 2),
        ("staff", 53, 50), ("answers", 41, 40), ("press_conferences_principal", 2, 3),
        ("channel_weibo", 14076, 20000),
    }


def test_legacy_input_errors_are_violations_not_crashes():
    found = validate_2014({"rows": [{"label": "不存在的行", "value": 1}, {"key": "received", "value": "四十一"},
                                    {"key": "proactive", "value": 3}, "x"]})
    messages = " ".join(v["message"] for v in found)
    assert "不存在的行" in messages and "四十一" in messages and "标题行" in messages
    assert validate("2014", "not a table")


def good_2021() -> dict:
    table3 = {row: dict.fromkeys(annual2021.COLUMNS, 0) for row in annual2021.ROWS}
    for row, n in (("new", 10), ("carried_in", 2), ("disclosed", 5), ("unavailable.not_held", 4),
                   ("carried_out", 3)):
        table3[row]["natural_person"] = n
    annual2021.totals3(table3)
    return {
        "table2": {"regulations": {"issued": 0, "repealed": 0, "in_force": 1},
                   "normative_documents": {"issued": 3, "repealed": 1, "in_force": 12},
                   "licensing": {"decisions": 5}, "penalty": {"decisions": None}, "enforcement": {"decisions": 0},
                   "fees": {"amount_10k_yuan": 1.25}},
        "table3": table3,
        "table4": {g: {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2}
                   for g in annual2021.APPEAL_GROUPS},
    }


def test_a_consistent_2021_table_passes():
    assert validate_2021(good_2021()) == []


def test_2021_mistakes_name_row_column_expected_and_found():
    tables = good_2021()
    tables["table3"]["total"]["natural_person"] = 8  # outcome rows add up to 9
    tables["table3"]["new"]["total"] = 11  # columns add up to 10
    tables["table4"]["litigation_direct"]["total"] = 3

    found = {(v["table"], v["row"], v["column"], v["expected"], v["found"]) for v in validate_2021(tables)}

    assert ("table3", "total", "natural_person", 9, 8) in found
    assert ("table3", "carried_out", "natural_person", 4, 3) in found  # 10 + 2 = 8 + 3 is false
    assert ("table3", "new", "total", 10, 11) in found
    assert ("table4", "litigation_direct", "total", 2, 3) in found
    assert all(v["message"] for v in validate_2021(tables))


def test_2021_cross_year_identities():
    before = good_2021()
    after = copy.deepcopy(before)
    after["table3"]["carried_in"]["natural_person"] = 2  # last year carried 3 out
    after["table2"]["normative_documents"] = {"issued": 2, "repealed": 0, "in_force": 15}  # 12 + 2 − 0 = 14

    found = {(v["table"], v["row"], v["column"], v["expected"], v["found"])
             for v in validate_2021(after, previous=before)}

    assert ("table3", "carried_in", "natural_person", 3, 2) in found
    assert ("table2", "normative_documents", "in_force", 14, 15) in found
    assert {v["table"] for v in validate_2021(before, following=after)} >= {"following.table3", "following.table2"}


def test_2021_bad_cells_and_unknown_codes():
    tables = good_2021()
    tables["table3"]["new"]["natural_person"] = -1
    tables["table3"]["bogus"] = {"total": 1}
    tables["table3"]["disclosed"]["martians"] = 1
    tables["table2"]["licensing"]["issued"] = 4

    messages = " ".join(v["message"] for v in validate_2021(tables))

    assert "非负整数" in messages and "bogus" in messages and "martians" in messages and "本年制发件数" in messages
