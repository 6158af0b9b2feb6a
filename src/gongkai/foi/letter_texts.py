"""The default texts of the numbered letters of information requests, and their rendering.

Each text is a title and a list of paragraphs in Django template syntax (``{{ applicant_name }}``…);
units keep editable copies in the database, these are the defaults. Every text cites its legal basis
in 《中华人民共和国政府信息公开条例》 (2019; "Art." below) and, for fees, 《政府信息公开信息处理费管理办法》
(国办函〔2020〕109号); every reply (``reply.*``) and the 非本机关 notice state the remedies: 行政复议
within 60 days, 行政诉讼 within 6 months.

:func:`render_letter` fills a text with a request's values and returns a
:class:`gongkai.core.documents.Document`, ready for ``render_docx`` / ``render_pdf`` / ``render_html``.
The output is plain text (escaping is the HTML renderer's job); a placeholder with no value prints as
``（待填写）`` so that an unfinished letter cannot pass for a finished one.
"""

import functools
import re
from typing import Any

from django.template import Context, Engine, TemplateDoesNotExist, TemplateSyntaxError

from gongkai.core.documents import Document, Paragraph
from gongkai.core.errors import DomainError

from .legal import ACT, FEE_MEASURES
from .letter_parts import CONTACT, RECEIVED, REMEDIES_CHOICE, RIGHT_AGENCY, LetterTemplateText
from .reply_texts import REPLY_TEMPLATES

MISSING = "（待填写）"



# Placeholders the default texts use, with what to put in them (shown to people editing a text).
PLACEHOLDERS: dict[str, str] = {
    "applicant_name": "申请人姓名或名称",
    "request_number": "申请编号",
    "received_on_text": "收到申请之日，如 2026年11月2日",
    "description": "申请公开的政府信息内容描述",
    "unit_name": "答复机关名称（自动填入）",
    "items": "提供的政府信息、需要补正的事项或计费明细（列表各项以“；”连接）",
    "delivery_text": "提供政府信息的方式，如 以电子邮件发送至您预留的邮箱",
    "where_published": "获取已公开信息或公开出版物的途径，如 本机关门户网站“政府信息公开”栏目",
    "withheld_reasons": "不予公开的理由及其依据（如 条例第十四条、第十五条、第十六条）",
    "withheld_text": "不予公开的各部分及其理由、依据（按办理结果自动写明条例条款）",
    "supplement_received_text": "收到补正后申请的日期",
    "search_scope": "检索的范围和方式",
    "reason": "事由：不属于本机关负责公开的理由、延期的理由、信访投诉等活动的类别、涉及第三方的何种权益、"
    "收费的事实（如 您本月已提出35件申请）",
    "right_agency": "负责公开该政府信息的行政机关",
    "right_agency_contact": "该行政机关的联系方式",
    "right_agency_unknown": "无法确定负责公开的行政机关时为真（开关）",
    "previous_reply_text": "此前作出答复的日期",
    "previous_reply_number": "此前答复书的文号",
    "info_category": "信息类别，如 不动产登记资料、企业登记资料",
    "special_law": "对该类信息的获取有特别规定的法律、行政法规",
    "publication": "申请获取公开出版物时为真（开关）",
    "right_channel": "信访、投诉、举报等事项的受理渠道",
    "abandon_cause": "视为放弃的原因：no_supplement（逾期不补正）或 fee_unpaid（逾期未缴费）",
    "notice_sent_text": "补正告知书或收费通知书的发出日期",
    "period_days": "补正期限（工作日数）",
    "due_date_text": "补正截止日期，或延长后的答复截止日期",
    "extension_days": "延长的工作日数（最长20个工作日）",
    "third_party_name": "第三方名称",
    "answer_due_text": "第三方提出意见的截止日期",
    "fee_method_text": "计费方式：按件计收或按量计收",
    "amount_yuan": "收费金额（元）",
    "payment_due_text": "缴费截止日期",
    "notice_by_post": "告知书、征询函或收费通知书邮寄送达时为真（开关）：期限自签收之日起算，不写截止日期",
    "payment_method": "缴费方式",
    "contact_person": "联系人",
    "contact_phone": "联系电话",
    "reconsideration_body": "行政复议机关，如 宁波市镇海区人民政府",
    "court": "有管辖权的人民法院全称，如 宁波市镇海区人民法院",
}

_RECEIVED, _CONTACT, _RIGHT_AGENCY = RECEIVED, CONTACT, RIGHT_AGENCY


