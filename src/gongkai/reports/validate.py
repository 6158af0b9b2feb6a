"""Check report tables against their own identities (RULES.md §4), whoever filled them in.

Works on plain data — tables the product computed, typed in by a clerk, or imported from a published
report — so the same checks guard every path. Each violation is a dict ``{"table", "row", "column",
"row_label", "column_label", "expected", "found", "message"}``: ``row`` / ``column`` are the codes of the
cell that does not agree (the total, or the later year's cell in a cross-year check), ``row_label`` /
``column_label`` the form's full labels of that row and column (``三、本年度办理结果 · （三）不予公开 ·
1.属于国家秘密``), ``expected`` the value the identity asks for, ``found`` the value in the table,
``message`` a sentence in Chinese naming the cells as the form prints them. An empty cell counts as 0.

2021 and 2019 formats (``tables = {"table2", "table3", "table4"}`` as the API returns them), each read in
its own layout (:mod:`gongkai.reports.layout`: 2019 has one row ``other`` for （六）其他处理, 2021 three
``other.*`` rows; their tables 二 differ entirely):
  * table 三, per column: 一 + 二 = 三（七）总计 + 四 (reported on 四, 结转下年度继续办理);
  * table 三: （七）总计 = the sum of the outcome rows; 总计 column = 自然人 + the five organisations;
  * table 四: each 总计 = 维持 + 纠正 + 其他 + 尚未审结;
  * 2019 table 二: 本年新公开数量 ≤ 对外公开总数量; 上一年项目数量 + 本年增/减 ≥ 0;
  * every count a non-negative integer (本年增/减 may be negative), amounts non-negative numbers;
  * with ``previous`` (year N−1's tables) or ``following`` (N+1's): 二 of N = 四 of N−1 per column, across
    the two formats too (2020 → 2021); 2021 → 2021: 现行有效(N) = 现行有效(N−1) + 制发(N) − 废止(N) for 规章
    and 行政规范性文件; 2019 → 2019 (2019 → 2020): 上一年项目数量(N) = 上一年项目数量(N−1) + 本年增/减(N−1).
    Given ``year``, the other year's tables are read in that year's format; without it, in ``fmt``'s.
Legacy 2014 form (``tables = {"rows": [{"key" or "label", "value"}, …]}`` or ``{key: value}``):
  收到申请数 = the four channel rows; 申请办结数 = 按时 + 延期; 申请答复数 = the eight answer rows, and the
  answers equal the closed cases (one answer each; an empty 申请答复数 is read as 申请办结数); 不同意公开
  = its six reasons; 行政复议 / 行政诉讼 = 维持 + 纠错 + 其他; 工作人员数 = 专职 + 兼职; a "其中" row or a
  channel row may not exceed its whole.
"""

from decimal import Decimal, InvalidOperation

from . import annual2019, annual2021
from . import legacy2014 as f14
from .formats import LAYOUTS, format_check, format_for
from .layout import (
    APPEAL_COLUMNS,
    APPEAL_GROUPS,
    APPLICANTS,
    CARRIED_IN,
    CARRIED_OUT,
    COLUMN_LABELS,
    COLUMNS,
    NEW,
    TABLE_NAMES,
    Layout,
)

Violation = dict
LEGACY_COLUMN = "统计数"


def _v(table, row, column, expected, found, message, *, row_label=None, column_label=None) -> Violation:
    return {"table": table, "row": row, "column": column, "row_label": row_label, "column_label": column_label,
            "expected": expected, "found": found, "message": message}


def _number(value, *, amount: bool = False, signed: bool = False):
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
    if isinstance(value, str) and value.strip().lstrip("+-" if signed else "").isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or (value < 0 and not signed):
        raise ValueError
    return value


def _z(value) -> int | Decimal:
    return value or 0


# --- the 2019 and 2021 formats ----------------------------------------------------------------------

