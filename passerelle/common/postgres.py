"""Migration operations for what only PostgreSQL has (trigram indexes, index orders with
NULLS LAST); on SQLite they do nothing: its users are small enough to scan."""

from django.db import migrations


class PostgresRunSQL(migrations.RunSQL):
    """RunSQL applied (and reversed) on PostgreSQL only."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return "Raw SQL operation (PostgreSQL only)"
