"""What an application must contain (Art. 29), checked the same way for the online form and staff intake.

:func:`validate_intake` answers with every problem at once, keyed by field, so that a form can show each
message next to its field and keep everything typed; the services raise :class:`IntakeInvalid` carrying
the same dictionary.
"""

import re
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from gongkai.core.errors import DomainError
from gongkai.core.identifiers import credit_code_valid, mobile_valid, resident_id_valid

from .codes import ApplicantType, DeliveryForm, DeliveryWay, IdType

DESCRIPTION_MAX = 5000

# 0574-87654321, (0574)87654321, 057487654321, 87654321, with an optional extension (-123 / 转123).
_LANDLINE = re.compile(r"(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3}[- ]?)?[2-9]\d{6,7}(?:(?:-|转)\d{1,6})?")
_OTHER_ID = re.compile(r"[A-Za-z0-9()（）\-]{5,40}")
_SPACES = re.compile(r"\s+")


class IntakeInvalid(DomainError):
    """The application is incomplete or a field is wrong; ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("申请信息有误：" + "；".join(self.errors.values()))


@dataclass
class ApplicantData:
    """The applicant as typed (the personal data of a case). ``org_code`` is the 统一社会信用代码 of an
    organisation; for a natural person it stays empty."""

    type: str
    name: str
    id_type: str
    id_number: str
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    contact_name: str = ""
    org_code: str = ""

    @property
    def is_organisation(self) -> bool:
        return self.type.startswith("org.")


def applicant_normalise(applicant: ApplicantData) -> ApplicantData:
    """Trimmed, upper-cased where the identifier is case-insensitive; an organisation is identified by its
    统一社会信用代码 (``org_code`` wins over ``id_number``)."""
    values = {
        key: _SPACES.sub(" ", str(getattr(applicant, key) or "")).strip()
        for key in ("type", "name", "id_type", "id_number", "phone", "email", "address", "postcode",
                    "contact_name", "org_code")
    }
    for key in ("id_number", "org_code"):
        values[key] = values[key].replace(" ", "").upper()
    values["phone"] = values["phone"].replace(" ", "")
    out = replace(applicant, **values)
    if out.is_organisation:
        code = out.org_code or (out.id_number if out.id_type == IdType.CREDIT_CODE else "")
        if code:
            out = replace(out, id_type=IdType.CREDIT_CODE, id_number=code, org_code=code)
    return out


def phone_valid(value: str) -> bool:
    """A mainland mobile number or a landline number (with or without area code and extension)."""
    return mobile_valid(value) or _LANDLINE.fullmatch(value) is not None


def validate_intake(
    *, applicant: ApplicantData, description: str, delivery_form: str, delivery_way: str, doc_reference: str = "",
) -> dict[str, str]:
    """Every problem of an application, field → Chinese message (empty when it is complete).

    Art. 29: name, proof of identity, contact, a description of the information, the form and way of
    getting it. Purpose of use is not asked for.
    """
    a = applicant_normalise(applicant)
    errors: dict[str, str] = {}
    if a.type not in ApplicantType.values:
        errors["type"] = "请选择申请人类型（自然人，或法人或其他组织的类别）。"
    if not a.name:
        errors["name"] = "请填写申请人姓名或名称。"
    elif len(a.name) > 200:
        errors["name"] = "申请人姓名或名称不能超过 200 个字。"
    _check_identity(a, errors)
    _check_contact(a, delivery_way, errors)
    text = (description or "").strip()
    if not text:
        errors["description"] = "请描述所需政府信息（名称、文号或其他有助于确定的特征）。"
    elif len(text) > DESCRIPTION_MAX:
        errors["description"] = f"所需信息描述不能超过 {DESCRIPTION_MAX} 个字（当前 {len(text)} 个字）。"
    if len((doc_reference or "").strip()) > 300:
        errors["doc_reference"] = "文件名称、文号或索引号不能超过 300 个字。"
    if delivery_form not in DeliveryForm.values:
        errors["delivery_form"] = "请选择获取信息的形式（纸质、电子文档、光盘/U盘或当场阅读）。"
    if delivery_way not in DeliveryWay.values:
        errors["delivery_way"] = "请选择获取信息的方式（邮寄、电子邮件、传真、自行领取或在线下载）。"
    return errors


def _check_identity(a: ApplicantData, errors: dict[str, str]) -> None:
    if a.is_organisation:
        if not a.org_code:
            errors["org_code"] = "法人或其他组织申请，请填写统一社会信用代码。"
        elif not credit_code_valid(a.org_code):
            errors["org_code"] = "统一社会信用代码不正确（应为 18 位，最后一位为校验码），请核对。"
        return
    if a.id_type not in IdType.values or a.id_type == IdType.CREDIT_CODE:
        errors["id_type"] = "请选择身份证件类型。"
    elif not a.id_number:
        errors["id_number"] = "请填写身份证件号码。"
    elif a.id_type == IdType.RESIDENT_ID:
        if not resident_id_valid(a.id_number):
            errors["id_number"] = "居民身份证号码不正确（应为 18 位，最后一位为校验码），请核对。"
    elif not _OTHER_ID.fullmatch(a.id_number):
        errors["id_number"] = "证件号码格式不正确，请核对。"


def _check_contact(a: ApplicantData, delivery_way: str, errors: dict[str, str]) -> None:
    if not (a.phone or a.email or a.address):
        errors["phone"] = "请至少填写一种联系方式（电话、电子邮箱或通信地址）。"
    if a.phone and not phone_valid(a.phone):
        errors["phone"] = "联系电话不正确：请填写手机号码或带区号的固定电话。"
    if a.email:
        try:
            validate_email(a.email)
        except ValidationError:
            errors["email"] = "电子邮箱格式不正确。"
        else:
            if len(a.email) > 254:
                errors["email"] = "电子邮箱过长。"
    if delivery_way == DeliveryWay.EMAIL and not a.email and "email" not in errors:
        errors["email"] = "选择以电子邮件方式获取信息时，请填写电子邮箱。"
    if delivery_way == DeliveryWay.POST and not a.address and "address" not in errors:
        errors["address"] = "选择邮寄方式获取信息时，请填写通信地址。"
    if len(a.address) > 300:
        errors["address"] = "通信地址不能超过 300 个字。"
    if a.postcode and not re.fullmatch(r"\d{6}", a.postcode):
        errors["postcode"] = "邮政编码应为 6 位数字。"
    if len(a.contact_name) > 50:
        errors["contact_name"] = "联系人姓名不能超过 50 个字。"
