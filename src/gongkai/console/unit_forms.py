"""The coordinator's form for a unit's settings. It only parses; the service checks the rules (lengths,
towns for governments only, known letter kinds) and its errors are put back on the fields."""

from django import forms

from gongkai.foi.codes import LetterKind
from gongkai.orgs.models import Unit, UnitKind
from gongkai.orgs.services import REMEDY_NAME_MAX, SETTINGS_FIELDS


class UnitSettingsForm(forms.Form):
    reconsideration_body = forms.CharField(
        label="行政复议机关", required=False,
        widget=forms.TextInput(attrs={"maxlength": REMEDY_NAME_MAX}),
        help_text="答复书告知的行政复议机关。部门、乡镇（街道）：本级人民政府；人民政府自身：上一级人民政府；"
                  "垂直领导的机关：上一级主管部门。",
    )
    court = forms.CharField(
        label="管辖人民法院", required=False,
        widget=forms.TextInput(attrs={"maxlength": REMEDY_NAME_MAX}),
        help_text="部门、乡镇（街道）：所在地的基层人民法院；县级人民政府自身：中级人民法院。",
    )
    report_includes_towns = forms.BooleanField(
        label="年度报告汇总乡镇（街道）", required=False,
        help_text="勾选后，本级人民政府的年度报告统计数据包括所属乡镇人民政府和街道办事处。",
    )
    signoff_delegated = forms.MultipleChoiceField(
        label="可由审核人签发的文书", required=False, choices=LetterKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="勾选的文书由本机构的审核人签发，其余文书由负责领导签发。",
    )

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        if unit.kind != UnitKind.GOVERNMENT:  # only a people's government's report rolls up towns
            del self.fields["report_includes_towns"]

    @staticmethod
    def initial_for(unit: Unit) -> dict:
        return {key: getattr(unit, key) for key in SETTINGS_FIELDS}

    def values(self) -> dict:
        """The cleaned values as keyword arguments of ``unit_settings_update``."""
        data = self.cleaned_data
        return {
            "reconsideration_body": data["reconsideration_body"],
            "court": data["court"],
            "report_includes_towns": data.get("report_includes_towns", self.unit.report_includes_towns),
            "signoff_delegated": list(data["signoff_delegated"]),
        }
