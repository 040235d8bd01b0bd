"""Django admin: service standards and a read-only look at questions (for operators)."""

from django.contrib import admin

from passerelle.questions.models import Question, ServiceStandard


@admin.register(ServiceStandard)
class ServiceStandardAdmin(admin.ModelAdmin):
    list_display = ["service", "target_hours", "counting", "subdivision", "email_alerts"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["id", "service", "status", "due_at", "assignee"]
    list_filter = ["service", "status"]
    readonly_fields = [f.name for f in Question._meta.fields]

    def has_add_permission(self, request):
        return False
