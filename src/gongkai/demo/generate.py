"""The bulk of the demo register: every unit's published items of 2014 and of the current year.

2014 reproduces the seed report's table (RULES.md §4, legacy form): 14,076 items published in 2014, all on
the government website, 3,628 of them also on the 政务微博; 25 行政规范性文件 written in 2014, of which
16 published and 9 kept in the register only (不予公开). No 政策解读, 政务微信 or 政府公报 in 2014 (those rows
of the seed's table are empty). The current year gets about 3,000 items up to yesterday, with 政策解读
linked to their policies. The complete recent year (2025, :mod:`gongkai.demo.annual2025`) gets what table
二 of its annual report counts from the register: the 行政规范性文件 issued in 2025 (with their 政策解读),
those of 2020 whose five years ran out in 2025 and those of 2021 that 2025's new texts repealed.

Items are written with ``bulk_create`` (the services would take minutes for 17,000 items); each gets the
metadata the services would give it (索引号 from the unit's sequence, the Art. 26 due date, the creator and
submitter) and one event row, and the sequences are moved on so that later service-created numbers
continue after them.
"""

import bisect
import dataclasses
import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F, OuterRef, Subquery

from gongkai.core.counters import counter_advance
from gongkai.core.models import Counter
from gongkai.core.sanitize import html_to_text
from gongkai.disclosures.counts import count_deltas, public_counts_apply
from gongkai.disclosures.models import Disclosure, DisclosureEvent, Term
from gongkai.disclosures.services import index_counter_key, index_number_format
from gongkai.disclosures.taxonomy import Category, Channel, DisclosureMode, NormativeKind, Status, Validity
from gongkai.orgs.models import Unit, User
from gongkai.workdays import calendar

from . import annual, annual2025
from . import texts as t
from .kinds import COMMON, Ctx, Draft, Kind
from .monitoring import MONITORING
from .people import username_for
from .sectors import SECTORS
from .units import OFFICE, ROOT, UNITS, UnitSpec

SEED = 2014
REPORT_YEAR = 2014
PUBLISHED_2014 = 14076  # 主动公开政府信息数 = 政府网站公开政府信息数
WEIBO_2014 = 3628  # 政务微博公开政府信息数
NORMATIVE_2014 = 25  # 制发规范性文件总数
NORMATIVE_PUBLISHED_2014 = 16  # 主动公开规范性文件数
CURRENT_YEAR_TOTAL = 3000
BATCH = 1000
TZ = ZoneInfo("Asia/Shanghai")
DOCUMENT_GENRES = {"notice", "decision", "reply", "circular", "opinion", "minutes", "letter", "public_notice",
                   "announcement", "report"}


@dataclass
class Slot:
    spec: UnitSpec
    kind: Kind | None  # None for normatives and interpretations, built by their own functions
    written: dt.date
    published: dt.date | None  # None: kept in the register only (不予公开)
    normative: tuple[str, str] | None = None  # (name, topic)
    reason: str = ""  # 不予公开理由
    policy: "Slot | None" = None  # the policy an interpretation explains
    channels: list[str] = field(default_factory=lambda: [Channel.WEBSITE])
    draft: Draft | None = None
    obj: Disclosure | None = None
    replaces: "Slot | None" = None  # the older normative this one repeals when it takes effect
    replaced_by: "Slot | None" = None


@dataclass
class Result:
    by_year: dict[int, int] = field(default_factory=dict)
    register_only: int = 0
    events: int = 0


def kinds_for(spec: UnitSpec) -> list[Kind]:
    skip = set()
    if spec.is_town:  # suggestions of the district congress are answered by departments
        skip = {"proposal_reply"}
    elif spec.code == ROOT:  # the government itself issues documents; its office buys and hires
        skip = {"procurement", "recruitment", "recruitment_result"}
    kinds = [k for k in COMMON if k.key not in skip]
    for sector in spec.sectors:
        kinds += SECTORS.get(sector, ()) + MONITORING.get(sector, ())
    return kinds


def allocate(total: int, specs=UNITS) -> dict[str, int]:
    """Split ``total`` over the units in proportion to their volume (largest remainder, exact)."""
    weight = sum(s.volume for s in specs)
    shares = {s.code: total * s.volume / weight for s in specs}
    counts = {code: int(share) for code, share in shares.items()}
    for code in sorted(shares, key=lambda c: counts[c] - shares[c])[: total - sum(counts.values())]:
        counts[code] += 1
    return counts