DEFAULT_TEMPLATES: dict[str, LetterTemplateText] = {
    **REPLY_TEMPLATES,
    # Art. 30
    "clarification": LetterTemplateText(
        "政府信息公开申请补正告知书",
        (
            "本机关于{{ received_on_text }}收到您提出的政府信息公开申请（申请编号：{{ request_number }}）。"
            "经审查，您的申请内容不明确，本机关无法确定您所需要的政府信息。"
            f"根据{ACT}第三十条的规定，请您对以下事项作出补正：{{{{ items }}}}。",
            "补正时，请尽可能写明所需政府信息的名称、文号或者便于本机关查询的其他特征性描述。"
            "请您自收到本告知书之日起{{ period_days }}个工作日内{% if notice_by_post %}（本告知书以邮寄方式送达，"
            "以您签收之日为收到之日，签收当日不计）{% else %}（即{{ due_date_text }}前）{% endif %}"
            "向本机关提交补正后的申请。",
            "答复期限自本机关收到补正的申请之日起计算。"
            "您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
            _CONTACT,
            "特此告知。",
        ),
    ),
    # Art. 33 第二款
    "extension": LetterTemplateText(
        "政府信息公开申请延期答复告知书",
        (
            _RECEIVED,
            "因{{ reason }}，本机关不能在规定期限内作出答复。经本机关政府信息公开工作机构负责人同意，"
            f"根据{ACT}第三十三条第二款的规定，答复期限延长{{{{ extension_days }}}}个工作日，"
            "本机关将于{{ due_date_text }}前作出答复。",
            "特此告知。",
        ),
    ),
    # Art. 32 (the applicant is not named to the third party)
    "third_party": LetterTemplateText(
        "政府信息公开第三方意见征询函",
        (
            "本机关于{{ received_on_text }}收到一份政府信息公开申请（申请编号：{{ request_number }}），"
            "申请公开“{{ description }}”。经审查，该政府信息涉及{{ third_party_name }}的{{ reason }}，"
            "公开可能损害贵方的合法权益。",
            f"根据{ACT}第三十二条的规定，现书面征求贵方意见。请贵方自收到本函之日起15个工作日内"
            "{% if notice_by_post %}（本函以邮寄方式送达，以贵方签收之日为收到之日，签收当日不计）"
            "{% else %}（即{{ answer_due_text }}前）{% endif %}书面提出是否同意公开的意见；不同意公开的，请说明理由。"
            f"贵方逾期未提出意见的，本机关将依照{ACT}的规定决定是否公开。",
            "贵方不同意公开且有合理理由的，本机关不予公开。本机关认为不公开可能对公共利益造成重大影响的，"
            "可以决定予以公开，并将决定公开的政府信息内容和理由书面告知贵方。",
            _CONTACT,
            "特此函询。",
        ),
    ),
    # Art. 42 and the fee measures
    "fee_notice": LetterTemplateText(
        "政府信息公开信息处理费收费通知书",
        (
            _RECEIVED,
            "经审查，{{ reason }}，您申请公开政府信息的数量、频次明显超过合理范围。"
            f"根据{ACT}第四十二条和{FEE_MEASURES}的规定，本机关决定收取信息处理费，现将有关事项告知如下：",
            "计费方式：{{ fee_method_text }}。计费明细：{{ items }}。收费金额：人民币{{ amount_yuan }}元。",
            "请您自收到本通知书次日起20个工作日内{% if notice_by_post %}（本通知书以邮寄方式送达，"
            "以您签收之日为收到之日）{% else %}（即{{ payment_due_text }}前）{% endif %}"
            "通过{{ payment_method }}缴纳上述费用。"
            "逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
            _CONTACT,
            "特此通知。",
        ),
    ),
    # Art. 36 (五), as a short notice; it is an answer to the application, so it states the remedies too
    "not_this_agency_notice": LetterTemplateText(
        "非本机关负责公开告知书",
        (
            _RECEIVED,
            f"经审查，您所申请公开的政府信息不属于本机关负责公开。根据{ACT}第三十六条第（五）项的规定，"
            "现告知如下：" + _RIGHT_AGENCY,
            REMEDIES_CHOICE,
            "特此告知。",
        ),
    ),
}


class UnknownLetterKind(DomainError, KeyError):
    """No letter text of that kind (a ``KeyError`` too, so dict-style callers can catch it)."""

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return self.message


# What an empty placeholder renders as before it is replaced by MISSING: it carries the name, so that
# issuing can say which value is missing.
_HOLE = "\x00{}\x00"
_HOLE_RE = re.compile("\x00(\\w*)\x00")


class MissingValues(DomainError):
    """A letter cannot be issued while a placeholder has no value; ``names`` are the placeholders."""

    def __init__(self, names: list[str]):
        self.names = names
        labels = "、".join(f"{_short_label(n)}（{n}）" for n in names)
        message = f"文书中还有未填写的内容，不能出具：{labels}。"
        if {"reconsideration_body", "court", "contact_phone"} & set(names):
            message += "行政复议机关、管辖法院由协调办在“机构设置”中填写，联系电话在公开指南中填写。"
        if "payment_method" in names:
            message += "缴费方式由系统管理员设置（GONGKAI_FEE_PAYMENT_METHOD）。"
        super().__init__(message + "请补充后再出具。")


