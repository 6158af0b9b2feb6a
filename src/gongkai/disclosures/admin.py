from django.contrib import admin

from .models import Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    """Sites adapt the labels of 主题分类 and 体裁; codes stay, so integrations keep working."""

    list_display = ["vocabulary", "code", "name", "sort", "active"]
    list_filter = ["vocabulary", "active"]
    list_editable = ["name", "sort", "active"]
    readonly_fields = ["vocabulary", "code"]

    def has_delete_permission(self, request, obj=None):
        return False
