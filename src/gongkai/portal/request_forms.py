"""The information-request application form (政府信息公开申请表, Art. 29), shared by the public page and
the staff registration page (which adds the receipt fields, see ``console/request_forms.py``).

The form only parses: what an application must contain is decided by
:func:`gongkai.foi.intake.validate_intake`, whose answer (field → Chinese message) is put next to each
field; the services check the same rules again and raise ``IntakeInvalid`` with the same keys, which
:meth:`ApplicationForm.add_intake_errors` shows the same way.
"""

from django import forms

from gongkai.disclosures.files import IMAGE_KINDS, AttachmentRejected, check
from gongkai.foi.codes import ApplicantType, DeliveryForm, DeliveryWay, IdType
from gongkai.foi.intake import ApplicantData, validate_intake
from gongkai.orgs.models import Unit

PROOF_MAX_BYTES = 10 * 1024 * 1024

APPLICANT_CHOICES = [
    ("", "请选择"),
    (ApplicantType.NATURAL_PERSON.value, ApplicantType.NATURAL_PERSON.label),
    ("法人或其他组织", [(t.value, t.label) for t in ApplicantType if t.value.startswith("org.")]),
]
PERSON_ID_CHOICES = [("", "请选择"), *[(t.value, t.label) for t in IdType if t != IdType.CREDIT_CODE]]

# intake error key -> form field (where it differs)
INTAKE_FIELDS = {"type": "applicant_type", "unit_code": "unit", "unit": "unit", "proof": "proof"}


def check_upload(upload, *, label: str, pdf_or_image: bool = True):
    """An upload checked by its content (:func:`gongkai.disclosures.files.check`); a form error otherwise."""
    try:
        checked = check(upload, filename=upload.name, max_bytes=PROOF_MAX_BYTES)
    except AttachmentRejected as exc:
        raise forms.ValidationError(exc.message) from exc
    if pdf_or_image and checked.kind != "pdf" and checked.kind not in IMAGE_KINDS:
        raise forms.ValidationError(f"{label}请上传 PDF 文件或图片（JPG、PNG 等）。")
    return upload


