"""Walk every allowed and every forbidden move of the review workflow through the real services."""

import pytest

from gongkai.core.errors import AccessDenied, DomainError, InvalidTransition
from gongkai.disclosures.taxonomy import Status
from gongkai.reviews import services, workflow
from gongkai.reviews.models import FindingStatus


def bring_to(item, status, staff):
    """Move a fresh draft to ``status`` through the services."""
    path = {
        Status.DRAFT: [],
        Status.SUBMITTED: ["submit"],
        Status.REVIEWED: ["submit", "pass_review"],
        Status.APPROVED: ["submit", "pass_review", "approve"],
        Status.PUBLISHED: ["submit", "pass_review", "approve"],
        Status.WITHDRAWN: ["submit", "pass_review", "approve", "withdraw"],
    }[status]
    for action in path:
        perform(item, action, staff)
    item.refresh_from_db()
    return item


def perform(item, action, staff):
    calls = {
        "submit": lambda: services.disclosure_submit(disclosure=item, actor=staff["op_a"]),
        "pass_review": lambda: services.disclosure_review(disclosure=item, actor=staff["rev_a"], passed=True),
        "return_review": lambda: services.disclosure_review(
            disclosure=item, actor=staff["rev_a"], passed=False, opinion="请补充施行日期"),
        "approve": lambda: services.disclosure_approve(disclosure=item, actor=staff["app_a"], approved=True),
        "return_approval": lambda: services.disclosure_approve(
            disclosure=item, actor=staff["app_a"], approved=False, opinion="标题不规范"),
        "publish": lambda: services._publish(item, staff["app_a"]),
        "withdraw": lambda: services.disclosure_withdraw(disclosure=item, actor=staff["app_a"], reason="内容有误"),
        "reopen": lambda: services.disclosure_reopen(disclosure=item, actor=staff["op_a"]),
    }
    return calls[action]()


# "approved" is passed through on the way to "published" inside one service call; it is reachable only
# as an intermediate state, so "publish" is exercised from the approve step.
STATES = [s for s in Status if s != Status.APPROVED]
ACTIONS = [a for a in workflow.TRANSITIONS if a != "publish"]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
def test_every_move_from_every_state(draft_factory, staff, state, action):
    # given an item in `state`
    item = bring_to(draft_factory(), state, staff)
    transition = workflow.TRANSITIONS[action]
    before_events = item.events.count()
    if transition.source == state:
        # when the allowed move is made, then the status is the table's target and an event is written
        perform(item, action, staff)
        item.refresh_from_db()
        expected = Status.PUBLISHED if action == "approve" else transition.target
        assert item.status == expected
        assert item.events.count() > before_events
        last = item.events.order_by("-id").first()
        assert last.action in {action, "publish", "scan"}
    else:
        # a forbidden move raises InvalidTransition and changes nothing
        with pytest.raises(InvalidTransition) as exc:
            perform(item, action, staff)
        assert "不能" in exc.value.message
        item.refresh_from_db()
        assert item.status == state
        assert item.events.count() == before_events


def test_table_is_the_single_source():
    # every state is reachable and every non-final state has a way out
    targets = {t.target for t in workflow.TRANSITIONS.values()}
    assert set(Status) - {Status.DRAFT} <= targets
    for state in Status:
        assert workflow.allowed_actions(state), state


def test_each_step_records_person_time_and_opinion(draft_factory, staff):
    item = draft_factory()
    services.disclosure_submit(disclosure=item, actor=staff["op_a"], opinion="请审查")
    services.disclosure_review(disclosure=item, actor=staff["rev_a"], passed=True, opinion="无涉密内容")
    services.disclosure_approve(disclosure=item, actor=staff["app_a"], approved=True, opinion="同意发布")
    rows = list(item.events.values_list("action", "actor__username", "opinion"))
    assert rows == [
        ("create", "op_a", ""),
        ("submit", "op_a", "请审查"),
        ("pass_review", "rev_a", "无涉密内容"),
        ("approve", "app_a", "同意发布"),
        ("publish", "app_a", ""),
    ]
    assert all(e.at for e in item.events.all())


