from django.contrib import admin

from passerelle.channels.types.whatsapp.models import TemplateMessage, WhatsAppTemplate


@admin.register(WhatsAppTemplate)
class WhatsAppTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "language", "category", "channel")
    list_filter = ("category", "language")
    search_fields = ("name", "body")


@admin.register(TemplateMessage)
class TemplateMessageAdmin(admin.ModelAdmin):
    list_display = ("message", "name", "language")
    raw_id_fields = ("message",)