class ApplicationForm(forms.Form):
    """Everything the applicant states. ``purpose of use`` is deliberately absent (Art. 29)."""

    applicant_type = forms.ChoiceField(
        label="申请人类型", choices=APPLICANT_CHOICES,
        help_text="公民选“自然人”；企业、事业单位、社会组织等选相应的“法人或其他组织”类别。",
    )
    name = forms.CharField(
        label="申请人姓名或名称", max_length=200, required=False,
        help_text="自然人填写姓名；法人或其他组织填写单位全称。",
    )
    # natural persons
    id_type = forms.ChoiceField(label="身份证件类型", choices=PERSON_ID_CHOICES, required=False)
    id_number = forms.CharField(label="身份证件号码", max_length=40, required=False)
    # organisations
    org_code = forms.CharField(
        label="统一社会信用代码", max_length=18, required=False, help_text="18 位，最后一位为校验码。"
    )
    contact_name = forms.CharField(label="联系人姓名", max_length=50, required=False)

    proof = forms.FileField(
        label="身份证明（可选）", required=False,
        help_text="身份证、营业执照等的扫描件或照片，PDF 或图片，不超过 10 MB。",
    )
    phone = forms.CharField(label="联系电话", max_length=30, required=False,
                            help_text="手机号码或带区号的固定电话。")
    email = forms.CharField(label="电子邮箱", max_length=254, required=False)
    address = forms.CharField(label="通信地址", max_length=300, required=False)
    postcode = forms.CharField(label="邮政编码", max_length=10, required=False)

    unit = forms.ChoiceField(label="向哪个机关申请", choices=())
    description = forms.CharField(
        label="所需政府信息的描述", widget=forms.Textarea(attrs={"rows": 6}), required=False,
        help_text="请写明信息的名称、文号或其他有助于确定该信息的特征，例如制作机关、大致时间、涉及的事项。",
    )
    doc_reference = forms.CharField(
        label="文件名称、文号或索引号（可选）", max_length=300, required=False,
        help_text="知道的话请填写，例如“镇政发〔2025〕12号”。",
    )
    delivery_form = forms.ChoiceField(
        label="获取信息的形式", choices=DeliveryForm.choices, widget=forms.RadioSelect,
    )
    delivery_way = forms.ChoiceField(
        label="获取信息的方式", choices=DeliveryWay.choices, widget=forms.RadioSelect,
    )

    REQUIRED_MESSAGES = {
        "applicant_type": "请选择申请人类型（自然人，或法人或其他组织的类别）。",
        "unit": "请选择受理申请的机关。",
        "delivery_form": "请选择获取信息的形式。",
        "delivery_way": "请选择获取信息的方式。",
    }

    def __init__(self, *args, units=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        units = units if units is not None else Unit.objects.order_by("path")
        self.fields["unit"].choices = [("", "请选择"), *[(u.code, self._unit_label(u)) for u in units]]
        for name, message in self.REQUIRED_MESSAGES.items():
            self.fields[name].error_messages["required"] = message
            self.fields[name].error_messages["invalid_choice"] = message
        self.fields["proof"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.gif,.tif,.tiff,.webp"
        self.fields["email"].widget.input_type = "email"
        self.fields["phone"].widget.input_type = "tel"
        for name, autocomplete in (("name", "name"), ("phone", "tel"), ("email", "email"),
                                   ("address", "street-address"), ("postcode", "postal-code")):
            self.fields[name].widget.attrs["autocomplete"] = autocomplete

    @staticmethod
    def _unit_label(unit: Unit) -> str:
        return "\u3000" * max(unit.depth, 0) + unit.name

    def clean_proof(self):
        upload = self.cleaned_data.get("proof")
        return check_upload(upload, label="身份证明") if upload else None

    def applicant(self) -> ApplicantData:
        data = self.cleaned_data
        organisation = str(data.get("applicant_type", "")).startswith("org.")
        return ApplicantData(
            type=data.get("applicant_type", ""),
            name=data.get("name", ""),
            id_type=IdType.CREDIT_CODE if organisation else data.get("id_type", ""),
            id_number=data.get("org_code", "") if organisation else data.get("id_number", ""),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            address=data.get("address", ""),
            postcode=data.get("postcode", ""),
            contact_name=data.get("contact_name", "") if organisation else "",
            org_code=data.get("org_code", "") if organisation else "",
        )

    def clean(self):
        data = super().clean()
        errors = validate_intake(
            applicant=self.applicant(),
            description=data.get("description", ""),
            delivery_form=data.get("delivery_form", ""),
            delivery_way=data.get("delivery_way", ""),
            doc_reference=data.get("doc_reference", ""),
        )
        self.add_intake_errors(errors)
        return data

    def add_intake_errors(self, errors: dict[str, str]) -> None:
        """Put each intake message next to its field (once); unknown keys go to the top of the form."""
        for key, message in errors.items():
            field = INTAKE_FIELDS.get(key, key)
            if field not in self.fields:
                field = None
            elif field in self.errors:
                continue  # e.g. "please choose" from the field itself already says it
            self.add_error(field, message)

    def service_kwargs(self) -> dict:
        """The cleaned application as keyword arguments common to both intake services."""
        data = self.cleaned_data
        return {
            "applicant": self.applicant(),
            "description": data["description"],
            "delivery_form": data["delivery_form"],
            "delivery_way": data["delivery_way"],
            "doc_reference": data["doc_reference"],
            "proof": data.get("proof"),
        }

    # The field groups of the page, in order (the templates lay them out).
    PERSON_FIELDS = ("id_type", "id_number")
    ORG_FIELDS = ("org_code", "contact_name")
    CONTACT_FIELDS = ("phone", "email", "address", "postcode")