def _short_label(name: str) -> str:
    return re.split(r"[，：（]", PLACEHOLDERS.get(name, name), maxsplit=1)[0]


@functools.cache
def _engine() -> Engine:
    # autoescape off: the output is plain text, escaped by the HTML renderer. No template dirs or
    # loaders: an edited text cannot {% include %} or {% extends %} files from the server.
    return Engine(autoescape=False, string_if_invalid=_HOLE.format("%s"), dirs=[], app_dirs=False, loaders=[])


def _compile(source: str, *, where: str):
    try:
        return _engine().from_string(source)
    except TemplateSyntaxError as exc:
        raise DomainError(f"信函模板{where}有语法错误：{exc}") from exc


def _render(source: str, context: Context, *, where: str, missing: list[str]) -> str:
    """The text with each empty placeholder printed as MISSING, its name added to ``missing``."""
    template = _compile(source, where=where)
    try:
        text = template.render(context).strip()
    except (TemplateSyntaxError, TemplateDoesNotExist) as exc:  # e.g. an {% include %} in an edited text
        raise DomainError(f"信函模板{where}无法生成：{exc}") from exc
    missing.extend(name for name in _HOLE_RE.findall(text) if name not in missing)
    return _HOLE_RE.sub(MISSING, text)


def letter_template_check(template: LetterTemplateText) -> None:
    """Raise :class:`DomainError` when the title or a paragraph is not valid template syntax."""
    _compile(template.title, where="标题")
    for i, paragraph in enumerate(template.paragraphs, start=1):
        _compile(paragraph, where=f"第{i}段")


def letter_template_get(kind: str) -> LetterTemplateText:
    """The default text of ``kind``; :class:`UnknownLetterKind` when there is none."""
    try:
        return DEFAULT_TEMPLATES[kind]
    except KeyError:
        raise UnknownLetterKind(f"未知的信函类型：{kind}") from None


def letter_placeholders(template: LetterTemplateText) -> list[str]:
    """The names of the variables a text uses, in order of first use."""
    names = re.findall(r"{{\s*(\w+)", "\n".join((template.title, *template.paragraphs)))
    names += re.findall(r"{%\s*(?:el)?if\s+(\w+)", "\n".join(template.paragraphs))
    return list(dict.fromkeys(names))


_TRAILING = "。；;，,、 \t\n"


def _values(context: dict[str, Any], unit_name: str) -> dict[str, Any]:
    """Drop empty values (so they print as MISSING), join lists with "；", and strip trailing
    punctuation from strings, since the texts put each value inside a sentence."""
    values: dict[str, Any] = {"unit_name": unit_name} if unit_name else {}
    for key, value in context.items():
        if isinstance(value, list | tuple):
            value = "；".join(str(v).strip().rstrip(_TRAILING) for v in value if v not in (None, ""))
        elif isinstance(value, str):
            value = value.strip().rstrip(_TRAILING)
        if value is None or value == "":
            continue
        values[key] = value
    return values


def render_letter(
    kind: str,
    context: dict[str, Any],
    *,
    number: str,
    unit_name: str,
    date_text: str,
    recipient: str,
    template: LetterTemplateText | None = None,
    strict: bool = False,
) -> Document:
    """The letter of ``kind`` filled with ``context``: title, 文号 ``number``, recipient line
    (``recipient`` followed by "："), the body paragraphs, signed by ``unit_name`` on ``date_text``.

    ``template`` replaces the default text (a unit's edited copy). Raises
    :class:`UnknownLetterKind` for an unknown kind and :class:`DomainError` for a broken text. A value
    the text needs and ``context`` lacks prints as MISSING (a draft to look at); with ``strict`` — a
    letter to be issued — it raises :class:`MissingValues` naming every one instead.
    """
    template = template or letter_template_get(kind)
    ctx = Context(_values(context, unit_name), autoescape=False)
    missing: list[str] = []
    title = _render(template.title, ctx, where="标题", missing=missing)
    paragraphs = []
    for i, source in enumerate(template.paragraphs, start=1):
        text = _render(source, ctx, where=f"第{i}段", missing=missing)
        if text:  # a paragraph inside a false {% if %} disappears
            paragraphs.append(Paragraph(text))
    if not recipient.strip().rstrip("：:"):
        missing.append("applicant_name")
    if strict and missing:
        raise MissingValues(missing)
    name = recipient.strip().rstrip("：:") or MISSING
    return Document(
        title=title,
        number=number,
        recipient=f"{name}：",
        blocks=paragraphs,
        signature=unit_name,
        date_text=date_text,
    )
