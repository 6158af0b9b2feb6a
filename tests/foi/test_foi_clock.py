"""The legal clock of an information request (gongkai.foi.clock), checked against dates counted by hand.

Calendars used (chinesecalendar 1.11, checked with ``chinese_calendar.get_holiday_detail``; "W" marks a
make-up working weekend day, "off" a statutory holiday):

* 2025 Spring Festival: off Tue 28 Jan – Tue 4 Feb; W Sun 26 Jan, W Sat 8 Feb.
* 2025 National Day (with Mid-Autumn, Mon 6 Oct): off Wed 1 – Wed 8 Oct; W Sun 28 Sep, W Sat 11 Oct.
* 2026 Spring Festival: off Sun 15 – Mon 23 Feb; W Sat 14 Feb, W Sat 28 Feb.
* 2026 Mid-Autumn: off Fri 25 – Sun 27 Sep. National Day: off Thu 1 – Wed 7 Oct; W Sun 20 Sep, W Sat 10 Oct.

The comments list the counted working days; "n:" is the running count. No test reads the real date: every
call passes ``today=``. Years no calendar covers: 2099 and 2100 (never 2027, which the package may add).
"""

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gongkai.foi.clock import ClockInput, Pause, Receipt, compute, consultation_end, receipt_of
from gongkai.workdays import calendar
from gongkai.workdays.calendar import add_workdays, workdays_between

pytestmark = pytest.mark.django_db

D = date.fromisoformat


@pytest.fixture(autouse=True)
def fresh_calendar():
    calendar.clear_cache()
    yield
    calendar.clear_cache()


def clock(received, *, today=None, **fields):
    inp = ClockInput(received_on=D(received), **fields)
    return compute(inp, today=today or inp.received_on)


def pause(kind, start, end=None, label=""):
    return Pause(kind, D(start), D(end) if end else None, label)


def kinds(result):
    return [s.kind for s in result.segments]


def segment(result, kind, nth=0):
    return [s for s in result.segments if s.kind == kind][nth]


# --- the calendars the hand counts rely on ---------------------------------------------------------------


def test_the_package_arrangements_the_hand_counts_use():
    def off(a, b):
        return all(not chinese_calendar.is_workday(a + timedelta(days=i)) for i in range((b - a).days + 1))

    # 2025
    assert off(D("2025-01-28"), D("2025-02-04"))
    assert chinese_calendar.get_holiday_detail(D("2025-01-26")) == (False, "Spring Festival")  # Sunday, works
    assert chinese_calendar.get_holiday_detail(D("2025-02-08")) == (False, "Spring Festival")  # Saturday, works
    assert off(D("2025-10-01"), D("2025-10-08"))
    assert chinese_calendar.is_workday(D("2025-09-28")) and chinese_calendar.is_workday(D("2025-10-11"))
    # 2026
    assert off(D("2026-02-15"), D("2026-02-23"))
    assert chinese_calendar.is_workday(D("2026-02-14")) and chinese_calendar.is_workday(D("2026-02-28"))
    assert off(D("2026-09-25"), D("2026-09-27"))
    assert chinese_calendar.get_holiday_detail(D("2026-09-25"))[1] == "Mid-autumn Festival"
    assert off(D("2026-10-01"), D("2026-10-07"))
    assert chinese_calendar.is_workday(D("2026-09-20")) and chinese_calendar.is_workday(D("2026-10-10"))
    assert D("2026-09-20").weekday() == 6 and D("2026-10-10").weekday() == 5


# --- plain requests around the long holidays -------------------------------------------------------------


def test_received_before_spring_festival_2025():
    # Fri 24 Jan 2025 (not counted). Sun 26 Jan W 1, Mon 27 2, [28 Jan–4 Feb off], Wed 5 Feb 3, Thu 6 4,
    # Fri 7 5, Sat 8 Feb W 6, 10–14 Feb 7–11, 17–21 Feb 12–16, Mon 24 17, Tue 25 18, Wed 26 19, Thu 27 20.
    # 补正 limit (7th): … Sat 8 Feb 6, Mon 10 Feb 7.
    r = clock("2025-01-24")
    assert r.due_date == D("2025-02-27")
    assert r.clarification_due == D("2025-02-10")
    assert (r.state, r.provisional, r.paused_workdays) == ("running", False, 0)
    assert (r.supplement_due, r.fee_payment_due) == (None, None)
    assert kinds(r) == ["received", "due"]
    received = segment(r, "received")
    assert received.text == "2025年1月24日收到申请，当日不计，自次日起算20个工作日，至2025年2月27日。"
    assert received.basis == "《政府信息公开条例》第三十一条、第三十三条第二款"
    assert (received.start, received.end, received.workdays) == (D("2025-01-24"), D("2025-02-27"), 20)
    due = segment(r, "due")
    assert due.basis == "《政府信息公开条例》第三十三条"
    assert due.text.startswith("答复期限届满日为2025年2月27日")
    assert due.workdays == 20 and "暂定" not in due.text


def test_received_before_national_day_2025():
    # Fri 26 Sep 2025. Sun 28 Sep W 1, Mon 29 2, Tue 30 3, [1–8 Oct off], Thu 9 Oct 4, Fri 10 5,
    # Sat 11 Oct W 6, 13–17 Oct 7–11, 20–24 Oct 12–16, Mon 27 17, Tue 28 18, Wed 29 19, Thu 30 20.
    # 补正 limit: … Sat 11 Oct 6, Mon 13 Oct 7.
    r = clock("2025-09-26")
    assert r.due_date == D("2025-10-30")
    assert r.clarification_due == D("2025-10-13")


def test_received_before_spring_festival_2026():
    # Fri 13 Feb 2026. Sat 14 Feb W 1, [15–23 Feb off], Tue 24 2, Wed 25 3, Thu 26 4, Fri 27 5,
    # Sat 28 Feb W 6, 2–6 Mar 7–11, 9–13 Mar 12–16, Mon 16 17, Tue 17 18, Wed 18 19, Thu 19 Mar 20.
    # 补正 limit: … Sat 28 Feb 6, Mon 2 Mar 7.
    r = clock("2026-02-13")
    assert r.due_date == D("2026-03-19")
    assert r.clarification_due == D("2026-03-02")


