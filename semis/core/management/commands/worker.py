import logging
import os
import socket
import threading

from django.db import close_old_connections, connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from semis.core.models import WorkerHeartbeat

HEARTBEAT_SECONDS = 15
logger = logging.getLogger(__name__)


class Command(DbWorkerCommand):
    help = "Runs the background worker (django-tasks database backend) and writes its heartbeat for /healthz."

    def handle(self, *args, **options):
        worker_id = options.get("worker_id") or f"{socket.gethostname()}-{os.getpid()}"
        options["worker_id"] = worker_id[:64]
        # The first beat is written before any task is claimed, from this thread: /healthz sees the
        # worker at once, and a short `--batch` run never has two threads writing at the same moment
        # (an in-memory SQLite database, as in the tests, raises "table is locked" instead of waiting).
        self._write_heartbeat(options["worker_id"])
        stop = threading.Event()
        beat = threading.Thread(target=self._beat, args=(options["worker_id"], stop), daemon=True)
        beat.start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
            beat.join()

    @classmethod
    def _beat(cls, worker_id: str, stop: threading.Event) -> None:
        try:
            while not stop.wait(HEARTBEAT_SECONDS):
                cls._write_heartbeat(worker_id)
                close_old_connections()
        finally:
            connections.close_all()  # this thread's own connections

    @staticmethod
    def _write_heartbeat(worker_id: str) -> None:
        try:
            WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"last_seen": timezone.now()})
        except Exception:
            logger.warning("Worker heartbeat not written", exc_info=True)
