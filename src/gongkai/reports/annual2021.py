"""The tables of the national annual-report format of 2021 (国办公开办函〔2021〕30号), computed from the
records; the 2019 format (:mod:`gongkai.reports.annual2019`) is built on the same queries.

The labels are those of the notice's annex, 《中华人民共和国政府信息公开工作年度报告格式》, checked against
published copies of the notice (中国政府网 text reposted by local governments, e.g. 275167.com's copy of
宁国市商务局 and zrzy.smx.gov.cn) and against reports filled in on it (e.g. 九原区政务服务局 2022,
jiuyuanqu.gov.cn): table 二 in four blocks — 第二十条第（一）项 规章 / 行政规范性文件 × 本年制发件数 /
本年废止件数 / 现行有效件数; 第（五）项 行政许可 × 本年处理决定数量; 第（六）项 行政处罚, 行政强制 × 本年处理
决定数量; 第（八）项 行政事业性收费 × 本年收费金额（单位：万元）— and table 三 with （六）其他处理 in three
sub-rows (1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请; 2.申请人逾期未按收费通知要求缴纳
费用、行政机关不再处理其政府信息公开申请; 3.其他).

RULES.md §4. Each table is one aggregate query (GROUP BY with conditional counts), whatever the number of
records or units; a roll-up is the same query over :class:`~gongkai.reports.scope.Scope`'s subtree.

Table 二 — 规章 (``normative_kind=regulation``) and 行政规范性文件 (``normative``) of the register, in every
status (a document kept in the register without being disclosed still counts):
  * issued (本年制发) — issue date in the year; the issue date is 成文日期, or 发布日期 when none;
  * repealed (本年废止) — validity 废止 / 失效 / 已修订 with the date of that change in the year (a revised
    text stops being in force; its new version is counted as issued). A change date missing, or earlier
    than the issue date, is taken as the issue date, so that the identity below holds for every record;
  * in_force (现行有效) — issued by the year end and not yet repealed at the year end.
  Hence 现行有效(N) = 现行有效(N−1) + 制发(N) − 废止(N) by construction.
  行政许可 / 行政处罚 / 行政强制 decisions and 行政事业性收费 (万元) come from the yearly indicators (no
  licensing or penalty records are kept here); empty when not entered.

Table 三 — information requests (merged duplicates left out everywhere), by applicant type. A request's
result counts in the year its reply is issued (答复日期, :mod:`gongkai.reports.records`), not the year it is
delivered and closed:
  * new — received in the year; carried_in — received before the year and not answered before it began;
  * outcome rows — answered in the year (of those two groups), by outcome; an answer without a known
    outcome counts as （六）3 其他;  total — the sum of the outcome rows;
  * carried_out — received by the year end and not answered by then.
  So 一 + 二 = 三（七）+ 四 in every column, and carried_out(N) = carried_in(N+1), by construction.

Table 四 — appeals filed in the year, by their result at the year end: decided after the year end (or not
decided) → 尚未审结; any result other than 维持 / 纠正 → 其他结果.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, Greatest

from gongkai.disclosures.models import Disclosure
from gongkai.disclosures.taxonomy import NormativeKind, Validity
from gongkai.foi.codes import AppealKind, AppealResult, ApplicantType, Outcome
from gongkai.foi.models import Appeal, InfoRequest

from .layout import (
    APPEAL_COLUMNS,
    APPEAL_GROUPS,
    APPLICANTS,
    COLUMNS,
    COMMON_RESULTS,
    OTHER_HANDLING,
    Block,
    Layout,
    outcome_group,
)
from .models import YearIndicators
from .records import answered_on, requests_counted
from .scope import Scope, year_bounds

# --- the shape of the tables (codes and printed labels) ---------------------------------------------

NORMATIVE_ROWS: dict[str, str] = {"regulations": "规章", "normative_documents": "行政规范性文件"}
NORMATIVE_COLUMNS: dict[str, str] = {"issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数"}
DECISION_ROWS: dict[str, str] = {"licensing": "行政许可", "penalty": "行政处罚", "enforcement": "行政强制"}
KIND_OF_ROW = {"regulations": NormativeKind.REGULATION, "normative_documents": NormativeKind.NORMATIVE}

LAYOUT = Layout(
    format="2021",
    notice="国办公开办函〔2021〕30号",
    table2=(
        Block("第二十条第（一）项", NORMATIVE_ROWS, NORMATIVE_COLUMNS),
        Block("第二十条第（五）项", {"licensing": "行政许可"}, {"decisions": "本年处理决定数量"}),
        Block("第二十条第（六）项", {"penalty": "行政处罚", "enforcement": "行政强制"}, {"decisions": "本年处理决定数量"}),
        Block("第二十条第（八）项", {"fees": "行政事业性收费"}, {"amount_10k_yuan": "本年收费金额（单位：万元）"}),
    ),
    results=(*COMMON_RESULTS, outcome_group("（六）", OTHER_HANDLING)),
)
OUTCOMES: tuple[str, ...] = LAYOUT.outcome_rows
ROWS: tuple[str, ...] = LAYOUT.rows
ROW_LABELS: dict[str, str] = LAYOUT.row_labels


# --- computation ------------------------------------------------------------------------------------

def issued_on() -> Coalesce:
    """The issue date of a normative document: 成文日期, or 发布日期 when none."""
    return Coalesce("written_on", "published_on")


def normative_query(scope: Scope, counts: dict[str, Count]) -> dict[str, dict[str, int]]:
    """{"regulations" | "normative_documents": {count: n}} in one query grouped by kind. ``counts`` are
    conditional counts over the register's 规章 and 行政规范性文件, which may use the aliases ``issued_on``
    and ``left_on`` (the date a repealed / expired / revised text stopped being in force)."""
    left_on = Greatest(Coalesce("validity_changed_on", issued_on()), issued_on())
    rows = (
        Disclosure.objects.filter(scope.q(), normative_kind__in=list(KIND_OF_ROW.values()))
        .alias(issued_on=issued_on(), left_on=left_on)
        .order_by().values("normative_kind")
        .annotate(**counts)
    )
    by_kind = {row["normative_kind"]: row for row in rows}
    return {key: {column: by_kind.get(kind, {}).get(column, 0) for column in counts}
            for key, kind in KIND_OF_ROW.items()}


def issued_between(start: dt.date, end: dt.date) -> Q:
    return Q(issued_on__gte=start, issued_on__lte=end)


def normative_counts(scope: Scope, year: int) -> dict[str, dict[str, int]]:
    """{"regulations" | "normative_documents": {"issued", "repealed", "in_force"}} (one query)."""
    start, end = year_bounds(year)
    gone = ~Q(validity=Validity.VALID)
    return normative_query(scope, {
        "issued": Count("pk", filter=issued_between(start, end)),
        "repealed": Count("pk", filter=gone & Q(left_on__gte=start, left_on__lte=end)),
        "in_force": Count("pk", filter=Q(issued_on__lte=end) & (~gone | Q(left_on__gt=end))),
    })


def table2(scope: Scope, year: int) -> dict:
    out: dict = normative_counts(scope, year)
    indicators = indicator_sums(scope, year, ("licensing_decisions", "penalty_decisions", "enforcement_decisions",
                                              "admin_fees_10k_yuan"))
    for key in DECISION_ROWS:
        out[key] = {"decisions": indicators[f"{key}_decisions"]}
    out["fees"] = {"amount_10k_yuan": indicators["admin_fees_10k_yuan"]}
    return out


def indicator_sums(scope: Scope, year: int, fields) -> dict[str, int | Decimal | None]:
    """The covered units' indicators summed; a field nobody entered stays None (an empty cell)."""
    return YearIndicators.objects.filter(scope.q(), year=year).aggregate(**{f: Sum(f) for f in fields})


