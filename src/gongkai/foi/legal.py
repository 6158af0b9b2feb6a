"""The legal basis of every answer to an information request, as data: one table.

* :data:`OUTCOME_BASIS` — for each outcome code (RULES.md §2, the rows of table 三) the article of
  《中华人民共和国政府信息公开条例》 (2019; "条例") that the letter cites and the ground in the words of
  that article.
* :data:`REPLY_OUTCOMES` — which outcomes each reply kind allows (a 予以公开 letter cannot carry a
  state-secret outcome).
* :func:`reply_template_key` — the letter text of a reply: every outcome has one of its own.
* :func:`remedy_route` — the remedies the letter states: since 1 January 2024 (行政复议法 2023, Art. 23
  para. 1 (4) and para. 2) a refusal to disclose, and the refused part of a partial disclosure, goes to
  administrative reconsideration first; other answers leave the choice between reconsideration (60 days,
  行政复议法 Art. 20) and litigation (6 months, 行政诉讼法 Art. 46).

The article texts quoted below are those of the 2019 条例 (State Council Order 711):

* Art. 14 依法确定为国家秘密的政府信息，法律、行政法规禁止公开的政府信息，以及公开后可能危及国家安全、
  公共安全、经济安全、社会稳定的政府信息，不予公开。
* Art. 15 涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息，行政机关不得公开。……
* Art. 16 para. 1 行政机关的内部事务信息，包括人事管理、后勤管理、内部工作流程等方面的信息，可以不予公开。
  para. 2 行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息以及行政
  执法案卷信息，可以不予公开。……
* Art. 30 补正; Art. 35 数量、频次明显超过合理范围 … 不予处理; Art. 36 (一)–(七) the reply kinds; Art. 37
  区分处理; Art. 38 已制作或者获取的政府信息 … 需要加工、分析的，可以不予提供; Art. 39 para. 1 信访、投诉、
  举报 … 不作为政府信息公开申请处理, para. 2 公开出版物 … 告知获取的途径; Art. 42 信息处理费.
* A request to confirm, or to issue again, information already obtained (table 三 （五）5) is not named by
  the 条例: it asks for a new act, not for information the agency "制作或者获取的 … 以一定形式记录、保存的"
  (Art. 2); the letter cites Art. 2 and Art. 38.
"""

from dataclasses import dataclass

from .codes import Outcome, ReplyKind

ACT = "《中华人民共和国政府信息公开条例》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"


@dataclass(frozen=True)
class Basis:
    article: str  # as cited after the Act's title, e.g. "第十六条第二款"
    ground: str  # the ground in the words of the article, to follow "属于" / "系"

    @property
    def citation(self) -> str:
        return f"{ACT}{self.article}"


OUTCOME_BASIS: dict[str, Basis] = {
    Outcome.DISCLOSED: Basis("第三十六条第（二）项", "可以公开的政府信息"),
    Outcome.PARTIAL: Basis("第三十七条", "含有不应当公开或者不属于政府信息的内容，但是能够作区分处理的政府信息"),
    Outcome.STATE_SECRET: Basis("第十四条", "依法确定为国家秘密的政府信息"),
    Outcome.PROHIBITED_BY_LAW: Basis("第十四条", "法律、行政法规禁止公开的政府信息"),
    Outcome.SECURITY_STABILITY: Basis(
        "第十四条", "公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息"),
    Outcome.THIRD_PARTY: Basis("第十五条", "涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息"),
    Outcome.INTERNAL_AFFAIRS: Basis(
        "第十六条第一款", "行政机关的内部事务信息（人事管理、后勤管理、内部工作流程等方面的信息）"),
    Outcome.PROCESS_INFO: Basis(
        "第十六条第二款", "行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息"),
    Outcome.ENFORCEMENT_FILE: Basis("第十六条第二款", "行政执法案卷信息"),
    Outcome.INQUIRY_MATTER: Basis(
        "第三十六条第（七）项", "工商、不动产登记资料等有关法律、行政法规对信息的获取有特别规定的信息"),
    Outcome.NOT_HELD: Basis("第三十六条第（四）项", "经检索没有的政府信息"),
    Outcome.NEEDS_CREATION: Basis("第三十八条", "需要行政机关对现有政府信息进行加工、分析才能形成的信息"),
    Outcome.STILL_UNCLEAR: Basis("第三十条", "经补正后内容仍不明确的申请"),
    Outcome.PETITION: Basis("第三十九条第一款", "以政府信息公开申请的形式进行的信访、投诉、举报等活动"),
    Outcome.REPEAT: Basis("第三十六条第（六）项", "已作出答复后重复申请公开的相同政府信息"),
    Outcome.PUBLICATION: Basis("第三十九条第二款", "政府公报、报刊、书籍等公开出版物"),
    Outcome.EXCESSIVE: Basis("第三十五条", "数量、频次明显超过合理范围且理由不合理的申请"),
    Outcome.CONFIRM_REISSUE: Basis(
        "第二条、第三十八条", "要求行政机关确认或者重新出具已获取的信息，不属于申请获取已制作或者获取的政府信息"),
    Outcome.NO_SUPPLEMENT: Basis("第三十条", "无正当理由逾期不补正的申请，视为放弃"),
    Outcome.FEE_UNPAID: Basis(f"第四十二条和{FEE_MEASURES}", "逾期未缴纳信息处理费的申请，视为放弃"),
    Outcome.OTHER: Basis("", "其他情形"),
}

# The reply kinds whose article is the kind's own rather than the outcome's.
KIND_BASIS: dict[str, Basis] = {
    ReplyKind.ALREADY_PUBLIC: Basis("第三十六条第（一）项", "已经主动公开的政府信息"),
    ReplyKind.NOT_THIS_AGENCY: Basis("第三十六条第（五）项", "不属于本机关负责公开的政府信息"),
}

