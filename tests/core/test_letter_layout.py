"""A letter's signature block (unit, seal area, date) never stands alone on a page: when it does not fit
under the body, the last lines of the body go over with it (GB/T 9704 practice: no page "此页无正文").

Every letter text in ``DEFAULT_TEMPLATES`` is rendered with short values and with long values grown
until, without the rule, the body would end in the last lines of a page and the signature would be
printed alone on the next one; with the rule, the page holding the signature holds body text too.
"""

import functools
import io
import math
import re
from dataclasses import dataclass

import docx
import pytest
from pypdf import PdfReader

from gongkai.core.documents import Document, find_cjk_fonts, render_docx, render_html, render_pdf
from gongkai.core.documents.pdf_file import pdf_css
from gongkai.foi.letter_texts import DEFAULT_TEMPLATES, letter_placeholders, render_letter

KINDS = list(DEFAULT_TEMPLATES)  # read at collection: texts added later are tested too

LINE_PT = 29  # the body's line pitch
BOTTOM_MARGIN_PT = 3.5 / 2.54 * 72
BASELINE_ABOVE_LINE_BOTTOM_PT = 7.6  # half-leading and descent of 16 pt Noto Serif CJK on a 29 pt line
CHARS_PER_LINE = 27  # 15.6 cm of 16 pt characters
# Where the growing text aims the end of the body: two lines above the bottom of the page, in the
# middle of the 4 lines (2 blank for the seal, unit, date) the signature block needs.
TARGET_FREE_PT = 2 * LINE_PT

DATE = "2026年11月20日"  # the letter's date is text; nothing here reads the clock
SHORT_UNIT, LONG_UNIT = "测试区财政局", "宁波市镇海区住房和城乡建设局"
SHORT_VALUE, LONG_VALUE = "某某", "宁波市镇海区人民政府有关部门" * 3
GROWING = "甲"  # the one placeholder that grows is written in a character no letter text uses

# The counterfactual: the same page without the rule that keeps the body's end with the signature.
WITHOUT_THE_RULE = ".document-sign { break-before: auto; }"


def squeeze(text: str) -> str:
    return "".join(text.split())


def switches(kind: str) -> set[str]:
    """Placeholders a text tests with {% if %}: given False, so the longer (else) branch is printed."""
    source = "\n".join(DEFAULT_TEMPLATES[kind].paragraphs)
    return set(re.findall(r"{%\s*(?:el)?if\s+(\w+)", source))


def letter(kind: str, *, value: str, unit: str, grown: str = "", grow: int = 0) -> Document:
    flags = switches(kind)
    context = {
        name: False if name in flags else value + (GROWING * grow if name == grown else "")
        for name in letter_placeholders(DEFAULT_TEMPLATES[kind])
    }
    return render_letter(
        kind, context, number="测财公开〔2026〕12号", unit_name=unit, date_text=DATE, recipient="张三"
    )


def growing_placeholder(kind: str) -> tuple[str, int]:
    """The first placeholder that prints in the body, and how many times it prints."""
    probe = GROWING * CHARS_PER_LINE
    for name in letter_placeholders(DEFAULT_TEMPLATES[kind]):
        if name in switches(kind):
            continue
        doc = letter(kind, value=LONG_VALUE, unit=LONG_UNIT, grown=name, grow=CHARS_PER_LINE)
        times = sum(block.text.count(probe) for block in doc.blocks)
        if times:
            return name, times
    raise AssertionError(f"{kind}: no placeholder prints in the body")


# --- reading the PDF -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    page: int
    y: float  # baseline, points above the bottom edge of the page
    text: str  # without white space


def lines_of(pdf: bytes) -> list[Line]:
    """The text lines of every page in reading order, page numbers left out."""
    lines = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        runs: dict[float, str] = {}

        def visit(text, cm, tm, font, size, runs=runs):
            if text.strip():
                y = round(tm[4] * cm[1] + tm[5] * cm[3] + cm[5], 1)
                runs[y] = runs.get(y, "") + squeeze(text)

        page.extract_text(visitor_text=visit)
        lines += [Line(number, y, runs[y]) for y in sorted(runs, reverse=True) if y > BOTTOM_MARGIN_PT]
    return lines


@dataclass(frozen=True)
class Closing:
    """Where the signature landed: the body lines printed on its page, and the room the body left
    under its last line on the page where it ends."""

    body_on_signature_page: list[Line]
    free_below_body_pt: float
    pages: int


def closing_of(pdf: bytes, doc: Document) -> Closing:
    lines = lines_of(pdf)
    unit, date = squeeze(doc.signature), squeeze(doc.date_text)
    at = max(i for i in range(len(lines) - 1) if lines[i].text == unit and lines[i + 1].text == date)
    page = lines[at].page
    assert lines[at + 1].page == page, "the signature block is split over two pages"
    last_body_line = lines[at - 1]
    return Closing(
        body_on_signature_page=[line for line in lines[:at] if line.page == page],
        free_below_body_pt=last_body_line.y - BASELINE_ABOVE_LINE_BOTTOM_PT - BOTTOM_MARGIN_PT,
        pages=lines[-1].page + 1,
    )


