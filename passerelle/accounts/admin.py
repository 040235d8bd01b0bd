from django.contrib import admin

from passerelle.accounts.models import SignInPolicy


@admin.register(SignInPolicy)
class SignInPolicyAdmin(admin.ModelAdmin):
    list_display = ("service", "require_two_factor", "updated_at", "updated_by")
    raw_id_fields = ("service", "updated_by")
