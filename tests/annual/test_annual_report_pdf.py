"""Publishing an annual report stores its DOCX and XLSX at once and leaves the PDF to the background
worker, which renders it from the published snapshot; meanwhile the PDF download renders that same
snapshot, so a reader never finds it missing."""

import datetime as dt
from io import StringIO

import pytest
from annual_records import FILLED, YEAR
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from gongkai.annual import selectors, services
from gongkai.annual.tasks import report_pdf_task
from gongkai.core.worker import sweep

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_pdf_of_a_published_version_is_made_by_the_worker(records, staff, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    report, _ = services.annual_report_ensure(unit=records, year=YEAR, actor=staff["op_a"])
    services.report_narrative_update(report=report, actor=staff["op_a"], narrative=FILLED)

    version = services.report_publish(report=report, actor=staff["app_a"])

    version.refresh_from_db()
    assert version.docx and version.xlsx and not version.pdf
    assert DBTaskResult.objects.filter(task_path=report_pdf_task.module_path, status="READY").count() == 1
    meanwhile = selectors.version_file(report, version, "pdf")
    assert meanwhile.startswith(b"%PDF-")

    call_command("worker", "--batch", "--sweep-every", "0", stdout=StringIO())

    version.refresh_from_db()
    assert version.pdf.name.endswith(f"-v{version.number}.pdf")
    stored = version.pdf.read()
    assert stored.startswith(b"%PDF-")
    assert selectors.version_file(report, version, "pdf") == stored
    assert report_pdf_task.call(version.pk) is False  # a repeated task changes nothing


def test_a_pdf_whose_task_was_lost_is_made_by_the_sweep(records, staff, settings, clock):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    report, _ = services.annual_report_ensure(unit=records, year=YEAR, actor=staff["op_a"])
    services.report_narrative_update(report=report, actor=staff["op_a"], narrative=FILLED)
    version = services.report_publish(report=report, actor=staff["app_a"])
    DBTaskResult.objects.all().delete()  # a worker was killed while rendering it

    assert sweep()["annual"] == "补生成年报 PDF 0 份"  # not before the task had its chance
    clock.shift(dt.timedelta(minutes=11))
    assert sweep()["annual"] == "补生成年报 PDF 1 份"

    version.refresh_from_db()
    assert version.pdf.read().startswith(b"%PDF-")
