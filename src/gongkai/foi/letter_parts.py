"""What every letter text is made of: the editable text type and the paragraphs several letters share."""

from dataclasses import dataclass


@dataclass(frozen=True)
class LetterTemplateText:
    """The editable text of one kind of letter: a title and body paragraphs (Django template syntax)."""

    title: str
    paragraphs: tuple[str, ...]


RECEIVED = (
    "本机关于{{ received_on_text }}收到您提出的政府信息公开申请（申请编号：{{ request_number }}），"
    "您申请获取“{{ description }}”。"
)
# 行政复议法 (2023) Art. 20: sixty days; 行政诉讼法 Art. 46: six months.
REMEDIES_CHOICE = (
    "如对本答复不服，可以自收到本答复之日起六十日内向{{ reconsideration_body }}申请行政复议，"
    "也可以自收到本答复之日起六个月内向{{ court }}提起行政诉讼。"
)
CONTACT = "联系人：{{ contact_person }}；联系电话：{{ contact_phone }}。"
RIGHT_AGENCY = (
    "{% if right_agency_unknown %}本机关无法确定负责公开该政府信息的行政机关。"
    "{% else %}负责公开该政府信息的行政机关为{{ right_agency }}，联系方式为{{ right_agency_contact }}，"
    "您可以向该机关提出申请。{% endif %}"
)
