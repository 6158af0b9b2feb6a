from django.db import migrations

from gongkai.disclosures.taxonomy import GENRES, TOPICS


def seed(apps, schema_editor):
    Term = apps.get_model("disclosures", "Term")
    for vocabulary, entries in (("topic", TOPICS), ("genre", GENRES)):
        for sort, (code, name) in enumerate(entries, start=1):
            Term.objects.get_or_create(vocabulary=vocabulary, code=code, defaults={"name": name, "sort": sort})


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
