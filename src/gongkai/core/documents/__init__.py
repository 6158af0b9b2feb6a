"""Generic documents: a small model (title, blocks, tables with merged cells) rendered to DOCX,
HTML and PDF in the layout of Chinese official documents (GB/T 9704). Nothing here knows about
requests, reports or the database: callers build a :class:`Document` and pick a renderer.
"""

from .docx_file import DocxFonts, render_docx
from .html_page import render_html
from .model import Block, Cell, Document, Heading, Paragraph, Table, date_text, table_layout
from .pdf_file import CjkFonts, CjkFontsMissing, find_cjk_fonts, render_pdf

__all__ = [
    "Block",
    "Cell",
    "CjkFonts",
    "CjkFontsMissing",
    "Document",
    "DocxFonts",
    "Heading",
    "Paragraph",
    "Table",
    "date_text",
    "find_cjk_fonts",
    "render_docx",
    "render_html",
    "render_pdf",
    "table_layout",
]
