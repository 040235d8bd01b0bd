"""Membership events carry their membership's service (the audit log reads a service's
events newest first on membership_event_service_idx). Filled here, made required in
0012: on PostgreSQL a table whose rows were just updated (deferred foreign-key checks
pending) cannot be altered in the same transaction."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0010_membershipevent_kinds"),
        ("orgs", "0006_service_assistance"),
    ]

    operations = [
        migrations.AddField(
            model_name="membershipevent",
            name="service",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="orgs.service",
            ),
        ),
        migrations.RunSQL(
            "UPDATE communities_membershipevent SET service_id = (SELECT m.service_id"
            " FROM communities_membership m WHERE m.id = communities_membershipevent.membership_id)",
            migrations.RunSQL.noop,
        ),
    ]