def table3(scope: Scope, year: int) -> dict[str, dict[str, int]]:
    start, end = year_bounds(year)
    answered = Q(answered_day__isnull=False, answered_day__lte=end)
    known = [code for code in OUTCOMES if code != Outcome.OTHER]
    counts = {
        "new": Count("pk", filter=Q(received_day__gte=start)),
        "carried_in": Count("pk", filter=Q(received_day__lt=start)),
        "carried_out": Count("pk", filter=Q(answered_day__isnull=True) | Q(answered_day__gt=end)),
    }
    for i, code in enumerate(OUTCOMES):
        is_code = Q(outcome=code) if code != Outcome.OTHER else ~Q(outcome__in=known)
        counts[f"o{i}"] = Count("pk", filter=answered & is_code)
    grouped = (
        InfoRequest.objects.alias(received_day=scope.col("received_on"), answered_day=answered_on())
        .filter(scope.q(), requests_counted(), received_day__lte=end)
        # the year's cases: received in it, or received before and not yet answered at its start
        .filter(Q(received_day__gte=start) | Q(answered_day__isnull=True) | Q(answered_day__gte=start))
        .order_by().values("applicant_type").annotate(**counts)
    )
    table = {row: dict.fromkeys(COLUMNS, 0) for row in ROWS}
    for group in grouped:
        # an applicant type the form does not know is an "other" organisation, so no case is lost
        column = group["applicant_type"] if group["applicant_type"] in APPLICANTS else ApplicantType.OTHER_ORG
        for row in ("new", "carried_in", "carried_out"):
            table[row][column] += group[row]
        for i, code in enumerate(OUTCOMES):
            table[code][column] += group[f"o{i}"]
    return totals3(table)


