from django.contrib import admin
from django.urls import include, path

from gongkai.api.main import api
from gongkai.core import health, metrics

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("console/", include("gongkai.console.urls")),
    path("", include("gongkai.portal.urls")),
]
