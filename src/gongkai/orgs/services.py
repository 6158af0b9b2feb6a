"""Every change to units, people and roles."""

import re
from dataclasses import dataclass

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


# --- remedies and report settings (救济途径、年报汇总、签发授权) ------------------------------------------

REMEDY_NAME_MAX = 100
SETTINGS_FIELDS = ("reconsideration_body", "court", "report_includes_towns", "signoff_delegated")

# Bodies under vertical leadership (行政复议法 2023 Art. 27: 海关、金融、外汇管理等实行垂直领导的行政机关、税务和
# 国家安全机关; and the 气象、统计调查、海事、烟草专卖、邮政管理 systems led the same way): reconsideration goes
# to the upper-level department, whose name the unit tree does not hold.
VERTICAL_MARKS = ("税务", "海关", "金融监督管理", "金融监管", "人民银行", "外汇管理", "证监", "国家安全",
                  "气象", "调查队", "海事", "烟草专卖", "邮政管理", "出入境边防检查")
# "宁波市镇海区人民政府" → ("宁波市", "镇海区"); "余姚市人民政府" → ("", "余姚市")
_GOVERNMENT_NAME = re.compile(r"^(?P<city>.+?[市州盟])?(?P<county>[^市州盟]+?[区县旗]|[^市州盟]+?市)人民政府$")
_COUNTY = re.compile(r"^(?P<city>.+?[市州盟])(?P<county>.+?[区县旗])人民政府$")


