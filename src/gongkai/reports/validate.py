"""Check report tables against their own identities (RULES.md §4), whoever filled them in.

Works on plain data — tables the product computed, typed in by a clerk, or imported from a published
report — so the same checks guard every path. Each violation is a dict
``{"table", "row", "column", "expected", "found", "message"}``: ``row`` / ``column`` are the codes of
the cell that does not agree (the total, or the later year's cell in a cross-year check), ``expected`` the
value the identity asks for, ``found`` the value in the table, ``message`` a sentence in Chinese.
An empty cell counts as 0 in sums.

2021 format (``tables = {"table2", "table3", "table4"}`` as the API returns them):
  * table 三, per column: 一 + 二 = 三（七）总计 + 四 (reported on 四, 结转下年度继续办理);
  * table 三: （七）总计 = the sum of the 21 outcome rows; 总计 column = 自然人 + the five organisations;
  * table 四: each 总计 = 维持 + 纠正 + 其他 + 尚未审结;
  * every count a non-negative integer;
  * with ``previous`` (year N−1's tables): 二 of N = 四 of N−1 per column; 现行有效(N) = 现行有效(N−1) +
    制发(N) − 废止(N) for 规章 and 行政规范性文件. With ``following`` (year N+1), the same one year on.
Legacy 2014 form (``tables = {"rows": [{"key" or "label", "value"}, …]}`` or ``{key: value}``):
  收到申请数 = the four channel rows; 申请办结数 = 按时 + 延期; 申请答复数 = the eight answer rows, and the
  answers equal the closed cases (one answer each; an empty 申请答复数 is read as 申请办结数); 不同意公开
  = its six reasons; 行政复议 / 行政诉讼 = 维持 + 纠错 + 其他; 工作人员数 = 专职 + 兼职; a "其中" row or a
  channel row may not exceed its whole.
"""

from decimal import Decimal, InvalidOperation

from . import annual2021 as f21
from . import legacy2014 as f14

Violation = dict


def _v(table, row, column, expected, found, message) -> Violation:
    return {"table": table, "row": row, "column": column, "expected": expected, "found": found, "message": message}


