"""Forms of the staff pages of information requests. They parse and check input only; each step's rules
(dates, once-only, who may) are the services' (:mod:`gongkai.foi.services`)."""

from django import forms
from django.utils import timezone

from gongkai.foi import fees, legal
from gongkai.foi.codes import Channel, DeliveryWay, NoticeWay, Outcome, PauseKind, ReceiptBasis, ReplyKind
from gongkai.foi.models import InfoRequest
from gongkai.foi.selectors import handlers_for, setting
from gongkai.foi.services.replies import LETTER_DETAILS
from gongkai.orgs.models import Unit
from gongkai.portal.request_forms import ApplicationForm, check_upload

from .forms import DateInput

# 《政府信息公开条例》第三十一条, shown next to the receipt fields.
ART31 = (
    "第三十一条：当面提交的，以提交之日为收到申请之日；以邮寄方式提交的，以行政机关签收之日为收到申请之日；"
    "以平常信函等无需签收的邮寄方式提交的，应当于收到申请的当日与申请人确认，确认之日为收到申请之日；"
    "通过互联网渠道或者传真提交的，以双方确认之日为收到申请之日。"
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type=file multiple>; an empty list when none was chosen."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def _today():
    return timezone.localdate()


def DateField(label: str, **kwargs) -> forms.DateField:  # noqa: N802 - a field factory, read like a class
    kwargs.setdefault("initial", _today)
    return forms.DateField(label=label, widget=DateInput(), **kwargs)


class RegisterForm(ApplicationForm):
    """Staff registration of a letter, fax, e-mail or visit: the public form plus how and when it came."""

    channel = forms.ChoiceField(label="申请方式", choices=[("", "请选择"), *Channel.choices])
    receipt_basis = forms.ChoiceField(
        label="收到申请日期的依据", required=False,
        choices=[("", "按申请方式默认"), *ReceiptBasis.choices], help_text=ART31,
    )
    received_on = DateField("收到申请日期")
    receipt_note = forms.CharField(
        label="收件说明", max_length=200, required=False, help_text="如挂号信单号、签收人、与申请人确认的方式。"
    )
    scan = forms.FileField(label="申请原件扫描件", required=False, help_text="信函、传真或申请表的扫描件，PDF 或图片。")

    REQUIRED_MESSAGES = {**ApplicationForm.REQUIRED_MESSAGES, "channel": "请选择申请方式。"}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, units=units, **kwargs)
        self.fields["unit"].label = "受理机关"
        self.fields["proof"].label = "身份证明"
        self.fields["received_on"].error_messages["required"] = "请填写收到申请日期。"
        self.fields["received_on"].error_messages["invalid"] = "收到申请日期应为有效日期（年-月-日）。"
        if units is not None and len(units) == 1:
            self.fields["unit"].initial = units[0].code

    def clean_scan(self):
        upload = self.cleaned_data.get("scan")
        return check_upload(upload, label="申请原件扫描件") if upload else None

    def register_kwargs(self, units) -> dict:
        data = self.cleaned_data
        return {
            **self.service_kwargs(),
            "unit": units.get(code=data["unit"]),
            "channel": data["channel"],
            "received_on": data["received_on"],
            "receipt_basis": data["receipt_basis"] or None,
            "receipt_note": data["receipt_note"],
            "scan": data.get("scan"),
        }


# --- the steps of a case ----------------------------------------------------------------------------------