def test_received_before_mid_autumn_and_national_day_2026():
    # Fri 18 Sep 2026. Sun 20 Sep W 1, 21–24 Sep 2–5, [25–27 Sep off], Mon 28 6, Tue 29 7, Wed 30 8,
    # [1–7 Oct off], Thu 8 Oct 9, Fri 9 10, Sat 10 Oct W 11, 12–16 Oct 12–16, Mon 19 17, Tue 20 18, Wed 21 19,
    # Thu 22 Oct 20. 补正 limit: Sun 20 1, 21 2, 22 3, 23 4, 24 5, Mon 28 6, Tue 29 Sep 7.
    r = clock("2026-09-18")
    assert r.due_date == D("2026-10-22")
    assert r.clarification_due == D("2026-09-29")


def test_received_on_the_eve_of_national_day_2026():
    # Wed 30 Sep 2026. [1–7 Oct off], Thu 8 Oct 1, Fri 9 2, Sat 10 Oct W 3, 12–16 Oct 4–8, 19–23 Oct 9–13,
    # 26–30 Oct 14–18, Mon 2 Nov 19, Tue 3 Nov 20.
    r = clock("2026-09-30")
    assert r.due_date == D("2026-11-03")
    assert segment(r, "received").text == "2026年9月30日收到申请，当日不计，自次日起算20个工作日，至2026年11月3日。"


def test_received_on_a_holiday_counts_from_the_next_working_day():
    # Thu 1 Oct 2026 (a holiday, received online). Thu 8 Oct 1 … the same days as from 30 Sep: Tue 3 Nov.
    assert clock("2026-10-01").due_date == D("2026-11-03")


# --- 补正 (Art. 30) -------------------------------------------------------------------------------------

RESTART = {"clarification_sent_on": D("2026-09-24")}


def test_clarification_outstanding_stops_the_clock():
    # Received Fri 18 Sep 2026; 补正 sent Thu 24 Sep = 5th working day (20 W, 21, 22, 23, 24): in time.
    # Supplement period 15 from 24 Sep: Mon 28 1, 29 2, 30 3, Thu 8 Oct 4, Fri 9 5, Sat 10 W 6, 12–16 Oct 7–11,
    # Mon 19 12, Tue 20 13, Wed 21 14, Thu 22 Oct 15.
    r = clock("2026-09-18", today=D("2026-10-09"), **RESTART)
    assert r.state == "awaiting_supplement"
    assert r.due_date is None
    assert r.supplement_due == D("2026-10-22")
    assert r.clarification_due == D("2026-09-29")
    assert kinds(r) == ["received", "clarification", "awaiting_supplement"]
    clarification = segment(r, "clarification")
    assert clarification.workdays == 5
    assert "在7个工作日的期限内" in clarification.text and "2026年10月22日" in clarification.text
    assert clarification.basis == "《政府信息公开条例》第三十条"
    # By Fri 9 Oct: 28, 29, 30 Sep, 8, 9 Oct = 5 working days of the 15 gone.
    waiting = segment(r, "awaiting_supplement")
    assert (waiting.start, waiting.end, waiting.workdays) == (D("2026-09-24"), None, 5)
    assert "补正期限至2026年10月22日" in waiting.text


def test_clarification_period_run_out_says_the_request_may_be_treated_as_abandoned():
    r = clock("2026-09-18", today=D("2026-10-23"), **RESTART)
    assert r.state == "awaiting_supplement"
    waiting = segment(r, "awaiting_supplement")
    assert waiting.workdays == 15
    assert "补正期限已于2026年10月22日届满" in waiting.text and "视为放弃申请" in waiting.text


def test_configurable_supplement_period():
    # 10 working days from Thu 24 Sep 2026: 28, 29, 30 Sep, 8, 9, 10 W, 12, 13, 14, 15 Oct.
    r = clock("2026-09-18", clarification_period_days=10, **RESTART)
    assert r.supplement_due == D("2026-10-15")


def test_supplement_restarts_the_clock():
    # Supplement received Fri 9 Oct 2026: counted again from the next day. Sat 10 Oct W 1, 12–16 Oct 2–6,
    # 19–23 Oct 7–11, 26–30 Oct 12–16, Mon 2 Nov 17, Tue 3 18, Wed 4 19, Thu 5 Nov 20.
    r = clock("2026-09-18", today=D("2026-10-12"), supplement_received_on=D("2026-10-09"), **RESTART)
    assert r.state == "running"
    assert r.due_date == D("2026-11-05")
    assert kinds(r) == ["received", "clarification", "restart", "due"]
    restart = segment(r, "restart")
    assert (restart.start, restart.end, restart.workdays) == (D("2026-10-09"), D("2026-11-05"), 20)
    assert restart.text.startswith("2026年10月9日收到补正后的申请，答复期限重新计算")
    assert segment(r, "due").start == D("2026-10-09")


def test_late_clarification_is_computed_and_flagged():
    # 补正 sent Wed 30 Sep 2026: 20 W 1, 21 2, 22 3, 23 4, 24 5, 28 6, 29 7, 30 Sep 8 → one day late.
    r = clock("2026-09-18", clarification_sent_on=D("2026-09-30"), supplement_received_on=D("2026-10-09"))
    clarification = segment(r, "clarification")
    assert clarification.workdays == 8
    assert "已超过7个工作日的法定期限" in clarification.text
    assert "最迟应于2026年9月29日发出" in clarification.text
    assert r.due_date == D("2026-11-05")  # still counted from the supplement


def test_late_supplement_is_noted():
    # Supplement period from 24 Sep ends Thu 22 Oct; the supplement arrives Fri 23 Oct.
    # From Fri 23 Oct (Sat 24, Sun 25 off): 26–30 Oct 1–5, 2–6 Nov 6–10, 9–13 Nov 11–15, 16–20 Nov 16–20 → Fri 20 Nov.
    r = clock("2026-09-18", supplement_received_on=D("2026-10-23"), **RESTART)
    assert r.due_date == D("2026-11-20")
    assert "补正晚于补正期限（2026年10月22日）到达" in segment(r, "restart").text


