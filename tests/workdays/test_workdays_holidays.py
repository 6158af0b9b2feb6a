"""The statutory holidays of 《全国年节及纪念日放假办法》 computed in advance, checked against the notices."""

from datetime import date, timedelta

import chinese_calendar
import pytest
from lunar_python import Lunar, LunarYear

from gongkai.workdays import holidays
from gongkai.workdays.holidays import (
    compensatory_days,
    periods,
    possible_makeup_days,
    provisional_days_off,
    statutory_holidays,
)

D = date.fromisoformat
PACKAGE_YEARS = range(2004, 2027)  # the years chinesecalendar 1.11 knows; every later release knows them too


def test_2027_by_the_2024_revision():
    assert dict(statutory_holidays(2027)) == {
        D("2027-01-01"): "元旦",
        D("2027-02-05"): "春节", D("2027-02-06"): "春节", D("2027-02-07"): "春节", D("2027-02-08"): "春节",
        D("2027-04-05"): "清明节",
        D("2027-05-01"): "劳动节", D("2027-05-02"): "劳动节",
        D("2027-06-09"): "端午节",
        D("2027-09-15"): "中秋节",
        D("2027-10-01"): "国庆节", D("2027-10-02"): "国庆节", D("2027-10-03"): "国庆节",
    }
    # 除夕 is the last day of the twelfth month of lunar 2026, whether it has 29 or 30 days.
    twelfth = LunarYear.fromYear(2026).getMonth(12)
    eve = Lunar.fromYmd(2026, 12, twelfth.getDayCount()).getSolar()
    assert (eve.getYear(), eve.getMonth(), eve.getDay()) == (2027, 2, 5)
    first = Lunar.fromYmd(2027, 1, 1).getSolar()
    assert (first.getYear(), first.getMonth(), first.getDay()) == (2027, 2, 6)
    assert periods(2027) == [
        ("元旦", D("2027-01-01"), D("2027-01-01")), ("春节", D("2027-02-05"), D("2027-02-08")),
        ("清明节", D("2027-04-05"), D("2027-04-05")), ("劳动节", D("2027-05-01"), D("2027-05-02")),
        ("端午节", D("2027-06-09"), D("2027-06-09")), ("中秋节", D("2027-09-15"), D("2027-09-15")),
        ("国庆节", D("2027-10-01"), D("2027-10-03")),
    ]


def test_2027_compensatory_days():
    # Art. 6: 初一 and 初二 (Sat 6, Sun 7 Feb), 劳动节 (Sat 1, Sun 2 May) and 2, 3 October (Sat, Sun) fall on
    # weekends: a weekday off for each, after the holiday.
    assert dict(compensatory_days(2027)) == {
        D("2027-02-09"): "春节补假", D("2027-02-10"): "春节补假",
        D("2027-05-03"): "劳动节补假", D("2027-05-04"): "劳动节补假",
        D("2027-10-04"): "国庆节补假", D("2027-10-05"): "国庆节补假",
    }
    assert set(provisional_days_off(2027)) == set(statutory_holidays(2027)) | set(compensatory_days(2027))


def test_mid_autumn_on_national_day_owes_a_day():
    # 2028: 中秋节 is 3 October, a 国庆节 day; 2020: 1 October.
    assert statutory_holidays(2028)[D("2028-10-03")] == "中秋节、国庆节"
    assert [d for d, name in compensatory_days(2028).items() if name == "国庆节补假"] == [D("2028-10-04"), D("2028-10-05")]
    assert chinese_calendar.is_holiday(D("2020-10-01")) and statutory_holidays(2020)[D("2020-10-01")] == "中秋节、国庆节"


