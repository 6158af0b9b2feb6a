"""The annual report of a unit as a document (政府信息公开工作年度报告): its versions and their history.

The figures come from :mod:`gongkai.reports` (computed from the records); this app keeps what a clerk
writes around them (the narrative of each section, with placeholders for every number), the versions,
and what was published. A published version is frozen: its narrative, the tables as computed at the
moment of publication, the validator's findings and the rendered files never change; a correction is a
new version (a draft copied from it), and the old one stays as history. Rows are written only by
:mod:`gongkai.annual.services`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.core.events import EventBase
from gongkai.orgs.models import Unit


class ReportFormat(models.TextChoices):
    """The national format of the report; each year has one (:func:`gongkai.reports.formats.format_for`)."""

    F2021 = "2021", "2021年格式（国办公开办函〔2021〕30号）"
    F2019 = "2019", "2019年格式（国办公开办函〔2019〕60号）"
    F2014 = "2014", "2014年统计表（国办发〔2014〕32号）"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "未发布"  # no version published yet
    PUBLISHED = "published", "已发布"  # at least one version published (the portal shows the latest)


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "草稿"  # the narrative may change; the tables are computed when shown
    PUBLISHED = "published", "已发布"  # frozen: narrative, tables snapshot, violations and files


class AnnualReport(models.Model):
    """One unit's report for one year, in one format, on its own or rolled up over its subtree."""

    unit = models.ForeignKey(Unit, verbose_name="机构", on_delete=models.PROTECT, related_name="annual_reports")
    year = models.PositiveSmallIntegerField("年度")
    format = models.CharField("格式", max_length=4, choices=ReportFormat.choices, default=ReportFormat.F2021)
    rollup = models.BooleanField("汇总下级机构", default=False)
    status = models.CharField("状态", max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    current_version = models.ForeignKey(
        "ReportVersion", verbose_name="当前版本", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    published_version = models.ForeignKey(
        "ReportVersion", verbose_name="已发布的最新版本", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    # the day the first version went out: what the Art. 49 deadline is measured against
    first_published_on = models.DateField("首次发布日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year", "unit__sort", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "format", "rollup"], name="annual_report_unique"),
        ]
        indexes = [models.Index(fields=["year", "status"], name="annual_report_year_status")]

    def __str__(self) -> str:
        return f"{self.unit}{self.year}年政府信息公开工作年度报告"

    @property
    def title(self) -> str:
        return f"{self.unit.name}{self.year}年政府信息公开工作年度报告"


class ReportVersion(models.Model):
    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField("版本号")
    status = models.CharField("状态", max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    based_on = models.ForeignKey(
        "self", verbose_name="由此版本复制", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    narrative = models.JSONField("正文（各部分文字，含占位符）", default=dict)
    # {"unit", "unit_name", "year", "format", "rollup", "table2"…, "rows"…, "published_count", "violations"}:
    # the computed data as it stood at publication; empty while a draft (drafts are computed when shown)
    tables = models.JSONField("统计表快照", default=dict, blank=True)
    # the validator's findings: at publication (frozen), or at the last check of a draft
    violations = models.JSONField("校验问题", default=list, blank=True)
    violations_count = models.PositiveIntegerField("校验问题数", null=True, blank=True)
    checked_at = models.DateTimeField("最近校验时间", null=True, blank=True)
    override_reason = models.TextField("存在校验问题仍发布的理由", blank=True)
    docx = models.FileField(upload_to="annual/%Y/", max_length=300, blank=True)
    pdf = models.FileField(upload_to="annual/%Y/", max_length=300, blank=True)
    xlsx = models.FileField(upload_to="annual/%Y/", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="最后修改人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField("最后修改时间", auto_now=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "年度报告版本"
        verbose_name_plural = "年度报告版本"
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_unique"),
            # at most one draft per report: a new version is started only from a published one
            models.UniqueConstraint(fields=["report"], condition=Q(status="draft"), name="report_one_draft"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="report_version_published_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"

    def save(self, *args, **kwargs):
        # The last guard behind the workflow: a version read as published is never written again.
        if getattr(self, "_stored_status", None) == VersionStatus.PUBLISHED:
            raise RuntimeError("a published report version is frozen; start a new version instead")
        super().save(*args, **kwargs)
        self._stored_status = self.status

    def delete(self, *args, **kwargs):
        if getattr(self, "_stored_status", None) == VersionStatus.PUBLISHED:
            raise RuntimeError("a published report version is kept as history")
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, *args, **kwargs):
        version = super().from_db(*args, **kwargs)
        version._stored_status = version.__dict__.get("status")
        return version

    @property
    def is_locked(self) -> bool:
        return self.status == VersionStatus.PUBLISHED


class AnnualReportEvent(EventBase):
    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="events")
    version = models.ForeignKey(ReportVersion, null=True, blank=True, on_delete=models.CASCADE, related_name="events")

    class Meta(EventBase.Meta):
        verbose_name = "年度报告操作记录"
        verbose_name_plural = "年度报告操作记录"
