"""A partner's and its services' description, hours and intake notes become a text per
language: {default language: the old text}. A partner is shared by the organization's
services; the default language is that of its first service."""

from django.db import migrations, models

FIELDS = ("description", "hours", "intake_notes")
MODELS = ("partner", "partnerservice")


def _defaults(apps) -> dict:
    Service = apps.get_model("orgs", "Service")
    defaults = {}
    for org_id, languages in Service.objects.order_by("-id").values_list("org_id", "languages"):
        defaults[org_id] = languages[0] if languages else "en"
    return defaults


def to_languages(apps, schema_editor):
    defaults = _defaults(apps)
    for name in MODELS:
        for row in apps.get_model("referrals", name).objects.all():
            language = defaults.get(row.org_id, "en")
            for field in FIELDS:
                text = getattr(row, field)
                setattr(row, f"{field}_texts", {language: text} if text else {})
            row.save(update_fields=[f"{f}_texts" for f in FIELDS])


def to_single_text(apps, schema_editor):
    defaults = _defaults(apps)
    for name in MODELS:
        for row in apps.get_model("referrals", name).objects.all():
            language = defaults.get(row.org_id, "en")
            for field in FIELDS:
                texts = getattr(row, f"{field}_texts") or {}
                text = texts.get(language) or next((t for t in texts.values() if t), "")
                setattr(row, field, text[:200] if field == "hours" else text)
            row.save(update_fields=list(FIELDS))


def _operations():
    before, after = [], []
    for model in MODELS:
        for field in FIELDS:
            before.append(
                migrations.AddField(
                    model_name=model,
                    name=f"{field}_texts",
                    field=models.JSONField(blank=True, default=dict),
                )
            )
            after += [
                migrations.RemoveField(model_name=model, name=field),
                migrations.RenameField(
                    model_name=model, old_name=f"{field}_texts", new_name=field
                ),
                migrations.AlterField(
                    model_name=model,
                    name=field,
                    field=models.JSONField(
                        blank=True, default=dict, verbose_name=field.replace("_", " ")
                    ),
                ),
            ]
    return [*before, migrations.RunPython(to_languages, to_single_text), *after]


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0004_purpose_per_language"),
        ("referrals", "0002_alter_referral_service"),
    ]

    operations = _operations()