def test_a_pause_before_the_restart_is_irrelevant():
    # Consultation 21–29 Sep 2026, all before the restart on Fri 9 Oct: due stays Thu 5 Nov.
    early = pause("third_party", "2026-09-21", "2026-09-29", "某公司")
    r = clock("2026-09-18", supplement_received_on=D("2026-10-09"), pauses=(early,), **RESTART)
    assert r.due_date == D("2026-11-05")
    assert r.paused_workdays == 0
    assert segment(r, "pause").workdays == 0
    assert "之前结束，不影响答复期限" in segment(r, "pause").text


def test_a_pause_across_the_restart_counts_only_its_days_after_it():
    # Consultation sent Wed 30 Sep, answered Tue 13 Oct 2026 (5 working days: 8, 9, 10 W, 12, 13 — inside
    # the 15-day window). After the restart (Fri 9 Oct) only Sat 10 W, Mon 12, Tue 13 are paused.
    # From 9 Oct: [10, 12, 13 paused], 14 1, 15 2, 16 3, 19–23 4–8, 26–30 9–13, 2–6 Nov 14–18, Mon 9 19,
    # Tue 10 Nov 20.
    across = pause("third_party", "2026-09-30", "2026-10-13")
    r = clock("2026-09-18", supplement_received_on=D("2026-10-09"), pauses=(across,), **RESTART)
    assert r.due_date == D("2026-11-10")
    assert r.paused_workdays == 3
    assert segment(r, "pause").workdays == 3
    assert "只计2026年10月9日之后的部分" in segment(r, "pause").text


# --- consultations (Art. 32, 34) -------------------------------------------------------------------------


def test_third_party_answers_early():
    # Received Fri 26 Sep 2025 (due without pauses Thu 30 Oct). Letter Mon 13 Oct, answer Thu 16 Oct:
    # paused Tue 14, Wed 15, Thu 16 (3 days). Counting: 28 Sep W 1, 29 2, 30 3, 9 Oct 4, 10 5, 11 W 6, 13 7,
    # [14, 15, 16], Fri 17 8, 20–24 9–13, 27–31 14–18, Mon 3 Nov 19, Tue 4 Nov 20.
    p = pause("third_party", "2025-10-13", "2025-10-16", "某科技有限公司")
    r = clock("2025-09-26", today=D("2025-10-20"), pauses=(p,))
    assert r.due_date == D("2025-11-04")
    assert r.paused_workdays == 3
    assert r.state == "running"
    assert workdays_between(D("2025-10-30"), r.due_date) == 3
    assert consultation_end(p) == D("2025-10-16")
    seg = segment(r, "pause")
    assert (seg.start, seg.end, seg.workdays) == (D("2025-10-13"), D("2025-10-16"), 3)
    assert seg.basis == "《政府信息公开条例》第三十二条、第三十三条第三款"
    assert seg.text == ("2025年10月13日向第三方（某科技有限公司）发出征求意见书，2025年10月16日收到答复；"
                        "其间3个工作日不计入答复期限。")
    assert "其中3个工作日中止不计" in segment(r, "due").text


def test_third_party_runs_out_its_window():
    # Letter Thu 9 Oct 2025. Window of 15: Fri 10 1, Sat 11 W 2, 13–17 3–7, 20–24 8–12, Mon 27 13,
    # Tue 28 14, Wed 29 Oct 15 → the window ends Wed 29 Oct; the answer on Wed 5 Nov comes too late.
    # Counting from 26 Sep: 28 W 1, 29 2, 30 3, Thu 9 Oct 4, [10 Oct … 29 Oct: 15 paused], Thu 30 5, Fri 31 6,
    # 3–7 Nov 7–11, 10–14 Nov 12–16, Mon 17 17, Tue 18 18, Wed 19 19, Thu 20 Nov 20.
    late = pause("third_party", "2025-10-09", "2025-11-05")
    r = clock("2025-09-26", today=D("2025-11-10"), pauses=(late,))
    assert consultation_end(late) == D("2025-10-29")
    assert r.due_date == D("2025-11-20")
    assert r.paused_workdays == 15
    seg = segment(r, "pause")
    assert (seg.end, seg.workdays) == (D("2025-10-29"), 15)
    assert "15个工作日内（至2025年10月29日）未提出意见" in seg.text

    # Never answered: the same once the window is over.
    silent = pause("third_party", "2025-10-09")
    r = clock("2025-09-26", today=D("2025-11-10"), pauses=(silent,))
    assert consultation_end(silent) == D("2025-10-29")
    assert (r.due_date, r.state, r.paused_workdays) == (D("2025-11-20"), "running", 15)


def test_agency_silence_counts_as_consent():
    silent = pause("agency", "2025-10-09", label="市财政局")
    r = clock("2025-09-26", today=D("2025-11-10"), pauses=(silent,))
    assert r.due_date == D("2025-11-20")
    seg = segment(r, "pause")
    assert seg.basis == "《政府信息公开条例》第三十四条、第三十三条第三款"
    assert "向市财政局发出征求意见书" in seg.text and "视为同意公开" in seg.text


def test_answer_on_the_last_day_of_the_window_is_in_time():
    on_time = pause("third_party", "2025-10-09", "2025-10-29")
    assert consultation_end(on_time) == D("2025-10-29")
    r = clock("2025-09-26", today=D("2025-11-10"), pauses=(on_time,))
    assert "2025年10月29日收到答复" in segment(r, "pause").text
    assert r.due_date == D("2025-11-20")


