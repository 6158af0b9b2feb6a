from django.core.management.base import BaseCommand, CommandError

from gongkai.core.errors import DomainError
from gongkai.orgs.models import UnitKind
from gongkai.orgs.services import unit_ensure


class Command(BaseCommand):
    help = "创建或更新一个机构（幂等）。Create or update a unit; running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="机构代码，例如 ZH 或 ZH-FGJ")
        parser.add_argument("--name", required=True, help="机构名称")
        parser.add_argument("--parent", help="上级机构代码")
        parser.add_argument("--kind", default=UnitKind.DEPARTMENT, choices=UnitKind.values)
        parser.add_argument("--credit-code", default="", help="统一社会信用代码")

    def handle(self, *args, code, name, parent, kind, credit_code, **options):
        extra = {"credit_code": credit_code} if credit_code else {}
        try:
            unit, created = unit_ensure(code=code, name=name, parent_code=parent, kind=kind, **extra)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"{'已创建' if created else '已存在'}机构 {unit.code} {unit.name}")
