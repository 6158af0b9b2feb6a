"""Render a :class:`~.model.Document` as semantic HTML (the source of the PDF, and a web preview).

Every piece of text is escaped here: the model holds plain text, never markup. Tables keep their
structure for screen readers (GB/T 37668): header rows go in ``<thead>`` as ``<th scope="col">``
(``colgroup`` when merged across), row headers as ``<th scope="row">``, merged cells as
``colspan``/``rowspan``.

``render_html(doc)`` returns a whole page with its stylesheet in a ``<style>`` element (column widths
included). ``render_html(doc, fragment=True)`` returns the ``<article>`` alone for a page that brings
its own CSS (the site's CSP allows no inline styles); column widths are then left to that CSS.
"""

from html import escape

from .model import Cell, Document, Heading, Paragraph, Table

BASE_CSS = """
.document { font-family: "仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", serif;
  font-size: 16pt; line-height: 29pt; max-width: 15.6cm; margin: 0 auto; color: #000; }
.document p { margin: 0; text-align: justify; orphans: 2; widows: 2; }
.document .indent { text-indent: 2em; }
.document .align-center { text-align: center; }
.document .align-right { text-align: right; }
.document .align-left { text-align: left; }
.document-title { font-family: "方正小标宋简体", "方正小标宋_GBK", "华文中宋", "Noto Serif CJK SC", serif;
  font-size: 22pt; line-height: 36pt; font-weight: bold; text-align: center; margin: 0; }
.document .document-number { text-align: center; }
.document .document-recipient { margin-top: 29pt; }
.document h2, .document h3, .document h4, .document h5 { font-size: 16pt; line-height: 29pt;
  margin: 0; text-indent: 2em; font-weight: normal; }
.document h2 { font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; }
.document h3 { font-family: "楷体_GB2312", "楷体", "KaiTi", "STKaiti", "Noto Serif CJK SC", serif; }
.document h4 { font-weight: bold; }
.document table { border-collapse: collapse; margin: 0 auto; font-size: 10.5pt; line-height: 1.4;
  page-break-inside: auto; }
.document caption { text-align: center; font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; font-size: 16pt;
  line-height: 29pt; padding-top: 14pt; }
.document th, .document td { border: 0.5pt solid #000; padding: 2pt 3pt; text-align: center;
  vertical-align: middle; font-weight: normal; }
.document thead { display: table-header-group; }
.document tr { page-break-inside: avoid; }
.document .bold { font-weight: bold; }
/* The signature block (two blank lines for the seal, then unit and date) is never split, and never
   the first thing on a page: when it does not fit, the last lines of the body (at least two, or the
   whole last paragraph) go over with it, so no page holds the signature alone (GB/T 9704). */
.document-sign { display: table; margin: 58pt 4em 0 auto; text-align: center; break-inside: avoid;
  break-before: avoid; }
.document-sign p { text-align: center; }
.document .document-note { margin-top: 29pt; text-indent: 2em; }
"""

_HEADING_TAG = {1: "h2", 2: "h3", 3: "h4", 4: "h5"}  # the title is the page's h1


def _text(text: str) -> str:
    """Escaped text; a newline becomes a line break."""
    return "<br>".join(escape(line) for line in text.split("\n"))


def _classes(*names: str) -> str:
    names = tuple(n for n in names if n)
    return f' class="{" ".join(names)}"' if names else ""


def render_html(doc: Document, *, fragment: bool = False, extra_css: str = "") -> str:
    """The document as HTML: a whole page, or with ``fragment=True`` only its ``<article>``.
    ``extra_css`` is appended to the page's stylesheet (the PDF renderer passes its fonts and page)."""
    tables = 0
    widths_css: list[str] = []
    parts = ['<article class="document">', "<header>", f'<h1 class="document-title">{_text(doc.title)}</h1>']
    if doc.number:
        parts.append(f'<p class="document-number">{_text(doc.number)}</p>')
    parts.append("</header>")
    if doc.recipient:
        parts.append(f'<p class="document-recipient">{_text(doc.recipient)}</p>')
    for block in doc.blocks:
        if isinstance(block, Heading):
            tag = _HEADING_TAG[block.level]
            parts.append(f"<{tag}>{_text(block.text)}</{tag}>")
        elif isinstance(block, Paragraph):
            parts.append(_paragraph(block))
        elif isinstance(block, Table):
            tables += 1
            table_id = f"document-table-{tables}"
            parts.append(_table(block, table_id))
            if block.column_widths_cm:
                widths_css += [
                    f"#{table_id} col:nth-child({i}) {{ width: {w:g}cm; }}"
                    for i, w in enumerate(block.column_widths_cm, start=1)
                ]
        else:  # pragma: no cover - the type alias lists every block
            raise TypeError(f"unknown block {block!r}")
    if doc.signature or doc.date_text:
        parts.append('<footer class="document-sign">')
        if doc.signature:
            parts.append(f'<p class="document-signature">{_text(doc.signature)}</p>')
        if doc.date_text:
            parts.append(f'<p class="document-date">{_text(doc.date_text)}</p>')
        parts.append("</footer>")
    if doc.footer_note:
        parts.append(f'<p class="document-note">{_text(doc.footer_note)}</p>')
    parts.append("</article>")
    article = "\n".join(parts)
    if fragment:
        return article
    css = "\n".join([BASE_CSS, *widths_css, extra_css])
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_text(doc.title)}</title>\n<style>{css}</style>\n</head>\n<body>\n{article}\n</body>\n</html>\n"
    )


def _paragraph(block: Paragraph) -> str:
    align = "" if block.align == "justify" else f"align-{block.align}"
    text = _text(block.text)
    if block.bold:
        text = f"<strong>{text}</strong>"
    return f"<p{_classes('indent' if block.indent_first_line else '', align)}>{text}</p>"


def _table(block: Table, table_id: str) -> str:
    layout = block.layout()
    out = [f'<table id="{table_id}">']
    if block.caption:
        out.append(f"<caption>{_text(block.caption)}</caption>")
    out.append("<colgroup>" + "<col>" * layout.n_cols + "</colgroup>")
    by_row: dict[int, list] = {}
    for placed in layout.cells:
        by_row.setdefault(placed.row, []).append(placed.cell)
    for r in range(layout.n_rows):
        if r == 0 and block.header_rows:
            out.append("<thead>")
        if r == block.header_rows:
            out.append("<tbody>")
        cells = "".join(_cell(cell, in_header=r < block.header_rows) for cell in by_row.get(r, []))
        out.append(f"<tr>{cells}</tr>")
        if r == block.header_rows - 1:
            out.append("</thead>")
    if layout.n_rows > block.header_rows:
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def _cell(cell: Cell, *, in_header: bool) -> str:
    attrs = ""
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    attrs += _classes("" if cell.align == "center" else f"align-{cell.align}", "bold" if cell.bold else "")
    if in_header:
        scope = "colgroup" if cell.colspan > 1 else "col"
        return f'<th scope="{scope}"{attrs}>{_text(cell.text)}</th>'
    if cell.header:
        return f'<th scope="row"{attrs}>{_text(cell.text)}</th>'
    return f"<td{attrs}>{_text(cell.text)}</td>"
