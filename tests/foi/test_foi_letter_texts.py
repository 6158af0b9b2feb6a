"""The default letter texts: one per kind, each citing the right article of the 2019 regulations, every
reply stating the remedies, unfilled placeholders visible, and text escaped only where HTML is made."""

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from gongkai.core.documents import render_docx, render_html, render_pdf
from gongkai.core.errors import DomainError
from gongkai.foi import legal
from gongkai.foi.codes import LetterKind, Outcome
from gongkai.foi.letter_texts import (
    ACT,
    DEFAULT_TEMPLATES,
    MISSING,
    PLACEHOLDERS,
    LetterTemplateText,
    MissingValues,
    UnknownLetterKind,
    letter_placeholders,
    letter_template_check,
    render_letter,
)

REPLY_KINDS = [k for k in DEFAULT_TEMPLATES if k.startswith("reply.")]

# Every placeholder filled; the switches off.
FULL = {
    "applicant_name": "张三",
    "request_number": "ZH-2026-0012",
    "received_on_text": "2026年11月2日",
    "description": "2026年镇海区道路维修计划",
    "items": ["《2026年镇海区道路维修计划》", "计划附表"],
    "delivery_text": "以电子邮件发送至您预留的邮箱",
    "where_published": "宁波市镇海区人民政府门户网站“政府信息公开”栏目",
    "withheld_reasons": "附表中的个人身份证号码属于个人隐私，依据条例第十五条不予公开",
    "withheld_text": ["“附表中的身份证号码”属于涉及个人隐私的政府信息，根据条例第十五条的规定不予公开"],
    "supplement_received_text": "2026年11月10日",
    "search_scope": "本机关档案室及各业务科室的纸质档案和电子文件",
    "reason": "申请公开的信息数量较多，需要逐件检索",
    "right_agency": "宁波市镇海区交通运输局",
    "right_agency_contact": "0574-86000000",
    "right_agency_unknown": False,
    "previous_reply_text": "2026年9月1日",
    "previous_reply_number": "镇政公开〔2026〕8号",
    "info_category": "不动产登记资料",
    "special_law": "《不动产登记暂行条例》",
    "publication": False,
    "right_channel": "12345政务服务便民热线",
    "abandon_cause": "no_supplement",
    "notice_sent_text": "2026年11月5日",
    "period_days": 15,
    "due_date_text": "2026年11月26日",
    "extension_days": 20,
    "third_party_name": "宁波某某建设有限公司",
    "answer_due_text": "2026年11月27日",
    "fee_method_text": "按件计收",
    "amount_yuan": "300",
    "payment_due_text": "2026年12月2日",
    "payment_method": "银行转账",
    "contact_person": "李四",
    "contact_phone": "0574-86000001",
    "reconsideration_body": "宁波市镇海区人民政府",
    "court": "宁波市镇海区人民法院",
}

# The article(s) each text must cite: a reply the article of its outcome (foi.legal), the other letters theirs.
CITES = {
    **{key: [] for key in REPLY_KINDS},
    "reply.already_public": ["第三十六条第（一）项"],
    "reply.disclose": ["第三十六条第（二）项"],
    "reply.partial": ["第三十七条"],
    **{f"reply.{o}": [legal.OUTCOME_BASIS[o].article, "第三十六条第（三）项"] for o in legal.WITHHELD},
    "reply.withheld.inquiry_matter": ["第三十六条第（七）项"],
    "reply.unavailable.not_held": ["第三十六条第（四）项"],
    "reply.unavailable.needs_creation": ["第三十八条"],
    "reply.unavailable.still_unclear": ["第三十条"],
    "reply.not_this_agency": ["第三十六条第（五）项"],
    "reply.not_processed.repeat": ["第三十六条第（六）项"],
    "reply.not_processed.excessive": ["第三十五条"],
    "reply.not_processed.petition": ["第三十九条第一款"],
    "reply.not_processed.publication": ["第三十九条第二款"],
    "reply.not_processed.confirm_reissue": ["第二条", "第三十八条"],
    "reply.other.no_supplement": ["第三十条"],
    "reply.other.fee_unpaid": ["第四十二条", "国办函〔2020〕109号"],
    "reply.other.other": [],
    "clarification": ["第三十条"],
    "extension": ["第三十三条第二款"],
    "third_party": ["第三十二条"],
    "fee_notice": ["第四十二条", "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"],
    "not_this_agency_notice": ["第三十六条第（五）项"],
}
REFUSALS = ["reply.partial", *(f"reply.{o}" for o in legal.WITHHELD)]


