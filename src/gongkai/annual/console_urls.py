"""Console pages of annual reports, included under ``/console/reports/`` in the console's namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.overview, name="annual_overview"),
    path("start/", views.start, name="annual_start"),
    path("<int:pk>/", views.report_detail, name="annual_report"),
    path("<int:pk>/edit/", views.report_edit, name="annual_edit"),
    path("<int:pk>/check/", views.report_check, name="annual_check"),
    path("<int:pk>/publish/", views.report_publish, name="annual_publish"),
    path("<int:pk>/new-version/", views.report_new_version, name="annual_new_version"),
    path("<int:pk>/versions/<int:number>/<str:fmt>/", views.report_download, name="annual_download"),
]
