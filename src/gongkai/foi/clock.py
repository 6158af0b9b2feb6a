"""The legal clock of an information request (依申请公开), RULES.md §2. Pure: no models, no writes.

It turns the dates of a request into its reply due date and a list of plain sentences (:class:`Segment`)
that a citizen or a clerk can check against a calendar, step by step.

The precise definition (tests hold the code to it):

* **Clock start** ``S``: ``received_on``; or ``supplement_received_on`` when a 补正 was sent and the
  supplemented application arrived (Art. 30: the reply period restarts). ``S`` itself is not counted.
* **Counting pauses**: every ``third_party`` / ``agency`` pause, and ``fee`` pauses when
  ``fee_pauses_clock``. The *last day* of a pause is

  - consultation (Art. 32/34): the answer day, or the ``consultation_window_days``-th working day after
    the letter's receipt if that comes first (:func:`consultation_end`); while unanswered, the earlier of
    ``today`` and that window end;
  - fee: the payment day; while unpaid, ``today``.

  A working day ``d`` is *paused* when ``S < d`` and ``start < d <= last day`` for at least one counting
  pause. The pauses are a union: a day covered by several pauses is one paused day.
* **Due date under Art. 33**: with ``N = reply_days + extension_days``, the earliest date ``D >= S`` such
  that (working days in ``(S, D]``) − (paused days in ``(S, D]``) = ``N``; ``D = S`` when ``N = 0``.
  So a pause that starts before ``D`` moves ``D`` past its last day by exactly its paused days, a pause that
  starts on or after ``D`` moves nothing, and days on or before ``S`` never count.
* **Due date**: ``max(D, excessive_due)`` (Art. 35). While a counting pause that started before ``D`` is
  still running, the due date is a lower bound (state ``"paused"``; the texts say 至少).
* **Notice periods run from receipt** (Art. 30, 32, 34; 国办函〔2020〕109号第七条): the 补正 period, the
  fee payment window and a consultation's answer window count from the day after the notice was
  *received* (:func:`receipt_of`): the receipt date entered; else the day sent (in person, online,
  e-mail, fax, or no way recorded); else, by post, the day sent plus ``post_presumed_days`` calendar days,
  a *presumed* receipt that the result flags (``*_presumed``, :class:`AnswerWindow`) and the texts name.
  A pause of the reply clock still starts on the day the notice was sent.
* **Provisional**: a day of a year no calendar covers counts Monday–Friday minus the statutory holidays
  and sets ``provisional`` (RULES.md §1); nothing here raises
  :class:`~gongkai.workdays.calendar.UncoveredYear`. A provisional result also carries ``earliest_due``:
  the same clock with every weekend day the year's notice could make a make-up working day counted as
  working (:func:`gongkai.workdays.calendar.days_after_earliest`), the earliest the due date can become.

Days are read from the calendar only as far as the answer needs (one version check per walk, the year data
cached per process), so one clock costs well under a millisecond once the years are loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from gongkai.core.dates import date_text
from gongkai.workdays import calendar

ORDINANCE = "《政府信息公开条例》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

CLARIFICATION_LIMIT_DAYS = 7  # Art. 30: a 补正 within 7 working days of receipt
MAX_EXTENSION_DAYS = 20  # Art. 33
FEE_PAYMENT_DAYS = 20  # 国办函〔2020〕109号第七条: payment within 20 working days of receiving the notice
POST = "post"  # foi.codes.NoticeWay.POST: the one way of sending whose receipt is not the day sent
POST_PRESUMED_DAYS = 7  # default of GONGKAI_POST_PRESUMED_DAYS (calendar days from posting to receipt)
NOTICE_WAYS = {  # foi.codes.NoticeWay, as the explanation names them
    "in_person": "当面送达", "online": "网上送达", "email": "电子邮件送达", "fax": "传真送达", POST: "邮寄送达",
}

PAUSE_KINDS = {
    "third_party": "征求第三方意见",  # Art. 32
    "agency": "征求其他机关意见",  # Art. 34
    "fee": "缴纳信息处理费",  # fee window
}
CONSULTATIONS = ("third_party", "agency")


@dataclass(frozen=True)
class Pause:
    kind: str  # "third_party" (Art. 32), "agency" (Art. 34 other agencies), "fee" (fee window)
    start: date  # the day the consultation letter / fee notice was sent (not counted)
    end: date | None  # the day the answer arrived / the fee was paid; None = still running
    label: str = ""  # e.g. the party's name, shown in the explanation
    sent_by: str = ""  # how the letter / notice went out (NOTICE_WAYS); "" = not recorded: received the day sent
    received_on: date | None = None  # the day the party received it (post: signed for); None = not entered

    def __post_init__(self):
        if self.kind not in PAUSE_KINDS:
            raise ValueError(f"未知的中止类型：{self.kind}（应为 {'、'.join(PAUSE_KINDS)}）。")
        if self.end is not None and self.end < self.start:
            raise ValueError(f"中止结束日 {self.end} 早于开始日 {self.start}。")
        _check_receipt(self.start, self.sent_by, self.received_on)


@dataclass(frozen=True)
class ClockInput:
    received_on: date  # Art. 31 date of receipt (not counted; day 1 is the next working day)
    reply_days: int = 20  # Art. 33
    clarification_sent_on: date | None = None  # 补正告知 sent (must be within 7 working days of receipt)
    clarification_period_days: int = 15  # the reasonable period given to the applicant (configurable)
    supplement_received_on: date | None = None  # the supplemented application arrived: the clock restarts
    pauses: tuple[Pause, ...] = ()
    extension_days: int = 0  # 0..20, approved extension (Art. 33)
    extension_on: date | None = None
    excessive_due: date | None = None  # Art. 35: a staff-set later due date (with a reason stored elsewhere)
    fee_pauses_clock: bool = True  # RULES: configurable, default paused
    consultation_window_days: int = 15  # Art. 32/34: third party / agency answer within 15 working days
    clarification_sent_by: str = ""  # how the 补正告知书 went out (NOTICE_WAYS); "" = received the day sent
    clarification_received_on: date | None = None  # the applicant received it (post: signed for), when entered
    post_presumed_days: int = POST_PRESUMED_DAYS  # by post, received this many calendar days after sending

    def __post_init__(self):
        for name in ("reply_days", "clarification_period_days", "consultation_window_days", "post_presumed_days"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} 不能为负数。")
        if not 0 <= self.extension_days <= MAX_EXTENSION_DAYS:
            raise ValueError(
                f"延长答复期限最长不得超过{MAX_EXTENSION_DAYS}个工作日（{ORDINANCE}第三十三条），"
                f"收到：{self.extension_days}。"
            )
        if self.clarification_sent_on is not None and self.clarification_sent_on < self.received_on:
            raise ValueError("补正告知日期早于收到申请日期。")
        if self.supplement_received_on is not None:
            if self.clarification_sent_on is None:
                raise ValueError("未发出补正告知，不能登记收到补正的日期。")
            if self.supplement_received_on < self.clarification_sent_on:
                raise ValueError("收到补正的日期早于补正告知日期。")
        if self.clarification_received_on is not None and self.clarification_sent_on is None:
            raise ValueError("未发出补正告知，不能登记申请人收到补正告知书的日期。")
        if self.clarification_sent_on is not None:
            _check_receipt(self.clarification_sent_on, self.clarification_sent_by, self.clarification_received_on)


def _check_receipt(sent: date, sent_by: str, received_on: date | None) -> None:
    if sent_by and sent_by not in NOTICE_WAYS:
        raise ValueError(f"未知的送达方式：{sent_by}（应为 {'、'.join(NOTICE_WAYS)}）。")
    if received_on is not None and received_on < sent:
        raise ValueError(f"收到日期 {received_on} 早于发出日期 {sent}。")


@dataclass(frozen=True)
class Receipt:
    """The day a notice counts as received: its period runs from the next day."""

    on: date
    presumed: bool  # by post and no signed-for date entered: the day sent + post_presumed_days


def receipt_of(sent: date, sent_by: str, received_on: date | None, *,
               post_presumed_days: int = POST_PRESUMED_DAYS) -> Receipt:
    """When a notice sent on ``sent`` counts as received: the date entered, else the day sent, except by
    post, where it is presumed ``post_presumed_days`` calendar days later until the signed-for date is
    entered."""
    if received_on is not None:
        return Receipt(received_on, False)
    if sent_by == POST:
        return Receipt(sent + timedelta(days=post_presumed_days), True)
    return Receipt(sent, False)


def _pause_receipt(p: Pause, inp: ClockInput) -> Receipt:
    return receipt_of(p.start, p.sent_by, p.received_on, post_presumed_days=inp.post_presumed_days)


@dataclass(frozen=True)
class AnswerWindow:
    """A consultation's answer window (Art. 32/34): the working days after ``received`` up to ``end``."""

    pause: int  # index into ClockInput.pauses
    received: Receipt
    end: date  # the consultation_window_days-th working day after receipt