class _Reader:
    """Reads the three tables of one layout into {table: {row: {column: number | None}}}; unknown codes
    and bad numbers become violations (of the table being checked; a neighbour year's are not reported)."""

    def __init__(self, layout: Layout, violations: list[Violation]):
        self.layout, self.violations = layout, violations

    def read(self, tables) -> dict:
        layout = self.layout
        if not isinstance(tables, dict) or not tables:
            self.violations.append(_v(None, None, None, None, None, "统计表应为含 table2、table3、table4 的对象。"))
            tables = {}
        return {
            "table2": self.cells("table2", tables.get("table2", {}), layout.table2_rows,
                                 layout.table2_row_labels, layout.table2_column_labels),
            "table3": self.cells("table3", tables.get("table3", {}), dict.fromkeys(layout.rows, COLUMNS),
                                 layout.row_labels, COLUMN_LABELS),
            "table4": self.cells("table4", tables.get("table4", {}), dict.fromkeys(APPEAL_GROUPS, tuple(APPEAL_COLUMNS)),
                                 APPEAL_GROUPS, APPEAL_COLUMNS),
        }

    def cells(self, table: str, data, rows: dict[str, tuple[str, ...]], row_labels, column_labels) -> dict:
        name = TABLE_NAMES[table]
        out = {row: dict.fromkeys(columns) for row, columns in rows.items()}
        if not isinstance(data, dict):
            self.violations.append(_v(table, None, None, None, None, f"{name}应为以行代码为键的对象。"))
            return out
        for row, cells in data.items():
            if row not in out:
                self.violations.append(_v(table, row, None, None, None,
                                          f"{name}中没有代码为“{row}”的行（{self.layout.notice}格式）。"))
                continue
            label = row_labels[row]
            if not isinstance(cells, dict):
                self.violations.append(_v(table, row, None, None, cells, f"“{label}”应为以列代码为键的对象。",
                                          row_label=label))
                continue
            for column, value in cells.items():
                if column not in out[row]:
                    if value not in (None, ""):  # another row's column (named as printed there), or unknown
                        name = (f"“{column_labels[column]}”一栏" if column in column_labels
                                else f"代码为“{column}”的一栏")
                        self.violations.append(_v(table, row, column, None, value, f"“{label}”没有{name}。",
                                                  row_label=label))
                    continue
                try:
                    out[row][column] = _number(value, amount=column in self.layout.amount_columns,
                                               signed=column in self.layout.signed_columns)
                except ValueError:
                    kind = ("非负数" if column in self.layout.amount_columns else
                            "整数" if column in self.layout.signed_columns else "非负整数")
                    self.violations.append(_v(
                        table, row, column, None, value,
                        f"“{label}”的“{column_labels[column]}”应为{kind}，填写的是“{value}”。",
                        row_label=label, column_label=column_labels[column]))
        return out


def _check(layout: Layout, t: dict) -> list[Violation]:
    out = []
    t2, t3, t4 = t["table2"], t["table3"], t["table4"]
    labels = layout.row_labels
    total_label = labels["total"]
    for column in COLUMNS:
        col = COLUMN_LABELS[column]
        outcomes = sum(_z(t3[code][column]) for code in layout.outcome_rows)
        if _z(t3["total"][column]) != outcomes:
            out.append(_v("table3", "total", column, outcomes, t3["total"][column],
                          f"“{col}”列：“{total_label}”应等于各项办理结果之和 {outcomes}，填写的是 "
                          f"{_z(t3['total'][column])}。", row_label=total_label, column_label=col))
        new, carried_in = _z(t3["new"][column]), _z(t3["carried_in"][column])
        total, carried_out = _z(t3["total"][column]), _z(t3["carried_out"][column])
        expected = new + carried_in - total
        if carried_out != expected:
            out.append(_v("table3", "carried_out", column, expected, t3["carried_out"][column],
                          f"“{col}”列：“{NEW}”（{new}）加“{CARRIED_IN}”（{carried_in}）应等于“{total_label}”"
                          f"（{total}）加“{CARRIED_OUT}”（{carried_out}），按此“{CARRIED_OUT}”应为 {expected}。",
                          row_label=CARRIED_OUT, column_label=col))
    for row in layout.rows:
        parts = sum(_z(t3[row][column]) for column in APPLICANTS)
        if _z(t3[row]["total"]) != parts:
            out.append(_v("table3", row, "total", parts, t3[row]["total"],
                          f"“{labels[row]}”：总计应等于自然人与五类法人或其他组织之和 {parts}，"
                          f"填写的是 {_z(t3[row]['total'])}。", row_label=labels[row], column_label="总计"))
    for group, label in APPEAL_GROUPS.items():
        parts = sum(_z(t4[group][c]) for c in ("upheld", "corrected", "other", "pending"))
        if _z(t4[group]["total"]) != parts:
            out.append(_v("table4", group, "total", parts, t4[group]["total"],
                          f"“{label}”：总计应等于结果维持、结果纠正、其他结果、尚未审结之和 {parts}，"
                          f"填写的是 {_z(t4[group]['total'])}。", row_label=label, column_label="总计"))
    out += _check_table2(layout, t2)
    return out