def test_two_overlapping_consultations_count_each_day_once():
    # Received Fri 13 Feb 2026 (due without pauses Thu 19 Mar).
    # P1 third party: letter Mon 2 Mar, answer Fri 6 Mar → paused 3, 4, 5, 6 Mar (4).
    # P2 agency: letter Wed 4 Mar, answer Wed 11 Mar → paused 5, 6, 9, 10, 11 Mar (5).
    # Union: 3, 4, 5, 6, 9, 10, 11 Mar = 7 days (5 and 6 Mar once). Counting: 14 Feb W 1, 24 2, 25 3, 26 4,
    # 27 5, 28 W 6, Mon 2 Mar 7, [3–6, 9–11], Thu 12 8, Fri 13 9, 16–20 10–14, 23–27 15–19, Mon 30 Mar 20.
    p1 = pause("third_party", "2026-03-02", "2026-03-06", "甲公司")
    p2 = pause("agency", "2026-03-04", "2026-03-11", "区住建局")
    r = clock("2026-02-13", today=D("2026-03-12"), pauses=(p2, p1))
    assert r.due_date == D("2026-03-30")
    assert r.paused_workdays == 7
    first, second = [s for s in r.segments if s.kind == "pause"]  # listed in the order they started
    assert (first.start, first.workdays) == (D("2026-03-02"), 4)
    assert (second.start, second.workdays) == (D("2026-03-04"), 3)
    assert "其间5个工作日不计入答复期限，其中2个工作日已在前面的中止中扣除" in second.text
    # the same as one pause over the union
    union = clock("2026-02-13", today=D("2026-03-12"), pauses=(pause("third_party", "2026-03-02", "2026-03-11"),))
    assert union.due_date == r.due_date and union.paused_workdays == 7


def test_a_pause_inside_a_holiday_moves_nothing():
    # Received Wed 30 Sep 2026 (due Tue 3 Nov). Letter Thu 1 Oct, answer Wed 7 Oct: 2–7 Oct are all off.
    holiday = pause("third_party", "2026-10-01", "2026-10-07")
    r = clock("2026-09-30", today=D("2026-10-08"), pauses=(holiday,))
    assert r.due_date == D("2026-11-03")
    assert r.paused_workdays == 0
    seg = segment(r, "pause")
    assert seg.workdays == 0 and "其间没有工作日，答复期限不变" in seg.text


def test_a_pause_starting_on_or_after_the_due_date_moves_nothing():
    # Due Tue 3 Nov 2026; letters sent on the due date and the day after.
    on_due = pause("third_party", "2026-11-03", "2026-11-10")
    after = pause("agency", "2026-11-04")
    r = clock("2026-09-30", today=D("2026-11-20"), pauses=(on_due, after))
    assert r.due_date == D("2026-11-03")
    assert (r.state, r.paused_workdays) == ("running", 0)
    assert all("不影响答复期限" in s.text for s in r.segments if s.kind == "pause")


def test_open_consultation_gives_an_at_least_due_date():
    # Received Wed 30 Sep 2026 (due Tue 3 Nov). Letter to an agency Mon 12 Oct, no answer by Fri 16 Oct:
    # paused Tue 13 – Fri 16 (4 days). Window of 15: 13–16 Oct 1–4, 19–23 5–9, 26–30 10–14, Mon 2 Nov 15.
    # Counting: Thu 8 1, Fri 9 2, Sat 10 W 3, Mon 12 4, [13–16], 19–23 5–9, 26–30 10–14, 2–6 Nov 15–19,
    # Mon 9 Nov 20 — at least.
    waiting = pause("agency", "2026-10-12")
    r = clock("2026-09-30", today=D("2026-10-16"), pauses=(waiting,))
    assert r.state == "paused"
    assert r.due_date == D("2026-11-09")
    assert r.paused_workdays == 4
    assert consultation_end(waiting) == D("2026-11-02")
    seg = segment(r, "pause")
    assert seg.end is None and seg.workdays == 4
    assert "截至2026年10月16日已有4个工作日不计入" in seg.text and "至少顺延至2026年11月9日" in seg.text
    assert segment(r, "due").text.startswith("答复期限至少为2026年11月9日")

    # A week later (Fri 23 Oct): 13–16, 19–23 = 9 days paused, still running. Tue 3 Nov + 9 working days:
    # 4, 5, 6, 9, 10, 11, 12, 13, 16 Nov.
    r = clock("2026-09-30", today=D("2026-10-23"), pauses=(waiting,))
    assert (r.state, r.paused_workdays, r.due_date) == ("paused", 9, D("2026-11-16"))

    # On the window's last day (Mon 2 Nov) it has run out: 15 days, the due date is final.
    # Tue 3 Nov + 15: 4, 5, 6, 9–13, 16–20, 23, 24 Nov.
    r = clock("2026-09-30", today=D("2026-11-02"), pauses=(waiting,))
    assert (r.state, r.paused_workdays, r.due_date) == ("running", 15, D("2026-11-24"))
    assert "答复期限届满日为2026年11月24日" in segment(r, "due").text


def test_open_consultation_sent_today_pauses_with_nothing_counted_yet():
    r = clock("2026-09-30", today=D("2026-10-12"), pauses=(pause("third_party", "2026-10-12"),))
    assert (r.state, r.paused_workdays, r.due_date) == ("paused", 0, D("2026-11-03"))


def test_configurable_consultation_window():
    # Window of 5 from Thu 9 Oct 2025: 10, 11 W, 13, 14, 15 Oct. Due Thu 30 Oct + 5: 31 Oct, 3, 4, 5, 6 Nov.
    silent = pause("third_party", "2025-10-09")
    assert consultation_end(silent, window_days=5) == D("2025-10-15")
    r = clock("2025-09-26", today=D("2025-11-10"), pauses=(silent,), consultation_window_days=5)
    assert (r.paused_workdays, r.due_date) == (5, D("2025-11-06"))


def test_consultation_end_is_only_for_consultations():
    with pytest.raises(ValueError, match="不是征求意见"):
        consultation_end(pause("fee", "2025-10-09"))


# --- extension (Art. 33) and excessive requests (Art. 35) ------------------------------------------------


def test_extension_of_twenty():
    # Due Tue 3 Nov 2026 + 20: 4, 5, 6 Nov 1–3, 9–13 4–8, 16–20 9–13, 23–27 14–18, Mon 30 Nov 19, Tue 1 Dec 20.
    r = clock("2026-09-30", extension_days=20, extension_on=D("2026-10-28"))
    assert r.due_date == D("2026-12-01")
    ext = segment(r, "extension")
    assert (ext.start, ext.end, ext.workdays) == (D("2026-11-03"), D("2026-12-01"), 20)
    assert ext.basis == "《政府信息公开条例》第三十三条第二款"
    assert "延长20个工作日（2026年10月28日告知申请人）" in ext.text
    assert "晚于原答复期限" not in ext.text
    assert segment(r, "due").workdays == 40