@dataclass(frozen=True)
class Segment:
    kind: str  # "received", "clarification", "awaiting_supplement", "restart", "pause", "extension", "excessive", "due"
    start: date
    end: date | None
    workdays: int  # working days in this segment as counted
    basis: str  # legal basis in Chinese
    text: str  # one plain Chinese sentence a citizen can check


@dataclass(frozen=True)
class ClockResult:
    state: str  # "running", "paused", "awaiting_supplement"
    due_date: date | None  # None only while awaiting the supplement
    provisional: bool  # some date was counted Monday–Friday in a year no calendar covers
    clarification_due: date  # received_on + 7 working days: last day to send a 补正
    supplement_due: date | None  # the 补正告知书's receipt + clarification_period_days working days
    fee_payment_due: date | None  # the latest fee notice's receipt + 20 working days
    paused_workdays: int  # distinct working days not counted (on or before the Art. 33 due date)
    segments: tuple[Segment, ...]
    supplement_due_presumed: bool = False  # supplement_due counts from a presumed receipt (post, not signed for)
    fee_payment_due_presumed: bool = False  # fee_payment_due counts from a presumed receipt
    answer_windows: tuple[AnswerWindow, ...] = ()  # each consultation's window, in the order of ``pauses``
    earliest_due: date | None = None  # provisional only: the earliest due date the year's notice can produce


