"""The validator on tables typed in or imported: the seed's printed table, and 2021 tables with mistakes."""

import copy

import pytest
from seed_2014 import SEED_2014

from gongkai.core.errors import DomainError
from gongkai.reports import annual2019, annual2021, legacy2014
from gongkai.reports.validate import validate, validate_2014, validate_2019, validate_2021


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


def good_2019() -> dict:
    """A consistent table of the 2019 format: （六）其他处理 is one row, table 二 its own five blocks."""
    table3 = {row: dict.fromkeys(annual2021.COLUMNS, 0) for row in annual2019.ROWS}
    for row, n in (("new", 6), ("carried_in", 1), ("disclosed", 3), ("other", 2), ("carried_out", 2)):
        table3[row]["natural_person"] = n
    annual2021.totals3(table3, annual2019.LAYOUT)
    items = {"previous_items": 10, "change": -2, "decisions": 40}
    return {
        "table2": {"regulations": {"made": 0, "published": 0, "public_total": 3},
                   "normative_documents": {"made": 4, "published": 3, "public_total": 20},
                   "licensing": items, "other_services": dict(items), "penalty": dict(items),
                   "enforcement": {"previous_items": None, "change": None, "decisions": None},
                   "fees": {"previous_items": 2, "change": 0}, "procurement": {"projects": 3, "amount_10k_yuan": 88.5}},
        "table3": table3,
        "table4": {g: {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0} for g in annual2021.APPEAL_GROUPS},
    }


def test_a_consistent_2019_table_passes_and_fails_as_a_2021_one():
    assert validate_2019(good_2019()) == []
    assert validate("2019", good_2019(), year=2020) == []
    as_2021 = validate_2021(good_2019())
    assert any(v["row"] == "other" and "没有代码为“other”的行" in v["message"] for v in as_2021)
    assert any(v["row"] == "normative_documents" and v["column"] == "made" for v in as_2021)


def test_2019_identities_with_the_forms_labels():
    tables = good_2019()
    tables["table3"]["other"]["natural_person"] = 1  # 三（七）总计 now exceeds the outcome rows
    tables["table2"]["normative_documents"]["published"] = 21  # more than 对外公开总数量
    tables["table2"]["penalty"]["change"] = -11  # 10 − 11 items at the year end
    tables["table2"]["fees"]["decisions"] = 4  # 行政事业性收费 has no 处理决定数量 in 2019

    found = {(v["table"], v["row"], v["column"], v["expected"], v["found"]): v for v in validate_2019(tables)}

    total = found[("table3", "total", "natural_person", 4, 5)]
    assert total["row_label"] == "三、本年度办理结果 · （七）总计" and total["column_label"] == "自然人"
    published = found[("table2", "normative_documents", "published", 20, 21)]
    assert published["row_label"] == "第二十条第（一）项 · 规范性文件"
    assert "本年新公开数量（21）不应大于对外公开总数量（20）" in published["message"]
    assert ("table2", "penalty", "change", -10, -11) in found
    fees = next(v for v in found.values() if v["row"] == "fees")
    assert "“第二十条第（八）项 · 行政事业性收费”没有“处理决定数量”一栏" in fees["message"]


def test_2019_cross_year_and_2020_to_2021():
    y2019, y2020 = good_2019(), good_2019()
    y2020["table3"]["carried_in"]["natural_person"] = 2  # 2019 carried 2 out
    annual2021.totals3(y2020["table3"], annual2019.LAYOUT)
    y2020["table3"]["carried_out"]["natural_person"] = 3
    annual2021.totals3(y2020["table3"], annual2019.LAYOUT)
    for row in ("other_services", "penalty"):
        y2020["table2"][row]["previous_items"] = 8  # 10 − 2 at the end of 2019
    y2020["table2"]["licensing"]["previous_items"] = 9

    found = {(v["table"], v["row"], v["column"], v["expected"], v["found"])
             for v in validate("2019", y2020, previous=y2019, year=2020)}
    assert found == {("table2", "licensing", "previous_items", 8, 9)}

    # 2021 after 2020: 二 of 2021 against 四 of 2020, each year read in its own format
    y2021 = good_2021()
    y2021["table3"]["carried_in"]["natural_person"] = 3
    y2021["table3"]["carried_out"]["natural_person"] = 4
    annual2021.totals3(y2021["table3"])
    assert validate(None, y2021, previous=y2020, year=2021) == []
    y2021["table3"]["carried_in"]["natural_person"] = 1
    y2021["table3"]["carried_out"]["natural_person"] = 2
    annual2021.totals3(y2021["table3"])
    found = {(v["row"], v["column"], v["expected"], v["found"]) for v in validate(None, y2021, previous=y2020, year=2021)}
    assert found == {("carried_in", "natural_person", 3, 1), ("carried_in", "total", 3, 1)}
    assert {v["table"] for v in validate(None, y2020, following=y2021, year=2020)} == {"following.table3"}


def test_a_format_that_does_not_fit_the_year_is_refused():
    with pytest.raises(DomainError, match="2020年度的报告应使用2019年格式"):
        validate("2021", good_2021(), year=2020)
    with pytest.raises(DomainError, match="报表格式“2022”无效"):
        validate("2022", good_2021())
