"""Members who gave no name were once called by their address; the migration masks them."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from passerelle.members.models import Identity, Member
from passerelle.testing.factories import make_service

pytestmark = pytest.mark.django_db

migration = importlib.import_module("passerelle.members.migrations.0003_mask_default_names")


def test_names_that_were_addresses_become_masked_and_real_names_stay():
    org = make_service().org
    old = Member.objects.create(org=org, display_name="tel:+16135550101", created_at=timezone.now())
    Identity.objects.create(org=org, member=old, platform="tel", address="+16135550101")
    named = Member.objects.create(org=org, display_name="Salma", created_at=timezone.now())
    Identity.objects.create(org=org, member=named, platform="tel", address="+16135550102")
    migration.mask_default_names(apps, None)
    assert Member.objects.get(pk=old.pk).display_name == "tel •••• 0101"
    assert Member.objects.get(pk=named.pk).display_name == "Salma"