# --- reading the calendar --------------------------------------------------------------------------------


@dataclass
class _Assumed:
    """Years whose days were counted Monday–Friday during one computation."""

    years: set[int] = field(default_factory=set)
    earliest: bool = False  # walk the days as the earliest the notices could make them


class _Walk:
    """The working days after ``start``, read from the calendar only as far as asked."""

    def __init__(self, start: date, assumed: _Assumed):
        self._days = (calendar.days_after_earliest if assumed.earliest else calendar.days_after_provisional)(start)
        self._pending = None
        self._assumed = assumed

    def next_workday(self, limit: date | None = None) -> date | None:
        """The next working day; None (reading nothing past ``limit``) when it would come after ``limit``."""
        while True:
            item, self._pending = self._pending or next(self._days), None
            day, working, assumed = item
            if limit is not None and day > limit:
                self._pending = item
                return None
            if assumed:
                self._assumed.years.add(day.year)
            if working:
                return day


def _add(start: date, n: int, assumed: _Assumed) -> date:
    walk, day = _Walk(start, assumed), start
    for _ in range(n):
        day = walk.next_workday()
    return day


def _count(start: date, end: date, assumed: _Assumed) -> int:
    """Working days in ``(start, end]``."""
    walk, n = _Walk(start, assumed), 0
    while walk.next_workday(limit=end) is not None:
        n += 1
    return n


def _window(start: date, days: int, until: date, assumed: _Assumed) -> tuple[date, bool]:
    """``(last day, ran out)``: the ``days``-th working day after ``start`` if it comes on or before
    ``until`` (the window ran out), else ``until``."""
    walk, day = _Walk(start, assumed), start
    for _ in range(days):
        day = walk.next_workday(limit=until)
        if day is None:
            return until, False
    return day, True


