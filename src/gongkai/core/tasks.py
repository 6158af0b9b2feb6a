"""Handing work to the background worker (Django's Tasks API, the backend chosen by ``TASKS_BACKEND``).

Every slow or outside call (an SMS gateway, a mail server, the search index, a PDF) runs in a task, never
in the web request. A task is enqueued only once the change it is about has committed, so the worker
always sees that change; and an enqueue that fails (Redis down with the ``rq`` backend, a locked
database) never fails the change: the work stays recorded in the database and the caller's sweeper,
which ``gongkai worker`` and ``gongkai daily`` run, picks it up later.
"""

import logging
from collections.abc import Callable
from functools import partial

from django.db import transaction
from django.tasks import Task

logger = logging.getLogger(__name__)


def enqueue_now(task: Task, *args, on_failure: Callable[[], None] | None = None) -> bool:
    """Enqueue ``task(*args)``; return whether it was enqueued. Never raises: a failure is logged as a
    warning, then ``on_failure`` runs (it should leave the work where the sweeper finds it)."""
    try:
        task.enqueue(*args)
    except Exception as exc:
        logger.warning("tasks: could not enqueue %s%r (%s: %s); the sweeper will do it later",
                       task.module_path, args, type(exc).__name__, exc)
        if on_failure is not None:
            try:
                on_failure()
            except Exception:
                logger.exception("tasks: recording that %s%r was not enqueued failed", task.module_path, args)
        return False
    return True


def enqueue_on_commit(task: Task, *args, on_failure: Callable[[], None] | None = None) -> None:
    """Enqueue ``task(*args)`` once the current transaction commits (at once outside a transaction);
    nothing if it rolls back. See :func:`enqueue_now` for failures."""
    transaction.on_commit(partial(enqueue_now, task, *args, on_failure=on_failure), robust=True)
