"""Members who gave no name were called after their address ("tel:+16135550101"), which
every page then showed: they become "tel •••• 0101", as new ones are (docs/privacy.md)."""

from django.db import migrations


def _masked(address: str) -> str:
    letters = "".join(ch for ch in address if ch.isalnum())
    return f"•••• {letters[-4:]}" if len(letters) >= 8 else "••••"


def mask_default_names(apps, schema_editor):
    Identity = apps.get_model("members", "Identity")
    Member = apps.get_model("members", "Member")
    for identity in Identity.objects.select_related("member").iterator():
        member = identity.member
        if member.display_name == f"{identity.platform}:{identity.address}":
            Member.objects.filter(pk=member.pk).update(
                display_name=f"{identity.platform} {_masked(identity.address)}"
            )


class Migration(migrations.Migration):
    dependencies = [("members", "0002_member_erased_at_consentevent_staffaccess")]

    operations = [migrations.RunPython(mask_default_names, migrations.RunPython.noop)]
