"""The service purpose becomes a text per language: {default language: the old text}."""

from django.db import migrations, models


def _default(service) -> str:
    return service.languages[0] if service.languages else "en"


def to_languages(apps, schema_editor):
    Service = apps.get_model("orgs", "Service")
    for service in Service.objects.all():
        if service.purpose:
            service.purpose_texts = {_default(service): service.purpose}
            service.save(update_fields=["purpose_texts"])


def to_single_text(apps, schema_editor):
    Service = apps.get_model("orgs", "Service")
    for service in Service.objects.all():
        texts = service.purpose_texts or {}
        text = texts.get(_default(service)) or next((t for t in texts.values() if t), "")
        if text:
            service.purpose = text
            service.save(update_fields=["purpose"])


class Migration(migrations.Migration):
    dependencies = [("orgs", "0003_staff_alerts")]

    operations = [
        migrations.AddField(
            model_name="service",
            name="purpose_texts",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(to_languages, to_single_text),
        migrations.RemoveField(model_name="service", name="purpose"),
        migrations.RenameField(model_name="service", old_name="purpose_texts", new_name="purpose"),
        migrations.AlterField(
            model_name="service",
            name="purpose",
            field=models.JSONField(blank=True, default=dict, verbose_name="purpose"),
        ),
    ]
