"""Issuing a letter writes its DOCX at once and leaves the PDF to the background worker: until the worker has
run, the case page says 正在生成 and the PDF download says so too; afterwards the download works. With the
Redis tasks backend down, the PDF is rendered on issue instead."""

import datetime as dt
import socket
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gongkai.config.settings import rq_queues_from_url
from gongkai.core import documents
from gongkai.core.documents.serial import document_from_data, document_to_data
from gongkai.core.identifiers import resident_id_check_char
from gongkai.core.worker import sweep
from gongkai.foi import services
from gongkai.foi.intake import ApplicantData
from gongkai.foi.tasks import letter_pdf_task

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def case(units, staff):
    first17 = "33021119900101001"
    applicant = ApplicantData(type="natural_person", name="王小明", id_type="resident_id",
                              id_number=first17 + resident_id_check_char(first17), phone="13812345678",
                              email="wang@example.com", address="测试区人民路1号")
    return services.request_register(
        unit=units["a"], channel="letter", received_on=dt.date(2026, 11, 23), receipt_basis="signed_for",
        applicant=applicant, description="请公开本局2025年老旧小区改造项目的立项批复文件。", delivery_form="paper",
        delivery_way="pickup", actor=staff["op_a"], today=TODAY,
    )[0]


def clarify(case, staff):
    services.request_clarify(sent_by="in_person", request=case, on=TODAY, items="项目名称", actor=staff["app_a"],
                             today=TODAY)
    return case.letters.get()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_pdf_is_made_by_the_worker_and_the_page_says_so_meanwhile(case, staff, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

    letter = clarify(case, staff)

    # issued: the Word file is there, the PDF waits for the worker (its task was stored with the letter)
    assert letter.docx and not letter.pdf
    assert DBTaskResult.objects.filter(task_path=letter_pdf_task.module_path, status="READY").count() == 1
    op = signed_in(staff["op_a"])
    page = op.get(reverse("console:request_detail", args=[case.pk])).content.decode()
    assert "PDF 正在生成" in page
    pdf_url = reverse("console:request_letter", args=[case.pk, letter.pk, "pdf"])
    assert op.get(pdf_url).status_code == 404
    assert op.get(reverse("console:request_letter", args=[case.pk, letter.pk, "docx"])).status_code == 200

    call_command("worker", "--batch", "--sweep-every", "0", stdout=StringIO())

    letter.refresh_from_db()
    assert letter.pdf.name.endswith(".pdf") and letter.pdf.name[:-4] == letter.docx.name[:-5]
    download = op.get(pdf_url)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    assert "PDF 正在生成" not in op.get(reverse("console:request_detail", args=[case.pk])).content.decode()

    # a repeated task changes nothing
    assert letter_pdf_task.call(letter.pk, {"title": "x"}) is False


def test_with_the_task_queue_down_the_pdf_is_rendered_on_issue(case, staff, settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = rq_queues_from_url(f"redis://127.0.0.1:{port}/0")

    letter = clarify(case, staff)

    letter.refresh_from_db()
    assert letter.docx and letter.pdf
    with letter.pdf.open("rb") as f:
        assert f.read(5) == b"%PDF-"


def test_a_document_survives_the_trip_to_the_worker():
    doc = documents.Document(
        title="政府信息公开申请答复书", number="测公开〔2026〕1号", recipient="王小明",
        blocks=[documents.Heading("一、答复内容"), documents.Paragraph("经查，……", bold=True, align="left"),
                documents.Table(rows=[[documents.Cell("名称", header=True), documents.Cell("页数")],
                                      [documents.Cell("立项批复", colspan=1), documents.Cell("3")]],
                                caption="提供的政府信息")],
        signature="测试区发展和改革局", date_text="2026年11月27日", footer_note="（联系人：王经办）",
    )
    assert document_from_data(document_to_data(doc)) == doc


def test_a_task_whose_worker_was_lost_runs_again(case, staff, settings, clock):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    letter = clarify(case, staff)
    # a worker took the task and was killed while rendering
    DBTaskResult.objects.filter(task_path=letter_pdf_task.module_path).update(
        status="RUNNING", started_at=timezone.now(), worker_ids=["lost"])

    assert sweep()["tasks"] == "重新执行中断的任务 0 个"  # it may still be working
    clock.shift(dt.timedelta(minutes=31))
    assert sweep()["tasks"] == "重新执行中断的任务 1 个"
    call_command("worker", "--batch", "--sweep-every", "0", stdout=StringIO())

    letter.refresh_from_db()
    assert letter.pdf.read().startswith(b"%PDF-")
