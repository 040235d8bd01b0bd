"""Admin: the warning ledger and reports are evidence; readable, not editable."""

from django.contrib import admin

from passerelle.moderation.models import MemberWarning, Report


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MemberWarning)
class MemberWarningAdmin(_ReadOnly):
    list_display = ("created_at", "membership", "clause", "kind", "actor", "withdrawn_at")


@admin.register(Report)
class ReportAdmin(_ReadOnly):
    # The reporter is left out on purpose: reporters stay private, even here.
    list_display = ("created_at", "message", "source", "resolution")
    exclude = ("reporter",)
