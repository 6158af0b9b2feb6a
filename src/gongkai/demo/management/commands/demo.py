"""``gongkai demo``: load the demo data set (宁波市镇海区: 2014, the complete year 2025 and the current year) into
an empty database.

    gongkai demo              load; refuses if the database already has units
    gongkai demo --if-empty   load only if there is no unit yet, otherwise say so and do nothing (make run)
    gongkai demo --force      add what is missing: units and logins are brought up to date, items are
                              generated only for units that have none
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from gongkai.core.errors import DomainError
from gongkai.demo import annual2014, annual2025
from gongkai.demo.generate import generate
from gongkai.demo.people import DEMO_PASSWORD, ensure_staff
from gongkai.demo.samples import create_samples
from gongkai.demo.units import ensure_settings, ensure_units
from gongkai.disclosures.models import Disclosure
from gongkai.orgs.models import Unit


class Command(BaseCommand):
    help = "装入演示数据（宁波市镇海区）。Load the demo data set into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="数据库中已有机构时什么也不做（make run 用）")
        parser.add_argument("--force", action="store_true",
                            help="数据库非空时也执行：补齐机构和人员，只为还没有信息的机构生成信息")

    def handle(self, *args, if_empty: bool = False, force: bool = False, **options):
        existing = Unit.objects.count()
        if existing and if_empty:
            self.stdout.write(f"数据库中已有 {existing} 个机构，不再装入演示数据。")
            return
        if existing and not force:
            raise CommandError(
                f"数据库中已有 {existing} 个机构。演示数据只装入空数据库；如确要补齐演示机构和人员，请加 --force"
                "（已有的机构和人员不会重复创建，已有信息的机构不会再生成信息）。"
            )
        started = time.monotonic()
        today = timezone.localdate()
        try:
            with transaction.atomic():
                units = {code: unit for code, (unit, _) in ensure_units().items()}
                users = ensure_staff()
                ensure_settings(units=units, actor=users["zfb"])
                busy = set(Disclosure.objects.filter(unit__in=units.values()).order_by()
                           .values_list("unit__code", flat=True).distinct())
                fresh = set(units) - busy
                result = generate(units=units, users=users, fresh=fresh, today=today)
                samples = create_samples(units=units, users=users, today=today, only=fresh)
                requests_2014, appeals_2014 = annual2014.load(units=units, users=users)
                requests_2025, appeals_2025 = annual2025.load(units=units, users=users, today=today)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        seconds = time.monotonic() - started
        if not fresh:
            self.stdout.write(f"机构 {len(units)} 个、人员 {len(users)} 人已补齐（{seconds:.1f} 秒）；各机构都已有信息，未生成新信息。")
        else:
            years = "，".join(f"{year} 年发布 {n} 条" for year, n in sorted(result.by_year.items()))
            self.stdout.write(self.style.SUCCESS(
                f"演示数据已装入（{seconds:.1f} 秒）：机构 {len(units)} 个，人员 {len(users)} 人；"
                f"为 {len(fresh)} 个机构生成信息：{years}；仅登记不公开 {result.register_only} 条；流程示例 {samples} 条。"
            ))
        if requests_2014:
            self.stdout.write(f"2014 年依申请公开 {requests_2014} 件、复议诉讼 {appeals_2014} 件和年度统计指标已装入。")
        if requests_2025:
            self.stdout.write(f"{annual2025.YEAR} 年依申请公开 {requests_2025} 件（含上年结转和结转下年）、"
                              f"复议诉讼 {appeals_2025} 件和年度统计指标已装入。")
        self.stdout.write(f"登录：admin / zfb / <机构代码小写>-op|-rev|-lead（例如 zh-fgj-op），密码均为 {DEMO_PASSWORD}")