def test_extension_decided_after_the_original_due_date_is_flagged():
    r = clock("2026-09-30", extension_days=5, extension_on=D("2026-11-04"))
    assert "延长决定晚于原答复期限（2026年11月3日）作出" in segment(r, "extension").text


def test_pause_during_the_extension_also_counts():
    # Extension 5: Tue 3 Nov + 5 = 4, 5, 6, 9, 10 Nov. A consultation Wed 4 – Fri 6 Nov (paused 5, 6 Nov)
    # starts before that extended due date, so it moves it by 2: 11, 12 Nov.
    r = clock("2026-09-30", extension_days=5, pauses=(pause("third_party", "2026-11-04", "2026-11-06"),),
              today=D("2026-11-09"))
    assert r.due_date == D("2026-11-12")
    assert r.paused_workdays == 2
    assert "其间另有2个工作日中止不计" in segment(r, "extension").text


@pytest.mark.parametrize("days", [-1, 21])
def test_extension_outside_zero_to_twenty_is_refused(days):
    with pytest.raises(ValueError, match="最长不得超过20个工作日"):
        ClockInput(received_on=D("2026-09-30"), extension_days=days)


def test_excessive_due_later_becomes_the_due_date():
    # Computed: Tue 3 Nov 2026. Staff set Tue 15 Dec under Art. 35: 4 Nov … 15 Dec = 30 working days more.
    r = clock("2026-09-30", excessive_due=D("2026-12-15"))
    assert r.due_date == D("2026-12-15")
    exc = segment(r, "excessive")
    assert exc.basis == "《政府信息公开条例》第三十五条"
    assert (exc.start, exc.end, exc.workdays) == (D("2026-11-03"), D("2026-12-15"), 30)
    assert kinds(r)[-2:] == ["excessive", "due"]
    assert segment(r, "due").workdays == 50


def test_excessive_due_earlier_changes_nothing():
    r = clock("2026-09-30", excessive_due=D("2026-10-20"))
    assert r.due_date == D("2026-11-03")
    assert "仍以2026年11月3日为答复期限" in segment(r, "excessive").text


# --- the fee window --------------------------------------------------------------------------------------


def test_fee_pauses_the_clock_by_default():
    # Received Fri 24 Jan 2025 (due Thu 27 Feb). Fee notice Mon 10 Feb, paid Fri 14 Feb: paused 11–14 Feb (4).
    # Due: Thu 27 Feb + 4 = Fri 28 Feb, Mon 3, Tue 4, Wed 5 Mar.
    # Payment due: 20 working days from Mon 10 Feb: 11–14 1–4, 17–21 5–9, 24–28 10–14, 3–7 Mar 15–19, Mon 10 Mar.
    fee = pause("fee", "2025-02-10", "2025-02-14")
    r = clock("2025-01-24", today=D("2025-02-17"), pauses=(fee,))
    assert r.fee_payment_due == D("2025-03-10")
    assert r.due_date == D("2025-03-05")
    assert r.paused_workdays == 4
    seg = segment(r, "pause")
    assert seg.basis == "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
    assert "即2025年3月10日前缴费，2025年2月14日缴费" in seg.text


def test_fee_does_not_pause_when_configured_off():
    fee = pause("fee", "2025-02-10", "2025-02-14")
    r = clock("2025-01-24", today=D("2025-02-17"), pauses=(fee,), fee_pauses_clock=False)
    assert r.due_date == D("2025-02-27")
    assert r.fee_payment_due == D("2025-03-10")
    assert r.paused_workdays == 0
    assert "缴费期间照常计算答复期限" in segment(r, "pause").text

    open_fee = pause("fee", "2025-02-10")
    r = clock("2025-01-24", today=D("2025-02-17"), pauses=(open_fee,), fee_pauses_clock=False)
    assert (r.state, r.due_date) == ("running", D("2025-02-27"))


def test_unpaid_fee_pauses_through_today():
    # Notice Mon 10 Feb 2025, unpaid on Wed 19 Feb: paused 11–14, 17–19 Feb (7). Thu 27 Feb + 7 =
    # 28 Feb, 3, 4, 5, 6, 7, 10 Mar.
    r = clock("2025-01-24", today=D("2025-02-19"), pauses=(pause("fee", "2025-02-10"),))
    assert (r.state, r.paused_workdays, r.due_date) == ("paused", 7, D("2025-03-10"))
    assert "尚未缴费" in segment(r, "pause").text

    # Still unpaid after the payment due date (Mon 10 Mar): said so.
    r = clock("2025-01-24", today=D("2025-03-11"), pauses=(pause("fee", "2025-02-10"),))
    assert "逾期尚未缴费，可视为放弃申请" in segment(r, "pause").text


# --- years no calendar covers (RULES.md §1) --------------------------------------------------------------


def test_provisional_into_an_uncovered_year():
    # Neither 2099 nor 2100 is covered: Monday–Friday. Received Wed 16 Dec 2099. Thu 17 1, Fri 18 2,
    # 21–25 Dec 3–7, 28–31 Dec 8–11, Fri 1 Jan 2100 12, 4–8 Jan 13–17, Mon 11 18, Tue 12 19, Wed 13 Jan 20.
    # 补正 limit: 17, 18, 21, 22, 23, 24, 25 Dec.
    r = clock("2099-12-16")
    assert r.due_date == D("2100-01-14")  # 元旦 is off in a provisional year too
    assert r.provisional is True
    assert r.clarification_due == D("2099-12-25")
    assert "暂定：2099年、2100年的节假日安排尚未录入工作日历" in segment(r, "due").text


def test_provisional_with_an_open_pause_and_an_extension_never_raises():
    r = clock("2099-12-16", today=D("2099-12-22"), pauses=(pause("third_party", "2099-12-18"),), extension_days=20)
    # paused Mon 21, Tue 22 Dec; 20 + 20 + 2 = 42 working days Monday–Friday from Wed 16 Dec 2099:
    # Dec has 11 (17, 18, 21–25, 28–31), Jan 2100 has 21 (1, 4–8, 11–15, 18–22, 25–29) → 32, then Feb 1–5
    # 33–37, 8–12 Feb 38–42 → Fri 12 Feb 2100 at least.
    assert (r.state, r.provisional, r.paused_workdays, r.due_date) == ("paused", True, 2, D("2100-02-19"))  # 春节 off


