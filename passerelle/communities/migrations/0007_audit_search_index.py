"""PostgreSQL: a trigram index on the reasons of membership events, for the audit log's
search (`reason__icontains`, hence UPPER(reason)). SQLite skips it."""

from django.db import migrations

from passerelle.common.postgres import PostgresRunSQL


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0006_membership_list_index"),
        ("members", "0004_search_trigram_indexes"),
    ]

    operations = [
        PostgresRunSQL(
            "CREATE INDEX membership_event_reason_trgm ON communities_membershipevent "
            "USING gin (UPPER(reason) gin_trgm_ops)",
            reverse_sql="DROP INDEX membership_event_reason_trgm",
        ),
    ]