# Outcomes withheld on a ground of Art. 14–16 (a 不予公开 letter and the refused parts of 部分公开).
WITHHELD: tuple[str, ...] = (
    Outcome.STATE_SECRET, Outcome.PROHIBITED_BY_LAW, Outcome.SECURITY_STABILITY, Outcome.THIRD_PARTY,
    Outcome.INTERNAL_AFFAIRS, Outcome.PROCESS_INFO, Outcome.ENFORCEMENT_FILE,
)

# One table: the outcomes each reply kind allows; the first is the default where there is one.
REPLY_OUTCOMES: dict[str, tuple[str, ...]] = {
    ReplyKind.ALREADY_PUBLIC: (Outcome.DISCLOSED,),  # Art. 36 (一), counted as （一）予以公开
    ReplyKind.DISCLOSE: (Outcome.DISCLOSED,),  # Art. 36 (二)
    ReplyKind.PARTIAL: (Outcome.PARTIAL,),  # Art. 37
    ReplyKind.WITHHOLD: WITHHELD,  # Art. 36 (三) with Art. 14, 15, 16
    # Art. 36 (四) and the 无法提供 family of table 三 （四）
    ReplyKind.NOT_EXIST: (Outcome.NOT_HELD, Outcome.NEEDS_CREATION, Outcome.STILL_UNCLEAR),
    ReplyKind.NOT_THIS_AGENCY: (Outcome.NOT_HELD,),  # Art. 36 (五)
    # Art. 36 (六) and Art. 35 (大量反复申请): not processed again
    ReplyKind.REPEAT: (Outcome.REPEAT, Outcome.EXCESSIVE),
    ReplyKind.OTHER_LAW: (Outcome.INQUIRY_MATTER,),  # Art. 36 (七)
    # Art. 39 and the requests that ask for no government information
    ReplyKind.NOT_AN_APPLICATION: (Outcome.PETITION, Outcome.PUBLICATION, Outcome.CONFIRM_REISSUE),
    # Art. 30 / fee measures; 其他 (e.g. the applicant withdrew the application)
    ReplyKind.ABANDONED: (Outcome.NO_SUPPLEMENT, Outcome.FEE_UNPAID, Outcome.OTHER),
}

# Kinds with a single outcome need not be told it, nor these, whose first outcome is the common case;
# 不予公开 and 视为放弃 must always say which ground.
_FIRST_IS_DEFAULT = (ReplyKind.NOT_EXIST, ReplyKind.REPEAT, ReplyKind.NOT_AN_APPLICATION)
DEFAULT_OUTCOME: dict[str, str | None] = {
    kind: outcomes[0] if len(outcomes) == 1 or kind in _FIRST_IS_DEFAULT else None
    for kind, outcomes in REPLY_OUTCOMES.items()
}

# Kinds whose letter is named after the kind (the outcome is shared with another kind).
_TEMPLATE_BY_KIND = (ReplyKind.ALREADY_PUBLIC, ReplyKind.DISCLOSE, ReplyKind.PARTIAL, ReplyKind.NOT_THIS_AGENCY)


def reply_template_key(reply_kind: str, outcome: str) -> str:
    """The letter text of a reply: ``reply.<kind>`` for 已主动公开 / 予以公开 / 部分公开 / 非本机关,
    ``reply.<outcome>`` for every other outcome (e.g. ``reply.withheld.state_secret``)."""
    return f"reply.{reply_kind}" if reply_kind in _TEMPLATE_BY_KIND else f"reply.{outcome}"


def reply_template_keys() -> list[str]:
    """Every reply letter key, one per (kind, outcome) pair of :data:`REPLY_OUTCOMES`."""
    return list(dict.fromkeys(
        reply_template_key(kind, outcome) for kind, outcomes in REPLY_OUTCOMES.items() for outcome in outcomes))


def basis_for(reply_kind: str, outcome: str) -> Basis:
    return KIND_BASIS.get(reply_kind) or OUTCOME_BASIS[outcome]


REMEDY_RECONSIDERATION_FIRST = "reconsideration_first"
REMEDY_CHOICE = "choice"


def remedy_route(reply_kind: str) -> str:
    """行政复议法 (2023) Art. 23 para. 1 (4): a refusal to disclose goes to reconsideration first."""
    return REMEDY_RECONSIDERATION_FIRST if reply_kind in (ReplyKind.WITHHOLD, ReplyKind.PARTIAL) else REMEDY_CHOICE


def outcomes_check(reply_kind: str, outcome: str | None) -> str:
    """The outcome of a reply: the kind's default when not given; a ``ValueError`` with a Chinese message
    when the kind does not allow it."""
    if reply_kind not in REPLY_OUTCOMES:
        raise ValueError(f"答复类型“{reply_kind}”无效。")
    allowed = REPLY_OUTCOMES[reply_kind]
    outcome = outcome or DEFAULT_OUTCOME[reply_kind]
    kind_label = ReplyKind(reply_kind).label
    if not outcome:
        choices = "、".join(Outcome(o).label for o in allowed)
        raise ValueError(f"“{kind_label}”的答复须选择办理结果：{choices}。")
    if outcome not in Outcome.values:
        raise ValueError(f"办理结果“{outcome}”无效。")
    if outcome not in allowed:
        choices = "、".join(Outcome(o).label for o in allowed)
        raise ValueError(f"“{kind_label}”的答复不能以“{Outcome(outcome).label}”结案；可选：{choices}。")
    return outcome