def consultation_end(p: Pause, *, window_days: int = 15, post_presumed_days: int = POST_PRESUMED_DAYS) -> date:
    """The last paused day of a consultation: the answer day, or the ``window_days``-th working day after
    the letter's receipt (:func:`receipt_of`) if the window ran out first (Art. 32/34); the window end while
    no answer has come.

    Never raises for an uncovered year (Monday–Friday is used there).
    """
    if p.kind not in CONSULTATIONS:
        raise ValueError(f"{PAUSE_KINDS[p.kind]}不是征求意见，没有15个工作日的答复期。")
    assumed = _Assumed()
    received = receipt_of(p.start, p.sent_by, p.received_on, post_presumed_days=post_presumed_days).on
    if p.end is None:
        return _add(received, window_days, assumed)
    return _window(received, window_days, p.end, assumed)[0]


# --- the clock -----------------------------------------------------------------------------------------


_fmt = date_text


@dataclass
class _Active:
    """A counting pause the walk has reached (it started before the day being counted)."""

    index: int
    pause: Pause
    last: date  # last paused day (see the module docstring)
    running: bool  # still open and still able to grow
    window_end: date | None = None  # consultations: the end of the 15-working-day window, when computed
    ran_out: bool = False  # consultations: the window ended before an answer
    own: int = 0  # paused working days of this pause in (S, D]
    shared: int = 0  # of which already paused by a pause listed before it


def _activate(index: int, p: Pause, inp: ClockInput, today: date, assumed: _Assumed) -> _Active:
    if p.kind == "fee":
        return _Active(index, p, last=p.end or today, running=p.end is None)
    window = inp.consultation_window_days
    received = _pause_receipt(p, inp).on
    if p.end is not None:
        last, ran_out = _window(received, window, p.end, assumed)
        # answered on the window's last day: the answer came in time
        ran_out = ran_out and last < p.end
        return _Active(index, p, last=last, running=False, window_end=last if ran_out else None,
                       ran_out=ran_out)
    window_end = _add(received, window, assumed)
    if window_end <= today:
        return _Active(index, p, last=window_end, running=False, window_end=window_end, ran_out=True)
    return _Active(index, p, last=today, running=True, window_end=window_end)


