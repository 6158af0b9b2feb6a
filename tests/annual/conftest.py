"""A year of records for DEPT-A (tests/conftest.py's tree) to make annual report documents from.

The record factories are those of the reports tests (``tests/reports/report_factories.py``): the same
records, written straight to the database.
"""

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "reports"))

from annual_records import YEAR  # noqa: E402
from report_factories import AppealFactory, InfoRequestFactory, item, normative  # noqa: E402

from gongkai.reports.services import indicators_update  # noqa: E402

D = dt.date


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def records(units, staff):
    """DEPT-A in 2024: 10 new requests (+1 carried in), 9 closed, 2 carried out; 2 appeals; 3 normative
    documents; 5 items published (4 on time); the decision indicators entered."""
    a = units["a"]
    InfoRequestFactory(unit=a, received_on=D(2023, 12, 20), closed_on=D(2024, 1, 10), outcome="partial")
    for applicant, outcome in [("natural_person", "disclosed"), ("natural_person", "disclosed"),
                               ("natural_person", "unavailable.not_held"), ("org.business", "disclosed"),
                               ("org.legal", "withheld.third_party"), ("natural_person", "not_processed.repeat"),
                               ("org.research", "other.no_supplement")]:
        InfoRequestFactory(unit=a, received_on=D(2024, 3, 4), closed_on=D(2024, 3, 25), applicant_type=applicant,
                           outcome=outcome)
    InfoRequestFactory(unit=a, received_on=D(2024, 12, 23))
    InfoRequestFactory(unit=a, received_on=D(2024, 12, 27), applicant_type="org.nonprofit")
    case = InfoRequestFactory(unit=a, received_on=D(2024, 2, 1), closed_on=D(2024, 2, 20))
    AppealFactory(request=case, kind="reconsideration", filed_on=D(2024, 4, 1), result="upheld",
                  decided_on=D(2024, 6, 1))
    AppealFactory(request=case, kind="litigation", filed_on=D(2024, 7, 1))
    normative(a, written_on=D(2024, 3, 1), status="published", published_on=D(2024, 3, 5))
    normative(a, written_on=D(2022, 3, 1), validity="repealed", changed_on=D(2024, 9, 1))
    normative(a, written_on=D(2024, 5, 1), kind="regulation")
    for month, due_day in [(1, 20), (2, 20), (4, 20), (4, 20), (10, 1)]:
        item(a, published_on=D(2024, month, 15), publish_due=D(2024, month, due_day))
    indicators_update(unit=a, year=YEAR, actor=staff["app_a"],
                      values={"licensing_decisions": 12, "penalty_decisions": 3, "enforcement_decisions": 0,
                              "admin_fees_10k_yuan": "1.25"})
    return a


@pytest.fixture
def published(records, staff):
    """DEPT-A's 2024 report, written by the operator and published by the approver (version 1)."""
    from annual_records import FILLED

    from gongkai.annual import services

    report, _ = services.annual_report_ensure(unit=records, year=YEAR, actor=staff["op_a"])
    services.report_narrative_update(report=report, actor=staff["op_a"], narrative=FILLED)
    services.report_publish(report=report, actor=staff["app_a"])
    report.refresh_from_db()
    return report
