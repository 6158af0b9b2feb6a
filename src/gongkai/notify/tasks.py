"""Background work of notifications: delivering one stored message (run by ``gongkai worker``)."""

from django.tasks import task

from . import services


@task()
def message_deliver_task(message_id: int) -> str | None:
    """Deliver one stored message (see :func:`gongkai.notify.services.deliver`: claimed, so it is sent
    once however many workers run it). Returns its status afterwards, or None if there was nothing to do."""
    message = services.deliver(message_id)
    return None if message is None else message.status
