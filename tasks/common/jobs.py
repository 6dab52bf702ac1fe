"""Enqueue a Celery job by its registered name.

Services enqueue the jobs that call back into them; importing the job module from the service would be an
import cycle (jobs → services → jobs). The name is the contract instead: every job is declared with an explicit
``name=`` that never changes (beat rows and queued messages refer to it), and the app configs import the job
modules in ``ready()`` so the registry knows them in every process, eager (``make run``, tests) or not.
"""

from celery import current_app
from django.db import InterfaceError, OperationalError

# Options every database-bound job shares: redelivered when its worker dies (``acks_late`` with
# ``task_reject_on_worker_lost`` in settings), retried with back-off while the database is unreachable.
JOB_RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "max_retries": 5,
    "retry_backoff": 5,  # seconds: 5, 10, 20 … (with jitter)
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "ignore_result": True,
}


def job_enqueue(name: str, /, **kwargs) -> None:
    """Send job ``name`` with keyword arguments ``kwargs`` (run in-process in eager mode).

    Raises ``KeyError`` for an unknown name and the broker's connection errors when it cannot be reached.
    """
    current_app.tasks[name].delay(**kwargs)