def test_an_entered_year_is_not_provisional_and_its_holidays_count():
    from gongkai.workdays.models import CalendarDay, CalendarYear

    cy = CalendarYear.objects.create(year=2099, notice="（测试用）")
    CalendarDay.objects.create(year=cy, date=D("2099-12-24"), is_workday=False, name="测试假日")
    CalendarDay.objects.create(year=cy, date=D("2099-12-25"), is_workday=False, name="测试假日")
    calendar.bump_version()

    # Received Fri 20 Nov 2099, all inside the entered 2099: 23–27 Nov 1–5, 30 Nov–4 Dec 6–10, 7–11 Dec 11–15,
    # 14–18 Dec 16–20 → Fri 18 Dec, not provisional.
    r = clock("2099-11-20")
    assert (r.due_date, r.provisional) == (D("2099-12-18"), False)
    # Received Wed 16 Dec 2099: 17 1, 18 2, 21 3, 22 4, 23 5, [24, 25 entered off], 28–31 6–9, Fri 1 Jan 2100
    # 10, 4–8 Jan 11–15, 11–15 Jan 16–20 → Fri 15 Jan 2100, provisional (2100 is not entered).
    r = clock("2099-12-16")
    assert (r.due_date, r.provisional) == (D("2100-01-18"), True)  # 元旦 off
    assert "暂定：2100年的" in segment(r, "due").text


# --- input checks, explanation and speed -----------------------------------------------------------------


@pytest.mark.parametrize("fields, message", [
    ({"supplement_received_on": D("2026-10-09")}, "未发出补正告知"),
    ({"clarification_sent_on": D("2026-09-01")}, "早于收到申请日期"),
    ({"clarification_sent_on": D("2026-09-24"), "supplement_received_on": D("2026-09-23")}, "早于补正告知日期"),
    ({"reply_days": -1}, "不能为负数"),
])
def test_inconsistent_input_is_refused(fields, message):
    with pytest.raises(ValueError, match=message):
        ClockInput(received_on=D("2026-09-18"), **fields)


def test_bad_pauses_are_refused():
    with pytest.raises(ValueError, match="未知的中止类型"):
        Pause("holiday", D("2026-10-01"), None)
    with pytest.raises(ValueError, match="早于开始日"):
        Pause("fee", D("2026-10-09"), D("2026-10-08"))


def test_the_explanation_adds_up():
    # Everything at once: the segments' working days must let a reader re-add the due date.
    p1 = pause("third_party", "2026-03-02", "2026-03-06")
    p2 = pause("agency", "2026-03-04", "2026-03-11")
    fee = pause("fee", "2026-03-16", "2026-03-18")
    r = clock("2026-02-13", today=D("2026-03-20"), pauses=(p1, p2, fee), extension_days=10)
    pauses = [s for s in r.segments if s.kind == "pause"]
    assert sum(s.workdays for s in pauses) == r.paused_workdays == 7 + 2  # fee: 17, 18 Mar
    due = segment(r, "due")
    assert due.workdays == workdays_between(D("2026-02-13"), r.due_date) == 20 + 10 + r.paused_workdays
    assert add_workdays(D("2026-02-13"), due.workdays) == r.due_date
    assert all(s.text.endswith(("。", "）")) and s.basis for s in r.segments)


def test_one_clock_reads_the_calendar_only_once_per_year(django_assert_max_num_queries):
    inp = ClockInput(
        received_on=D("2026-09-18"), clarification_sent_on=D("2026-09-24"),
        supplement_received_on=D("2026-10-09"), extension_days=20, excessive_due=D("2026-12-31"),
        pauses=(pause("third_party", "2026-10-13", "2026-10-20"), pause("agency", "2026-10-15"),
                pause("fee", "2026-10-26", "2026-10-28")),
    )
    compute(inp, today=D("2026-11-02"))  # load the years
    with django_assert_max_num_queries(0):
        for _ in range(20):
            compute(inp, today=D("2026-11-02"))


# --- properties ------------------------------------------------------------------------------------------

# Inputs stay in 2024-01-01 .. 2026-10-31 and are short enough that every due date stays in 2026 at the
# latest, so every day counted is covered by the calendar (each property also asserts not provisional).
received_dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 6, 30))
LAST = date(2026, 10, 31)


@st.composite
def pauses_near(draw, received, *, kinds=("third_party", "agency", "fee")):
    start = min(received + timedelta(days=draw(st.integers(-40, 70))), LAST)
    if draw(st.booleans()):
        end = min(start + timedelta(days=draw(st.integers(0, 40))), LAST)
    else:
        end = None
    return Pause(draw(st.sampled_from(kinds)), start, end)


property_settings = settings(max_examples=150, deadline=None,
                             suppress_health_check=[HealthCheck.function_scoped_fixture])


@property_settings
@given(data=st.data(), received=received_dates, fee_pauses=st.booleans(), extension=st.integers(0, 20))
def test_property_a_pause_never_shortens_the_due_date(data, received, fee_pauses, extension):
    pauses = tuple(data.draw(st.lists(pauses_near(received), max_size=3)))
    today = received + timedelta(days=data.draw(st.integers(0, 90)))
    base = ClockInput(received_on=received, extension_days=extension, fee_pauses_clock=fee_pauses)
    without = compute(base, today=today)
    with_pauses = compute(ClockInput(received_on=received, extension_days=extension, fee_pauses_clock=fee_pauses,
                                     pauses=pauses), today=today)
    assert not with_pauses.provisional
    assert with_pauses.due_date >= without.due_date
    # the definition: the due date is the (N + paused)-th working day after the start
    assert workdays_between(received, with_pauses.due_date) == 20 + extension + with_pauses.paused_workdays
    assert sum(s.workdays for s in with_pauses.segments if s.kind == "pause") == with_pauses.paused_workdays


