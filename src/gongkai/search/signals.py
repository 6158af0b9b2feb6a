"""How the index hears about changes to the register, without the register knowing about search.

* A disclosure saved while published (publication, or any later change): index it with a background
  task once the transaction commits (the task re-reads the row, so a stale or repeated task is harmless).
* A disclosure saved in any other state (withdrawn, reopened…): take it out of the index at once, in the
  same transaction — a withdrawn item is gone from results the moment the withdrawal commits.
* An attachment added or removed on a published disclosure: re-index it.
* After ``flush`` (tests) the entry table is empty: the FTS5 tables, which Django does not know about,
  are emptied to match.
"""

from django.apps import apps
from django.db import connection
from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete

from gongkai.disclosures.models import Attachment, Disclosure
from gongkai.disclosures.taxonomy import Status


def _schedule(disclosure_id: int) -> None:
    from gongkai.core.tasks import enqueue_on_commit

    from .tasks import index_update_task

    # An enqueue that fails is only logged: the item's entry stays older than the item, and the
    # worker's sweep (services.index_catch_up) indexes it.
    enqueue_on_commit(index_update_task, disclosure_id)


def disclosure_saved(sender, instance: Disclosure, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    if instance.status == Status.PUBLISHED:
        _schedule(instance.pk)
    else:
        from .services import index_remove

        index_remove(disclosure_id=instance.pk)


def disclosure_deleted(sender, instance: Disclosure, **kwargs) -> None:
    from .services import index_remove

    index_remove(disclosure_id=instance.pk)


def attachment_changed(sender, instance: Attachment, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    status = Disclosure.objects.filter(pk=instance.disclosure_id).values_list("status", flat=True).first()
    if status == Status.PUBLISHED:
        _schedule(instance.disclosure_id)


def reconcile(sender, using: str = "default", **kwargs) -> None:
    from .models import SearchEntry, SearchTombstone

    if connection.vendor != "sqlite":
        return
    tables = set(connection.introspection.table_names())
    if SearchEntry._meta.db_table not in tables or SearchEntry.objects.using(using).exists():
        return
    with connection.cursor() as cursor:
        for table in ("search_words", "search_grams"):
            if table in tables:
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")  # noqa: S608
    SearchTombstone.objects.using(using).all().delete()


def connect() -> None:
    post_save.connect(disclosure_saved, sender=Disclosure, dispatch_uid="search.disclosure_saved")
    pre_delete.connect(disclosure_deleted, sender=Disclosure, dispatch_uid="search.disclosure_deleted")
    post_save.connect(attachment_changed, sender=Attachment, dispatch_uid="search.attachment_saved")
    post_delete.connect(attachment_changed, sender=Attachment, dispatch_uid="search.attachment_deleted")
    post_migrate.connect(reconcile, sender=apps.get_app_config("search"), dispatch_uid="search.reconcile")