def _is_workday(day: dt.date) -> bool:
    try:
        return calendar.is_workday(day)
    except calendar.UncoveredYear:  # a year the calendar does not know yet: Monday to Friday will do here
        return day.weekday() < 5


class Days:
    """Publication days of a year up to a limit, and the Art. 26 due date of a day (cached)."""

    def __init__(self):
        self._due: dict[dt.date, tuple[dt.date, bool]] = {}
        self._years: dict[tuple[int, dt.date], tuple[list, list]] = {}
        self._sets: dict[int, set[dt.date]] = {}

    def pools(self, year: int, until: dt.date) -> tuple[list[dt.date], list[dt.date]]:
        key = (year, until)
        if key not in self._years:
            first = dt.date(year, 1, 1)
            days = [first + dt.timedelta(days=i) for i in range((min(until, dt.date(year, 12, 31)) - first).days + 1)]
            self._years[key] = ([d for d in days if _is_workday(d)], days)
        return self._years[key]

    def pick(self, rng: random.Random, year: int, until: dt.date, low: dt.date | None = None,
             high: dt.date | None = None) -> dt.date:
        workdays, days = self.pools(year, until)
        pool = workdays if rng.random() < 0.96 else days
        if low or high:
            pool = [d for d in pool if (not low or d >= low) and (not high or d <= high)] or days[-1:]
        return rng.choice(pool)

    def written(self, published: dt.date, lag: int) -> dt.date:
        """The 成文日期 ``lag`` days before publication: a working day of the same year where there is one."""
        workdays, _ = self.pools(published.year, dt.date(published.year, 12, 31))
        day = published - dt.timedelta(days=lag)
        if day.year == published.year and (lag == 0 or day in self._workday_set(published.year)):
            return day
        before = bisect.bisect_right(workdays, day) if day.year == published.year else 0
        after = workdays[before] if before < len(workdays) and workdays[before] <= published else None
        if after and (not before or published.toordinal() % 2):  # alternate: the Monday after or the Friday before
            return after
        return workdays[before - 1] if before else min(workdays[0], published)

    def _workday_set(self, year: int) -> set[dt.date]:
        if year not in self._sets:
            self._sets[year] = set(self.pools(year, dt.date(year, 12, 31))[0])
        return self._sets[year]

    def due(self, written: dt.date) -> tuple[dt.date, bool]:
        if written not in self._due:
            self._due[written] = calendar.add_workdays_provisional(written, settings.GONGKAI_PUBLISH_WITHIN_WORKDAYS)
        return self._due[written]


def _lag(rng: random.Random, kind: Kind | None) -> int:
    """Days between 成文日期 and 发布日期: news the same day; documents some days, now and then late."""
    if kind is not None and kind.key == "news":
        return 0 if rng.random() < 0.7 else 1
    if kind is None or kind.genre in DOCUMENT_GENRES:
        return rng.randint(25, 50) if rng.random() < 0.04 else rng.randint(1, 10)
    return rng.randint(0, 5)


def plan_year(rng: random.Random, days: Days, year: int, total: int, until: dt.date) -> list[Slot]:
    """Every item of ``year`` for every demo unit: annual items, normatives, then the unit's usual mix."""
    counts = allocate(total)
    normatives = _plan_normatives(rng, days, year, until)
    slots: list[Slot] = []
    for spec in UNITS:
        own = [s for s in normatives if s.spec is spec]
        for item in annual.ANNUALS:
            if not item.applies(spec):
                continue
            low, high = item.window(year)
            if low > until:
                continue
            published = days.pick(rng, year, until, low, min(high, until))
            own.append(Slot(spec, item.kind, days.written(published, rng.randint(2, 10)), published))
        kinds = kinds_for(spec)
        remaining = max(0, counts[spec.code] - sum(1 for s in own if s.published))
        for kind in rng.choices(kinds, weights=[k.weight for k in kinds], k=remaining):
            published = days.pick(rng, year, until)
            own.append(Slot(spec, kind, days.written(published, _lag(rng, kind)), published))
        slots += own
    return slots


