"""PostgreSQL: the pg_trgm extension, and trigram indexes for searching members by name
and address (the inbox, the member list, the audit log).

Django's `icontains` compiles to UPPER(col::text) LIKE UPPER(%s) on PostgreSQL, so the name
index is on UPPER(display_name): a plain trigram index on the column would not serve it.
Addresses are matched whole or by their last digits (LIKE '%…', case-sensitive). SQLite
skips all of it (TrigramExtension and PostgresRunSQL do nothing there).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from passerelle.common.postgres import PostgresRunSQL


class Migration(migrations.Migration):
    dependencies = [("members", "0003_mask_default_names")]

    operations = [
        TrigramExtension(),
        PostgresRunSQL(
            "CREATE INDEX member_name_trgm ON members_member "
            "USING gin (UPPER(display_name) gin_trgm_ops)",
            reverse_sql="DROP INDEX member_name_trgm",
        ),
        PostgresRunSQL(
            "CREATE INDEX identity_address_trgm ON members_identity "
            "USING gin (address gin_trgm_ops)",
            reverse_sql="DROP INDEX identity_address_trgm",
        ),
    ]