def test_return_needs_an_opinion(draft_factory, staff):
    item = draft_factory()
    services.disclosure_submit(disclosure=item, actor=staff["op_a"])
    with pytest.raises(DomainError, match="意见"):
        services.disclosure_review(disclosure=item, actor=staff["rev_a"], passed=False, opinion="  ")
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED


def test_withdraw_needs_a_reason_and_keeps_the_item(draft_factory, staff):
    item = bring_to(draft_factory(), Status.PUBLISHED, staff)
    with pytest.raises(DomainError, match="理由"):
        services.disclosure_withdraw(disclosure=item, actor=staff["app_a"], reason="")
    services.disclosure_withdraw(disclosure=item, actor=staff["coord"], reason="政策已调整")
    item.refresh_from_db()
    assert item.status == Status.WITHDRAWN and item.withdrawn_reason == "政策已调整"


def test_nobody_approves_their_own_submission(draft_factory, staff):
    item = draft_factory(actor=staff["both_a"])
    services.disclosure_submit(disclosure=item, actor=staff["both_a"])
    services.disclosure_review(disclosure=item, actor=staff["rev_a"], passed=True)
    with pytest.raises(AccessDenied, match="不能审批自己提交"):
        services.disclosure_approve(disclosure=item, actor=staff["both_a"], approved=True)
    services.disclosure_approve(disclosure=item, actor=staff["app_a"], approved=True)
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED


def test_wrong_role_is_refused_before_anything_changes(draft_factory, staff):
    item = draft_factory()
    with pytest.raises(AccessDenied):
        services.disclosure_submit(disclosure=item, actor=staff["rev_a"])
    services.disclosure_submit(disclosure=item, actor=staff["op_a"])
    with pytest.raises(AccessDenied):
        services.disclosure_review(disclosure=item, actor=staff["op_a"], passed=True)
    with pytest.raises(AccessDenied):
        services.disclosure_review(disclosure=item, actor=staff["app_b"], passed=True)
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED


def test_findings_block_approval_until_masked_or_accepted(draft_factory, staff):
    item = draft_factory(body_html="<p>联系人：李明，电话 13812345678，邮箱 liming@example.com。</p>")
    services.disclosure_submit(disclosure=item, actor=staff["op_a"])
    findings = {f.kind: f for f in item.findings.all()}
    assert set(findings) == {"mobile", "email"}
    assert "138****5678" in findings["mobile"].excerpt and "13812345678" not in findings["mobile"].excerpt
    services.disclosure_review(disclosure=item, actor=staff["rev_a"], passed=True)
    with pytest.raises(InvalidTransition, match="2 处敏感信息"):
        services.disclosure_approve(disclosure=item, actor=staff["app_a"], approved=True)
    # mask one (the text changes), accept the other with a reason
    services.finding_resolve(finding=findings["mobile"], actor=staff["rev_a"], action="mask")
    with pytest.raises(DomainError, match="理由"):
        services.finding_resolve(finding=findings["email"], actor=staff["app_a"], action="accept")
    with pytest.raises(AccessDenied):
        services.finding_resolve(finding=findings["email"], actor=staff["rev_a"], action="accept", reason="x")
    services.finding_resolve(finding=findings["email"], actor=staff["app_a"], action="accept",
                             reason="单位公务邮箱，依法公开")
    item.refresh_from_db()
    assert "13812345678" not in item.body_html and "138****5678" in item.body_html
    assert set(item.findings.values_list("status", flat=True)) == {FindingStatus.MASKED, FindingStatus.ACCEPTED}
    services.disclosure_approve(disclosure=item, actor=staff["app_a"], approved=True)
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    actions = list(item.events.values_list("action", flat=True))
    assert "scan" in actions and "finding_mask" in actions and "finding_accept" in actions


def test_accepted_finding_is_not_raised_again_on_resubmit(draft_factory, staff):
    item = draft_factory(body_html="<p>举报电话 13812345678</p>")
    services.disclosure_submit(disclosure=item, actor=staff["op_a"])
    finding = item.findings.get()
    services.finding_resolve(finding=finding, actor=staff["app_a"], action="accept", reason="公开的举报电话")
    services.disclosure_review(disclosure=item, actor=staff["rev_a"], passed=False, opinion="补充附件")
    services.disclosure_submit(disclosure=item, actor=staff["op_a"])
    assert item.findings.filter(status=FindingStatus.OPEN).count() == 0