def letter(kind: str, context: dict | None = None, **kwargs):
    return render_letter(
        kind,
        FULL if context is None else context,
        number=kwargs.get("number", "镇政公开〔2026〕12号"),
        unit_name="宁波市镇海区人民政府办公室",
        date_text="2026年11月20日",
        recipient=kwargs.get("recipient", "张三"),
        template=kwargs.get("template"),
    )


def body(doc) -> str:
    return "\n".join(block.text for block in doc.blocks)


def test_there_is_a_text_for_every_outcome_of_every_reply_kind_and_every_other_letter():
    expected = set(legal.reply_template_keys())
    expected |= {kind for kind in LetterKind.values if kind != LetterKind.REPLY}

    assert set(DEFAULT_TEMPLATES) == expected == set(CITES)
    # every outcome code of table 三 has a reply letter of its own
    named = {key.removeprefix("reply.") for key in REPLY_KINDS}
    assert set(Outcome.values) - {Outcome.DISCLOSED, Outcome.PARTIAL, Outcome.NOT_HELD} <= named


@pytest.mark.parametrize("kind", sorted(DEFAULT_TEMPLATES))
def test_every_kind_renders_completely_with_every_value_given(kind):
    doc = letter(kind)

    letter_template_check(DEFAULT_TEMPLATES[kind])
    assert doc.title == DEFAULT_TEMPLATES[kind].title
    assert doc.number == "镇政公开〔2026〕12号" and doc.recipient == "张三："
    assert doc.signature == "宁波市镇海区人民政府办公室" and doc.date_text == "2026年11月20日"
    assert MISSING not in "".join(doc.texts())
    assert "{" not in body(doc) and "}" not in body(doc)
    assert ACT in body(doc)


@pytest.mark.parametrize("kind", sorted(set(REPLY_KINDS) - set(REFUSALS)) + ["not_this_agency_notice"])
def test_every_other_reply_leaves_the_choice_of_remedy(kind):
    text = body(letter(kind))

    assert "如对本答复不服，可以自收到本答复之日起六十日内向宁波市镇海区人民政府申请行政复议" in text
    assert "也可以自收到本答复之日起六个月内向宁波市镇海区人民法院提起行政诉讼" in text
    assert "应当先" not in text


@pytest.mark.parametrize("kind", REFUSALS)
def test_a_refusal_goes_to_reconsideration_first(kind):
    # 行政复议法 (2023) Art. 23 para. 1 (4) and para. 2
    text = body(letter(kind))

    first = text.index("应当先自收到本答复之日起六十日内向宁波市镇海区人民政府申请行政复议")
    assert "《中华人民共和国行政复议法》第二十三条第一款第（四）项" in text
    later = text.index("对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内向宁波市镇海区人民法院提起行政诉讼")
    assert first < later
    if kind == "reply.partial":  # the disclosed part keeps the choice
        assert "对本答复中不予公开的部分不服的" in text
        assert "对本答复的其他内容不服的，可以自收到本答复之日起六十日内" in text
        assert "也可以自收到本答复之日起六个月内向宁波市镇海区人民法院提起行政诉讼" in text
    else:
        assert "六个月内" not in text


def test_every_reply_is_titled_as_a_reply():
    assert {DEFAULT_TEMPLATES[k].title for k in REPLY_KINDS} == {"政府信息公开申请答复书"}


@pytest.mark.parametrize("kind", sorted(CITES))
def test_each_kind_cites_its_own_article(kind):
    text = body(letter(kind))

    for cite in CITES[kind]:
        assert f"{ACT}{cite}" in text or cite in text
    for item in re.findall(r"第三十六条第（.）项", text):  # no other kind's item of Art. 36
        assert item in CITES[kind]


def test_abandoned_after_an_unpaid_fee_cites_the_fee_rules():
    text = body(letter("reply.other.fee_unpaid"))

    assert "第四十二条" in text and "国办函〔2020〕109号" in text and "2026年11月26日前缴纳" in text
    assert "第三十条" not in text and "补正" not in text


def test_a_request_for_publications_cites_the_second_paragraph_of_art_39():
    text = body(letter("reply.not_processed.publication"))

    assert "第三十九条第二款" in text and "公开出版物" in text and "门户网站" in text
    assert "第三十九条第一款" not in text


@pytest.mark.parametrize("kind", sorted(DEFAULT_TEMPLATES))
def test_a_letter_to_be_issued_with_a_remedy_field_empty_is_refused(kind):
    context = {**FULL, "court": "", "reconsideration_body": ""}
    if "court" not in letter_placeholders(DEFAULT_TEMPLATES[kind]):
        return
    with pytest.raises(MissingValues) as caught:
        render_letter(kind, context, number="X", unit_name="U", date_text="D", recipient="张三", strict=True)

    assert caught.value.names == ["reconsideration_body", "court"]
    assert "行政复议机关（reconsideration_body）" in str(caught.value) and "管辖人民法院" not in str(caught.value)
    assert "人民法院全称（court）" in str(caught.value) or "（court）" in str(caught.value)


