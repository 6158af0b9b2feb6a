"""Background work of annual reports: the PDF of a published version (run by ``gongkai worker``)."""

from django.tasks import task

from . import report_files


@task()
def report_pdf_task(version_id: int) -> bool:
    return report_files.report_pdf_render(version_id=version_id)
