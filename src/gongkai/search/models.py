"""What the search index holds, in tables Django knows (so that flush and the test database see them).

The text index itself lives beside these, in tables each backend creates for its database (see
``migrations/0001_initial.py``): two FTS5 tables on SQLite, three tsvector columns with GIN indexes on
PostgreSQL.
"""

from django.db import models

from gongkai.disclosures.models import Disclosure


class SearchEntry(models.Model):
    """One published disclosure as the index holds it: its filter values and a digest of its tokens."""

    disclosure = models.OneToOneField(
        Disclosure, verbose_name="政府信息", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # SQLite: the FTS5 rowid, numbered in order of publication (see backends/sqlite.py). NULL on PostgreSQL.
    fts_rowid = models.BigIntegerField(null=True, unique=True)
    digest = models.CharField("内容摘要值", max_length=40)
    published_on = models.DateField("发布日期")
    unit_id = models.BigIntegerField("发布机构")
    topic = models.CharField("主题分类", max_length=40, blank=True)
    genre = models.CharField("体裁", max_length=40, blank=True)
    category = models.CharField("公开类别", max_length=40, blank=True)
    validity = models.CharField("有效性", max_length=20, blank=True)
    indexed_at = models.DateTimeField("索引时间", auto_now=True)

    class Meta:
        verbose_name = "检索条目"
        verbose_name_plural = "检索条目"
        indexes = [models.Index(fields=["-published_on", "-disclosure"], name="search_entry_newest")]

    def __str__(self) -> str:
        return f"{self.disclosure_id} @ {self.published_on}"


class SearchTombstone(models.Model):
    """SQLite only: an FTS5 rowid that no longer counts (withdrawn or re-indexed).

    Contentless FTS5 tables on SQLite < 3.43 can delete a row only by repeating its exact tokens; a
    tombstone instead hides it at once, and ``gongkai reindex`` drops it for good.
    """

    fts_rowid = models.BigIntegerField(primary_key=True)

    class Meta:
        verbose_name = "检索删除标记"
        verbose_name_plural = "检索删除标记"

    def __str__(self) -> str:
        return str(self.fts_rowid)
