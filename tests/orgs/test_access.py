"""The permission matrix: every action × every person × every unit, against a table written out here."""

import pytest

from gongkai.orgs import access
from gongkai.orgs.models import Unit

# Who may do what where, stated independently of access.PERMISSIONS.
# (person, action) -> units where it is allowed
OPERATOR_REQUESTS = ("request.view", "request.view_applicant", "request.register", "request.assign",
                     "request.handle", "request.transfer", "request.reply", "request.appeal",
                     "report.view", "report.draft")
# the approver also signs off the unit's letters (签发; a reviewer only for the kinds the unit delegates)
APPROVER_REQUESTS = (*OPERATOR_REQUESTS, "request.extend", "request.reopen", "request.sign", "report.edit",
                     "report.publish")
COORDINATOR_ACTIONS = ("disclosure.view", "disclosure.withdraw", "unit.view", "unit.guide.edit", "unit.manage",
                       "request.view", "request.view_applicant", "request.register", "request.assign",
                       "request.transfer", "request.reopen", "request.appeal",
                       "report.view", "report.edit", "report.draft", "report.publish")

EXPECTED = {
    "op_a": {"disclosure.view": {"DEPT-A"}, "disclosure.create": {"DEPT-A"}, "disclosure.edit": {"DEPT-A"},
             "disclosure.submit": {"DEPT-A"}, "disclosure.reopen": {"DEPT-A"}, "finding.mask": {"DEPT-A"},
             "unit.view": {"DEPT-A"}, "unit.guide.edit": {"DEPT-A"},
             **{action: {"DEPT-A"} for action in OPERATOR_REQUESTS}},
    # the reviewer sees the unit's cases but not the applicants' personal data
    "rev_a": {"disclosure.view": {"DEPT-A"}, "disclosure.review": {"DEPT-A"}, "finding.mask": {"DEPT-A"},
              "unit.view": {"DEPT-A"}, "request.view": {"DEPT-A"}, "report.view": {"DEPT-A"}},
    "app_a": {"disclosure.view": {"DEPT-A"}, "disclosure.approve": {"DEPT-A"}, "disclosure.withdraw": {"DEPT-A"},
              "finding.mask": {"DEPT-A"}, "finding.accept": {"DEPT-A"}, "unit.view": {"DEPT-A"},
              "unit.guide.edit": {"DEPT-A"},
              **{action: {"DEPT-A"} for action in APPROVER_REQUESTS}},
    "op_b": {"disclosure.view": {"DEPT-B"}, "disclosure.create": {"DEPT-B"}, "disclosure.edit": {"DEPT-B"},
             "disclosure.submit": {"DEPT-B"}, "disclosure.reopen": {"DEPT-B"}, "finding.mask": {"DEPT-B"},
             "unit.view": {"DEPT-B"}, "unit.guide.edit": {"DEPT-B"},
             **{action: {"DEPT-B"} for action in OPERATOR_REQUESTS}},
    # the coordinator of GOV acts on the whole subtree, but only with the coordinator's own powers
    "coord": {action: {"GOV", "DEPT-A", "DEPT-B"} for action in COORDINATOR_ACTIONS},
}

CASES = [
    (person, action, code)
    for person in EXPECTED
    for action in access.PERMISSIONS
    for code in ("GOV", "DEPT-A", "DEPT-B")
]


@pytest.mark.parametrize(("person", "action", "code"), CASES)
def test_matrix(staff, person, action, code):
    unit = Unit.objects.get(code=code)
    expected = code in EXPECTED[person].get(action, set())
    assert access.can(staff[person], action, unit) is expected


def test_scope_query_matches_can(staff, draft_factory, units):
    from gongkai.disclosures.models import Disclosure

    a = draft_factory()
    b = draft_factory(unit=units["b"], actor=staff["op_b"])
    for person, visible in {"op_a": {a.pk}, "op_b": {b.pk}, "rev_a": {a.pk}, "coord": {a.pk, b.pk}}.items():
        seen = set(Disclosure.objects.filter(access.scope_q(staff[person], "disclosure.view"))
                   .values_list("pk", flat=True))
        assert seen == visible, person


def test_anonymous_and_inactive_have_nothing(staff, units):
    from django.contrib.auth.models import AnonymousUser

    anon = AnonymousUser()
    assert not access.can(anon, "disclosure.view", units["a"])
    user = staff["app_a"]
    user.is_active = False
    assert not access.can(user, "disclosure.view", units["a"])


def test_superuser_may_do_everything(staff, units):
    admin = staff["op_b"]
    admin.is_superuser = True
    assert access.can(admin, "disclosure.approve", units["a"])


def test_grants_are_read_in_one_query(staff, units, django_assert_num_queries):
    user = type(staff["coord"]).objects.get(pk=staff["coord"].pk)
    with django_assert_num_queries(1):
        for unit in units.values():
            access.can(user, "disclosure.view", unit)
