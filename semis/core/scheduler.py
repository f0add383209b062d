"""Periodic jobs: the worker enqueues each task of settings.PERIODIC_TASKS once per period.

Kept in the worker's memory on purpose: every periodic task must be idempotent (safe to run
twice), so a restart, or two workers each enqueuing it, only costs a run that finds nothing to do.
"""

import datetime
import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class PeriodicScheduler:
    def __init__(self, jobs: dict[str, datetime.timedelta] | None = None):
        self.jobs = dict(settings.PERIODIC_TASKS if jobs is None else jobs)
        self.last_enqueued: dict[str, datetime.datetime] = {}

    def tick(self, now: datetime.datetime) -> list[str]:
        """Enqueue the jobs whose period has passed since they were last enqueued (all of them on the
        first tick); returns their paths."""
        due = [
            path
            for path, period in self.jobs.items()
            if path not in self.last_enqueued or now - self.last_enqueued[path] >= period
        ]
        for path in due:
            import_string(path).enqueue()
            self.last_enqueued[path] = now
            logger.info("Periodic task %s enqueued", path)
        return due
