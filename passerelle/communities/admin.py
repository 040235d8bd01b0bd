"""Admin: membership events are the audit trail, so the admin can read them, never edit."""

from django.contrib import admin

from passerelle.communities.models import MembershipEvent


@admin.register(MembershipEvent)
class MembershipEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "membership", "actor", "clause", "reason")
    list_filter = ("kind",)
    search_fields = ("reason", "membership__member__display_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
