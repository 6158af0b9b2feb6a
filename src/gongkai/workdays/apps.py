from django.apps import AppConfig


def _setting_changed(*, setting, **kwargs) -> None:
    from . import calendar

    if setting == calendar.PACKAGE_LAST_YEAR_SETTING:
        calendar.clear_cache()


class WorkdaysConfig(AppConfig):
    name = "gongkai.workdays"
    verbose_name = "工作日历"

    def ready(self) -> None:
        from django.core.signals import setting_changed

        setting_changed.connect(_setting_changed, dispatch_uid="workdays-package-last-year")
