from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("guide/", views.guide_index, name="guide_index"),
    path("guide/<str:code>/", views.guide_detail, name="guide"),
    path("list/", views.catalogue, name="list"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/files/<int:aid>/", views.attachment_download, name="attachment"),
    path("reports/", views.reports, name="reports"),
    path("units/", views.unit_tree, name="units"),
    path("a11y/", views.a11y, name="a11y"),
]