class StepForm(forms.Form):
    """One step on the case page. ``case`` gives the choices that depend on it (handlers, open pauses)."""

    def __init__(self, *args, case: InfoRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case


class AssignForm(StepForm):
    handler = forms.ModelChoiceField(label="承办人", queryset=None, empty_label="请选择")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers_for(self.case)
        self.fields["handler"].label_from_instance = lambda u: f"{u}（{u.username}）"


class TransferForm(StepForm):
    to_unit = forms.ModelChoiceField(label="转办至", queryset=None, empty_label="请选择")
    reason = forms.CharField(label="转办理由", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="收到申请日期和答复期限不变。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = Unit.objects.exclude(pk=self.case.unit_id).order_by("path")


RECEIPT_HELP = ("当面、网上、电子邮件、传真送达的，发出当日即为收到之日，不必填写；邮寄的，填写申请人签收的日期，"
                "尚未签收的先不填，签收后用“登记签收日期”补登（此前按发出后推定的日期计算）。期限自收到的次日起算。")


def NoticeWayField(what: str) -> forms.ChoiceField:  # noqa: N802 - a field factory, read like a class
    return forms.ChoiceField(label="送达方式", choices=[("", "请选择"), *NoticeWay.choices],
                             error_messages={"required": f"请选择{what}的送达方式。"})


def ReceivedOnField(what: str) -> forms.DateField:  # noqa: N802
    return DateField(f"收到{what}的日期（可选）", initial=None, required=False, help_text=RECEIPT_HELP)


class ClarifyForm(StepForm):
    on = DateField("补正告知日期")
    sent_by = NoticeWayField("补正告知书")
    received_on = ReceivedOnField("补正告知书")
    items = forms.CharField(label="需补正的事项", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    period_days = forms.IntegerField(label="补正期限（工作日）", min_value=1, max_value=60, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = setting("GONGKAI_SUPPLEMENT_PERIOD_DAYS")
        self.fields["period_days"].help_text = f"不填按 {days} 个工作日。补正只能一次，且应在收到申请之日起 7 个工作日内告知（第三十条）。"


class SupplementForm(StepForm):
    on = DateField("收到补正的日期", help_text="答复期限自该日起重新计算（第三十条）。")
    files = MultipleFileField(label="补正材料（可选）")
    note = forms.CharField(label="说明", max_length=1000, required=False)


class ConsultForm(StepForm):
    on = DateField("发出征求意见书的日期")
    sent_by = NoticeWayField("征求意见书")
    received_on = ReceivedOnField("征求意见书")
    kind = forms.ChoiceField(
        label="征求对象", choices=[(PauseKind.THIRD_PARTY.value, "第三方（第三十二条）"),
                                   (PauseKind.AGENCY.value, "其他机关（第三十四条）")],
        widget=forms.RadioSelect, initial=PauseKind.THIRD_PARTY,
    )
    party = forms.CharField(label="征求意见对象名称", max_length=200,
                            help_text="征求意见期间（最长 15 个工作日）不计入答复期限（第三十三条）。")
    reason = forms.CharField(label="涉及第三方的何种权益（征求第三方意见时必填）", max_length=200, required=False,
                             help_text="如 商业秘密、个人隐私；写入第三方意见征询函。")


class ConsultEndForm(StepForm):
    pause = forms.TypedChoiceField(label="哪一项征求意见", coerce=int, required=False)
    on = DateField("收到答复的日期", help_text="15 个工作日内未答复的，填写期满之日。")
    answer = forms.CharField(label="意见", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    objection = forms.BooleanField(label="第三方不同意公开（并说明了理由）", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        open_pauses = [p for p in self.case.pauses.all() if p.ended_on is None and p.kind != PauseKind.FEE]
        self.fields["pause"].choices = [
            (p.pk, f"{p.get_kind_display()}：{p.party}（{p.started_on:%Y-%m-%d} 发出）") for p in open_pauses
        ]
        if len(open_pauses) == 1:
            self.fields["pause"].initial = open_pauses[0].pk


class ExtendForm(StepForm):
    on = DateField("延期决定日期")
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20, initial=20,
                              help_text="最长 20 个工作日，只能延期一次，须负责领导批准并书面告知申请人（第三十三条）。")
    reason = forms.CharField(label="延期理由", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ExcessiveForm(StepForm):
    due = DateField("确定的答复期限", initial=None)
    reason = forms.CharField(label="理由", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="申请数量、频次明显超过合理范围的，可以确定延迟答复的合理期限（第三十五条）。")


class FeeNoticeForm(StepForm):
    on = DateField("收费通知日期")
    sent_by = NoticeWayField("收费通知书")
    received_on = ReceivedOnField("收费通知书")
    method = forms.ChoiceField(label="收费方式", choices=list(fees.METHODS.items()), widget=forms.RadioSelect)
    quantity = forms.IntegerField(label="页数（按量计收时填写）", min_value=1, required=False,
                                  help_text="按件计收时按申请人当月申请件数自动计算。")


class NoticeReceivedForm(StepForm):
    """登记签收日期: the day a notice sent earlier was received (a posted one: the signed-for date)."""

    notice = forms.ChoiceField(label="文书", error_messages={"required": "请选择登记哪一份文书的签收日期。"})
    on = DateField("签收日期", help_text="期限自签收的次日起重新计算。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = self.notices(self.case)
        self.fields["notice"].choices = choices
        if len(choices) == 1:
            self.fields["notice"].initial = choices[0][0]

    @staticmethod
    def notices(case: InfoRequest) -> list[tuple[str, str]]:
        """The notices of the case whose receipt can be recorded: value, label."""
        def state(sent_by: str, received_on) -> str:
            if received_on:
                return f"已登记 {received_on:%Y-%m-%d} 收到"
            return "邮寄，尚未登记签收" if sent_by == NoticeWay.POST else "发出当日收到"

        found = []
        if case.clarification_sent_on:
            found.append(("clarification", f"补正告知书（{case.clarification_sent_on:%Y-%m-%d} 发出，"
                                           f"{state(case.clarification_sent_by, case.clarification_received_on)}）"))
        for p in case.pauses.all():
            what = "收费通知书" if p.kind == PauseKind.FEE else f"征求意见书：{p.party}"
            value = "fee_notice" if p.kind == PauseKind.FEE else f"consultation:{p.pk}"
            found.append((value, f"{what}（{p.started_on:%Y-%m-%d} 发出，{state(p.sent_by, p.received_on)}）"))
        return found

    def clean(self):
        data = super().clean()
        notice, _, pause = (data.get("notice") or "").partition(":")
        data["notice"], data["pause"] = notice, int(pause) if pause else None
        return data


class FeePaidForm(StepForm):
    on = DateField("缴费日期")


WITHHELD_ROWS = 3  # withheld parts offered on the form (the API takes any number)


class ReplyForm(StepForm):
    on = DateField("答复日期")
    reply_kind = forms.ChoiceField(label="答复类型", choices=[("", "请选择"), *ReplyKind.choices],
                                   help_text="第三十六条各项及第三十七条部分公开。")
    outcome = forms.ChoiceField(
        label="办理结果（统计）", required=False, choices=[("", "按答复类型默认"), *Outcome.choices],
        help_text="年度报告表三的行，须与答复类型一致；视为放弃须选择具体的一行，不予公开按第一项理由统计。")
    provided = forms.CharField(
        label="提供的政府信息（予以公开、部分公开时必填）", max_length=5000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一项，写明信息名称（如文件标题和文号），答复书按此列明；上传的文件按顺序对应。")
    note = forms.CharField(
        label="答复说明", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="信息不存在的写明检索范围；非本机关负责公开、需另行制作、不予处理、其他等写明事由。")
    where_published = forms.CharField(label="获取途径（已主动公开、公开出版物时必填）", max_length=500, required=False,
                                      help_text="例如公开目录中的标题、索引号和网址（第三十六条第一项）。")
    right_agency = forms.CharField(label="负责公开的机关（非本机关负责公开时填写）", max_length=200, required=False,
                                   help_text="能够确定的，告知申请人该机关的名称、联系方式（第三十六条第五项）。")
    files = MultipleFileField(label="提供的政府信息文件（可选）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        grounds = [("", "请选择理由"), *[(o, Outcome(o).label) for o in legal.WITHHELD]]
        for i in range(1, WITHHELD_ROWS + 1):
            self.fields[f"withheld_part_{i}"] = forms.CharField(
                label=f"不予公开的部分{i}", max_length=300, required=False,
                help_text="不予公开、部分公开时逐项填写；不予公开全部内容的可留空。" if i == 1 else "")
            self.fields[f"withheld_ground_{i}"] = forms.ChoiceField(label=f"不予公开的理由{i}", choices=grounds,
                                                                    required=False)
            self.fields[f"withheld_reason_{i}"] = forms.CharField(
                label=f"具体说明{i}", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
        for name, label in LETTER_DETAILS.items():
            if name == "previous_reply_on":
                self.fields[name] = forms.DateField(label=f"{label}（重复申请时填写）", required=False,
                                                    widget=DateInput())
            else:
                self.fields[name] = forms.CharField(label=f"{label}（答复书需要时填写）", max_length=300,
                                                    required=False)

    def clean(self):
        data = super().clean()
        data["provided_list"] = [line.strip() for line in (data.get("provided") or "").splitlines() if line.strip()]
        data["withheld_parts"] = [
            {"part": data.get(f"withheld_part_{i}", ""), "outcome": data.get(f"withheld_ground_{i}", ""),
             "reason": data.get(f"withheld_reason_{i}", "")}
            for i in range(1, WITHHELD_ROWS + 1)
            if data.get(f"withheld_part_{i}") or data.get(f"withheld_ground_{i}") or data.get(f"withheld_reason_{i}")
        ]
        data["details"] = {name: data[name] for name in LETTER_DETAILS if data.get(name)}
        return data


class SignOffForm(forms.Form):
    decision = forms.ChoiceField(choices=[("sign", "签发"), ("return", "退回"), ("withdraw", "撤回")])
    opinion = forms.CharField(label="签发意见", max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}), help_text="退回时必填。")


class DeliverForm(StepForm):
    on = DateField("送达日期")
    way = forms.ChoiceField(label="送达方式", choices=DeliveryWay.choices)
    note = forms.CharField(label="送达凭证说明", max_length=300, required=False, help_text="如挂号信单号、签收人。")
    proof = forms.FileField(label="送达凭证（可选）", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["way"].initial = self.case.delivery_way


# --- the list ------------------------------------------------------------------------------------------


class RequestFilterForm(forms.Form):
    q = forms.CharField(label="编号或信息描述", required=False, max_length=100)
    status = forms.ChoiceField(label="状态", required=False)
    due = forms.ChoiceField(label="期限", required=False,
                            choices=[("", "全部"), ("overdue", "已超期"), ("soon", "即将到期")])
    unit = forms.ChoiceField(label="办理机关", required=False)

    def __init__(self, *args, statuses, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "全部"), *statuses]
        self.fields["unit"].choices = [("", "全部"), *[(u.code, u.name) for u in units]]
