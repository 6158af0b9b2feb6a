from django.urls import include, path

from . import request_views, unit_views, views

app_name = "console"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("disclosures/", views.disclosure_list, name="disclosure_list"),
    path("disclosures/new/", views.disclosure_new, name="disclosure_new"),
    path("disclosures/<int:pk>/", views.disclosure_detail, name="disclosure_detail"),
    path("disclosures/<int:pk>/edit/", views.disclosure_edit, name="disclosure_edit"),
    path("disclosures/<int:pk>/transition/", views.disclosure_transition, name="disclosure_transition"),
    path("disclosures/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path(
        "disclosures/<int:pk>/attachments/<int:attachment_pk>/remove/",
        views.attachment_delete,
        name="attachment_remove",
    ),
    path("disclosures/<int:pk>/findings/<int:finding_pk>/mask/", views.finding_mask, name="finding_mask"),
    path(
        "disclosures/<int:pk>/findings/<int:finding_pk>/accept/", views.finding_accept, name="finding_accept"
    ),
    path("units/<str:code>/guide/", views.unit_guide, name="unit_guide"),
    path("units/settings/", unit_views.unit_settings_list, name="unit_settings"),
    path("units/<str:code>/settings/", unit_views.unit_settings_edit, name="unit_settings_edit"),
    path("units/<str:code>/settings/row/", unit_views.unit_settings_row, name="unit_settings_row"),
    path("requests/", request_views.request_list, name="request_list"),
    path("requests/new/", request_views.request_new, name="request_new"),
    path("requests/<int:pk>/", request_views.request_detail, name="request_detail"),
    path("requests/<int:pk>/steps/<str:action>/", request_views.request_step, name="request_step"),
    path("requests/<int:pk>/signoffs/<int:signoff_id>/", request_views.request_signoff, name="request_signoff"),
    path("requests/<int:pk>/letters/<int:letter_id>/<str:fmt>/", request_views.letter_download, name="request_letter"),
    path("requests/<int:pk>/files/<int:file_id>/", request_views.file_download, name="request_file"),
    path("reports/", include("gongkai.annual.console_urls")),
]
