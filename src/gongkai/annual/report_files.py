"""The PDF of a published annual-report version. Publishing stores the DOCX and XLSX at once and leaves
the PDF (a WeasyPrint rendering of the whole report, seconds) to a background task that renders it from
the version's frozen snapshot, so it is the document that was published. Until the worker has run, a PDF
download renders the same snapshot on the spot (:func:`gongkai.annual.selectors.version_file`), so the
file is never missing for the reader. How the task is enqueued: :func:`gongkai.core.tasks.enqueue_with_change`
(if the queue cannot take it, the PDF is rendered right then)."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from . import documents
from .models import ReportVersion, VersionStatus


def report_pdf_schedule(*, version: ReportVersion) -> None:
    from gongkai.core.tasks import enqueue_with_change

    from .tasks import report_pdf_task

    enqueue_with_change(report_pdf_task, version.pk,
                        on_failure=lambda: report_pdf_render(version_id=version.pk))
    version.refresh_from_db(fields=["pdf"])  # rendered already when the task ran at once


def report_pdf_render(*, version_id: int) -> bool:
    """Render and store the PDF of a published version from its snapshot, unless it has one already.
    Returns whether it stored one. Rendered outside any transaction (SQLite would hold its write lock
    for the seconds it takes); the version takes the file only if it still has none."""
    from .selectors import rendering

    version = (ReportVersion.objects.select_related("report")
               .filter(pk=version_id, status=VersionStatus.PUBLISHED).first())
    if version is None or version.pdf:
        return False
    r = rendering(version.report, version)
    content = documents.render(r.data, r.narrative, "pdf", draft_note=r.draft_note, dated=r.dated)
    stem = version.docx.name.rsplit("/", 1)[-1].removesuffix(".docx")
    storage = version.pdf.storage
    name = storage.save(version.pdf.field.generate_filename(version, f"{stem}.pdf"), ContentFile(content))
    # a published version is frozen (ReportVersion.save refuses); its PDF is the snapshot's own rendering
    if ReportVersion.objects.filter(pk=version.pk, pdf="").update(pdf=name):
        return True
    storage.delete(name)  # another worker stored it first
    return False


def report_pdf_catch_up(*, older_than: timedelta = timedelta(minutes=10), limit: int = 20) -> int:
    """Render the PDFs that published versions still lack some time after publication (their task was
    lost: a worker killed during it). Returns how many it rendered."""
    due = (ReportVersion.objects.filter(status=VersionStatus.PUBLISHED, pdf="",
                                        published_at__lt=timezone.now() - older_than)
           .order_by("published_at").values_list("pk", flat=True)[:limit])
    return sum(report_pdf_render(version_id=pk) for pk in list(due))
