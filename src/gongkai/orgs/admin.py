from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import ApiToken, Membership, Unit, UnitEvent, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class StaffAdmin(UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "display_name", "mobile", "is_active", "is_superuser"]
    fieldsets = [*UserAdmin.fieldsets, ("联系方式", {"fields": ["display_name", "mobile"]})]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent"]
    search_fields = ["code", "name"]
    readonly_fields = ["path"]

    def has_delete_permission(self, request, obj=None):
        return False  # units are referenced by the register; retire them instead


@admin.register(UnitEvent)
class UnitEventAdmin(admin.ModelAdmin):
    list_display = ["at", "unit", "actor", "action"]
    list_filter = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "expires_at", "last_used_at"]
    readonly_fields = ["user", "digest", "created_at", "expires_at", "last_used_at"]

    def has_add_permission(self, request):
        return False
