from django.contrib import admin

from passerelle.channels.types.whatsapp.models import WhatsAppTemplate


@admin.register(WhatsAppTemplate)
class WhatsAppTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "language", "category", "channel")
    list_filter = ("category", "language")
    search_fields = ("name", "body")