def _number(value, *, amount: bool = False):
    """The cell as a number; None for an empty cell; raises ValueError for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError
    if amount:
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise ValueError from None
        if not number.is_finite() or number < 0:
            raise ValueError
        return number
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or value < 0:
        raise ValueError
    return value


def _cells(table: str, data, rows, columns, labels, violations) -> dict[str, dict[str, int | None]]:
    """Read a {row: {column: n}} block; unknown codes and bad numbers become violations."""
    row_labels, column_labels = labels
    out = {row: dict.fromkeys(columns) for row in rows}
    if not isinstance(data, dict):
        violations.append(_v(table, None, None, None, None, f"{table} 应为以行代码为键的对象。"))
        return out
    for row, cells in data.items():
        if row not in out:
            violations.append(_v(table, row, None, None, None, f"{table} 中没有代码为“{row}”的行。"))
            continue
        if not isinstance(cells, dict):
            violations.append(_v(table, row, None, None, cells, f"{row_labels[row]}应为以列代码为键的对象。"))
            continue
        for column, value in cells.items():
            if column not in columns:
                violations.append(_v(table, row, column, None, value, f"{row_labels[row]}中没有代码为“{column}”的列。"))
                continue
            try:
                out[row][column] = _number(value, amount=column == "amount_10k_yuan")
            except ValueError:
                violations.append(_v(table, row, column, None, value,
                                     f"{row_labels[row]}·{column_labels[column]}应为非负整数，填写的是“{value}”。"))
    return out


def _z(value) -> int | Decimal:
    return value or 0


# --- 2021 format ------------------------------------------------------------------------------------

def _read_2021(tables, violations) -> dict:
    tables = tables if isinstance(tables, dict) else {}
    t3 = _cells("table3", tables.get("table3", {}), f21.ROWS, f21.COLUMNS, (f21.ROW_LABELS, f21.COLUMN_LABELS),
                violations)
    t4 = _cells("table4", tables.get("table4", {}), f21.APPEAL_GROUPS, f21.APPEAL_COLUMNS,
                (f21.APPEAL_GROUPS, f21.APPEAL_COLUMNS), violations)
    t2_rows = {**{k: tuple(f21.NORMATIVE_COLUMNS) for k in f21.NORMATIVE_ROWS},
               **{k: ("decisions",) for k in f21.DECISION_ROWS}, "fees": ("amount_10k_yuan",)}
    t2_labels = {**f21.NORMATIVE_ROWS, **f21.DECISION_ROWS, "fees": "行政事业性收费"}
    t2_columns = {**f21.NORMATIVE_COLUMNS, "decisions": "本年处理决定数量", "amount_10k_yuan": "本年收费金额（万元）"}
    t2 = _cells("table2", tables.get("table2", {}), t2_rows, tuple(t2_columns), (t2_labels, t2_columns), violations)
    for row, allowed in t2_rows.items():  # a column that belongs to another row of table 二
        for column in list(t2[row]):
            if column not in allowed:
                if t2[row][column] is not None:
                    violations.append(_v("table2", row, column, None, t2[row][column],
                                         f"{t2_labels[row]}没有“{t2_columns[column]}”一栏。"))
                del t2[row][column]
    return {"table2": t2, "table3": t3, "table4": t4}


def _check_2021(t: dict) -> list[Violation]:
    out = []
    t3, t4 = t["table3"], t["table4"]
    for column in f21.COLUMNS:
        col = f21.COLUMN_LABELS[column]
        outcomes = sum(_z(t3[code][column]) for code in f21.OUTCOMES)
        if _z(t3["total"][column]) != outcomes:
            out.append(_v("table3", "total", column, outcomes, t3["total"][column],
                          f"{col}列：三（七）总计应等于各项办理结果之和 {outcomes}，填写的是 {_z(t3['total'][column])}。"))
        expected = _z(t3["new"][column]) + _z(t3["carried_in"][column]) - _z(t3["total"][column])
        if _z(t3["carried_out"][column]) != expected:
            out.append(_v("table3", "carried_out", column, expected, t3["carried_out"][column],
                          f"{col}列：一、本年新收（{_z(t3['new'][column])}）加二、上年结转（{_z(t3['carried_in'][column])}）"
                          f"应等于三（七）总计（{_z(t3['total'][column])}）加四、结转下年度（{_z(t3['carried_out'][column])}），"
                          f"按此四应为 {expected}。"))
    for row in f21.ROWS:
        parts = sum(_z(t3[row][column]) for column in f21.APPLICANTS)
        if _z(t3[row]["total"]) != parts:
            out.append(_v("table3", row, "total", parts, t3[row]["total"],
                          f"{f21.ROW_LABELS[row]}：总计应等于自然人与五类法人或其他组织之和 {parts}，"
                          f"填写的是 {_z(t3[row]['total'])}。"))
    for group, label in f21.APPEAL_GROUPS.items():
        parts = sum(_z(t4[group][c]) for c in ("upheld", "corrected", "other", "pending"))
        if _z(t4[group]["total"]) != parts:
            out.append(_v("table4", group, "total", parts, t4[group]["total"],
                          f"{label}：总计应等于结果维持、结果纠正、其他结果、尚未审结之和 {parts}，"
                          f"填写的是 {_z(t4[group]['total'])}。"))
    return out


def _cross_2021(before: dict, after: dict, year_note: str) -> list[Violation]:
    out = []
    for column in f21.COLUMNS:
        carried = _z(before["table3"]["carried_out"][column])
        if _z(after["table3"]["carried_in"][column]) != carried:
            out.append(_v("table3", "carried_in", column, carried, after["table3"]["carried_in"][column],
                          f"{f21.COLUMN_LABELS[column]}列：{year_note}二、上年结转应等于上一年度四、结转下年度继续办理 "
                          f"{carried}，填写的是 {_z(after['table3']['carried_in'][column])}。"))
    for row, label in f21.NORMATIVE_ROWS.items():
        b, a = before["table2"][row], after["table2"][row]
        expected = _z(b["in_force"]) + _z(a["issued"]) - _z(a["repealed"])
        if _z(a["in_force"]) != expected:
            out.append(_v("table2", row, "in_force", expected, a["in_force"],
                          f"{label}：{year_note}现行有效件数应等于上年现行有效 {_z(b['in_force'])} 加本年制发 "
                          f"{_z(a['issued'])} 减本年废止 {_z(a['repealed'])}，即 {expected}，填写的是 {_z(a['in_force'])}。"))
    return out


def validate_2021(tables: dict, *, previous: dict | None = None, following: dict | None = None) -> list[Violation]:
    violations: list[Violation] = []
    current = _read_2021(tables, violations)
    violations += _check_2021(current)
    if previous is not None:
        before = _read_2021(previous, [])
        violations += _cross_2021(before, current, "本年")
    if following is not None:
        after = _read_2021(following, [])
        violations += [dict(v, table=f"following.{v['table']}") for v in _cross_2021(current, after, "下一年度")]
    return violations


# --- legacy 2014 form -------------------------------------------------------------------------------

def _read_2014(tables, violations) -> dict:
    """Accept {"rows": [{"key" | "label", "value"}]} (the API's shape) or {key: value}."""
    by_label = {row.label: row.key for row in f14.ROWS}
    pairs: list[tuple[str, object]] = []
    if isinstance(tables, dict) and isinstance(tables.get("rows"), list):
        for item in tables["rows"]:
            if not isinstance(item, dict):
                violations.append(_v("legacy2014", None, None, None, item, "每一行应为含 key（或 label）与 value 的对象。"))
                continue
            key = item.get("key") or by_label.get(str(item.get("label", "")).strip())
            if key is None:
                violations.append(_v("legacy2014", item.get("label"), None, None, item.get("value"),
                                     f"统计表中没有“{item.get('label') or item.get('key')}”这一行。"))
                continue
            pairs.append((key, item.get("value")))
    elif isinstance(tables, dict):
        pairs = list(tables.items())
    else:
        violations.append(_v("legacy2014", None, None, None, None, "统计表应为对象。"))
    values: dict = dict.fromkeys(f14.VALUE_KEYS)
    for key, value in pairs:
        row = f14.BY_KEY.get(key)
        if row is None:
            violations.append(_v("legacy2014", key, None, None, value, f"统计表中没有代码为“{key}”的行。"))
            continue
        if row.kind != "value":
            if value not in (None, "", "-"):
                violations.append(_v("legacy2014", key, "value", None, value, f"“{row.label}”是标题行，不应填数。"))
            continue
        try:
            values[key] = _number(value, amount=key in f14.AMOUNT_KEYS)
        except ValueError:
            violations.append(_v("legacy2014", key, "value", None, value,
                                 f"“{row.label}”应为非负{'数' if key in f14.AMOUNT_KEYS else '整数'}，填写的是“{value}”。"))
    return values


def _sum_rule(values, total: str, parts, *, blank_total_is: str | None = None) -> Violation | None:
    found = values[total]
    if found is None and blank_total_is is not None:
        return None
    expected = sum(_z(values[p]) for p in parts)
    if _z(found) == expected:
        return None
    names = "、".join(f14.BY_KEY[p].label for p in parts)
    return _v("legacy2014", total, "value", expected, found,
              f"“{f14.BY_KEY[total].label}”应等于{names}之和 {expected}，填写的是 {_z(found)}。")


def validate_2014(tables) -> list[Violation]:
    violations: list[Violation] = []
    values = _read_2014(tables, violations)
    rules = (
        ("received", tuple(f14.CHANNEL_ROWS)),
        ("closed", ("closed_on_time", "closed_extended")),
        ("answer_refuse", f14.REFUSE_ROWS),
        ("reconsideration", ("reconsideration_upheld", "reconsideration_corrected", "reconsideration_other")),
        ("litigation", ("litigation_upheld", "litigation_corrected", "litigation_other")),
        ("staff", ("staff_full_time", "staff_part_time")),
    )
    for total, parts in rules:
        if (found := _sum_rule(values, total, parts)) is not None:
            violations.append(found)
    if (found := _sum_rule(values, "answers", f14.ANSWER_ROWS, blank_total_is="closed")) is not None:
        violations.append(found)
    # one answer per closed case: the answer rows add up to the closed cases
    answered = sum(_z(values[p]) for p in f14.ANSWER_ROWS)
    if answered != _z(values["closed"]):
        violations.append(_v(
            "legacy2014", "answers", "value", _z(values["closed"]), answered,
            f"申请答复数各项（1—8）之和为 {answered} 件，与申请办结数 {_z(values['closed'])} 件不符："
            "每件办结的申请应有且只有一项答复。"))
    wholes = {"normative_published": "published", "press_conferences_principal": "press_conferences",
              "online_interviews_principal": "online_interviews",
              **{key: "published" for key in f14.PUBLISH_CHANNELS}}
    for part, whole in wholes.items():
        if _z(values[part]) > _z(values[whole]):
            violations.append(_v("legacy2014", part, "value", _z(values[whole]), values[part],
                                 f"“{f14.BY_KEY[part].label}”（{values[part]}）不应大于“{f14.BY_KEY[whole].label}”"
                                 f"（{_z(values[whole])}）。"))
    return violations


def validate(fmt: str, tables, *, previous=None, following=None) -> list[Violation]:
    if str(fmt) == "2014":
        return validate_2014(tables)
    if str(fmt) == "2021":
        return validate_2021(tables, previous=previous, following=following)
    raise ValueError(f"unknown report format {fmt!r}")
