"""Step 2 of 3: fill the neutral send columns and the contacts from the domain's rows.

A migration may read any app's historical models; the pipeline's code never does.
"""

from django.db import migrations

PLATFORMS = {
    "telegram": "telegram",
    "whatsapp": "whatsapp",
    "messenger": "messenger",
    "sms_twilio": "tel",
    "webchat": "webchat",
    "simulator": "simulator",
}


def _platform(channel_type):
    try:
        from passerelle.channels.types import registry

        return registry.get(channel_type).platform
    except Exception:  # a type no longer installed
        return PLATFORMS.get(channel_type, channel_type)


def forwards(apps, schema_editor):
    OutboundMessage = apps.get_model("channels", "OutboundMessage")
    ContactStatus = apps.get_model("channels", "ContactStatus")
    Channel = apps.get_model("channels", "Channel")
    Message = apps.get_model("conversations", "Message")
    Identity = apps.get_model("members", "Identity")
    TemplateMessage = apps.get_model("whatsapp", "TemplateMessage")
    SmsKeyword = apps.get_model("sms_twilio", "SmsKeyword")
    templates = {
        t.message_id: {"name": t.name, "language": t.language, "params": list(t.params or [])}
        for t in TemplateMessage.objects.all()
    }
    for row in OutboundMessage.objects.select_related("message").iterator():
        message = row.message
        media = (message.extra or {}).get("media")
        OutboundMessage.objects.filter(pk=row.pk).update(
            source_id=message.pk,
            text=message.text,
            media=media if isinstance(media, dict) else None,
            template=templates.get(message.pk),
            automated=message.author_id is None,
        )
    for channel in Channel.objects.all():
        platform = _platform(channel.type)
        last = {}
        for member_id, at in Message.objects.filter(
            channel=channel, direction="in", member__isnull=False
        ).values_list("member_id", "created_at"):
            if member_id not in last or at > last[member_id]:
                last[member_id] = at
        addresses = dict(
            Identity.objects.filter(member_id__in=list(last), platform=platform).values_list(
                "member_id", "address"
            )
        )
        for member_id, at in last.items():
            if member_id in addresses:
                ContactStatus.objects.update_or_create(
                    channel=channel,
                    address=addresses[member_id],
                    defaults={"org_id": channel.org_id, "last_inbound_at": at},
                )
        latest = {}
        for keyword in SmsKeyword.objects.filter(
            channel=channel, kind__in=["stop", "start"]
        ).order_by("at", "id"):
            latest[keyword.address] = keyword
        for address, keyword in latest.items():
            if keyword.kind == "stop":
                ContactStatus.objects.update_or_create(
                    channel=channel,
                    address=address,
                    defaults={
                        "org_id": channel.org_id,
                        "opted_out_at": keyword.at,
                        "opt_out_word": keyword.typed,
                    },
                )


class Migration(migrations.Migration):
    dependencies = [
        ("channels", "0006_outbound_request_contact_status"),
        ("conversations", "0003_alter_message_service_alter_thread_service"),
        ("members", "0001_initial"),
        ("whatsapp", "0001_initial"),
        ("sms_twilio", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
