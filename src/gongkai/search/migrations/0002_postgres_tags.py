"""PostgreSQL: the vectors now carry filter and month tokens (and ``words``/``grams`` no positions), so
the rows of the old format are dropped; ``gongkai reindex`` (or ``--if-incomplete``) builds them anew.
The small ``head`` vector, which ranking reads, now stays in the row (the default TOAST target) while
the large ones still move out of line. SQLite's index is unchanged."""

from django.db import migrations


def to_new_format(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DELETE FROM search_searchentry")
        schema_editor.execute("ALTER TABLE search_searchentry RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(to_new_format, migrations.RunPython.noop)]
