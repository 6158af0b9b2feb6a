"""Background work of the search index (``django.tasks``: immediate in the embedded profile, a worker
in production)."""

from django.tasks import task

from . import services


@task()
def index_update_task(disclosure_id: int) -> bool:
    return services.index_update(disclosure_id=disclosure_id)
