"""The files of an issued letter. The DOCX is written when the letter is issued; the PDF (a WeasyPrint
rendering, one to three seconds) by a background task, so issuing a letter never waits on it. Until the
worker has run, the letter has no PDF: the pages say 正在生成 and the PDF download answers so.

* ``TASKS_BACKEND=database``: the task row is written in the issuing transaction, so it exists exactly
  when the letter does.
* ``rq``: the task is enqueued once the letter is committed; if Redis cannot take it, the PDF is
  rendered right then instead (a warning is logged), so no letter is left without one.
* ``immediate``: rendered at once, as part of issuing.
"""

from django.core.files.base import ContentFile

from gongkai.core import documents
from gongkai.core.documents.serial import document_from_data, document_to_data

from .models import Letter

PENDING_TEXT = "PDF 正在生成，请稍后刷新页面再下载。"


def letter_pdf_schedule(*, letter: Letter, doc: documents.Document) -> None:
    """Have the PDF of a just-issued letter rendered in the background (see the module's docstring)."""
    from gongkai.core.tasks import enqueue_with_change

    from .tasks import letter_pdf_task

    data = document_to_data(doc)
    enqueue_with_change(letter_pdf_task, letter.pk, data,
                        on_failure=lambda: letter_pdf_render(letter_id=letter.pk, document=data))
    letter.refresh_from_db(fields=["pdf"])  # rendered already when the task ran at once


def letter_pdf_render(*, letter_id: int, document: dict) -> bool:
    """Render the PDF of a letter from its document and store it, unless it has one already (a repeated
    task does nothing). Returns whether it stored one.

    Rendered outside any transaction (SQLite would hold its write lock for the seconds WeasyPrint takes);
    the letter takes the file only if it still has none, else the file is deleted again."""
    letter = Letter.objects.filter(pk=letter_id).only("id", "docx", "pdf").first()
    if letter is None or letter.pdf:
        return False
    stem = letter.docx.name.rsplit("/", 1)[-1].removesuffix(".docx")
    content = documents.render_pdf(document_from_data(document))
    storage = letter.pdf.storage
    name = storage.save(letter.pdf.field.generate_filename(letter, f"{stem}.pdf"), ContentFile(content))
    if Letter.objects.filter(pk=letter.pk, pdf="").update(pdf=name):
        return True
    storage.delete(name)  # another worker stored it first
    return False
