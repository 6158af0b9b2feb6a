"""Background work of information requests: the PDF of an issued letter (run by ``gongkai worker``)."""

from django.tasks import task

from . import letter_files


@task()
def letter_pdf_task(letter_id: int, document: dict) -> bool:
    """Render and store the PDF of a letter (nothing if it already has one). Returns whether it did."""
    return letter_files.letter_pdf_render(letter_id=letter_id, document=document)
