from django.db import migrations, models


class Migration(migrations.Migration):
    # Step 3 of 3: the pipeline no longer points at the domain's Message table.
    dependencies = [
        ("channels", "0007_outbound_request_copy"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='outboundmessage',
            name='outbound_once_per_recipient',
        ),
        migrations.RemoveField(
            model_name='outboundmessage',
            name='message',
        ),
        migrations.AddConstraint(
            model_name='outboundmessage',
            constraint=models.UniqueConstraint(fields=('source_id', 'channel', 'recipient'), name='outbound_once_per_recipient'),
        ),
    ]