def totals3(table: dict[str, dict[str, int]], layout: Layout = LAYOUT) -> dict[str, dict[str, int]]:
    """Fill in the total row (sum of the outcome rows) and the total column (sum of the applicants)."""
    for column in APPLICANTS:
        table["total"][column] = sum(table[code][column] for code in layout.outcome_rows)
    for row in layout.rows:
        table[row]["total"] = sum(table[row][column] for column in APPLICANTS)
    return table


def appeals_at_year_end(year: int) -> dict[str, Count]:
    """Conditional counts of appeals by their result as it stood on 31 December of ``year``."""
    _, end = year_bounds(year)
    decided = ~Q(result=AppealResult.PENDING) & (Q(decided_on__isnull=True) | Q(decided_on__lte=end))
    return {
        "upheld": Count("pk", filter=decided & Q(result=AppealResult.UPHELD)),
        "corrected": Count("pk", filter=decided & Q(result=AppealResult.CORRECTED)),
        "other": Count("pk", filter=decided & ~Q(result__in=[AppealResult.UPHELD, AppealResult.CORRECTED])),
        "pending": Count("pk", filter=~decided),
        "total": Count("pk"),
    }


def appeal_rows(scope: Scope, year: int) -> list[dict]:
    start, end = year_bounds(year)
    return list(
        Appeal.objects.filter(scope.q("request__unit"), filed_on__gte=start, filed_on__lte=end)
        .order_by().values("kind", "after_reconsideration").annotate(**appeals_at_year_end(year))
    )


def table4(scope: Scope, year: int, rows: list[dict] | None = None) -> dict[str, dict[str, int]]:
    out = {group: dict.fromkeys(APPEAL_COLUMNS, 0) for group in APPEAL_GROUPS}
    for row in appeal_rows(scope, year) if rows is None else rows:
        if row["kind"] == AppealKind.RECONSIDERATION:
            group = "reconsideration"
        else:
            group = "litigation_after_reconsideration" if row["after_reconsideration"] else "litigation_direct"
        for column in APPEAL_COLUMNS:
            out[group][column] += row[column]
    return out


def tables(scope: Scope, year: int) -> dict:
    """The three tables of the 2021 format for ``scope`` and ``year`` (five queries)."""
    return {"table2": table2(scope, year), "table3": table3(scope, year), "table4": table4(scope, year)}
