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
from django.tasks import Task, task_backends

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


def backend_kind() -> str:
    """``database``, ``rq`` or ``immediate``: the kind of the configured tasks backend."""
    module = type(task_backends["default"]).__module__
    if module.startswith("django_tasks_db"):
        return "database"
    if module.startswith("django_tasks_rq"):
        return "rq"
    return "immediate"


def enqueue_with_change(task: Task, *args, on_failure: Callable[[], None] | None = None) -> None:
    """Enqueue ``task(*args)`` so that it exists exactly when the current change does: with the database
    backend its row is written in the change's own transaction (a savepoint, so a failure leaves that
    transaction usable); with the immediate backend it runs now, inside it; with a queue outside the
    database (``rq``) it is enqueued once the change commits. For work on rows of the change itself whose
    task must not be lost (a document to render); ``on_failure`` as in :func:`enqueue_now`."""
    if backend_kind() == "rq":
        enqueue_on_commit(task, *args, on_failure=on_failure)
        return
    with transaction.atomic():
        enqueued = enqueue_now(task, *args)
    if not enqueued and on_failure is not None:
        on_failure()
