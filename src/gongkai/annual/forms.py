"""Forms of the console pages of annual reports (parsing only; the services decide)."""

from django import forms
from django.utils import timezone

from . import narrative as text
from .models import ReportFormat


class StartForm(forms.Form):
    unit = forms.ModelChoiceField(label="机构", queryset=None, empty_label=None)
    year = forms.IntegerField(label="报告年度", min_value=2008)
    format = forms.ChoiceField(label="格式", choices=[("", "按年度自动选择"), *ReportFormat.choices], required=False,
                               help_text="2018年及以前：2014年统计表；2019—2020年：2019年格式；2021年起：2021年格式")
    rollup = forms.BooleanField(label="汇总本机构及下级机构（人民政府年度报告）", required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].initial = timezone.localdate().year - 1


class NarrativeForm(forms.Form):
    """One text area per section of the report's format."""

    def __init__(self, *args, fmt: str, **kwargs):
        super().__init__(*args, **kwargs)
        for section in text.sections(fmt):
            self.fields[section.key] = forms.CharField(
                label=section.heading or "导语（标题下的第一段）", required=False, strip=False,
                widget=forms.Textarea(attrs={"rows": 6 if section.key in {"overview", "problems"} else 4}),
            )


class PublishForm(forms.Form):
    override_reason = forms.CharField(
        label="存在校验问题仍发布的理由", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="仅在校验发现不符、且确需按现有数据发布时填写；理由将与版本一并记录。",
    )
