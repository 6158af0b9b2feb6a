"""The statutory holidays that can be computed in advance, for years no calendar covers (RULES.md §1).

《全国年节及纪念日放假办法》 as revised by the State Council on 10 November 2024 (国务院令第795号, in force
1 January 2025), Art. 2, names the holidays of all citizens (全体公民放假的节日):

    (一) 元旦，放假1天（1月1日）；
    (二) 春节，放假4天（农历除夕、正月初一至初三）；
    (三) 清明节，放假1天（农历清明当日）；
    (四) 劳动节，放假2天（5月1日、2日）；
    (五) 端午节，放假1天（农历端午当日）；
    (六) 中秋节，放假1天（农历中秋当日）；
    (七) 国庆节，放假3天（10月1日至3日）。

Those dates are fixed by the law itself, so they are off whatever the year's notice
(each year's 《国务院办公厅关于…年部分节假日安排的通知》) says. The law fixes one more thing in advance, Art. 6: 全体公民
放假的假日，如果适逢周六、周日，应当在工作日补假 — a holiday on a weekend gives a compensatory day off on a
working day. How many is certain; which day the notice decides. :func:`provisional_days_off` puts each on
the first free weekday after its holiday, as 46 of the 48 such days of the notices 2008–2026 were (the
two others: 2012 端午节, given the Friday before, and 2015 中秋节, merged into 国庆节).

What only the notice decides, then: where the compensatory days really go, and the make-up working
weekends (调休上班日) that join the holidays into longer periods (Art. 7, added in 2024: 可合理安排统一放假
调休……法定节假日假期前后连续工作一般不超过6天). Make-up days can only bring a date forward, so a provisional
count (Monday–Friday minus :func:`provisional_days_off`) may still move either way once the notice is
entered; :func:`possible_makeup_days` bounds how much earlier it can move.

Earlier versions of Art. 2 apply to earlier years (the revisions of 18 September 1999, 14 December 2007
and 11 December 2013, in force from 2008 and 2014): the 春节 and 劳动节 days differ, and before 2008 清明,
端午 and 中秋 were not holidays. Years before 2000 are computed with the 1999 rules.

The lunar dates (除夕, 初一, 端午 = 五月初五, 中秋 = 八月十五) and the day of the 清明 solar term come from
``lunar_python`` (6tail's 寿星天文历 algorithm, Beijing time), not from tables written here; a test checks
every date computed here against the holidays of every year ``chinesecalendar`` knows.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

from lunar_python import Lunar

LAW = "《全国年节及纪念日放假办法》"
LAW_2024 = f"{LAW}（2024年11月10日国务院令第795号修订，2025年1月1日起施行）"

NEW_YEAR, SPRING, QINGMING, LABOUR, DRAGON_BOAT, MID_AUTUMN, NATIONAL = (
    "元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节",
)
ORDER = (NEW_YEAR, SPRING, QINGMING, LABOUR, DRAGON_BOAT, MID_AUTUMN, NATIONAL)

# How far from a holiday's statutory dates the notice may put a make-up working weekend. Every make-up
# working day of the notices 2008–2026 (as recorded in chinesecalendar) lies inside these windows, except
# 6 September 2015 (for the one-off 抗战胜利70周年纪念日 holiday): the farthest were 11 days before 国庆
# (2026-09-20), 10 after 劳动节 (2024-05-11), 9 after 春节 (2026-02-28), and 5 from a one-day holiday
# (2013-01-06 after 元旦). A test holds the windows to that record.
MAKEUP_WINDOW_DAYS = {SPRING: 12, LABOUR: 12, NATIONAL: 12}
MAKEUP_WINDOW_DAYS_ONE_DAY_HOLIDAY = 7

_ONE_DAY = timedelta(days=1)


def _solar(lunar: Lunar) -> date:
    solar = lunar.getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def _spring_days(year: int) -> list[date]:
    first = _solar(Lunar.fromYmd(year, 1, 1))  # 正月初一
    eve = first - _ONE_DAY  # 除夕: the last day of the 12th month, whether it has 29 or 30 days
    if year >= 2025:
        return [eve, first, first + _ONE_DAY, first + 2 * _ONE_DAY]
    if year >= 2014:
        return [first, first + _ONE_DAY, first + 2 * _ONE_DAY]
    if year >= 2008:
        return [eve, first, first + _ONE_DAY]
    return [first, first + _ONE_DAY, first + 2 * _ONE_DAY]


def _qingming(year: int) -> date:
    # The 清明 term always falls in the third lunar month or close to it; the table of that lunar year holds it.
    term = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    return date(term.getYear(), term.getMonth(), term.getDay())


@lru_cache(maxsize=256)
def _statutory(year: int) -> tuple[tuple[date, str], ...]:
    """``(date, name)`` of every statutory holiday day of ``year``, in the law's order; a day appears twice
    when two holidays fall on it (中秋节 on a 国庆节 day: 2009, 2020, 2028)."""
    days = [(date(year, 1, 1), NEW_YEAR)]
    days += [(d, SPRING) for d in _spring_days(year)]
    if year >= 2008:
        days.append((_qingming(year), QINGMING))
    labour = [date(year, 5, 1), date(year, 5, 2)] if year >= 2025 else (
        [date(year, 5, 1)] if year >= 2008 else [date(year, 5, 1), date(year, 5, 2), date(year, 5, 3)]
    )
    days += [(d, LABOUR) for d in labour]
    if year >= 2008:
        days.append((_solar(Lunar.fromYmd(year, 5, 5)), DRAGON_BOAT))
        days.append((_solar(Lunar.fromYmd(year, 8, 15)), MID_AUTUMN))
    days += [(date(year, 10, d), NATIONAL) for d in (1, 2, 3)]
    return tuple(days)


@lru_cache(maxsize=256)
def statutory_holidays(year: int) -> MappingProxyType:
    """``{date: name}`` of the holidays of all citizens in ``year`` under the law in force that year (two
    names joined by "、" when two holidays fall on one day).

    Only the dates named by the law (Art. 2); never the compensatory days (补假) nor the longer periods the
    State Council's notice arranges. Pure: the same answer whatever the calendar tables hold.
    """
    days: dict[date, str] = {}
    for day, name in _statutory(year):
        days[day] = f"{days[day]}、{name}" if day in days else name
    return MappingProxyType(dict(sorted(days.items())))


@lru_cache(maxsize=256)
def compensatory_days(year: int) -> MappingProxyType:
    """``{date: name}`` of the compensatory days off (补假, Art. 6) of ``year``: one for each statutory
    holiday day on a Saturday or Sunday, and one for each day on which a second holiday falls (中秋节 on a
    国庆节 day), each on the first weekday after the holiday's last statutory day that is neither a
    statutory holiday nor already a compensatory day. Where the notice will really put them is its
    decision; this is the usual place."""
    owed: dict[str, int] = {}
    seen: set[date] = set()
    for day, name in _statutory(year):
        owed[name] = owed.get(name, 0) + (day.weekday() >= 5 or day in seen)
        seen.add(day)
    days: dict[date, str] = {}
    for name, _first, last in sorted(periods(year), key=lambda period: period[2]):
        day, left = last, owed[name]
        while left:
            day += _ONE_DAY
            if day.weekday() < 5 and day not in seen:
                days[day] = f"{name}补假"
                seen.add(day)
                left -= 1
    return MappingProxyType(days)


@lru_cache(maxsize=256)
def provisional_days_off(year: int) -> MappingProxyType:
    """``{date: name}``: what a provisional count takes off Monday–Friday in a year no notice covers yet —
    the statutory holidays and their compensatory days (:func:`compensatory_days`)."""
    return MappingProxyType(dict(sorted({**statutory_holidays(year), **compensatory_days(year)}.items())))


@lru_cache(maxsize=256)
def possible_makeup_days(year: int) -> frozenset[date]:
    """The weekend days the notice for ``year`` could turn into make-up working days (调休上班日).

    The rule: every Saturday and Sunday within 12 days before or after a statutory date of 春节, 劳动节 or
    国庆节, or within 7 days of 元旦, 清明节, 端午节 or 中秋节 (see ``MAKEUP_WINDOW_DAYS``), except the
    statutory holidays themselves, which stay off. The days around 元旦 reach into December of the year
    before. Counting these days as working, and the compensatory days as not yet placed, gives the
    earliest date the notice could produce.
    """
    holidays = statutory_holidays(year)
    days: set[date] = set()
    for day, name in _statutory(year):
        reach = MAKEUP_WINDOW_DAYS.get(name, MAKEUP_WINDOW_DAYS_ONE_DAY_HOLIDAY)
        for offset in range(-reach, reach + 1):
            candidate = day + offset * _ONE_DAY
            if candidate.weekday() >= 5 and candidate not in holidays:
                days.add(candidate)
    return frozenset(days)


def periods(year: int) -> list[tuple[str, date, date]]:
    """``[(name, first day, last day), …]`` of :func:`statutory_holidays`, in the law's order."""
    spans: dict[str, list[date]] = {}
    for day, name in _statutory(year):
        spans.setdefault(name, []).append(day)
    return [(name, min(spans[name]), max(spans[name])) for name in ORDER if name in spans]


def provisional_basis(year: int) -> str:
    """One Chinese paragraph saying what the provisional dates of ``year`` are counted with."""
    days = "；".join(
        f"{name} {first.isoformat()}" + (f"—{last.isoformat()}" if last != first else "")
        for name, first, last in periods(year)
    )
    text = f"期限暂按周一至周五扣除{LAW}规定的节假日计算：{days}。"
    compensatory = compensatory_days(year)
    if compensatory:
        text += f"节日适逢周六、周日的补假暂按节后工作日计：{'、'.join(d.isoformat() for d in compensatory)}。"
    return text + "调休上班日以国务院办公厅通知为准，录入通知后自动重新计算。"