@functools.cache
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()  # shared by the counterfactual renderings: the fonts load once


def pdf_without_the_rule(doc: Document) -> bytes:
    from weasyprint import HTML

    html = render_html(doc, extra_css=pdf_css(find_cjk_fonts()) + WITHOUT_THE_RULE)
    return HTML(string=html).write_pdf(font_config=_font_config())


def assert_signature_has_company(kind: str, doc: Document, variant: str) -> Closing:
    closing = closing_of(render_pdf(doc), doc)
    body = closing.body_on_signature_page
    last_paragraph = squeeze(doc.blocks[-1].text)
    # at least two lines of the body, or the whole last paragraph when it is shorter
    assert len(body) >= 2 or last_paragraph in "".join(line.text for line in body), (
        f"{kind} ({variant}): the signature is on page {closing.pages} with {[b.text for b in body]}"
    )
    return closing


# --- PDF -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_signature_stays_with_the_body_of_a_short_letter(kind):
    doc = letter(kind, value=SHORT_VALUE, unit=SHORT_UNIT)

    assert_signature_has_company(kind, doc, "short values")


def foot_of_page_variant(kind: str) -> tuple[Document, Closing, str]:
    """Long values, the first placeholder grown line by line until, without the rule, the signature
    would be printed alone. The end of the body does not move evenly (a paragraph too short to split
    jumps to the next page whole), so the search aims at the foot of the page, then halves the step
    when a try went past it."""
    name, times = growing_placeholder(kind)
    tried: dict[int, Closing] = {}  # lines added -> where the signature went without the rule
    lines, page_count = 0, None
    for _ in range(8):
        doc = letter(
            kind, value=LONG_VALUE, unit=LONG_UNIT, grown=name, grow=math.ceil(lines * CHARS_PER_LINE / times)
        )
        tried[lines] = unkept = closing_of(pdf_without_the_rule(doc), doc)
        if not unkept.body_on_signature_page:
            return doc, unkept, f"{name} + {lines} lines"
        page_count = page_count or unkept.pages
        while True:
            before = max(n for n, c in tried.items() if c.pages <= page_count)
            past = min((n for n, c in tried.items() if c.pages > page_count), default=None)
            if past is None:
                free_lines = round((tried[before].free_below_body_pt - TARGET_FREE_PT) / LINE_PT)
                lines = before + max(1, free_lines)
            elif past - before > 1:
                lines = (before + past) // 2
            else:  # one line more jumps over the foot of this page: aim at the next page's
                page_count = tried[past].pages
                continue
            break
    tries = [(n, round(c.free_below_body_pt), c.pages) for n, c in sorted(tried.items())]
    pytest.fail(f"{kind}: no length ends the body at the foot of a page; (lines, free pt, pages): {tries}")


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_signature_stays_with_the_body_when_the_body_ends_at_the_foot_of_a_page(kind):
    # given long values that end the body in the last lines of a page: without the rule the signature
    # block no longer fits there and goes alone to the next page
    doc, unkept, variant = foot_of_page_variant(kind)

    # when the letter is rendered with the rule, then the signature page holds body text too
    closing = assert_signature_has_company(kind, doc, variant)
    assert closing.pages == unkept.pages  # the lines carried over fill the page the signature went to


# --- DOCX ------------------------------------------------------------------------------------------


def keeps_with_next(paragraph) -> bool:
    p_pr = paragraph._p.pPr
    return p_pr is not None and p_pr.keepNext_val is True


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "value, unit", [(SHORT_VALUE, SHORT_UNIT), (LONG_VALUE, LONG_UNIT)], ids=["short", "long"]
)
def test_docx_keeps_the_end_of_the_body_with_the_signature(kind, value, unit):
    doc = letter(kind, value=value, unit=unit)

    word = docx.Document(io.BytesIO(render_docx(doc)))

    paragraphs = word.paragraphs
    at = max(i for i, p in enumerate(paragraphs) if p.text == unit)
    last_body, signature, date = paragraphs[at - 1], paragraphs[at], paragraphs[at + 1]
    assert last_body.text == doc.blocks[-1].text
    assert keeps_with_next(last_body), f"{kind}: the last paragraph may part from the signature"
    assert signature.paragraph_format.keep_with_next and signature.paragraph_format.keep_together
    assert date.text == DATE and date.paragraph_format.keep_together
    # widow control, from the Normal style: the lines carried over with the signature are at least two
    assert word.styles["Normal"].paragraph_format.widow_control
    assert last_body.style.name == "Normal" and last_body.paragraph_format.widow_control is None