def _check_table2(layout: Layout, t2: dict) -> list[Violation]:
    out = []
    labels, columns = layout.table2_row_labels, layout.table2_column_labels
    for row, cells in t2.items():
        if "published" in cells and "public_total" in cells and _z(cells["published"]) > _z(cells["public_total"]):
            out.append(_v("table2", row, "published", cells["public_total"], cells["published"],
                          f"“{labels[row]}”：{columns['published']}（{_z(cells['published'])}）不应大于"
                          f"{columns['public_total']}（{_z(cells['public_total'])}）。",
                          row_label=labels[row], column_label=columns["published"]))
        if "previous_items" in cells and cells.get("change") is not None:
            end = _z(cells["previous_items"]) + cells["change"]
            if end < 0:
                out.append(_v("table2", row, "change", -_z(cells["previous_items"]), cells["change"],
                              f"“{labels[row]}”：{columns['previous_items']}（{_z(cells['previous_items'])}）加"
                              f"{columns['change']}（{cells['change']}）为 {end}，年末项目数量不能为负数。",
                              row_label=labels[row], column_label=columns["change"]))
    return out


def _cross(before_layout: Layout, before: dict, after_layout: Layout, after: dict, year_note: str) -> list[Violation]:
    out = []
    labels = after_layout.row_labels
    for column in COLUMNS:
        carried = _z(before["table3"]["carried_out"][column])
        if _z(after["table3"]["carried_in"][column]) != carried:
            out.append(_v("table3", "carried_in", column, carried, after["table3"]["carried_in"][column],
                          f"“{COLUMN_LABELS[column]}”列：{year_note}“{labels['carried_in']}”应等于上一年度"
                          f"“{CARRIED_OUT}” {carried}，填写的是 {_z(after['table3']['carried_in'][column])}。",
                          row_label=labels["carried_in"], column_label=COLUMN_LABELS[column]))
    b2, a2 = before["table2"], after["table2"]
    row_labels, columns = after_layout.table2_row_labels, after_layout.table2_column_labels
    for row, cells in a2.items():
        if row not in b2:
            continue
        was = b2[row]
        if "in_force" in cells and "in_force" in was:
            expected = _z(was["in_force"]) + _z(cells["issued"]) - _z(cells["repealed"])
            if _z(cells["in_force"]) != expected:
                out.append(_v("table2", row, "in_force", expected, cells["in_force"],
                              f"“{row_labels[row]}”：{year_note}现行有效件数应等于上年现行有效 {_z(was['in_force'])} "
                              f"加本年制发 {_z(cells['issued'])} 减本年废止 {_z(cells['repealed'])}，即 {expected}，"
                              f"填写的是 {_z(cells['in_force'])}。",
                              row_label=row_labels[row], column_label=columns["in_force"]))
        if "previous_items" in cells and "change" in was:
            given = (cells["previous_items"], was["previous_items"], was["change"])
            expected = _z(was["previous_items"]) + _z(was["change"])
            if any(v is not None for v in given) and _z(cells["previous_items"]) != expected:
                out.append(_v("table2", row, "previous_items", expected, cells["previous_items"],
                              f"“{row_labels[row]}”：{year_note}{columns['previous_items']}应等于上一年度的"
                              f"{columns['previous_items']} {_z(was['previous_items'])} 加{columns['change']} "
                              f"{_z(was['change'])}，即 {expected}，填写的是 {_z(cells['previous_items'])}。",
                              row_label=row_labels[row], column_label=columns["previous_items"]))
    return out


