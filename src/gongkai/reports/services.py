"""Every change to the yearly indicators (the one state the reports app owns)."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from gongkai.core.errors import DomainError
from gongkai.orgs import access
from gongkai.orgs.models import Unit, User

from .models import AMOUNT_FIELDS, INDICATOR_FIELDS, PARTS_OF, SIGNED_FIELDS, IndicatorEvent, YearIndicators

FIRST_YEAR = 2008  # the 2007 regulations took effect on 1 May 2008
AMOUNT_PLACES = Decimal("0.0001")
COUNT_MAX = 10**9


class IndicatorsInvalid(DomainError):
    """One or more values are wrong; ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("统计指标有误：" + "；".join(self.errors.values()))


def report_year_check(year: int) -> None:
    """A year the reports can be about: from 2008 (the first year of disclosure) to the current year."""
    last = timezone.localdate().year
    if not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= last:
        raise DomainError(f"年度“{year}”无效，应在 {FIRST_YEAR}—{last} 年之间。")


def _label(field: str) -> str:
    return str(YearIndicators._meta.get_field(field).verbose_name)


def _clean(field: str, value) -> int | Decimal | None:
    """The stored form of one value, or ValueError with the reason."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("应为数字")
    if field in AMOUNT_FIELDS:
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError("应为金额（万元）") from None
        if not amount.is_finite() or amount < 0:
            raise ValueError("不能为负数")
        if amount != amount.quantize(AMOUNT_PLACES):
            raise ValueError("最多保留四位小数（万元，精确到元）")
        if amount >= Decimal(10) ** 10:
            raise ValueError("金额过大")
        return amount.quantize(AMOUNT_PLACES)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, str) and field in SIGNED_FIELDS and value.strip().lstrip("+-").isdigit():
        value = int(value.strip())
    if not isinstance(value, int):
        raise ValueError("应为整数")
    if value < 0 and field not in SIGNED_FIELDS:
        raise ValueError("不能为负数")
    if abs(value) > COUNT_MAX:
        raise ValueError("数值过大")
    return value


@transaction.atomic
def indicators_update(*, unit: Unit, year: int, values: dict, actor: User) -> YearIndicators:
    """Enter or correct some of a unit's indicators for ``year``; fields not in ``values`` keep their value,
    a value of ``None`` (or "") clears the field.

    Allowed to the unit's approver (负责领导) and the coordinator above it. Every problem is reported at
    once (:class:`IndicatorsInvalid`): unknown codes, non-integer counts, negative ones (except a change
    of a number of items, 本年增/减), amounts with more
    than four decimals (万元), a "其中" part larger than its whole. Writes one :class:`IndicatorEvent`
    with the changed fields' before and after values; a call that changes nothing writes nothing.
    """
    access.require(actor, "report.edit", unit)
    report_year_check(year)
    errors: dict[str, str] = {}
    cleaned: dict[str, int | Decimal | None] = {}
    for field, value in (values or {}).items():
        if field not in INDICATOR_FIELDS:
            errors[field] = f"未知的统计指标“{field}”"
            continue
        try:
            cleaned[field] = _clean(field, value)
        except ValueError as exc:
            errors[field] = f"{_label(field)}{exc}"
    row = YearIndicators.objects.select_for_update().filter(unit=unit, year=year).first()
    created = row is None
    if created:
        row = YearIndicators(unit=unit, year=year)
    merged = {field: cleaned.get(field, getattr(row, field)) for field in INDICATOR_FIELDS}
    for part, whole in PARTS_OF.items():
        if part not in errors and merged[part] is not None and (merged[whole] or 0) < merged[part]:
            errors[part] = f"{_label(part)}（{merged[part]}）不能大于{_label(whole)}（{merged[whole] or 0}）"
    if errors:
        raise IndicatorsInvalid(errors)
    changed = {field: (getattr(row, field), value) for field, value in cleaned.items() if getattr(row, field) != value}
    if not changed and not created:
        return row
    for field, (_, value) in changed.items():
        setattr(row, field, value)
    row.updated_by = actor
    row.save()
    IndicatorEvent.objects.create(
        indicators=row, actor=actor, action="create" if created else "update",
        data={"before": {f: _json(b) for f, (b, _) in changed.items()},
              "after": {f: _json(a) for f, (_, a) in changed.items()}},
    )
    return row


def _json(value):
    return str(value) if isinstance(value, Decimal) else value

