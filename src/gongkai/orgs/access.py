"""The one place that decides who may see and do what.

A person holds roles in units (:class:`~gongkai.orgs.models.Membership`). A role acts on its own unit;
the coordinator role acts on the unit and its whole subtree. Superusers (IT admins) may do anything.
Every staff read goes through :func:`scope_q` and every write through :func:`require`, so nothing is
decided twice.
"""

from dataclasses import dataclass

from django.db.models import Q

from gongkai.core.errors import AccessDenied

from .models import Role, Unit, User

OP, R, A, C = Role.OPERATOR, Role.REVIEWER, Role.APPROVER, Role.COORDINATOR

# action -> roles that allow it. The coordinator role always acts on the subtree.
PERMISSIONS: dict[str, frozenset[str]] = {
    "disclosure.view": frozenset({OP, R, A, C}),
    "disclosure.create": frozenset({OP}),
    "disclosure.edit": frozenset({OP}),
    "disclosure.submit": frozenset({OP}),
    "disclosure.review": frozenset({R}),
    "disclosure.approve": frozenset({A}),
    "disclosure.withdraw": frozenset({A, C}),
    "disclosure.reopen": frozenset({OP}),
    "finding.mask": frozenset({OP, R, A}),
    "finding.accept": frozenset({A}),
    "unit.view": frozenset({OP, R, A, C}),
    "unit.guide.edit": frozenset({OP, A, C}),
    "unit.manage": frozenset({C}),
    # information requests (依申请公开); the coordinator acts on the subtree
    "request.view": frozenset({OP, R, A, C}),
    "request.view_applicant": frozenset({OP, A, C}),  # not the reviewer: the unit's handlers only
    "request.register": frozenset({OP, A, C}),
    "request.assign": frozenset({OP, A, C}),
    "request.handle": frozenset({OP, A}),
    "request.transfer": frozenset({OP, A, C}),
    "request.extend": frozenset({A}),
    # 签发: a letter that decides (a reply, a 补正告知书, a 收费通知书) is issued by the unit's approver, or
    # by its reviewer for the kinds the unit delegates (Unit.signoff_delegated, see can_sign); others
    # with request.handle prepare it for signature
    "request.sign": frozenset({A}),
    "request.reopen": frozenset({A, C}),
    "request.appeal": frozenset({OP, A, C}),
    # annual reports and statistics: every role reads its units' figures; the approver or the coordinator
    # enters the yearly indicators that no record holds
    "report.view": frozenset({OP, R, A, C}),
    "report.edit": frozenset({A, C}),
    # the annual report document: the operator drafts the text, the approver or the coordinator publishes
    "report.draft": frozenset({OP, A, C}),
    "report.publish": frozenset({A, C}),
}

MESSAGES = {
    "disclosure.view": "您在该机构没有岗位，无权查看该信息。",
    "disclosure.create": "只有该机构的经办人可以起草信息。",
    "disclosure.edit": "只有该机构的经办人可以修改草稿。",
    "disclosure.submit": "只有该机构的经办人可以提交审核。",
    "disclosure.review": "只有该机构的审核人可以进行保密审查。",
    "disclosure.approve": "只有该机构的负责领导可以审批发布。",
    "disclosure.withdraw": "只有该机构的负责领导或协调办可以撤回已发布信息。",
    "disclosure.reopen": "只有该机构的经办人可以重新编辑已撤回的信息。",
    "finding.mask": "只有该机构的经办人、审核人或负责领导可以遮盖敏感信息。",
    "finding.accept": "只有该机构的负责领导可以说明理由后接受敏感信息。",
    "unit.view": "您在该机构没有岗位。",
    "unit.guide.edit": "只有该机构的经办人、负责领导或协调办可以编辑公开指南。",
    "unit.manage": "只有协调办可以管理机构和人员。",
    "request.view": "您在该机构没有岗位，无权查看该申请。",
    "request.view_applicant": "只有办理机关的经办人、负责领导或上级协调办可以查看申请人个人信息。",
    "request.register": "只有该机构的经办人、负责领导或协调办可以登记申请。",
    "request.assign": "只有该机构的经办人、负责领导或协调办可以分配承办人。",
    "request.handle": "只有办理机关的经办人或负责领导可以办理该申请。",
    "request.transfer": "只有办理机关的经办人、负责领导或协调办可以转办该申请。",
    "request.extend": "延期答复（及第三十五条答复期限）须经办理机关的负责领导批准。",
    "request.sign": "该文书须由办理机关的负责领导签发（经授权的文书也可由审核人签发）。",
    "request.reopen": "只有办理机关的负责领导或协调办可以决定重新办理。",
    "request.appeal": "只有办理机关的经办人、负责领导或协调办可以登记复议诉讼。",
    "report.view": "您在该机构没有岗位，无权查看其统计数据。",
    "report.edit": "只有该机构的负责领导或协调办可以填报年度统计指标。",
    "report.draft": "只有该机构的经办人、负责领导或协调办可以编写年度报告。",
    "report.publish": "只有该机构的负责领导或协调办可以发布年度报告。",
}


@dataclass(frozen=True)
class Grant:
    unit_id: int
    path: str
    role: str


def grants(user: User) -> tuple[Grant, ...]:
    """The person's roles, read once per user object (one query)."""
    if not user or not user.is_authenticated:
        return ()
    cached = getattr(user, "_gongkai_grants", None)
    if cached is None:
        cached = tuple(
            Grant(unit_id, path, role)
            for unit_id, path, role in user.memberships.values_list("unit_id", "unit__path", "role")
        )
        user._gongkai_grants = cached
    return cached


def forget_grants(user: User) -> None:
    user.__dict__.pop("_gongkai_grants", None)


def can(user: User, action: str, unit: Unit) -> bool:
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    roles = PERMISSIONS[action]
    for grant in grants(user):
        if grant.role not in roles:
            continue
        if grant.unit_id == unit.pk:
            return True
        if grant.role == C and unit.path.startswith(grant.path):
            return True
    return False


def require(user: User, action: str, unit: Unit) -> None:
    if not can(user, action, unit):
        raise AccessDenied(MESSAGES[action])


def can_sign(user: User, unit: Unit, letter_kind: str) -> bool:
    """签发 a letter of ``letter_kind`` in ``unit``: its approver; its reviewer when the unit delegates
    that kind (``Unit.signoff_delegated``)."""
    if can(user, "request.sign", unit):
        return True
    if letter_kind not in (unit.signoff_delegated or ()) or not user or not user.is_authenticated:
        return False
    return user.is_active and any(g.unit_id == unit.pk and g.role == R for g in grants(user))


def require_sign(user: User, unit: Unit, letter_kind: str) -> None:
    if not can_sign(user, unit, letter_kind):
        raise AccessDenied(MESSAGES["request.sign"])


def scope_q(user: User, action: str = "disclosure.view", *, field: str = "unit") -> Q:
    """A filter that keeps the rows whose ``field`` (a Unit foreign key) the person may act on."""
    if not user or not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    roles = PERMISSIONS[action]
    prefix = f"{field}__" if field else ""
    direct = {g.unit_id for g in grants(user) if g.role in roles}
    query = Q(**{f"{prefix}pk__in": sorted(direct)}) if field == "" else Q(**{f"{field}_id__in": sorted(direct)})
    for grant in grants(user):
        if grant.role == C and C in roles:
            query |= Q(**{f"{prefix}path__startswith": grant.path})
    return query


def units_for(user: User, action: str = "unit.view"):
    """Units the person may act on, as a queryset."""
    return Unit.objects.filter(scope_q(user, action, field=""))