def _plan_normatives(rng: random.Random, days: Days, year: int, until: dt.date) -> list[Slot]:
    by_code = {s.code: s for s in UNITS}
    if year == REPORT_YEAR:
        chosen = rng.sample(annual.NORMATIVE_2014, NORMATIVE_2014)
        published = set(rng.sample(range(NORMATIVE_2014), NORMATIVE_PUBLISHED_2014))
    else:
        chosen, published = list(annual.NORMATIVE_NOW), set(range(len(annual.NORMATIVE_NOW)))
    last = min(until - dt.timedelta(days=20), dt.date(year, 11, 30))
    slots = []
    for i, (code, name, topic) in enumerate(chosen):
        written = days.pick(rng, year, until, dt.date(year, 2, 1), last)
        if i in published:
            out = days.pick(rng, year, until, written + dt.timedelta(days=3), written + dt.timedelta(days=15))
            slot = Slot(by_code[code], None, written, out, normative=(name, topic))
            slots.append(slot)
            if year != REPORT_YEAR:  # 政策解读: none in 2014 (the seed's row is empty)
                slots.append(Slot(by_code[code], None, slot.published, slot.published, policy=slot))
        else:
            slots.append(Slot(by_code[code], None, written, None, normative=(name, topic),
                              reason=rng.choice(annual.NOT_DISCLOSED_REASONS)))
    return slots


def plan_recent(rng: random.Random, days: Days) -> list[Slot]:
    """The register's part of the complete recent year: its 行政规范性文件 (published within 15 days, each with
    its 政策解读), the 2020 ones whose five years end in it, the 2021 ones its new texts repeal."""
    year = annual2025.YEAR
    by_code = {s.code: s for s in UNITS}

    def published(code: str, name: str, topic: str, low: dt.date, high: dt.date) -> Slot:
        end = dt.date(low.year, 12, 31)
        written = days.pick(rng, low.year, end, low, high)
        out = days.pick(rng, low.year, end, written + dt.timedelta(days=3), written + dt.timedelta(days=15))
        gazette = [Channel.GAZETTE] if code in (ROOT, OFFICE) else []
        return Slot(by_code[code], None, written, out, normative=(name, topic), channels=[Channel.WEBSITE, *gazette])

    slots = [published(code, name, topic, dt.date(year - 5, 2, 3), dt.date(year - 5, 10, 30))
             for code, name, topic in annual.NORMATIVE_EXPIRED_2025]  # in force until 2025 (five years)
    old = {}
    for (code, name, topic), new_name in annual.NORMATIVE_REPLACED_2025.items():
        old[new_name] = published(code, name, topic, dt.date(year - 4, 3, 1), dt.date(year - 4, 9, 30))
        slots.append(old[new_name])
    for code, name, topic in annual.NORMATIVE_2025:
        slot = published(code, name, topic, dt.date(year, 2, 5), dt.date(year, 11, 14))  # in force within 2025
        if name in old:
            slot.replaces, old[name].replaced_by = old[name], slot
        slots += [slot, Slot(slot.spec, None, slot.published, slot.published, policy=slot)]
    return slots


def _build_recent(rng: random.Random, slots: list[Slot]) -> None:
    """Write the texts of :func:`plan_recent`'s slots in date order; 文号 series start where a year's
    earlier documents (not in the demo) would have left them."""
    counters: dict = {}
    for slot in sorted(slots, key=lambda s: (s.written, s.policy is not None)):
        counters.setdefault((slot.spec.abbr, slot.written.year), rng.randint(6, 30))
        ctx = Ctx(rng, slot.spec, slot.written, slot.published or slot.written, counters)
        if slot.policy:
            policy = slot.policy.draft
            slot.draft = annual.interpretation(ctx, annual.normative_name(policy.title), policy.title,
                                               policy.doc_number)
            continue
        slot.draft = annual.normative(ctx, *slot.normative)
        if slot.replaces:
            old = slot.replaces.draft
            repeal = t.paras(f"本{annual.normative_name(slot.draft.title)[-2:]}施行之日起，"
                             f"《{annual.normative_name(old.title)}》（{old.doc_number}）同时废止。")
            slot.draft = dataclasses.replace(slot.draft, body=slot.draft.body + repeal)


