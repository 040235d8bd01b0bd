"""Membership events: their service required and indexed (filled by 0011)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("communities", "0011_membershipevent_service")]

    operations = [
        migrations.AlterField(
            model_name="membershipevent",
            name="service",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="orgs.service"
            ),
        ),
        migrations.AddIndex(
            model_name="membershipevent",
            index=models.Index(
                fields=["service", "created_at", "id"], name="membership_event_service_idx"
            ),
        ),
    ]
