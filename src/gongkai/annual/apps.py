from django.apps import AppConfig


class AnnualConfig(AppConfig):
    """The annual report as a document: narrative, versions, publication, exports, deadlines."""

    name = "gongkai.annual"
    label = "annual"
    verbose_name = "政府信息公开工作年度报告"