def test_when_the_right_agency_is_unknown_the_reply_says_so():
    text = body(letter("reply.not_this_agency", {**FULL, "right_agency_unknown": True}))

    assert "本机关无法确定负责公开该政府信息的行政机关" in text
    assert "交通运输局" not in text


def test_missing_and_empty_placeholders_show_as_to_be_filled():
    context = {**FULL, "court": "", "reconsideration_body": None, "items": []}
    del context["description"]
    doc = letter("reply.disclose", context, recipient="")
    text = body(doc)

    assert "您申请获取“（待填写）”" in text
    assert "现向您提供以下政府信息：（待填写）。" in text
    assert "六十日内向（待填写）申请行政复议" in text and "六个月内向（待填写）提起行政诉讼" in text
    assert doc.recipient == "（待填写）："


def test_values_are_fitted_into_sentences():
    text = body(
        letter(
            "reply.partial", {**FULL, "items": ["第一项。", "第二项"]}
        )
    )

    assert "可以公开的政府信息内容：第一项；第二项。" in text
    assert "理由及依据如下：“附表中的身份证号码”属于" in text and "。。" not in text


def test_special_characters_are_escaped_in_html_and_kept_in_docx():
    name = '张<b>三</b> & "李"'
    doc = letter("reply.disclose", {**FULL, "description": "<script>alert(1)</script>"}, recipient=name)

    page = render_html(doc)
    assert "张&lt;b&gt;三&lt;/b&gt; &amp; &quot;李&quot;：" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>" not in page and "<b>" not in page
    texts = [p.text for p in docx.Document(io.BytesIO(render_docx(doc))).paragraphs]
    assert f"{name}：" in texts
    assert any("“<script>alert(1)</script>”" in t for t in texts)


def test_an_unknown_kind_is_a_domain_error_and_a_key_error():
    with pytest.raises(UnknownLetterKind) as caught:
        letter("reply.maybe")

    assert isinstance(caught.value, DomainError) and isinstance(caught.value, KeyError)
    assert str(caught.value) == caught.value.message == "未知的信函类型：reply.maybe"


def test_an_edited_text_replaces_the_default():
    edited = LetterTemplateText(
        "答复书", ("{{ applicant_name }}您好：您的申请{{ request_number }}已办结。", "{{ nothing }}")
    )
    doc = letter("reply.disclose", template=edited)

    assert doc.title == "答复书"
    assert [b.text for b in doc.blocks] == ["张三您好：您的申请ZH-2026-0012已办结。", MISSING]


@pytest.mark.parametrize(
    "paragraph",
    [
        "{% if %}",
        "{{ items|nofilter }}",
        "{% load static %}",
        '{% include "/etc/passwd" %}',
        "{% extends 'base.html' %}",
    ],
)
def test_a_broken_or_unsafe_text_is_refused(paragraph):
    edited = LetterTemplateText("答复书", (paragraph,))

    with pytest.raises(DomainError, match="信函模板第1段"):
        letter("reply.disclose", template=edited)


def test_the_check_names_the_broken_part():
    with pytest.raises(DomainError, match="信函模板标题有语法错误"):
        letter_template_check(LetterTemplateText("{% if %}", ("正文",)))


def test_every_placeholder_of_the_defaults_is_documented():
    used = {name for template in DEFAULT_TEMPLATES.values() for name in letter_placeholders(template)}

    assert used <= set(PLACEHOLDERS), used - set(PLACEHOLDERS)
    assert {"reconsideration_body", "court", "received_on_text", "request_number", "description"} <= used


def test_a_letter_renders_to_a_pdf_with_its_text(tmp_path):
    doc = letter("reply.partial")
    pdf = render_pdf(doc)
    text = "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)

    assert "政府信息公开申请答复书" in text and "第三十七条" in text
    assert "六十日内" in text and "六个月内" in text and "宁波市镇海区人民法院" in text
    if shutil.which("pdftoppm") or os.environ.get("GONGKAI_REQUIRE_BROWSER") == "1":
        source = tmp_path / "reply.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "80",
                "-png",
                "-singlefile",
                "-f",
                "1",
                "-l",
                "1",
                str(source),
                str(tmp_path / "reply"),
            ],
            check=True,
            timeout=60,
        )
        assert (tmp_path / "reply.png").stat().st_size > 10_000
        shutil.copyfile(tmp_path / "reply.png", Path("/tmp/gongkai-reply-letter.png"))