@property_settings
@given(received=received_dates, extension=st.integers(0, 20))
def test_property_an_extension_adds_exactly_its_working_days(received, extension):
    due0 = compute(ClockInput(received_on=received), today=received).due_date
    due = compute(ClockInput(received_on=received, extension_days=extension), today=received).due_date
    assert workdays_between(due0, due) == extension
    assert due0 == add_workdays(received, 20)


@property_settings
@given(data=st.data(), received=received_dates)
def test_property_overlapping_consultations_count_each_day_once(data, received):
    s1 = received + timedelta(days=data.draw(st.integers(-10, 40)))
    e1 = s1 + timedelta(days=data.draw(st.integers(0, 14)))
    s2 = s1 + timedelta(days=data.draw(st.integers(0, (e1 - s1).days)))  # starts before P1 ends: overlap
    e2 = s2 + timedelta(days=data.draw(st.integers(0, 14)))
    p1 = Pause(data.draw(st.sampled_from(["third_party", "agency"])), s1, e1)
    p2 = Pause(data.draw(st.sampled_from(["third_party", "agency"])), s2, e2)
    union = Pause("third_party", s1, max(e1, e2))
    # answered inside their windows, so the paused intervals are exactly (start, end]
    assume(all(consultation_end(p) == p.end for p in (p1, p2, union)))
    today = max(e1, e2)
    both = compute(ClockInput(received_on=received, pauses=(p1, p2)), today=today)
    single = compute(ClockInput(received_on=received, pauses=(union,)), today=today)
    assert not both.provisional
    assert both.due_date == single.due_date
    assert both.paused_workdays == single.paused_workdays


@property_settings
@given(data=st.data(), received=received_dates, restart=st.booleans())
def test_property_a_pause_ending_before_the_start_changes_nothing(data, received, restart):
    fields = {}
    start = received
    if restart:
        sent = received + timedelta(days=data.draw(st.integers(0, 10)))
        start = sent + timedelta(days=data.draw(st.integers(0, 30)))
        fields = {"clarification_sent_on": sent, "supplement_received_on": start}
    p_start = start - timedelta(days=data.draw(st.integers(0, 60)))
    early = Pause(data.draw(st.sampled_from(["third_party", "agency", "fee"])), p_start,
                  p_start + timedelta(days=data.draw(st.integers(0, (start - p_start).days))))
    today = start + timedelta(days=data.draw(st.integers(0, 60)))
    plain = compute(ClockInput(received_on=received, **fields), today=today)
    paused = compute(ClockInput(received_on=received, pauses=(early,), **fields), today=today)
    assert not paused.provisional
    assert (paused.due_date, paused.paused_workdays, paused.state) == (plain.due_date, 0, plain.state)


@property_settings
@given(data=st.data(), received=received_dates)
def test_property_a_pause_starting_on_or_after_the_due_date_changes_nothing(data, received):
    due = compute(ClockInput(received_on=received), today=received).due_date
    p_start = due + timedelta(days=data.draw(st.integers(0, 30)))
    late = Pause(data.draw(st.sampled_from(["third_party", "agency", "fee"])), p_start, None)
    r = compute(ClockInput(received_on=received, pauses=(late,)), today=p_start + timedelta(days=5))
    assert (r.due_date, r.paused_workdays, r.state) == (due, 0, "running")


# --- notice periods run from receipt (Art. 30, 32, 34; 国办函〔2020〕109号第七条) ------------------------------
# November and December 2026 have no holidays or make-up days.

def test_receipt_is_the_day_sent_except_by_post_where_it_is_presumed_until_entered():
    sent = D("2026-11-04")
    for way in ("", "in_person", "online", "email", "fax"):
        assert receipt_of(sent, way, None) == Receipt(sent, False)
    assert receipt_of(sent, "post", None) == Receipt(D("2026-11-11"), True)
    assert receipt_of(sent, "post", None, post_presumed_days=3) == Receipt(D("2026-11-07"), True)
    assert receipt_of(sent, "post", D("2026-11-09")) == Receipt(D("2026-11-09"), False)
    assert receipt_of(sent, "email", D("2026-11-05")) == Receipt(D("2026-11-05"), False)


POSTED_CLARIFICATION = {"clarification_sent_on": D("2026-11-04"), "clarification_sent_by": "post"}


def test_a_posted_clarification_counts_from_the_presumed_receipt_and_says_so():
    # presumed received Wed 11 Nov: 12 13 (2), 16–20 (7), 23–27 (12), 30 Nov, 1, 2 Dec (15) → Wed 2 Dec.
    # By Fri 20 Nov: 12, 13, 16–20 = 7 of the 15 gone.
    r = clock("2026-11-02", today=D("2026-11-20"), **POSTED_CLARIFICATION)
    assert (r.supplement_due, r.supplement_due_presumed, r.fee_payment_due_presumed) == (D("2026-12-02"), True, False)
    clarification = segment(r, "clarification")
    assert "发出补正告知（邮寄送达，签收日期尚未登记，推定2026年11月11日收到）" in clarification.text
    assert "自申请人收到告知书次日起算，至2026年12月2日（按推定的收到日期计算，登记签收日期后重新计算）" in clarification.text
    waiting = segment(r, "awaiting_supplement")
    assert (waiting.start, waiting.workdays) == (D("2026-11-11"), 7)
    assert "补正期限至2026年12月2日（按推定的收到日期计算" in waiting.text

    # signed for Mon 9 Nov: 10–13 (4), 16–20 (9), 23–27 (14), 30 Nov (15)
    r = clock("2026-11-02", today=D("2026-11-20"), clarification_received_on=D("2026-11-09"), **POSTED_CLARIFICATION)
    assert (r.supplement_due, r.supplement_due_presumed) == (D("2026-11-30"), False)
    assert "（邮寄送达，2026年11月9日签收）" in segment(r, "clarification").text
    assert "推定" not in segment(r, "awaiting_supplement").text


def test_a_clarification_received_the_day_sent_counts_from_that_day():
    # e-mailed Wed 4 Nov: 5 6 (2), 9–13 (7), 16–20 (12), 23 24 25 (15)
    r = clock("2026-11-02", today=D("2026-11-20"), clarification_sent_on=D("2026-11-04"),
              clarification_sent_by="email")
    assert (r.supplement_due, r.supplement_due_presumed) == (D("2026-11-25"), False)
    assert "（电子邮件送达，2026年11月4日收到）" in segment(r, "clarification").text