def build(rng: random.Random, slots: list[Slot]) -> None:
    """Write the texts, unit by unit in date order, so that 文号 run in order."""
    by_unit: dict[str, list[Slot]] = defaultdict(list)
    for slot in slots:
        by_unit[slot.spec.code].append(slot)
    for unit_slots in by_unit.values():
        counters: dict = {}
        # Interpretations after their policy (same day), so that they can quote its 文号.
        unit_slots.sort(key=lambda s: (s.written, s.published or s.written, s.policy is not None))
        for slot in unit_slots:
            ctx = Ctx(rng, slot.spec, slot.written, slot.published or slot.written, counters)
            if slot.normative:
                slot.draft = annual.normative(ctx, *slot.normative)
            elif slot.policy:
                policy = slot.policy.draft
                slot.draft = annual.interpretation(ctx, annual.normative_name(policy.title), policy.title,
                                                   policy.doc_number)
            else:
                slot.draft = slot.kind.build(ctx)


def _summary(body: str) -> str:
    for line in html_to_text(body).splitlines():
        line = line.strip()
        if len(line) > 24:
            return line if len(line) <= 120 else line[:118] + "……"
    return ""


def _years_later(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year + years, day=28 if (day.month, day.day) == (2, 29) else day.day)


def _published_at(rng: random.Random, day: dt.date) -> dt.datetime:
    minute = rng.randint(8 * 60 + 30, 17 * 60 + 30)
    return dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, rng.randint(0, 59), tzinfo=TZ)


def _disclosure(slot: Slot, *, rng, unit: Unit, operator: User, terms, due, today: dt.date) -> Disclosure:
    draft = slot.draft
    kind = slot.kind
    topic = draft.topic or (slot.normative[1] if slot.normative else None) or (kind.topic if kind else None) \
        or (slot.policy.draft.topic if slot.policy else None) or slot.spec.topic
    genre = draft.genre or (kind.genre if kind else "notice")
    category = draft.category if draft.category is not None else (kind.category if kind else Category.A20_01)
    item = Disclosure(
        unit=unit, title=draft.title, body_html=draft.body, summary=_summary(draft.body), doc_number=draft.doc_number,
        written_on=slot.written, topic_id=terms["topic"][topic], genre_id=terms["genre"][genre],
        category=category, created_by=operator,
    )
    item.publish_due, item.publish_due_provisional = due(slot.written)
    if slot.normative:
        item.normative_kind = NormativeKind.NORMATIVE
        item.effective_on = slot.written + dt.timedelta(days=30)
        expires = _years_later(item.effective_on, 5) - dt.timedelta(days=1)
        if expires < today:  # 浙江's 行政规范性文件 are valid for five years unless renewed
            item.validity, item.validity_changed_on = Validity.EXPIRED, expires
        if slot.replaced_by is not None:  # repealed the day the new text takes effect
            item.validity = Validity.REPEALED
            item.validity_changed_on = slot.replaced_by.written + dt.timedelta(days=30)
    if slot.published is None:
        item.status, item.disclosure_mode, item.non_disclosure_reason = Status.DRAFT, DisclosureMode.NOT_DISCLOSED, slot.reason
        item.channels = []
    else:
        item.status, item.submitted_by = Status.PUBLISHED, operator
        item.published_on, item.published_at = slot.published, _published_at(rng, slot.published)
        item.channels = slot.channels
    return item


