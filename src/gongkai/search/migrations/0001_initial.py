"""The search index: entries and tombstones (Django models), and each database's own text index,
created only on the database it belongs to."""

import django.db.models.deletion
from django.db import migrations, models

SQLITE = [
    "CREATE VIRTUAL TABLE search_words USING fts5(title, ids, body, facets, content='', "
    "tokenize='unicode61 remove_diacritics 0', detail=full)",
    "CREATE VIRTUAL TABLE search_grams USING fts5(grams, content='', tokenize='unicode61 remove_diacritics 0', "
    "detail=none)",
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS search_words", "DROP TABLE IF EXISTS search_grams"]
POSTGRES = [
    "ALTER TABLE search_searchentry ADD COLUMN head tsvector, ADD COLUMN words tsvector, ADD COLUMN grams tsvector",
    # Keep the heap narrow (date order, filters) and the vectors out of line in TOAST.
    "ALTER TABLE search_searchentry SET (toast_tuple_target = 128)",
    "CREATE INDEX search_entry_head ON search_searchentry USING gin (head)",
    "CREATE INDEX search_entry_words ON search_searchentry USING gin (words)",
    "CREATE INDEX search_entry_grams ON search_searchentry USING gin (grams)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_entry_head",
    "DROP INDEX IF EXISTS search_entry_words",
    "DROP INDEX IF EXISTS search_entry_grams",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS head, DROP COLUMN IF EXISTS words, "
    "DROP COLUMN IF EXISTS grams",
]


def _run(statements: dict):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("disclosures", "0002_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("disclosure", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                                                    related_name="+", serialize=False, to="disclosures.disclosure",
                                                    verbose_name="政府信息")),
                ("fts_rowid", models.BigIntegerField(null=True, unique=True)),
                ("digest", models.CharField(max_length=40, verbose_name="内容摘要值")),
                ("published_on", models.DateField(verbose_name="发布日期")),
                ("unit_id", models.BigIntegerField(verbose_name="发布机构")),
                ("topic", models.CharField(blank=True, max_length=40, verbose_name="主题分类")),
                ("genre", models.CharField(blank=True, max_length=40, verbose_name="体裁")),
                ("category", models.CharField(blank=True, max_length=40, verbose_name="公开类别")),
                ("validity", models.CharField(blank=True, max_length=20, verbose_name="有效性")),
                ("indexed_at", models.DateTimeField(auto_now=True, verbose_name="索引时间")),
            ],
            options={
                "verbose_name": "检索条目",
                "verbose_name_plural": "检索条目",
                "indexes": [models.Index(fields=["-published_on", "-disclosure"], name="search_entry_newest")],
            },
        ),
        migrations.CreateModel(
            name="SearchTombstone",
            fields=[("fts_rowid", models.BigIntegerField(primary_key=True, serialize=False))],
            options={"verbose_name": "检索删除标记", "verbose_name_plural": "检索删除标记"},
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]
