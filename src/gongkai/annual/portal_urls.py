"""Portal pages of published annual reports, included under ``/reports/`` in the portal's namespace
(the list itself, ``/reports/``, is the portal's own view over :func:`gongkai.annual.selectors.published_reports`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/", views.portal_report, name="annual_report"),
    path("<int:pk>/<str:fmt>/", views.portal_download, name="annual_download"),
]
