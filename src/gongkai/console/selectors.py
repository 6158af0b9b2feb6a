"""Reads that only the console's pages need. Access is decided by the domain selectors and
:mod:`gongkai.orgs.access`; everything here starts from an item or queryset they already scoped."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from gongkai.disclosures.models import Disclosure, DisclosureEvent
from gongkai.disclosures.selectors import disclosures_for, overdue_q
from gongkai.disclosures.taxonomy import Status
from gongkai.foi.codes import LetterKind
from gongkai.orgs import access
from gongkai.orgs.models import Membership, Unit, User
from gongkai.orgs.services import RemedySuggestion, unit_remedies_suggest
from gongkai.reviews import workflow
from gongkai.reviews.models import Finding, FindingSource, FindingStatus

# Every action code of the history (DisclosureEvent.action) and of the review buttons, in Chinese.
ACTION_LABELS: dict[str, str] = {
    "create": "起草",
    "update": "修改",
    "attachment_add": "添加附件",
    "attachment_remove": "删除附件",
    "submit": "提交审查",
    "scan": "敏感信息检查",
    "pass_review": "审查通过",
    "return_review": "审查退回",
    "approve": "审批发布",
    "return_approval": "审批退回",
    "publish": "发布",
    "withdraw": "撤回",
    "reopen": "重新编辑",
    "finding_mask": "遮盖敏感信息",
    "finding_accept": "接受敏感信息",
}

# Transitions that a person starts from the detail page ("publish" follows "approve" by itself).
BUTTON_ACTIONS = (
    "submit",
    "pass_review",
    "return_review",
    "approve",
    "return_approval",
    "withdraw",
    "reopen",
)


def disclosure_search_for(
    user: User, *, status: str = "", unit_code: str = "", q: str = ""
) -> QuerySet[Disclosure]:
    """The person's items, filtered for the list page. Unknown filter values match nothing."""
    qs = disclosures_for(user).order_by("-updated_at", "-id")
    if status:
        qs = qs.filter(status=status) if status in Status.values else qs.none()
    if unit_code:
        qs = qs.filter(unit__code=unit_code)
    if q.strip():
        qs = qs.filter(title__icontains=q.strip())
    return qs


def overdue_days(item: Disclosure, today: dt.date | None = None) -> int:
    """Calendar days past the Art. 26 due date (0 when not late)."""
    today = today or timezone.localdate()
    return max((today - item.publish_due).days, 0) if item.publish_due else 0


def memberships_of(user: User) -> QuerySet[Membership]:
    return user.memberships.select_related("unit").order_by("unit__path", "role")


def guide_units_for(user: User) -> QuerySet[Unit]:
    return access.units_for(user, "unit.guide.edit").order_by("path")


@dataclass
class HistoryRow:
    event: DisclosureEvent
    label: str
    note: str


def _note(event: DisclosureEvent) -> str:
    data = event.data or {}
    if event.action == "scan":
        return f"发现 {data.get('findings', 0)} 处敏感信息"
    if event.action in {"attachment_add", "attachment_remove"}:
        return data.get("name", "")
    if event.action == "finding_mask":
        return f"遮盖为 {data.get('masked', '')}"
    return ""


def history_of(item: Disclosure) -> list[HistoryRow]:
    events = DisclosureEvent.objects.filter(disclosure=item).select_related("actor").order_by("at", "id")
    return [HistoryRow(e, ACTION_LABELS.get(e.action, e.action), _note(e)) for e in events]


def findings_of(item: Disclosure) -> list[Finding]:
    return list(Finding.objects.filter(disclosure=item).select_related("resolved_by", "attachment"))


@dataclass(frozen=True)
class Button:
    action: str
    label: str
    needs_opinion: bool  # the returns and the withdrawal; shown as secondary buttons


@dataclass
class DetailPage:
    """What the detail page shows and which controls it offers to this person now."""

    item: Disclosure
    actions: list[Button]
    findings: list[Finding]
    history: list[HistoryRow]
    attachments: list
    can_edit: bool
    can_mask: bool
    can_accept: bool
    overdue_days: int
    open_findings: int = field(init=False)

    def __post_init__(self):
        self.open_findings = sum(1 for f in self.findings if f.status == FindingStatus.OPEN)
        for f in self.findings:
            f.maskable = (
                self.can_mask and f.status == FindingStatus.OPEN and f.source != FindingSource.ATTACHMENT
            )
            f.acceptable = self.can_accept and f.status == FindingStatus.OPEN


def detail_page(user: User, item: Disclosure) -> DetailPage:
    """``item`` must come from :func:`~gongkai.disclosures.selectors.disclosure_get_for`."""
    actions = [
        Button(t.action, ACTION_LABELS[t.action], t.needs_opinion)
        for t in workflow.allowed_actions(item.status)
        if t.action in BUTTON_ACTIONS and access.can(user, t.permission, item.unit)
    ]
    overdue = Disclosure.objects.filter(pk=item.pk).filter(overdue_q(timezone.localdate())).exists()
    return DetailPage(
        item=item,
        actions=actions,
        findings=findings_of(item),
        history=history_of(item),
        attachments=list(item.attachments.all()),
        can_edit=item.status in workflow.EDITABLE and access.can(user, "disclosure.edit", item.unit),
        can_mask=item.status in workflow.MASKABLE and access.can(user, "finding.mask", item.unit),
        can_accept=item.status in workflow.ACCEPTABLE and access.can(user, "finding.accept", item.unit),
        overdue_days=overdue_days(item) if overdue else 0,
    )


# --- unit settings (救济途径、年报汇总、签发授权) ------------------------------------------------------------

@dataclass
class UnitSettingsRow:
    """One unit on the coordinator's settings page, with what the unit tree suggests for it."""

    unit: Unit
    suggestion: RemedySuggestion
    delegated: list[str] = field(init=False)  # the letter kinds' names
    missing: bool = field(init=False)  # a remedy is empty: the unit's reply letters cannot be issued

    def __post_init__(self):
        names = dict(LetterKind.choices)
        self.delegated = [str(names.get(kind, kind)) for kind in self.unit.signoff_delegated]
        self.missing = not (self.unit.reconsideration_body and self.unit.court)


def unit_settings_rows(user: User) -> list[UnitSettingsRow]:
    """Every unit the person may manage (the coordinator's subtree), in tree order. The parents are taken
    from the same list, so suggesting remedies for every row reads no unit twice."""
    units = list(access.units_for(user, "unit.manage").select_related("parent").order_by("path"))
    by_id = {unit.pk: unit for unit in units}
    for unit in units:
        if unit.parent_id in by_id:
            unit.parent = by_id[unit.parent_id]
    return [UnitSettingsRow(unit, unit_remedies_suggest(unit=unit)) for unit in units]


def unit_settings_row(unit: Unit) -> UnitSettingsRow:
    return UnitSettingsRow(unit, unit_remedies_suggest(unit=unit))
