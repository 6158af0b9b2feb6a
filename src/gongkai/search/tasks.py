"""Background work of the search index (``django.tasks``, the backend of ``TASKS_BACKEND``: run by
``gongkai worker``; at once in the tests)."""

from django.tasks import task

from . import services


@task()
def index_update_task(disclosure_id: int) -> bool:
    changed = services.index_update(disclosure_id=disclosure_id)
    services.index_mark_current(disclosure_id=disclosure_id)
    return changed
