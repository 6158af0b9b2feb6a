from django.urls import include, path

from . import request_views, search_views, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("guide/", views.guide_index, name="guide_index"),
    path("guide/<str:code>/", views.guide_detail, name="guide"),
    path("list/", views.catalogue, name="list"),
    path("search/", search_views.search, name="search"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/files/<int:aid>/", views.attachment_download, name="attachment"),
    path("reports/", views.reports, name="reports"),
    path("reports/", include("gongkai.annual.portal_urls")),
    path("units/", views.unit_tree, name="units"),
    path("a11y/", views.a11y, name="a11y"),
    path("requests/", request_views.index, name="requests"),
    path("requests/apply/", request_views.apply, name="request_apply"),
    path("requests/apply/done/", request_views.apply_done, name="request_done"),
    path("requests/track/", request_views.track, name="request_track"),
    path("requests/track/<str:number>/", request_views.track_status, name="request_status"),
    path("requests/track/letters/<int:letter_id>/<str:fmt>/", request_views.letter_download, name="request_letter"),
]
