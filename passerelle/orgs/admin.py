"""Admin: operators read services, staff roles and their audit trail; they change them in
the application (Service settings, Staff), where every change is checked and audited."""

from django.contrib import admin

from passerelle.orgs.models import Service, StaffEvent, StaffInvitation, StaffRole


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Service)
class ServiceAdmin(ReadOnly):
    list_display = ("slug", "name", "org", "mode", "timezone", "archived_at", "created_at")
    list_filter = ("mode", "org")
    search_fields = ("slug", "name")


@admin.register(StaffRole)
class StaffRoleAdmin(ReadOnly):
    list_display = ("user", "service", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email", "service__slug")


@admin.register(StaffInvitation)
class StaffInvitationAdmin(ReadOnly):
    list_display = ("email", "service", "role", "created_at", "expires_at", "accepted_at")
    search_fields = ("email",)


@admin.register(StaffEvent)
class StaffEventAdmin(ReadOnly):
    list_display = ("created_at", "service", "kind", "actor", "subject_email")
    list_filter = ("kind",)