def compute(inp: ClockInput, *, today: date, earliest: bool = False) -> ClockResult:
    """The clock of one request as of ``today`` (see the module docstring for the exact definition).

    ``earliest=True`` computes it with every possible make-up working day of the uncovered years counted
    as working; :attr:`ClockResult.earliest_due` of a provisional result is that computation's due date.
    """
    assumed = _Assumed(earliest=earliest)
    segments: list[Segment] = []
    n = inp.reply_days

    clarification_due = _add(inp.received_on, CLARIFICATION_LIMIT_DAYS, assumed)
    supplement_due = clarification_receipt = None
    if inp.clarification_sent_on is not None:
        clarification_receipt = receipt_of(inp.clarification_sent_on, inp.clarification_sent_by,
                                           inp.clarification_received_on, post_presumed_days=inp.post_presumed_days)
        supplement_due = _add(clarification_receipt.on, inp.clarification_period_days, assumed)
    fees = [p for p in inp.pauses if p.kind == "fee"]
    fee_payment_due = fee_receipt = None
    if fees:
        fee_receipt = _pause_receipt(max(fees, key=lambda p: p.start), inp)
        fee_payment_due = _add(fee_receipt.on, FEE_PAYMENT_DAYS, assumed)
    windows = []
    for i, p in enumerate(inp.pauses):
        if p.kind in CONSULTATIONS:
            received = _pause_receipt(p, inp)
            windows.append(AnswerWindow(i, received, _add(received.on, inp.consultation_window_days, assumed)))
    presumed = {
        "supplement_due_presumed": bool(clarification_receipt and clarification_receipt.presumed),
        "fee_payment_due_presumed": bool(fee_receipt and fee_receipt.presumed),
        "answer_windows": tuple(windows),
    }

    # --- receipt and 补正 ---
    later = "（未计中止、延长）" if inp.pauses or inp.extension_days or inp.excessive_due else ""
    if inp.clarification_sent_on is None:
        start = inp.received_on
        base_due = _add(start, n, assumed)
        segments.append(Segment(
            "received", start, base_due, n, f"{ORDINANCE}第三十一条、第三十三条第二款",
            f"{_fmt(start)}收到申请，当日不计，自次日起算{n}个工作日，至{_fmt(base_due)}{later}。",
        ))
    else:
        sent = inp.clarification_sent_on
        segments.append(Segment(
            "received", inp.received_on, inp.received_on, 0, f"{ORDINANCE}第三十一条",
            f"{_fmt(inp.received_on)}收到申请，当日不计；需要补正的，应在{CLARIFICATION_LIMIT_DAYS}个"
            f"工作日内、即{_fmt(clarification_due)}前一次性告知申请人。",
        ))
        elapsed = _count(inp.received_on, sent, assumed)
        if sent > clarification_due:
            timing = (f"为收到申请后第{elapsed}个工作日，已超过{CLARIFICATION_LIMIT_DAYS}个工作日的法定期限"
                      f"（最迟应于{_fmt(clarification_due)}发出）")
        else:
            timing = f"为收到申请后第{elapsed}个工作日，在{CLARIFICATION_LIMIT_DAYS}个工作日的期限内"
        from_receipt = "自申请人收到告知书次日起算，" if inp.clarification_sent_by else ""
        segments.append(Segment(
            "clarification", inp.received_on, sent, elapsed, f"{ORDINANCE}第三十条",
            f"{_fmt(sent)}发出补正告知{_sent_text(inp.clarification_sent_by, clarification_receipt)}，{timing}；"
            f"补正期限为{inp.clarification_period_days}个工作日，{from_receipt}至{_fmt(supplement_due)}"
            f"{_presumed_note(clarification_receipt)}。",
        ))
        if inp.supplement_received_on is None:
            return _awaiting(inp, today, segments, assumed, clarification_due, supplement_due, fee_payment_due,
                             clarification_receipt, presumed)
        start = inp.supplement_received_on
        base_due = _add(start, n, assumed)
        late = ""
        if start > supplement_due:
            late = f"补正晚于补正期限（{_fmt(supplement_due)}）到达，仍自收到补正之日重新计算；"
        segments.append(Segment(
            "restart", start, base_due, n, f"{ORDINANCE}第三十条",
            f"{_fmt(start)}收到补正后的申请，{late}答复期限重新计算：当日不计，自次日起算{n}个工作日，"
            f"至{_fmt(base_due)}{later}。",
        ))

    # --- the walk: count working days after S, skipping paused ones, until N are counted ---
    total = n + inp.extension_days
    counting = sorted(
        (i for i, p in enumerate(inp.pauses) if p.kind in CONSULTATIONS or inp.fee_pauses_clock),
        key=lambda i: inp.pauses[i].start,
    )
    active: list[_Active] = []
    walk = _Walk(start, assumed)
    due, due_before_extension = start, start
    counted = paused = paused_in_extension = 0
    waiting = 0  # index into ``counting`` of the next pause to activate
    while counted < total:
        day = walk.next_workday()
        while waiting < len(counting) and inp.pauses[counting[waiting]].start < day:
            i = counting[waiting]
            active.append(_activate(i, inp.pauses[i], inp, today, assumed))
            waiting += 1
        covering = [a for a in active if a.pause.start < day <= a.last]
        if covering:
            paused += 1
            paused_in_extension += counted >= n
            for position, a in enumerate(covering):
                a.own += 1
                a.shared += position > 0
        else:
            counted += 1
            if counted == n:
                due_before_extension = day
        due = day

    # --- pauses, in the order they started ---
    by_index = {a.index: a for a in active}
    for i in sorted(range(len(inp.pauses)), key=lambda i: inp.pauses[i].start):
        segments.append(_pause_segment(inp, inp.pauses[i], by_index.get(i), start, due, today, fee_payment_due))

    # --- extension (Art. 33) and excessive requests (Art. 35) ---
    if inp.extension_days:
        told = f"（{_fmt(inp.extension_on)}告知申请人）" if inp.extension_on else ""
        late = ""
        if inp.extension_on and inp.extension_on > due_before_extension:
            late = f"延长决定晚于原答复期限（{_fmt(due_before_extension)}）作出，应在原期限内告知；"
        extra = f"其间另有{paused_in_extension}个工作日中止不计，" if paused_in_extension else ""
        segments.append(Segment(
            "extension", due_before_extension, due, inp.extension_days, f"{ORDINANCE}第三十三条第二款",
            f"经政府信息公开工作机构负责人同意，答复期限延长{inp.extension_days}个工作日{told}；{late}"
            f"自原期限{_fmt(due_before_extension)}次日起算，{extra}至{_fmt(due)}。",
        ))
    due_date, delay = due, 0
    if inp.excessive_due is not None:
        if inp.excessive_due > due:
            due_date, delay = inp.excessive_due, _count(due, inp.excessive_due, assumed)
            text = (f"申请数量、频次明显超过合理范围，确定延迟答复的合理期限至{_fmt(inp.excessive_due)}，"
                    f"晚于按第三十三条计算的{_fmt(due)}（多{delay}个工作日），以此为答复期限。")
        else:
            text = (f"确定的延迟答复期限{_fmt(inp.excessive_due)}不晚于按第三十三条计算的{_fmt(due)}，"
                    f"仍以{_fmt(due)}为答复期限。")
        segments.append(Segment("excessive", due, inp.excessive_due, delay, f"{ORDINANCE}第三十五条", text))

    # --- the due date ---
    running = any(a.running for a in active)
    span = counted + paused + delay
    parts = [f"自{_fmt(start)}次日至{_fmt(due_date)}共{span}个工作日"]
    if paused:
        parts.append(f"其中{paused}个工作日中止不计")
    parts.append(f"计入{n}个工作日" + (f"及延长的{inp.extension_days}个工作日" if inp.extension_days else ""))
    if delay:
        parts.append(f"另按第三十五条延迟{delay}个工作日")
    head = "答复期限至少为" if running else "答复期限届满日为"
    text = f"{head}{_fmt(due_date)}：{'，'.join(parts)}。"
    if running:
        text += "尚有中止期间未结束，结束后相应顺延。"
    text += _provisional_note(assumed)
    earliest_due = None
    if assumed.years and not earliest:
        earliest_due = compute(inp, today=today, earliest=True).due_date
        if earliest_due < due_date:
            text += f"按国务院办公厅通知调休后，答复期限最早可能提前至{_fmt(earliest_due)}。"
    segments.append(Segment("due", start, due_date, span, f"{ORDINANCE}第三十三条", text))

    return ClockResult(
        state="paused" if running else "running",
        due_date=due_date,
        provisional=bool(assumed.years),
        clarification_due=clarification_due,
        supplement_due=supplement_due,
        fee_payment_due=fee_payment_due,
        paused_workdays=paused,
        segments=tuple(segments),
        earliest_due=earliest_due,
        **presumed,
    )