def generate(*, units: dict[str, Unit], users: dict[str, User], fresh: set[str], today: dt.date) -> Result:
    """Plan, write and store the register for the units in ``fresh`` (units without any item yet)."""
    if not fresh:
        return Result()
    rng = random.Random(SEED)  # noqa: S311 — demo data
    days = Days()
    until = today - dt.timedelta(days=1) if today > dt.date(today.year, 1, 1) else today
    plans = {REPORT_YEAR: plan_year(rng, days, REPORT_YEAR, PUBLISHED_2014, dt.date(REPORT_YEAR, 12, 31))}
    if today.year != REPORT_YEAR:
        plans[today.year] = plan_year(rng, days, today.year, CURRENT_YEAR_TOTAL, until)
    slots = [s for year_slots in plans.values() for s in year_slots if s.spec.code in fresh]
    _channels(rng, plans, fresh)
    build(rng, slots)
    if annual2025.applies(today):  # its own random stream: the other years come out as before
        recent_rng = random.Random(f"register:{annual2025.YEAR}")  # noqa: S311 — demo data
        recent = [s for s in plan_recent(recent_rng, days) if s.spec.code in fresh]
        _build_recent(recent_rng, recent)
        slots += recent

    terms = {v: dict(Term.objects.filter(vocabulary=v).values_list("code", "id")) for v in ("topic", "genre")}
    keys = {index_counter_key(units[s.spec.code].pk, s.written.year): (units[s.spec.code].pk, s.written.year)
            for s in slots}
    found = dict(Counter.objects.filter(key__in=list(keys)).values_list("key", "last"))
    sequences = {pair: found.get(key, 0) for key, pair in keys.items()}
    serial: dict[tuple[int, int], int] = {}
    slots.sort(key=lambda s: (s.spec.code, s.written, s.published or s.written, s.policy is not None))
    objects = []
    for slot in slots:
        unit = units[slot.spec.code]
        key = (unit.pk, slot.written.year)
        serial[key] = serial.get(key, sequences.get(key, 0)) + 1
        slot.obj = _disclosure(slot, rng=rng, unit=unit, operator=users[username_for(slot.spec.code, "operator")],
                               terms=terms, due=days.due, today=today)
        slot.obj.index_number = index_number_format(unit, slot.written.year, serial[key])
        objects.append(slot.obj)
    Disclosure.objects.bulk_create(objects, batch_size=BATCH)
    public_counts_apply(count_deltas(objects))
    _links(slots)
    events = _events(slots, users)
    _backdate(slots)
    for (unit_id, year), last in serial.items():
        counter_advance(index_counter_key(unit_id, year), at_least=last)

    result = Result(events=events)
    for slot in slots:
        if slot.published:
            result.by_year[slot.published.year] = result.by_year.get(slot.published.year, 0) + 1
        else:
            result.register_only += 1
    return result


def _channels(rng: random.Random, plans: dict[int, list[Slot]], fresh: set[str]) -> None:
    """2014: 3,628 of the published items also went out on the 政务微博 (in proportion when only some units
    are generated). Later years: 微博 and 微信 now and then, the 公报 for the government's own normatives."""
    for year, year_slots in plans.items():
        published = [s for s in year_slots if s.published and s.spec.code in fresh]
        if year == REPORT_YEAR:
            share = round(WEIBO_2014 * len(published) / PUBLISHED_2014)
            for slot in rng.sample(published, min(share, len(published))):
                slot.channels = [Channel.WEBSITE, Channel.WEIBO]
            continue
        for slot in published:
            extra = [c for c, p in ((Channel.WEIBO, 0.2), (Channel.WECHAT, 0.3)) if rng.random() < p]
            if slot.normative and slot.spec.code in (ROOT, OFFICE):
                extra.append(Channel.GAZETTE)
            slot.channels = [Channel.WEBSITE, *extra]


def _links(slots: list[Slot]) -> None:
    through = Disclosure.interprets.through
    through.objects.bulk_create(
        [through(from_disclosure_id=s.obj.pk, to_disclosure_id=s.policy.obj.pk) for s in slots if s.policy],
        batch_size=BATCH,
    )


def _events(slots: list[Slot], users: dict[str, User]) -> int:
    """One event per item: "publish" by the unit's approver, or "create" for a register-only record."""
    rows = []
    for slot in slots:
        code = slot.spec.code
        if slot.published:
            rows.append(DisclosureEvent(disclosure_id=slot.obj.pk, actor=users[username_for(code, "approver")],
                                        action="publish", data={"source": "demo"}))
        else:
            rows.append(DisclosureEvent(disclosure_id=slot.obj.pk, actor=users[username_for(code, "operator")],
                                        action="create", data={"source": "demo"}))
    DisclosureEvent.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _backdate(slots: list[Slot]) -> None:
    """Creation and event times as they would have been, not the moment the demo ran (``auto_now_add``
    overrides them on insert, so they are set afterwards)."""
    published = [s.obj.pk for s in slots if s.published]
    at = Subquery(Disclosure.objects.filter(pk=OuterRef("disclosure_id")).values("published_at")[:1])
    for i in range(0, len(published), BATCH):
        chunk = published[i:i + BATCH]
        Disclosure.objects.filter(pk__in=chunk).update(created_at=F("published_at"), updated_at=F("published_at"))
        DisclosureEvent.objects.filter(disclosure_id__in=chunk).update(at=at)
    for slot in slots:
        if not slot.published:
            when = dt.datetime(slot.written.year, slot.written.month, slot.written.day, 10, tzinfo=TZ)
            Disclosure.objects.filter(pk=slot.obj.pk).update(created_at=when, updated_at=when)
            DisclosureEvent.objects.filter(disclosure_id=slot.obj.pk).update(at=when)
