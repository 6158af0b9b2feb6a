"""Tables of the 2021 format from hand-made records: each rule of RULES.md §4, one case at a time."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from report_factories import AppealFactory, InfoRequestFactory, normative

from gongkai.reports import annual2021
from gongkai.reports.scope import Scope
from gongkai.reports.selectors import annual_report
from gongkai.reports.services import indicators_update

D = dt.date


def t3(unit, year, **kw):
    return annual2021.table3(Scope(unit=unit, **kw), year)


def test_new_carried_in_outcomes_and_carried_out(tree):
    a = tree["a"]
    InfoRequestFactory(unit=a, received_on=D(2020, 12, 20))  # open over two year ends
    InfoRequestFactory(unit=a, received_on=D(2020, 12, 28), closed_on=D(2021, 1, 15), outcome="partial")
    InfoRequestFactory(unit=a, received_on=D(2020, 6, 1), closed_on=D(2020, 7, 1))  # closed before: not in 2021
    InfoRequestFactory(unit=a, received_on=D(2021, 3, 1), closed_on=D(2021, 3, 20), applicant_type="org.legal",
                       outcome="withheld.third_party")
    InfoRequestFactory(unit=a, received_on=D(2021, 12, 30), closed_on=D(2022, 1, 10))  # carried out
    InfoRequestFactory(unit=a, received_on=D(2022, 1, 5))  # next year: not counted

    table = t3(a, 2021)

    assert table["new"] == {"natural_person": 1, "org.business": 0, "org.research": 0, "org.nonprofit": 0,
                            "org.legal": 1, "org.other": 0, "total": 2}
    assert table["carried_in"]["natural_person"] == 2
    assert table["partial"]["natural_person"] == 1
    assert table["withheld.third_party"]["org.legal"] == 1
    assert table["total"]["total"] == 2
    assert table["carried_out"]["natural_person"] == 2 and table["carried_out"]["total"] == 2
    assert t3(a, 2022)["carried_in"]["total"] == 2  # = carried_out of 2021


def test_a_result_counts_in_the_year_its_reply_is_issued_not_the_year_it_is_delivered(tree):
    a = tree["a"]
    # given: a reply issued on 30 December 2025 and delivered on 4 January 2026
    InfoRequestFactory(unit=a, received_on=D(2025, 12, 1), replied_on=D(2025, 12, 30), closed_on=D(2026, 1, 4),
                       outcome="withheld.state_secret")
    # and a request received in 2025 and answered in 2026
    InfoRequestFactory(unit=a, received_on=D(2025, 12, 22), replied_on=D(2026, 1, 12), closed_on=D(2026, 1, 13),
                       applicant_type="org.business", outcome="unavailable.not_held")

    y2025, y2026 = t3(a, 2025), t3(a, 2026)

    # then the first is a 2025 result, neither carried out of 2025 nor carried into 2026
    assert y2025["new"]["total"] == 2
    assert y2025["withheld.state_secret"]["natural_person"] == 1 and y2025["total"]["total"] == 1
    assert y2025["carried_out"] == {**dict.fromkeys(annual2021.COLUMNS, 0), "org.business": 1, "total": 1}
    assert y2026["carried_in"] == y2025["carried_out"]
    assert y2026["withheld.state_secret"]["total"] == 0
    # the second is carried over and is a 2026 result
    assert y2026["unavailable.not_held"]["org.business"] == 1 and y2026["total"]["total"] == 1
    assert y2026["new"]["total"] == 0 and y2026["carried_out"]["total"] == 0
    for table in (y2025, y2026):
        for column in annual2021.COLUMNS:
            lhs = table["new"][column] + table["carried_in"][column]
            assert lhs == table["total"][column] + table["carried_out"][column]


def test_replied_but_not_yet_delivered_is_a_result_and_an_abandoned_case_counts_on_its_reply(tree):
    a = tree["a"]
    InfoRequestFactory(unit=a, received_on=D(2025, 11, 3), replied_on=D(2025, 12, 31))  # delivery pending
    InfoRequestFactory(unit=a, received_on=D(2025, 10, 9), replied_on=D(2025, 12, 29), closed_on=D(2026, 1, 5),
                       reply_kind="abandoned", outcome="other.no_supplement")
    InfoRequestFactory(unit=a, received_on=D(2025, 10, 9), replied_on=D(2026, 1, 6), closed_on=D(2026, 1, 6),
                       reply_kind="abandoned", outcome="other.fee_unpaid")

    table = t3(a, 2025)

    assert table["disclosed"]["total"] == 1 and table["other.no_supplement"]["total"] == 1
    assert table["other.fee_unpaid"]["total"] == 0 and table["carried_out"]["total"] == 1
    assert t3(a, 2026)["other.fee_unpaid"]["total"] == 1


def test_closed_without_an_outcome_counts_as_other_and_merged_cases_are_left_out(tree):
    a = tree["a"]
    InfoRequestFactory(unit=a, received_on=D(2021, 2, 1), closed_on=D(2021, 2, 10), outcome="")
    main = InfoRequestFactory(unit=a, received_on=D(2021, 2, 1), closed_on=D(2021, 2, 20))
    InfoRequestFactory(unit=a, received_on=D(2021, 2, 2), status="merged", merged_into=main)
    # merged after a reply date was entered: still left out
    InfoRequestFactory(unit=a, received_on=D(2021, 2, 3), replied_on=D(2021, 2, 9), status="merged", merged_into=main)

    table = t3(a, 2021)

    assert table["other.other"]["total"] == 1
    assert table["disclosed"]["total"] == 1
    assert table["new"]["total"] == 2 and table["total"]["total"] == 2


def test_table2_issued_repealed_in_force_across_years(tree):
    a = tree["a"]
    normative(a, written_on=D(2019, 5, 1))  # in force throughout
    normative(a, written_on=D(2020, 3, 1), validity="repealed", changed_on=D(2021, 4, 1), status="published",
              published_on=D(2020, 3, 10))
    normative(a, written_on=D(2021, 2, 1), kind="regulation")
    normative(a, written_on=D(2021, 5, 1), validity="revised", changed_on=D(2021, 11, 1))  # replaced in-year
    normative(a, written_on=D(2021, 6, 1), validity="expired", changed_on=D(2023, 6, 1))  # expires later
    normative(a, written_on=None, published_on=D(2021, 7, 1), status="published")  # no 成文日期: 发布日期
    normative(a, written_on=D(2021, 8, 1), validity="repealed")  # no date of repeal: the issue date

    def t2(year):
        return annual2021.table2(Scope(unit=a), year)

    assert t2(2020)["normative_documents"] == {"issued": 1, "repealed": 0, "in_force": 2}
    assert t2(2021)["normative_documents"] == {"issued": 4, "repealed": 3, "in_force": 3}
    assert t2(2021)["regulations"] == {"issued": 1, "repealed": 0, "in_force": 1}
    assert t2(2023)["normative_documents"] == {"issued": 0, "repealed": 1, "in_force": 2}
    for year in (2020, 2021, 2022, 2023):
        before, now = t2(year - 1)["normative_documents"], t2(year)["normative_documents"]
        assert now["in_force"] == before["in_force"] + now["issued"] - now["repealed"]


def test_table2_decisions_and_fees_come_from_the_indicators(tree, staff):
    a = tree["a"]
    empty = annual2021.table2(Scope(unit=a), 2021)
    assert empty["licensing"] == {"decisions": None} and empty["fees"] == {"amount_10k_yuan": None}
    indicators_update(unit=a, year=2021, actor=staff["app_a"], values={
        "licensing_decisions": 120, "penalty_decisions": 7, "enforcement_decisions": 0,
        "admin_fees_10k_yuan": "83.8"})
    indicators_update(unit=tree["b"], year=2021, actor=staff["app_b"], values={"licensing_decisions": 5})

    mine = annual_report(unit=a, year=2021)["table2"]
    assert mine["licensing"] == {"decisions": 120} and mine["penalty"] == {"decisions": 7}
    assert mine["enforcement"] == {"decisions": 0} and mine["fees"] == {"amount_10k_yuan": 83.8}
    rolled = annual_report(unit=tree["gov"], year=2021, rollup=True)["table2"]
    assert rolled["licensing"] == {"decisions": 125} and rolled["fees"] == {"amount_10k_yuan": 83.8}


def test_table4_by_result_at_the_year_end(tree):
    a = tree["a"]
    case = InfoRequestFactory(unit=a, received_on=D(2021, 1, 4), closed_on=D(2021, 1, 20))
    AppealFactory(request=case, filed_on=D(2021, 3, 1), result="upheld", decided_on=D(2021, 5, 1))
    AppealFactory(request=case, filed_on=D(2021, 11, 1), result="corrected", decided_on=D(2022, 1, 20))  # pending
    AppealFactory(request=case, filed_on=D(2021, 4, 1))  # pending
    AppealFactory(request=case, kind="litigation", filed_on=D(2021, 6, 1), result="other", decided_on=D(2021, 9, 1))
    AppealFactory(request=case, kind="litigation", after_reconsideration=True, filed_on=D(2021, 7, 1),
                  result="corrected", decided_on=D(2021, 12, 31))
    AppealFactory(request=case, filed_on=D(2020, 12, 31), result="upheld", decided_on=D(2021, 2, 1))  # 2020's

    table = annual2021.table4(Scope(unit=a), 2021)

    assert table["reconsideration"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 2, "total": 3}
    assert table["litigation_direct"] == {"upheld": 0, "corrected": 0, "other": 1, "pending": 0, "total": 1}
    assert table["litigation_after_reconsideration"] == {"upheld": 0, "corrected": 1, "other": 0, "pending": 0,
                                                         "total": 1}
    assert annual2021.table4(Scope(unit=a), 2022)["reconsideration"]["total"] == 0


def test_rollup_covers_the_subtree_with_or_without_towns(tree):
    for code, n in (("gov", 1), ("a", 2), ("b", 3), ("town", 4), ("town_x", 5)):
        for _ in range(n):
            InfoRequestFactory(unit=tree[code], received_on=D(2021, 5, 1))
    gov = tree["gov"]

    assert t3(gov, 2021)["new"]["total"] == 1
    assert t3(gov, 2021, rollup=True, include_towns=False)["new"]["total"] == 6
    assert t3(gov, 2021, rollup=True, include_towns=True)["new"]["total"] == 15
    # without an override, the government's own setting decides
    assert t3(gov, 2021, rollup=True)["new"]["total"] == 6
    gov.report_includes_towns = True
    gov.save(update_fields=["report_includes_towns"])
    assert t3(gov, 2021, rollup=True)["new"]["total"] == 15
    assert annual_report(unit=gov, year=2021, rollup=True)["include_towns"] is True
    assert t3(gov, 2021, rollup=True, include_towns=False)["new"]["total"] == 6
    # a town's own roll-up keeps the town itself
    assert t3(tree["town"], 2021, rollup=True, include_towns=False)["new"]["total"] == 9


def test_the_report_checks_its_own_tables(tree):
    InfoRequestFactory(unit=tree["a"], received_on=D(2021, 5, 1), closed_on=D(2021, 5, 10))
    report = annual_report(unit=tree["a"], year=2021)
    assert report["violations"] == []
    assert set(report) >= {"table2", "table3", "table4", "violations"}
    assert list(report["table3"]) == list(annual2021.ROWS)
    assert all(list(cells) == list(annual2021.COLUMNS) for cells in report["table3"].values())


@pytest.mark.parametrize("fmt", ["2021", "2019", "2014"])
def test_queries_do_not_grow_with_the_records(tree, staff, fmt):
    gov = tree["gov"]
    year = {"2021": 2021, "2019": 2020, "2014": 2018}[fmt]

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            annual_report(unit=gov, year=year, fmt=fmt, rollup=True, include_towns=True)
        return len(ctx.captured_queries)

    few = count()
    for code in ("a", "b", "town_x"):
        for day in range(1, 29):
            case = InfoRequestFactory(unit=tree[code], received_on=D(year, 2, day), closed_on=D(year, 3, day),
                                      outcome="unavailable.not_held", reply_kind="not_exist")
            AppealFactory(request=case, filed_on=D(year, 4, day))
        normative(tree[code], written_on=D(year, 2, 1))
    indicators_update(unit=tree["a"], year=year, actor=staff["app_a"], values={"meetings": 2, "procurement_projects": 3})
    many = count()
    assert few == many <= 6