def _provisional_note(assumed: _Assumed) -> str:
    if not assumed.years:
        return ""
    years = "、".join(f"{y}年" for y in sorted(assumed.years))
    return f"（暂定：{years}的节假日安排尚未录入工作日历，按周一至周五扣除法定节假日计算，录入后重新计算。）"


def _awaiting(inp, today, segments, assumed, clarification_due, supplement_due, fee_payment_due,
              receipt: Receipt, presumed: dict) -> ClockResult:
    # the period runs from the day after the applicant received the notice
    received = receipt.on
    elapsed = _count(received, min(today, supplement_due), assumed) if today > received else 0
    note = _presumed_note(receipt)
    if today > supplement_due:
        text = (f"补正期限已于{_fmt(supplement_due)}届满{note}，尚未收到补正；申请人无正当理由逾期不补正的，"
                f"视为放弃申请，不再处理。")
    else:
        text = (f"等待申请人补正：截至{_fmt(today)}已过补正期限{inp.clarification_period_days}个工作日中的"
                f"{elapsed}个，补正期限至{_fmt(supplement_due)}{note}；"
                f"收到补正后重新起算{inp.reply_days}个工作日。")
    segments.append(Segment("awaiting_supplement", received, None, elapsed, f"{ORDINANCE}第三十条",
                            text + _provisional_note(assumed)))
    return ClockResult(
        state="awaiting_supplement",
        due_date=None,
        provisional=bool(assumed.years),
        clarification_due=clarification_due,
        supplement_due=supplement_due,
        fee_payment_due=fee_payment_due,
        paused_workdays=0,
        segments=tuple(segments),
        **presumed,
    )


