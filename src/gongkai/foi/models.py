import hashlib

from django.conf import settings
from django.db import models

from gongkai.core.events import EventBase
from gongkai.orgs.models import Unit

from .codes import (
    AppealKind,
    AppealResult,
    ApplicantType,
    Channel,
    DeliveryForm,
    DeliveryWay,
    IdType,
    LetterKind,
    NoticeWay,
    Outcome,
    PauseKind,
    ReceiptBasis,
    ReplyKind,
    Status,
)

User = settings.AUTH_USER_MODEL


class InfoRequest(models.Model):
    """One application for government information (依申请公开), from receipt to delivery.

    Status and every clock input are written only by :mod:`gongkai.foi.services`; ``due_date`` and the
    other dates below are derived by :mod:`gongkai.foi.clock` and stored so that lists can sort and filter.
    """

    number = models.CharField("申请编号", max_length=30, unique=True)
    query_code_digest = models.CharField(max_length=64, editable=False)
    unit = models.ForeignKey(Unit, verbose_name="办理机关", on_delete=models.PROTECT, related_name="info_requests")
    original_unit = models.ForeignKey(
        Unit, verbose_name="受理机关", on_delete=models.PROTECT, related_name="+", help_text="转办前最初受理的机关"
    )
    handler = models.ForeignKey(
        User, verbose_name="承办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField("申请方式", max_length=20, choices=Channel.choices)
    received_on = models.DateField("收到申请日期", db_index=True)
    receipt_basis = models.CharField("收到日期依据", max_length=20, choices=ReceiptBasis.choices)
    receipt_note = models.CharField("收件说明", max_length=200, blank=True, help_text="如挂号信单号、签收人")

    # the applicant (personal data: visible to the handling unit and coordinators only, every view logged)
    applicant_type = models.CharField("申请人类型", max_length=20, choices=ApplicantType.choices)
    applicant_name = models.CharField("申请人姓名/名称", max_length=200)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices)
    id_number = models.CharField("证件号码", max_length=40)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=300, blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)

    description = models.TextField("所需信息描述")
    doc_reference = models.CharField("文件名称、文号或索引号", max_length=300, blank=True)
    delivery_form = models.CharField("获取信息的形式", max_length=20, choices=DeliveryForm.choices)
    delivery_way = models.CharField("获取信息的方式", max_length=20, choices=DeliveryWay.choices)

    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True)

    # clock inputs (Art. 30, 33, 35 and the fee measures); pauses are rows of RequestPause
    clarification_sent_on = models.DateField("补正告知日期", null=True, blank=True)
    clarification_items = models.TextField("需补正事项", blank=True)
    clarification_period_days = models.PositiveSmallIntegerField("补正期限（工作日）", null=True, blank=True)
    clarification_sent_by = models.CharField("补正告知书送达方式", max_length=20, choices=NoticeWay.choices,
                                             blank=True)
    clarification_received_on = models.DateField("申请人收到补正告知书日期", null=True, blank=True,
                                                 help_text="邮寄时为签收日期；未登记前按推定日期计算")
    supplement_received_on = models.DateField("收到补正日期", null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField("延期（工作日）", default=0)
    extension_reason = models.TextField("延期理由", blank=True)
    extension_on = models.DateField("延期日期", null=True, blank=True)
    extension_approved_by = models.ForeignKey(
        User, verbose_name="延期批准人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    excessive_due = models.DateField("第三十五条确定的答复期限", null=True, blank=True)
    excessive_reason = models.TextField("第三十五条理由", blank=True)
    fee_method = models.CharField("收费方式", max_length=20, blank=True)
    fee_quantity = models.PositiveIntegerField("计费件数/页数", null=True, blank=True)
    fee_amount = models.DecimalField("信息处理费（元）", max_digits=10, decimal_places=2, null=True, blank=True)
    fee_notice_on = models.DateField("收费通知日期", null=True, blank=True)
    fee_notice_sent_by = models.CharField("收费通知书送达方式", max_length=20, choices=NoticeWay.choices,
                                          blank=True)
    fee_notice_received_on = models.DateField("申请人收到收费通知书日期", null=True, blank=True)
    fee_paid_on = models.DateField("缴费日期", null=True, blank=True)

    # derived by the clock
    due_date = models.DateField("答复期限", null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField("答复期限为暂定", default=False)
    clarification_due = models.DateField("补正告知期限", null=True, blank=True)
    supplement_due = models.DateField("补正截止日期", null=True, blank=True)
    fee_payment_due = models.DateField("缴费截止日期", null=True, blank=True)

    # the reply (Art. 36/37) and its statistics
    reply_kind = models.CharField("答复类型", max_length=30, choices=ReplyKind.choices, blank=True)
    outcome = models.CharField("办理结果", max_length=40, choices=Outcome.choices, blank=True, db_index=True)
    reply_note = models.TextField("答复说明", blank=True, help_text="部分公开时说明不予公开的内容及理由")
    # 部分公开 / 不予公开: one entry per withheld part, {"part": …, "outcome": a withheld.* code, "reason": …}
    withheld_parts = models.JSONField("不予公开的部分及理由", default=list, blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True, db_index=True)
    on_time = models.BooleanField("按时答复", null=True, blank=True)
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    delivered_way = models.CharField("送达方式", max_length=20, choices=DeliveryWay.choices, blank=True)
    delivery_note = models.CharField("送达凭证说明", max_length=300, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True, db_index=True)
    merged_into = models.ForeignKey(
        "self", verbose_name="合并至", null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )

    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "status"], name="request_unit_status"),
            models.Index(fields=["unit", "received_on"], name="request_unit_received"),
            models.Index(fields=["unit", "closed_on"], name="request_unit_closed"),
        ]

    def __str__(self) -> str:
        return self.number

    @staticmethod
    def digest_of(query_code: str) -> str:
        return hashlib.sha256(query_code.strip().upper().encode()).hexdigest()

    @property
    def is_open(self) -> bool:
        return self.status not in {Status.CLOSED, Status.MERGED}


