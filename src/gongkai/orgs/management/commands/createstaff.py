from django.core.management.base import BaseCommand, CommandError

from gongkai.core.errors import DomainError
from gongkai.orgs.models import Role
from gongkai.orgs.services import staff_ensure


class Command(BaseCommand):
    help = (
        "创建或更新工作人员并授予岗位（幂等）。--unit 与 --role 可重复，按顺序一一对应；"
        "只给一个 --unit 时，所有 --role 都授予该机构。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--password", help="新建时必填；已存在时给出则重设密码")
        parser.add_argument("--unit", action="append", default=[], help="机构代码（可重复）")
        parser.add_argument("--role", action="append", default=[], choices=Role.values, help="岗位（可重复）")
        parser.add_argument("--name", default="", help="姓名")
        parser.add_argument("--email", default="")
        parser.add_argument("--mobile", default="")
        parser.add_argument("--superuser", action="store_true", help="系统管理员（IT）")

    def handle(self, *args, username, password, unit, role, name, email, mobile, superuser, **options):
        units, roles = unit, role
        if len(units) == 1:
            units = units * len(roles)
        if len(units) != len(roles):
            raise CommandError("--unit 与 --role 的个数不一致：请为每个岗位给出机构，或只给一个机构。")
        try:
            user, created = staff_ensure(
                username=username, password=password, grants=list(zip(units, roles, strict=True)),
                display_name=name, email=email, mobile=mobile,
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if superuser and not user.is_superuser:
            user.is_superuser = user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        held = ", ".join(f"{m.unit.code}:{m.role}" for m in user.memberships.select_related("unit"))
        self.stdout.write(f"{'已创建' if created else '已更新'}人员 {user.username}（{held or '无岗位'}）")
