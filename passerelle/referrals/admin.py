"""Django admin fallback for the partner directory (the moderator pages are the real UI)."""

from django.contrib import admin

from passerelle.referrals.models import Partner, PartnerService, Referral


class PartnerServiceInline(admin.TabularInline):
    model = PartnerService
    extra = 0
    fields = ["category", "name", "phone", "hours", "is_active"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "org", "phone", "area_served", "is_active"]
    list_filter = ["org", "is_active"]
    search_fields = ["name", "description", "area_served"]
    inlines = [PartnerServiceInline]

    def save_formset(self, request, form, formset, change):
        # Inline services belong to their partner's organization.
        for item in formset.save(commit=False):
            item.org_id = form.instance.org_id
            item.save()


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["created_at", "service", "partner", "outcome", "followup_due_at"]
    list_filter = ["service", "outcome"]
    raw_id_fields = ["question", "member", "message", "followup_message", "outcome_message"]
