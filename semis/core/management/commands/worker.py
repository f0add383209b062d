import logging
import threading
from datetime import timedelta

from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from semis.core.models import WorkerHeartbeat
from semis.core.scheduler import PeriodicScheduler

HEARTBEAT_SECONDS = 15
# Rows of workers gone for this long are pruned at start-up (each worker process writes its own row).
HEARTBEAT_KEPT = timedelta(days=1)
logger = logging.getLogger(__name__)


def heartbeat_write(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"last_seen": timezone.now()})


class Command(DbWorkerCommand):
    help = (
        "Runs the background worker (django-tasks database backend), writes its heartbeat for /healthz "
        "and enqueues the periodic tasks of settings.PERIODIC_TASKS."
    )

    def handle(self, *args, **options):
        worker_id = options["worker_id"]
        # One beat before the first task, so that even a short --batch run is seen by /healthz.
        WorkerHeartbeat.objects.filter(last_seen__lt=timezone.now() - HEARTBEAT_KEPT).delete()
        heartbeat_write(worker_id)
        stop = threading.Event()
        beat = threading.Thread(target=self._beat, args=(worker_id, stop), daemon=True)
        beat.start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
            beat.join()

    @staticmethod
    def _beat(worker_id: str, stop: threading.Event) -> None:
        """Beats on its own connection while tasks run, so a long task does not look like a dead worker;
        each beat also enqueues the periodic tasks that are due."""
        scheduler = PeriodicScheduler()
        try:
            while not stop.wait(HEARTBEAT_SECONDS):
                try:
                    heartbeat_write(worker_id)
                    scheduler.tick(timezone.now())
                except Exception:
                    logger.warning("Worker heartbeat or periodic tasks not written", exc_info=True)
                finally:
                    # Drops a broken or aged connection, as Django does between requests.
                    close_old_connections()
        finally:
            connection.close()