class RequestPause(models.Model):
    """Time that is not counted: a consultation (Art. 32, 34) or the fee window."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField("类型", max_length=20, choices=PauseKind.choices)
    party = models.CharField("征求意见对象", max_length=200, blank=True)
    started_on = models.DateField("发函/通知日期")
    sent_by = models.CharField("送达方式", max_length=20, choices=NoticeWay.choices, blank=True)
    received_on = models.DateField("对方收到日期", null=True, blank=True, help_text="邮寄时为签收日期")
    ended_on = models.DateField("收到答复/缴费日期", null=True, blank=True)
    answer = models.TextField("意见", blank=True)
    objection = models.BooleanField("第三方不同意公开", default=False)

    class Meta:
        verbose_name = "暂停计时"
        verbose_name_plural = "暂停计时"
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on}"


class RequestFile(models.Model):
    """Files of a case: proof of identity, the scanned original, files provided, delivery proof."""

    class Kind(models.TextChoices):
        PROOF = "proof", "身份证明"
        SCAN = "scan", "申请原件扫描件"
        PROVIDED = "provided", "提供的政府信息"
        DELIVERY = "delivery", "送达凭证"
        SUPPLEMENT = "supplement", "补正材料"

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    file = models.FileField("文件", upload_to="requests/%Y/%m/", max_length=300)
    name = models.CharField("文件名", max_length=220)
    title = models.CharField("信息名称", max_length=300, blank=True,
                             help_text="提供的政府信息的名称，答复书中按此列明（不是文件名）")
    mime = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class LetterTemplate(models.Model):
    """An editable letter text; a unit's own copy wins over the deployment's (unit empty)."""

    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    key = models.CharField("文书", max_length=40, help_text="例如 reply.disclose、clarification")
    title = models.CharField("标题", max_length=100)
    paragraphs = models.JSONField("正文段落", default=list)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        constraints = [
            models.UniqueConstraint(fields=["unit", "key"], name="letter_template_unique_unit"),
            models.UniqueConstraint(fields=["key"], condition=models.Q(unit__isnull=True),
                                    name="letter_template_unique_default"),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.title}"


class Letter(models.Model):
    """A numbered letter issued in a case (e.g. 镇政公开〔2026〕12号), kept as DOCX and PDF."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField("文书类型", max_length=30, choices=LetterKind.choices)
    template_key = models.CharField(max_length=40)
    number = models.CharField("文号", max_length=60, unique=True)
    issued_on = models.DateField("出具日期")
    docx = models.FileField(upload_to="letters/%Y/", max_length=300)
    pdf = models.FileField(upload_to="letters/%Y/", max_length=300)
    public = models.BooleanField("申请人可下载", default=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ["issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}"


class SignOff(models.Model):
    """A decision an operator prepared (a reply, a 补正 or a fee notice) waiting for the approver's
    signature (签发); the letter is issued only when it is signed. One open sign-off per case."""

    class Decision(models.TextChoices):
        PENDING = "", "待签发"
        SIGNED = "signed", "已签发"
        RETURNED = "returned", "已退回"
        WITHDRAWN = "withdrawn", "已撤回"

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="signoffs")
    action = models.CharField("事项", max_length=30)
    params = models.JSONField("拟办内容", default=dict)
    prepared_by = models.ForeignKey(User, verbose_name="拟稿人", on_delete=models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField("拟稿时间", auto_now_add=True)
    decision = models.CharField("签发结果", max_length=20, choices=Decision.choices, blank=True)
    decided_by = models.ForeignKey(User, verbose_name="签发人", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField("签发时间", null=True, blank=True)
    opinion = models.TextField("签发意见", blank=True)

    class Meta:
        verbose_name = "签发"
        verbose_name_plural = "签发"
        ordering = ["-prepared_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["request"], condition=models.Q(decision=""),
                                    name="signoff_one_open_per_request"),
        ]

    def __str__(self) -> str:
        return f"{self.request} {self.action} {self.get_decision_display()}"


class Appeal(models.Model):
    """Administrative reconsideration (行政复议) or litigation (行政诉讼) about a case (table 四)."""

    request = models.ForeignKey(InfoRequest, on_delete=models.PROTECT, related_name="appeals")
    kind = models.CharField("类型", max_length=20, choices=AppealKind.choices)
    after_reconsideration = models.BooleanField("复议后起诉", default=False)
    filed_on = models.DateField("申请/起诉日期", db_index=True)
    body = models.CharField("复议机关/人民法院", max_length=200, blank=True)
    case_number = models.CharField("案号", max_length=100, blank=True)
    result = models.CharField("结果", max_length=20, choices=AppealResult.choices, default=AppealResult.PENDING)
    decided_on = models.DateField("审结日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "复议诉讼"
        verbose_name_plural = "复议诉讼"
        ordering = ["filed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="litigation") | models.Q(after_reconsideration=False),
                name="appeal_after_reconsideration_is_litigation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filed_on}"


class RequestEvent(EventBase):
    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="events")

    class Meta(EventBase.Meta):
        verbose_name = "申请办理记录"
        verbose_name_plural = "申请办理记录"
