import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models

from gongkai.core.events import EventBase


class User(AbstractUser):
    """A member of staff (public users have no account)."""

    display_name = models.CharField("姓名", max_length=50, blank=True)
    mobile = models.CharField("手机号码", max_length=20, blank=True)

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"

    def __str__(self) -> str:
        return self.display_name or self.username


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", "人民政府"
    DEPARTMENT = "department", "政府部门"
    TOWN = "town", "乡镇（街道）"


class Unit(models.Model):
    """A government, or one of its departments, towns or streets (机构). Units form a tree."""

    code = models.CharField("机构代码", max_length=40, unique=True)
    name = models.CharField("机构名称", max_length=100)
    short_name = models.CharField("简称", max_length=20, blank=True)
    kind = models.CharField("类型", max_length=20, choices=UnitKind.choices, default=UnitKind.DEPARTMENT)
    parent = models.ForeignKey(
        "self", verbose_name="上级机构", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path "/ROOT/CHILD/…/SELF/" so that a subtree is one indexed prefix query.
    path = models.CharField(max_length=800, db_index=True, editable=False)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    sort = models.PositiveIntegerField("排序", default=100)
    # 公开指南 (Art. 12): classification, how to obtain information, the office and how to reach it.
    guide_office = models.CharField("政府信息公开工作机构", max_length=100, blank=True)
    guide_address = models.CharField("办公地址", max_length=200, blank=True)
    guide_hours = models.CharField("办公时间", max_length=200, blank=True)
    guide_phone = models.CharField("联系电话", max_length=50, blank=True)
    guide_fax = models.CharField("传真", max_length=50, blank=True)
    guide_email = models.CharField("电子邮箱", max_length=100, blank=True)
    guide_postcode = models.CharField("邮政编码", max_length=10, blank=True)
    guide_html = models.TextField("公开指南正文", blank=True)
    guide_updated_at = models.DateTimeField("指南更新时间", null=True, blank=True)
    # 救济途径 named in the unit's reply letters (行政复议法 2023 Art. 24, 27; 行政诉讼法 Art. 15(1)): set by
    # the coordinator; a letter with either empty is never issued.
    reconsideration_body = models.CharField(
        "行政复议机关", max_length=100, blank=True,
        help_text="部门、乡镇（街道）：本级人民政府；人民政府自身：上一级人民政府；垂直领导的机关：上一级主管部门")
    court = models.CharField(
        "管辖人民法院", max_length=100, blank=True,
        help_text="部门、乡镇（街道）：基层人民法院；县级人民政府自身：中级人民法院")
    # a government's annual report: its own office and departments, and its towns and streets when set
    report_includes_towns = models.BooleanField("年度报告汇总乡镇（街道）", default=False)
    # letter kinds (foi.codes.LetterKind) the unit lets its reviewer sign off instead of the approver
    signoff_delegated = models.JSONField("可由审核人签发的文书", default=list, blank=True)

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["sort", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2


class Role(models.TextChoices):
    OPERATOR = "operator", "经办人"
    REVIEWER = "reviewer", "审核人"
    APPROVER = "approver", "负责领导"
    COORDINATOR = "coordinator", "协调办"


class Membership(models.Model):
    """One role a person holds in one unit. A person may hold several, in several units."""

    user = models.ForeignKey(User, verbose_name="人员", on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, verbose_name="机构", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "岗位"
        verbose_name_plural = "岗位"
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


class UnitEvent(EventBase):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="events")

    class Meta(EventBase.Meta):
        verbose_name = "机构记录"
        verbose_name_plural = "机构记录"


class ApiToken(models.Model):
    """A bearer token for the staff API. Only the SHA-256 of the token is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
