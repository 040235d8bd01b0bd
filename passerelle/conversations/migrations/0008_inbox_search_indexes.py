"""PostgreSQL: a trigram index for the inbox search on message text, and the thread list's
order as an index.

The text index is on UPPER(text), the expression Django's `icontains` compiles to on
PostgreSQL (UPPER(text::text) LIKE UPPER(%s); the cast of a text column to text is no
expression of its own). The thread list reads a service's threads group first, then by
newest activity with the never-active ones last: NULLS LAST, which SQLite's CREATE INDEX
cannot say (and a small SQLite inbox sorts in no time). SQLite skips both.
"""

from django.db import migrations

from passerelle.common.postgres import PostgresRunSQL


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0007_message_thread_page_index"),
        ("members", "0004_search_trigram_indexes"),
    ]

    operations = [
        PostgresRunSQL(
            "CREATE INDEX message_text_trgm ON conversations_message "
            "USING gin (UPPER(text) gin_trgm_ops)",
            reverse_sql="DROP INDEX message_text_trgm",
        ),
        PostgresRunSQL(
            "CREATE INDEX thread_list_order_idx ON conversations_thread "
            "(service_id, kind, last_activity_at DESC NULLS LAST, id DESC)",
            reverse_sql="DROP INDEX thread_list_order_idx",
        ),
    ]