def test_the_fee_window_counts_from_the_notices_receipt_while_the_pause_starts_on_the_day_sent():
    # posted Thu 5 Nov, presumed received Thu 12 Nov: 13 (1), 16–20 (6), 23–27 (11), 30 Nov–4 Dec (16),
    # 7–10 Dec (20) → Thu 10 Dec. Paid Fri 20 Nov: paused 6, 9–13, 16–20 Nov (11); due Mon 30 Nov + 11 =
    # 1–4 Dec (4), 7–11 (9), 14, 15 Dec (11).
    fee = Pause("fee", D("2026-11-05"), D("2026-11-20"), sent_by="post")
    r = clock("2026-11-02", today=D("2026-11-23"), pauses=(fee,))
    assert (r.fee_payment_due, r.fee_payment_due_presumed, r.due_date) == (D("2026-12-10"), True, D("2026-12-15"))
    text = segment(r, "pause").text
    assert "发出收费通知（邮寄送达，签收日期尚未登记，推定2026年11月12日收到）" in text
    assert "应在收到通知次日起20个工作日内、即2026年12月10日前缴费（按推定的收到日期计算" in text

    signed = Pause("fee", D("2026-11-05"), D("2026-11-20"), sent_by="post", received_on=D("2026-11-10"))
    r = clock("2026-11-02", today=D("2026-11-23"), pauses=(signed,))
    # 11–13 (3), 16–20 (8), 23–27 (13), 30 Nov–4 Dec (18), 7, 8 Dec (20)
    assert (r.fee_payment_due, r.fee_payment_due_presumed, r.due_date) == (D("2026-12-08"), False, D("2026-12-15"))


def test_the_consultation_window_counts_from_the_letters_receipt():
    # posted Thu 5 Nov, presumed received Thu 12 Nov: 13 (1), 16–20 (6), 23–27 (11), 30 Nov–3 Dec (15)
    silent = Pause("third_party", D("2026-11-05"), None, "某公司", sent_by="post")
    assert consultation_end(silent) == D("2026-12-03")
    # an answer on Mon 7 Dec comes after the window: the pause ends with the window
    late = Pause("third_party", D("2026-11-05"), D("2026-12-07"), "某公司", sent_by="post")
    assert consultation_end(late) == D("2026-12-03")
    r = clock("2026-11-02", today=D("2026-12-10"), pauses=(late,))
    [window] = r.answer_windows
    assert (window.pause, window.received, window.end) == (0, Receipt(D("2026-11-12"), True), D("2026-12-03"))
    # paused 6 Nov–3 Dec (20): 3–5 Nov (3), 4 Dec (4), 7–11 (9), 14–18 (14), 21–25 (19), Mon 28 Dec (20)
    assert (r.due_date, r.paused_workdays) == (D("2026-12-28"), 20)
    assert "15个工作日内（至2026年12月3日，按推定的收到日期计算）未提出意见" in segment(r, "pause").text
    # the same letter handed over in person: the window ends Thu 26 Nov
    by_hand = Pause("third_party", D("2026-11-05"), D("2026-12-07"), "某公司", sent_by="in_person")
    assert consultation_end(by_hand) == D("2026-11-26")
    # signed for Mon 9 Nov; still unanswered on Fri 20 Nov: the window is shown to 30 Nov
    signed = Pause("agency", D("2026-11-05"), None, "区财政局", sent_by="post", received_on=D("2026-11-09"))
    r = clock("2026-11-02", today=D("2026-11-20"), pauses=(signed,))
    assert r.state == "paused" and r.answer_windows[0].end == D("2026-11-30")
    assert "（邮寄送达，2026年11月9日签收），尚未收到答复（答复期至2026年11月30日，最多15个工作日）" in segment(r, "pause").text


def test_receipt_inputs_are_checked():
    with pytest.raises(ValueError, match="未知的送达方式"):
        Pause("fee", D("2026-11-05"), None, sent_by="pigeon")
    with pytest.raises(ValueError, match="早于发出日期"):
        Pause("third_party", D("2026-11-05"), None, sent_by="post", received_on=D("2026-11-04"))
    with pytest.raises(ValueError, match="早于发出日期"):
        ClockInput(received_on=D("2026-11-02"), clarification_received_on=D("2026-11-03"), **POSTED_CLARIFICATION)
    with pytest.raises(ValueError, match="未发出补正告知"):
        ClockInput(received_on=D("2026-11-02"), clarification_received_on=D("2026-11-05"))
    with pytest.raises(ValueError, match="post_presumed_days"):
        ClockInput(received_on=D("2026-11-02"), post_presumed_days=-1)


@property_settings
@given(data=st.data(), received=received_dates, way=st.sampled_from(["", "in_person", "online", "email", "fax", "post"]))
def test_property_a_later_receipt_never_shortens_a_notice_period(data, received, way):
    sent = received + timedelta(days=data.draw(st.integers(0, 10)))
    later = sent + timedelta(days=data.draw(st.integers(0, 20)))
    today = later + timedelta(days=data.draw(st.integers(0, 30)))
    on_sent = compute(ClockInput(received_on=received, clarification_sent_on=sent, clarification_sent_by=way,
                                 clarification_received_on=sent), today=today)
    on_later = compute(ClockInput(received_on=received, clarification_sent_on=sent, clarification_sent_by=way,
                                  clarification_received_on=later), today=today)
    assert on_later.supplement_due >= on_sent.supplement_due
    assert workdays_between(later, on_later.supplement_due) == 15
    # a presumed receipt is the same as entering the presumed day, except for the flag
    presumed = compute(ClockInput(received_on=received, clarification_sent_on=sent, clarification_sent_by="post"),
                       today=today)
    entered = compute(ClockInput(received_on=received, clarification_sent_on=sent, clarification_sent_by="post",
                                 clarification_received_on=sent + timedelta(days=7)), today=today)
    assert presumed.supplement_due == entered.supplement_due
    assert (presumed.supplement_due_presumed, entered.supplement_due_presumed) == (True, False)
