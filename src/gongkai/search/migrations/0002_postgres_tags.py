"""PostgreSQL: the vectors now carry filter and month tokens (and ``words``/``grams`` no positions), so
the rows of the old format are dropped; ``gongkai reindex`` (or ``--if-incomplete``) builds them anew.
SQLite's index is unchanged."""

from django.db import migrations


def drop_postgres_rows(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DELETE FROM search_searchentry")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(drop_postgres_rows, migrations.RunPython.noop)]
