"""The default texts of reply letters (政府信息公开申请答复书): one per outcome (``foi.legal``).

Each cites the article of its outcome (:data:`gongkai.foi.legal.OUTCOME_BASIS`) and states the remedies
of its route: reconsideration first for a refusal and for the refused part of a partial disclosure
(行政复议法 2023 Art. 23 para. 1 (4), para. 2), the choice of reconsideration or litigation otherwise.
Placeholders are those of :data:`gongkai.foi.letter_texts.PLACEHOLDERS`.
"""

from .codes import Outcome, ReplyKind
from .legal import (
    ACT,
    FEE_MEASURES,
    OUTCOME_BASIS,
    REMEDY_RECONSIDERATION_FIRST,
    WITHHELD,
    remedy_route,
    reply_template_key,
)
from .letter_parts import CONTACT, RECEIVED, REMEDIES_CHOICE, RIGHT_AGENCY, LetterTemplateText

REPLY_TITLE = "政府信息公开申请答复书"

# 行政复议法 (2023) Art. 20 (sixty days), Art. 23 para. 1 (4); 行政诉讼法 Art. 45 (fifteen days after the
# reconsideration decision, or after the reconsideration period ran out without one).
_AFTER_RECONSIDERATION = (
    "对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内向{{ court }}提起行政诉讼；"
    "行政复议机关逾期不作决定的，可以自行政复议期满之日起十五日内向{{ court }}提起行政诉讼。"
)
REMEDIES_REFUSAL = (
    "如对本答复不服，根据《中华人民共和国行政复议法》第二十三条第一款第（四）项的规定，应当先自收到本答复之日起"
    "六十日内向{{ reconsideration_body }}申请行政复议。" + _AFTER_RECONSIDERATION
)
REMEDIES_PARTIAL = (
    "对本答复中不予公开的部分不服的，根据《中华人民共和国行政复议法》第二十三条第一款第（四）项的规定，"
    "应当先自收到本答复之日起六十日内向{{ reconsideration_body }}申请行政复议。" + _AFTER_RECONSIDERATION
    + "对本答复的其他内容不服的，可以自收到本答复之日起六十日内向{{ reconsideration_body }}申请行政复议，"
    "也可以自收到本答复之日起六个月内向{{ court }}提起行政诉讼。"
)

_WITHHELD_PARTS = "不予公开的内容、理由及依据如下：{{ withheld_text }}。"


def _reply(kind: str, *paragraphs: str, closing: str = "特此答复。") -> LetterTemplateText:
    if kind == ReplyKind.PARTIAL:
        remedies = REMEDIES_PARTIAL
    elif remedy_route(kind) == REMEDY_RECONSIDERATION_FIRST:
        remedies = REMEDIES_REFUSAL
    else:
        remedies = REMEDIES_CHOICE
    return LetterTemplateText(REPLY_TITLE, (RECEIVED, *paragraphs, remedies, CONTACT, closing))


def _withheld(outcome: str) -> LetterTemplateText:
    basis = OUTCOME_BASIS[outcome]
    return _reply(
        ReplyKind.WITHHOLD,
        f"经审查，您所申请的政府信息属于{basis.ground}。根据{ACT}{basis.article}和第三十六条第（三）项的规定，"
        "本机关决定不予公开。",
        _WITHHELD_PARTS,
    )


