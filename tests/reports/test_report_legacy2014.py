"""The legacy 2014 form from hand-made records: where each case, item and appeal is counted."""

import datetime as dt
from decimal import Decimal

import pytest
from report_factories import AppealFactory, InfoRequestFactory, item, normative

from gongkai.foi.codes import Outcome, ReplyKind
from gongkai.reports import legacy2014
from gongkai.reports.legacy2014 import ANSWER_ROWS, answer_row_for, refuse_row_for
from gongkai.reports.scope import Scope
from gongkai.reports.services import indicators_update
from gongkai.reports.validate import validate_2014

D = dt.date


def form(unit, year=2021, **kw):
    return legacy2014.values(Scope(unit=unit, **kw), year)


@pytest.mark.parametrize(("reply_kind", "outcome", "row"), [
    ("already_public", "disclosed", "answer_already_public"),
    ("disclose", "disclosed", "answer_disclose"),
    ("partial", "partial", "answer_partial"),
    ("withhold", "withheld.third_party", "answer_refuse"),
    ("other_law", "withheld.inquiry_matter", "answer_other_route"),
    ("not_this_agency", "unavailable.not_held", "answer_not_this_agency"),
    ("not_exist", "unavailable.not_held", "answer_not_exist"),
    ("not_exist", "unavailable.needs_creation", "answer_not_exist"),
    ("not_exist", "unavailable.still_unclear", "answer_amend"),
    ("abandoned", "other.no_supplement", "answer_amend"),
    ("abandoned", "other.fee_unpaid", "answer_other_route"),
    ("repeat", "not_processed.repeat", "answer_other_route"),
    ("not_an_application", "not_processed.petition", "answer_other_route"),
    ("", "", "answer_other_route"),
])
def test_answer_rows(reply_kind, outcome, row):
    assert answer_row_for(reply_kind, outcome) == row


def test_every_outcome_and_reply_kind_lands_in_exactly_one_answer_row():
    for kind in [*ReplyKind.values, ""]:
        for outcome in [*Outcome.values, ""]:
            assert answer_row_for(kind, outcome) in ANSWER_ROWS


def test_refusal_reasons(settings):
    assert refuse_row_for("withheld.state_secret") == "refuse_state_secret"
    assert refuse_row_for("withheld.third_party") == "refuse_privacy"
    settings.GONGKAI_LEGACY_THIRD_PARTY_ROW = "trade_secret"
    assert refuse_row_for("withheld.third_party") == "refuse_trade_secret"
    assert refuse_row_for("withheld.security_stability") == "refuse_security_stability"
    assert refuse_row_for("withheld.process_info") == refuse_row_for("withheld.internal_affairs") == "refuse_not_gov_info"
    assert refuse_row_for("withheld.prohibited_by_law") == refuse_row_for("withheld.enforcement_file") == "refuse_other_law"


def test_requests_by_channel_timeliness_answers_and_fees(tree, settings):
    a = tree["a"]
    InfoRequestFactory(unit=a, channel="online", received_on=D(2021, 3, 1), closed_on=D(2021, 3, 10))
    InfoRequestFactory(unit=a, channel="email", received_on=D(2021, 3, 2), closed_on=D(2021, 4, 20), extension_days=20,
                       outcome="withheld.state_secret", reply_kind="withhold")
    InfoRequestFactory(unit=a, channel="letter", received_on=D(2021, 3, 3), closed_on=D(2021, 4, 30), on_time=False,
                       fee_amount=Decimal("1700.00"), fee_paid_on=D(2021, 4, 1))
    InfoRequestFactory(unit=a, channel="in_person", received_on=D(2020, 12, 30), closed_on=D(2021, 1, 5))
    InfoRequestFactory(unit=a, channel="fax", received_on=D(2021, 12, 30))  # open at the year end

    v = form(a)

    assert (v["received"], v["received_online"], v["received_letter"], v["received_in_person"],
            v["received_fax"]) == (4, 2, 1, 0, 1)
    assert (v["closed"], v["closed_on_time"], v["closed_extended"]) == (4, 2, 1)  # one closed late, no extension
    assert (v["answers"], v["answer_disclose"], v["answer_refuse"], v["refuse_state_secret"]) == (4, 3, 1, 1)
    assert v["fees"] == Decimal("0.1700")
    violations = validate_2014(v)
    assert [x["row"] for x in violations] == ["closed"]  # the late case has no row on this form
    settings.GONGKAI_LEGACY_EMAIL_ROW = "letter"
    assert (form(a)["received_online"], form(a)["received_letter"]) == (1, 2)


