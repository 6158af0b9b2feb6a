from django.apps import AppConfig


class FoiConfig(AppConfig):
    name = "gongkai.foi"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        # registers the listener that recomputes provisional due dates when a year's calendar is entered
        from . import services  # noqa: F401
