"""The worker beside the web server (``cchc worker``): the background tasks queued in the database (Django's
tasks framework with django-tasks-db: web imports) and the schedules (``cchc.notices.schedules``).

A task survives the web process that queued it: it waits in the database until a worker takes it. A worker
killed in the middle of a task leaves it "running"; the next worker started on the same machine finds that its
process is gone and queues it again. That is safe for cchc's tasks: an import writes in one transaction (a
killed one wrote nothing) and does not run again once it ended.
"""

import os
import socket
from collections.abc import Callable

from django.tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

BACKEND = "default"


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def requeue_interrupted() -> int:
    """Queue again the tasks left running by a worker of this machine whose process is gone; how many."""
    host = socket.gethostname()
    gone = []
    for pk, worker_ids in DBTaskResult.objects.running().values_list("pk", "worker_ids"):
        name, _, pid = (worker_ids[-1] if worker_ids else "").rpartition(":")
        if name == host and pid.isdigit() and not _alive(int(pid)):
            gone.append(pk)
    if not gone:
        return 0
    return DBTaskResult.objects.filter(pk__in=gone, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY, started_at=None
    )


def run_queued(*, stopping: Callable[[], bool] = lambda: False) -> int:
    """Run the queued tasks one at a time until none is ready (or ``stopping``); how many ran."""
    ran = 0
    while not stopping() and DBTaskResult.objects.ready().filter(backend_name=BACKEND).exists():
        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name=BACKEND,
            startup_delay=False,
            max_tasks=1,
            worker_id=worker_id(),
            excluded_queue_names=[],
        ).run()
        ran += 1
    return ran
