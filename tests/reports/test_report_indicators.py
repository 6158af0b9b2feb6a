"""Entering the yearly indicators: who may, what is checked, and the history it leaves."""

from decimal import Decimal

import pytest

from gongkai.core.errors import AccessDenied, DomainError
from gongkai.reports.models import IndicatorEvent, YearIndicators
from gongkai.reports.services import IndicatorsInvalid, indicators_update


def test_the_approver_enters_and_corrects_with_history(tree, staff):
    row = indicators_update(unit=tree["a"], year=2021, actor=staff["app_a"],
                            values={"meetings": 3, "dedicated_funds_10k_yuan": "7.5", "trainees": "180"})
    assert (row.meetings, row.dedicated_funds_10k_yuan, row.trainees) == (3, Decimal("7.5"), 180)

    row = indicators_update(unit=tree["a"], year=2021, actor=staff["app_a"], values={"meetings": 4, "trainees": None})
    row.refresh_from_db()
    assert (row.meetings, row.trainees, row.dedicated_funds_10k_yuan) == (4, None, Decimal("7.5"))
    events = list(IndicatorEvent.objects.filter(indicators=row).order_by("id"))
    assert [e.action for e in events] == ["create", "update"]
    assert events[1].data == {"before": {"meetings": 3, "trainees": 180}, "after": {"meetings": 4, "trainees": None}}
    assert events[1].actor == staff["app_a"]

    indicators_update(unit=tree["a"], year=2021, actor=staff["app_a"], values={"meetings": 4})  # no change
    assert IndicatorEvent.objects.filter(indicators=row).count() == 2


def test_the_coordinator_may_for_the_subtree_others_may_not(tree, staff):
    indicators_update(unit=tree["town_x"], year=2021, actor=staff["coord"], values={"meetings": 1})
    for person, unit in (("op_a", "a"), ("rev_a", "a"), ("app_b", "a")):
        with pytest.raises(AccessDenied):
            indicators_update(unit=tree[unit], year=2021, actor=staff[person], values={"meetings": 1})


def test_every_problem_is_reported_at_once(tree, staff):
    with pytest.raises(IndicatorsInvalid) as caught:
        indicators_update(unit=tree["a"], year=2021, actor=staff["app_a"], values={
            "meetings": -1, "trainings": 1.5, "dedicated_funds_10k_yuan": "0.00001", "bogus": 1,
            "press_conferences": 1, "press_conferences_principal": 2, "complaints": True})
    assert set(caught.value.errors) == {"meetings", "trainings", "dedicated_funds_10k_yuan", "bogus",
                                        "press_conferences_principal", "complaints"}
    assert not YearIndicators.objects.exists()


@pytest.mark.parametrize("year", [2007, 2999])
def test_years_outside_the_disclosure_era_are_refused(tree, staff, year):
    with pytest.raises(DomainError, match="年度"):
        indicators_update(unit=tree["a"], year=year, actor=staff["app_a"], values={"meetings": 1})


def test_a_change_in_the_number_of_items_may_be_negative(tree, staff):
    row = indicators_update(unit=tree["a"], year=2020, actor=staff["app_a"], values={
        "licensing_items_previous": 40, "licensing_items_change": "-8", "penalty_items_change": -2,
        "procurement_amount_10k_yuan": "12.3456"})
    assert (row.licensing_items_previous, row.licensing_items_change, row.penalty_items_change) == (40, -8, -2)
    assert row.procurement_amount_10k_yuan == Decimal("12.3456")
    with pytest.raises(IndicatorsInvalid) as caught:
        indicators_update(unit=tree["a"], year=2020, actor=staff["app_a"],
                          values={"licensing_items_previous": -1, "licensing_items_change": "减八"})
    assert set(caught.value.errors) == {"licensing_items_previous", "licensing_items_change"}
    assert "不能为负数" in caught.value.errors["licensing_items_previous"]