class UnitSettingsInvalid(DomainError):
    """One or more settings are wrong; ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("；".join(self.errors.values()))


@dataclass(frozen=True)
class RemedySuggestion:
    """What the unit tree says a unit's remedies should be. An empty value: the tree cannot tell, the
    coordinator fills it in; ``notes`` say why, and what to check."""

    reconsideration_body: str
    court: str
    notes: tuple[str, ...]


def _government_above(unit: Unit) -> Unit | None:
    parent = unit.parent
    while parent is not None and parent.kind != UnitKind.GOVERNMENT:
        parent = parent.parent
    return parent


def _county_area(government: Unit) -> tuple[str, str] | None:
    """(city, county) of a county-level government — ("宁波市", "镇海区"), ("宁波市", "余姚市") — from its name
    and the government above it in the tree; None when they do not say it is one (a prefecture-level
    city's government and a county-level city's read alike)."""
    found = _COUNTY.match(government.name)
    if found:
        return found["city"], found["county"]
    own = _GOVERNMENT_NAME.match(government.name)
    above = _government_above(government)
    if own is None or above is None or above.name.endswith(("省人民政府", "自治区人民政府")):
        return None
    city = _GOVERNMENT_NAME.match(above.name)
    return own["city"] or (city["county"] if city else ""), own["county"]


def _basic_court(city: str, county: str) -> str:
    """宁波市镇海区人民法院 for a district (named with its city); 象山县人民法院, 余姚市人民法院 otherwise."""
    if county.endswith("区"):
        return f"{city}{county}人民法院" if city else ""
    return f"{county}人民法院"


def unit_remedies_suggest(*, unit: Unit) -> RemedySuggestion:
    """The reconsideration body and the court the law points to for ``unit``'s own decisions, as far as
    the unit tree and its names can tell (行政复议法 2023 Art. 24, 27; 行政诉讼法 Art. 15(1)):

    * a department, town or street → the people's government above it in the tree; the basic court of
      that government's county or district (宁波市镇海区人民政府 → 宁波市镇海区人民法院);
    * a government → the government above it (in the tree, or from its own name: 宁波市镇海区人民政府 →
      宁波市人民政府); for a county-level government the intermediate court of its city
      (宁波市中级人民法院);
    * a vertically-led body (税务, 海关, 金融监管, 国家安全 …) → its upper-level department, which the tree
      does not hold: left empty.

    Court names are inferred from names and never certain: where a province assigns administrative cases
    across districts (行政诉讼法 Art. 18(2)) the designated court is the right one. A read: nothing is saved.
    """
    body, body_notes = _suggest_body(unit)
    court, court_notes = _suggest_court(unit)
    if court:
        court_notes.append("法院名称按机构名称推断，请核对：实行行政案件集中管辖或跨区域管辖的地方，以指定管辖的法院为准"
                           "（行政诉讼法第十八条第二款）。")
    return RemedySuggestion(reconsideration_body=body, court=court, notes=(*body_notes, *court_notes))


def _suggest_body(unit: Unit) -> tuple[str, list[str]]:
    above = _government_above(unit)
    vertical = next((mark for mark in VERTICAL_MARKS if mark in unit.name), None)
    if vertical:
        return "", [f"名称含“{vertical}”，属实行垂直领导的机关：向上一级主管部门申请行政复议（行政复议法第二十七条），"
                    "请填写上一级主管部门的名称。"]
    if unit.kind == UnitKind.GOVERNMENT:
        county = _county_area(unit)
        body = above.name if above is not None else (f"{county[0]}人民政府" if county and county[0] else "")
        if not body:
            return "", ["上一级人民政府不在机构树中，也无法从名称推断，请填写。"]
        return body, ["人民政府自身作出的行为：向上一级人民政府申请行政复议（行政复议法第二十四条第一款第二项）。"]
    if above is None:
        return "", ["机构树中没有上级人民政府，无法推断行政复议机关，请填写。"]
    notes = ["部门、乡镇（街道）：向本级人民政府申请行政复议（行政复议法第二十四条第一款）。"]
    if "分局" in unit.name:
        notes.append("设区的市人民政府工作部门按行政区划设立的派出机构（分局）：由设区的市人民政府管辖，也可以由所在地的"
                     "人民政府管辖（行政复议法第二十四条第四款），请按本地做法选择。")
    if "司法局" in unit.name:
        notes.append("对司法行政部门的行为不服的，也可以向上一级司法行政部门申请（行政复议法第二十八条）。")
    return above.name, notes


def _suggest_court(unit: Unit) -> tuple[str, list[str]]:
    if "海关" in unit.name:
        return "", ["海关处理的案件由中级人民法院管辖（行政诉讼法第十五条第二项），请填写。"]
    if unit.kind == UnitKind.GOVERNMENT:
        county = _county_area(unit)
        if county and county[0]:
            return f"{county[0]}中级人民法院", ["县级人民政府自身作出的行为：由中级人民法院管辖（行政诉讼法第十五条第一项）。"]
        return "", ["无法从名称判断本级人民政府的层级或所在地的中级人民法院，请填写。"]
    above = _government_above(unit)
    county = _county_area(above) if above is not None else None
    court = _basic_court(*county) if county else ""
    if not court:
        return "", ["无法从上级人民政府的名称推断所在地的基层人民法院，请填写。"]
    return court, ["部门、乡镇（街道）作出的行为：由所在地的基层人民法院管辖（行政诉讼法第十四条、第十八条）。"]


def _letter_kinds() -> dict[str, str]:
    # the letters belong to the requests app, which builds on this one (imported late, no cycle)
    from gongkai.foi.codes import LetterKind

    return dict(LetterKind.choices)


def _settings_of(unit: Unit) -> dict:
    return {key: getattr(unit, key) for key in SETTINGS_FIELDS}


@transaction.atomic
def unit_settings_update(
    *, unit: Unit, actor: User, reconsideration_body: str, court: str, report_includes_towns: bool,
    signoff_delegated: list[str],
) -> Unit:
    """Set the unit's remedies (named in every reply letter; a letter with either empty is never issued),
    whether its annual report rolls up its towns and streets, and which letters its reviewer may sign
    off instead of its approver.

    Only the coordinator of the unit or of a unit above it (``unit.manage``). Every problem is reported
    at once (:class:`UnitSettingsInvalid`): a name over 100 characters, towns rolled up by a unit that is
    not a people's government, an unknown letter kind. Writes one ``UnitEvent`` ("settings_update") with
    the values before and after; a call that changes nothing writes nothing.
    """
    access.require(actor, "unit.manage", unit)
    kinds = _letter_kinds()
    errors: dict[str, str] = {}
    names = {"reconsideration_body": (reconsideration_body, "行政复议机关"), "court": (court, "管辖人民法院")}
    cleaned: dict = {}
    for key, (value, label) in names.items():
        value = "" if value is None else str(value).strip()
        if len(value) > REMEDY_NAME_MAX:
            errors[key] = f"{label}名称不能超过 {REMEDY_NAME_MAX} 个字（现为 {len(value)} 个字）。"
        cleaned[key] = value
    if not isinstance(report_includes_towns, bool):
        errors["report_includes_towns"] = "“年度报告汇总乡镇（街道）”应为是或否。"
    elif report_includes_towns and unit.kind != UnitKind.GOVERNMENT:
        errors["report_includes_towns"] = (f"只有人民政府的年度报告才汇总乡镇（街道）；{unit.name}是"
                                           f"{UnitKind(unit.kind).label}，不能设置此项。")
    cleaned["report_includes_towns"] = report_includes_towns
    if isinstance(signoff_delegated, str) or not isinstance(signoff_delegated, list | tuple | set | frozenset):
        errors["signoff_delegated"] = "“可由审核人签发的文书”应为文书类型的列表。"
        cleaned["signoff_delegated"] = []
    else:
        unknown = [str(kind) for kind in signoff_delegated if not isinstance(kind, str) or kind not in kinds]
        if unknown:
            errors["signoff_delegated"] = (f"未知的文书类型：{'、'.join(unknown)}（可选：{'、'.join(kinds)}）。")
        cleaned["signoff_delegated"] = [kind for kind in kinds if kind in signoff_delegated]
    if errors:
        raise UnitSettingsInvalid(errors)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = _settings_of(unit)
    if before == cleaned:
        return unit
    for key, value in cleaned.items():
        setattr(unit, key, value)
    unit.save(update_fields=list(SETTINGS_FIELDS))
    UnitEvent.objects.create(unit=unit, actor=actor, action="settings_update",
                             data={"before": before, "after": _settings_of(unit)})
    return unit
