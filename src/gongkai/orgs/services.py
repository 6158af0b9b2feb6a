"""Every change to units, people and roles."""

import re

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core.errors import DomainError
from gongkai.core.sanitize import clean_html

from . import access
from .models import Membership, Role, Unit, UnitEvent, UnitKind, User

UNIT_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


def _path_for(unit: Unit) -> str:
    return (unit.parent.path if unit.parent_id else "/") + unit.code + "/"


@transaction.atomic
def unit_ensure(
    *, code: str, name: str, parent_code: str | None = None, kind: str = UnitKind.DEPARTMENT,
    actor: User | None = None, **fields,
) -> tuple[Unit, bool]:
    """Create the unit, or bring an existing one to the given name/parent/kind. Returns (unit, created)."""
    if not UNIT_CODE.match(code or ""):
        raise DomainError(f"机构代码“{code}”无效：只能使用字母、数字、点、横线和下划线，最长 40 位。")
    if not (name or "").strip():
        raise DomainError("机构名称不能为空。")
    if kind not in UnitKind.values:
        raise DomainError(f"机构类型“{kind}”无效，应为 government、department 或 town。")
    parent = None
    if parent_code:
        parent = Unit.objects.filter(code=parent_code).first()
        if parent is None:
            raise DomainError(f"上级机构“{parent_code}”不存在，请先创建。")
        if parent.path.split("/").count(code):
            raise DomainError("上级机构不能是本机构或其下级机构。")
    unit = Unit.objects.select_for_update().filter(code=code).first()
    created = unit is None
    before = None if created else {"name": unit.name, "parent": unit.parent.code if unit.parent else None,
                                    "kind": unit.kind}
    if created:
        unit = Unit(code=code)
    unit.name, unit.parent, unit.kind = name.strip(), parent, kind
    for key, value in fields.items():
        setattr(unit, key, value)
    old_path = unit.path
    unit.path = _path_for(unit)
    unit.save()
    if old_path and old_path != unit.path:
        for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).order_by("path"):
            child.path = unit.path + child.path[len(old_path):]
            child.save(update_fields=["path"])
    after = {"name": unit.name, "parent": parent.code if parent else None, "kind": unit.kind}
    if created or before != after:
        UnitEvent.objects.create(unit=unit, actor=actor, action="create" if created else "update",
                                 data={"before": before, "after": after})
    return unit, created


@transaction.atomic
def staff_ensure(
    *, username: str, password: str | None, grants: list[tuple[str, str]], display_name: str = "",
    email: str = "", mobile: str = "", actor: User | None = None, check_password: bool = True,
) -> tuple[User, bool]:
    """Create the person (or update them) and give them each (unit code, role). Returns (user, created)."""
    username = (username or "").strip()
    if not username:
        raise DomainError("用户名不能为空。")
    units = {}
    for unit_code, role in grants:
        if role not in Role.values:
            raise DomainError(f"角色“{role}”无效，应为 operator、reviewer、approver 或 coordinator。")
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            raise DomainError(f"机构“{unit_code}”不存在，请先用 createunit 创建。")
        units[unit_code] = unit
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        if not password:
            raise DomainError("新建人员必须设置密码。")
        user = User(username=username)
    if password:
        if check_password:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise DomainError("密码不符合要求：" + "；".join(exc.messages)) from exc
        user.set_password(password)
    for attr, value in (("display_name", display_name), ("email", email), ("mobile", mobile)):
        if value:
            setattr(user, attr, value)
    user.is_staff = user.is_staff or False
    user.save()
    for unit_code, role in grants:
        unit = units[unit_code]
        membership, added = Membership.objects.get_or_create(user=user, unit=unit, role=role)
        if added:
            UnitEvent.objects.create(unit=unit, actor=actor, action="grant",
                                     data={"user": user.username, "role": role})
    access.forget_grants(user)
    return user, created


GUIDE_FIELDS = ("guide_office", "guide_address", "guide_hours", "guide_phone", "guide_fax", "guide_email",
                "guide_postcode", "guide_html")


@transaction.atomic
def unit_guide_update(*, unit: Unit, actor: User, **values) -> Unit:
    """Edit the unit's 公开指南 (Art. 12). Unknown keys are an error; the HTML is sanitised."""
    access.require(actor, "unit.guide.edit", unit)
    unknown = set(values) - set(GUIDE_FIELDS)
    if unknown:
        raise DomainError(f"未知的指南字段：{', '.join(sorted(unknown))}")
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = {key: getattr(unit, key) for key in values}
    if "guide_html" in values:
        values["guide_html"] = clean_html(values["guide_html"])
    for key, value in values.items():
        setattr(unit, key, (value or "").strip())
    unit.guide_updated_at = timezone.now()
    unit.save()
    UnitEvent.objects.create(unit=unit, actor=actor, action="guide_update",
                             data={"before": before, "after": {key: getattr(unit, key) for key in values}})
    return unit
