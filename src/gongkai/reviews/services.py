"""The review workflow's services: every status move of a disclosure happens here and only here."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.core.errors import AccessDenied, DomainError, InvalidTransition
from gongkai.core.sanitize import html_to_text
from gongkai.disclosures.counts import count_key, public_count_change
from gongkai.disclosures.models import Disclosure, DisclosureEvent
from gongkai.disclosures.taxonomy import Channel, DisclosureMode
from gongkai.orgs import access
from gongkai.orgs.models import User

from . import scanner, workflow
from .models import Finding, FindingSource, FindingStatus


def _locked(disclosure: Disclosure) -> Disclosure:
    return Disclosure.objects.select_for_update().select_related("unit").get(pk=disclosure.pk)


def _move(item: Disclosure, action: str, actor: User, opinion: str = "", data: dict | None = None) -> None:
    """Check state and permission, set the new status, keep the portal's counts and write the event row."""
    transition = workflow.transition_for(action, item.status)
    access.require(actor, transition.permission, item.unit)
    opinion = (opinion or "").strip()
    if transition.needs_opinion and not opinion:
        raise DomainError(f"{transition.label}必须填写意见或理由。")
    before = item.status
    # No move changes a counted field of an item that stays published, so the row it counted in before
    # is the one its current fields give under the old status.
    counted = count_key(item)
    item.status = transition.target
    item.save(update_fields=["status", "updated_at", *_extra_fields(item, action)])
    public_count_change(counted, count_key(item))
    DisclosureEvent.objects.create(
        disclosure=item, actor=actor, action=action, opinion=opinion,
        data={"from": before, "to": item.status, **(data or {})},
    )


def _extra_fields(item: Disclosure, action: str) -> list[str]:
    return {
        "submit": ["submitted_by"],
        "publish": ["published_on", "published_at", "channels"],
        "withdraw": ["withdrawn_reason"],
    }.get(action, [])


def scan_disclosure(item: Disclosure) -> list[Finding]:
    """Run the scanner over title, summary, body and attachment text; keep what was accepted before.

    Earlier open findings are replaced by this scan; a value the approver accepted with a reason is not
    raised again for the same place.
    """
    Finding.objects.filter(disclosure=item, status=FindingStatus.OPEN).delete()
    accepted = set(
        Finding.objects.filter(disclosure=item, status=FindingStatus.ACCEPTED).values_list("source", "value")
    )
    texts = [(FindingSource.TITLE, None, item.title), (FindingSource.SUMMARY, None, item.summary),
             (FindingSource.BODY, None, html_to_text(item.body_html))]
    texts += [(FindingSource.ATTACHMENT, a, a.text) for a in item.attachments.all()]
    found, seen = [], set()
    marks = settings.GONGKAI_SCANNER_MARKS
    for source, attachment, text in texts:
        for hit in scanner.scan(text or "", marks=marks):
            key = (source, attachment.pk if attachment else None, hit.value)
            if (source, hit.value) in accepted or key in seen:
                continue
            seen.add(key)
            found.append(Finding(
                disclosure=item, kind=hit.kind, source=source, attachment=attachment, value=hit.value[:200],
                masked=hit.masked[:200], excerpt=hit.excerpt[:300],
            ))
    return Finding.objects.bulk_create(found)


@transaction.atomic
def disclosure_submit(*, disclosure: Disclosure, actor: User, opinion: str = "") -> Disclosure:
    """Send a draft to review. The sensitive-information scan runs now; findings block approval."""
    item = _locked(disclosure)
    if item.disclosure_mode != DisclosureMode.PROACTIVE:
        raise InvalidTransition(
            f"公开方式为“{item.get_disclosure_mode_display()}”的信息只登记在目录中，不在网站发布，无需提交审查。"
        )
    item.submitted_by = actor
    _move(item, "submit", actor, opinion, data={})
    findings = scan_disclosure(item)
    if findings:
        DisclosureEvent.objects.create(
            disclosure=item, actor=None, action="scan", data={"findings": len(findings),
                                                               "kinds": sorted({f.kind for f in findings})},
        )
    return item


@transaction.atomic
def disclosure_review(*, disclosure: Disclosure, actor: User, passed: bool, opinion: str = "") -> Disclosure:
    """保密审查: pass the item on to the approver, or return it to draft with an opinion."""
    item = _locked(disclosure)
    _move(item, "pass_review" if passed else "return_review", actor, opinion)
    return item