def validate_tables(layout: Layout, tables: dict, *, previous: dict | None = None, following: dict | None = None,
                    previous_layout: Layout | None = None, following_layout: Layout | None = None) -> list[Violation]:
    """The violations of ``tables`` in ``layout``, and across years against ``previous`` / ``following``
    (read in ``previous_layout`` / ``following_layout``, by default ``layout``)."""
    violations: list[Violation] = []
    current = _Reader(layout, violations).read(tables)
    violations += _check(layout, current)
    if previous is not None:
        before_layout = previous_layout or layout
        before = _Reader(before_layout, []).read(previous)
        violations += _cross(before_layout, before, layout, current, "本年")
    if following is not None:
        after_layout = following_layout or layout
        after = _Reader(after_layout, []).read(following)
        violations += [dict(v, table=f"following.{v['table']}")
                       for v in _cross(layout, current, after_layout, after, "下一年度")]
    return violations


def validate_2021(tables: dict, *, previous: dict | None = None, following: dict | None = None) -> list[Violation]:
    return validate_tables(annual2021.LAYOUT, tables, previous=previous, following=following)


def validate_2019(tables: dict, *, previous: dict | None = None, following: dict | None = None) -> list[Violation]:
    return validate_tables(annual2019.LAYOUT, tables, previous=previous, following=following)


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
            f"“{f14.BY_KEY['answers'].label}”各项（1—8）之和为 {answered} 件，与“{f14.BY_KEY['closed'].label}”"
            f" {_z(values['closed'])} 件不符：每件办结的申请应有且只有一项答复。"))
    wholes = {"normative_published": "published", "press_conferences_principal": "press_conferences",
              "online_interviews_principal": "online_interviews",
              **{key: "published" for key in f14.PUBLISH_CHANNELS}}
    for part, whole in wholes.items():
        if _z(values[part]) > _z(values[whole]):
            violations.append(_v("legacy2014", part, "value", _z(values[whole]), values[part],
                                 f"“{f14.BY_KEY[part].label}”（{values[part]}）不应大于“{f14.BY_KEY[whole].label}”"
                                 f"（{_z(values[whole])}）。"))
    for v in violations:  # the form's labels of the cell, as on the API's other formats
        row = f14.BY_KEY.get(v["row"]) if isinstance(v["row"], str) else None
        v["row_label"] = row.label if row else None
        v["column_label"] = LEGACY_COLUMN if v["column"] == "value" else None
    return violations


def validate(fmt: str | None, tables, *, previous=None, following=None, year: int | None = None) -> list[Violation]:
    """The violations of ``tables`` in ``fmt`` (None: the format of ``year``). A format that does not fit
    ``year`` raises DomainError. With ``year``, ``previous`` and ``following`` are read in the formats of
    the years before and after (a 2014 form has no carried-over figures: no cross-year check with it)."""
    fmt = format_check(fmt, year=year)
    if fmt == "2014":
        return validate_2014(tables)
    neighbours = {}
    for key, other, step in (("previous", previous, -1), ("following", following, 1)):
        other_fmt = format_for(year + step) if year is not None else fmt
        if other is None or other_fmt == "2014":
            continue
        neighbours[key] = other
        neighbours[f"{key}_layout"] = LAYOUTS[other_fmt]
    return validate_tables(LAYOUTS[fmt], tables, **neighbours)