@pytest.mark.parametrize("year", PACKAGE_YEARS)
def test_every_statutory_day_is_a_holiday_of_the_notices(year):
    """The law of each year (2024 revision from 2025, 2013 from 2014, 2007 from 2008, 1999 before) gives
    only days that the State Council's notice made holidays; so do the compensatory days, but for two."""
    for day, name in statutory_holidays(year).items():
        assert chinese_calendar.is_holiday(day), (day, name)
    placed_elsewhere = {D("2012-06-25"), D("2015-09-28")}  # 端午节 2012: the Friday before; 中秋节 2015: in 国庆节
    for day, name in compensatory_days(year).items():
        assert chinese_calendar.is_holiday(day) or day in placed_elsewhere, (day, name)


def test_the_law_changed_in_2008_2014_and_2025():
    assert [n for n in statutory_holidays(2007).values()].count("劳动节") == 3
    assert "清明节" not in statutory_holidays(2007).values()
    assert D("2013-02-09") in statutory_holidays(2013)  # 除夕 (2008–2013)
    assert D("2024-02-09") not in statutory_holidays(2024)  # no 除夕 (2014–2024)
    assert D("2025-01-28") in statutory_holidays(2025)  # 除夕 again, and 2 May
    assert D("2025-05-02") in statutory_holidays(2025) and D("2024-05-02") not in statutory_holidays(2024)


def test_every_makeup_day_since_2008_was_a_possible_one():
    """Every make-up working day the notices 2008–2026 set lies in the windows of possible_makeup_days (of
    its year, or of the next year's 元旦), but the one for the one-off 2015 anniversary holiday."""
    makeups = [d for d in chinese_calendar.workdays if d.year >= 2008 and d.weekday() >= 5]
    assert len(makeups) > 80
    missed = [d for d in makeups if d not in possible_makeup_days(d.year) | possible_makeup_days(d.year + 1)]
    assert missed == [D("2015-09-06")]
    # the farthest ones: 11 days before 国庆节, 10 after 劳动节, 9 after 初三, 5 after 元旦
    for day in ("2026-09-20", "2024-05-11", "2026-02-28", "2013-01-06", "2018-12-29"):
        assert D(day) in possible_makeup_days(D(day).year) | possible_makeup_days(D(day).year + 1)


def test_possible_makeup_days_are_weekends_and_never_holidays():
    for year in (2027, 2028, 2099):
        days = possible_makeup_days(year)
        assert days and all(d.weekday() >= 5 for d in days)
        assert not days & set(statutory_holidays(year))
    # around 元旦 2027 they reach into December 2026
    assert {D("2026-12-26"), D("2026-12-27"), D("2027-01-02"), D("2027-01-03")} <= possible_makeup_days(2027)
    assert D("2026-12-19") not in possible_makeup_days(2027)


@pytest.mark.parametrize("year", [1900, 1999, 2050, 2100])
def test_the_library_covers_1900_to_2100(year):
    days = statutory_holidays(year)
    assert days[date(year, 1, 1)] == "元旦" and days[date(year, 10, 1)] == "国庆节"
    spring = [d for d, name in days.items() if name == "春节"]
    assert len(spring) == (4 if year >= 2025 else 3)  # 除夕 and 初一–初三 since 2025, 初一–初三 before 2008
    assert date(year, 1, 20) <= spring[0] <= date(year, 2, 20)
    assert spring == [spring[0] + timedelta(days=i) for i in range(len(spring))]


def test_qingming_is_the_solar_term_day():
    # the 清明 term, Beijing time: 4 April in 2025 and 2028, 5 April in 2026, 2027 and 2100
    for year, day in ((2025, 4), (2026, 5), (2027, 5), (2028, 4), (2100, 5)):
        assert [d for d, name in statutory_holidays(year).items() if name == "清明节"] == [date(year, 4, day)]


def test_the_basis_text_names_the_law_and_the_days():
    text = holidays.provisional_basis(2027)
    assert text.startswith("期限暂按周一至周五扣除《全国年节及纪念日放假办法》规定的节假日计算：元旦 2027-01-01；")
    assert "补假暂按节后工作日计：2027-02-09、" in text and text.endswith("录入通知后自动重新计算。")