@transaction.atomic
def disclosure_approve(*, disclosure: Disclosure, actor: User, approved: bool, opinion: str = "") -> Disclosure:
    """Sign off and publish, or return to draft. Refused while a scanner finding is open, and to the
    person who submitted the item (no one approves their own submission)."""
    item = _locked(disclosure)
    if not approved:
        _move(item, "return_approval", actor, opinion)
        return item
    workflow.transition_for("approve", item.status)
    access.require(actor, "disclosure.approve", item.unit)
    if item.submitted_by_id == actor.pk:
        raise AccessDenied("提交人不能审批自己提交的信息，请由本机构其他负责领导审批。")
    open_findings = item.findings.filter(status=FindingStatus.OPEN).count()
    if open_findings:
        raise InvalidTransition(
            f"还有 {open_findings} 处敏感信息未处理：请逐项遮盖，或由负责领导说明理由后接受，然后再审批。"
        )
    _move(item, "approve", actor, opinion)
    _publish(item, actor)
    return item


def _publish(item: Disclosure, actor: User) -> None:
    now = timezone.now()
    item.published_at = now
    item.published_on = timezone.localdate(now)
    if not item.channels:
        item.channels = [Channel.WEBSITE]
    _move(item, "publish", actor, data={"published_on": item.published_on.isoformat(),
                                        "on_time": bool(item.publish_due and item.published_on <= item.publish_due)})


@transaction.atomic
def disclosure_withdraw(*, disclosure: Disclosure, actor: User, reason: str) -> Disclosure:
    """撤回: take a published item off the portal; it stays in the register with the reason."""
    item = _locked(disclosure)
    item.withdrawn_reason = (reason or "").strip()
    _move(item, "withdraw", actor, reason)
    return item


@transaction.atomic
def disclosure_reopen(*, disclosure: Disclosure, actor: User, opinion: str = "") -> Disclosure:
    """Turn a withdrawn item back into a draft so that it can be corrected and reviewed again."""
    item = _locked(disclosure)
    _move(item, "reopen", actor, opinion)
    return item


def _replace_everywhere(item: Disclosure, finding: Finding) -> list[str]:
    """Mask the finding's value in title, summary and body (however its digits are separated)."""
    changed = []
    for field in ("title", "summary", "body_html"):
        text = getattr(item, field) or ""
        masked = scanner.mask_text(text, finding)
        if masked != text:
            setattr(item, field, masked)
            changed.append(field)
    return changed


@transaction.atomic
def finding_resolve(*, finding: Finding, actor: User, action: str, reason: str = "") -> Finding:
    """Mask a finding (its value is replaced by the mask wherever it occurs in the item's text) or
    accept it (approver only, with a reason)."""
    item = _locked(finding.disclosure)
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.status != FindingStatus.OPEN:
        raise InvalidTransition(f"该敏感信息已{finding.get_status_display()}，无需再处理。")
    reason = (reason or "").strip()
    if action == "mask":
        access.require(actor, "finding.mask", item.unit)
        if item.status not in workflow.MASKABLE:
            raise InvalidTransition(f"当前状态为“{item.get_status_display()}”，不能再修改内容。")
        if finding.source == FindingSource.ATTACHMENT:
            raise DomainError(
                "附件中的内容无法在线遮盖：请退回修改、替换为已脱敏的附件，或由负责领导说明理由后接受。"
            )
        fields = _replace_everywhere(item, finding)
        if not fields:
            raise DomainError("在正文中找不到该内容（可能被格式分隔），请退回后在编辑页手工修改。")
        item.save(update_fields=[*fields, "updated_at"])
        siblings = Finding.objects.filter(disclosure=item, status=FindingStatus.OPEN, value=finding.value).exclude(
            source=FindingSource.ATTACHMENT)
        resolved_ids = list(siblings.values_list("pk", flat=True))
        siblings.update(status=FindingStatus.MASKED, resolved_by=actor, resolved_at=timezone.now())
        DisclosureEvent.objects.create(
            disclosure=item, actor=actor, action="finding_mask", opinion=reason,
            data={"findings": resolved_ids, "kind": finding.kind, "masked": finding.masked, "fields": fields},
        )
    elif action == "accept":
        access.require(actor, "finding.accept", item.unit)
        if item.status not in workflow.ACCEPTABLE:
            raise InvalidTransition(f"当前状态为“{item.get_status_display()}”，不能接受敏感信息。")
        if not reason:
            raise DomainError("接受敏感信息必须说明理由（例如：属于依法应当公开的法人联系电话）。")
        finding.status, finding.reason = FindingStatus.ACCEPTED, reason
        finding.resolved_by, finding.resolved_at = actor, timezone.now()
        finding.save()
        DisclosureEvent.objects.create(
            disclosure=item, actor=actor, action="finding_accept", opinion=reason,
            data={"findings": [finding.pk], "kind": finding.kind, "excerpt": finding.excerpt},
        )
    else:
        raise DomainError("处理方式应为 mask（遮盖）或 accept（接受）。")
    finding.refresh_from_db()
    return finding
