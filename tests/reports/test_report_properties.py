"""Property tests: for any set of cases over three years, the generated tables satisfy every identity of
RULES.md §4 (the validator finds nothing, within a year and across years), agree with a naive count
made in Python, and a roll-up is the sum of its units."""

import datetime as dt

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_factories import normative

from gongkai.foi.codes import ApplicantType, Outcome
from gongkai.foi.models import Appeal, InfoRequest
from gongkai.reports import annual2021
from gongkai.reports.scope import Scope
from gongkai.reports.validate import validate_2021

YEARS = (2020, 2021, 2022)
FIRST, LAST = dt.date(2019, 6, 1), dt.date(2023, 6, 30)
UNITS = ("gov", "a", "b", "town", "town_x")

# year ends are where off-by-one mistakes live: draw them often
EDGES = [dt.date(y, m, d) for y in range(2019, 2024) for m, d in ((1, 1), (1, 2), (12, 30), (12, 31))]
dates = st.one_of(st.dates(min_value=FIRST, max_value=LAST), st.sampled_from(EDGES))
case = st.fixed_dictionaries({
    "unit": st.sampled_from(UNITS),
    "received_on": dates,
    "closed_on": st.one_of(st.none(), dates),  # taken as the receipt date when earlier
    "outcome": st.sampled_from([*Outcome.values, ""]),
    "applicant_type": st.sampled_from(ApplicantType.values),
    "merged": st.integers(min_value=0, max_value=4).map(lambda n: n == 0),  # one case in five a duplicate
})
appeal = st.fixed_dictionaries({
    "kind": st.sampled_from(["reconsideration", "litigation_direct", "litigation_after"]),
    "filed_on": dates,
    "result": st.sampled_from(["upheld", "corrected", "other", "pending"]),
    "decided_on": dates,  # taken as the filing date when earlier
})
document = st.fixed_dictionaries({
    "unit": st.sampled_from(UNITS),
    "kind": st.sampled_from(["regulation", "normative"]),
    "written_on": dates,
    "validity": st.sampled_from(["valid", "valid", "repealed", "expired", "revised"]),
    "changed_on": st.one_of(st.none(), dates),  # any date, even before the issue date (bad data)
})


def _closed(c) -> dt.date | None:
    return None if c["closed_on"] is None else max(c["closed_on"], c["received_on"])


def _store(tree, cases, appeals, documents):
    rows = []
    for i, c in enumerate(cases):
        closed = _closed(c)
        rows.append(InfoRequest(
            number=f"P-{i}", query_code_digest="x", unit=tree[c["unit"]], original_unit=tree[c["unit"]],
            channel="online", received_on=c["received_on"], receipt_basis="both_confirmed",
            applicant_type=c["applicant_type"], applicant_name="甲", id_type="resident_id", id_number="1",
            description="…", delivery_form="electronic", delivery_way="email",
            status="closed" if closed else "processing", closed_on=closed, outcome=c["outcome"] if closed else ""))
    stored = InfoRequest.objects.bulk_create(rows)
    for request, c in zip(stored, cases, strict=True):  # a merged duplicate points at the first case
        if c["merged"] and request is not stored[0]:
            InfoRequest.objects.filter(pk=request.pk).update(merged_into=stored[0], status="merged")
    if stored:
        Appeal.objects.bulk_create([
            Appeal(request=stored[i % len(stored)], kind="reconsideration" if a["kind"] == "reconsideration"
                   else "litigation", after_reconsideration=a["kind"] == "litigation_after", filed_on=a["filed_on"],
                   result=a["result"],
                   decided_on=None if a["result"] == "pending" else max(a["filed_on"], a["decided_on"]))
            for i, a in enumerate(appeals)])
    for d in documents:
        normative(tree[d["unit"]], written_on=d["written_on"], kind=d["kind"], validity=d["validity"],
                  changed_on=d["changed_on"])


def _naive_table3(cases, year, units):
    """The same table counted case by case in Python, straight from the definitions."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    table = {row: dict.fromkeys(annual2021.COLUMNS, 0) for row in annual2021.ROWS}
    for i, c in enumerate(cases):
        if c["unit"] not in units or (c["merged"] and i > 0):
            continue
        r, closed = c["received_on"], _closed(c)
        column = c["applicant_type"]
        if r > end or (r < start and closed is not None and closed < start):
            continue
        table["new" if r >= start else "carried_in"][column] += 1
        if closed is None or closed > end:
            table["carried_out"][column] += 1
        else:
            table[c["outcome"] or "other.other"][column] += 1
    return annual2021.totals3(table)


def _naive_table4(appeals, year, has_cases):
    end = dt.date(year, 12, 31)
    groups = {"reconsideration": "reconsideration", "litigation_direct": "litigation_direct",
              "litigation_after": "litigation_after_reconsideration"}
    table = {g: dict.fromkeys(annual2021.APPEAL_COLUMNS, 0) for g in groups.values()}
    for a in appeals if has_cases else []:
        if a["filed_on"].year != year:
            continue
        row = table[groups[a["kind"]]]
        decided = a["result"] != "pending" and max(a["filed_on"], a["decided_on"]) <= end
        row[a["result"] if decided else "pending"] += 1
        row["total"] += 1
    return table


def _sum(tables):
    """Cell-by-cell sum of several units' 2021 tables."""
    def add(values):
        if isinstance(values[0], dict):
            return {key: add([v[key] for v in values]) for key in values[0]}
        present = [v for v in values if v is not None]
        return sum(present) if present else None
    return add(tables)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(cases=st.lists(case, max_size=40), appeals=st.lists(appeal, max_size=12),
       documents=st.lists(document, max_size=12))
def test_tables_hold_every_identity_and_match_a_naive_count(tree, cases, appeals, documents):
    with transaction.atomic():
        _store(tree, cases, appeals, documents)
        rollup = Scope(unit=tree["gov"], rollup=True, include_towns=True)
        by_year = {year: annual2021.tables(rollup, year) for year in (2019, *YEARS)}
        for year in YEARS:
            tables = by_year[year]
            assert validate_2021(tables, previous=by_year[year - 1]) == []
            assert tables["table3"] == _naive_table3(cases, year, set(UNITS))
            assert tables["table4"] == _naive_table4(appeals, year, bool(cases))
            assert {k: tables["table3"]["carried_out"][k] for k in annual2021.COLUMNS} == \
                {k: annual2021.table3(rollup, year + 1)["carried_in"][k] for k in annual2021.COLUMNS}
            # the roll-up is the sum of its units, with towns and without
            each = [annual2021.tables(Scope(unit=tree[code]), year) for code in UNITS]
            assert tables == _sum(each)
            no_towns = annual2021.tables(Scope(unit=tree["gov"], rollup=True, include_towns=False), year)
            assert no_towns == _sum(each[:3])
            assert no_towns["table3"] == _naive_table3(cases, year, {"gov", "a", "b"})
        transaction.set_rollback(True)
