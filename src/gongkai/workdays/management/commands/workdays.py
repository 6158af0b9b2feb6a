"""``gongkai workdays``: count working days, check and enter the holiday calendar (RULES.md §1).

    gongkai workdays add --start 2026-09-30 --days 20 [--provisional]
    gongkai workdays between 2026-09-30 2026-10-30
    gongkai workdays check 2027
    gongkai workdays enter --year 2027 --holiday 2027-01-01:元旦 --holiday 2027-02-05..2027-02-11:春节 \
        --makeup 2027-02-07:春节调休 --notice "《国务院办公厅关于2027年部分节假日安排的通知》" [--actor NAME]
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from gongkai.core.errors import DomainError
from gongkai.workdays import calendar
from gongkai.workdays.holidays import provisional_basis
from gongkai.workdays.services import calendar_year_enter


def parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise CommandError(f"日期“{value}”格式不对，应为 YYYY-MM-DD，例如 2027-01-01。") from exc


def parse_days(spec: str, option: str) -> list[tuple[date, str]]:
    """``DATE:NAME`` or ``FIRST..LAST:NAME`` (a period, both ends included) → [(date, name), …]."""
    dates, sep, name = spec.partition(":")
    if not sep:
        name = ""
    first, dots, last = dates.partition("..")
    start = parse_date(first)
    end = parse_date(last) if dots else start
    if end < start:
        raise CommandError(f"{option} {spec}：结束日期早于开始日期。")
    if (end - start).days > 366:
        raise CommandError(f"{option} {spec}：日期范围过长。")
    return [(start + timedelta(days=i), name.strip()) for i in range((end - start).days + 1)]


class Command(BaseCommand):
    help = "工作日计算与节假日安排录入。Working-day arithmetic and the holiday calendar."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{add,between,check,enter}")

        add = sub.add_parser("add", help="起算日之后第 N 个工作日（起算日当天不计）")
        add.add_argument("--start", required=True, help="起算日，YYYY-MM-DD")
        add.add_argument("--days", required=True, type=int, help="工作日数 N（≥ 0）")
        add.add_argument(
            "--provisional", action="store_true",
            help="遇到尚未录入的年份时按周一至周五扣除法定节假日暂算，并标明为暂定日期",
        )

        between = sub.add_parser("between", help="A 之后至 B（含 B）之间的工作日数")
        between.add_argument("start", help="YYYY-MM-DD")
        between.add_argument("end", help="YYYY-MM-DD")

        check = sub.add_parser(
            "check", help="某年的节假日安排是已录入、已确定还是暂定（按法定节假日推算；暂定时以错误退出）"
        )
        check.add_argument("year", type=int)

        enter = sub.add_parser("enter", help="按国务院办公厅通知录入某年的节假日安排（替换该年已录入的日期）")
        enter.add_argument("--year", required=True, type=int)
        enter.add_argument(
            "--holiday", action="append", default=[], metavar="DATE[..DATE]:名称",
            help="放假日期，可重复，例如 2027-01-01:元旦 或 2027-02-05..2027-02-11:春节",
        )
        enter.add_argument(
            "--makeup", action="append", default=[], metavar="DATE:名称",
            help="调休上班日期，可重复，例如 2027-02-07:春节调休",
        )
        enter.add_argument("--notice", default="", help="通知名称，例如《国务院办公厅关于2027年部分节假日安排的通知》")
        enter.add_argument("--actor", help="录入人的用户名（默认为第一个超级管理员）")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"do_{action}")(**options)
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def do_add(self, *, start, days, provisional, **_):
        start = parse_date(start)
        if days < 0:
            raise CommandError("工作日数不能为负数。")
        if provisional:
            result, guessed = calendar.add_workdays_provisional(start, days)
            note = "（暂定：期间含尚未录入节假日安排的年份，按周一至周五扣除法定节假日计算）" if guessed else ""
            self.stdout.write(f"{result.isoformat()}{note}")
        else:
            self.stdout.write(calendar.add_workdays(start, days).isoformat())

    def do_between(self, *, start, end, **_):
        self.stdout.write(str(calendar.workdays_between(parse_date(start), parse_date(end))))

    def do_check(self, *, year, **_):
        status = calendar.year_status(year)
        if status == calendar.STATUS_PROVISIONAL:
            # Asked directly about an uncovered year: say what the provisional dates rest on, then fail.
            self.stdout.write(f"{year} 年：{calendar.STATUS_LABELS[status]}。{provisional_basis(year)}")
            raise CommandError(
                f"{year} 年的节假日安排尚未录入工作日历，相关期限均为暂定日期；请协调办按国务院办公厅通知录入。"
            )
        labels = {calendar.SOURCE_OVERRIDE: "人工录入的节假日安排", calendar.SOURCE_PACKAGE: "chinesecalendar 软件包"}
        found = "、".join(labels[s] for s in calendar.sources(year))
        self.stdout.write(f"{year} 年：{calendar.STATUS_LABELS[status]}，来源：{found}。")

    def do_enter(self, *, year, holiday, makeup, notice, actor, **_):
        holidays = [day for spec in holiday for day in parse_days(spec, "--holiday")]
        makeups = [day for spec in makeup for day in parse_days(spec, "--makeup")]
        user_model = get_user_model()
        if actor:
            person = user_model.objects.filter(username=actor).first()
            if person is None:
                raise CommandError(f"用户“{actor}”不存在。")
        else:
            person = user_model.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
            if person is None:
                raise CommandError("系统中没有超级管理员，请用 --actor 指定录入人的用户名。")
        cy = calendar_year_enter(
            year=year, holidays=holidays, makeup_workdays=makeups, notice=notice, actor=person
        )
        self.stdout.write(
            f"已录入 {cy.year} 年节假日安排：放假 {len(holidays)} 天，调休上班 {len(makeups)} 天"
            f"（录入人 {person.get_username()}）。"
        )
