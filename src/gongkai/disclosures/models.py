from django.conf import settings
from django.db import models

from gongkai.core.events import EventBase
from gongkai.orgs.models import Unit

from .taxonomy import Category, Channel, DisclosureMode, NormativeKind, Status, Validity, Vocabulary


class Term(models.Model):
    """An entry of a site-editable vocabulary (主题分类, 体裁)."""

    vocabulary = models.CharField("词表", max_length=10, choices=Vocabulary.choices)
    code = models.CharField("代码", max_length=40)
    name = models.CharField("名称", max_length=60)
    sort = models.PositiveIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "分类词条"
        verbose_name_plural = "分类词条"
        ordering = ["vocabulary", "sort", "code"]
        constraints = [models.UniqueConstraint(fields=["vocabulary", "code"], name="term_unique_code")]

    def __str__(self) -> str:
        return self.name


class Disclosure(models.Model):
    """One item of government information in the register, with its national metadata."""

    unit = models.ForeignKey(Unit, verbose_name="发布机构", on_delete=models.PROTECT, related_name="disclosures")
    index_number = models.CharField("索引号", max_length=80, unique=True)
    title = models.CharField("标题", max_length=300)
    body_html = models.TextField("正文", blank=True)
    summary = models.TextField("内容概述", blank=True)
    doc_number = models.CharField("发文字号", max_length=100, blank=True, db_index=True)
    written_on = models.DateField("成文日期", null=True, blank=True)
    changed_on = models.DateField(
        "变更日期", null=True, blank=True, help_text="信息变更之日；第二十六条的时限自此重新起算"
    )
    published_on = models.DateField("发布日期", null=True, blank=True, db_index=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    topic = models.ForeignKey(
        Term, verbose_name="主题分类", on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.TOPIC},
    )
    genre = models.ForeignKey(
        Term, verbose_name="体裁", on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.GENRE},
    )
    category = models.CharField("公开类别", max_length=40, choices=Category.choices, blank=True)
    disclosure_mode = models.CharField(
        "公开方式", max_length=20, choices=DisclosureMode.choices, default=DisclosureMode.PROACTIVE
    )
    non_disclosure_reason = models.TextField("不予公开理由", blank=True)
    validity = models.CharField("有效性", max_length=20, choices=Validity.choices, default=Validity.VALID)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    validity_changed_on = models.DateField("失效/废止/修订日期", null=True, blank=True)
    normative_kind = models.CharField(
        "规章或规范性文件", max_length=20, choices=NormativeKind.choices, blank=True, default=NormativeKind.NONE
    )
    channels = models.JSONField("发布渠道", default=list, blank=True)
    interprets = models.ManyToManyField(
        "self", verbose_name="解读的政策", symmetrical=False, blank=True, related_name="interpretations"
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    publish_due = models.DateField("应发布日期", null=True, blank=True, db_index=True)
    publish_due_provisional = models.BooleanField("应发布日期为暂定", default=False)
    withdrawn_reason = models.TextField("撤回理由", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提交人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "政府信息"
        verbose_name_plural = "政府信息"
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_on"], name="disclosure_public_list"),
            # the 公开目录's order, read from any point (keyset pages), and the same order within each
            # filter, so that a rare value is read directly rather than by walking the whole list
            models.Index(fields=["-published_on", "-id"], name="disclosure_public_order",
                         condition=models.Q(status="published")),
            *(models.Index(fields=[field, "-published_on", "-id"], name=f"disclosure_public_{name}",
                           condition=models.Q(status="published"))
              for field, name in (("unit", "unit"), ("topic", "topic"), ("genre", "genre"),
                                  ("category", "category"), ("validity", "validity"))),
            models.Index(fields=["unit", "status"], name="disclosure_unit_status"),
            # annual reports: one unit's year, and the normative documents of table 二
            models.Index(fields=["unit", "published_on"], name="disclosure_unit_published"),
            models.Index(fields=["normative_kind", "unit"], name="disclosure_normative_unit",
                         condition=models.Q(normative_kind__in=["regulation", "normative"])),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_on__isnull=False),
                name="disclosure_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.index_number} {self.title}"

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [labels.get(code, code) for code in self.channels]


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"attachments/{instance.disclosure.unit.code}/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class Attachment(models.Model):
    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=attachment_path, max_length=300)
    name = models.CharField("文件名", max_length=220)
    kind = models.CharField("类型", max_length=10)
    mime = models.CharField("MIME 类型", max_length=100)
    extension = models.CharField("扩展名", max_length=10)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    text = models.TextField("提取的文本", blank=True)
    sort = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["sort", "id"]

    def __str__(self) -> str:
        return self.name


class DisclosureEvent(EventBase):
    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="events")

    class Meta(EventBase.Meta):
        verbose_name = "信息操作记录"
        verbose_name_plural = "信息操作记录"


class PublicCount(models.Model):
    """How many published items share one combination of the public filters (unit, category, topic,
    genre, year of publication, validity).

    The portal's counts (facets, the unit tree, the home page, the catalogue's total) add these rows up
    instead of counting the register. Kept right by :mod:`gongkai.disclosures.counts` in the transaction
    of every change to what is published; ``gongkai counts --check`` compares it with the register.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=40, blank=True)
    topic = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="+")
    genre = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    validity = models.CharField(max_length=20)
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = "公开信息计数"
        verbose_name_plural = "公开信息计数"
        constraints = [
            models.UniqueConstraint(fields=["unit", "category", "topic", "genre", "year", "validity"],
                                    name="public_count_key"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.category}/{self.topic_id}/{self.genre_id}/{self.year}/{self.validity}: {self.count}"
