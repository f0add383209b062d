"""Background work of the projects: each task calls a service."""

from django.utils import timezone
from django_tasks import task

from semis.projects import services


@task()
def send_delivery_reminders() -> int:
    """Enqueued periodically by the worker (settings.PERIODIC_TASKS); safe to run any number of times."""
    return services.delivery_send_reminders(now=timezone.now())


@task()
def rescore_projects() -> int:
    """Enqueued periodically: scores also read data other apps change (hours attended in the training
    cascade, the sheets of a sequence, a programme's evidence level), and a new rule set rescores all."""
    return services.projects_rescore()
