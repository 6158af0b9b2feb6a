"""Exports of the annual report: DOCX and PDF of the whole document (the official layout, via
:mod:`gongkai.core.documents`), XLSX of the tables, and the HTML fragment the portal shows.

:func:`render` makes one file from the data and the narrative; :func:`export` is the entry point for
callers that hold only the computed tables (the ``gongkai report --out`` command, the API).
"""

import datetime as dt

from gongkai.core.documents import render_docx, render_html, render_pdf

from .build import build_document, table_blocks, title_of
from .xlsx import render_xlsx

FILE_FORMATS: tuple[str, ...] = ("docx", "pdf", "xlsx")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DRAFT_NOTE = "（草稿，未发布）"

__all__ = ["CONTENT_TYPES", "FILE_FORMATS", "build_document", "export", "render", "render_fragment",
           "table_blocks", "title_of"]


def render(data: dict, narrative: dict[str, str], fmt: str, *, draft_note: str = "",
           dated: dt.date | None = None) -> bytes:
    """One file of the report: ``fmt`` is docx, pdf or xlsx."""
    if fmt == "xlsx":
        return render_xlsx(data)
    doc = build_document(data, narrative, draft_note=draft_note, dated=dated)
    if fmt == "docx":
        return render_docx(doc)
    if fmt == "pdf":
        return render_pdf(doc)
    raise ValueError(f"unknown export format {fmt!r}; use one of {FILE_FORMATS}")


def render_fragment(data: dict, narrative: dict[str, str], *, draft_note: str = "",
                    dated: dt.date | None = None) -> str:
    """The document as an ``<article>`` for a page under the CSP (no inline styles)."""
    return render_html(build_document(data, narrative, draft_note=draft_note, dated=dated), fragment=True)


def export(tables: dict, fmt: str) -> bytes:
    """The report for ``tables`` (as :func:`gongkai.reports.selectors.annual_report` returns them) as
    ``fmt`` (docx, pdf or xlsx).

    The text is that of the unit's report document for the same year, format and roll-up when a clerk has
    started one (its newest version), else the default wording; either way it is marked as a draft, since
    only publication (:func:`gongkai.annual.services.report_publish`) makes the official copy.
    """
    from .. import data as report_data
    from ..selectors import narrative_for_tables

    data = report_data.complete(tables)
    return render(data, narrative_for_tables(data), fmt, draft_note=DRAFT_NOTE)