def _sent_text(sent_by: str, receipt: Receipt) -> str:
    """How a notice went out and when it counts as received, in brackets; nothing when no way was recorded."""
    if not sent_by:
        return ""
    way = NOTICE_WAYS[sent_by]
    if receipt.presumed:
        return f"（{way}，签收日期尚未登记，推定{_fmt(receipt.on)}收到）"
    if sent_by == POST:
        return f"（{way}，{_fmt(receipt.on)}签收）"
    return f"（{way}，{_fmt(receipt.on)}收到）"


def _presumed_note(receipt: Receipt | None) -> str:
    if receipt is None or not receipt.presumed:
        return ""
    return "（按推定的收到日期计算，登记签收日期后重新计算）"


def _presumed_inner(receipt: Receipt) -> str:
    return "，按推定的收到日期计算" if receipt.presumed else ""


def _who(p: Pause) -> str:
    if p.kind == "third_party":
        return f"第三方（{p.label}）" if p.label else "第三方"
    return p.label or "有关行政机关"


def _pause_segment(inp: ClockInput, p: Pause, a: _Active | None, start: date, due: date, today: date,
                   fee_payment_due: date | None) -> Segment:
    receipt = _pause_receipt(p, inp)
    sent = _sent_text(p.sent_by, receipt)
    if p.kind == "fee":
        basis = FEE_MEASURES
        from_receipt = "收到通知次日起" if p.sent_by else ""
        opening = (f"{_fmt(p.start)}发出收费通知{sent}，申请人应在{from_receipt}{FEE_PAYMENT_DAYS}个工作日内、"
                   f"即{_fmt(fee_payment_due)}前缴费{_presumed_note(receipt)}")
        if p.end is not None:
            opening += f"，{_fmt(p.end)}缴费" + ("（晚于缴费期限）" if p.end > fee_payment_due else "")
        elif today > fee_payment_due:
            opening += "，逾期尚未缴费，可视为放弃申请"
        else:
            opening += "，尚未缴费"
        if not inp.fee_pauses_clock:
            return Segment("pause", p.start, p.end, 0, basis, f"{opening}；按本机关设置，缴费期间照常计算答复期限。")
    else:
        article = "第三十二条" if p.kind == "third_party" else "第三十四条"
        basis = f"{ORDINANCE}{article}、第三十三条第三款"
        window = inp.consultation_window_days
        opening = f"{_fmt(p.start)}向{_who(p)}发出征求意见书{sent}"
        if a is None or not (a.running or a.ran_out):
            if p.end is not None:
                opening += f"，{_fmt(p.end)}收到答复"
            else:
                opening += "，尚未收到答复"
        elif a.ran_out:
            silence = "，视为同意公开" if p.kind == "agency" else ""
            opening += f"，{window}个工作日内（至{_fmt(a.window_end)}{_presumed_inner(receipt)}）未提出意见{silence}"
        else:
            opening += (f"，尚未收到答复（答复期至{_fmt(a.window_end)}，最多{window}个工作日"
                        f"{_presumed_inner(receipt)}）")

    if a is None:
        return Segment("pause", p.start, p.end, 0, basis,
                       f"{opening}；开始于答复期限届满之日（{_fmt(due)}）或之后，不影响答复期限。")
    end = None if a.running else a.last
    if a.last <= start:
        return Segment("pause", p.start, end, 0, basis,
                       f"{opening}；在答复期限起算日（{_fmt(start)}）之前结束，不影响答复期限。")
    if a.own == 0:
        return Segment("pause", p.start, end, 0, basis,
                       f"{opening}；其间没有工作日，答复期限不变。")
    through = f"截至{_fmt(today)}已有" if a.running else "其间"
    text = f"{opening}；{through}{a.own}个工作日不计入答复期限"
    if p.start < start:
        text += f"（只计{_fmt(start)}之后的部分）"
    if a.shared == a.own:
        text += "，均已在前面的中止中扣除，不重复计算"
    elif a.shared:
        text += f"，其中{a.shared}个工作日已在前面的中止中扣除，不重复计算，本项另扣{a.own - a.shared}个"
    if a.running:
        text += f"；答复期限至少顺延至{_fmt(due)}，结束后再确定"
    return Segment("pause", p.start, end, a.own - a.shared, basis, text + "。")
