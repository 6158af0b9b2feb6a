"""A URLconf for these tests alone: the admin, and the workdays router on its own API.

The project URLconf imports ``gongkai.api.main``, which other work may not have written yet; this keeps the
workdays tests independent of it.
"""

from django.contrib import admin
from django.urls import path
from ninja import NinjaAPI

from gongkai.api.routers.workdays import router

api = NinjaAPI(urls_namespace="wd-test")
api.add_router("/workdays/", router)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
