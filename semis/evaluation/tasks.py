"""Background work of the evaluation app: each task calls a service."""

from django.utils import timezone
from django_tasks import task

from semis.evaluation import services


@task()
def expire_pupil_data() -> int:
    """Enqueued periodically by the worker (settings.PERIODIC_TASKS); safe to run any number of times."""
    return services.campaigns_expire(today=timezone.localdate())
