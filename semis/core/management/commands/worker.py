import logging
import os
import socket
import threading

from django.db import close_old_connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from semis.core.models import WorkerHeartbeat
from semis.core.scheduler import PeriodicScheduler

HEARTBEAT_SECONDS = 15
logger = logging.getLogger(__name__)


class Command(DbWorkerCommand):
    help = (
        "Runs the background worker (django-tasks database backend), writes its heartbeat for /healthz "
        "and enqueues the periodic tasks of settings.PERIODIC_TASKS."
    )

    def handle(self, *args, **options):
        worker_id = options.get("worker_id") or f"{socket.gethostname()}-{os.getpid()}"
        options["worker_id"] = worker_id[:64]
        stop = threading.Event()
        beat = threading.Thread(target=self._beat, args=(options["worker_id"], stop), daemon=True)
        beat.start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()

    @staticmethod
    def _beat(worker_id: str, stop: threading.Event) -> None:
        scheduler = PeriodicScheduler()
        while not stop.is_set():
            try:
                WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"last_seen": timezone.now()})
                scheduler.tick(timezone.now())
            except Exception:
                logger.warning("Worker heartbeat or periodic tasks not written", exc_info=True)
            finally:
                close_old_connections()
            stop.wait(HEARTBEAT_SECONDS)
