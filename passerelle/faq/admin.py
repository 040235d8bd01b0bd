"""Django admin fallback for verified answers (the moderator pages are the real UI)."""

from django.contrib import admin

from passerelle.faq.models import CannedReply, FaqEntry, FaqPhrasing


class FaqPhrasingInline(admin.TabularInline):
    model = FaqPhrasing
    extra = 0
    fields = ["language", "text"]


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    list_display = ["title", "service", "last_verified_on", "review_by", "is_active"]
    list_filter = ["service", "is_active"]
    search_fields = ["title", "phrasings__text"]
    inlines = [FaqPhrasingInline]

    def save_formset(self, request, form, formset, change):
        for item in formset.save(commit=False):
            item.org_id = form.instance.org_id
            item.save()


@admin.register(CannedReply)
class CannedReplyAdmin(admin.ModelAdmin):
    list_display = ["service", "kind", "language", "updated_at"]
    list_filter = ["service", "kind", "language"]
