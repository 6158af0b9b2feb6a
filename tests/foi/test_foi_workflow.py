"""Walk every allowed and every forbidden move of an information request through the real services.

Dates: received Monday 14 September 2026; the 补正 deadline is 22 September (make-up Sunday 20 September
counts). Every call passes ``today`` (31 December 2026), so nothing depends on the day the tests run.
"""

import datetime as dt

import pytest

from gongkai.core.errors import AccessDenied, InvalidTransition
from gongkai.foi import services, workflow
from gongkai.foi.codes import Status
from gongkai.foi.intake import ApplicantData
from gongkai.foi.models import InfoRequest

TODAY = dt.date(2026, 12, 31)
RECEIVED = dt.date(2026, 9, 14)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def register(units, staff, name="王小明", id_number="11010519491231002X") -> InfoRequest:
    item, _ = services.request_register(
        unit=units["a"], channel="letter", received_on=RECEIVED, receipt_basis="signed_for",
        applicant=ApplicantData(type="natural_person", name=name, id_type="resident_id", id_number=id_number,
                                phone="13812345678"),
        description="请公开本局2025年老旧小区改造项目的立项批复文件。", delivery_form="paper", delivery_way="pickup",
        actor=staff["op_a"], today=TODAY,
    )
    return item


def d(month, day):
    return dt.date(2026, month, day)


def perform(item, action, staff, units):
    op, app = staff["op_a"], staff["app_a"]
    calls = {
        "assign": lambda: services.request_assign(request=item, handler=op, actor=app, today=TODAY),
        "transfer": lambda: services.request_transfer(request=item, to_unit=units["b"], actor=op, reason="属财政局职责",
                                                      today=TODAY),
        "merge": lambda: services.request_merge(request=item, into=register(units, staff), actor=op, today=TODAY),
        "clarify": lambda: services.request_clarify(sent_by="in_person", request=item, on=d(9, 16), items="请写明项目名称", actor=app,
                                                    today=TODAY),
        "supplement": lambda: services.request_supplement(request=item, on=d(9, 29), actor=op, today=TODAY),
        "consult": lambda: services.request_consult(request=item, on=d(9, 17), party="某建设公司", reason="商业秘密",
                                                    sent_by="in_person", actor=op, today=TODAY),
        "consult_end": lambda: services.request_consult_end(request=item, on=d(9, 18), answer="同意公开", actor=op,
                                                            today=TODAY),
        "fee_notice": lambda: services.request_fee_notice(sent_by="in_person", request=item, on=d(9, 17), method="per_page", quantity=100,
                                                          actor=app, today=TODAY),
        "fee_paid": lambda: services.request_fee_paid(request=item, on=d(9, 18), actor=op, today=TODAY),
        "extend": lambda: services.request_extend(request=item, on=d(9, 18), days=10, reason="需检索档案", actor=app,
                                                  today=TODAY),
        "excessive": lambda: services.request_mark_excessive(request=item, due=dt.date(2027, 3, 31), reason="本月已申请60件",
                                                             actor=app, today=TODAY),
        "reply": lambda: services.request_reply(request=item, on=d(10, 14), **reply_args(item), actor=app, today=TODAY),
        "deliver": lambda: services.request_deliver(request=item, on=d(10, 20), way="post", actor=op, today=TODAY),
        "reopen": lambda: reopen(item, staff),
    }
    return calls[action]()


def reply_args(item):
    # from 等待补正, the only reply is "abandoned" once the supplement period (to 13 October) is over
    if item.status == Status.CLARIFYING:
        return {"reply_kind": "abandoned", "outcome": "other.no_supplement"}
    return {"reply_kind": "disclose", "provided": ["老旧小区改造项目立项批复"]}


def reopen(item, staff):
    if item.status in (Status.REPLIED, Status.CLOSED):  # the appeal that corrects the reply
        appeal = services.appeal_file(request=item, kind="reconsideration", filed_on=d(10, 21), actor=staff["op_a"],
                                      today=TODAY)
        services.appeal_decide(appeal=appeal, result="corrected", on=d(11, 20), actor=staff["op_a"], today=TODAY)
    return services.request_reopen(request=item, actor=staff["app_a"], reason="复议决定责令重新答复", today=TODAY)


