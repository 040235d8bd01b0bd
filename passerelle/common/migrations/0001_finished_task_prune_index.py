"""An index for common.housekeeping.finished_tasks_prune on django-tasks-db's own table.

The table belongs to a third-party app that declares no index on finished_at, so every
prune read the whole table. This partial index holds only finished rows, in the order the
prune reads them (status, then oldest first).
"""

from django.db import migrations

TABLE = "django_tasks_database_dbtaskresult"


class Migration(migrations.Migration):
    dependencies = [("django_tasks_database", "0021_conditional_partial_index_ordering")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX task_finished_prune ON {TABLE} (status, finished_at) "
            "WHERE finished_at IS NOT NULL",
            reverse_sql="DROP INDEX task_finished_prune",
        )
    ]
