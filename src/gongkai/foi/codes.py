"""The canonical codes of information requests (RULES.md §2). The API and the database use these."""

from django.db import models


class ApplicantType(models.TextChoices):
    NATURAL_PERSON = "natural_person", "自然人"
    BUSINESS = "org.business", "商业企业"
    RESEARCH = "org.research", "科研机构"
    NONPROFIT = "org.nonprofit", "社会公益组织"
    LEGAL = "org.legal", "法律服务机构"
    OTHER_ORG = "org.other", "其他"


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO_PERMIT = "hk_macao_permit", "港澳居民来往内地通行证"
    TAIWAN_PERMIT = "taiwan_permit", "台湾居民来往大陆通行证"
    OTHER = "other", "其他有效身份证件"
    CREDIT_CODE = "credit_code", "统一社会信用代码"


class Channel(models.TextChoices):
    IN_PERSON = "in_person", "当面"
    FAX = "fax", "传真"
    ONLINE = "online", "网络"
    LETTER = "letter", "信函"
    EMAIL = "email", "电子邮件"


class ReceiptBasis(models.TextChoices):
    """How the date of receipt was fixed (Art. 31)."""

    SUBMITTED = "submitted", "当面提交之日"
    SIGNED_FOR = "signed_for", "挂号信签收之日"
    CONFIRMED = "confirmed", "与申请人确认之日（平常信函）"
    BOTH_CONFIRMED = "both_confirmed", "双方确认之日（互联网、传真）"


class NoticeWay(models.TextChoices):
    """How a notice (补正告知书, 收费通知书, 第三方意见征询函) went out. Periods run from the day after it is
    received: the day sent, except by post (the signed-for date, presumed until it is entered)."""

    IN_PERSON = "in_person", "当面送达"
    ONLINE = "online", "网上送达"
    EMAIL = "email", "电子邮件"
    FAX = "fax", "传真"
    POST = "post", "邮寄"


class DeliveryForm(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子文档"
    DISC = "disc", "光盘/U盘"
    VIEW = "view", "当场阅读、抄录"


class DeliveryWay(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    FAX = "fax", "传真"
    PICKUP = "pickup", "自行领取"
    ONLINE = "online", "在线下载"


class ReplyKind(models.TextChoices):
    ALREADY_PUBLIC = "already_public", "已主动公开"
    DISCLOSE = "disclose", "予以公开"
    PARTIAL = "partial", "部分公开"
    WITHHOLD = "withhold", "不予公开"
    NOT_EXIST = "not_exist", "信息不存在"
    NOT_THIS_AGENCY = "not_this_agency", "非本机关负责公开"
    REPEAT = "repeat", "重复申请"
    OTHER_LAW = "other_law", "按其他法律法规办理"
    NOT_AN_APPLICATION = "not_an_application", "非政府信息公开申请"
    ABANDONED = "abandoned", "视为放弃"


class Outcome(models.TextChoices):
    """One per closed request: the rows of table 三 of the 2021 annual report."""

    DISCLOSED = "disclosed", "（一）予以公开"
    PARTIAL = "partial", "（二）部分公开"
    STATE_SECRET = "withheld.state_secret", "（三）1.属于国家秘密"
    PROHIBITED_BY_LAW = "withheld.prohibited_by_law", "（三）2.其他法律行政法规禁止公开"
    SECURITY_STABILITY = "withheld.security_stability", "（三）3.危及“三安全一稳定”"
    THIRD_PARTY = "withheld.third_party", "（三）4.保护第三方合法权益"
    INTERNAL_AFFAIRS = "withheld.internal_affairs", "（三）5.属于三类内部事务信息"
    PROCESS_INFO = "withheld.process_info", "（三）6.属于四类过程性信息"
    ENFORCEMENT_FILE = "withheld.enforcement_file", "（三）7.属于行政执法案卷"
    INQUIRY_MATTER = "withheld.inquiry_matter", "（三）8.属于行政查询事项"
    NOT_HELD = "unavailable.not_held", "（四）1.本机关不掌握相关政府信息"
    NEEDS_CREATION = "unavailable.needs_creation", "（四）2.没有现成信息需要另行制作"
    STILL_UNCLEAR = "unavailable.still_unclear", "（四）3.补正后申请内容仍不明确"
    PETITION = "not_processed.petition", "（五）1.信访举报投诉类申请"
    REPEAT = "not_processed.repeat", "（五）2.重复申请"
    PUBLICATION = "not_processed.publication", "（五）3.要求提供公开出版物"
    EXCESSIVE = "not_processed.excessive", "（五）4.无正当理由大量反复申请"
    CONFIRM_REISSUE = "not_processed.confirm_reissue", "（五）5.要求行政机关确认或重新出具已获取信息"
    NO_SUPPLEMENT = "other.no_supplement", "（六）1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    FEE_UNPAID = "other.fee_unpaid", "（六）2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    OTHER = "other.other", "（六）3.其他"


class AppealKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION = "litigation", "行政诉讼"


class AppealResult(models.TextChoices):
    UPHELD = "upheld", "维持"
    CORRECTED = "corrected", "纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"


class PauseKind(models.TextChoices):
    THIRD_PARTY = "third_party", "征求第三方意见"
    AGENCY = "agency", "征求其他机关意见"
    FEE = "fee", "缴纳信息处理费"


class LetterKind(models.TextChoices):
    REPLY = "reply", "政府信息公开申请答复书"
    CLARIFICATION = "clarification", "补正告知书"
    EXTENSION = "extension", "延期答复告知书"
    THIRD_PARTY = "third_party", "第三方意见征询函"
    FEE_NOTICE = "fee_notice", "收费通知书"
    NOT_THIS_AGENCY = "not_this_agency_notice", "非本机关告知书"


class Status(models.TextChoices):
    RECEIVED = "received", "已登记"  # registered, clock running
    CLARIFYING = "clarifying", "待补正"  # 补正 sent, waiting for the applicant; clock stopped
    PROCESSING = "processing", "办理中"  # clock running (after receipt or supplement)
    PAUSED = "paused", "暂停计时"  # consultation or fee window open
    REPLIED = "replied", "已答复"  # reply letter issued, delivery pending
    CLOSED = "closed", "已办结"  # replied and delivered, or abandoned
    MERGED = "merged", "已合并"  # duplicate merged into another case
