"""Admin: the outbox and its history, read-only (messages change only through notify.services)."""

from django.contrib import admin

from .models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "channel", "recipient", "user", "subject", "status", "attempts", "next_attempt_at", "sent_at", "read_at")
    list_filter = ("channel", "status")
    search_fields = ("recipient", "subject", "dedupe_key", "provider_message_id", "related_object_id")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    readonly_fields = [field.name for field in Message._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