PATHS = {
    Status.RECEIVED: [],
    Status.PROCESSING: ["assign"],
    Status.CLARIFYING: ["clarify"],
    Status.PAUSED: ["consult", "fee_notice"],  # a consultation and the fee window both open
    Status.REPLIED: ["reply"],
    Status.CLOSED: ["reply", "deliver"],
    Status.MERGED: ["merge"],
}

# Moves the table allows from a state but the service refuses for a reason of the case itself (each is
# allowed in another situation, tested in test_foi_services.py).
NARROWED = {
    ("reply", Status.PAUSED): "征求意见尚未结束",  # a consultation is still open
    ("fee_notice", Status.PAUSED): "只收费一次",  # the fee notice of this path was already sent
}


def bring_to(status, units, staff):
    item = register(units, staff)
    for action in PATHS[status]:
        perform(item, action, staff, units)
        item.refresh_from_db()
    assert item.status == status
    return item


ACTIONS = [a for a in workflow.ACTIONS if a != "resume"]  # "resume" follows the end of the last pause


@pytest.mark.parametrize("state", list(Status))
@pytest.mark.parametrize("action", ACTIONS)
def test_every_move_from_every_state(units, staff, state, action):
    # given a case in `state`
    item = bring_to(state, units, staff)
    allowed = (action, state) in workflow.TRANSITIONS
    events = item.events.count()
    if allowed and (action, state) not in NARROWED:
        # when the allowed move is made, then the status is the table's target (or "processing" when the
        # last pause ended) and events are written
        perform(item, action, staff, units)
        item.refresh_from_db()
        target = workflow.TRANSITIONS[(action, state)].target
        if action in ("consult_end", "fee_paid") and not item.pauses.filter(ended_on__isnull=True).exists():
            target = Status.PROCESSING
        assert item.status == target
        assert item.events.count() > events
    else:
        # when a forbidden move is tried, then it is refused as a wrong state (409) and nothing changes
        with pytest.raises(InvalidTransition) as refused:
            perform(item, action, staff, units)
        if allowed:
            assert NARROWED[(action, state)] in refused.value.message
        else:
            assert Status(state).label in refused.value.message
        item.refresh_from_db()
        assert item.status == state
        assert item.events.count() == events


def test_the_last_pause_to_end_resumes_the_clock(units, staff):
    item = bring_to(Status.PAUSED, units, staff)
    perform(item, "consult_end", staff, units)
    item.refresh_from_db()
    assert item.status == Status.PAUSED  # the fee window is still open
    perform(item, "fee_paid", staff, units)
    item.refresh_from_db()
    assert item.status == Status.PROCESSING
    assert list(item.events.values_list("action", flat=True))[-2:] == ["fee_paid", "resume"]


@pytest.mark.parametrize("state", [s for s in Status if s != Status.PAUSED])
def test_resume_is_possible_only_from_paused(state):
    with pytest.raises(InvalidTransition):
        workflow.transition_for("resume", state)


def test_the_table_names_a_permission_for_every_move():
    from gongkai.orgs.access import MESSAGES, PERMISSIONS

    for transition in workflow.TRANSITIONS.values():
        assert transition.permission in PERMISSIONS and transition.permission in MESSAGES


def test_a_wrong_person_is_refused_before_the_state_is_looked_at(units, staff):
    # an operator may never extend (403), whatever the state; an approver is told the state is wrong (409)
    item = bring_to(Status.CLOSED, units, staff)
    with pytest.raises(AccessDenied):
        services.request_extend(request=item, on=d(10, 20), days=5, reason="x", actor=staff["op_a"], today=TODAY)
    with pytest.raises(InvalidTransition):
        services.request_extend(request=item, on=d(10, 20), days=5, reason="x", actor=staff["app_a"], today=TODAY)
