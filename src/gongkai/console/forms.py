"""The console's forms. They only parse and check input; the services decide what the rules allow."""

import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from gongkai.disclosures.models import Disclosure, Term
from gongkai.disclosures.services import EDITABLE_FIELDS
from gongkai.disclosures.taxonomy import (
    Category,
    Channel,
    DisclosureMode,
    NormativeKind,
    Validity,
    Vocabulary,
)
from gongkai.orgs.services import GUIDE_FIELDS


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确，请重新输入（密码区分大小写）。",
        "inactive": "该账号已停用，请联系系统管理员。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TermChoiceField(forms.ModelChoiceField):
    """A choice of one active term of a vocabulary (主题分类, 体裁), posted by its code."""

    def __init__(self, vocabulary: str, **kwargs):
        super().__init__(
            queryset=Term.objects.filter(vocabulary=vocabulary, active=True),
            to_field_name="code",
            empty_label="请选择",
            **kwargs,
        )


_ID_SEPARATORS = re.compile(r"[\s,，、;；]+")


class DisclosureForm(forms.Form):
    """Every metadata field of an item. ``unit`` is present only when a new item is drafted."""

    unit = forms.ModelChoiceField(label="发布机构", queryset=None, empty_label="请选择")
    title = forms.CharField(label="标题", max_length=300)
    summary = forms.CharField(label="内容概述", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    body_html = forms.CharField(
        label="正文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="可粘贴 HTML；保存时会清除脚本、样式等不安全内容。",
    )
    doc_number = forms.CharField(label="发文字号", max_length=100, required=False)
    written_on = forms.DateField(label="成文日期", required=False, widget=DateInput())
    changed_on = forms.DateField(
        label="变更日期",
        required=False,
        widget=DateInput(),
        help_text="信息变更之日；第二十六条的 20 个工作日时限自此重新起算。",
    )
    topic = TermChoiceField(Vocabulary.TOPIC, label="主题分类")
    genre = TermChoiceField(Vocabulary.GENRE, label="体裁")
    category = forms.ChoiceField(
        label="公开类别", required=False, choices=[("", "（不属于法定类别）"), *Category.choices]
    )
    disclosure_mode = forms.ChoiceField(
        label="公开方式", choices=DisclosureMode.choices, initial=DisclosureMode.PROACTIVE
    )
    non_disclosure_reason = forms.CharField(
        label="不予公开理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="公开方式为“不予公开”时必填。",
    )
    validity = forms.ChoiceField(label="有效性", choices=Validity.choices, initial=Validity.VALID)
    effective_on = forms.DateField(label="施行日期", required=False, widget=DateInput())
    validity_changed_on = forms.DateField(
        label="失效/废止/修订日期",
        required=False,
        widget=DateInput(),
        help_text="有效性不是“有效”时必填。",
    )
    normative_kind = forms.ChoiceField(
        label="规章或规范性文件", required=False, choices=NormativeKind.choices
    )
    channels = forms.MultipleChoiceField(
        label="发布渠道", required=False, choices=Channel.choices, widget=forms.CheckboxSelectMultiple
    )
    interprets = forms.CharField(
        label="解读的政策",
        required=False,
        max_length=200,
        help_text="本信息是政策解读时，填写所解读政策的信息编号，多个用逗号分隔。",
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]
            return
        self.fields["unit"].queryset = units
        if len(units) == 1:
            self.fields["unit"].initial = units[0]

    def clean_interprets(self) -> list[int]:
        raw = self.cleaned_data["interprets"].strip()
        parts = [p for p in _ID_SEPARATORS.split(raw) if p]
        if any(not p.isdigit() for p in parts):
            raise forms.ValidationError("请填写数字编号，多个编号用逗号分隔。")
        return [int(p) for p in parts]

    def changes(self) -> dict:
        """The cleaned metadata as keyword arguments for the services (without unit and interprets)."""
        return {key: self.cleaned_data[key] for key in EDITABLE_FIELDS}

    @staticmethod
    def initial_for(item: Disclosure) -> dict:
        initial = {key: getattr(item, key) for key in EDITABLE_FIELDS}
        initial["interprets"] = ", ".join(str(pk) for pk in item.interprets.values_list("pk", flat=True))
        return initial


class TransitionForm(forms.Form):
    """One review step: the action comes from the button pressed, the opinion from the text area."""

    action = forms.CharField(max_length=40)
    opinion = forms.CharField(
        label="意见",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="退回和撤回时必填。",
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label="上传附件", help_text="PDF、Word、Excel、OFD 或图片。")


class FindingAcceptForm(forms.Form):
    reason = forms.CharField(
        label="接受理由",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "接受敏感信息必须说明理由。"},
        help_text="例如：属于依法应当公开的法人联系电话。",
    )


class GuideForm(forms.Form):
    guide_office = forms.CharField(label="政府信息公开工作机构", max_length=100, required=False)
    guide_address = forms.CharField(label="办公地址", max_length=200, required=False)
    guide_hours = forms.CharField(label="办公时间", max_length=200, required=False)
    guide_phone = forms.CharField(label="联系电话", max_length=50, required=False)
    guide_fax = forms.CharField(label="传真", max_length=50, required=False)
    guide_email = forms.CharField(label="电子邮箱", max_length=100, required=False)
    guide_postcode = forms.CharField(label="邮政编码", max_length=10, required=False)
    guide_html = forms.CharField(
        label="公开指南正文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="信息分类、获取方式等（第十二条）；保存时会清除不安全的 HTML。",
    )

    @staticmethod
    def initial_for(unit) -> dict:
        return {key: getattr(unit, key) for key in GUIDE_FIELDS}