def test_items_channels_normatives_and_interpretations(tree):
    a = tree["a"]
    policy = item(a, published_on=D(2021, 5, 1), channels=("website", "gazette"), normative_kind="normative")
    explainer = item(a, published_on=D(2021, 5, 2), channels=("website", "weibo", "wechat"))
    explainer.interprets.add(policy)
    item(a, published_on=D(2021, 6, 1), channels=("website",), status="withdrawn")  # was published
    item(a, published_on=D(2021, 6, 2), channels=("website",), mode="on_request")  # not proactive
    item(a, published_on=D(2020, 6, 2), channels=("website",))  # another year
    normative(a, written_on=D(2021, 2, 1))  # issued, not disclosed

    v = form(a)

    assert (v["published"], v["normative_published"], v["normative_issued"]) == (3, 1, 2)
    assert (v["channel_website"], v["channel_gazette"], v["channel_weibo"], v["channel_wechat"],
            v["channel_other"]) == (3, 1, 1, 1, 0)
    assert v["interpretation_articles"] == 1


def test_appeals_and_indicators(tree, staff):
    a = tree["a"]
    case = InfoRequestFactory(unit=a, received_on=D(2021, 1, 4), closed_on=D(2021, 1, 20))
    AppealFactory(request=case, filed_on=D(2021, 3, 1), result="upheld", decided_on=D(2021, 5, 1))
    AppealFactory(request=case, filed_on=D(2021, 4, 1))  # pending: no row of its own, counted as 其他情形
    AppealFactory(request=case, kind="litigation", after_reconsideration=True, filed_on=D(2021, 6, 1),
                  result="corrected", decided_on=D(2021, 9, 1))
    indicators_update(unit=a, year=2021, actor=staff["app_a"], values={
        "staff_full_time": 1, "interpretation_articles": 4, "dedicated_funds_10k_yuan": "2.5"})

    v = form(a)

    assert (v["reconsideration"], v["reconsideration_upheld"], v["reconsideration_other"]) == (2, 1, 1)
    assert (v["litigation"], v["litigation_corrected"]) == (1, 1)
    assert (v["staff"], v["staff_full_time"], v["staff_part_time"]) == (1, 1, None)
    assert v["interpretation_articles"] == 4 and v["dedicated_funds"] == Decimal("2.5000")
    assert v["meetings"] is None  # not entered: an empty cell, not 0


def test_a_case_is_closed_in_the_year_its_reply_was_issued(tree):
    a = tree["a"]
    # replied 30 December 2017, delivered 4 January 2018: closed (办结) and answered in 2017
    InfoRequestFactory(unit=a, received_on=D(2017, 12, 1), replied_on=D(2017, 12, 29), closed_on=D(2018, 1, 4),
                       reply_kind="not_exist", outcome="unavailable.not_held")
    # received in 2017, replied in 2018
    InfoRequestFactory(unit=a, received_on=D(2017, 12, 22), replied_on=D(2018, 1, 12), closed_on=D(2018, 1, 15))

    y2017, y2018 = form(a, 2017), form(a, 2018)

    assert (y2017["received"], y2017["closed"], y2017["answers"], y2017["answer_not_exist"]) == (2, 1, 1, 1)
    assert (y2018["received"], y2018["closed"], y2018["answer_disclose"], y2018["answer_not_exist"]) == (0, 1, 1, 0)
    assert y2017["closed_on_time"] == y2018["closed_on_time"] == 1