REPLY_TEMPLATES: dict[str, LetterTemplateText] = {
    "reply.already_public": _reply(
        ReplyKind.ALREADY_PUBLIC,
        f"经审查，您所申请的政府信息本机关已经主动公开。根据{ACT}第三十六条第（一）项的规定，"
        "现告知您获取该政府信息的方式和途径：{{ where_published }}。",
    ),
    "reply.disclose": _reply(
        ReplyKind.DISCLOSE,
        f"经审查，您所申请的政府信息属于可以公开的政府信息。根据{ACT}第三十六条第（二）项的规定，"
        "本机关决定予以公开，现向您提供以下政府信息：{{ items }}。",
        "提供方式：{{ delivery_text }}。",
    ),
    "reply.partial": _reply(
        ReplyKind.PARTIAL,
        "经审查，您所申请的政府信息中含有不应当公开的内容，但是能够作区分处理。"
        f"根据{ACT}第三十七条的规定，本机关向您提供可以公开的政府信息内容：{{{{ items }}}}。"
        "提供方式：{{ delivery_text }}。",
        _WITHHELD_PARTS,
    ),
    **{reply_template_key(ReplyKind.WITHHOLD, outcome): _withheld(outcome) for outcome in WITHHELD},
    reply_template_key(ReplyKind.OTHER_LAW, Outcome.INQUIRY_MATTER): _reply(
        ReplyKind.OTHER_LAW,
        "经审查，您所申请公开的信息属于{{ info_category }}，有关法律、行政法规对该信息的获取有特别规定。"
        f"根据{ACT}第三十六条第（七）项的规定，请您依照{{{{ special_law }}}}的规定办理。",
    ),
    reply_template_key(ReplyKind.NOT_EXIST, Outcome.NOT_HELD): _reply(
        ReplyKind.NOT_EXIST,
        "本机关对{{ search_scope }}进行了检索，没有找到您所申请公开的政府信息。"
        f"根据{ACT}第三十六条第（四）项的规定，现告知您该政府信息不存在。",
    ),
    reply_template_key(ReplyKind.NOT_EXIST, Outcome.NEEDS_CREATION): _reply(
        ReplyKind.NOT_EXIST,
        "经审查，本机关没有您所申请的现成信息，需要对现有政府信息进行加工、分析才能形成：{{ reason }}。"
        f"根据{ACT}第三十八条的规定，行政机关向申请人提供的信息，应当是已制作或者获取的政府信息；"
        "需要行政机关对现有政府信息进行加工、分析的，可以不予提供。本机关决定不予提供。",
    ),
    reply_template_key(ReplyKind.NOT_EXIST, Outcome.STILL_UNCLEAR): _reply(
        ReplyKind.NOT_EXIST,
        "本机关已于{{ notice_sent_text }}向您发出补正告知书，您于{{ supplement_received_text }}提交了补正后的申请。"
        "经审查，补正后的申请内容仍不明确，本机关无法确定您所需要的政府信息：{{ reason }}。"
        f"根据{ACT}第三十条的规定，本机关无法按照您的申请提供政府信息。"
        "您可以写明所需政府信息的名称、文号或者便于查询的其他特征性描述后重新提出申请。",
    ),
    "reply.not_this_agency": _reply(
        ReplyKind.NOT_THIS_AGENCY,
        "经审查，您所申请公开的政府信息不属于本机关负责公开，理由如下：{{ reason }}。",
        f"根据{ACT}第三十六条第（五）项的规定，现告知如下：" + RIGHT_AGENCY,
    ),
    reply_template_key(ReplyKind.REPEAT, Outcome.REPEAT): _reply(
        ReplyKind.REPEAT,
        "经审查，本机关已于{{ previous_reply_text }}就您提出的相同政府信息公开申请作出答复"
        "（文号：{{ previous_reply_number }}）。您本次申请系重复申请公开相同政府信息，"
        f"根据{ACT}第三十六条第（六）项的规定，本机关不予重复处理。",
    ),
    reply_template_key(ReplyKind.REPEAT, Outcome.EXCESSIVE): _reply(
        ReplyKind.REPEAT,
        "经审查，您申请公开政府信息的数量、频次明显超过合理范围：{{ reason }}。本机关已要求您说明理由，"
        f"经审查认为申请理由不合理。根据{ACT}第三十五条的规定，本机关不予处理。",
        closing="特此告知。",
    ),
    reply_template_key(ReplyKind.NOT_AN_APPLICATION, Outcome.PETITION): _reply(
        ReplyKind.NOT_AN_APPLICATION,
        "经审查，您是以政府信息公开申请的形式进行{{ reason }}等活动。"
        f"根据{ACT}第三十九条第一款的规定，本机关不作为政府信息公开申请处理，"
        "您可以通过{{ right_channel }}提出。",
        closing="特此告知。",
    ),
    reply_template_key(ReplyKind.NOT_AN_APPLICATION, Outcome.PUBLICATION): _reply(
        ReplyKind.NOT_AN_APPLICATION,
        "经审查，您申请获取的是政府公报、报刊、书籍等公开出版物。"
        f"根据{ACT}第三十九条第二款的规定，现告知您获取的途径：{{{{ where_published }}}}。",
        closing="特此告知。",
    ),
    reply_template_key(ReplyKind.NOT_AN_APPLICATION, Outcome.CONFIRM_REISSUE): _reply(
        ReplyKind.NOT_AN_APPLICATION,
        "经审查，您的申请是要求本机关对您已获取的信息予以确认或者重新出具：{{ reason }}。"
        f"{ACT}第二条所称政府信息，是指行政机关在履行行政管理职能过程中制作或者获取的，以一定形式记录、保存的信息；"
        "行政机关向申请人提供的，应当是已制作或者获取的政府信息（第三十八条）。您的申请不是获取政府信息的申请，"
        f"根据{ACT}第二条、第三十八条的规定，本机关不作为政府信息公开申请处理。",
        closing="特此告知。",
    ),
    reply_template_key(ReplyKind.ABANDONED, Outcome.NO_SUPPLEMENT): _reply(
        ReplyKind.ABANDONED,
        "本机关已于{{ notice_sent_text }}向您发出补正告知书，告知您在{{ due_date_text }}前作出补正，"
        "您无正当理由逾期未补正。"
        f"根据{ACT}第三十条的规定，视为您放弃申请，本机关不再处理该政府信息公开申请。",
        closing="特此告知。",
    ),
    reply_template_key(ReplyKind.ABANDONED, Outcome.FEE_UNPAID): _reply(
        ReplyKind.ABANDONED,
        "本机关已于{{ notice_sent_text }}向您发出收费通知书，告知您应当在{{ due_date_text }}前缴纳信息处理费，"
        f"您逾期未缴纳。根据{ACT}第四十二条和{FEE_MEASURES}的规定，视为您放弃申请，"
        "本机关不再处理该政府信息公开申请。",
        closing="特此告知。",
    ),
    reply_template_key(ReplyKind.ABANDONED, Outcome.OTHER): _reply(
        ReplyKind.ABANDONED,
        "经审查，{{ reason }}。" f"依照{ACT}的有关规定，本机关终止处理该政府信息公开申请。",
        closing="特此告知。",
    ),
}
